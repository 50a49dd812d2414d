// Package secretstest has password stores for tests that are not about the
// keyring itself: one in memory, one in a folder that a test's other
// processes share, and one that is never available. Only the keyring's own
// tests and the end-to-end tests use the real one (see keyringtest).
package secretstest

import (
	"context"
	"errors"
	"sort"
	"sync"

	"zoomconn/internal/keyring"
)

// Secrets is a password store in memory; its zero value is empty and ready.
// It is safe for concurrent use.
type Secrets struct {
	mu sync.Mutex
	m  map[string]keyring.Secret
}

var _ keyring.Store = (*Secrets)(nil)

// New returns an empty store.
func New() *Secrets { return &Secrets{} }

// Get returns the secret under account, or keyring.ErrNotFound.
func (s *Secrets) Get(_ context.Context, account string) (keyring.Secret, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[account]
	if !ok {
		return keyring.Secret{}, keyring.ErrNotFound
	}
	return v, nil
}

// Set stores value under account.
func (s *Secrets) Set(_ context.Context, account string, value keyring.Secret) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]keyring.Secret{}
	}
	s.m[account] = value
	return nil
}

// Delete removes account; a missing one is not an error.
func (s *Secrets) Delete(_ context.Context, account string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, account)
	return nil
}

// Accounts lists the accounts that hold a secret, sorted.
func (s *Secrets) Accounts() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.m))
	for k := range s.m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ErrNoSecretService is what go-keyring reports on a Linux desktop without
// a Secret Service.
var ErrNoSecretService = errors.New("The name org.freedesktop.secrets was not provided by any .service files")

// Unavailable is a machine without a usable password store: every call
// fails with a *keyring.Error.
type Unavailable struct{}

var _ keyring.Store = Unavailable{}

// Get fails.
func (Unavailable) Get(context.Context, string) (keyring.Secret, error) {
	return keyring.Secret{}, &keyring.Error{Op: "read", Err: ErrNoSecretService}
}

// Set fails.
func (Unavailable) Set(context.Context, string, keyring.Secret) error {
	return &keyring.Error{Op: "save", Err: ErrNoSecretService}
}

// Delete fails.
func (Unavailable) Delete(context.Context, string) error {
	return &keyring.Error{Op: "delete", Err: ErrNoSecretService}
}
