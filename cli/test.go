package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"zoomconn/internal/words"
	"zoomconn/model"
)

// TestOptions are zoomconn test's.
type TestOptions struct {
	IO      *IOStreams
	Service func() (*model.Service, error)
	Name    string
	JSON    bool
}

func newCmdTest(f *Factory, runF func(*TestOptions) error) *cobra.Command {
	opts := &TestOptions{IO: f.IO, Service: f.Service}
	cmd := &cobra.Command{
		Use:               "test NAME [--json]",
		Short:             "Check a connection with Zoom (GET /users/me); exits 1 when it fails",
		Args:              exactly(1, "zoomconn test NAME [--json]"),
		ValidArgsFunction: completeOneConnection(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			if runF != nil {
				return runF(opts)
			}
			return testRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, jsonUsage)
	return cmd
}

type jsonTest struct {
	OK         bool           `json:"ok"`
	Connection jsonConnection `json:"connection"`
	Error      *jsonError     `json:"error"`
}

func testRun(ctx context.Context, opts *TestOptions) error {
	svc, _, c, err := findConnection(opts.Service, opts.Name)
	if err != nil {
		return err
	}
	got, terr := svc.Checks.Test(ctx, c.ID)
	terr = about(c, terr)
	if !opts.JSON {
		if terr != nil {
			return terr
		}
		fmt.Fprintf(opts.IO.Out, "%s: Online. %s\n", got.Name, model.ConnectedAs(got))
		return nil
	}
	if got.ID == "" {
		got = c
	}
	doc, _ := svc.Load()
	if err := printJSON(opts.IO.Out, jsonTest{OK: terr == nil, Connection: toJSONConnection(doc, got), Error: toJSONError(terr)}); err != nil {
		return err
	}
	switch {
	case terr == nil:
		return nil
	case isUsage(terr):
		return terr
	}
	return exitCode(ExitFailed)
}

// RevokeOptions are zoomconn revoke's.
type RevokeOptions struct {
	IO      *IOStreams
	Service func() (*model.Service, error)
	Name    string
	// Local forgets the sign-in on this computer only: Zoom is not asked.
	Local bool
	// Yes confirms removing an admin-managed app from its Zoom account
	// without asking (scripts).
	Yes bool
}

func newCmdRevoke(f *Factory, runF func(*RevokeOptions) error) *cobra.Command {
	opts := &RevokeOptions{IO: f.IO, Service: f.Service}
	cmd := &cobra.Command{
		Use:   "revoke NAME [--local] [--yes]",
		Short: "Sign out: revoke a connection's sign-in at Zoom and forget its token",
		Long: `Revoke the connection's sign-in at Zoom and forget its token. Zoom keeps one
sign-in per Zoom user per app, so every OAuth 2.0 connection that shares it
(same iClient, approved by the same Zoom user) is signed out too; they are
listed. Authorize each again to sign it back in.

Zoom's revoke uninstalls the app. For an admin-managed app that removes it
from the whole Zoom account: every connection of it stops, on this computer
and every other admin's. revoke then names what it will stop and asks first
(--yes answers for a script). --local only forgets the sign-in on this
computer and asks Zoom nothing.`,
		Args:              exactly(1, "zoomconn revoke NAME [--local] [--yes]"),
		ValidArgsFunction: completeOneConnection(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			if runF != nil {
				return runF(opts)
			}
			return revokeRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Local, "local", false, "forget the sign-in on this computer only; Zoom keeps it")
	cmd.Flags().BoolVar(&opts.Yes, "yes", false, "for an admin-managed app: remove it from the Zoom account without asking")
	return cmd
}

func revokeRun(ctx context.Context, opts *RevokeOptions) error {
	svc, _, c, err := findConnection(opts.Service, opts.Name)
	if err != nil {
		return err
	}
	q := model.ShellWord(c.Name)
	if opts.Local {
		names, err := svc.Revocation.ForgetSignIn(ctx, c.ID)
		if err != nil {
			return about(c, err)
		}
		fmt.Fprintf(opts.IO.Out, "Forgot the sign-in on this computer: %s %s now Not authorized. Zoom was not asked, so the sign-in stays valid there until it is replaced or the app removed. Authorize again with: zoomconn authorize %s\n",
			model.JoinNames(names), words.Plural(len(names), "is", "are"), q)
		return nil
	}
	names, err := svc.Revocation.Revoke(ctx, c.ID)
	var am *model.AdminManagedError
	if errors.As(err, &am) {
		return removeAppRun(ctx, opts, svc, c)
	}
	if err != nil {
		return about(c, err)
	}
	switch {
	case c.Auth == model.AuthOAuth2 && len(names) > 1:
		fmt.Fprintf(opts.IO.Out, "Signed out at Zoom: %s shared this sign-in and are now Not authorized. Authorize each again to sign it back in (approved by the same Zoom user, they share one sign-in again): zoomconn authorize %s\n",
			model.JoinNames(names), q)
	case c.Auth == model.AuthOAuth2:
		fmt.Fprintf(opts.IO.Out, "Revoked %q at Zoom; its token is forgotten. Authorize it again with: zoomconn authorize %s\n", c.Name, q)
	default:
		fmt.Fprintf(opts.IO.Out, "Forgot the token of %q.\n", c.Name)
	}
	return nil
}

// removeAppRun is revoke for a connection of an admin-managed app: it names
// what removing the app from the Zoom account stops, asks (or takes
// --yes), then removes it.
func removeAppRun(ctx context.Context, opts *RevokeOptions, svc *model.Service, c model.Connection) error {
	plan, err := svc.Revocation.PlanAppRemoval(c.ID)
	if err != nil {
		return about(c, err)
	}
	account := "the Zoom account"
	if plan.Account != "" {
		account = "Zoom account " + plan.Account
	}
	fmt.Fprintf(opts.IO.ErrOut, "iClient %q is an admin-managed app: revoking at Zoom removes it from %s. That stops %s here, and every other admin's use of the app, on other computers too.\n",
		plan.IClient, account, model.JoinNames(plan.Stops))
	if !opts.Yes {
		if opts.IO.ReadPassword == nil { // not a terminal: nobody to ask
			return usagef("Nothing was revoked. Add --yes to remove the app from %s, or --local to forget the sign-in on this computer only.", account)
		}
		fmt.Fprintf(opts.IO.ErrOut, "Type yes to remove the app from %s: ", account)
		line, _ := bufio.NewReader(opts.IO.In).ReadString('\n')
		if !strings.EqualFold(strings.TrimSpace(line), "yes") {
			fmt.Fprintf(opts.IO.ErrOut, "Nothing was revoked. To forget the sign-in on this computer only: zoomconn revoke %s --local\n", model.ShellWord(c.Name))
			return exitCode(ExitFailed)
		}
	}
	names, err := svc.Revocation.RemoveAppFromAccount(ctx, c.ID)
	if err != nil {
		return about(c, err)
	}
	fmt.Fprintf(opts.IO.Out, "Removed the app of iClient %q from %s. Not authorized now: %s. An admin can install it again by authorizing a connection: zoomconn authorize %s\n",
		plan.IClient, account, model.JoinNames(names), model.ShellWord(c.Name))
	return nil
}
