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
	type held struct {
		c   *Connection
		tok *oauth2.Token
	}
	groups := map[string][]held{}
	var order []string
	var moved []string
	for i := range doc.Connections {
		c := &doc.Connections[i]
		if c.Auth != AuthOAuth2 {
			continue
		}
		tok, err := (keyringTokenStore{s.Secrets, TokenAccount(c.ID)}).Load(ctx)
		if err != nil {
			return nil, fmt.Errorf("move the sign-ins to this version's format: %w", err)
		}
		if tok == nil {
			c.SignInID = ""
			continue
		}
		moved = append(moved, c.ID)
		key := "connection\x00" + c.ID
		if c.AuthorizedAs != nil && c.AuthorizedAs.UserID != "" {
			key = c.IClientID + "\x00" + c.AuthorizedAs.UserID
		}
		if _, ok := groups[key]; !ok {
			order = append(order, key)
		}
		groups[key] = append(groups[key], held{c, tok})
	}
	var events []Event
	for _, key := range order {
		g := groups[key]
		// Newest first: a later consent or refresh gives a later expiry,
		// and Zoom ended the others when it issued it.
		// Expiries a few seconds apart come from one moment (Zoom gives
		// expires_in in whole seconds): then the later consent decides.
		slices.SortStableFunc(g, func(a, b held) int {
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
	}
	doc.Schema = SchemaVersion
	if err := s.Store.keepCopy(Schema1Backup); err != nil {
		return nil, fmt.Errorf("keep a copy of the connections file before moving it to this version's format: %w", err)
	}
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), upgradeBudget)
		defer cancel()
		for _, id := range moved {
			if err := s.Secrets.Delete(ctx, TokenAccount(id)); err != nil {
				slog.Warn("upgrade: delete a moved token", "connection", id, "err", err)
			}
		}
		s.record(Event{Kind: EventUpgraded, OK: ptr(true), Detail: fmt.Sprintf(
			"connections file moved to schema %d: %d sign-in(s) for %d authorized OAuth 2.0 connection(s); the old file is kept as %s",
			SchemaVersion, len(order), len(moved), Schema1Backup)})
		for _, ev := range events {
			s.record(ev)
		}
	}, nil
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
