package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"zoomconn/internal/words"
	"zoomconn/model"
)

// MigrateOptions are zoomconn migrate's.
type MigrateOptions struct {
	IO      *IOStreams
	Service func() (*model.Service, error)
	Browser model.Opener

	Names                        []string // or All
	All                          bool
	IClient, Auth, AccountID     string
	NoBrowser, JSON, ConsentEach bool
	Timeout                      time.Duration
}

func newCmdMigrate(f *Factory, runF func(*MigrateOptions) error) *cobra.Command {
	opts := &MigrateOptions{IO: f.IO, Service: f.Service, Browser: f.Browser}
	cmd := &cobra.Command{
		Use:   "migrate NAME… --iclient ICLIENT [--auth oauth2|s2s] [--account-id ID] [--consent-each]",
		Short: "Move JWT connections to OAuth 2.0 or Server-to-Server OAuth",
		Long: `Move JWT connections to OAuth 2.0 or Server-to-Server OAuth with one iClient.

Server-to-Server OAuth: each connection gets a token and is checked with Zoom,
no browser needed. The Account ID is --account-id, else each connection's own
(as imported from a CSV account_id column).
OAuth 2.0: ONE consent in the browser: sign in to Zoom as the user these
connections should act for, and they all share that user's sign-in (Zoom keeps
one live sign-in per user per app). With --consent-each, one consent per
connection, so that each can be approved by a different Zoom user (user-managed
apps); connections approved by the same user still share one sign-in. See
'zoomconn authorize' for --no-browser.

A connection switches only once its new credentials work; one that fails is
left exactly as it was, with the reason. Ctrl+C stops after the current
connection: finished ones stay migrated. Run the same command again (or with
the failed names) to retry. --auth defaults to s2s for a Server-to-Server
iClient, else oauth2. Exits 1 if any connection failed.`,
		Example: `  zoomconn migrate --all --iclient "Acme S2S" --account-id AbC-123
  zoomconn migrate "Webinar sync" Reports --iclient "Acme reporting app" --auth oauth2`,
		ValidArgsFunction: completeConnections(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Names = args
			if runF != nil {
				return runF(opts)
			}
			return migrateRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.IClient, "iclient", "", "the iClient to migrate to (required)")
	fl.StringVar(&opts.Auth, "auth", "", "oauth2 or s2s (default: s2s for a Server-to-Server iClient, else oauth2)")
	fl.StringVar(&opts.AccountID, "account-id", "", "Server-to-Server OAuth: the Account ID for every connection")
	fl.BoolVar(&opts.All, "all", false, "migrate every JWT connection")
	fl.BoolVar(&opts.NoBrowser, "no-browser", false, "OAuth 2.0: print each consent address instead of opening a browser")
	fl.DurationVar(&opts.Timeout, "timeout", model.ConsentTimeout, "OAuth 2.0: how long to wait for each approval (at most 10m)")
	fl.BoolVar(&opts.JSON, "json", false, "print the results as JSON (see the README for the fields)")
	fl.BoolVar(&opts.ConsentEach, "consent-each", false, "OAuth 2.0: one consent per connection, each possibly by a different Zoom user")
	cmd.MarkFlagRequired("iclient")
	cmd.RegisterFlagCompletionFunc("iclient", completeIClients(f))
	cmd.RegisterFlagCompletionFunc("auth", fixed("oauth2", "s2s"))
	return cmd
}

func migrateRun(ctx context.Context, opts *MigrateOptions) error {
	if opts.All == (len(opts.Names) > 0) {
		return usagef("Name the connections to migrate, or give --all for every JWT connection.")
	}
	if err := checkConsentTimeout(opts.Timeout); err != nil {
		return err
	}
	svc, doc, err := load(opts.Service)
	if err != nil {
		return err
	}
	ic, err := findIClient(doc, opts.IClient)
	if err != nil {
		return err
	}
	plan, err := migratePlan(opts, ic)
	if err != nil {
		return err
	}
	ids, err := migrateIDs(opts, doc)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		fmt.Fprintln(opts.IO.Out, "No connection uses JWT: there is nothing to migrate.")
		return nil
	}
	results, err := svc.Migration.Migrate(ctx, ids, plan, migrateProgress(opts.IO, len(ids), plan, ic.Name))
	if len(results) == 0 && err != nil {
		return err
	}
	failed, perr := printMigrateResults(opts, svc, results, ic.Name)
	switch {
	case perr != nil:
		return perr
	case err != nil:
		fmt.Fprintln(opts.IO.ErrOut, "zoomconn: Canceled. Finished connections stay migrated; the others are unchanged.")
		return exitCode(ExitFailed)
	case failed > 0:
		return exitCode(ExitFailed)
	}
	return nil
}

// migratePlan is what the connections move to.
func migratePlan(opts *MigrateOptions, ic *model.IClient) (model.MigratePlan, error) {
	plan := model.MigratePlan{IClientID: ic.ID, AccountID: opts.AccountID, Timeout: opts.Timeout, ConsentEach: opts.ConsentEach}
	var err error
	switch {
	case opts.Auth != "":
		if plan.Auth, err = parseAuth(opts.Auth, false); err != nil {
			return plan, err
		}
	case ic.AppType == model.AppS2S:
		plan.Auth = model.AuthS2S
	default:
		plan.Auth = model.AuthOAuth2
	}
	if plan.Auth == model.AuthOAuth2 && opts.AccountID != "" {
		return plan, usagef("--account-id is only for Server-to-Server OAuth (--auth s2s).")
	}
	if plan.Auth != model.AuthOAuth2 && opts.ConsentEach {
		return plan, usagef("--consent-each is only for OAuth 2.0 (--auth oauth2).")
	}
	if plan.Auth == model.AuthOAuth2 && !opts.NoBrowser {
		plan.Opener = opts.Browser
	}
	return plan, nil
}

// migrateIDs are the connections to migrate: the named ones, in order and
// once each, or with --all every JWT connection.
func migrateIDs(opts *MigrateOptions, doc *model.Document) ([]string, error) {
	var ids []string
	if opts.All {
		for _, c := range doc.Connections {
			if c.Auth == model.AuthJWT {
				ids = append(ids, c.ID)
			}
		}
		return ids, nil
	}
	seen := map[string]bool{}
	for _, n := range opts.Names {
		c := doc.ConnectionByName(n)
		if c == nil {
			return nil, &model.NotFoundError{What: "connection", Name: strings.TrimSpace(n)}
		}
		if !seen[c.ID] {
			seen[c.ID] = true
			ids = append(ids, c.ID)
		}
	}
	return ids, nil
}

// migrateProgress says on standard error what the migration is doing.
func migrateProgress(s *IOStreams, n int, plan model.MigratePlan, iclient string) func(model.MigrateProgress) {
	started := false
	return func(p model.MigrateProgress) {
		if !started {
			started = true
			fmt.Fprintf(s.ErrOut, "Migrating %s to %s with the iClient %q…\n", words.Count(n, "connection", "connections"), plan.Auth.Label(), iclient)
		}
		prefix := fmt.Sprintf("[%d/%d] %s", p.Index+1, p.Total, p.Name)
		if p.Shared {
			prefix = "One approval for " + words.Count(len(p.ConnectionIDs), "connection", "connections")
			fmt.Fprintf(s.ErrOut, "%s: sign in to Zoom as the user these connections should act for.\n", prefix)
		}
		switch {
		case p.Stage == model.MigrateConsent && (plan.Opener == nil || p.OpenErr != nil):
			fmt.Fprintf(s.ErrOut, "%s: open this address in a browser and approve access in Zoom:\n\n  %s\n\n", prefix, p.ConsentURL)
		case p.Stage == model.MigrateConsent:
			fmt.Fprintf(s.ErrOut, "%s: approve access in your browser…\n", prefix)
		case p.Stage == model.MigrateDone && p.Result.Outcome == model.MigrateOnline:
			r := p.Result
			joined := ""
			if len(r.Joined) > 0 {
				joined = fmt.Sprintf(" This user already had a sign-in with this iClient, used by %s: joined it.", model.JoinNames(r.Joined))
			}
			fmt.Fprintf(s.ErrOut, "%s: Online. %s%s\n", prefix, model.ConnectedAs(r.Connection), joined)
		case p.Stage == model.MigrateDone:
			fmt.Fprintf(s.ErrOut, "%s: %s: %s\n", prefix, p.Result.Outcome, oneLine(p.Result.Reason))
		}
	}
}

type jsonMigrateResult struct {
	Name       string          `json:"name"`
	ID         string          `json:"id"`
	Outcome    string          `json:"outcome"` // online, failed, skipped
	Reason     string          `json:"reason"`
	Connection *jsonConnection `json:"connection"`
}

// printMigrateResults prints the results as JSON or as a table with the
// line to retry the failed ones; it returns how many failed.
func printMigrateResults(opts *MigrateOptions, svc *model.Service, results []model.MigrateResult, iclient string) (int, error) {
	counts := map[model.MigrateOutcome]int{}
	var failed []string
	for _, r := range results {
		counts[r.Outcome]++
		if r.Outcome == model.MigrateFailed {
			failed = append(failed, model.ShellWord(r.Name))
		}
	}
	w := opts.IO.Out
	if opts.JSON {
		doc, _ := svc.Load()
		out := make([]jsonMigrateResult, 0, len(results))
		for _, r := range results {
			j := jsonMigrateResult{Name: r.Name, ID: r.ConnectionID, Outcome: string(r.Outcome), Reason: r.Reason}
			if r.Connection.ID != "" {
				jc := toJSONConnection(doc, r.Connection)
				j.Connection = &jc
			}
			out = append(out, j)
		}
		return len(failed), printJSON(w, out)
	}
	tw := table(w)
	fmt.Fprintln(tw, "NAME\tRESULT\tREASON")
	for _, r := range results {
		reason := oneLine(r.Reason)
		if r.Outcome == model.MigrateOnline {
			reason = model.ConnectedAs(r.Connection)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.Name, r.Outcome, reason)
	}
	tw.Flush()
	fmt.Fprintf(w, "\n%d migrated, %d failed, %d skipped.\n", counts[model.MigrateOnline], counts[model.MigrateFailed], counts[model.MigrateSkipped])
	if len(failed) > 0 {
		fmt.Fprintf(w, "The failed ones are unchanged. Retry them with: zoomconn migrate %s --iclient %s\n", strings.Join(failed, " "), model.ShellWord(iclient))
	}
	return len(failed), nil
}
