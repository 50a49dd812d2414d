package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

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
	got, terr := svc.Test(ctx, c.ID)
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
}

func newCmdRevoke(f *Factory, runF func(*RevokeOptions) error) *cobra.Command {
	opts := &RevokeOptions{IO: f.IO, Service: f.Service}
	return &cobra.Command{
		Use:   "revoke NAME",
		Short: "Sign out: revoke a connection's sign-in at Zoom and forget its token",
		Long: `Revoke the connection's sign-in at Zoom and forget its token. Zoom keeps one
sign-in per Zoom user per app, so every OAuth 2.0 connection that shares it
(same iClient, approved by the same Zoom user) is signed out too; they are
listed. Authorize each again to sign it back in.`,
		Args:              exactly(1, "zoomconn revoke NAME"),
		ValidArgsFunction: completeOneConnection(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			if runF != nil {
				return runF(opts)
			}
			return revokeRun(cmd.Context(), opts)
		},
	}
}

func revokeRun(ctx context.Context, opts *RevokeOptions) error {
	svc, _, c, err := findConnection(opts.Service, opts.Name)
	if err != nil {
		return err
	}
	names, err := svc.Revoke(ctx, c.ID)
	if err != nil {
		return about(c, err)
	}
	q := shellQuote(c.Name)
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
