package model

import (
	"context"
	"errors"
	"time"

	"zoomconn/oauth"
)

// A sign-in's state belongs to the sign-in: Zoom can end it at any time (a
// revoke in Zoom, the app removed, the same user approving the app again
// elsewhere), and nothing tells this computer until it asks. CheckAll asks,
// once per sign-in and once per Server-to-Server credentials, and records
// the answer on every connection that depends on it.

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
func (s *Service) CheckAll(ctx context.Context) (CheckReport, error) {
	doc, err := s.Load()
	if err != nil {
		return CheckReport{}, err
	}
	rep := CheckReport{At: s.Now()}
	for _, group := range checkGroups(doc) {
		if ctx.Err() != nil {
			return rep, ctx.Err()
		}
		first := group[0]
		user, err := s.check(ctx, doc, &first)
		rep.Checked++
		if oe := zoomError(err); oe != nil && oe.Kind == oauth.RateLimited {
			rep.RetryAfter = max(oe.RetryAfter, time.Minute)
			return rep, nil
		}
		names := s.recordCheck(group, user, err)
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
func (s *Service) recordCheck(group []Connection, user oauth.User, err error) []string {
	now := s.Now()
	names := make([]string, len(group))
	var changed []Connection
	s.update(func(d *Document) error {
		for i, g := range group {
			names[i] = g.Name
			cur := d.Connection(g.ID)
			if cur == nil {
				continue
			}
			before := cur.Status
			cur.LastTestAt = now
			if err == nil {
				cur.Status, cur.LastTest = StatusOnline, "ok"
				cur.AuthorizedAs = accountOf(user)
			} else {
				cur.LastTest = explainShort(err)
				cur.Status = statusAfter(cur, err)
			}
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
		s.record(Event{Kind: EventTested, ConnectionID: c.ID, ConnectionName: c.Name,
			Detail: "checked with Zoom: " + testDetail(user, err), OK: ptr(err == nil)})
	}
	return names
}
