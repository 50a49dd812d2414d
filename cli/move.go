package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"zoomconn/model"
	"zoomconn/oauth"
)

func (a *app) importCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE",
		Short: "Import connections and iClients from a JSON inventory or a CSV list (no secrets)",
		Long: `Import connections and iClients from FILE ("-" for standard input):

  - a JSON inventory written by 'zoomconn export', or
  - a CSV file whose first line is the header name,environment,auth_type,api_key
    (optional columns: iclient, account_id, scopes, oauth_base, api_base), such
    as a list of old JWT connections to migrate.

Everything is checked first: if anything is wrong, nothing is imported and
each problem is named by line and field. Names that already exist are skipped,
never overwritten. Secrets cannot come from a file: imported iClients need
their Client secret (zoomconn iclient edit NAME --secret-stdin), and imported
JWT records need none to be migrated.`,
		Args: exactly(1, "zoomconn import FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, err := a.service()
			if err != nil {
				return err
			}
			var r io.Reader
			name := args[0]
			if name == "-" {
				r, name = a.stdin, "standard input"
			} else {
				f, err := os.Open(name)
				if err != nil {
					return fmt.Errorf("The file %s cannot be opened: %w", name, unwrapPath(err))
				}
				defer f.Close()
				if fi, err := f.Stat(); err == nil && fi.IsDir() {
					return usagef("%s is a folder, not a file.", name)
				}
				r, name = f, filepath.Base(name)
			}
			res, err := svc.Import(r, name)
			if err != nil {
				return err
			}
			nc, ni := len(res.ConnectionsAdded), len(res.IClientsAdded)
			parts := []string{fmt.Sprintf("%d %s", nc, plural(nc, "connection", "connections"))}
			if ni > 0 || res.Format == "json" {
				parts = append(parts, fmt.Sprintf("%d %s", ni, plural(ni, "iClient", "iClients")))
			}
			fmt.Fprintf(a.stdout, "Imported %s from %s.\n", strings.Join(parts, " and "), name)
			for _, s := range res.Skipped {
				fmt.Fprintf(a.stdout, "Skipped line %d: %s.\n", s.Line, s.Reason)
			}
			for _, n := range res.IClientsAdded {
				fmt.Fprintf(a.stdout, "The iClient %q has no Client secret yet: set it with: zoomconn iclient edit %s --secret-stdin\n", n, shellQuote(n))
			}
			if jwt := countJWT(svc, res.ConnectionsAdded); jwt > 0 {
				fmt.Fprintf(a.stdout, "%d imported %s JWT: migrate %s with: zoomconn migrate --all --iclient ICLIENT\n", jwt, plural(jwt, "connection uses", "connections use"), plural(jwt, "it", "them"))
			}
			return nil
		},
	}
}

func countJWT(svc *model.Service, names []string) int {
	doc, err := svc.Load()
	if err != nil {
		return 0
	}
	added := make(map[string]bool, len(names))
	for _, n := range names {
		added[n] = true
	}
	n := 0
	for _, c := range doc.Connections {
		if added[c.Name] && c.Auth == model.AuthJWT {
			n++
		}
	}
	return n
}

// unwrapPath drops the path from an *os.PathError, which the message names already.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// writeFile writes data to path through a temp file in the same folder,
// so a failed write leaves any older file whole.
func writeFile(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".zoomconn-export-*")
	if err != nil {
		return fmt.Errorf("The file %s cannot be written: %w", path, unwrapPath(err))
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("The file %s cannot be written: %w", path, err)
	}
	if err := f.Chmod(0o644); err != nil && !os.IsPermission(err) {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("The file %s cannot be written: %w", path, unwrapPath(err))
	}
	return nil
}

func (a *app) exportCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "export FILE",
		Short: "Export every connection and iClient as a JSON inventory, without secrets",
		Long: `Write every connection and iClient to FILE ("-" for standard output) as a JSON
inventory, to import on another computer. Secrets and tokens are never
included: after importing, set each iClient's Client secret and authorize the
connections again.`,
		Args: exactly(1, "zoomconn export FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, err := a.service()
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			if err := svc.Export(&buf); err != nil {
				return err
			}
			if args[0] == "-" {
				_, err := a.stdout.Write(buf.Bytes())
				return err
			}
			if err := writeFile(args[0], buf.Bytes()); err != nil {
				return err
			}
			doc, err := svc.Load()
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Exported %d %s and %d %s to %s (no secrets, no tokens).\n",
				len(doc.Connections), plural(len(doc.Connections), "connection", "connections"),
				len(doc.IClients), plural(len(doc.IClients), "iClient", "iClients"), args[0])
			return nil
		},
	}
}

func (a *app) reportCmd() *cobra.Command {
	var asCSV bool
	var htmlFile string
	cmd := &cobra.Command{
		Use:   "report [--csv] [--html FILE]",
		Short: "The migration report: one row per connection, as a table, CSV or an HTML page",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			svc, err := a.service()
			if err != nil {
				return err
			}
			rows, err := svc.Report()
			if err != nil {
				return err
			}
			if htmlFile != "" {
				var buf bytes.Buffer
				if err := model.WriteReportHTML(&buf, rows); err != nil {
					return err
				}
				if htmlFile == "-" {
					_, err := a.stdout.Write(buf.Bytes())
					return err
				}
				if err := writeFile(htmlFile, buf.Bytes()); err != nil {
					return err
				}
				if !asCSV {
					fmt.Fprintf(a.stdout, "Wrote the migration report (%d %s) to %s.\n", len(rows), plural(len(rows), "connection", "connections"), htmlFile)
					return nil
				}
			}
			if asCSV {
				return model.WriteReportCSV(a.stdout, rows)
			}
			if len(rows) == 0 {
				fmt.Fprintln(a.stdout, "No connections yet.")
				return nil
			}
			tw := a.table()
			fmt.Fprintln(tw, "NAME\tENVIRONMENT\tBEFORE\tNOW\tICLIENT\tAUTHORIZED AS\tSTATUS\tLAST TEST\tMIGRATED")
			day := func(t time.Time) string {
				if t.IsZero() {
					return "—"
				}
				return t.UTC().Format("2006-01-02")
			}
			dash := func(s string) string {
				if s == "" {
					return "—"
				}
				return s
			}
			for _, r := range rows {
				test := "—"
				if res := r.LastTestResult(); res != "" {
					test = day(r.LastTestAt) + " " + strings.SplitN(res, ":", 2)[0]
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Name, r.Environment.ShortLabel(), r.AuthBefore.Label(), r.AuthNow.Label(),
					dash(r.IClient), dash(r.AuthorizedAs), r.Status.Label(), test, day(r.MigratedAt))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asCSV, "csv", false, "print CSV on standard output")
	cmd.Flags().StringVar(&htmlFile, "html", "", `write a readable HTML page to FILE ("-" for standard output)`)
	return cmd
}

type jsonMigrateResult struct {
	Name       string          `json:"name"`
	ID         string          `json:"id"`
	Outcome    string          `json:"outcome"` // online, failed, skipped
	Reason     string          `json:"reason"`
	Connection *jsonConnection `json:"connection"`
}

func (a *app) migrateCmd() *cobra.Command {
	var iclient, auth, accountID string
	var all, noBrowser, asJSON, consentEach bool
	var timeout time.Duration
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
		ValidArgsFunction: a.completeConnections,
		RunE: func(cmd *cobra.Command, args []string) error {
			if all == (len(args) > 0) {
				return usagef("Name the connections to migrate, or give --all for every JWT connection.")
			}
			if timeout <= 0 || timeout > oauth.DefaultConsentTimeout {
				return usagef("--timeout must be more than 0 and at most %s.", oauth.DefaultConsentTimeout)
			}
			svc, doc, err := a.load()
			if err != nil {
				return err
			}
			ic, err := findIClient(doc, iclient)
			if err != nil {
				return err
			}
			plan := model.MigratePlan{IClientID: ic.ID, AccountID: accountID, Timeout: timeout}
			switch {
			case auth != "":
				if plan.Auth, err = parseAuth(auth, false); err != nil {
					return err
				}
			case ic.AppType == model.AppS2S:
				plan.Auth = model.AuthS2S
			default:
				plan.Auth = model.AuthOAuth2
			}
			if plan.Auth == model.AuthOAuth2 && accountID != "" {
				return usagef("--account-id is only for Server-to-Server OAuth (--auth s2s).")
			}
			if plan.Auth != model.AuthOAuth2 && consentEach {
				return usagef("--consent-each is only for OAuth 2.0 (--auth oauth2).")
			}
			plan.ConsentEach = consentEach
			if plan.Auth == model.AuthOAuth2 && !noBrowser {
				plan.Opener = browserOpener()
			}
			var ids []string
			seen := map[string]bool{}
			if all {
				for _, c := range doc.Connections {
					if c.Auth == model.AuthJWT {
						ids = append(ids, c.ID)
					}
				}
				if len(ids) == 0 {
					fmt.Fprintln(a.stdout, "No connection uses JWT: there is nothing to migrate.")
					return nil
				}
			}
			for _, n := range args {
				c := doc.ConnectionByName(n)
				if c == nil {
					return &notFound{"connection", strings.TrimSpace(n), "Run 'zoomconn list' to see the connections."}
				}
				if !seen[c.ID] {
					seen[c.ID] = true
					ids = append(ids, c.ID)
				}
			}
			started := false
			results, err := svc.Migrate(background(cmd), ids, plan, func(p model.MigrateProgress) {
				if !started {
					started = true
					fmt.Fprintf(a.stderr, "Migrating %d %s to %s with the iClient %q…\n", len(ids), plural(len(ids), "connection", "connections"), plan.Auth.Label(), ic.Name)
				}
				prefix := fmt.Sprintf("[%d/%d] %s", p.Index+1, p.Total, p.Name)
				if p.Shared {
					prefix = fmt.Sprintf("One approval for %d %s", len(p.ConnectionIDs), plural(len(p.ConnectionIDs), "connection", "connections"))
					fmt.Fprintf(a.stderr, "%s: sign in to Zoom as the user these connections should act for.\n", prefix)
				}
				switch p.Stage {
				case model.MigrateConsent:
					if plan.Opener == nil || p.OpenErr != nil {
						fmt.Fprintf(a.stderr, "%s: open this address in a browser and approve access in Zoom:\n\n  %s\n\n", prefix, p.ConsentURL)
					} else {
						fmt.Fprintf(a.stderr, "%s: approve access in your browser…\n", prefix)
					}
				case model.MigrateDone:
					r := p.Result
					switch r.Outcome {
					case model.MigrateOnline:
						joined := ""
						if len(r.Joined) > 0 {
							joined = fmt.Sprintf(" This user already had a sign-in with this iClient, used by %s: joined it.", model.JoinNames(r.Joined))
						}
						fmt.Fprintf(a.stderr, "%s: Online. %s%s\n", prefix, model.ConnectedAs(r.Connection), joined)
					default:
						fmt.Fprintf(a.stderr, "%s: %s: %s\n", prefix, r.Outcome, oneLine(r.Reason))
					}
				}
			})
			if len(results) == 0 && err != nil {
				return err
			}
			counts := map[model.MigrateOutcome]int{}
			var failedNames []string
			out := make([]jsonMigrateResult, 0, len(results))
			doc, _ = svc.Load()
			for _, r := range results {
				counts[r.Outcome]++
				if r.Outcome == model.MigrateFailed {
					failedNames = append(failedNames, shellQuote(r.Name))
				}
				j := jsonMigrateResult{Name: r.Name, ID: r.ConnectionID, Outcome: string(r.Outcome), Reason: r.Reason}
				if r.Connection.ID != "" {
					jc := toJSONConnection(doc, r.Connection)
					j.Connection = &jc
				}
				out = append(out, j)
			}
			if asJSON {
				if err := a.printJSON(out); err != nil {
					return err
				}
			} else {
				tw := a.table()
				fmt.Fprintln(tw, "NAME\tRESULT\tREASON")
				for _, r := range results {
					reason := oneLine(r.Reason)
					if r.Outcome == model.MigrateOnline {
						reason = model.ConnectedAs(r.Connection)
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\n", r.Name, r.Outcome, reason)
				}
				tw.Flush()
				fmt.Fprintf(a.stdout, "\n%d migrated, %d failed, %d skipped.\n", counts[model.MigrateOnline], counts[model.MigrateFailed], counts[model.MigrateSkipped])
				if len(failedNames) > 0 {
					fmt.Fprintf(a.stdout, "The failed ones are unchanged. Retry them with: zoomconn migrate %s --iclient %s\n", strings.Join(failedNames, " "), shellQuote(ic.Name))
				}
			}
			if err != nil {
				fmt.Fprintln(a.stderr, "zoomconn: Canceled. Finished connections stay migrated; the others are unchanged.")
				return exitCode(ExitFailed)
			}
			if counts[model.MigrateFailed] > 0 {
				return exitCode(ExitFailed)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&iclient, "iclient", "", "the iClient to migrate to (required)")
	f.StringVar(&auth, "auth", "", "oauth2 or s2s (default: s2s for a Server-to-Server iClient, else oauth2)")
	f.StringVar(&accountID, "account-id", "", "Server-to-Server OAuth: the Account ID for every connection")
	f.BoolVar(&all, "all", false, "migrate every JWT connection")
	f.BoolVar(&noBrowser, "no-browser", false, "OAuth 2.0: print each consent address instead of opening a browser")
	f.DurationVar(&timeout, "timeout", oauth.DefaultConsentTimeout, "OAuth 2.0: how long to wait for each approval (at most 10m)")
	f.BoolVar(&asJSON, "json", false, "print the results as JSON (see the README for the fields)")
	f.BoolVar(&consentEach, "consent-each", false, "OAuth 2.0: one consent per connection, each possibly by a different Zoom user")
	cmd.MarkFlagRequired("iclient")
	cmd.RegisterFlagCompletionFunc("iclient", a.completeIClients)
	cmd.RegisterFlagCompletionFunc("auth", fixed("oauth2", "s2s"))
	return cmd
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func (a *app) settingsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "settings",
		Short: "Show or change the settings the command line shares with the window",
		Args:  cobra.NoArgs,
	}
	show := &cobra.Command{
		Use:   "show",
		Short: "Show where data and secrets are kept, and the Redirect URL",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			svc, err := a.service()
			if err != nil {
				return err
			}
			url, err := svc.RedirectURL()
			if err != nil {
				return err
			}
			service := model.KeyringService
			if k, ok := svc.Secrets.(*model.Keyring); ok {
				service = k.Service
			}
			fmt.Fprintf(a.stdout, "Data folder:   %s\nPassword store: the system keyring, service %q\nRedirect URL:  %s\n", svc.Dir, service, url)
			return nil
		},
	}
	set := &cobra.Command{
		Use:       "set redirect-port PORT",
		Short:     "Change the Redirect URL's port (then update the Redirect URL in your Zoom apps)",
		Args:      exactly(2, "zoomconn settings set redirect-port PORT"),
		ValidArgs: []string{"redirect-port"},
		RunE: func(cmd *cobra.Command, args []string) error {
			if args[0] != "redirect-port" {
				return usagef("Unknown setting %q: the setting is redirect-port.", args[0])
			}
			var port int
			if _, err := fmt.Sscanf(args[1], "%d", &port); err != nil || fmt.Sprint(port) != args[1] {
				return usagef("The port must be a number between 1024 and 65535 (not %q).", args[1])
			}
			svc, err := a.service()
			if err != nil {
				return err
			}
			if err := svc.SetRedirectPort(port); err != nil {
				return err
			}
			url, _ := svc.RedirectURL()
			fmt.Fprintf(a.stdout, "The Redirect URL is now %s\nAdd it to the Redirect URL and Allow list of your Zoom apps, then authorize the OAuth 2.0 connections again.\n", url)
			return nil
		},
	}
	cmd.AddCommand(show, set)
	return cmd
}
