package model

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"zoomconn/oauth"
)

// A sign-in is one Zoom user's authorization of one iClient. Zoom keeps one
// live sign-in per user per app: a new consent by the same user ends the
// earlier one, and a refresh ends the previous access token. So the token
// belongs to the sign-in, not to a connection, and every connection that
// the same user approved with the same iClient shares it.
//
// Lock order: a sign-in's lock (signInLock) is taken before the data
// folder's lock (update), never the other way round.

// saveBudget bounds saving a token Zoom has already issued: it is not
// charged to the caller's context, which may be ending.
const saveBudget = 30 * time.Second

func (s *Service) signInLock(id string) string { return filepath.Join(s.Dir, "signin-"+id+".lock") }

func (s *Service) s2sLock(connID string) string { return filepath.Join(s.Dir, "s2s-"+connID+".lock") }

// keyringTokenStore keeps one token in the keyring.
type keyringTokenStore struct {
	secrets Secrets
	account string
}

func (k keyringTokenStore) Load(ctx context.Context) (*oauth2.Token, error) {
	v, err := k.secrets.Get(ctx, k.account)
	if errors.Is(err, ErrSecretNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return oauth.UnmarshalToken([]byte(v.Reveal()))
}

func (k keyringTokenStore) Save(ctx context.Context, t *oauth2.Token) error {
	data, err := oauth.MarshalToken(t)
	if err != nil {
		return err
	}
	return k.secrets.Set(ctx, k.account, NewSecret(string(data)))
}

func (s *Service) signInStore(id string) keyringTokenStore {
	return keyringTokenStore{s.Secrets, SignInTokenAccount(id)}
}

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

// dropSources forgets the cached sources whose key starts with prefix or
// whose iClient is iclient (when not "").
func (s *Service) dropSources(prefix, iclient string) {
	s.srcs.mu.Lock()
	defer s.srcs.mu.Unlock()
	for k, e := range s.srcs.m {
		if (prefix != "" && strings.HasPrefix(k, prefix)) || (iclient != "" && e.iclient == iclient) {
			delete(s.srcs.m, k)
		}
	}
}

func (s *Service) dropSignIn(id string) { s.dropSources(signInKey(id), "") }

func (s *Service) dropS2S(connID string) { s.dropSources("s2s/"+connID+"\x00", "") }

// tokenSource returns the connection's token source: its sign-in's for
// OAuth 2.0, a saved account-credentials token for Server-to-Server OAuth.
func (s *Service) tokenSource(ctx context.Context, doc *Document, c *Connection) (oauth.PersistingSource, error) {
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
	client, err := s.oauthClient(ctx, doc, &Connection{Name: c.Name, IClientID: icID})
	if err != nil {
		return nil, err
	}
	opts := []oauth.TokenSourceOption{oauth.WithHTTPClient(s.httpClient()), oauth.WithIClientName(client.Name)}
	var ts oauth.PersistingSource
	if si != nil {
		id := si.ID
		opts = append(opts,
			oauth.OnRefresh(func(_, t *oauth2.Token) { s.recordRefresh(id); s.noteRefresh(id, t) }),
			oauth.OnInvalidGrant(func(e *oauth.Error) { s.markReconnect(id, e) }))
		cfg := client.Config(doc.IClient(icID).RedirectURL(doc.Settings.Port()), nil)
		ts = oauth.NewPersistingTokenSource(cfg, s.signInStore(id), s.signInLock(id), opts...)
	} else {
		opts = append(opts, oauth.WithEarlyExpiry(oauth.S2SEarlyExpiry))
		ts = oauth.NewPersistingS2SSource(client, c.AccountID, keyringTokenStore{s.Secrets, S2STokenAccount(c.ID)}, s.s2sLock(c.ID), opts...)
	}
	if s.srcs.m == nil {
		s.srcs.m = map[string]sourceEntry{}
	}
	s.srcs.m[key] = sourceEntry{ts: ts, iclient: icID}
	return ts, nil
}

// FlushTokens makes a last attempt to save every token Zoom renewed in this
// process that the password store did not take. A command calls it before
// it exits: a renewed token that is not saved is a sign-in lost. When the
// attempt fails, the connections of that sign-in are marked Reconnect
// needed and the error says so.
func (s *Service) FlushTokens(ctx context.Context) error {
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

// withSignInLock runs fn holding the sign-in's cross-process lock, so no
// refresh in any process runs at the same time. fn's changes to the token
// are announced to every token source (the stamp) before the lock is freed.
func (s *Service) withSignInLock(ctx context.Context, id string, fn func(ctx context.Context) error) error {
	return s.withTokenLock(ctx, s.signInLock(id), func() { s.dropSignIn(id) }, fn)
}

// withTokenLock runs fn holding the token lock at path; then it announces
// the change (the stamp) and drops this process's cached sources (drop).
func (s *Service) withTokenLock(ctx context.Context, path string, drop func(), fn func(ctx context.Context) error) error {
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

// saveNew saves a token Zoom has just issued (see oauth.SaveIssued).
func saveNew(ctx context.Context, store keyringTokenStore, tok *oauth2.Token) error {
	return oauth.SaveIssued(ctx, store, tok, saveBudget)
}

// adopted is where a consent's token went.
type adopted struct {
	SignIn SignIn
	// Joined lists the connections that already used this user's sign-in
	// with the iClient (its token was replaced, so they keep working).
	Joined []string
}

// adoptConsent saves the token of a consent by res.User for the iClient
// icID: it replaces the token of that user's sign-in with the iClient if
// there is one (Zoom has just ended it), else it starts a new sign-in.
// Connections attach to the result themselves.
func (s *Service) adoptConsent(ctx context.Context, icID string, res *oauth.Result) (adopted, error) {
	doc, err := s.Load()
	if err != nil {
		return adopted{}, err
	}
	var out adopted
	id := NewID()
	if si := doc.SignInOf(icID, res.User.ID); si != nil {
		id = si.ID
		for _, c := range doc.SharersOf(id) {
			out.Joined = append(out.Joined, c.Name)
		}
	}
	err = s.withSignInLock(context.WithoutCancel(ctx), id, func(ctx context.Context) error {
		if err := saveNew(ctx, s.signInStore(id), res.Token); err != nil {
			return fmt.Errorf("save the sign-in: %w", err)
		}
		now := s.Now()
		return s.update(func(d *Document) error {
			si := d.SignIn(id)
			if si == nil {
				d.SignIns = append(d.SignIns, SignIn{ID: id, IClientID: icID, Created: now})
				si = &d.SignIns[len(d.SignIns)-1]
			}
			si.User = *accountOf(res.User)
			si.Authorized, si.APIURL, si.GrantedScopes = now, res.APIURL, strings.Join(res.Scopes, " ")
			si.TokenExpires = res.Token.Expiry.UTC().Truncate(time.Second)
			// The connections that share it work again with the new token.
			for i := range d.Connections {
				if c := &d.Connections[i]; c.Auth == AuthOAuth2 && c.SignInID == id {
					c.Status, c.AuthorizedAs, c.AuthorizedAt = StatusOnline, accountOf(res.User), now
					c.APIURL, c.GrantedScopes = si.APIURL, si.GrantedScopes
				}
			}
			out.SignIn = *si
			return nil
		})
	})
	return out, err
}

// releaseSignIn forgets the sign-in id if no connection uses it any more:
// it revokes the token at Zoom when revoke is set and the app is not
// admin-managed (a failure there is only logged: the sign-in is no longer
// anyone's), then deletes it here. It returns what it forgot without
// revoking (a SignIn with an ID) so the caller can say so.
func (s *Service) releaseSignIn(ctx context.Context, id string, revoke bool) (keptAtZoom SignIn) {
	if id == "" {
		return SignIn{}
	}
	err := s.withSignInLock(ctx, id, func(ctx context.Context) error {
		doc, err := s.Load()
		if err != nil {
			return err
		}
		si := doc.SignIn(id)
		if len(doc.SharersOf(id)) > 0 {
			return nil
		}
		if revoke && si != nil && !implicitRevokeAllowed(doc, si.IClientID) {
			keptAtZoom = *si
		} else if revoke && si != nil {
			if tok, err := s.signInStore(id).Load(ctx); err == nil && tok != nil {
				if err := s.revokeAtZoom(ctx, doc, si.IClientID, tok); err != nil {
					slog.Warn("revoke an unused sign-in", "signin", id, "err", explainShort(err))
				}
			}
		}
		if err := s.Secrets.Delete(ctx, SignInTokenAccount(id)); err != nil {
			return err
		}
		return s.update(func(d *Document) error {
			if len(d.SharersOf(id)) == 0 {
				d.SignIns = removeSignIn(d.SignIns, id)
			}
			return nil
		})
	})
	if err != nil {
		slog.Warn("forget an unused sign-in", "signin", id, "err", explainShort(err))
		return SignIn{}
	}
	if keptAtZoom.ID != "" {
		s.record(Event{Kind: EventSignInForgotten, IClientID: keptAtZoom.IClientID, OK: ptr(true), Detail: fmt.Sprintf(
			"the sign-in of %s is no longer used here and was forgotten, not revoked at Zoom: the app is admin-managed, and a revoke would remove it from the whole Zoom account",
			describeAccount(&keptAtZoom.User))})
	}
	return keptAtZoom
}

// implicitRevokeAllowed says whether Zoom Connections may revoke a sign-in
// of the iClient icID as a side effect (Remove, Delete, a Reconnect as
// another Zoom user, an unneeded token). Never for an admin-managed app:
// Zoom's revoke uninstalls the app, which for an admin-managed app removes
// it from the whole Zoom account and ends every admin's sign-in of it.
func implicitRevokeAllowed(doc *Document, icID string) bool {
	ic := doc.IClient(icID)
	return ic != nil && !ic.AdminManaged()
}

func removeSignIn(list []SignIn, id string) []SignIn {
	return slices.DeleteFunc(list, func(si SignIn) bool { return si.ID == id })
}

// recordRefresh logs that a sign-in's token was renewed, once for all the
// connections that share it.
func (s *Service) recordRefresh(id string) {
	doc, err := s.Load()
	if err != nil {
		return
	}
	sharers := doc.SharersOf(id)
	ev := Event{Kind: EventRefreshed, OK: ptr(true)}
	names := make([]string, len(sharers))
	for i, c := range sharers {
		names[i] = c.Name
	}
	if len(sharers) > 0 {
		ev.ConnectionID, ev.ConnectionName = sharers[0].ID, sharers[0].Name
	}
	if len(sharers) > 1 {
		ev.Detail = "sign-in shared with " + strings.Join(names[1:], ", ")
	}
	s.record(ev)
}

// markReconnect records that Zoom no longer accepts the sign-in: every
// connection that uses it needs a reconnect, and Activity says so for each
// that was not marked already. It returns the names of all of them.
func (s *Service) markReconnect(id string, cause error) []string {
	var hit []Connection
	var names []string
	s.update(func(doc *Document) error {
		for i := range doc.Connections {
			if c := &doc.Connections[i]; c.Auth == AuthOAuth2 && c.SignInID == id {
				names = append(names, c.Name)
				if c.Status != StatusReconnectNeeded {
					c.Status = StatusReconnectNeeded
					hit = append(hit, *c)
				}
			}
		}
		return nil
	})
	for _, c := range hit {
		detail := explainShort(cause)
		if others := without(names, c.Name); len(others) > 0 {
			detail += " (shared with " + strings.Join(others, ", ") + ")"
		}
		s.record(Event{Kind: EventReconnectNeeded, ConnectionID: c.ID, ConnectionName: c.Name, Detail: detail, OK: ptr(false)})
	}
	return names
}

// SignedInAs says who a connection acts as and which other connections
// share its sign-in: "Signed in as jane@… · also used by: Reports, Webinar
// sync". It is "" for a connection that is not signed in.
func SignedInAs(doc *Document, c Connection) string {
	who := c.AuthorizedAs
	if c.Auth == AuthOAuth2 {
		si := doc.SignIn(c.SignInID)
		if si == nil {
			return ""
		}
		who = &si.User
	}
	if who == nil {
		return ""
	}
	out := "Signed in as " + describeAccount(who)
	if others := doc.AlsoUsedBy(c); len(others) > 0 {
		out += " · also used by: " + strings.Join(others, ", ")
	}
	return out
}
