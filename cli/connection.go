package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"zoomconn/model"
)

func parseAuth(v string, jwtOK bool) (model.AuthType, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "oauth2":
		return model.AuthOAuth2, nil
	case "s2s":
		return model.AuthS2S, nil
	case "jwt":
		if jwtOK {
			return model.AuthJWT, nil
		}
		return "", usagef("JWT was retired by Zoom on September 8, 2023 and cannot be chosen: --auth must be oauth2 or s2s.")
	}
	if jwtOK {
		return "", usagef("--auth must be oauth2, s2s or jwt (not %q).", v)
	}
	return "", usagef("--auth must be oauth2 or s2s (not %q).", v)
}

func (a *app) connectionCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "connection",
		Short: "Add, edit and remove connections",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(a.connectionAddCmd(), a.connectionEditCmd(), a.connectionRemoveCmd())
	return cmd
}

// nextStep is what to run after a connection is added or changed.
func nextStep(c model.Connection) string {
	q := shellQuote(c.Name)
	switch {
	case c.Auth == model.AuthJWT:
		return "Migrate it to OAuth with: zoomconn migrate " + q + " --iclient ICLIENT"
	case c.Status == model.StatusOnline:
		return ""
	case c.Auth == model.AuthOAuth2:
		return "Next: zoomconn authorize " + q
	}
	return "Next: zoomconn test " + q
}

func (a *app) connectionAddCmd() *cobra.Command {
	var name, auth, iclient, scopes, accountID, apiKey, env, oauthBase, apiBase string
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
			at, err := parseAuth(auth, true)
			if err != nil {
				return err
			}
			f := cmd.Flags()
			svc, doc, err := a.load()
			if err != nil {
				return err
			}
			c := model.Connection{Name: name, Auth: at, Scopes: scopes, AccountID: accountID}
			var secret model.Secret
			if at == model.AuthJWT {
				if f.Changed("iclient") || f.Changed("scopes") || f.Changed("account-id") {
					return usagef("A JWT record takes --api-key (and --environment), not --iclient, --scopes or --account-id.")
				}
				c.APIKey, c.AccountID = apiKey, ""
				if c.Env.Kind, err = parseEnv("--environment", env); err != nil {
					return err
				}
				if c.Env.Kind == model.EnvCustom {
					c.Env.OAuthBase, c.Env.APIBase = oauthBase, apiBase
				}
				probe := c
				if err := model.ValidateJWTRecord(&probe, doc); err != nil {
					return err
				}
				if secret, err = a.readSecret("API Secret", `printf '%s' "$API_SECRET" | zoomconn connection add …`); err != nil {
					return err
				}
			} else {
				if f.Changed("api-key") {
					return usagef("--api-key is only for --auth jwt.")
				}
				if f.Changed("environment") || f.Changed("oauth-base") || f.Changed("api-base") {
					return usagef("An OAuth connection uses its iClient's environment: leave out --environment, --oauth-base and --api-base.")
				}
				if iclient == "" {
					return usagef("--iclient is required with --auth %s. Run 'zoomconn iclient list' to see the iClients.", auth)
				}
				ic, err := findIClient(doc, iclient)
				if err != nil {
					return err
				}
				c.IClientID, c.Env = ic.ID, ic.Env
				if at == model.AuthOAuth2 && c.AccountID != "" {
					return usagef("--account-id is only for --auth s2s.")
				}
			}
			c, err = svc.CreateConnection(background(cmd), c, secret)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Created connection %q (%s, %s). Status: %s.\n", c.Name, c.Auth.Label(), c.Env.Kind.ShortLabel(), c.Status.Label())
			if n := nextStep(c); n != "" {
				fmt.Fprintln(a.stdout, n)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&name, "name", "", "a name for the connection (required)")
	f.StringVar(&auth, "auth", "", "oauth2, s2s, or jwt to record an existing JWT connection (required)")
	f.StringVar(&iclient, "iclient", "", "the iClient's name (oauth2, s2s)")
	f.StringVar(&scopes, "scopes", "", `space-separated scopes (oauth2; usually left out: the scopes set on the app in Zoom)`)
	f.StringVar(&accountID, "account-id", "", "the Account ID (s2s)")
	f.StringVar(&apiKey, "api-key", "", "the JWT app's API Key (jwt)")
	f.StringVar(&env, "environment", "zoom", "zoom, zoomgov or custom (jwt)")
	f.StringVar(&oauthBase, "oauth-base", "", "custom environment: the OAuth base URL (jwt)")
	f.StringVar(&apiBase, "api-base", "", "custom environment: the API base URL (jwt)")
	cmd.MarkFlagRequired("name")
	cmd.MarkFlagRequired("auth")
	cmd.RegisterFlagCompletionFunc("auth", fixed("oauth2", "s2s", "jwt"))
	cmd.RegisterFlagCompletionFunc("environment", fixed("zoom", "zoomgov", "custom"))
	cmd.RegisterFlagCompletionFunc("iclient", a.completeIClients)
	return cmd
}

func (a *app) connectionEditCmd() *cobra.Command {
	var name, auth, iclient, scopes, accountID string
	cmd := &cobra.Command{
		Use:   "edit NAME [--name NEW] [--auth oauth2|s2s] [--iclient I] [--scopes S] [--account-id ID]",
		Short: "Change a connection (changing how it signs in means authorizing it again)",
		Example: `  zoomconn connection edit "Webinar sync" --auth oauth2 --iclient "Acme reporting app"
  zoomconn connection edit Reports --scopes "user:read:user:admin meeting:read:list_meetings:admin"
  zoomconn connection edit Reports --scopes ""     # the scopes set on the app in Zoom`,
		Args:              exactly(1, "zoomconn connection edit NAME [flags]"),
		ValidArgsFunction: a.completeOneConnection,
		RunE: func(cmd *cobra.Command, args []string) error {
			f := cmd.Flags()
			if !anyChanged(f, "name", "auth", "iclient", "scopes", "account-id") {
				return usagef("Nothing to change: give --name, --auth, --iclient, --scopes or --account-id.")
			}
			svc, doc, c, err := a.findConnection(args[0])
			if err != nil {
				return err
			}
			before := c
			if f.Changed("name") {
				c.Name = name
			}
			if f.Changed("auth") {
				if c.Auth, err = parseAuth(auth, false); err != nil {
					return err
				}
			}
			if f.Changed("iclient") {
				ic, err := findIClient(doc, iclient)
				if err != nil {
					return err
				}
				c.IClientID, c.Env = ic.ID, ic.Env
			} else if c.Auth != before.Auth && before.Auth == model.AuthJWT {
				return usagef("Leaving JWT needs an iClient: add --iclient NAME.")
			}
			if f.Changed("scopes") {
				c.Scopes = scopes
			}
			if f.Changed("account-id") {
				c.AccountID = accountID
			}
			if c.Auth == model.AuthOAuth2 {
				if f.Changed("account-id") {
					return usagef("--account-id is only for Server-to-Server OAuth (--auth s2s).")
				}
				c.AccountID = ""
			}
			if c.Auth == model.AuthS2S {
				c.Scopes = ""
			}
			c, err = svc.UpdateConnection(background(cmd), c)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Saved connection %q (%s). Status: %s.\n", c.Name, c.Auth.Label(), c.Status.Label())
			if c.Status != before.Status {
				if n := nextStep(c); n != "" {
					fmt.Fprintln(a.stdout, n)
				}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&name, "name", "", "a new name")
	f.StringVar(&auth, "auth", "", "oauth2 or s2s")
	f.StringVar(&iclient, "iclient", "", "the iClient's name")
	f.StringVar(&scopes, "scopes", "", "space-separated scopes (oauth2; \"\": the scopes set on the app in Zoom)")
	f.StringVar(&accountID, "account-id", "", "the Account ID (s2s)")
	cmd.RegisterFlagCompletionFunc("auth", fixed("oauth2", "s2s"))
	cmd.RegisterFlagCompletionFunc("iclient", a.completeIClients)
	return cmd
}

func (a *app) connectionRemoveCmd() *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "remove NAME [--force]",
		Short: "Revoke a connection's access at Zoom, then remove it and its secrets",
		Long: `Revoke a connection's access at Zoom, then remove it and its secrets.

When Zoom cannot revoke it (offline, or the sign-in already expired), nothing
is removed unless --force is given.`,
		Args:              exactly(1, "zoomconn connection remove NAME [--force]"),
		ValidArgsFunction: a.completeOneConnection,
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, _, c, err := a.findConnection(args[0])
			if err != nil {
				return err
			}
			if err := svc.DeleteConnectionRevoking(background(cmd), c.ID, force); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Removed connection %q.\n", c.Name)
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "remove it here even if Zoom cannot revoke its access")
	return cmd
}
