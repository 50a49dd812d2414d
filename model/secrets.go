package model

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/zalando/go-keyring"
)

// KeyringService is the service name every secret is stored under.
const KeyringService = "zoomconn"

// KeyringServiceEnv names the environment variable that chooses another
// service name (the tests and benchmarks use their own).
const KeyringServiceEnv = "ZOOMCONN_KEYRING_SERVICE"

// DefaultKeyringTimeout bounds each keyring call: an unlock prompt can block
// a call for as long as nobody answers it.
const DefaultKeyringTimeout = 30 * time.Second

// chunkSize keeps every stored value under Windows Credential Manager's limit
// of 2,560 bytes a credential (and the macOS security tool's, about 3 KB).
const chunkSize = 2000

const chunkPrefix = "zoomconn-chunked:v1:"

// ErrSecretNotFound is returned when the keyring holds no such secret.
var ErrSecretNotFound = errors.New("the secret is not in the password store")

// Secrets stores secrets by account name, for example
// "iclient/<id>/client-secret" or "connection/<id>/token".
type Secrets interface {
	Get(ctx context.Context, account string) (Secret, error)
	Set(ctx context.Context, account string, value Secret) error
	Delete(ctx context.Context, account string) error
}

// Account names of the secrets the app stores.
func ClientSecretAccount(iclientID string) string { return "iclient/" + iclientID + "/client-secret" }

// TokenAccount is where schema 1 kept a connection's OAuth 2.0 token;
// the upgrade moves it to its sign-in (SignInTokenAccount).
func TokenAccount(connID string) string { return "connection/" + connID + "/token" }

// SignInTokenAccount is where a sign-in's OAuth 2.0 token is stored.
func SignInTokenAccount(signInID string) string { return "signin/" + signInID + "/token" }

// S2STokenAccount is where a Server-to-Server connection's current token
// is stored, so that scripts reuse it until it is near its end.
func S2STokenAccount(connID string) string { return "connection/" + connID + "/s2s-token" }

// JWTSecretAccount is where a JWT connection's API Secret is stored.
func JWTSecretAccount(connID string) string { return "connection/" + connID + "/jwt-secret" }

// KeyringError says the password store could not be used, and what to do.
type KeyringError struct {
	Op      string // "read", "save", "delete"
	Timeout time.Duration
	Err     error
}

func (e *KeyringError) Error() string {
	if e.Timeout > 0 {
		return fmt.Sprintf("Your system's password store did not answer within %s. It may be locked and waiting for you to unlock it: look for an unlock prompt, then try again.", e.Timeout)
	}
	return fmt.Sprintf("Your system's password store is not available (%v). %s", e.Err, keyringAdvice())
}

func (e *KeyringError) Unwrap() error { return e.Err }

// Advice is the next step, without the technical detail.
func (e *KeyringError) Advice() string {
	if e.Timeout > 0 {
		return "Unlock your password store, then try again."
	}
	return keyringAdvice()
}

func keyringAdvice() string {
	switch runtime.GOOS {
	case "windows":
		return "Zoom Connections keeps secrets in Windows Credential Manager: make sure the Credential Manager service is running."
	case "darwin":
		return "Zoom Connections keeps secrets in the macOS Keychain: unlock your login keychain."
	}
	return "Zoom Connections keeps secrets only in the Secret Service: install gnome-keyring (or KeePassXC with Secret Service enabled), and unlock it by signing in to your desktop."
}

// IsKeyringUnavailable reports whether err means the keyring could not be used.
func IsKeyringUnavailable(err error) bool {
	var ke *KeyringError
	return errors.As(err, &ke)
}

type keyringBackend interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

// Keyring is Secrets in the operating system's keyring (Secret Service,
// Windows Credential Manager, macOS Keychain), through go-keyring; on
// Linux, reads take a shorter way (see secretservice_linux.go).
type Keyring struct {
	Service string
	Timeout time.Duration
	backend keyringBackend
	// whole is the largest value stored as one item; larger ones go in
	// chunks. 0 means the platform's (wholeLimit).
	whole int
}

// NewKeyring returns the OS keyring under KeyringService.
func NewKeyring() *Keyring {
	return &Keyring{Service: KeyringService, Timeout: DefaultKeyringTimeout}
}

// call runs f off the caller's goroutine, bounded by the timeout and ctx. A
// call that times out is abandoned; go-keyring offers no way to cancel it.
func (k *Keyring) call(ctx context.Context, op string, f func() error) error {
	timeout := k.Timeout
	if timeout <= 0 {
		timeout = DefaultKeyringTimeout
	}
	done := make(chan error, 1)
	go func() { done <- f() }()

	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case err := <-done:
		switch {
		case err == nil:
			return nil
		case errors.Is(err, keyring.ErrNotFound):
			return ErrSecretNotFound
		}
		return &KeyringError{Op: op, Err: err}
	case <-t.C:
		return &KeyringError{Op: op, Timeout: timeout, Err: context.DeadlineExceeded}
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (k *Keyring) be() keyringBackend {
	if k.backend == nil {
		return platformBackend
	}
	return k.backend
}

func (k *Keyring) wholeLimit() int {
	if k.whole > 0 {
		return k.whole
	}
	return wholeLimit
}

func (k *Keyring) get(ctx context.Context, account string) (string, error) {
	var v string
	err := k.call(ctx, "read", func() (err error) {
		v, err = k.be().Get(k.Service, account)
		return err
	})
	return v, err
}

func (k *Keyring) set(ctx context.Context, account, v string) error {
	return k.call(ctx, "save", func() error { return k.be().Set(k.Service, account, v) })
}

func (k *Keyring) del(ctx context.Context, account string) error {
	err := k.call(ctx, "delete", func() error { return k.be().Delete(k.Service, account) })
	if errors.Is(err, ErrSecretNotFound) {
		return nil
	}
	return err
}

type chunkHeader struct {
	gen string
	n   int
}

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

// Get returns the secret stored under account, reassembling chunks.
func (k *Keyring) Get(ctx context.Context, account string) (Secret, error) {
	v, err := k.get(ctx, account)
	if err != nil {
		return "", err
	}
	h, chunked := parseHeader(v)
	if !chunked {
		return Secret(v), nil
	}
	var b strings.Builder
	for i := 1; i <= h.n; i++ {
		part, err := k.get(ctx, chunkAccount(account, h, i))
		if errors.Is(err, ErrSecretNotFound) {
			return "", fmt.Errorf("part %d of %d of %s is missing from the password store: %w", i, h.n, account, ErrSecretNotFound)
		}
		if err != nil {
			return "", err
		}
		b.WriteString(part)
	}
	return Secret(b.String()), nil
}

// Set stores value under account. A value over the platform's limit (2,000
// bytes on Windows and macOS) is stored in chunks under a fresh generation
// name; the header that points at them is written last, so a crash leaves
// either the old value or the new one. Get reads both forms everywhere.
func (k *Keyring) Set(ctx context.Context, account string, value Secret) error {
	old, err := k.get(ctx, account)
	if err != nil && !errors.Is(err, ErrSecretNotFound) {
		return err
	}
	oldHeader, oldChunked := parseHeader(old)
	v := value.Reveal()
	if len(v) <= k.wholeLimit() && !strings.HasPrefix(v, chunkPrefix) {
		if err := k.set(ctx, account, v); err != nil {
			return err
		}
	} else {
		h := chunkHeader{gen: newGen(), n: (len(v) + chunkSize - 1) / chunkSize}
		for i := 1; i <= h.n; i++ {
			part := v[(i-1)*chunkSize : min(i*chunkSize, len(v))]
			if err := k.set(ctx, chunkAccount(account, h, i), part); err != nil {
				return err
			}
		}
		if err := k.set(ctx, account, fmt.Sprintf("%s%s:%d", chunkPrefix, h.gen, h.n)); err != nil {
			return err
		}
	}
	if oldChunked {
		k.deleteChunks(ctx, account, oldHeader)
	}
	return nil
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

// Delete removes the secret under account and all its chunks. A secret that
// is not there is not an error.
func (k *Keyring) Delete(ctx context.Context, account string) error {
	old, err := k.get(ctx, account)
	if errors.Is(err, ErrSecretNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := k.del(ctx, account); err != nil {
		return err
	}
	if h, ok := parseHeader(old); ok {
		return k.deleteChunks(ctx, account, h)
	}
	return nil
}

func newGen() string {
	b := make([]byte, 4)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// NewID returns a random identifier for a new entity.
func NewID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}
