package model

import (
	"context"
	"fmt"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"zoomconn/oauth"
)

// Zoom's revoke uninstalls the app for whoever it was installed for: for a
// user-managed app that ends one Zoom user's sign-in; for an admin-managed
// (account-level) app it removes the app from the whole Zoom account and
// ends every admin's sign-in of it, here and on other computers. So a
// sign-in of an admin-managed app is revoked only when the admin asks for
// exactly that (RemoveAppFromAccount); everything else forgets it here.

// AdminManagedError refuses to sign out at Zoom from a connection of an
// admin-managed app: that would remove the app from the whole account.
type AdminManagedError struct {
	IClient    string   // the iClient's name
	Connection string   // the connection asked about
	Stops      []string // the connections here that removing the app stops
}

func (e *AdminManagedError) Error() string {
	return fmt.Sprintf("Signing out at Zoom would remove the app of iClient %q from the whole Zoom account, because it is admin-managed: %s and every other admin's use of it would stop.",
		e.IClient, JoinNames(e.Stops))
}

// Revoke signs out: it asks Zoom to revoke the sign-in that the OAuth 2.0
// connection uses and forgets it here. Every connection of that sign-in is
// then Not authorized; their names are returned, this one first. For an
// admin-managed app it refuses with an *AdminManagedError: use
// ForgetSignIn, or RemoveAppFromAccount.
func (s *Service) Revoke(ctx context.Context, connID string) ([]string, error) {
	doc, c, err := s.connection(connID)
	if err != nil {
		return nil, err
	}
	if si := doc.SignIn(c.SignInID); c.Auth == AuthOAuth2 && si != nil {
		if ic := doc.IClient(si.IClientID); ic != nil && ic.AdminManaged() {
			return nil, &AdminManagedError{IClient: ic.Name, Connection: c.Name, Stops: s.appRemovalStops(doc, *si)}
		}
		return s.signOut(ctx, c.SignInID, c.ID, signOutAtZoom)
	}
	if c.Auth == AuthS2S {
		if err := s.forgetS2S(ctx, c.ID); err != nil {
			return nil, err
		}
	}
	err = s.update(func(d *Document) error {
		if cur := d.Connection(connID); cur != nil && cur.Auth != AuthJWT {
			cur.Status, cur.AuthorizedAs, cur.AuthorizedAt, cur.SignInID = StatusNotAuthorized, nil, time.Time{}, ""
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.record(Event{Kind: EventRevoked, ConnectionID: c.ID, ConnectionName: c.Name, OK: ptr(true)})
	return []string{c.Name}, nil
}

// ForgetSignIn forgets, on this computer only, the sign-in that the OAuth
// 2.0 connection uses: Zoom is not asked anything, so the sign-in stays
// valid there until it is replaced or the app removed. Every connection of
// that sign-in is then Not authorized; their names are returned, this one
// first.
func (s *Service) ForgetSignIn(ctx context.Context, connID string) ([]string, error) {
	doc, c, err := s.connection(connID)
	if err != nil {
		return nil, err
	}
	if c.Auth != AuthOAuth2 || doc.SignIn(c.SignInID) == nil {
		return nil, setupError(fmt.Sprintf("The connection %q is not signed in.", c.Name), "")
	}
	return s.signOut(ctx, c.SignInID, c.ID, signOutHere)
}

// AppRemoval is what removing an admin-managed app from its Zoom account
// would stop, to name before it happens.
type AppRemoval struct {
	IClient string   // the iClient's name
	Account string   // the Zoom account, as /users/me named it ("" if unknown)
	Stops   []string // every connection here whose sign-in it ends
}

// PlanAppRemoval says what RemoveAppFromAccount would stop for the
// connection connID.
func (s *Service) PlanAppRemoval(connID string) (AppRemoval, error) {
	doc, c, err := s.connection(connID)
	if err != nil {
		return AppRemoval{}, err
	}
	si := doc.SignIn(c.SignInID)
	if c.Auth != AuthOAuth2 || si == nil {
		return AppRemoval{}, setupError(fmt.Sprintf("The connection %q is not signed in, so there is nothing to revoke.", c.Name), "")
	}
	name := ""
	if ic := doc.IClient(si.IClientID); ic != nil {
		name = ic.Name
	}
	return AppRemoval{IClient: name, Account: si.User.AccountID, Stops: s.appRemovalStops(doc, *si)}, nil
}

// appRemovalStops names the connections whose sign-in a removal of si's app
// from si's Zoom account ends: every sign-in of that app (SameApp) whose
// user is in the same account, or whose account is not known.
func (s *Service) appRemovalStops(doc *Document, si SignIn) []string {
	var names []string
	for _, o := range s.sameAccountSignIns(doc, si) {
		for _, c := range doc.SharersOf(o.ID) {
			names = append(names, c.Name)
		}
	}
	return names
}

func (s *Service) sameAccountSignIns(doc *Document, si SignIn) []SignIn {
	var out []SignIn
	for _, o := range doc.SignInsOfApp(si.IClientID) {
		if o.ID == si.ID || o.User.AccountID == "" || si.User.AccountID == "" || o.User.AccountID == si.User.AccountID {
			out = append(out, o)
		}
	}
	return out
}

// RemoveAppFromAccount revokes the sign-in of the connection at Zoom, which
// for an admin-managed app removes the app from the Zoom account: every
// sign-in of it in that account ends, here (they are forgotten, and their
// connections are Not authorized) and on other computers. It returns the
// names of the connections it stopped, this one first. The caller has named
// them to the admin first (PlanAppRemoval).
func (s *Service) RemoveAppFromAccount(ctx context.Context, connID string) ([]string, error) {
	doc, c, err := s.connection(connID)
	if err != nil {
		return nil, err
	}
	si := doc.SignIn(c.SignInID)
	if c.Auth != AuthOAuth2 || si == nil {
		return nil, setupError(fmt.Sprintf("The connection %q is not signed in, so there is nothing to revoke.", c.Name), "")
	}
	names, err := s.signOut(ctx, si.ID, c.ID, signOutHow{atZoom: true, kind: EventAppRemoved,
		detail: "revoked at Zoom, which removed the app from the Zoom account"})
	if err != nil {
		return nil, err
	}
	// Zoom has ended the other sign-ins of the app in this account too.
	doc, err = s.Load()
	if err != nil {
		return names, err
	}
	for _, o := range s.sameAccountSignIns(doc, *si) {
		if o.ID == si.ID {
			continue
		}
		more, err := s.signOut(ctx, o.ID, "", signOutHow{kind: EventAppRemoved,
			detail: fmt.Sprintf("the app was removed from the Zoom account (from %q), which ended this sign-in", c.Name)})
		if err != nil {
			return names, err
		}
		names = append(names, more...)
	}
	return names, nil
}

// signOutHow says whether signOut revokes at Zoom, and how Activity says it.
type signOutHow struct {
	atZoom bool
	kind   EventKind
	detail string
}

var (
	signOutAtZoom = signOutHow{atZoom: true, kind: EventRevoked}
	signOutHere   = signOutHow{kind: EventSignInForgotten, detail: "the sign-in was forgotten here only; Zoom was not asked to revoke it"}
)

// signOut ends the sign-in id here: its token is deleted and every
// connection that used it is marked Not authorized, under the sign-in's
// lock so that no refresh elsewhere puts a token back. With how.atZoom it
// is revoked at Zoom first (and nothing changes here if that fails).
func (s *Service) signOut(ctx context.Context, id, firstConn string, how signOutHow) ([]string, error) {
	var names []string
	var hit []Connection
	err := s.withSignInLock(ctx, id, func(ctx context.Context) error {
		doc, err := s.Load()
		if err != nil {
			return err
		}
		si := doc.SignIn(id)
		if si == nil {
			return nil
		}
		if how.atZoom {
			tok, err := s.signInStore(id).Load(ctx)
			if err != nil {
				return err
			}
			if tok != nil {
				if err := s.revokeAtZoom(ctx, doc, si.IClientID, tok); err != nil {
					return err
				}
			}
		}
		if err := s.Secrets.Delete(ctx, SignInTokenAccount(id)); err != nil {
			return err
		}
		return s.update(func(d *Document) error {
			hit = hit[:0]
			for i := range d.Connections {
				if cur := &d.Connections[i]; cur.Auth == AuthOAuth2 && cur.SignInID == id {
					cur.Status, cur.AuthorizedAs, cur.AuthorizedAt, cur.SignInID = StatusNotAuthorized, nil, time.Time{}, ""
					hit = append(hit, *cur)
				}
			}
			d.SignIns = removeSignIn(d.SignIns, id)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	for _, c := range hit {
		if c.ID == firstConn {
			names = append([]string{c.Name}, names...)
		} else {
			names = append(names, c.Name)
		}
	}
	for _, c := range hit {
		detail := how.detail
		if others := strings.Join(without(names, c.Name), ", "); others != "" && detail == "" {
			detail = "signed out with " + others
		} else if others != "" {
			detail += "; with " + others
		}
		s.record(Event{Kind: how.kind, ConnectionID: c.ID, ConnectionName: c.Name, Detail: detail, OK: ptr(true)})
	}
	return names, nil
}

func without(list []string, drop string) []string {
	var out []string
	for _, v := range list {
		if v != drop {
			out = append(out, v)
		}
	}
	return out
}

// revokeAtZoom revokes a sign-in's authorization as Zoom documents it: with
// its access token while that is valid, else (or if Zoom refuses it) with
// the refresh token. Either ends the whole authorization.
func (s *Service) revokeAtZoom(ctx context.Context, doc *Document, icID string, tok *oauth2.Token) error {
	client, err := s.oauthClient(ctx, doc, &Connection{IClientID: icID})
	if err != nil {
		return err
	}
	var tries []string
	if tok.AccessToken != "" && (tok.Expiry.IsZero() || time.Until(tok.Expiry) > time.Minute) {
		tries = append(tries, tok.AccessToken)
	}
	if tok.RefreshToken != "" {
		tries = append(tries, tok.RefreshToken)
	}
	if len(tries) == 0 {
		return nil
	}
	for _, t := range tries {
		err = oauth.Revoke(ctx, s.httpClient(), client, t)
		if k := kindOf(err); err == nil || k == oauth.ReconnectNeeded || k == oauth.TokenRejected {
			// Zoom no longer knows the token: there is nothing left to end.
			return nil
		}
	}
	return err
}

// forgetS2S deletes a Server-to-Server connection's saved token under its
// lock, so that no fetch in another process puts it back meanwhile.
func (s *Service) forgetS2S(ctx context.Context, connID string) error {
	err := s.withTokenLock(ctx, s.s2sLock(connID), func() { s.dropS2S(connID) }, func(ctx context.Context) error {
		return s.Secrets.Delete(ctx, S2STokenAccount(connID))
	})
	if err != nil {
		return fmt.Errorf("forget the saved token: %w", err)
	}
	return nil
}

// RevokeFailedError says Zoom could not revoke a connection being deleted;
// deleting it here anyway is the caller's explicit choice.
type RevokeFailedError struct {
	Name string
	Err  error
}

func (e *RevokeFailedError) Error() string {
	return fmt.Sprintf("Zoom could not revoke the access of %q: %s Delete it here anyway? Its access stays valid at Zoom until it expires or you remove the app there.",
		e.Name, explainShort(e.Err))
}

func (e *RevokeFailedError) Unwrap() error { return e.Err }

// Removal says what deleting a connection did with its sign-in.
type Removal struct {
	Name string
	// Revoked: the sign-in was revoked at Zoom (no other connection here
	// used it, and the app is user-managed).
	Revoked bool
	// ForgottenHere: the sign-in was forgotten here but not revoked,
	// because the app is admin-managed (see RemoveAppFromAccount).
	ForgottenHere bool
	// KeptFor names the connections that still use the sign-in.
	KeptFor []string
}

// Sentence says what happened, in the admin's words.
func (r Removal) Sentence() string {
	out := fmt.Sprintf("Removed connection %q.", r.Name)
	switch {
	case len(r.KeptFor) > 0:
		out += fmt.Sprintf(" Its sign-in stays: %s %s it.", JoinNames(r.KeptFor), map[bool]string{true: "uses", false: "use"}[len(r.KeptFor) == 1])
	case r.ForgottenHere:
		out += " Its sign-in was forgotten on this computer but not revoked at Zoom: the app is admin-managed, and a revoke would remove it from the whole Zoom account."
	case r.Revoked:
		out += " Its sign-in was revoked at Zoom."
	}
	return out
}

// DeleteConnectionRevoking deletes a connection. When it is the last one
// that uses its sign-in, it revokes the sign-in at Zoom first, unless the
// app is admin-managed (then it only forgets it here: see Removal);
// otherwise it only detaches, and the others keep working. When revoking
// fails it deletes nothing and returns a *RevokeFailedError, unless
// deleteIfRevokeFails.
func (s *Service) DeleteConnectionRevoking(ctx context.Context, connID string, deleteIfRevokeFails bool) (Removal, error) {
	doc, c, err := s.connection(connID)
	if err != nil {
		return Removal{}, err
	}
	out := Removal{Name: c.Name}
	if c.Auth != AuthOAuth2 || doc.SignIn(c.SignInID) == nil {
		if _, err := s.Revoke(ctx, connID); err != nil && !deleteIfRevokeFails {
			if _, nf := err.(*NotFoundError); nf {
				return out, err
			}
			return out, &RevokeFailedError{Name: c.Name, Err: err}
		}
		return out, s.DeleteConnection(ctx, connID)
	}
	id := c.SignInID
	err = s.withSignInLock(ctx, id, func(ctx context.Context) error {
		doc, err := s.Load()
		if err != nil {
			return err
		}
		cur := doc.Connection(connID)
		if cur == nil {
			return &NotFoundError{What: "connection", Name: c.Name}
		}
		si := doc.SignIn(id)
		if out.KeptFor = doc.AlsoUsedBy(*cur); len(out.KeptFor) == 0 && cur.SignInID == id && si != nil {
			switch tok, err := s.signInStore(id).Load(ctx); {
			case !implicitRevokeAllowed(doc, si.IClientID):
				out.ForgottenHere = true
			case err != nil:
				if !deleteIfRevokeFails {
					return &RevokeFailedError{Name: c.Name, Err: err}
				}
			case tok != nil:
				if err := s.revokeAtZoom(ctx, doc, si.IClientID, tok); err != nil {
					if !deleteIfRevokeFails {
						return &RevokeFailedError{Name: c.Name, Err: err}
					}
				} else {
					out.Revoked = true
				}
			}
			if err := s.Secrets.Delete(ctx, SignInTokenAccount(id)); err != nil {
				return fmt.Errorf("delete the sign-in: %w", err)
			}
		}
		return s.deleteConnection(ctx, connID)
	})
	return out, err
}
