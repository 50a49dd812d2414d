package model

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gofrs/flock"
)

// Service is the set of operations the window and the command line share.
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

	srcs         sources
	approvals    approvals    // see StartAuthorize
	codeFailures codeFailures // see RepeatedCodeError
	mu           sync.Mutex
	lock         *flock.Flock
}

// Open returns the service over the data folder dir and the given secrets.
func Open(dir string, secrets Secrets) (*Service, error) {
	st, err := OpenStore(dir)
	if err != nil {
		return nil, err
	}
	return &Service{
		Dir:      dir,
		Store:    st,
		Secrets:  secrets,
		Activity: NewActivityLog(dir),
		Now:      func() time.Time { return time.Now().UTC().Truncate(time.Second) },
		lock:     flock.New(filepath.Join(dir, LockFile)),
	}, nil
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

func (s *Service) record(ev Event) {
	if ev.Time.IsZero() {
		ev.Time = s.Now()
	}
	if err := s.Activity.Append(ev); err != nil {
		slog.Warn("activity log", "err", err)
	}
}

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
		e.IClient, JoinNames(e.Connections), map[bool]string{true: "uses", false: "use"}[len(e.Connections) == 1],
		map[bool]string{true: "it", false: "them"}[len(e.Connections) == 1])
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

// CreateIClient validates ic, stores its Client secret in the keyring and
// adds it. The secret is saved first, so an iClient never exists without it.
// A public client ID has no secret: secret must then be empty, and nothing
// goes to the keyring. A new iClient's Redirect URL is on 127.0.0.1 unless
// ic says localhost.
func (s *Service) CreateIClient(ctx context.Context, ic IClient, secret Secret) (IClient, error) {
	if ic.RedirectHost == "" {
		ic.RedirectHost = LoopbackIP
	}
	if ic.Credentials == "" {
		ic.Credentials = CredentialsSecret
	}
	if ic.Public() {
		return s.createPublicIClient(ic, secret)
	}
	clean, msg := CleanID("Client secret", secret.Reveal())
	if msg != "" {
		err := ValidationError{{Field: "client_secret", Message: msg}}
		if doc, lerr := s.Load(); lerr == nil {
			if verr := ValidateIClient(&ic, doc); verr != nil {
				err = append(verr.(ValidationError), err...)
			}
		}
		return ic, err
	}
	ic.ID = NewID()
	ic.Created, ic.Modified = s.Now(), s.Now()
	if doc, err := s.Load(); err != nil {
		return ic, err
	} else if err := ValidateIClient(&ic, doc); err != nil {
		return ic, err
	}
	if err := s.Secrets.Set(ctx, ClientSecretAccount(ic.ID), NewSecret(clean)); err != nil {
		return ic, fmt.Errorf("save the Client secret: %w", err)
	}
	err := s.update(func(doc *Document) error {
		if err := ValidateIClient(&ic, doc); err != nil {
			return err
		}
		doc.IClients = append(doc.IClients, ic)
		return nil
	})
	if err != nil {
		s.Secrets.Delete(ctx, ClientSecretAccount(ic.ID))
		return ic, err
	}
	s.record(Event{Kind: EventIClientCreated, IClientID: ic.ID, Detail: fmt.Sprintf("iClient %q (%s, %s)", ic.Name, ic.Env.Kind.ShortLabel(), ic.AppType.Label())})
	return ic, nil
}

// createPublicIClient adds a public client ID: nothing to keep in the keyring.
func (s *Service) createPublicIClient(ic IClient, secret Secret) (IClient, error) {
	if !secret.IsZero() {
		return ic, ValidationError{{Field: "client_secret", Message: "A public client ID has no Client secret: leave it out, or choose Client ID and Client secret."}}
	}
	ic.ID = NewID()
	ic.Created, ic.Modified = s.Now(), s.Now()
	err := s.update(func(doc *Document) error {
		if err := ValidateIClient(&ic, doc); err != nil {
			return err
		}
		doc.IClients = append(doc.IClients, ic)
		return nil
	})
	if err != nil {
		return ic, err
	}
	s.record(Event{Kind: EventIClientCreated, IClientID: ic.ID, Detail: fmt.Sprintf("iClient %q (%s, %s, %s)", ic.Name, ic.Env.Kind.ShortLabel(), ic.AppType.Label(), ic.Kind().ShortLabel())})
	return ic, nil
}

// UpdateIClient saves changes to ic. A non-empty newSecret rotates the Client
// secret for every connection that uses the iClient. Turning a Client ID
// and secret into a public client ID forgets the secret; the other way
// needs newSecret.
func (s *Service) UpdateIClient(ctx context.Context, ic IClient, newSecret Secret) (IClient, error) {
	if ic.Public() && !newSecret.IsZero() {
		return ic, ValidationError{{Field: "client_secret", Message: "A public client ID has no Client secret: leave it out, or choose Client ID and Client secret."}}
	}
	var clean string
	var dropSecret bool // it became a public client ID: the secret goes after the save
	if !newSecret.IsZero() {
		var msg string
		if clean, msg = CleanID("Client secret", newSecret.Reveal()); msg != "" {
			return ic, ValidationError{{Field: "client_secret", Message: msg}}
		}
	}
	err := s.update(func(doc *Document) error {
		cur := doc.IClient(ic.ID)
		if cur == nil {
			return &NotFoundError{What: "iClient", Name: ic.Name}
		}
		if err := ValidateIClient(&ic, doc); err != nil {
			return err
		}
		envMoved, kindChanged := !cur.Env.Same(ic.Env), cur.Kind() != ic.Kind()
		if users := doc.UsersOf(ic.ID); len(users) > 0 && envMoved {
			return ValidationError{{Field: "environment", Message: fmt.Sprintf("The environment cannot change while %s %s this iClient.",
				JoinNames(users), map[bool]string{true: "uses", false: "use"}[len(users) == 1])}}
		}
		if signedIn := signedInWith(doc, ic.ID); len(signedIn) > 0 && kindChanged {
			// A sign-in belongs to the client it was issued to: its
			// refresh token works with that one only.
			return ValidationError{{Field: "credentials", Message: fmt.Sprintf(
				"The kind of credentials cannot change while %s %s signed in with this iClient. Create another iClient for the other kind and choose it for the connection.",
				JoinNames(signedIn), map[bool]string{true: "is", false: "are"}[len(signedIn) == 1])}}
		}
		switch {
		case envMoved && !ic.Public() && clean == "":
			// The stored secret was given for the old host: never send it
			// to a new one without the admin giving it again.
			return ValidationError{{Field: "client_secret", Message: SecretAgain(ic.Env)}}
		case kindChanged && !ic.Public() && clean == "":
			return ValidationError{{Field: "client_secret", Message: "Paste the Client secret from the app's App Credentials in Zoom."}}
		}
		dropSecret = kindChanged && ic.Public()
		if clean != "" {
			if err := s.Secrets.Set(ctx, ClientSecretAccount(ic.ID), NewSecret(clean)); err != nil {
				return fmt.Errorf("save the Client secret: %w", err)
			}
		}
		ic.Created, ic.Modified = cur.Created, s.Now()
		*cur = ic
		return nil
	})
	if err != nil {
		return ic, err
	}
	if dropSecret {
		if err := s.Secrets.Delete(ctx, ClientSecretAccount(ic.ID)); err != nil {
			slog.Warn("forget the Client secret of an iClient that became a public client ID", "iclient", ic.ID, "err", err)
		}
		s.dropSources("", ic.ID)
	}
	s.record(Event{Kind: EventIClientEdited, IClientID: ic.ID, Detail: fmt.Sprintf("iClient %q", ic.Name)})
	if clean != "" {
		s.dropSources("", ic.ID)
		s.record(Event{Kind: EventSecretRotated, IClientID: ic.ID, Detail: fmt.Sprintf("Client secret of iClient %q replaced", ic.Name)})
	}
	return ic, nil
}

// signedInWith names the connections with a sign-in of the iClient id.
func signedInWith(doc *Document, id string) []string {
	var names []string
	for _, c := range doc.Connections {
		if si := doc.SignIn(c.SignInID); c.Auth == AuthOAuth2 && si != nil && si.IClientID == id {
			names = append(names, c.Name)
		}
	}
	return names
}

// DeleteIClient removes an iClient that no connection uses, with its secret.
func (s *Service) DeleteIClient(ctx context.Context, id string) error {
	var name string
	err := s.update(func(doc *Document) error {
		ic := doc.IClient(id)
		if ic == nil {
			return &NotFoundError{What: "iClient", Name: id}
		}
		name = ic.Name
		if users := doc.UsersOf(id); len(users) > 0 {
			return &InUseError{IClient: ic.Name, Connections: users}
		}
		if err := s.Secrets.Delete(ctx, ClientSecretAccount(id)); err != nil {
			return fmt.Errorf("delete the Client secret: %w", err)
		}
		doc.IClients = removeIClient(doc.IClients, id)
		return nil
	})
	if err == nil {
		s.record(Event{Kind: EventIClientDeleted, IClientID: id, Detail: fmt.Sprintf("iClient %q", name)})
	}
	return err
}

func removeIClient(list []IClient, id string) []IClient {
	return slices.DeleteFunc(list, func(ic IClient) bool { return ic.ID == id })
}

// CreateConnection validates c and adds it. A JWT connection can be created
// only as a record of one that exists, to be migrated: jwtSecret is its API
// Secret, and is ignored for other types.
func (s *Service) CreateConnection(ctx context.Context, c Connection, jwtSecret Secret) (Connection, error) {
	c.ID = NewID()
	c.Created, c.Modified = s.Now(), s.Now()
	c.Status = StatusNotAuthorized
	c.AuthorizedAs, c.AuthorizedAt, c.APIURL, c.GrantedScopes = nil, time.Time{}, "", ""
	var clean string
	if c.Auth == AuthJWT {
		c.Status = StatusMigrationNeeded
		var msg string
		if clean, msg = CleanID("API Secret", jwtSecret.Reveal()); msg != "" {
			verr := ValidationError{{Field: "api_secret", Message: msg}}
			if doc, err := s.Load(); err == nil {
				if e := ValidateJWTRecord(&c, doc); e != nil {
					verr = append(e.(ValidationError), verr...)
				}
			}
			return c, verr
		}
	}
	validate := func(doc *Document) error {
		if c.Auth == AuthJWT {
			return ValidateJWTRecord(&c, doc)
		}
		return ValidateConnection(&c, doc, true)
	}
	if doc, err := s.Load(); err != nil {
		return c, err
	} else if err := validate(doc); err != nil {
		return c, err
	}
	if clean != "" {
		if err := s.Secrets.Set(ctx, JWTSecretAccount(c.ID), NewSecret(clean)); err != nil {
			return c, fmt.Errorf("save the API Secret: %w", err)
		}
	}
	err := s.update(func(doc *Document) error {
		if err := validate(doc); err != nil {
			return err
		}
		doc.Connections = append(doc.Connections, c)
		return nil
	})
	if err != nil {
		if clean != "" {
			s.Secrets.Delete(ctx, JWTSecretAccount(c.ID))
		}
		return c, err
	}
	s.record(Event{Kind: EventCreated, ConnectionID: c.ID, ConnectionName: c.Name, Detail: c.Auth.Label() + ", " + c.Env.Kind.ShortLabel()})
	return c, nil
}

// UpdateConnection saves changes to c. Changing what a token was issued for
// (auth type, environment, iClient, scopes, account) detaches it from its
// sign-in (forgotten here when no other connection uses it) and sets the
// status to Not authorized; leaving JWT records the migration.
func (s *Service) UpdateConnection(ctx context.Context, c Connection) (Connection, error) {
	var before Connection
	err := s.update(func(doc *Document) error {
		cur := doc.Connection(c.ID)
		if cur == nil {
			return &NotFoundError{What: "connection", Name: c.Name}
		}
		before = *cur
		// What Zoom told us is not the editor's to change.
		c.Status, c.AuthorizedAs, c.AuthorizedAt, c.SignInID = cur.Status, cur.AuthorizedAs, cur.AuthorizedAt, cur.SignInID
		c.APIURL, c.GrantedScopes, c.LastTest, c.LastTestAt = cur.APIURL, cur.GrantedScopes, cur.LastTest, cur.LastTestAt
		c.MigratedFrom, c.MigratedAt, c.Created = cur.MigratedFrom, cur.MigratedAt, cur.Created
		if err := ValidateConnection(&c, doc, false); err != nil {
			return err
		}
		if credentialsChanged(before, c) {
			if err := s.forgetCredentials(ctx, before, c); err != nil {
				return err
			}
			c.Status, c.AuthorizedAs, c.AuthorizedAt, c.APIURL, c.GrantedScopes = StatusNotAuthorized, nil, time.Time{}, "", ""
			c.LastTest, c.LastTestAt, c.SignInID = "", time.Time{}, ""
			if before.Auth == AuthJWT && c.Auth != AuthJWT {
				c.MigratedFrom, c.APIKey = AuthJWT, ""
			}
		}
		c.Modified = s.Now()
		*cur = c
		return nil
	})
	if err != nil {
		return c, err
	}
	if before.SignInID != "" && c.SignInID == "" {
		// Outside the data lock: the sign-in's lock comes first.
		s.releaseSignIn(ctx, before.SignInID, false)
	}
	if before.Auth != c.Auth {
		s.record(Event{Kind: EventAuthTypeChanged, ConnectionID: c.ID, ConnectionName: c.Name, Detail: before.Auth.Label() + " → " + c.Auth.Label()})
	} else {
		s.record(Event{Kind: EventEdited, ConnectionID: c.ID, ConnectionName: c.Name})
	}
	return c, nil
}

func credentialsChanged(a, b Connection) bool {
	return a.Auth != b.Auth || !a.Env.Same(b.Env) || a.IClientID != b.IClientID ||
		a.Scopes != b.Scopes || a.AccountID != b.AccountID || a.APIKey != b.APIKey
}

// forgetCredentials deletes the connection's own secrets that no longer fit
// it (a sign-in is released by the caller).
func (s *Service) forgetCredentials(ctx context.Context, before, after Connection) error {
	if before.Auth == AuthS2S {
		if err := s.forgetS2S(ctx, before.ID); err != nil {
			return err
		}
	}
	if before.Auth == AuthJWT && after.Auth != AuthJWT {
		if err := s.Secrets.Delete(ctx, JWTSecretAccount(before.ID)); err != nil {
			return fmt.Errorf("forget the JWT API Secret: %w", err)
		}
	}
	return nil
}

// DeleteConnection removes a connection and its secrets, and its sign-in
// when no other connection uses it, without asking Zoom to revoke anything
// (see DeleteConnectionRevoking).
func (s *Service) DeleteConnection(ctx context.Context, id string) error {
	doc, c, err := s.connection(id)
	if err != nil {
		return err
	}
	if c.Auth != AuthOAuth2 || doc.SignIn(c.SignInID) == nil {
		return s.deleteConnection(ctx, id)
	}
	signIn := c.SignInID
	return s.withSignInLock(ctx, signIn, func(ctx context.Context) error {
		doc, err := s.Load()
		if err != nil {
			return err
		}
		if cur := doc.Connection(id); cur != nil && cur.SignInID == signIn && len(doc.AlsoUsedBy(*cur)) == 0 {
			if err := s.Secrets.Delete(ctx, SignInTokenAccount(signIn)); err != nil {
				return fmt.Errorf("delete the sign-in: %w", err)
			}
		}
		return s.deleteConnection(ctx, id)
	})
}

// deleteConnection removes the connection, its own secrets, and its
// sign-in's record when no other connection uses it. A caller that frees
// the sign-in has deleted its token under the sign-in's lock already.
func (s *Service) deleteConnection(ctx context.Context, id string) error {
	var gone Connection
	// A Server-to-Server token is deleted under its own lock, before the
	// data folder's (the lock order), and again once the connection is gone,
	// in case another process saved one in between.
	if doc, err := s.Load(); err == nil && doc.Connection(id) != nil && doc.Connection(id).Auth == AuthS2S {
		if err := s.forgetS2S(ctx, id); err != nil {
			return fmt.Errorf("delete the connection's secrets: %w", err)
		}
	}
	err := s.update(func(doc *Document) error {
		c := doc.Connection(id)
		if c == nil {
			return &NotFoundError{What: "connection", Name: id}
		}
		gone = *c
		if err := s.Secrets.Delete(ctx, JWTSecretAccount(id)); err != nil {
			return fmt.Errorf("delete the connection's secrets: %w", err)
		}
		out := doc.Connections[:0]
		for _, c := range doc.Connections {
			if c.ID != id {
				out = append(out, c)
			}
		}
		doc.Connections = out
		if gone.SignInID != "" && len(doc.SharersOf(gone.SignInID)) == 0 {
			doc.SignIns = removeSignIn(doc.SignIns, gone.SignInID)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if gone.Auth == AuthS2S {
		if err := s.forgetS2S(ctx, id); err != nil {
			slog.Warn("delete a deleted connection's Server-to-Server token", "connection", id, "err", err)
		}
	}
	s.record(Event{Kind: EventDeleted, ConnectionID: id, ConnectionName: gone.Name, Detail: gone.Auth.Label()})
	return nil
}

// HasClientSecret reports whether the password store holds the Client
// secret of the iClient id (an imported iClient has none until it is set).
func (s *Service) HasClientSecret(ctx context.Context, id string) (bool, error) {
	_, err := s.Secrets.Get(ctx, ClientSecretAccount(id))
	switch {
	case errors.Is(err, ErrSecretNotFound):
		return false, nil
	case err != nil:
		return false, err
	}
	return true, nil
}

// KeyringService is the keyring service name the secrets are stored
// under, or "" when they are not in the operating system's keyring.
func (s *Service) KeyringService() string { return KeyringServiceOf(s.Secrets) }

// HasJWTSecret says whether the password store holds the API Secret of the
// JWT connection id: a record imported from a file has none.
func (s *Service) HasJWTSecret(ctx context.Context, id string) (bool, error) {
	_, err := s.Secrets.Get(ctx, JWTSecretAccount(id))
	if errors.Is(err, ErrSecretNotFound) {
		return false, nil
	}
	return err == nil, err
}
