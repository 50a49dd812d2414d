package model

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// CreateConnection validates c and adds it. A JWT connection can be created
// only as a record of one that exists, to be migrated: jwtSecret is its API
// Secret, and is ignored for other types.
func (s *Setup) CreateConnection(ctx context.Context, c Connection, jwtSecret Secret) (Connection, error) {
	svc := s.svc
	c.ID = NewID()
	c.Created, c.Modified = svc.Now(), svc.Now()
	c.Status = StatusNotAuthorized
	c.AuthorizedAs, c.AuthorizedAt, c.APIURL, c.GrantedScopes = nil, time.Time{}, "", ""
	var clean string
	if c.Auth == AuthJWT {
		c.Status = StatusMigrationNeeded
		var msg string
		if clean, msg = CleanID("API Secret", jwtSecret.Reveal()); msg != "" {
			verr := ValidationError{{Field: "api_secret", Message: msg}}
			if doc, err := svc.Load(); err == nil {
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
	if doc, err := svc.Load(); err != nil {
		return c, err
	} else if err := validate(doc); err != nil {
		return c, err
	}
	if clean != "" {
		if err := svc.Secrets.Set(ctx, JWTSecretAccount(c.ID), NewSecret(clean)); err != nil {
			return c, fmt.Errorf("save the API Secret: %w", err)
		}
	}
	err := svc.update(func(doc *Document) error {
		if err := validate(doc); err != nil {
			return err
		}
		doc.Connections = append(doc.Connections, c)
		return nil
	})
	if err != nil {
		if clean != "" {
			svc.Secrets.Delete(ctx, JWTSecretAccount(c.ID))
		}
		return c, err
	}
	svc.record(Event{Kind: EventCreated, ConnectionID: c.ID, ConnectionName: c.Name, Detail: c.Auth.Label() + ", " + c.Env.Kind.ShortLabel()})
	return c, nil
}

// UpdateConnection saves changes to c. Changing what a token was issued for
// (auth type, environment, iClient, scopes, account) detaches it from its
// sign-in (forgotten here when no other connection uses it) and sets the
// status to Not authorized; leaving JWT records the migration.
func (s *Setup) UpdateConnection(ctx context.Context, c Connection) (Connection, error) {
	svc := s.svc
	var before Connection
	err := svc.update(func(doc *Document) error {
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
		c.Modified = svc.Now()
		*cur = c
		return nil
	})
	if err != nil {
		return c, err
	}
	if before.SignInID != "" && c.SignInID == "" {
		// Outside the data lock: the sign-in's lock comes first.
		svc.signIns.release(ctx, before.SignInID, false)
	}
	if before.Auth != c.Auth {
		svc.record(Event{Kind: EventAuthTypeChanged, ConnectionID: c.ID, ConnectionName: c.Name, Detail: before.Auth.Label() + " → " + c.Auth.Label()})
	} else {
		svc.record(Event{Kind: EventEdited, ConnectionID: c.ID, ConnectionName: c.Name})
	}
	return c, nil
}

// credentialsChanged says whether b asks Zoom for other credentials than a
// (then a's token is not b's).
func credentialsChanged(a, b Connection) bool {
	return a.Auth != b.Auth || !a.Env.Same(b.Env) || a.IClientID != b.IClientID ||
		a.Scopes != b.Scopes || a.AccountID != b.AccountID || a.APIKey != b.APIKey
}

// forgetCredentials deletes the connection's own secrets that no longer fit
// it (a sign-in is released by the caller).
func (s *Setup) forgetCredentials(ctx context.Context, before, after Connection) error {
	if before.Auth == AuthS2S {
		if err := s.svc.signIns.forgetS2S(ctx, before.ID); err != nil {
			return err
		}
	}
	if before.Auth == AuthJWT && after.Auth != AuthJWT {
		if err := s.svc.Secrets.Delete(ctx, JWTSecretAccount(before.ID)); err != nil {
			return fmt.Errorf("forget the JWT API Secret: %w", err)
		}
	}
	return nil
}

// DeleteConnection removes a connection and its secrets, and its sign-in
// when no other connection uses it, without asking Zoom to revoke anything
// (see Revocation.DeleteConnectionRevoking).
func (s *Setup) DeleteConnection(ctx context.Context, id string) error {
	svc := s.svc
	doc, c, err := svc.connection(id)
	if err != nil {
		return err
	}
	if c.Auth != AuthOAuth2 || doc.SignIn(c.SignInID) == nil {
		return s.deleteConnection(ctx, id)
	}
	signIn := c.SignInID
	return svc.signIns.withLock(ctx, signIn, func(ctx context.Context) error {
		doc, err := svc.Load()
		if err != nil {
			return err
		}
		if cur := doc.Connection(id); cur != nil && cur.SignInID == signIn && len(doc.AlsoUsedBy(*cur)) == 0 {
			if err := svc.Secrets.Delete(ctx, SignInTokenAccount(signIn)); err != nil {
				return fmt.Errorf("delete the sign-in: %w", err)
			}
		}
		return s.deleteConnection(ctx, id)
	})
}

// deleteConnection removes the connection, its own secrets, and its
// sign-in's record when no other connection uses it. A caller that frees
// the sign-in has deleted its token under the sign-in's lock already.
func (s *Setup) deleteConnection(ctx context.Context, id string) error {
	svc := s.svc
	var gone Connection
	// A Server-to-Server token is deleted under its own lock, before the
	// data folder's (the lock order), and again once the connection is gone,
	// in case another process saved one in between.
	if doc, err := svc.Load(); err == nil && doc.Connection(id) != nil && doc.Connection(id).Auth == AuthS2S {
		if err := svc.signIns.forgetS2S(ctx, id); err != nil {
			return fmt.Errorf("delete the connection's secrets: %w", err)
		}
	}
	err := svc.update(func(doc *Document) error {
		c := doc.Connection(id)
		if c == nil {
			return &NotFoundError{What: "connection", Name: id}
		}
		gone = *c
		if err := svc.Secrets.Delete(ctx, JWTSecretAccount(id)); err != nil {
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
		if err := svc.signIns.forgetS2S(ctx, id); err != nil {
			slog.Warn("delete a deleted connection's Server-to-Server token", "connection", id, "err", err)
		}
	}
	svc.record(Event{Kind: EventDeleted, ConnectionID: id, ConnectionName: gone.Name, Detail: gone.Auth.Label()})
	return nil
}

// HasJWTSecret says whether the password store holds the API Secret of the
// JWT connection id: a record imported from a file has none.
func (s *Setup) HasJWTSecret(ctx context.Context, id string) (bool, error) {
	_, err := s.svc.Secrets.Get(ctx, JWTSecretAccount(id))
	if errors.Is(err, ErrSecretNotFound) {
		return false, nil
	}
	return err == nil, err
}
