package model

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"

	"golang.org/x/oauth2"

	"zoomconn/oauth"
)

// Schema1Backup is the copy of a schema 1 file kept when it is upgraded.
const Schema1Backup = "zoomconn.json.schema1.bak"

// upgradeBudget bounds the keyring calls of an upgrade.
const upgradeBudget = 2 * DefaultKeyringTimeout

// upgradeV1 moves a schema 1 document, which kept one OAuth 2.0 token per
// connection (TokenAccount), to sign-ins: one per connection that has a
// token, merged where connections hold the same iClient and Zoom user (Zoom
// kept only the newest of those alive, so the newest token is kept). It runs
// under the data folder's lock. Tokens are copied to their sign-in before
// the document is saved; done deletes the old copies and logs what happened
// once the document is saved. Running it again after a crash gives the same
// result: a sign-in's ID is the ID of the connection whose token it keeps.
func (s *Service) upgradeV1(doc *Document) (done func(), err error) {
	ctx, cancel := context.WithTimeout(context.Background(), upgradeBudget)
	defer cancel()
	groups, err := s.v1Tokens(ctx, doc)
	if err != nil {
		return nil, err
	}
	var events []Event
	for _, g := range groups.list {
		more, err := s.v1SignIn(ctx, doc, g)
		if err != nil {
			return nil, err
		}
		events = append(events, more...)
	}
	doc.Schema = SchemaVersion
	if err := s.Store.keepCopy(Schema1Backup); err != nil {
		return nil, fmt.Errorf("keep a copy of the connections file before moving it to this version's format: %w", err)
	}
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), upgradeBudget)
		defer cancel()
		for _, id := range groups.moved {
			if err := s.Secrets.Delete(ctx, TokenAccount(id)); err != nil {
				slog.Warn("upgrade: delete a moved token", "connection", id, "err", err)
			}
		}
		s.record(Event{Kind: EventUpgraded, OK: ptr(true), Detail: fmt.Sprintf(
			"connections file moved to schema %d: %d sign-in(s) for %d authorized OAuth 2.0 connection(s); the old file is kept as %s",
			SchemaVersion, len(groups.list), len(groups.moved), Schema1Backup)})
		for _, ev := range events {
			s.record(ev)
		}
	}, nil
}

// v1Held is a schema 1 connection with the token it held.
type v1Held struct {
	c   *Connection
	tok *oauth2.Token
}

// v1Groups are the schema 1 connections that held a token, grouped by
// iClient and Zoom user (each group becomes one sign-in), in the order
// they come in the document, and the IDs of all of them.
type v1Groups struct {
	list  [][]v1Held
	moved []string
}

// v1Tokens reads the token of every OAuth 2.0 connection of a schema 1
// document and groups them; a connection without one loses its sign-in.
func (s *Service) v1Tokens(ctx context.Context, doc *Document) (v1Groups, error) {
	var out v1Groups
	index := map[string]int{}
	for i := range doc.Connections {
		c := &doc.Connections[i]
		if c.Auth != AuthOAuth2 {
			continue
		}
		tok, err := (keyringTokenStore{s.Secrets, TokenAccount(c.ID)}).Load(ctx)
		if err != nil {
			return v1Groups{}, fmt.Errorf("move the sign-ins to this version's format: %w", err)
		}
		if tok == nil {
			c.SignInID = ""
			continue
		}
		out.moved = append(out.moved, c.ID)
		key := "connection\x00" + c.ID
		if c.AuthorizedAs != nil && c.AuthorizedAs.UserID != "" {
			key = c.IClientID + "\x00" + c.AuthorizedAs.UserID
		}
		if _, ok := index[key]; !ok {
			index[key] = len(out.list)
			out.list = append(out.list, nil)
		}
		out.list[index[key]] = append(out.list[index[key]], v1Held{c, tok})
	}
	return out, nil
}

// v1SignIn makes one sign-in of the group g: it keeps the newest token
// (Zoom ended the others when it issued it), and every connection of g
// uses it. It returns the events that say so for the others.
func (s *Service) v1SignIn(ctx context.Context, doc *Document, g []v1Held) ([]Event, error) {
	// Newest first: a later consent or refresh gives a later expiry,
	// and Zoom ended the others when it issued it.
	// Expiries a few seconds apart come from one moment (Zoom gives
	// expires_in in whole seconds): then the later consent decides.
	slices.SortStableFunc(g, func(a, b v1Held) int {
		if d := b.tok.Expiry.Sub(a.tok.Expiry); d > 5*time.Second || d < -5*time.Second {
			return b.tok.Expiry.Compare(a.tok.Expiry)
		}
		return b.c.AuthorizedAt.Compare(a.c.AuthorizedAt)
	})
	keep := g[0]
	id := keep.c.ID
	if err := saveNew(ctx, s.signInStore(id), keep.tok); err != nil {
		return nil, fmt.Errorf("move the sign-ins to this version's format: %w", err)
	}
	oauth.BumpStamp(s.signInLock(id))
	si := SignIn{ID: id, IClientID: keep.c.IClientID, Authorized: keep.c.AuthorizedAt,
		APIURL: keep.c.APIURL, GrantedScopes: keep.c.GrantedScopes, Created: keep.c.AuthorizedAt}
	if keep.c.AuthorizedAs != nil {
		si.User = *keep.c.AuthorizedAs
	}
	if si.Created.IsZero() {
		si.Created = s.Now()
	}
	doc.SignIns = append(doc.SignIns[:len(doc.SignIns):len(doc.SignIns)], si)
	var events []Event
	for _, h := range g {
		h.c.SignInID = id
		if h.c == keep.c {
			continue
		}
		h.c.Status, h.c.AuthorizedAt = keep.c.Status, keep.c.AuthorizedAt
		h.c.APIURL, h.c.GrantedScopes = keep.c.APIURL, keep.c.GrantedScopes
		events = append(events, Event{Kind: EventUpgraded, ConnectionID: h.c.ID, ConnectionName: h.c.Name, OK: ptr(true),
			Detail: fmt.Sprintf("its own sign-in had already been replaced at Zoom by a newer approval of %s (the one %q used); it now shares that sign-in",
				describeAccount(keep.c.AuthorizedAs), keep.c.Name)})
	}
	return events, nil
}

// keepCopy copies the metadata file to name in the data folder, once: an
// existing copy is the older one and is kept.
func (st *Store) keepCopy(name string) error {
	dst := filepath.Join(st.Dir, name)
	if _, err := os.Stat(dst); err == nil {
		return nil
	}
	data, err := os.ReadFile(st.Path())
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return writeAtomic(st.Dir, dst, data)
}
