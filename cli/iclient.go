package cli

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"zoomconn/model"
	"zoomconn/oauth"
)

func parseEnv(flag, v string) (model.EnvKind, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "zoom":
		return model.EnvZoom, nil
	case "zoomgov":
		return model.EnvZoomGov, nil
	case "custom":
		return model.EnvCustom, nil
	}
	return "", usagef("%s must be zoom, zoomgov or custom (not %q).", flag, v)
}

func parseAppType(v string) (model.AppType, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "account":
		return model.AppAccount, nil
	case "user":
		return model.AppUser, nil
	case "s2s":
		return model.AppS2S, nil
	}
	return "", usagef("--app-type must be account, user or s2s (not %q).", v)
}

func fixed(values ...string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return values, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeIClients offers iClient names (the document only: no keyring).
func (a *app) completeIClients(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	var names []string
	if svc, err := a.service(); err == nil {
		if doc, err := svc.Load(); err == nil {
			for _, ic := range doc.IClients {
				names = append(names, ic.Name)
			}
		}
	}
	return names, cobra.ShellCompDirectiveNoFileComp
}

// completeConnections offers connection names.
func (a *app) completeConnections(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
	var names []string
	if svc, err := a.service(); err == nil {
		if doc, err := svc.Load(); err == nil {
			for _, c := range doc.Connections {
				names = append(names, c.Name)
			}
		}
	}
	return names, cobra.ShellCompDirectiveNoFileComp
}

func (a *app) completeOneConnection(cmd *cobra.Command, args []string, s string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return a.completeConnections(cmd, args, s)
}

func (a *app) iclientCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "iclient",
		Short: "Add, list, edit and remove iClients (OAuth apps from Zoom's App Marketplace)",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(a.iclientAddCmd(), a.iclientListCmd(), a.iclientEditCmd(), a.iclientRemoveCmd())
	return cmd
}

func (a *app) iclientAddCmd() *cobra.Command {
	var name, clientID, env, oauthBase, apiBase, appType string
	cmd := &cobra.Command{
		Use:   "add --name NAME --client-id ID [--environment zoom|zoomgov|custom] [--app-type account|user|s2s]",
		Short: "Add an iClient; its Client secret is read from standard input or asked for",
		Example: `  printf '%s' "$CLIENT_SECRET" | zoomconn iclient add --name "Acme reporting app" --client-id AbC123
  zoomconn iclient add --name "Acme S2S" --client-id XyZ789 --app-type s2s     # asks for the secret`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ic := model.IClient{Name: name, ClientID: clientID}
			var err error
			if ic.Env.Kind, err = parseEnv("--environment", env); err != nil {
				return err
			}
			if ic.AppType, err = parseAppType(appType); err != nil {
				return err
			}
			if ic.Env.Kind == model.EnvCustom {
				ic.Env.OAuthBase, ic.Env.APIBase = oauthBase, apiBase
			} else if oauthBase != "" || apiBase != "" {
				return usagef("--oauth-base and --api-base are only for --environment custom.")
			}
			svc, err := a.service()
			if err != nil {
				return err
			}
			// Check the flags before asking for the secret.
			doc, err := svc.Load()
			if err != nil {
				return err
			}
			probe := ic
			if err := model.ValidateIClient(&probe, doc); err != nil {
				return err
			}
			a.warnCustom(probe.Env)
			secret, err := a.readSecret("Client secret", `printf '%s' "$CLIENT_SECRET" | zoomconn iclient add …`)
			if err != nil {
				return err
			}
			ic, err = svc.CreateIClient(background(cmd), ic, secret)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Created iClient %q (%s, %s). Its Client secret is in your password store.\n", ic.Name, ic.Env.Kind.ShortLabel(), ic.AppType.Label())
			if ic.AppType != model.AppS2S {
				if url, err := svc.RedirectURL(); err == nil {
					fmt.Fprintf(a.stdout, "Add this Redirect URL to the Zoom app's Redirect URL and Allow list: %s\n", url)
				}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&name, "name", "", "a name for the iClient (required)")
	f.StringVar(&clientID, "client-id", "", "the Client ID from the app's App credentials (required)")
	f.StringVar(&env, "environment", "zoom", "zoom, zoomgov or custom")
	f.StringVar(&oauthBase, "oauth-base", "", "custom environment: the OAuth base URL")
	f.StringVar(&apiBase, "api-base", "", "custom environment: the API base URL")
	f.StringVar(&appType, "app-type", "account", "account, user or s2s (Server-to-Server OAuth)")
	cmd.MarkFlagRequired("name")
	cmd.MarkFlagRequired("client-id")
	cmd.RegisterFlagCompletionFunc("environment", fixed("zoom", "zoomgov", "custom"))
	cmd.RegisterFlagCompletionFunc("app-type", fixed("account", "user", "s2s"))
	return cmd
}

type jsonIClient struct {
	ID          string        `json:"id"`
	Name        string        `json:"name"`
	Environment model.EnvKind `json:"environment"`
	OAuthBase   string        `json:"oauth_base"`
	APIBase     string        `json:"api_base"`
	AppType     model.AppType `json:"app_type"`
	ClientID    string        `json:"client_id"`
	Secret      string        `json:"secret"` // "stored", "missing" or "unknown"; never the secret
	UsedBy      []string      `json:"used_by"`
	Created     time.Time     `json:"created"`
	Modified    time.Time     `json:"modified"`
}

func (a *app) iclientListCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list [--json]",
		Short: "List the iClients and whether their Client secret is stored",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			svc, doc, err := a.load()
			if err != nil {
				return err
			}
			out := make([]jsonIClient, 0, len(doc.IClients))
			var keyErr error
			for _, ic := range doc.IClients {
				j := jsonIClient{ID: ic.ID, Name: ic.Name, Environment: ic.Env.Kind, OAuthBase: ic.Env.OAuthBase, APIBase: ic.Env.APIBase,
					AppType: ic.AppType, ClientID: ic.ClientID, UsedBy: doc.UsersOf(ic.ID), Created: ic.Created.UTC(), Modified: ic.Modified.UTC(), Secret: "stored"}
				if j.UsedBy == nil {
					j.UsedBy = []string{}
				}
				_, err := svc.Secrets.Get(background(cmd), model.ClientSecretAccount(ic.ID))
				switch {
				case errors.Is(err, model.ErrSecretNotFound):
					j.Secret = "missing"
				case err != nil:
					j.Secret, keyErr = "unknown", err
				}
				out = append(out, j)
			}
			if keyErr != nil {
				fmt.Fprintln(a.stderr, "zoomconn: "+describe(keyErr, a.verbose))
			}
			if asJSON {
				return a.printJSON(out)
			}
			if len(out) == 0 {
				fmt.Fprintln(a.stdout, "No iClients yet. Add one with: zoomconn iclient add --name NAME --client-id ID")
				return nil
			}
			tw := a.table()
			fmt.Fprintln(tw, "NAME\tENVIRONMENT\tAPP TYPE\tCLIENT ID\tUSED BY\tCLIENT SECRET")
			for _, j := range out {
				secret := j.Secret
				if secret == "missing" {
					secret = "missing — set it with: zoomconn iclient edit " + shellQuote(j.Name) + " --secret-stdin"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\n", j.Name, j.Environment.ShortLabel(), j.AppType.Label(), j.ClientID, len(j.UsedBy), secret)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (see the README for the fields)")
	return cmd
}

func (a *app) iclientEditCmd() *cobra.Command {
	var name, clientID, env, oauthBase, apiBase, appType string
	var secretStdin bool
	cmd := &cobra.Command{
		Use:   "edit NAME [--name NEW] [--client-id ID] [--app-type T] [--secret-stdin]",
		Short: "Change an iClient, or replace its Client secret (--secret-stdin)",
		Example: `  printf '%s' "$NEW_SECRET" | zoomconn iclient edit "Acme reporting app" --secret-stdin
  zoomconn iclient edit "Acme reporting app" --name "Acme reports"`,
		Args:              exactly(1, "zoomconn iclient edit NAME [flags]"),
		ValidArgsFunction: a.completeIClients,
		RunE: func(cmd *cobra.Command, args []string) error {
			f := cmd.Flags()
			if !anyChanged(f, "name", "client-id", "environment", "oauth-base", "api-base", "app-type", "secret-stdin") {
				return usagef("Nothing to change: give --name, --client-id, --environment, --app-type or --secret-stdin.")
			}
			svc, doc, err := a.load()
			if err != nil {
				return err
			}
			cur, err := findIClient(doc, args[0])
			if err != nil {
				return err
			}
			ic := *cur
			if f.Changed("name") {
				ic.Name = name
			}
			if f.Changed("client-id") {
				ic.ClientID = clientID
			}
			if f.Changed("environment") {
				if ic.Env.Kind, err = parseEnv("--environment", env); err != nil {
					return err
				}
				if ic.Env.Kind != model.EnvCustom {
					ic.Env.OAuthBase, ic.Env.APIBase = "", ""
				}
			}
			if f.Changed("oauth-base") {
				ic.Env.OAuthBase = oauthBase
			}
			if f.Changed("api-base") {
				ic.Env.APIBase = apiBase
			}
			if f.Changed("app-type") {
				if ic.AppType, err = parseAppType(appType); err != nil {
					return err
				}
			}
			probe := ic
			if err := model.ValidateIClient(&probe, doc); err != nil {
				return err
			}
			moved := !cur.Env.Same(probe.Env)
			if moved && !secretStdin && len(doc.UsersOf(cur.ID)) == 0 { // else the model says it cannot move
				return usagef("The new environment sends the Client secret to %s, so give it again with --secret-stdin: the stored one is never sent to a new address.\n"+
					"For example: printf '%%s' \"$CLIENT_SECRET\" | zoomconn iclient edit %s --environment … --secret-stdin", probe.Env.SecretHost(), shellQuote(cur.Name))
			}
			if moved || secretStdin {
				a.warnCustom(probe.Env)
			}
			var secret model.Secret
			if secretStdin {
				if secret, err = a.readSecret("new Client secret", `printf '%s' "$NEW_SECRET" | zoomconn iclient edit NAME --secret-stdin`); err != nil {
					return err
				}
			}
			ic, err = svc.UpdateIClient(background(cmd), ic, secret)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Saved iClient %q.\n", ic.Name)
			if secretStdin {
				n := len(doc.UsersOf(ic.ID))
				fmt.Fprintf(a.stdout, "Its Client secret was replaced for the %d %s that use it.\n", n, plural(n, "connection", "connections"))
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&name, "name", "", "a new name")
	f.StringVar(&clientID, "client-id", "", "a new Client ID")
	f.StringVar(&env, "environment", "", "zoom, zoomgov or custom (only while no connection uses it; needs --secret-stdin)")
	f.StringVar(&oauthBase, "oauth-base", "", "custom environment: the OAuth base URL")
	f.StringVar(&apiBase, "api-base", "", "custom environment: the API base URL")
	f.StringVar(&appType, "app-type", "", "account, user or s2s")
	f.BoolVar(&secretStdin, "secret-stdin", false, "replace the Client secret with the one on standard input (asked for on a terminal)")
	cmd.RegisterFlagCompletionFunc("environment", fixed("zoom", "zoomgov", "custom"))
	cmd.RegisterFlagCompletionFunc("app-type", fixed("account", "user", "s2s"))
	return cmd
}

// warnCustom says, before the secret is asked for, which hosts of a
// Custom environment will receive it and the tokens.
func (a *app) warnCustom(env model.Environment) {
	if w := model.CustomWarning(env); w != "" {
		fmt.Fprintln(a.stderr, "Warning: "+w)
	}
}

func (a *app) iclientRemoveCmd() *cobra.Command {
	return &cobra.Command{
		Use:               "remove NAME",
		Short:             "Remove an iClient that no connection uses, with its Client secret",
		Args:              exactly(1, "zoomconn iclient remove NAME"),
		ValidArgsFunction: a.completeIClients,
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, doc, err := a.load()
			if err != nil {
				return err
			}
			ic, err := findIClient(doc, args[0])
			if err != nil {
				return err
			}
			if err := svc.DeleteIClient(background(cmd), ic.ID); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Removed iClient %q and its Client secret.\n", ic.Name)
			return nil
		},
	}
}

func anyChanged(f *pflag.FlagSet, names ...string) bool {
	for _, n := range names {
		if f.Changed(n) {
			return true
		}
	}
	return false
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// browserOpener opens consent pages: $BROWSER when set, else the
// platform's opener.
func browserOpener() oauth.Opener {
	return oauth.BrowserOpener{Fallback: oauth.OpenSystemBrowser}
}
