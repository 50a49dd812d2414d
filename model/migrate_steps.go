package model

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"golang.org/x/oauth2"

	"zoomconn/oauth"
)

// The steps of a migration: one connection at a time (migrateOne), or
// every connection with one shared consent (migrateShared); each ends in
// one save that switches the connection (commitMigration).

// migrateOne migrates the connection id: it checks the new credentials
// (a Server-to-Server token, or a consent), then switches it.
func (m *Migration) migrateOne(ctx context.Context, id string, ic *IClient, client oauth.Client, plan MigratePlan, p MigrateProgress, progress func(MigrateProgress)) MigrateResult {
	before, r, ok := m.eligible(id, ic)
	if r.Name != "" {
		p.Name, p.Stage = r.Name, MigrateStarted
		progress(p)
	}
	if !ok {
		return r
	}
	next := before
	next.Auth, next.IClientID, next.APIKey = plan.Auth, ic.ID, ""
	var cred migratedAs
	switch plan.Auth {
	case AuthS2S:
		next.Scopes = ""
		if plan.AccountID != "" {
			next.AccountID = plan.AccountID
		}
		if next.AccountID == "" {
			return failed(r, ValidationError{{Field: "account_id", Message: "Enter the Account ID (from the Server-to-Server app's App credentials in Zoom)."}})
		}
		tok, user, err := m.checkS2S(ctx, client, next.AccountID)
		if err != nil {
			return failedOrCanceled(ctx, r, err)
		}
		cred.user = user
		cred.apiURL, _ = tok.Extra("api_url").(string)
		cred.granted, _ = tok.Extra("scope").(string)
	case AuthOAuth2:
		next.AccountID = ""
		if plan.Scopes != "" {
			next.Scopes = plan.Scopes
		}
		res, err := m.svc.Consents.migrationConsent(ctx, before.ID, ic.ID, client, next.Scopes, plan.Opener, plan.Timeout, func(url string, openErr error) {
			p.Stage, p.ConsentURL, p.OpenErr = MigrateConsent, url, openErr
			progress(p)
		})
		if err != nil {
			return failedOrCanceled(ctx, r, err)
		}
		// Zoom has issued a token (and ended this user's earlier sign-in
		// with the app): keep it, whatever the run's context says now.
		ad, err := m.svc.signIns.adopt(ctx, ic.ID, res)
		if err != nil {
			return failed(r, err)
		}
		cred = migratedAs{user: res.User, apiURL: res.APIURL, granted: strings.Join(res.Scopes, " "), signIn: ad.SignIn.ID, joined: ad.Joined, existing: ad.Joined}
	}
	r = m.commitMigration(context.WithoutCancel(ctx), r, before, next, ic, cred)
	if r.Outcome != MigrateOnline {
		m.svc.signIns.release(context.WithoutCancel(ctx), cred.signIn, true) // only if nobody uses it
	}
	return r
}

// migratedAs is what the new credentials turned out to be.
type migratedAs struct {
	user            oauth.User
	apiURL, granted string
	signIn          string   // OAuth 2.0: the sign-in the connection joins
	joined          []string // OAuth 2.0: connections that already used it
	existing        []string // OAuth 2.0: those of them from before the run
}

// sharedKey is the key of the approval one shared consent gives for ids.
func sharedKey(ids []string) string {
	k := slices.Sorted(slices.Values(ids))
	return "shared:" + strings.Join(k, ",")
}

// commitMigration switches the connection to its new credentials in one
// save, unless it was changed meanwhile (then it stays as it was).
func (m *Migration) commitMigration(ctx context.Context, r MigrateResult, before, next Connection, ic *IClient, cred migratedAs) MigrateResult {
	svc := m.svc
	now := svc.Now()
	var out Connection
	err := svc.update(func(d *Document) error {
		cur := d.Connection(before.ID)
		if cur == nil || cur.Auth != AuthJWT || credentialsChanged(before, *cur) {
			return setupError(fmt.Sprintf("The connection %q was changed or deleted during the migration.", before.Name), "Check it, then migrate it again.")
		}
		n := next
		n.Name, n.Env, n.Created = cur.Name, cur.Env, cur.Created
		if err := ValidateConnection(&n, d, false); err != nil {
			return err
		}
		n.Status, n.AuthorizedAs, n.AuthorizedAt = StatusOnline, accountOf(cred.user), now
		n.SignInID = cred.signIn
		n.APIURL, n.GrantedScopes = cred.apiURL, cred.granted
		n.LastTest, n.LastTestAt = "ok", now
		n.MigratedFrom, n.MigratedAt, n.Modified = AuthJWT, now, now
		*cur = n
		out = n
		return nil
	})
	if err != nil {
		return failed(r, err)
	}
	if err := svc.Secrets.Delete(ctx, JWTSecretAccount(before.ID)); err != nil {
		slog.Warn("migrate: forget the JWT API Secret", "connection", before.ID, "err", err)
	}
	svc.record(Event{Time: now, Kind: EventAuthTypeChanged, ConnectionID: out.ID, ConnectionName: out.Name, OK: ptr(true),
		Detail: fmt.Sprintf("%s → %s (migrated with iClient %q; the JWT record had API Key %s)", AuthJWT.Label(), out.Auth.Label(), ic.Name, before.APIKey)})
	detail := "as " + describeAccount(out.AuthorizedAs)
	if joined := without(cred.joined, out.Name); len(joined) > 0 {
		detail += "; shares the sign-in of " + strings.Join(joined, ", ")
	}
	svc.record(Event{Time: now, Kind: EventAuthorized, ConnectionID: out.ID, ConnectionName: out.Name, OK: ptr(true), Detail: detail})
	r.Outcome, r.Connection, r.Joined = MigrateOnline, out, without(cred.existing, out.Name)
	return r
}

// migrateShared migrates JWT connections to OAuth 2.0 with ONE consent:
// every eligible connection joins the sign-in of the user who approved.
func (m *Migration) migrateShared(ctx context.Context, ids []string, ic *IClient, client oauth.Client, plan MigratePlan, progress func(MigrateProgress)) ([]MigrateResult, error) {
	results := make([]MigrateResult, len(ids))
	finished := 0
	done := func(i int, r MigrateResult) {
		results[i] = r
		finished++
		progress(MigrateProgress{Index: i, Total: len(ids), Finished: finished, ConnectionID: r.ConnectionID, Name: r.Name, Stage: MigrateDone, Result: &results[i]})
	}
	work, workIDs := m.sharedWork(ids, ic, done)
	if len(work) == 0 {
		return results, ctx.Err()
	}
	scopes := work[0].before.Scopes
	if plan.Scopes != "" {
		scopes = plan.Scopes
	}
	res, err := m.svc.Consents.migrationConsent(ctx, sharedKey(workIDs), ic.ID, client, scopes, plan.Opener, plan.Timeout, func(url string, openErr error) {
		progress(MigrateProgress{Index: work[0].i, Total: len(ids), Finished: finished, Stage: MigrateConsent,
			ConsentURL: url, OpenErr: openErr, Shared: true, ConnectionIDs: workIDs})
	})
	var cred migratedAs
	if err == nil {
		var ad adopted
		if ad, err = m.svc.signIns.adopt(ctx, ic.ID, res); err == nil {
			cred = migratedAs{user: res.User, apiURL: res.APIURL, granted: strings.Join(res.Scopes, " "), signIn: ad.SignIn.ID, joined: ad.Joined, existing: ad.Joined}
		}
	}
	for _, w := range work {
		if err != nil {
			done(w.i, failedOrCanceled(ctx, w.r, err))
			continue
		}
		progress(MigrateProgress{Index: w.i, Total: len(ids), Finished: finished, ConnectionID: w.r.ConnectionID, Name: w.r.Name, Stage: MigrateStarted})
		next := w.before
		next.Auth, next.IClientID, next.APIKey, next.AccountID = AuthOAuth2, ic.ID, "", ""
		if plan.Scopes != "" {
			next.Scopes = plan.Scopes
		}
		r := m.commitMigration(context.WithoutCancel(ctx), w.r, w.before, next, ic, cred)
		if r.Outcome == MigrateOnline {
			cred.joined = append(cred.joined, r.Name)
		}
		done(w.i, r)
	}
	if cred.signIn != "" {
		m.svc.signIns.release(context.WithoutCancel(ctx), cred.signIn, true) // only if nobody uses it
	}
	return results, ctx.Err()
}

// sharedItem is a connection one shared consent is for: its place in the
// run, how it was before, and its result so far.
type sharedItem struct {
	i      int
	before Connection
	r      MigrateResult
}

// sharedWork picks, in order, the connections of ids that one shared
// consent is for (and their IDs); every other is done at once.
func (m *Migration) sharedWork(ids []string, ic *IClient, done func(int, MigrateResult)) ([]sharedItem, []string) {
	var work []sharedItem
	var workIDs []string
	seen := map[string]bool{}
	for i, id := range ids {
		before, r, ok := m.eligible(id, ic)
		if ok && seen[id] {
			ok, r.Reason = false, "It is listed twice; it is migrated once."
		}
		if !ok {
			done(i, r)
			continue
		}
		seen[id] = true
		work = append(work, sharedItem{i, before, r})
		workIDs = append(workIDs, id)
	}
	return work, workIDs
}

// checkS2S fetches a Server-to-Server token for accountID and asks Zoom
// who it acts for. Canceling ctx abandons the wait.
func (m *Migration) checkS2S(ctx context.Context, client oauth.Client, accountID string) (*oauth2.Token, oauth.User, error) {
	type answer struct {
		tok  *oauth2.Token
		user oauth.User
		err  error
	}
	done := make(chan answer, 1)
	go func() {
		tok, err := oauth.NewS2STokenSource(client, accountID, m.svc.httpClient()).Token()
		if err != nil {
			done <- answer{err: err}
			return
		}
		apiURL, _ := tok.Extra("api_url").(string)
		u, err := oauth.Check(ctx, m.svc.httpClient(), client.Env.APIFor(apiURL), oauth2.StaticTokenSource(tok))
		done <- answer{tok, u, err}
	}()
	select {
	case a := <-done:
		return a.tok, a.user, a.err
	case <-ctx.Done():
		return nil, oauth.User{}, oauth.Translate(ctx.Err(), "")
	}
}
