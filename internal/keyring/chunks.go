package keyring

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// chunkSize keeps every stored value under Windows Credential Manager's limit
// of 2,560 bytes a credential (and the macOS security tool's, about 3 KB).
const chunkSize = 2000

// A chunked value is stored as a header under its account,
// "zoomconn-chunked:v1:<generation>:<count>", and its parts under
// "<account>#<generation>.<i>", i from 1. Versions since the first wrote
// this format: it must keep reading.
const chunkPrefix = "zoomconn-chunked:v1:"

type chunkHeader struct {
	gen string
	n   int
}

func (h chunkHeader) String() string { return fmt.Sprintf("%s%s:%d", chunkPrefix, h.gen, h.n) }

func parseHeader(v string) (chunkHeader, bool) {
	rest, ok := strings.CutPrefix(v, chunkPrefix)
	if !ok {
		return chunkHeader{}, false
	}
	gen, n, ok := strings.Cut(rest, ":")
	count, err := strconv.Atoi(n)
	if !ok || err != nil || count < 1 || count > 1000 || gen == "" {
		return chunkHeader{}, false
	}
	return chunkHeader{gen: gen, n: count}, true
}

func chunkAccount(account string, h chunkHeader, i int) string {
	return fmt.Sprintf("%s#%s.%d", account, h.gen, i)
}

func (k *Keyring) getChunks(ctx context.Context, account string, h chunkHeader) (string, error) {
	var b strings.Builder
	for i := 1; i <= h.n; i++ {
		part, err := k.get(ctx, chunkAccount(account, h, i))
		if errors.Is(err, ErrNotFound) {
			return "", fmt.Errorf("part %d of %d of %s is missing from the password store: %w", i, h.n, account, ErrNotFound)
		}
		if err != nil {
			return "", err
		}
		b.WriteString(part)
	}
	return b.String(), nil
}

// setChunks writes v's parts under a new generation, then the header.
func (k *Keyring) setChunks(ctx context.Context, account, v string) error {
	h := chunkHeader{gen: newGen(), n: (len(v) + chunkSize - 1) / chunkSize}
	for i := 1; i <= h.n; i++ {
		part := v[(i-1)*chunkSize : min(i*chunkSize, len(v))]
		if err := k.set(ctx, chunkAccount(account, h, i), part); err != nil {
			return err
		}
	}
	return k.set(ctx, account, h.String())
}

func (k *Keyring) deleteChunks(ctx context.Context, account string, h chunkHeader) error {
	var first error
	for i := 1; i <= h.n; i++ {
		if err := k.del(ctx, chunkAccount(account, h, i)); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func newGen() string {
	b := make([]byte, 4)
	rand.Read(b)
	return hex.EncodeToString(b)
}
