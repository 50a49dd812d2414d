package model

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
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
// Lock order: a sign-in's lock (signIns.withLock) is taken before the data
// folder's lock (Service.update), never the other way round.

// signIns keeps the sign-ins and the saved tokens: what a consent lands in
// (adopt, attach), what is let go (release), what Zoom no longer accepts
// (markReconnect), and one token source per sign-in and Server-to-Server
// connection (see tokensource.go). The concerns that hand out, check,
// obtain or end tokens all go through it; it calls none of them.
type signIns struct {
	svc  *Service
	srcs sources
}

// adopted is where a consent's token went.
type adopted struct {
	SignIn SignIn
	// Joined lists the connections that already used this user's sign-in
	// with the iClient (its token was replaced, so they keep working).
	Joined []string
}

// adopt saves the token of a consent by res.User for the iClient icID: it
// replaces the token of that user's sign-in with the iClient if there is
// one (Zoom has just ended it), else it starts a new sign-in. Connections
// attach to the result themselves (attach).
func (s *signIns) adopt(ctx context.Context, icID string, res *oauth.Result) (adopted, error) {
	svc := s.svc
	doc, err := svc.Load()
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
	err = s.withLock(context.WithoutCancel(ctx), id, func(ctx context.Context) error {
		if err := saveNew(ctx, svc.signInStore(id), res.Token); err != nil {
			return fmt.Errorf("save the sign-in: %w", err)
		}
		now := svc.Now()
		return svc.update(func(d *Document) error {
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

// attach makes the connection use the sign-in, unless it was changed since
// before (then it is left alone). It returns the sign-in it used before.
func (s *signIns) attach(before Connection, si SignIn) (Connection, string, error) {
	var out Connection
	var previous string
	err := s.svc.update(func(doc *Document) error {
		c := doc.Connection(before.ID)
		if c == nil || credentialsChanged(before, *c) {
			return setupError(fmt.Sprintf("The connection %q was changed or deleted while you were approving access.", before.Name), "Authorize it again.")
		}
		now := s.svc.Now()
		previous = c.SignInID
		c.SignInID = si.ID
		c.Status = StatusOnline
		a := si.User
		c.AuthorizedAs = &a
		c.AuthorizedAt, c.LastTestAt, c.LastTest = si.Authorized, now, "ok"
		c.APIURL, c.GrantedScopes = si.APIURL, si.GrantedScopes
		if c.MigratedFrom != "" && c.MigratedAt.IsZero() {
			c.MigratedAt = now
		}
		out = *c
		return nil
	})
	return out, previous, err
}

// release forgets the sign-in id if no connection uses it any more: it
// revokes the token at Zoom when revoke is set and the app is not
// admin-managed (a failure there is only logged: the sign-in is no longer
// anyone's), then deletes it here. It returns what it forgot without
// revoking (a SignIn with an ID) so the caller can say so.
func (s *signIns) release(ctx context.Context, id string, revoke bool) (keptAtZoom SignIn) {
	if id == "" {
		return SignIn{}
	}
	svc := s.svc
	err := s.withLock(ctx, id, func(ctx context.Context) error {
		doc, err := svc.Load()
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
			if tok, err := svc.signInStore(id).Load(ctx); err == nil && tok != nil {
				if err := svc.revokeAtZoom(ctx, doc, si.IClientID, tok); err != nil {
					slog.Warn("revoke an unused sign-in", "signin", id, "err", explainShort(err))
				}
			}
		}
		if err := svc.Secrets.Delete(ctx, SignInTokenAccount(id)); err != nil {
			return err
		}
		return svc.update(func(d *Document) error {
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
		svc.record(Event{Kind: EventSignInForgotten, IClientID: keptAtZoom.IClientID, OK: ptr(true), Detail: fmt.Sprintf(
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
func (s *signIns) recordRefresh(id string) {
	doc, err := s.svc.Load()
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
	s.svc.record(ev)
}

// noteRefresh records on the sign-in id when its token was last renewed
// and when the new one ends, for status --json and list --json.
func (s *signIns) noteRefresh(id string, t *oauth2.Token) {
	now := s.svc.Now()
	_ = s.svc.update(func(d *Document) error {
		if si := d.SignIn(id); si != nil {
			si.Refreshed = now
			if t != nil && !t.Expiry.IsZero() {
				si.TokenExpires = t.Expiry.UTC().Truncate(time.Second)
			}
		}
		return nil
	})
}

// markReconnect records that Zoom no longer accepts the sign-in: every
// connection that uses it needs a reconnect, and Activity says so for each
// that was not marked already. It returns the names of all of them.
func (s *signIns) markReconnect(id string, cause error) []string {
	var hit []Connection
	var names []string
	s.svc.update(func(doc *Document) error {
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
		s.svc.record(Event{Kind: EventReconnectNeeded, ConnectionID: c.ID, ConnectionName: c.Name, Detail: detail, OK: ptr(false)})
	}
	return names
}

// SignInEndedError says that Zoom no longer accepts a sign-in, and which
// connections share it (all of them are now Reconnect needed).
type SignInEndedError struct {
	Err         *oauth.Error
	Connections []string // every connection of the sign-in
}

func (e *SignInEndedError) Error() string { return e.Err.Error() }

func (e *SignInEndedError) Unwrap() error { return e.Err }

// signInEnded is the error of a sign-in whose token Zoom rejects although
// nobody here renewed it: Zoom ended it. Its facts are Zoom's answer.
func signInEnded(cause error) *oauth.Error {
	e := &oauth.Error{Kind: oauth.ReconnectNeeded, Err: cause}
	if oe := zoomError(cause); oe != nil {
		e.Status, e.Code, e.Reason, e.Detail = oe.Status, oe.Code, oe.Reason, oe.Detail
	}
	return e
}

// endedError adds to err, when it says the sign-in si is dead, the
// connections that share si.
func endedError(doc *Document, si *SignIn, err error) error {
	oe := zoomError(err)
	if si == nil || oe == nil || oe.Kind != oauth.ReconnectNeeded {
		return err
	}
	var se *SignInEndedError
	if errors.As(err, &se) {
		return err
	}
	var names []string
	for _, c := range doc.SharersOf(si.ID) {
		names = append(names, c.Name)
	}
	return &SignInEndedError{Err: oe, Connections: names}
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
