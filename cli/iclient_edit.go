package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"zoomconn/internal/words"
	"zoomconn/model"
)

// IClientEditOptions are zoomconn iclient edit's. A nil field is a flag
// that was not given: that part stays as it is.
type IClientEditOptions struct {
	IO      *IOStreams
	Service func() (*model.Service, error)
	Name    string

	NewName, ClientID, Environment, OAuthBase, APIBase, AppType *string
	// Credentials is "public" or "secret"; RedirectHost "127.0.0.1" or
	// "localhost".
	Credentials, RedirectHost *string
	SecretStdin               bool
}

func newCmdIClientEdit(f *Factory, runF func(*IClientEditOptions) error) *cobra.Command {
	opts := &IClientEditOptions{IO: f.IO, Service: f.Service}
	var name, clientID, env, oauthBase, apiBase, appType, creds, host string
	cmd := &cobra.Command{
		Use:   "edit NAME [--name NEW] [--client-id ID] [--app-type T] [--secret-stdin]",
		Short: "Change an iClient, or replace its Client secret (--secret-stdin)",
		Example: `  printf '%s' "$NEW_SECRET" | zoomconn iclient edit "Acme reporting app" --secret-stdin
  zoomconn iclient edit "Acme reporting app" --name "Acme reports"`,
		Args:              exactly(1, "zoomconn iclient edit NAME [flags]"),
		ValidArgsFunction: completeIClients(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			fl := cmd.Flags()
			opts.Name = args[0]
			opts.NewName, opts.ClientID, opts.Environment = given(fl, "name", &name), given(fl, "client-id", &clientID), given(fl, "environment", &env)
			opts.OAuthBase, opts.APIBase, opts.AppType = given(fl, "oauth-base", &oauthBase), given(fl, "api-base", &apiBase), given(fl, "app-type", &appType)
			opts.Credentials, opts.RedirectHost = given(fl, "credentials", &creds), given(fl, "redirect-host", &host)
			if runF != nil {
				return runF(opts)
			}
			return iclientEditRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&name, "name", "", "a new name")
	fl.StringVar(&clientID, "client-id", "", "a new Client ID")
	fl.StringVar(&env, "environment", "", "zoom, zoomgov or custom (only while no connection uses it; needs --secret-stdin)")
	fl.StringVar(&oauthBase, "oauth-base", "", "custom environment: the OAuth base URL")
	fl.StringVar(&apiBase, "api-base", "", "custom environment: the API base URL")
	fl.StringVar(&appType, "app-type", "", "account, user or s2s")
	fl.BoolVar(&opts.SecretStdin, "secret-stdin", false, "replace the Client secret with the one on standard input (asked for on a terminal)")
	fl.StringVar(&creds, "credentials", "", "public (a public client ID, no secret) or secret (needs --secret-stdin)")
	fl.StringVar(&host, "redirect-host", "", "127.0.0.1 (Zoom accepts any port) or localhost (the port must match); change it in Zoom too")
	cmd.RegisterFlagCompletionFunc("credentials", fixed("public", "secret"))
	cmd.RegisterFlagCompletionFunc("redirect-host", fixed(model.LoopbackIP, model.LoopbackName))
	cmd.RegisterFlagCompletionFunc("environment", fixed("zoom", "zoomgov", "custom"))
	cmd.RegisterFlagCompletionFunc("app-type", fixed("account", "user", "s2s"))
	return cmd
}

// given is the flag's value when it was given, else nil.
func given(fl *pflag.FlagSet, name string, v *string) *string {
	if fl.Changed(name) {
		return v
	}
	return nil
}

func iclientEditRun(ctx context.Context, opts *IClientEditOptions) error {
	if opts.NewName == nil && opts.ClientID == nil && opts.Environment == nil && opts.OAuthBase == nil && opts.APIBase == nil && opts.AppType == nil &&
		opts.Credentials == nil && opts.RedirectHost == nil && !opts.SecretStdin {
		return usagef("Nothing to change: give --name, --client-id, --environment, --app-type, --credentials, --redirect-host or --secret-stdin.")
	}
	svc, doc, err := load(opts.Service)
	if err != nil {
		return err
	}
	cur, err := findIClient(doc, opts.Name)
	if err != nil {
		return err
	}
	ic, err := editedIClient(*cur, opts)
	if err != nil {
		return err
	}
	probe := ic
	if err := model.ValidateIClient(&probe, doc); err != nil {
		return err
	}
	moved := !cur.Env.Same(probe.Env)
	if moved && !opts.SecretStdin && len(doc.UsersOf(cur.ID)) == 0 { // else the model says it cannot move
		return usagef("The new environment sends the Client secret to %s, so give it again with --secret-stdin: the stored one is never sent to a new address.\n"+
			"For example: printf '%%s' \"$CLIENT_SECRET\" | zoomconn iclient edit %s --environment … --secret-stdin", probe.Env.SecretHost(), model.ShellWord(cur.Name))
	}
	if moved || opts.SecretStdin {
		warnCustom(opts.IO, probe.Env)
	}
	var secret model.Secret
	if opts.SecretStdin {
		if secret, err = readSecret(opts.IO, "new Client secret", `printf '%s' "$NEW_SECRET" | zoomconn iclient edit NAME --secret-stdin`); err != nil {
			return err
		}
	}
	if ic, err = svc.Setup.UpdateIClient(ctx, ic, secret); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "Saved iClient %q.\n", ic.Name)
	if ic.Loopback() != cur.Loopback() {
		fmt.Fprintf(opts.IO.Out, "Its Redirect URL is now %s: add it to the app's Redirect URL and Allow list in Zoom.\n", ic.RedirectURL(doc.Settings.Port()))
	}
	if opts.SecretStdin {
		n := len(doc.UsersOf(ic.ID))
		fmt.Fprintf(opts.IO.Out, "Its Client secret was replaced for the %s that use it.\n", words.Count(n, "connection", "connections"))
	}
	return nil
}

// editedIClient is ic with the options' changes.
func editedIClient(ic model.IClient, opts *IClientEditOptions) (model.IClient, error) {
	var err error
	if opts.NewName != nil {
		ic.Name = *opts.NewName
	}
	if opts.ClientID != nil {
		ic.ClientID = *opts.ClientID
	}
	if opts.Environment != nil {
		if ic.Env.Kind, err = parseEnv("--environment", *opts.Environment); err != nil {
			return ic, err
		}
		if ic.Env.Kind != model.EnvCustom {
			ic.Env.OAuthBase, ic.Env.APIBase = "", ""
		}
	}
	if opts.OAuthBase != nil {
		ic.Env.OAuthBase = *opts.OAuthBase
	}
	if opts.APIBase != nil {
		ic.Env.APIBase = *opts.APIBase
	}
	if opts.AppType != nil {
		if ic.AppType, err = parseAppType(*opts.AppType); err != nil {
			return ic, err
		}
	}
	if opts.Credentials != nil {
		switch strings.ToLower(strings.TrimSpace(*opts.Credentials)) {
		case "public":
			ic.Credentials = model.CredentialsPublic
		case "secret", "client_secret":
			ic.Credentials = model.CredentialsSecret
			if !opts.SecretStdin {
				return ic, usagef("A Client ID with a secret needs the secret: add --secret-stdin.")
			}
		default:
			return ic, usagef("--credentials must be public or secret (not %q).", *opts.Credentials)
		}
	}
	if opts.RedirectHost != nil {
		switch h := strings.TrimSpace(*opts.RedirectHost); h {
		case model.LoopbackIP, model.LoopbackName:
			ic.RedirectHost = h
		default:
			return ic, usagef("--redirect-host must be 127.0.0.1 or localhost (not %q).", h)
		}
	}
	return ic, nil
}
