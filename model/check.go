package model

import (
	"context"
	"errors"
	"time"

	"golang.org/x/oauth2"

	"zoomconn/oauth"
)

// A sign-in's state belongs to the sign-in: Zoom can end it at any time (a
// revoke in Zoom, the app removed, the same user approving the app again
// elsewhere), and nothing tells this computer until it asks. CheckAll asks,
// once per sign-in and once per Server-to-Server credentials, and records
// the answer on every connection that depends on it.

// Checks asks Zoom whether connections still work (Test one, CheckAll
// every sign-in) and records the answer on the connections.
type Checks struct{ svc *Service }

// CheckReport is what one round of checks found.
type CheckReport struct {
	At      time.Time
	Checked int      // sign-ins and Server-to-Server credentials asked
	Online  []string // connections Zoom accepts
	// Ended names the connections whose sign-in Zoom no longer accepts:
	// they are Reconnect needed now.
	Ended []string
	// Failed names the connections whose check could not tell (Zoom not
	// reached, another error): they show why.
	Failed []string
	// RetryAfter is set when Zoom rate-limited the round, which then
	// stopped: the next round should wait at least this long.
	RetryAfter time.Duration
}

// CheckAll asks Zoom about every OAuth 2.0 sign-in (GET /users/me with its
// token, refreshed first if it is old) and every Server-to-Server
// connection's credentials (one per iClient and Account ID), and records
// on each connection what it found, as Test does. A 429 ends the round
// (see RetryAfter). Connections not authorized and JWT records are not
// asked.
func (ck *Checks) CheckAll(ctx context.Context) (CheckReport, error) {
	doc, err := ck.svc.Load()
	if err != nil {
		return CheckReport{}, err
	}
	rep := CheckReport{At: ck.svc.Now()}
	for _, group := range checkGroups(doc) {
		if ctx.Err() != nil {
			return rep, ctx.Err()
		}
		first := group[0]
		user, err := ck.check(ctx, doc, &first)
		rep.Checked++
		if oe := zoomError(err); oe != nil && oe.Kind == oauth.RateLimited {
			rep.RetryAfter = max(oe.RetryAfter, time.Minute)
			return rep, nil
		}
		names := ck.recordCheck(group, user, err)
		var se *SignInEndedError
		switch {
		case err == nil:
			rep.Online = append(rep.Online, names...)
		case errors.As(err, &se) || kindOf(err) == oauth.ReconnectNeeded:
			rep.Ended = append(rep.Ended, names...)
		default:
			rep.Failed = append(rep.Failed, names...)
		}
	}
	return rep, nil
}

// checkGroups are the connections one check answers for: those that share
// a sign-in, and Server-to-Server connections with the same iClient and
// Account ID.
func checkGroups(doc *Document) [][]Connection {
	var groups [][]Connection
	index := map[string]int{}
	for _, c := range doc.Connections {
		var key string
		switch {
		case c.Auth == AuthOAuth2 && doc.SignIn(c.SignInID) != nil:
			key = "signin\x00" + c.SignInID
		case c.Auth == AuthS2S && c.IClientID != "" && c.Status != StatusNotAuthorized:
			key = "s2s\x00" + c.IClientID + "\x00" + c.AccountID
		default:
			continue
		}
		if i, ok := index[key]; ok {
			groups[i] = append(groups[i], c)
			continue
		}
		index[key] = len(groups)
		groups = append(groups, []Connection{c})
	}
	return groups
}

// recordCheck records one check's answer on every connection of group and
// returns their names. Activity hears of a change only: a check every few
// minutes that finds nothing new writes nothing.
func (ck *Checks) recordCheck(group []Connection, user oauth.User, err error) []string {
	now := ck.svc.Now()
	names := make([]string, len(group))
	var changed []Connection
	ck.svc.update(func(d *Document) error {
		for i, g := range group {
			names[i] = g.Name
			cur := d.Connection(g.ID)
			if cur == nil {
				continue
			}
			before := cur.Status
			setChecked(cur, now, user, err)
			if cur.Status != before {
				changed = append(changed, *cur)
			}
		}
		return nil
	})
	for _, c := range changed {
		if c.Status == StatusReconnectNeeded {
			continue // markReconnect has said so
		}
		ck.svc.record(Event{Kind: EventTested, ConnectionID: c.ID, ConnectionName: c.Name,
			Detail: "checked with Zoom: " + testDetail(user, err), OK: ptr(err == nil)})
	}
	return names
}

// setChecked records on c what a check with Zoom at now found: Online
// and whom it reached, or why not and the status that leaves.
func setChecked(c *Connection, now time.Time, user oauth.User, err error) {
	c.LastTestAt = now
	if err == nil {
		c.Status, c.LastTest = StatusOnline, "ok"
		c.AuthorizedAs = accountOf(user)
		return
	}
	c.LastTest = explainShort(err)
	c.Status = statusAfter(c, err)
}

// Test calls Zoom's /users/me with the connection and records the result:
// its status, the account it reaches, and an activity event.
func (ck *Checks) Test(ctx context.Context, connID string) (Connection, error) {
	svc := ck.svc
	doc, c, err := svc.connection(connID)
	if err != nil {
		return Connection{}, err
	}
	user, err := ck.check(ctx, doc, c)
	now := svc.Now()
	var out Connection
	uerr := svc.update(func(d *Document) error {
		cur := d.Connection(connID)
		if cur == nil {
			return &NotFoundError{What: "connection", Name: c.Name}
		}
		setChecked(cur, now, user, err)
		out = *cur
		return nil
	})
	svc.record(Event{Kind: EventTested, ConnectionID: c.ID, ConnectionName: c.Name, Detail: testDetail(user, err), OK: ptr(err == nil)})
	if err != nil {
		return out, err
	}
	return out, uerr
}

func testDetail(u oauth.User, err error) string {
	if err != nil {
		return explainShort(err)
	}
	return "reached " + describeAccount(accountOf(u))
}

// statusAfter is the status a failed test leaves a connection in.
func statusAfter(c *Connection, err error) Status {
	kind := kindOf(err)
	switch {
	case kind == "":
		return c.Status
	case c.Auth == AuthJWT:
		return StatusMigrationNeeded
	case c.Status == StatusNotAuthorized:
		return StatusNotAuthorized
	case kind == oauth.ReconnectNeeded || kind == oauth.TokenRejected:
		return StatusReconnectNeeded
	}
	return StatusOffline
}

// check asks Zoom's /users/me who the connection acts as: with the JWT
// API Secret for a JWT record, else with a token from its token source.
func (ck *Checks) check(ctx context.Context, doc *Document, c *Connection) (oauth.User, error) {
	svc := ck.svc
	env := c.Env.OAuth()
	if c.Auth == AuthJWT {
		secret, err := svc.Secrets.Get(ctx, JWTSecretAccount(c.ID))
		if errors.Is(err, ErrSecretNotFound) {
			return oauth.User{}, jwtRetired()
		}
		if err != nil {
			return oauth.User{}, err
		}
		return oauth.CheckJWT(ctx, svc.httpClient(), env.APIBase, c.APIKey, secret.Reveal())
	}
	ts, err := svc.signIns.source(ctx, doc, c)
	if err != nil {
		return oauth.User{}, err
	}
	tok, err := ts.Token()
	if err != nil {
		return oauth.User{}, endedError(doc, doc.SignIn(c.SignInID), err)
	}
	return ck.checkWith(ctx, ts, tok, env.APIFor(c.APIURL), doc.SignIn(c.SignInID))
}

// checkWith asks /users/me with tok. When Zoom rejects it, another process
// may have renewed the token since it was read (Zoom then ended ours): it
// re-reads the store and tries once more. A sign-in whose token Zoom still
// rejects then is dead (revoked, its app removed, or replaced by a newer
// consent of the same user elsewhere): every connection of it is marked.
func (ck *Checks) checkWith(ctx context.Context, ts oauth.PersistingSource, tok *oauth2.Token, api string, si *SignIn) (oauth.User, error) {
	hc := ck.svc.httpClient()
	u, err := oauth.Check(ctx, hc, api, oauth2.StaticTokenSource(tok))
	if kindOf(err) != oauth.TokenRejected {
		return u, err
	}
	fresh, changed, rerr := ts.Reload(ctx, tok.AccessToken)
	if rerr == nil && changed {
		u, err = oauth.Check(ctx, hc, api, oauth2.StaticTokenSource(fresh))
		if kindOf(err) != oauth.TokenRejected {
			return u, err
		}
	}
	if rerr == nil && si != nil {
		ended := &SignInEndedError{Err: signInEnded(err)}
		ended.Connections = ck.svc.signIns.markReconnect(si.ID, ended)
		return u, ended
	}
	return u, err
}

// appSignIns asks Zoom about every sign-in of the iClient's app (one
// /users/me each) and marks those it no longer accepts; it returns the
// connections of those.
func (ck *Checks) appSignIns(ctx context.Context, iclientID string) []string {
	doc, err := ck.svc.Load()
	if err != nil {
		return nil
	}
	var ended []string
	for _, si := range doc.SignInsOfApp(iclientID) {
		if dead, names := ck.signIn(ctx, doc, si); dead {
			ended = append(ended, names...)
		}
	}
	return ended
}

// signIn asks Zoom who the sign-in si acts as (refreshing it first if its
// access token is old). It reports whether Zoom no longer accepts it, and
// then the connections that use it (all marked Reconnect needed).
func (ck *Checks) signIn(ctx context.Context, doc *Document, si SignIn) (dead bool, names []string) {
	sharers := doc.SharersOf(si.ID)
	if len(sharers) == 0 {
		return false, nil
	}
	c := sharers[0]
	_, err := ck.check(ctx, doc, &c)
	var se *SignInEndedError
	switch {
	case errors.As(err, &se):
		return true, se.Connections
	case kindOf(err) == oauth.ReconnectNeeded:
		for _, o := range sharers {
			names = append(names, o.Name)
		}
		return true, names
	}
	return false, nil
}
