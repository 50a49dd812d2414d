package model

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Zoom's revoke uninstalls the app for whoever it was installed for: for a
// user-managed app that ends one Zoom user's sign-in; for an admin-managed
// (account-level) app it removes the app from the whole Zoom account and
// ends every admin's sign-in of it, here and on other computers. So a
// sign-in of an admin-managed app is revoked only when the admin asks for
// exactly that (RemoveAppFromAccount); everything else forgets it here.

// Revocation ends sign-ins: at Zoom (Revoke, RemoveAppFromAccount) or on
// this computer only (ForgetSignIn), and with a connection being deleted
// (DeleteConnectionRevoking, in remove.go).
type Revocation struct{ svc *Service }

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
func (rv *Revocation) Revoke(ctx context.Context, connID string) ([]string, error) {
	svc := rv.svc
	doc, c, err := svc.connection(connID)
	if err != nil {
		return nil, err
	}
	if si := doc.SignIn(c.SignInID); c.Auth == AuthOAuth2 && si != nil {
		if ic := doc.IClient(si.IClientID); ic != nil && ic.AdminManaged() {
			return nil, &AdminManagedError{IClient: ic.Name, Connection: c.Name, Stops: appRemovalStops(doc, *si)}
		}
		return rv.signOut(ctx, c.SignInID, c.ID, signOutAtZoom)
	}
	if c.Auth == AuthS2S {
		if err := svc.signIns.forgetS2S(ctx, c.ID); err != nil {
			return nil, err
		}
	}
	err = svc.update(func(d *Document) error {
		if cur := d.Connection(connID); cur != nil && cur.Auth != AuthJWT {
			cur.Status, cur.AuthorizedAs, cur.AuthorizedAt, cur.SignInID = StatusNotAuthorized, nil, time.Time{}, ""
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	svc.record(Event{Kind: EventRevoked, ConnectionID: c.ID, ConnectionName: c.Name, OK: ptr(true)})
	return []string{c.Name}, nil
}

// ForgetSignIn forgets, on this computer only, the sign-in that the OAuth
// 2.0 connection uses: Zoom is not asked anything, so the sign-in stays
// valid there until it is replaced or the app removed. Every connection of
// that sign-in is then Not authorized; their names are returned, this one
// first.
func (rv *Revocation) ForgetSignIn(ctx context.Context, connID string) ([]string, error) {
	doc, c, err := rv.svc.connection(connID)
	if err != nil {
		return nil, err
	}
	if c.Auth != AuthOAuth2 || doc.SignIn(c.SignInID) == nil {
		return nil, setupError(fmt.Sprintf("The connection %q is not signed in.", c.Name), "")
	}
	return rv.signOut(ctx, c.SignInID, c.ID, signOutHere)
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
func (rv *Revocation) PlanAppRemoval(connID string) (AppRemoval, error) {
	doc, c, err := rv.svc.connection(connID)
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
	return AppRemoval{IClient: name, Account: si.User.AccountID, Stops: appRemovalStops(doc, *si)}, nil
}

// appRemovalStops names the connections whose sign-in a removal of si's app
// from si's Zoom account ends: every sign-in of that app (SameApp) whose
// user is in the same account, or whose account is not known.
func appRemovalStops(doc *Document, si SignIn) []string {
	var names []string
	for _, o := range sameAccountSignIns(doc, si) {
		for _, c := range doc.SharersOf(o.ID) {
			names = append(names, c.Name)
		}
	}
	return names
}

func sameAccountSignIns(doc *Document, si SignIn) []SignIn {
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
func (rv *Revocation) RemoveAppFromAccount(ctx context.Context, connID string) ([]string, error) {
	doc, c, err := rv.svc.connection(connID)
	if err != nil {
		return nil, err
	}
	si := doc.SignIn(c.SignInID)
	if c.Auth != AuthOAuth2 || si == nil {
		return nil, setupError(fmt.Sprintf("The connection %q is not signed in, so there is nothing to revoke.", c.Name), "")
	}
	names, err := rv.signOut(ctx, si.ID, c.ID, signOutHow{atZoom: true, kind: EventAppRemoved,
		detail: "revoked at Zoom, which removed the app from the Zoom account"})
	if err != nil {
		return nil, err
	}
	// Zoom has ended the other sign-ins of the app in this account too.
	doc, err = rv.svc.Load()
	if err != nil {
		return names, err
	}
	for _, o := range sameAccountSignIns(doc, *si) {
		if o.ID == si.ID {
			continue
		}
		more, err := rv.signOut(ctx, o.ID, "", signOutHow{kind: EventAppRemoved,
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
func (rv *Revocation) signOut(ctx context.Context, id, firstConn string, how signOutHow) ([]string, error) {
	var hit []Connection
	err := rv.svc.signIns.withLock(ctx, id, func(ctx context.Context) error {
		var err error
		hit, err = rv.endSignIn(ctx, id, how.atZoom)
		return err
	})
	if err != nil {
		return nil, err
	}
	var names []string
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
		rv.svc.record(Event{Kind: how.kind, ConnectionID: c.ID, ConnectionName: c.Name, Detail: detail, OK: ptr(true)})
	}
	return names, nil
}

// endSignIn is signOut's work under the sign-in's lock: the revoke at Zoom
// when atZoom, the token deleted, the sign-in's connections marked Not
// authorized. It returns those connections.
func (rv *Revocation) endSignIn(ctx context.Context, id string, atZoom bool) ([]Connection, error) {
	svc := rv.svc
	doc, err := svc.Load()
	if err != nil {
		return nil, err
	}
	si := doc.SignIn(id)
	if si == nil {
		return nil, nil
	}
	if atZoom {
		tok, err := svc.signInStore(id).Load(ctx)
		if err != nil {
			return nil, err
		}
		if tok != nil {
			if err := svc.revokeAtZoom(ctx, doc, si.IClientID, tok); err != nil {
				return nil, err
			}
		}
	}
	if err := svc.Secrets.Delete(ctx, SignInTokenAccount(id)); err != nil {
		return nil, err
	}
	var hit []Connection
	err = svc.update(func(d *Document) error {
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
	if err != nil {
		return nil, err
	}
	return hit, nil
}
