package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"zoomconn/model"
)

// ConnectionEditOptions are zoomconn connection edit's. A nil field is a
// flag that was not given: that part stays as it is.
type ConnectionEditOptions struct {
	IO      *IOStreams
	Service func() (*model.Service, error)
	Name    string

	NewName, Auth, IClient, Scopes, AccountID *string
}

func newCmdConnectionEdit(f *Factory, runF func(*ConnectionEditOptions) error) *cobra.Command {
	opts := &ConnectionEditOptions{IO: f.IO, Service: f.Service}
	var name, auth, iclient, scopes, accountID string
	cmd := &cobra.Command{
		Use:   "edit NAME [--name NEW] [--auth oauth2|s2s] [--iclient I] [--scopes S] [--account-id ID]",
		Short: "Change a connection (changing how it signs in means authorizing it again)",
		Example: `  zoomconn connection edit "Webinar sync" --auth oauth2 --iclient "Acme reporting app"
  zoomconn connection edit Reports --scopes meeting:read:list_meetings:admin
  zoomconn connection edit Reports --scopes ""     # the scopes set on the app in Zoom`,
		Args:              exactly(1, "zoomconn connection edit NAME [flags]"),
		ValidArgsFunction: completeOneConnection(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			fl := cmd.Flags()
			opts.Name = args[0]
			opts.NewName, opts.Auth, opts.IClient = given(fl, "name", &name), given(fl, "auth", &auth), given(fl, "iclient", &iclient)
			opts.Scopes, opts.AccountID = given(fl, "scopes", &scopes), given(fl, "account-id", &accountID)
			if runF != nil {
				return runF(opts)
			}
			return connectionEditRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&name, "name", "", "a new name")
	fl.StringVar(&auth, "auth", "", "oauth2 or s2s")
	fl.StringVar(&iclient, "iclient", "", "the iClient's name")
	fl.StringVar(&scopes, "scopes", "", "space-separated scopes (oauth2; \"\": the scopes set on the app in Zoom)")
	fl.StringVar(&accountID, "account-id", "", "the Account ID (s2s)")
	cmd.RegisterFlagCompletionFunc("auth", fixed("oauth2", "s2s"))
	cmd.RegisterFlagCompletionFunc("iclient", completeIClients(f))
	return cmd
}

func connectionEditRun(ctx context.Context, opts *ConnectionEditOptions) error {
	if opts.NewName == nil && opts.Auth == nil && opts.IClient == nil && opts.Scopes == nil && opts.AccountID == nil {
		return usagef("Nothing to change: give --name, --auth, --iclient, --scopes or --account-id.")
	}
	svc, doc, before, err := findConnection(opts.Service, opts.Name)
	if err != nil {
		return err
	}
	c, err := editedConnection(before, doc, opts)
	if err != nil {
		return err
	}
	if c, err = svc.Setup.UpdateConnection(ctx, c); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "Saved connection %q (%s). Status: %s.\n", c.Name, c.Auth.Label(), c.Status.Label())
	if c.Status != before.Status {
		if n := nextStep(c); n != "" {
			fmt.Fprintln(opts.IO.Out, n)
		}
	}
	return nil
}

// editedConnection is c with the options' changes, checked for what only
// the command line can get wrong (the model checks the rest).
func editedConnection(c model.Connection, doc *model.Document, opts *ConnectionEditOptions) (model.Connection, error) {
	before := c
	var err error
	if opts.NewName != nil {
		c.Name = *opts.NewName
	}
	if opts.Auth != nil {
		if c.Auth, err = parseAuth(*opts.Auth, false); err != nil {
			return c, err
		}
	}
	switch {
	case opts.IClient != nil:
		ic, err := findIClient(doc, *opts.IClient)
		if err != nil {
			return c, err
		}
		c.IClientID, c.Env = ic.ID, ic.Env
	case c.Auth != before.Auth && before.Auth == model.AuthJWT:
		return c, usagef("Leaving JWT needs an iClient: add --iclient NAME.")
	}
	if opts.Scopes != nil {
		c.Scopes = *opts.Scopes
	}
	if opts.AccountID != nil {
		c.AccountID = *opts.AccountID
	}
	switch c.Auth {
	case model.AuthOAuth2:
		if opts.AccountID != nil {
			return c, usagef("--account-id is only for Server-to-Server OAuth (--auth s2s).")
		}
		c.AccountID = ""
	case model.AuthS2S:
		c.Scopes = ""
	}
	return c, nil
}
