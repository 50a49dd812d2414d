package model

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/oauth2"

	"zoomconn/oauth"
)

// sources holds one token source per sign-in (and per Server-to-Server
// connection), so that the goroutines of a process share one lock, one
// cache and one refresh.
type sources struct {
	mu sync.Mutex
	m  map[string]sourceEntry
}

type sourceEntry struct {
	ts      oauth.PersistingSource
	iclient string
}

func signInKey(id string) string { return "signin/" + id }

func s2sKey(c *Connection) string {
	return "s2s/" + c.ID + "\x00" + c.IClientID + "\x00" + c.AccountID
}

// source returns the connection's token source: its sign-in's for
// OAuth 2.0, a saved account-credentials token for Server-to-Server OAuth.
func (s *signIns) source(ctx context.Context, doc *Document, c *Connection) (oauth.PersistingSource, error) {
	var key string
	var si *SignIn
	icID := c.IClientID
	switch c.Auth {
	case AuthOAuth2:
		if si = doc.SignIn(c.SignInID); si == nil {
			return nil, notAuthorized(c)
		}
		// The sign-in's own iClient, never the asking connection's: its
		// refresh token goes only where it was issued (another iClient
		// may share the Client ID in another environment).
		key, icID = signInKey(si.ID), si.IClientID
	case AuthS2S:
		key = s2sKey(c)
	default:
		return nil, jwtRetired()
	}
	s.srcs.mu.Lock()
	defer s.srcs.mu.Unlock()
	if e, ok := s.srcs.m[key]; ok {
		return e.ts, nil
	}
	ts, err := s.newSource(ctx, doc, c, si, icID)
	if err != nil {
		return nil, err
	}
	if s.srcs.m == nil {
		s.srcs.m = map[string]sourceEntry{}
	}
	s.srcs.m[key] = sourceEntry{ts: ts, iclient: icID}
	return ts, nil
}

// newSource makes the token source of the sign-in si (nil for the
// Server-to-Server connection c) with the iClient icID.
func (s *signIns) newSource(ctx context.Context, doc *Document, c *Connection, si *SignIn, icID string) (oauth.PersistingSource, error) {
	svc := s.svc
	client, err := svc.oauthClient(ctx, doc, &Connection{Name: c.Name, IClientID: icID})
	if err != nil {
		return nil, err
	}
	opts := []oauth.TokenSourceOption{oauth.WithHTTPClient(svc.httpClient()), oauth.WithIClientName(client.Name)}
	if si == nil {
		opts = append(opts, oauth.WithEarlyExpiry(oauth.S2SEarlyExpiry))
		return oauth.NewPersistingS2SSource(client, c.AccountID, keyringTokenStore{svc.Secrets, S2STokenAccount(c.ID)}, svc.s2sLock(c.ID), opts...), nil
	}
	id := si.ID
	opts = append(opts,
		oauth.OnRefresh(func(_, t *oauth2.Token) { s.recordRefresh(id); s.noteRefresh(id, t) }),
		oauth.OnInvalidGrant(func(e *oauth.Error) { s.markReconnect(id, e) }))
	cfg := client.Config(doc.IClient(icID).RedirectURL(doc.Settings.Port()), nil)
	return oauth.NewPersistingTokenSource(cfg, svc.signInStore(id), svc.signInLock(id), opts...), nil
}

// drop forgets the cached sources whose key starts with prefix or whose
// iClient is iclient (when not "").
func (s *signIns) drop(prefix, iclient string) {
	s.srcs.mu.Lock()
	defer s.srcs.mu.Unlock()
	for k, e := range s.srcs.m {
		if (prefix != "" && strings.HasPrefix(k, prefix)) || (iclient != "" && e.iclient == iclient) {
			delete(s.srcs.m, k)
		}
	}
}

func (s *signIns) dropSignIn(id string) { s.drop(signInKey(id), "") }

func (s *signIns) dropS2S(connID string) { s.drop("s2s/"+connID+"\x00", "") }

// flush makes a last attempt to save every token Zoom renewed in this
// process that the password store did not take (see Tokens.Flush).
func (s *signIns) flush(ctx context.Context) error {
	s.srcs.mu.Lock()
	entries := make(map[string]sourceEntry, len(s.srcs.m))
	for k, e := range s.srcs.m {
		entries[k] = e
	}
	s.srcs.mu.Unlock()
	var first error
	for k, e := range entries {
		err := e.ts.Flush(ctx)
		if err == nil {
			continue
		}
		if id, ok := strings.CutPrefix(k, "signin/"); ok {
			lost := &Problem{Kind: oauth.ReconnectNeeded,
				Message: "Zoom renewed this sign-in, but your password store did not save the new token, so it is lost.",
				Next:    "Unlock your password store, then reconnect it.", Err: err}
			s.markReconnect(id, lost)
			err = lost
		}
		if first == nil {
			first = err
		}
	}
	return first
}

// withLock runs fn holding the sign-in's cross-process lock, so no refresh
// in any process runs at the same time. fn's changes to the token are
// announced to every token source (the stamp) before the lock is freed.
func (s *signIns) withLock(ctx context.Context, id string, fn func(ctx context.Context) error) error {
	return s.withTokenLock(ctx, s.svc.signInLock(id), func() { s.dropSignIn(id) }, fn)
}

// withTokenLock runs fn holding the token lock at path; then it announces
// the change (the stamp) and drops this process's cached sources (drop).
func (s *signIns) withTokenLock(ctx context.Context, path string, drop func(), fn func(ctx context.Context) error) error {
	lctx, cancel := context.WithTimeout(ctx, saveBudget)
	defer cancel()
	unlock, err := oauth.Lock(lctx, path)
	if err != nil {
		return err
	}
	defer unlock()
	defer drop()
	defer oauth.BumpStamp(path)
	return fn(ctx)
}

// forgetS2S deletes a Server-to-Server connection's saved token under its
// lock, so that no fetch in another process puts it back meanwhile.
func (s *signIns) forgetS2S(ctx context.Context, connID string) error {
	err := s.withTokenLock(ctx, s.svc.s2sLock(connID), func() { s.dropS2S(connID) }, func(ctx context.Context) error {
		return s.svc.Secrets.Delete(ctx, S2STokenAccount(connID))
	})
	if err != nil {
		return fmt.Errorf("forget the saved token: %w", err)
	}
	return nil
}
