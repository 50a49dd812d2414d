package keyring

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	gokeyring "github.com/zalando/go-keyring"
)

// memory is a platform store in memory that, like Windows Credential
// Manager, refuses a value over 2,560 bytes.
type memory struct {
	mu    sync.Mutex
	items map[string]string
}

const credentialManagerLimit = 2560

func (m *memory) key(s, u string) string { return s + "\x00" + u }

func (m *memory) Get(s, u string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.items[m.key(s, u)]
	if !ok {
		return "", gokeyring.ErrNotFound
	}
	return v, nil
}

func (m *memory) Set(s, u, p string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(p) > credentialManagerLimit {
		return gokeyring.ErrSetDataTooBig
	}
	if m.items == nil {
		m.items = map[string]string{}
	}
	m.items[m.key(s, u)] = p
	return nil
}

func (m *memory) Delete(s, u string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.items[m.key(s, u)]; !ok {
		return gokeyring.ErrNotFound
	}
	delete(m.items, m.key(s, u))
	return nil
}

func (m *memory) len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.items)
}

// windowsLike is a Keyring over memory, with Windows' limit.
func windowsLike() (*Keyring, *memory) {
	m := &memory{}
	return &Keyring{Service: "zoomconn-test", Timeout: 5 * time.Second, backend: m, whole: chunkSize}, m
}

func bigToken(n int) string {
	var b strings.Builder
	for b.Len() < n {
		fmt.Fprintf(&b, "eyJ%d.", b.Len())
	}
	return b.String()
}

// TestKeyringChunksWhatTheStoreWouldRefuse is the chunking against a store
// that refuses what Windows refuses, on every platform and without D-Bus:
// a 6 KB token is stored in parts the store takes, read back whole, and no
// part is left behind by a replace or a delete.
func TestKeyringChunksWhatTheStoreWouldRefuse(t *testing.T) {
	k, m := windowsLike()
	ctx := context.Background()
	big := bigToken(6 << 10)
	if err := (&Keyring{Service: "x", backend: m, whole: 1 << 20}).Set(ctx, "a", NewSecret(big)); err == nil {
		t.Fatal("the stand-in store took 6 KB in one item: it does not stand in for Credential Manager")
	}
	if err := k.Set(ctx, "signin/s1/token", NewSecret(big)); err != nil {
		t.Fatal(err)
	}
	if got, err := k.Get(ctx, "signin/s1/token"); err != nil || got.Reveal() != big {
		t.Fatalf("6 KB read back as %d bytes, %v", len(got.Reveal()), err)
	}
	if n := m.len(); n != 5 {
		t.Errorf("%d items, want a header and 4 parts", n)
	}
	if err := k.Set(ctx, "signin/s1/token", NewSecret("small")); err != nil {
		t.Fatal(err)
	}
	if got, _ := k.Get(ctx, "signin/s1/token"); got.Reveal() != "small" || m.len() != 1 {
		t.Errorf("after replacing with a small value: %q, %d items (want 1)", got.Reveal(), m.len())
	}
	if err := k.Set(ctx, "signin/s1/token", NewSecret(big+big)); err != nil {
		t.Fatal(err)
	}
	if err := k.Delete(ctx, "signin/s1/token"); err != nil {
		t.Fatal(err)
	}
	if m.len() != 0 {
		t.Errorf("%d items left after Delete", m.len())
	}
}

// TestKeyringReadsTheChunkFormat: the parts as every version has written
// them (a header "zoomconn-chunked:v1:<generation>:<count>", the parts
// under "<account>#<generation>.<i>") read back, so that secrets saved by
// an earlier version still work; a value that only looks like a header is
// kept as it is; a missing part is an error that says so.
func TestKeyringReadsTheChunkFormat(t *testing.T) {
	k, m := windowsLike()
	ctx := context.Background()
	for u, v := range map[string]string{
		"signin/old/token":             "zoomconn-chunked:v1:0a1b2c3d:3",
		"signin/old/token#0a1b2c3d.1":  "eyJhbGciOi",
		"signin/old/token#0a1b2c3d.2":  "JIUzI1NiJ9.",
		"signin/old/token#0a1b2c3d.3":  "payload",
		"signin/torn/token":            "zoomconn-chunked:v1:ffff0000:2",
		"signin/torn/token#ffff0000.1": "half",
	} {
		m.Set(k.Service, u, v)
	}
	if got, err := k.Get(ctx, "signin/old/token"); err != nil || got.Reveal() != "eyJhbGciOiJIUzI1NiJ9.payload" {
		t.Errorf("an earlier version's chunks read back as %q, %v", got.Reveal(), err)
	}
	_, err := k.Get(ctx, "signin/torn/token")
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "part 2 of 2 of signin/torn/token is missing") {
		t.Errorf("a missing part: %v", err)
	}
	lookalike := "zoomconn-chunked:v1:12345678:1"
	if err := k.Set(ctx, "odd", NewSecret(lookalike)); err != nil {
		t.Fatal(err)
	}
	if got, err := k.Get(ctx, "odd"); err != nil || got.Reveal() != lookalike {
		t.Errorf("a value that looks like a header read back as %q, %v", got.Reveal(), err)
	}
}

type blockingBackend struct{ release chan struct{} }

func (b blockingBackend) Get(s, u string) (string, error) { <-b.release; return "", nil }
func (b blockingBackend) Set(s, u, p string) error        { <-b.release; return nil }
func (b blockingBackend) Delete(s, u string) error        { <-b.release; return nil }

// TestKeyringTimeout stands in for a keyring whose unlock prompt nobody
// answers: the call must come back with a clear message, not hang.
func TestKeyringTimeout(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	k := &Keyring{Service: "zoomconn-test", Timeout: 50 * time.Millisecond, backend: blockingBackend{release}}
	_, err := k.Get(context.Background(), "connection/x/token")
	var ke *Error
	if !errors.As(err, &ke) || ke.Timeout == 0 || !IsUnavailable(err) {
		t.Fatalf("got %v, want a timeout *Error", err)
	}
	if ke.Op != "read" || ke.Timeout != 50*time.Millisecond || !strings.Contains(err.Error(), "no answer within 50ms") {
		t.Errorf("error %q", err)
	}
}

// A caller that gives up (its context ends) gets its own error back at
// once, not the keyring's.
func TestKeyringCallerCancels(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	k := &Keyring{Service: "zoomconn-test", Timeout: time.Minute, backend: blockingBackend{release}}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := k.Set(ctx, "connection/x/token", NewSecret("v")); !errors.Is(err, context.DeadlineExceeded) || IsUnavailable(err) {
		t.Errorf("got %v, want the caller's deadline", err)
	}
}
