package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"zoomconn/model"
)

func newCmdIClient(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "iclient",
		Short: "Add, list, edit and remove iClients (OAuth apps from Zoom's App Marketplace)",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newCmdIClientAdd(f, nil), newCmdIClientList(f, nil), newCmdIClientEdit(f, nil), newCmdIClientRemove(f, nil))
	return cmd
}

// IClientAddOptions are zoomconn iclient add's.
type IClientAddOptions struct {
	IO                                                       *IOStreams
	Service                                                  func() (*model.Service, error)
	Name, ClientID, Environment, OAuthBase, APIBase, AppType string
	// Public: the app's public client ID (Use Public Client OAuth), which
	// has no secret; none is read.
	Public bool
}

func newCmdIClientAdd(f *Factory, runF func(*IClientAddOptions) error) *cobra.Command {
	opts := &IClientAddOptions{IO: f.IO, Service: f.Service}
	cmd := &cobra.Command{
		Use:   "add --name NAME --client-id ID [--public] [--environment zoom|zoomgov|custom] [--app-type account|user|s2s]",
		Short: "Add an iClient; its Client secret (unless --public) is read from standard input or asked for",
		Long: `Add an iClient: the credentials of an app you made in Zoom's App Marketplace.

With --public, ID is the app's public client ID (in Zoom: App Credentials,
Use Public Client OAuth), which has no secret: nothing is read and nothing
goes to the password store. It is the recommended kind for OAuth 2.0 here.
Without it, the Client secret is read from standard input, or asked for on a
terminal; Server-to-Server OAuth always needs it.`,
		Example: `  zoomconn iclient add --name "Acme reporting app" --client-id PuB456 --public
  printf '%s' "$CLIENT_SECRET" | zoomconn iclient add --name "Acme scripts" --client-id AbC123
  zoomconn iclient add --name "Acme S2S" --client-id XyZ789 --app-type s2s     # asks for the secret`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(opts)
			}
			return iclientAddRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Name, "name", "", "a name for the iClient (required)")
	fl.StringVar(&opts.ClientID, "client-id", "", "the Client ID from the app's App credentials (required)")
	fl.StringVar(&opts.Environment, "environment", "zoom", "zoom, zoomgov or custom")
	fl.StringVar(&opts.OAuthBase, "oauth-base", "", "custom environment: the OAuth base URL")
	fl.StringVar(&opts.APIBase, "api-base", "", "custom environment: the API base URL")
	fl.StringVar(&opts.AppType, "app-type", "account", "account (admin-managed), user (user-managed) or s2s (Server-to-Server OAuth)")
	fl.BoolVar(&opts.Public, "public", false, "the ID is the app's public client ID: no secret")
	cmd.MarkFlagRequired("name")
	cmd.MarkFlagRequired("client-id")
	cmd.RegisterFlagCompletionFunc("environment", fixed("zoom", "zoomgov", "custom"))
	cmd.RegisterFlagCompletionFunc("app-type", fixed("account", "user", "s2s"))
	return cmd
}

func iclientAddRun(ctx context.Context, opts *IClientAddOptions) error {
	ic := model.IClient{Name: opts.Name, ClientID: opts.ClientID, Credentials: model.CredentialsSecret}
	if opts.Public {
		ic.Credentials = model.CredentialsPublic
	}
	var err error
	if ic.Env.Kind, err = parseEnv("--environment", opts.Environment); err != nil {
		return err
	}
	if ic.AppType, err = parseAppType(opts.AppType); err != nil {
		return err
	}
	if ic.Env.Kind == model.EnvCustom {
		ic.Env.OAuthBase, ic.Env.APIBase = opts.OAuthBase, opts.APIBase
	} else if opts.OAuthBase != "" || opts.APIBase != "" {
		return usagef("--oauth-base and --api-base are only for --environment custom.")
	}
	svc, doc, err := load(opts.Service)
	if err != nil {
		return err
	}
	// Check the flags before asking for the secret.
	probe := ic
	if err := model.ValidateIClient(&probe, doc); err != nil {
		return err
	}
	warnCustom(opts.IO, probe.Env)
	var secret model.Secret
	if !ic.Public() {
		if secret, err = readSecret(opts.IO, "Client secret", `printf '%s' "$CLIENT_SECRET" | zoomconn iclient add …`); err != nil {
			return err
		}
	}
	if ic, err = svc.Setup.CreateIClient(ctx, ic, secret); err != nil {
		return err
	}
	if ic.Public() {
		fmt.Fprintf(opts.IO.Out, "Created iClient %q (%s, %s, public client ID: no secret to keep).\n", ic.Name, ic.Env.Kind.ShortLabel(), ic.AppType.Label())
	} else {
		fmt.Fprintf(opts.IO.Out, "Created iClient %q (%s, %s). Its Client secret is in your password store.\n", ic.Name, ic.Env.Kind.ShortLabel(), ic.AppType.Label())
	}
	if ic.AppType != model.AppS2S {
		if url, err := svc.RedirectURLOf(ic.ID); err == nil {
			fmt.Fprintf(opts.IO.Out, "Add this Redirect URL to the Zoom app's Redirect URL and Allow list: %s\n", url)
		}
	}
	return nil
}

// warnCustom says, before the secret is asked for, which hosts of a
// Custom environment will receive it and the tokens.
func warnCustom(s *IOStreams, env model.Environment) {
	if w := model.CustomWarning(env); w != "" {
		fmt.Fprintln(s.ErrOut, "Warning: "+w)
	}
}

// IClientListOptions are zoomconn iclient list's.
type IClientListOptions struct {
	IO      *IOStreams
	Service func() (*model.Service, error)
	JSON    bool
}

func newCmdIClientList(f *Factory, runF func(*IClientListOptions) error) *cobra.Command {
	opts := &IClientListOptions{IO: f.IO, Service: f.Service}
	cmd := &cobra.Command{
		Use:   "list [--json]",
		Short: "List the iClients and whether their Client secret is stored",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(opts)
			}
			return iclientListRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, jsonUsage)
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
	// Credentials is "public" (a public client ID) or "client_secret".
	Credentials model.Credentials `json:"credentials"`
	RedirectURL string            `json:"redirect_url,omitempty"`
	Secret      string            `json:"secret"` // "stored", "missing", "unknown" or "none" (public); never the secret
	UsedBy      []string          `json:"used_by"`
	Created     time.Time         `json:"created"`
	Modified    time.Time         `json:"modified"`
}

func iclientListRun(ctx context.Context, opts *IClientListOptions) error {
	svc, doc, err := load(opts.Service)
	if err != nil {
		return err
	}
	out, keyErr := iclientRows(ctx, svc, doc)
	if keyErr != nil {
		fmt.Fprintln(opts.IO.ErrOut, "zoomconn: "+describe(keyErr, opts.IO.Verbose))
	}
	if opts.JSON {
		return printJSON(opts.IO.Out, out)
	}
	if len(out) == 0 {
		fmt.Fprintln(opts.IO.Out, "No iClients yet. Add one with: zoomconn iclient add --name NAME --client-id ID")
		return nil
	}
	tw := table(opts.IO.Out)
	fmt.Fprintln(tw, "NAME\tENVIRONMENT\tAPP TYPE\tCLIENT ID\tUSED BY\tCLIENT SECRET")
	for _, j := range out {
		secret := j.Secret
		switch secret {
		case "missing":
			secret = "missing — set it with: zoomconn iclient edit " + model.ShellWord(j.Name) + " --secret-stdin"
		case "none":
			secret = "none (public client ID)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\n", j.Name, j.Environment.ShortLabel(), j.AppType.Label(), j.ClientID, len(j.UsedBy), secret)
	}
	return tw.Flush()
}

// iclientRows lists the iClients and whether their secret is stored; the
// error says why the password store could not tell, if it could not.
func iclientRows(ctx context.Context, svc *model.Service, doc *model.Document) ([]jsonIClient, error) {
	out := make([]jsonIClient, 0, len(doc.IClients))
	var keyErr error
	for _, ic := range doc.IClients {
		j := jsonIClient{ID: ic.ID, Name: ic.Name, Environment: ic.Env.Kind, OAuthBase: ic.Env.OAuthBase, APIBase: ic.Env.APIBase,
			AppType: ic.AppType, ClientID: ic.ClientID, Credentials: ic.Kind(), UsedBy: doc.UsersOf(ic.ID),
			Created: ic.Created.UTC(), Modified: ic.Modified.UTC(), Secret: "stored"}
		if j.UsedBy == nil {
			j.UsedBy = []string{}
		}
		if ic.AppType != model.AppS2S {
			j.RedirectURL = ic.RedirectURL(doc.Settings.Port())
		}
		if ic.Public() {
			j.Secret = "none"
			out = append(out, j)
			continue
		}
		switch ok, err := svc.Setup.HasClientSecret(ctx, ic.ID); {
		case err != nil:
			j.Secret, keyErr = "unknown", err
		case !ok:
			j.Secret = "missing"
		}
		out = append(out, j)
	}
	return out, keyErr
}

// IClientRemoveOptions are zoomconn iclient remove's.
type IClientRemoveOptions struct {
	IO      *IOStreams
	Service func() (*model.Service, error)
	Name    string
}

func newCmdIClientRemove(f *Factory, runF func(*IClientRemoveOptions) error) *cobra.Command {
	opts := &IClientRemoveOptions{IO: f.IO, Service: f.Service}
	return &cobra.Command{
		Use:               "remove NAME",
		Short:             "Remove an iClient that no connection uses, with its Client secret",
		Args:              exactly(1, "zoomconn iclient remove NAME"),
		ValidArgsFunction: completeIClients(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			if runF != nil {
				return runF(opts)
			}
			return iclientRemoveRun(cmd.Context(), opts)
		},
	}
}

func iclientRemoveRun(ctx context.Context, opts *IClientRemoveOptions) error {
	svc, doc, err := load(opts.Service)
	if err != nil {
		return err
	}
	ic, err := findIClient(doc, opts.Name)
	if err != nil {
		return err
	}
	if err := svc.Setup.DeleteIClient(ctx, ic.ID); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "Removed iClient %q and its Client secret.\n", ic.Name)
	return nil
}
