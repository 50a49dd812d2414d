package model

import (
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"zoomconn/internal/words"

	"github.com/gofrs/flock"
)

// Service is the set of operations the window and the command line share,
// grouped by concern: each of the fields Setup … Files is one, and all of
// them work on the data folder, password store and clock above them.
// Every change is a read-modify-write of the document under a lock file, so
// the window and scripts running at the same time never undo each other.
type Service struct {
	Dir      string
	Store    *Store
	Secrets  Secrets
	Activity *ActivityLog
	Now      func() time.Time
	// HTTPClient makes every call to Zoom; nil means one with a 30 s timeout.
	HTTPClient *http.Client

	// Setup creates, edits and deletes iClients and connections.
	Setup *Setup
	// Consents asks for an admin's approval in the browser (Authorize,
	// Reconnect) and saves it in the approving user's sign-in.
	Consents *Consents
	// Tokens hands out access tokens and calls the Zoom API with them.
	Tokens *Tokens
	// Checks asks Zoom whether connections still work, and records it.
	Checks *Checks
	// Revocation signs out (at Zoom, or here only) and deletes
	// connections with their sign-in.
	Revocation *Revocation
	// Migration moves JWT connections to OAuth 2.0 or Server-to-Server
	// OAuth.
	Migration *Migration
	// Files reads and writes inventory files and the migration report.
	Files *Files

	signIns *signIns // the sign-ins and saved tokens the concerns share
	mu      sync.Mutex
	lock    *flock.Flock
}

// Open returns the service over the data folder dir and the given secrets.
func Open(dir string, secrets Secrets) (*Service, error) {
	st, err := OpenStore(dir)
	if err != nil {
		return nil, err
	}
	s := &Service{
		Dir:      dir,
		Store:    st,
		Secrets:  secrets,
		Activity: NewActivityLog(dir),
		Now:      func() time.Time { return time.Now().UTC().Truncate(time.Second) },
		lock:     flock.New(filepath.Join(dir, LockFile)),
	}
	s.signIns = &signIns{svc: s}
	s.Setup = &Setup{svc: s}
	s.Consents = &Consents{svc: s}
	s.Tokens = &Tokens{svc: s}
	s.Checks = &Checks{svc: s}
	s.Revocation = &Revocation{svc: s}
	s.Migration = &Migration{svc: s}
	s.Files = &Files{svc: s}
	return s, nil
}

// Load returns the current document. A document of an older schema is
// upgraded first (see upgradeV1), once, by whichever process reads it first.
func (s *Service) Load() (*Document, error) {
	doc, err := s.Store.Load()
	if err != nil || doc.Schema >= SchemaVersion {
		return doc, err
	}
	if err := s.update(func(*Document) error { return nil }); err != nil {
		return nil, err
	}
	return s.Store.Load()
}

// update runs fn on the freshly loaded (and if need be upgraded) document
// and saves it if fn succeeds.
func (s *Service) update(fn func(*Document) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.lock.Lock(); err != nil {
		return fmt.Errorf("lock the data folder: %w", err)
	}
	defer s.lock.Unlock()
	doc, err := s.Store.Load()
	if err != nil {
		return err
	}
	upgraded := func() {}
	if doc.Schema < SchemaVersion {
		if upgraded, err = s.upgradeV1(doc); err != nil {
			return err
		}
	}
	if err := fn(doc); err != nil {
		return err
	}
	if err := s.Store.Save(doc); err != nil {
		return err
	}
	upgraded()
	return nil
}

// record adds ev to the activity log; a failure there is only logged.
func (s *Service) record(ev Event) {
	if ev.Time.IsZero() {
		ev.Time = s.Now()
	}
	if err := s.Activity.Append(ev); err != nil {
		slog.Warn("activity log", "err", err)
	}
}

// connection loads the document and the connection id.
func (s *Service) connection(id string) (*Document, *Connection, error) {
	doc, err := s.Load()
	if err != nil {
		return nil, nil, err
	}
	c := doc.Connection(id)
	if c == nil {
		return nil, nil, &NotFoundError{What: "connection", Name: id}
	}
	return doc, c, nil
}

// KeyringService is the keyring service name the secrets are stored
// under, or "" when they are not in the operating system's keyring.
func (s *Service) KeyringService() string { return KeyringServiceOf(s.Secrets) }

// NotFoundError names what could not be found.
type NotFoundError struct{ What, Name string }

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("There is no %s named %q.", e.What, e.Name)
}

// InUseError refuses to delete an iClient that connections still use.
type InUseError struct {
	IClient     string
	Connections []string
}

func (e *InUseError) Error() string {
	return fmt.Sprintf("The iClient %q cannot be deleted: %s still %s it. Choose another iClient for %s first.",
		e.IClient, JoinNames(e.Connections), words.Plural(len(e.Connections), "uses", "use"),
		words.Plural(len(e.Connections), "it", "them"))
}

// JoinNames quotes names and joins them in words: "A", "B" and "C".
func JoinNames(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	if len(q) <= 1 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}

// without is list less every drop.
func without(list []string, drop string) []string {
	var out []string
	for _, v := range list {
		if v != drop {
			out = append(out, v)
		}
	}
	return out
}

func ptr[T any](v T) *T { return &v }
