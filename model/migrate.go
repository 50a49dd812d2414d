package model

import (
	"context"
	"fmt"
	"strings"
	"time"

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

// Migration moves JWT connections to OAuth 2.0 (with a browser consent,
// through Consents) or to Server-to-Server OAuth (with the iClient's
// credentials), switching each only once its new credentials work.
type Migration struct{ svc *Service }

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
func (m *Migration) Migrate(ctx context.Context, ids []string, plan MigratePlan, progress func(MigrateProgress)) ([]MigrateResult, error) {
	if progress == nil {
		progress = func(MigrateProgress) {}
	}
	doc, err := m.svc.Load()
	if err != nil {
		return nil, err
	}
	ic, client, err := m.migrationClient(ctx, doc, &plan)
	if err != nil {
		return nil, err
	}
	if plan.Auth == AuthOAuth2 && !plan.ConsentEach {
		return m.migrateShared(ctx, ids, ic, client, plan, progress)
	}
	results := make([]MigrateResult, 0, len(ids))
	for i, id := range ids {
		p := MigrateProgress{Index: i, Total: len(ids), Finished: len(results), ConnectionID: id}
		if ctx.Err() != nil {
			r := MigrateResult{ConnectionID: id, Outcome: MigrateSkipped, Reason: migrationCanceled}
			if doc, err := m.svc.Load(); err == nil {
				if c := doc.Connection(id); c != nil {
					r.Name, r.Connection = c.Name, *c
				}
			}
			results = append(results, r)
			continue
		}
		r := m.migrateOne(ctx, id, ic, client, plan, p, progress)
		results = append(results, r)
		p.Finished, p.Name, p.Stage, p.Result = len(results), r.Name, MigrateDone, &results[len(results)-1]
		progress(p)
	}
	return results, ctx.Err()
}

// migrationClient checks the plan and reads the iClient's secret once.
func (m *Migration) migrationClient(ctx context.Context, doc *Document, plan *MigratePlan) (*IClient, oauth.Client, error) {
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
	client, err := m.svc.oauthClient(ctx, doc, &Connection{IClientID: ic.ID})
	if err != nil {
		return nil, oauth.Client{}, err
	}
	return ic, client, nil
}

// eligible checks that connection id can be migrated with ic. It returns
// the connection as it is, or the result that says why not.
func (m *Migration) eligible(id string, ic *IClient) (Connection, MigrateResult, bool) {
	r := MigrateResult{ConnectionID: id, Outcome: MigrateSkipped}
	doc, err := m.svc.Load()
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
