package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"zoomconn/model"
	"zoomconn/oauth"
)

func account(c model.Connection) string {
	if c.AuthorizedAs == nil {
		return "—"
	}
	if c.AuthorizedAs.Email != "" {
		return c.AuthorizedAs.Email
	}
	return c.AuthorizedAs.DisplayName
}

func (a *app) listCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list [--json]",
		Short: "List the connections",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, doc, err := a.load()
			if err != nil {
				return err
			}
			if asJSON {
				out := make([]jsonConnection, 0, len(doc.Connections))
				for _, c := range doc.Connections {
					out = append(out, toJSONConnection(doc, c))
				}
				return a.printJSON(out)
			}
			if len(doc.Connections) == 0 {
				fmt.Fprintln(a.stdout, "No connections yet. Add one with 'zoomconn connection add', or bring a list in with 'zoomconn import FILE'.")
				return nil
			}
			tw := a.table()
			fmt.Fprintln(tw, "NAME\tENVIRONMENT\tAUTHENTICATION TYPE\tSTATUS\tACCOUNT\tICLIENT")
			for _, c := range doc.Connections {
				ic := "—"
				if x := doc.IClient(c.IClientID); x != nil {
					ic = x.Name
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", c.Name, c.Env.Kind.ShortLabel(), c.Auth.Label(), c.Status.Label(), account(c), ic)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (see the README for the fields)")
	return cmd
}

// advice is what to do about a connection that needs attention.
func advice(c model.Connection) string {
	q := shellQuote(c.Name)
	switch c.Status {
	case model.StatusMigrationNeeded:
		return "Zoom turned JWT off on September 8, 2023. Migrate it: zoomconn migrate " + q + " --iclient ICLIENT"
	case model.StatusReconnectNeeded:
		return "Its sign-in expired, was revoked, or was replaced by a newer approval of the same Zoom user. Reconnect: zoomconn authorize " + q
	case model.StatusNotAuthorized:
		if c.Auth == model.AuthOAuth2 {
			return "Authorize it: zoomconn authorize " + q
		}
		return "Check it: zoomconn test " + q
	case model.StatusOffline:
		msg := "The last test failed"
		if c.LastTest != "" && c.LastTest != "ok" {
			msg += ": " + c.LastTest
		}
		return strings.TrimSuffix(msg, ".") + ". Test it again: zoomconn test " + q
	}
	return ""
}

type jsonStatus struct {
	OK             bool             `json:"ok"`
	NeedsAttention int              `json:"needs_attention"`
	Connections    []jsonConnection `json:"connections"`
}

func (a *app) statusCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "status [NAME] [--json]",
		Short: "Show what needs attention; exits 1 while anything does",
		Long: `Show the recorded status of every connection (or of NAME), and what to do
about those that need attention. Exits 1 while any of them needs attention,
so a script or a monitor can call it. It does not call Zoom: run
'zoomconn test NAME' for a live check.`,
		Args:              atMost(1, "zoomconn status [NAME] [--json]"),
		ValidArgsFunction: a.completeOneConnection,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, doc, err := a.load()
			if err != nil {
				return err
			}
			conns := doc.Connections
			if len(args) == 1 {
				c := doc.ConnectionByName(args[0])
				if c == nil {
					return &notFound{"connection", strings.TrimSpace(args[0]), "Run 'zoomconn list' to see the connections."}
				}
				conns = []model.Connection{*c}
			}
			st := jsonStatus{Connections: make([]jsonConnection, 0, len(conns))}
			for _, c := range conns {
				if c.Status.NeedsAttention() {
					st.NeedsAttention++
				}
				st.Connections = append(st.Connections, toJSONConnection(doc, c))
			}
			st.OK = st.NeedsAttention == 0
			if asJSON {
				if err := a.printJSON(st); err != nil {
					return err
				}
			} else if len(conns) == 0 {
				fmt.Fprintln(a.stdout, "No connections yet.")
			} else if len(args) == 1 {
				c := conns[0]
				line := fmt.Sprintf("%s: %s (%s)", c.Name, c.Status.Label(), c.Auth.Label())
				if c.Status == model.StatusOnline && c.AuthorizedAs != nil {
					line += " — " + model.ConnectedAs(c)
				}
				fmt.Fprintln(a.stdout, line)
				if who := model.SignedInAs(doc, c); who != "" && c.Auth == model.AuthOAuth2 {
					fmt.Fprintln(a.stdout, "  "+who)
				}
				if !c.LastTestAt.IsZero() {
					res := c.LastTest
					if res != "ok" {
						res = "failed: " + res
					}
					fmt.Fprintf(a.stdout, "Last test: %s, %s\n", c.LastTestAt.UTC().Format("2006-01-02 15:04 UTC"), res)
				}
				if adv := advice(c); adv != "" {
					fmt.Fprintln(a.stdout, adv)
				}
			} else {
				tw := a.table()
				fmt.Fprintln(tw, "NAME\tSTATUS\tAUTHENTICATION TYPE\tACCOUNT")
				for _, c := range conns {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.Name, c.Status.Label(), c.Auth.Label(), account(c))
				}
				tw.Flush()
				if st.NeedsAttention == 0 {
					fmt.Fprintf(a.stdout, "\nAll %d %s online.\n", len(conns), plural(len(conns), "connection is", "connections are"))
				} else {
					fmt.Fprintf(a.stdout, "\n%d of %d %s attention:\n", st.NeedsAttention, len(conns), plural(len(conns), "connection needs", "connections need"))
					for _, c := range conns {
						if adv := advice(c); adv != "" {
							fmt.Fprintf(a.stdout, "  %s: %s\n", c.Name, adv)
						}
					}
				}
			}
			if !st.OK {
				return exitCode(ExitFailed)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (see the README for the fields)")
	return cmd
}

type jsonTest struct {
	OK         bool           `json:"ok"`
	Connection jsonConnection `json:"connection"`
	Error      *jsonError     `json:"error"`
}

func (a *app) testCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:               "test NAME [--json]",
		Short:             "Check a connection with Zoom (GET /users/me); exits 1 when it fails",
		Args:              exactly(1, "zoomconn test NAME [--json]"),
		ValidArgsFunction: a.completeOneConnection,
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, _, c, err := a.findConnection(args[0])
			if err != nil {
				return err
			}
			got, terr := svc.Test(background(cmd), c.ID)
			if asJSON {
				if got.ID == "" {
					got = c
				}
				doc, _ := svc.Load()
				if err := a.printJSON(jsonTest{OK: terr == nil, Connection: toJSONConnection(doc, got), Error: toJSONError(terr)}); err != nil {
					return err
				}
				if terr != nil {
					if isUsage(terr) {
						return terr
					}
					return exitCode(ExitFailed)
				}
				return nil
			}
			if terr != nil {
				return terr
			}
			fmt.Fprintf(a.stdout, "%s: Online. %s\n", got.Name, model.ConnectedAs(got))
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (see the README for the fields)")
	return cmd
}

func (a *app) tokenCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "token NAME",
		Short: "Print a valid access token, and nothing else, for scripts",
		Long: `Print a valid access token for the connection on standard output, and nothing
else: refreshed and saved first when needed, safe when many processes ask at
once. This is what scripts call where they used to make a JWT:

  curl -H "Authorization: Bearer $(zoomconn token Reports)" https://api.zoom.us/v2/users/me`,
		Args:              exactly(1, "zoomconn token NAME"),
		ValidArgsFunction: a.completeOneConnection,
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, _, c, err := a.findConnection(args[0])
			if err != nil {
				return err
			}
			tok, err := svc.AccessToken(background(cmd), c.ID)
			// Zoom may have renewed the sign-in while the password store
			// refused the new token: one last attempt before exiting, since
			// an unsaved renewed token is a sign-in lost.
			flushCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			defer cancel()
			if ferr := svc.FlushTokens(flushCtx); ferr != nil {
				return ferr
			}
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(a.stdout, tok)
			return err
		},
	}
}

var errAuthorizeTimeout = errors.New("the --timeout for the consent passed")

func (a *app) authorizeCmd() *cobra.Command {
	var noBrowser bool
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "authorize NAME [--no-browser] [--timeout D]",
		Short: "Authorize (or reconnect) an OAuth 2.0 connection in the browser",
		Long: `Open Zoom's consent page in the browser ($BROWSER when set, else the system's
browser) and wait for the approval to come back to the Redirect URL on this
computer. With --no-browser, or when no browser can be opened, the address is
printed on standard error to open by hand; the wait goes on.

If Zoom shows its own error page instead of asking you to Allow ("Invalid
redirect", "Invalid scope"), nothing comes back to this computer: press Ctrl+C
to end the wait at once, and zoomconn says what to check in the Zoom app.`,
		Args:              exactly(1, "zoomconn authorize NAME [--no-browser] [--timeout D]"),
		ValidArgsFunction: a.completeOneConnection,
		RunE: func(cmd *cobra.Command, args []string) error {
			if timeout <= 0 || timeout > oauth.DefaultConsentTimeout {
				return usagef("--timeout must be more than 0 and at most %s (for example 90s or 5m).", oauth.DefaultConsentTimeout)
			}
			svc, _, c, err := a.findConnection(args[0])
			if err != nil {
				return err
			}
			ctx := background(cmd)
			var opener oauth.Opener
			if !noBrowser {
				opener = browserOpener()
			}
			auth, err := svc.StartAuthorize(ctx, c.ID, opener)
			if err != nil {
				return err
			}
			defer auth.Cancel()
			if noBrowser || auth.OpenErr() != nil {
				if auth.OpenErr() != nil {
					fmt.Fprintln(a.stderr, "The browser could not be opened.")
					if a.verbose {
						fmt.Fprintln(a.stderr, "Details:", auth.OpenErr())
					}
				}
				fmt.Fprintf(a.stderr, "Open this address in a browser and approve access in Zoom:\n\n  %s\n\n", auth.URL())
			} else {
				fmt.Fprintln(a.stderr, "Zoom's consent page is open in your browser: approve access there.")
			}
			fmt.Fprintf(a.stderr, "Waiting for Zoom's answer (up to %s). If Zoom shows an error page instead, press Ctrl+C to see what to check.\n", durationWords(timeout))
			wctx, cancel := context.WithTimeoutCause(ctx, timeout, errAuthorizeTimeout)
			defer cancel()
			got, err := auth.Wait(wctx)
			if err != nil {
				url, _ := svc.RedirectURL()
				scopes := strings.Fields(c.Scopes)
				switch {
				case errors.Is(context.Cause(wctx), errAuthorizeTimeout):
					return oauth.ConsentTimedOut(timeout, url, scopes, err)
				case ctx.Err() != nil: // Ctrl+C
					return errorPageAdvice(c.Name, url, scopes)
				}
				return err
			}
			fmt.Fprintln(a.stdout, model.ConnectedAs(got))
			if joined := auth.Joined(); len(joined) > 0 {
				fmt.Fprintf(a.stdout, "%s already had a sign-in with this iClient, used by %s: %q joins it, and they all use the new approval.\n",
					got.AuthorizedAs.Email, model.JoinNames(joined), got.Name)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&noBrowser, "no-browser", false, "do not open a browser: print the address to open")
	cmd.Flags().DurationVar(&timeout, "timeout", oauth.DefaultConsentTimeout, "how long to wait for the approval (at most 10m)")
	return cmd
}

// errorPageAdvice ends a wait that the admin stopped, most often because
// Zoom showed its own error page, which never comes back to this computer.
func errorPageAdvice(name, redirectURL string, scopes []string) *oauth.Error {
	next := "If Zoom showed an error page instead of asking you to Allow, check the app in Zoom's App Marketplace:"
	for _, line := range oauth.ErrorPageChecks(redirectURL, scopes) {
		next += "\n  - " + line
	}
	if len(scopes) > 0 {
		next += "\nTo clear the connection's Scopes: zoomconn connection edit " + shellQuote(name) + ` --scopes ""`
	}
	next += "\nThen authorize again: zoomconn authorize " + shellQuote(name)
	return &oauth.Error{Kind: oauth.Canceled, Message: "Stopped waiting for Zoom. Nothing changed.", Next: next}
}

func durationWords(d time.Duration) string {
	switch {
	case d%time.Minute == 0 && d >= time.Minute:
		n := int(d / time.Minute)
		return fmt.Sprintf("%d %s", n, plural(n, "minute", "minutes"))
	case d%time.Second == 0:
		n := int(d / time.Second)
		return fmt.Sprintf("%d %s", n, plural(n, "second", "seconds"))
	}
	return d.String()
}

func (a *app) revokeCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "revoke NAME",
		Short: "Sign out: revoke a connection's sign-in at Zoom and forget its token",
		Long: `Revoke the connection's sign-in at Zoom and forget its token. Zoom keeps one
sign-in per Zoom user per app, so every OAuth 2.0 connection that shares it
(same iClient, approved by the same Zoom user) is signed out too; they are
listed. Authorize each again to sign it back in.`,
		Args:              exactly(1, "zoomconn revoke NAME"),
		ValidArgsFunction: a.completeOneConnection,
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, _, c, err := a.findConnection(args[0])
			if err != nil {
				return err
			}
			names, err := svc.Revoke(background(cmd), c.ID)
			if err != nil {
				return err
			}
			switch {
			case c.Auth == model.AuthOAuth2 && len(names) > 1:
				fmt.Fprintf(a.stdout, "Signed out at Zoom: %s shared this sign-in and are now Not authorized. Authorize each again to sign it back in (approved by the same Zoom user, they share one sign-in again): zoomconn authorize %s\n",
					model.JoinNames(names), shellQuote(c.Name))
			case c.Auth == model.AuthOAuth2:
				fmt.Fprintf(a.stdout, "Revoked %q at Zoom; its token is forgotten. Authorize it again with: zoomconn authorize %s\n", c.Name, shellQuote(c.Name))
			default:
				fmt.Fprintf(a.stdout, "Forgot the token of %q.\n", c.Name)
			}
			return nil
		},
	}
}
