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

// AuthorizeOptions are zoomconn authorize's.
type AuthorizeOptions struct {
	IO        *IOStreams
	Service   func() (*model.Service, error)
	Browser   model.Opener
	Name      string
	NoBrowser bool
	Timeout   time.Duration
}

func newCmdAuthorize(f *Factory, runF func(*AuthorizeOptions) error) *cobra.Command {
	opts := &AuthorizeOptions{IO: f.IO, Service: f.Service, Browser: f.Browser}
	cmd := &cobra.Command{
		Use:   "authorize NAME [--no-browser] [--timeout D]",
		Short: "Authorize (or reconnect) an OAuth 2.0 connection in the browser",
		Long: `Open Zoom's consent page in the browser ($BROWSER when set, else the system's
browser) and wait for the approval to come back to the Redirect URL on this
computer. With --no-browser, or when no browser can be opened, the address is
printed on standard error to open by hand; the wait goes on. That browser may
run on another computer: once you click Allow there, it ends on a page that
cannot connect; paste that page's address on standard input to finish.

If Zoom shows its own error page instead of asking you to Allow ("Invalid
redirect", "Invalid scope"), nothing comes back to this computer: press Ctrl+C
to end the wait at once, and zoomconn says what to check in the Zoom app.`,
		Args:              exactly(1, "zoomconn authorize NAME [--no-browser] [--timeout D]"),
		ValidArgsFunction: completeOneConnection(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			if runF != nil {
				return runF(opts)
			}
			return authorizeRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.NoBrowser, "no-browser", false, "do not open a browser: print the address to open")
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", model.ConsentTimeout, "how long to wait for the approval (at most 10m)")
	return cmd
}

// checkConsentTimeout refuses a --timeout the consent cannot have.
func checkConsentTimeout(d time.Duration) error {
	if d <= 0 || d > model.ConsentTimeout {
		return usagef("--timeout must be more than 0 and at most %s (for example 90s or 5m).", model.ConsentTimeout)
	}
	return nil
}

func authorizeRun(ctx context.Context, opts *AuthorizeOptions) error {
	if err := checkConsentTimeout(opts.Timeout); err != nil {
		return err
	}
	svc, _, c, err := findConnection(opts.Service, opts.Name)
	if err != nil {
		return err
	}
	var opener model.Opener
	if !opts.NoBrowser {
		opener = opts.Browser
	}
	auth, err := svc.Consents.StartAuthorize(ctx, c.ID, opener, model.WithConsentTimeout(opts.Timeout))
	if err != nil {
		return about(c, err)
	}
	defer auth.Cancel()
	if notes, err := svc.Consents.ConsentNotes(c.ID); err == nil && !auth.Redeemed() {
		for _, n := range notes {
			fmt.Fprintln(opts.IO.ErrOut, "Note: "+n)
		}
	}
	sayWhereToApprove(opts.IO, auth, opener == nil)
	fmt.Fprintf(opts.IO.ErrOut, "Waiting for Zoom's answer (up to %s). If Zoom shows an error page instead, press Ctrl+C to see what to check.\n", words.Duration(opts.Timeout))
	var pastes *pasteReader // authorize_paste.go
	if auth.URL() != "" && (opener == nil || auth.OpenErr() != nil) {
		fmt.Fprintln(opts.IO.ErrOut, pasteHint)
		pastes = readPastes(opts.IO, auth)
	}
	got, err := auth.Wait(ctx)
	pastes.stop()
	if err != nil {
		if ctx.Err() != nil { // Ctrl+C
			return errorPageAdvice(c.Name, auth.RedirectURL(), strings.Fields(c.Scopes))
		}
		return about(c, err)
	}
	fmt.Fprintln(opts.IO.Out, model.ConnectedAs(got))
	if joined := auth.Joined(); len(joined) > 0 {
		fmt.Fprintf(opts.IO.Out, "%s already had a sign-in with this iClient, used by %s: %q joins it, and they all use the new approval.\n",
			got.AuthorizedAs.Email, model.JoinNames(joined), got.Name)
	}
	for _, n := range auth.Notes() {
		fmt.Fprintln(opts.IO.Out, n)
	}
	return nil
}

// errorPageAdvice ends a wait that the admin stopped, most often because
// Zoom showed its own error page, which never comes back to this computer.
func errorPageAdvice(name, redirectURL string, scopes []string) *model.Problem {
	next := "If Zoom showed an error page instead of asking you to Allow, check the app in Zoom's App Marketplace:"
	for _, line := range model.ErrorPageChecks(redirectURL, scopes) {
		next += "\n  - " + line
	}
	if len(scopes) > 0 {
		next += "\nTo clear the connection's Scopes: zoomconn connection edit " + model.ShellWord(name) + ` --scopes ""`
	}
	next += "\nThen authorize again: zoomconn authorize " + model.ShellWord(name)
	return &model.Problem{Kind: model.KindCanceled, Message: "Stopped waiting for Zoom. Nothing changed.", Next: next}
}

// sayWhereToApprove tells the admin where the consent page is: open in the
// browser, or an address to open by hand.
func sayWhereToApprove(s *IOStreams, auth *model.Authorization, noBrowser bool) {
	if !noBrowser && auth.OpenErr() == nil {
		fmt.Fprintln(s.ErrOut, "Zoom's consent page is open in your browser: approve access there.")
		return
	}
	if auth.OpenErr() != nil {
		fmt.Fprintln(s.ErrOut, "The browser could not be opened.")
		if s.Verbose {
			fmt.Fprintln(s.ErrOut, "Details:", auth.OpenErr())
		}
	}
	fmt.Fprintf(s.ErrOut, "Open this address in a browser and approve access in Zoom:\n\n  %s\n\n", auth.URL())
}
