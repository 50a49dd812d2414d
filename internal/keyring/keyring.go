// Package keyring keeps secrets in the operating system's password store
// (the Secret Service on Linux, Windows Credential Manager, the macOS
// Keychain) through go-keyring: every call bounded by a timeout, because
// an unlock prompt can block for as long as nobody answers it; values too
// large for Windows stored in chunks; and, on Linux, reads that take a
// shorter way over the session bus (secretservice_linux.go).
package keyring

import (
	"context"
	"errors"
	"strings"
	"time"

	gokeyring "github.com/zalando/go-keyring"
)

// DefaultService is the service name every secret is stored under.
const DefaultService = "zoomconn"

// ServiceEnv names the environment variable that chooses another service
// name (the tests and benchmarks use their own).
const ServiceEnv = "ZOOMCONN_KEYRING_SERVICE"

// DefaultTimeout bounds each keyring call: an unlock prompt can block a
// call for as long as nobody answers it.
const DefaultTimeout = 30 * time.Second

// ErrNotFound is returned when the keyring holds no such secret.
var ErrNotFound = errors.New("the secret is not in the password store")

// Store keeps secrets by account name, for example
// "iclient/<id>/client-secret" or "signin/<id>/token".
type Store interface {
	Get(ctx context.Context, account string) (Secret, error)
	Set(ctx context.Context, account string, value Secret) error
	Delete(ctx context.Context, account string) error
}

// backend is go-keyring's shape: the platform's store, one item a call.
type backend interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

// Keyring is a Store in the operating system's keyring, under one service
// name.
type Keyring struct {
	Service string
	Timeout time.Duration // 0: DefaultTimeout
	backend backend       // nil: the platform's
	// whole is the largest value stored as one item; larger ones go in
	// chunks. 0 means the platform's (wholeLimit).
	whole int
}

// New returns the OS keyring under service.
func New(service string) *Keyring {
	return &Keyring{Service: service, Timeout: DefaultTimeout}
}

// ServiceOf is the service name the secrets of s are stored under, or ""
// when s is not the operating system's keyring.
func ServiceOf(s Store) string {
	if k, ok := s.(*Keyring); ok {
		return k.Service
	}
	return ""
}

// call runs f off the caller's goroutine, bounded by the timeout and ctx. A
// call that times out is abandoned; go-keyring offers no way to cancel it.
func (k *Keyring) call(ctx context.Context, op string, f func() error) error {
	timeout := k.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
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
		case errors.Is(err, gokeyring.ErrNotFound):
			return ErrNotFound
		}
		return &Error{Op: op, Err: err}
	case <-t.C:
		return &Error{Op: op, Timeout: timeout, Err: context.DeadlineExceeded}
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (k *Keyring) be() backend {
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

// get, set and del are one item each, as stored.
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
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// Get returns the secret stored under account, reassembling chunks.
func (k *Keyring) Get(ctx context.Context, account string) (Secret, error) {
	v, err := k.get(ctx, account)
	if err != nil {
		return Secret{}, err
	}
	h, chunked := parseHeader(v)
	if !chunked {
		return NewSecret(v), nil
	}
	whole, err := k.getChunks(ctx, account, h)
	if err != nil {
		return Secret{}, err
	}
	return NewSecret(whole), nil
}

// Set stores value under account. A value over the platform's limit (2,000
// bytes on Windows and macOS) is stored in chunks under a fresh generation
// name; the header that points at them is written last, so a crash leaves
// either the old value or the new one. Get reads both forms everywhere.
func (k *Keyring) Set(ctx context.Context, account string, value Secret) error {
	old, err := k.get(ctx, account)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	oldHeader, oldChunked := parseHeader(old)
	v := value.Reveal()
	if len(v) <= k.wholeLimit() && !strings.HasPrefix(v, chunkPrefix) {
		err = k.set(ctx, account, v)
	} else {
		err = k.setChunks(ctx, account, v)
	}
	if err != nil {
		return err
	}
	if oldChunked {
		k.deleteChunks(ctx, account, oldHeader)
	}
	return nil
}

// Delete removes the secret under account and all its chunks. A secret that
// is not there is not an error.
func (k *Keyring) Delete(ctx context.Context, account string) error {
	old, err := k.get(ctx, account)
	if errors.Is(err, ErrNotFound) {
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
