package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"zoomconn/model"
)

func newCmdConnection(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "connection",
		Short: "Add, edit and remove connections",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newCmdConnectionAdd(f, nil), newCmdConnectionEdit(f, nil), newCmdConnectionRemove(f, nil))
	return cmd
}

// nextStep is what to run after a connection is added or changed.
func nextStep(c model.Connection) string {
	if c.Status == model.StatusOnline {
		return ""
	}
	_, do := model.Advise(c)
	if _, cmd := step(do); cmd != "" {
		return "Next: " + cmd
	}
	return ""
}

// ConnectionAddOptions are zoomconn connection add's.
type ConnectionAddOptions struct {
	IO      *IOStreams
	Service func() (*model.Service, error)

	Name, Auth, IClient, Scopes, AccountID  string
	APIKey, Environment, OAuthBase, APIBase string // JWT records; Environment "" is Zoom
}

func newCmdConnectionAdd(f *Factory, runF func(*ConnectionAddOptions) error) *cobra.Command {
	opts := &ConnectionAddOptions{IO: f.IO, Service: f.Service}
	cmd := &cobra.Command{
		Use:   "add --name NAME --auth oauth2|s2s|jwt …",
		Short: "Add a connection (or record an existing JWT one, to migrate it)",
		Long: `Add a connection.

  --auth oauth2 --iclient I [--scopes "a b"]     authorized in the browser (zoomconn authorize)
  --auth s2s --iclient I --account-id ID         Server-to-Server OAuth, no browser
  --auth jwt --api-key K [--environment E]       records an existing JWT connection so that it
                                                 can be migrated; its API Secret is read from
                                                 standard input or asked for

An OAuth connection uses its iClient's environment. Leave --scopes out unless the
connection must ask for fewer scopes than the app in Zoom has: every scope named
must also be on the app, or Zoom shows its own "Invalid scope" page. Apps made
since 2024 have granular scopes, such as user:read:user:admin.`,
		Example: `  zoomconn connection add --name Reports --auth oauth2 --iclient "Acme reporting app"
  zoomconn connection add --name "Nightly export" --auth s2s --iclient "Acme S2S" --account-id AbC-123
  printf '%s' "$API_SECRET" | zoomconn connection add --name "Webinar sync" --auth jwt --api-key k3y`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(opts)
			}
			return connectionAddRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Name, "name", "", "a name for the connection (required)")
	fl.StringVar(&opts.Auth, "auth", "", "oauth2, s2s, or jwt to record an existing JWT connection (required)")
	fl.StringVar(&opts.IClient, "iclient", "", "the iClient's name (oauth2, s2s)")
	fl.StringVar(&opts.Scopes, "scopes", "", `space-separated scopes (oauth2; usually left out: the scopes set on the app in Zoom)`)
	fl.StringVar(&opts.AccountID, "account-id", "", "the Account ID (s2s)")
	fl.StringVar(&opts.APIKey, "api-key", "", "the JWT app's API Key (jwt)")
	fl.StringVar(&opts.Environment, "environment", "", "zoom, zoomgov or custom (jwt; default zoom)")
	fl.StringVar(&opts.OAuthBase, "oauth-base", "", "custom environment: the OAuth base URL (jwt)")
	fl.StringVar(&opts.APIBase, "api-base", "", "custom environment: the API base URL (jwt)")
	cmd.MarkFlagRequired("name")
	cmd.MarkFlagRequired("auth")
	cmd.RegisterFlagCompletionFunc("auth", fixed("oauth2", "s2s", "jwt"))
	cmd.RegisterFlagCompletionFunc("environment", fixed("zoom", "zoomgov", "custom"))
	cmd.RegisterFlagCompletionFunc("iclient", completeIClients(f))
	return cmd
}

func connectionAddRun(ctx context.Context, opts *ConnectionAddOptions) error {
	at, err := parseAuth(opts.Auth, true)
	if err != nil {
		return err
	}
	svc, doc, err := load(opts.Service)
	if err != nil {
		return err
	}
	c := model.Connection{Name: opts.Name, Auth: at, Scopes: opts.Scopes, AccountID: opts.AccountID}
	var secret model.Secret
	if at == model.AuthJWT {
		c, secret, err = jwtRecord(opts, c, doc)
	} else {
		c, err = oauthConnection(opts, c, doc)
	}
	if err != nil {
		return err
	}
	if c, err = svc.Setup.CreateConnection(ctx, c, secret); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "Created connection %q (%s, %s). Status: %s.\n", c.Name, c.Auth.Label(), c.Env.Kind.ShortLabel(), c.Status.Label())
	if n := nextStep(c); n != "" {
		fmt.Fprintln(opts.IO.Out, n)
	}
	return nil
}

// jwtRecord checks a JWT record's flags, then reads its API Secret.
func jwtRecord(opts *ConnectionAddOptions, c model.Connection, doc *model.Document) (model.Connection, model.Secret, error) {
	if opts.IClient != "" || opts.Scopes != "" || opts.AccountID != "" {
		return c, model.Secret{}, usagef("A JWT record takes --api-key (and --environment), not --iclient, --scopes or --account-id.")
	}
	c.APIKey, c.AccountID = opts.APIKey, ""
	c.Env.Kind = model.EnvZoom
	if opts.Environment != "" {
		var err error
		if c.Env.Kind, err = parseEnv("--environment", opts.Environment); err != nil {
			return c, model.Secret{}, err
		}
	}
	if c.Env.Kind == model.EnvCustom {
		c.Env.OAuthBase, c.Env.APIBase = opts.OAuthBase, opts.APIBase
	}
	probe := c
	if err := model.ValidateJWTRecord(&probe, doc); err != nil {
		return c, model.Secret{}, err
	}
	secret, err := readSecret(opts.IO, "API Secret", `printf '%s' "$API_SECRET" | zoomconn connection add …`)
	return c, secret, err
}

// oauthConnection checks an OAuth connection's flags and gives it its
// iClient's environment.
func oauthConnection(opts *ConnectionAddOptions, c model.Connection, doc *model.Document) (model.Connection, error) {
	switch {
	case opts.APIKey != "":
		return c, usagef("--api-key is only for --auth jwt.")
	case opts.Environment != "" || opts.OAuthBase != "" || opts.APIBase != "":
		return c, usagef("An OAuth connection uses its iClient's environment: leave out --environment, --oauth-base and --api-base.")
	case opts.IClient == "":
		return c, usagef("--iclient is required with --auth %s. Run 'zoomconn iclient list' to see the iClients.", opts.Auth)
	}
	ic, err := findIClient(doc, opts.IClient)
	if err != nil {
		return c, err
	}
	c.IClientID, c.Env = ic.ID, ic.Env
	if c.Auth == model.AuthOAuth2 && c.AccountID != "" {
		return c, usagef("--account-id is only for --auth s2s.")
	}
	return c, nil
}

// ConnectionRemoveOptions are zoomconn connection remove's.
type ConnectionRemoveOptions struct {
	IO      *IOStreams
	Service func() (*model.Service, error)
	Name    string
	Force   bool
}

func newCmdConnectionRemove(f *Factory, runF func(*ConnectionRemoveOptions) error) *cobra.Command {
	opts := &ConnectionRemoveOptions{IO: f.IO, Service: f.Service}
	cmd := &cobra.Command{
		Use:   "remove NAME [--force]",
		Short: "Revoke a connection's access at Zoom, then remove it and its secrets",
		Long: `Revoke a connection's access at Zoom, then remove it and its secrets.

When Zoom cannot revoke it (offline, or the sign-in already expired), nothing
is removed unless --force is given.`,
		Args:              exactly(1, "zoomconn connection remove NAME [--force]"),
		ValidArgsFunction: completeOneConnection(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			if runF != nil {
				return runF(opts)
			}
			return connectionRemoveRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Force, "force", false, "remove it here even if Zoom cannot revoke its access")
	return cmd
}

func connectionRemoveRun(ctx context.Context, opts *ConnectionRemoveOptions) error {
	svc, _, c, err := findConnection(opts.Service, opts.Name)
	if err != nil {
		return err
	}
	removal, err := svc.Revocation.DeleteConnectionRevoking(ctx, c.ID, opts.Force)
	if err != nil {
		return about(c, err)
	}
	fmt.Fprintln(opts.IO.Out, removal.Sentence())
	return nil
}
