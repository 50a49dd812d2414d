package model

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
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
	Opener    oauth.Opener  // OAuth 2.0: opens each consent page; nil shows only the URL
	Timeout   time.Duration // OAuth 2.0: the wait for each consent; 0 is oauth.DefaultConsentTimeout
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
	Result       *MigrateResult
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
		p.add("iclient", "OAuth 2.0 needs an iClient of an Account-level or User-managed app, not a Server-to-Server one.")
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

func (s *Service) migrateOne(ctx context.Context, id string, ic *IClient, client oauth.Client, plan MigratePlan, p MigrateProgress, progress func(MigrateProgress)) MigrateResult {
	r := MigrateResult{ConnectionID: id, Outcome: MigrateSkipped}
	doc, err := s.Load()
	if err != nil {
		return failed(r, err)
	}
	c := doc.Connection(id)
	if c == nil {
		r.Reason = "This connection no longer exists."
		return r
	}
	before := *c
	r.Name, r.Connection = c.Name, before
	p.Name, p.Stage = c.Name, MigrateStarted
	progress(p)
	if c.Auth != AuthJWT {
		r.Reason = fmt.Sprintf("It does not use JWT (it uses %s): there is nothing to migrate.", c.Auth.Label())
		return r
	}
	if !ic.Env.Same(c.Env) {
		return failed(r, ValidationError{{Field: "iclient", Message: fmt.Sprintf(
			"The iClient %q belongs to %s, but this connection uses %s. Migrate it with an iClient of the same environment.",
			ic.Name, ic.Env.Kind.ShortLabel(), c.Env.Kind.ShortLabel())}})
	}

	next := before
	next.Auth, next.IClientID, next.APIKey = plan.Auth, ic.ID, ""
	var granted, apiURL string
	var user oauth.User
	var token *oauth2.Token
	switch plan.Auth {
	case AuthS2S:
		next.Scopes = ""
		if plan.AccountID != "" {
			next.AccountID = plan.AccountID
		}
		if next.AccountID == "" {
			return failed(r, ValidationError{{Field: "account_id", Message: "Enter the Account ID (from the Server-to-Server app's App credentials in Zoom)."}})
		}
		var tok *oauth2.Token
		tok, user, err = s.checkS2S(ctx, client, next.AccountID)
		if err != nil {
			return failedOrCanceled(ctx, r, err)
		}
		apiURL, _ = tok.Extra("api_url").(string)
		granted, _ = tok.Extra("scope").(string)
	case AuthOAuth2:
		next.AccountID = ""
		consent, err := oauth.StartConsent(ctx, oauth.ConsentConfig{
			Client:     client,
			Scopes:     strings.Fields(next.Scopes),
			Port:       doc.Settings.Port(),
			Opener:     plan.Opener,
			Timeout:    plan.Timeout,
			HTTPClient: s.httpClient(),
		})
		if err != nil {
			return failedOrCanceled(ctx, r, err)
		}
		p.Stage, p.ConsentURL, p.OpenErr = MigrateConsent, consent.URL(), consent.OpenErr()
		progress(p)
		res, err := consent.Wait(ctx)
		consent.Close() // the next consent needs the port
		if err != nil {
			return failedOrCanceled(ctx, r, err)
		}
		token, user, apiURL, granted = res.Token, res.User, res.APIURL, strings.Join(res.Scopes, " ")
	}

	// The new credentials work. From here on the run's cancellation does
	// not interrupt: the connection is switched, or left as it was.
	ctx = context.WithoutCancel(ctx)
	if token != nil {
		data, err := oauth.MarshalToken(token)
		if err != nil {
			return failed(r, err)
		}
		s.dropSource(id)
		if err := s.Secrets.Set(ctx, TokenAccount(id), Secret(data)); err != nil {
			return failed(r, fmt.Errorf("save the sign-in: %w", err))
		}
	}
	now := s.Now()
	var out Connection
	err = s.update(func(d *Document) error {
		cur := d.Connection(id)
		if cur == nil || cur.Auth != AuthJWT || credentialsChanged(before, *cur) {
			return setupError(fmt.Sprintf("The connection %q was changed or deleted during the migration.", before.Name), "Check it, then migrate it again.")
		}
		n := next
		n.Name, n.Env, n.Created = cur.Name, cur.Env, cur.Created
		if err := ValidateConnection(&n, d, false); err != nil {
			return err
		}
		n.Status, n.AuthorizedAs, n.AuthorizedAt = StatusOnline, accountOf(user), now
		n.APIURL, n.GrantedScopes = apiURL, granted
		n.LastTest, n.LastTestAt = "ok", now
		n.MigratedFrom, n.MigratedAt, n.Modified = AuthJWT, now, now
		*cur = n
		out = n
		return nil
	})
	if err != nil {
		if token != nil {
			s.Secrets.Delete(ctx, TokenAccount(id))
		}
		return failed(r, err)
	}
	if err := s.Secrets.Delete(ctx, JWTSecretAccount(id)); err != nil {
		slog.Warn("migrate: forget the JWT API Secret", "connection", id, "err", err)
	}
	s.record(Event{Time: now, Kind: EventAuthTypeChanged, ConnectionID: id, ConnectionName: out.Name, OK: ptr(true),
		Detail: fmt.Sprintf("%s → %s (migrated with iClient %q; the JWT record had API Key %s)", AuthJWT.Label(), out.Auth.Label(), ic.Name, before.APIKey)})
	s.record(Event{Time: now, Kind: EventAuthorized, ConnectionID: id, ConnectionName: out.Name, OK: ptr(true), Detail: "as " + describeAccount(out.AuthorizedAs)})
	r.Outcome, r.Connection = MigrateOnline, out
	return r
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
	var oe *oauth.Error
	if errors.As(err, &oe) {
		r.Reason = oe.Error()
	} else {
		r.Reason = err.Error()
	}
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
