package model

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"zoomconn/oauth"
)

// MigratePlan says what JWT connections become.
type MigratePlan struct {
	Auth      AuthType // AuthOAuth2 or AuthS2S
	IClientID string
	// AccountID is the Server-to-Server Account ID for every connection;
	// "" uses each connection's own (as imported from a CSV account_id).
	AccountID string
	Opener    Opener        // OAuth 2.0: opens each consent page; nil shows only the URL
	Timeout   time.Duration // OAuth 2.0: the wait for each consent; 0 is ConsentTimeout
	// ConsentEach asks for one consent per connection, so that each may be
	// approved by a different Zoom user (user-managed apps). By default
	// OAuth 2.0 asks for ONE consent and every connection joins the sign-in
	// of the user who approved it: Zoom keeps one live sign-in per user per
	// app, so a consent per connection by the same user would only replace
	// the previous one.
	ConsentEach bool
	// Scopes are the OAuth 2.0 scopes to ask for and keep on the migrated
	// connections; "" keeps each connection's own (a JWT record has none,
	// and then Zoom grants what the app has).
	Scopes string
}

// MigrateOutcome is how one connection's migration ended.
type MigrateOutcome string

// The outcomes of a migration.
const (
	MigrateOnline  MigrateOutcome = "online"
	MigrateFailed  MigrateOutcome = "failed"
	MigrateSkipped MigrateOutcome = "skipped"
)

// MigrateResult is one connection's outcome. A failed or skipped
// connection is exactly as it was before.
type MigrateResult struct {
	ConnectionID string
	Name         string
	Outcome      MigrateOutcome
	Reason       string // why it failed or was skipped, in the admin's words
	Err          error  // the failure (*oauth.Error, *KeyringError, …), nil otherwise
	Connection   Connection
	// Joined names the connections that already used the approving user's
	// sign-in with this iClient before the run; this one joined it.
	Joined []string
}

// MigrateStage is where a connection's migration is.
type MigrateStage string

// The stages progress reports.
const (
	MigrateStarted MigrateStage = "started" // working on Name
	MigrateConsent MigrateStage = "consent" // OAuth 2.0: waiting for approval at ConsentURL
	MigrateDone    MigrateStage = "done"    // Result holds the outcome
)

// MigrateProgress is reported before, during and after each connection.
type MigrateProgress struct {
	Index        int // 0-based position of this connection in the run
	Total        int
	Finished     int // connections with a result so far, this one included when Stage is Done
	ConnectionID string
	Name         string
	Stage        MigrateStage
	ConsentURL   string // MigrateConsent: for Copy link and Open again
	OpenErr      error  // MigrateConsent: the browser could not be opened
	// Shared is set on the one MigrateConsent of a run without ConsentEach:
	// the consent is for every connection in ConnectionIDs, and
	// ConnectionID and Name are empty.
	Shared        bool
	ConnectionIDs []string
	Result        *MigrateResult
}

// migrationCanceled is the reason given to connections a canceled run
// did not finish.
const migrationCanceled = "Canceled before this connection was migrated. Nothing changed."

// Migrate moves the JWT connections ids to plan.Auth with plan's iClient,
// one after another: Server-to-Server OAuth fetches a token and checks it
// with /users/me, OAuth 2.0 runs one browser consent each. A connection is
// switched (atomically, in one save) only once its new credentials work;
// until then it is left exactly as it was. Canceling ctx stops before the
// next connection (or ends the pending consent): every finished connection
// stays migrated, every other is Skipped. Migrate returns one result per
// id, and ctx's error when canceled. To retry, call it again with the ids
// that failed.
func (s *Service) Migrate(ctx context.Context, ids []string, plan MigratePlan, progress func(MigrateProgress)) ([]MigrateResult, error) {
	if progress == nil {
		progress = func(MigrateProgress) {}
	}
	doc, err := s.Load()
	if err != nil {
		return nil, err
	}
	ic, client, err := s.migrationClient(ctx, doc, &plan)
	if err != nil {
		return nil, err
	}
	if plan.Auth == AuthOAuth2 && !plan.ConsentEach {
		return s.migrateShared(ctx, ids, ic, client, plan, progress)
	}
	results := make([]MigrateResult, 0, len(ids))
	for i, id := range ids {
		p := MigrateProgress{Index: i, Total: len(ids), Finished: len(results), ConnectionID: id}
		if ctx.Err() != nil {
			r := MigrateResult{ConnectionID: id, Outcome: MigrateSkipped, Reason: migrationCanceled}
			if doc, err := s.Load(); err == nil {
				if c := doc.Connection(id); c != nil {
					r.Name, r.Connection = c.Name, *c
				}
			}
			results = append(results, r)
			continue
		}
		r := s.migrateOne(ctx, id, ic, client, plan, p, progress)
		results = append(results, r)
		p.Finished, p.Name, p.Stage, p.Result = len(results), r.Name, MigrateDone, &results[len(results)-1]
		progress(p)
	}
	return results, ctx.Err()
}

// migrationClient checks the plan and reads the iClient's secret once.
func (s *Service) migrationClient(ctx context.Context, doc *Document, plan *MigratePlan) (*IClient, oauth.Client, error) {
	var p problems
	switch plan.Auth {
	case AuthOAuth2, AuthS2S:
	default:
		p.add("auth_type", "Choose what the connections move to: OAuth 2.0 or Server-to-Server OAuth.")
	}
	ic := doc.IClient(plan.IClientID)
	switch {
	case ic == nil:
		p.add("iclient", "Choose an iClient, or create one first.")
	case plan.Auth == AuthS2S && ic.AppType != AppS2S:
		p.add("iclient", "Server-to-Server OAuth needs an iClient whose app type is Server-to-Server OAuth.")
	case plan.Auth == AuthOAuth2 && ic.AppType == AppS2S:
		p.add("iclient", "OAuth 2.0 needs the iClient of an Admin-managed or User-managed General App, not of a Server-to-Server OAuth App.")
	}
	// Blank keeps each connection's own Account ID (from an import).
	plan.AccountID = strings.TrimSpace(plan.AccountID)
	if plan.Auth == AuthS2S && plan.AccountID != "" {
		var msg string
		if plan.AccountID, msg = CleanID("Account ID", plan.AccountID); msg != "" {
			p.add("account_id", "%s", msg)
		}
	}
	if err := p.err(); err != nil {
		return nil, oauth.Client{}, err
	}
	client, err := s.oauthClient(ctx, doc, &Connection{IClientID: ic.ID})
	if err != nil {
		return nil, oauth.Client{}, err
	}
	return ic, client, nil
}

// eligible checks that connection id can be migrated with ic. It returns
// the connection as it is, or the result that says why not.
func (s *Service) eligible(id string, ic *IClient) (Connection, MigrateResult, bool) {
	r := MigrateResult{ConnectionID: id, Outcome: MigrateSkipped}
	doc, err := s.Load()
	if err != nil {
		return Connection{}, failed(r, err), false
	}
	c := doc.Connection(id)
	if c == nil {
		r.Reason = "This connection no longer exists."
		return Connection{}, r, false
	}
	r.Name, r.Connection = c.Name, *c
	if c.Auth != AuthJWT {
		r.Reason = fmt.Sprintf("It does not use JWT (it uses %s): there is nothing to migrate.", c.Auth.Label())
		return *c, r, false
	}
	if !ic.Env.Same(c.Env) {
		return *c, failed(r, ValidationError{{Field: "iclient", Message: EnvMismatch(ic, c.Env) +
			" Migrate it with an iClient of the same environment."}}), false
	}
	return *c, r, true
}

func (s *Service) migrateOne(ctx context.Context, id string, ic *IClient, client oauth.Client, plan MigratePlan, p MigrateProgress, progress func(MigrateProgress)) MigrateResult {
	before, r, ok := s.eligible(id, ic)
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
		tok, user, err := s.checkS2S(ctx, client, next.AccountID)
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
		res, err := s.migrationConsent(ctx, before.ID, ic.ID, client, next.Scopes, plan, func(url string, openErr error) {
			p.Stage, p.ConsentURL, p.OpenErr = MigrateConsent, url, openErr
			progress(p)
		})
		if err != nil {
			return failedOrCanceled(ctx, r, err)
		}
		// Zoom has issued a token (and ended this user's earlier sign-in
		// with the app): keep it, whatever the run's context says now.
		ad, err := s.adoptConsent(ctx, ic.ID, res)
		if err != nil {
			return failed(r, err)
		}
		cred = migratedAs{user: res.User, apiURL: res.APIURL, granted: strings.Join(res.Scopes, " "), signIn: ad.SignIn.ID, joined: ad.Joined, existing: ad.Joined}
	}
	r = s.commitMigration(context.WithoutCancel(ctx), r, before, next, ic, cred)
	if r.Outcome != MigrateOnline {
		s.releaseSignIn(context.WithoutCancel(ctx), cred.signIn, true) // only if nobody uses it
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

// migrationConsent runs one browser consent for a migration and frees the
// port before it returns (the next consent needs it). As with
// StartAuthorize, an approval whose exchange failed only because Zoom
// refused the iClient is kept under key (the connection, or the set of
// connections one shared consent is for) and iclientID, and the next
// migration of the same key redeems it instead of asking again; if Zoom
// refuses the client again, that is said at once (the approval stays
// kept), and if it refuses the code, a new consent opens.
func (s *Service) migrationConsent(ctx context.Context, key, iclientID string, client oauth.Client, scopes string, plan MigratePlan, started func(url string, openErr error)) (*oauth.Result, error) {
	doc, err := s.Load()
	if err != nil {
		return nil, err
	}
	if kept := s.approvals.take(key, iclientID); kept != nil {
		res, err := kept.Redeem(ctx, s.Now(), client, strings.Fields(scopes), s.httpClient())
		if res != nil || err == nil {
			return res, err
		}
		if kindOf(err) == oauth.BadClient {
			// Still the wrong secret: a new consent would fail the
			// same way; the code is still unredeemed for the next fix.
			s.approvals.keep(key, iclientID, kept)
			return nil, err
		}
		slog.Info("migrate: the earlier approval could not be redeemed; asking for a new one", "err", explainShort(err))
	}
	host := LoopbackIP
	if ic := doc.IClient(iclientID); ic != nil {
		host = ic.Loopback()
	}
	consent, err := oauth.StartConsent(ctx, oauth.ConsentConfig{
		Client:       client,
		Scopes:       strings.Fields(scopes),
		RedirectHost: host,
		Port:         doc.Settings.Port(),
		Opener:       plan.Opener,
		Timeout:      plan.Timeout,
		HTTPClient:   s.httpClient(),
		Words:        tabWords,
	})
	if err != nil {
		return nil, err
	}
	started(consent.URL(), consent.OpenErr())
	res, err := consent.Wait(ctx)
	consent.Close()
	if kept := consent.Approval(); kept != nil {
		s.approvals.keep(key, iclientID, kept)
	} else if err == nil {
		s.approvals.drop(key)
	}
	return res, err
}

// sharedKey is the key of the approval one shared consent gives for ids.
func sharedKey(ids []string) string {
	k := slices.Sorted(slices.Values(ids))
	return "shared:" + strings.Join(k, ",")
}

// commitMigration switches the connection to its new credentials in one
// save, unless it was changed meanwhile (then it stays as it was).
func (s *Service) commitMigration(ctx context.Context, r MigrateResult, before, next Connection, ic *IClient, cred migratedAs) MigrateResult {
	now := s.Now()
	var out Connection
	err := s.update(func(d *Document) error {
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
	if err := s.Secrets.Delete(ctx, JWTSecretAccount(before.ID)); err != nil {
		slog.Warn("migrate: forget the JWT API Secret", "connection", before.ID, "err", err)
	}
	s.record(Event{Time: now, Kind: EventAuthTypeChanged, ConnectionID: out.ID, ConnectionName: out.Name, OK: ptr(true),
		Detail: fmt.Sprintf("%s → %s (migrated with iClient %q; the JWT record had API Key %s)", AuthJWT.Label(), out.Auth.Label(), ic.Name, before.APIKey)})
	detail := "as " + describeAccount(out.AuthorizedAs)
	if joined := without(cred.joined, out.Name); len(joined) > 0 {
		detail += "; shares the sign-in of " + strings.Join(joined, ", ")
	}
	s.record(Event{Time: now, Kind: EventAuthorized, ConnectionID: out.ID, ConnectionName: out.Name, OK: ptr(true), Detail: detail})
	r.Outcome, r.Connection, r.Joined = MigrateOnline, out, without(cred.existing, out.Name)
	return r
}

// migrateShared migrates JWT connections to OAuth 2.0 with ONE consent:
// every eligible connection joins the sign-in of the user who approved.
func (s *Service) migrateShared(ctx context.Context, ids []string, ic *IClient, client oauth.Client, plan MigratePlan, progress func(MigrateProgress)) ([]MigrateResult, error) {
	results := make([]MigrateResult, len(ids))
	finished := 0
	done := func(i int, r MigrateResult) {
		results[i] = r
		finished++
		progress(MigrateProgress{Index: i, Total: len(ids), Finished: finished, ConnectionID: r.ConnectionID, Name: r.Name, Stage: MigrateDone, Result: &results[i]})
	}
	type todo struct {
		i      int
		before Connection
		r      MigrateResult
	}
	var work []todo
	var workIDs []string
	seen := map[string]bool{}
	for i, id := range ids {
		before, r, ok := s.eligible(id, ic)
		if ok && seen[id] {
			ok, r.Reason = false, "It is listed twice; it is migrated once."
		}
		if !ok {
			done(i, r)
			continue
		}
		seen[id] = true
		work = append(work, todo{i, before, r})
		workIDs = append(workIDs, id)
	}
	if len(work) == 0 {
		return results, ctx.Err()
	}
	scopes := work[0].before.Scopes
	if plan.Scopes != "" {
		scopes = plan.Scopes
	}
	res, err := s.migrationConsent(ctx, sharedKey(workIDs), ic.ID, client, scopes, plan, func(url string, openErr error) {
		progress(MigrateProgress{Index: work[0].i, Total: len(ids), Finished: finished, Stage: MigrateConsent,
			ConsentURL: url, OpenErr: openErr, Shared: true, ConnectionIDs: workIDs})
	})
	var cred migratedAs
	if err == nil {
		var ad adopted
		if ad, err = s.adoptConsent(ctx, ic.ID, res); err == nil {
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
		r := s.commitMigration(context.WithoutCancel(ctx), w.r, w.before, next, ic, cred)
		if r.Outcome == MigrateOnline {
			cred.joined = append(cred.joined, r.Name)
		}
		done(w.i, r)
	}
	if cred.signIn != "" {
		s.releaseSignIn(context.WithoutCancel(ctx), cred.signIn, true) // only if nobody uses it
	}
	return results, ctx.Err()
}

// checkS2S fetches a Server-to-Server token for accountID and asks Zoom
// who it acts for. Canceling ctx abandons the wait.
func (s *Service) checkS2S(ctx context.Context, client oauth.Client, accountID string) (*oauth2.Token, oauth.User, error) {
	type answer struct {
		tok  *oauth2.Token
		user oauth.User
		err  error
	}
	done := make(chan answer, 1)
	go func() {
		tok, err := oauth.NewS2STokenSource(client, accountID, s.httpClient()).Token()
		if err != nil {
			done <- answer{err: err}
			return
		}
		apiURL, _ := tok.Extra("api_url").(string)
		u, err := oauth.Check(ctx, s.httpClient(), client.Env.APIFor(apiURL), oauth2.StaticTokenSource(tok))
		done <- answer{tok, u, err}
	}()
	select {
	case a := <-done:
		return a.tok, a.user, a.err
	case <-ctx.Done():
		return nil, oauth.User{}, oauth.Translate(ctx.Err(), "")
	}
}

func failed(r MigrateResult, err error) MigrateResult {
	r.Outcome, r.Err = MigrateFailed, err
	x := Explain(err)
	r.Reason = strings.TrimSpace(x.Message + " " + x.Next)
	return r
}

func failedOrCanceled(ctx context.Context, r MigrateResult, err error) MigrateResult {
	if ctx.Err() != nil {
		r.Outcome, r.Reason = MigrateSkipped, migrationCanceled
		return r
	}
	r = failed(r, err)
	return r
}
