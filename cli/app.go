package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"zoomconn/model"
	"zoomconn/oauth"
)

// KeyringServiceEnv names the environment variable that chooses the
// keyring service name (tests use their own; default "zoomconn").
const KeyringServiceEnv = "ZOOMCONN_KEYRING_SERVICE"

// app is what every command shares: the streams and, once opened, the service.
type app struct {
	version string
	stdin   io.Reader
	stdout  io.Writer
	stderr  io.Writer
	verbose bool
	svc     *model.Service
}

// service opens the data folder ($ZOOMCONN_HOME or the user config dir)
// and the keyring ($ZOOMCONN_KEYRING_SERVICE or "zoomconn").
func (a *app) service() (*model.Service, error) {
	if a.svc != nil {
		return a.svc, nil
	}
	dir, err := model.DefaultDir()
	if err != nil {
		return nil, err
	}
	kr := model.NewKeyring()
	if s := strings.TrimSpace(os.Getenv(KeyringServiceEnv)); s != "" {
		kr.Service = s
	}
	svc, err := model.Open(dir, kr)
	if err != nil {
		return nil, err
	}
	a.svc = svc
	return svc, nil
}

// load opens the service and reads the document, the start of most commands.
func (a *app) load() (*model.Service, *model.Document, error) {
	svc, err := a.service()
	if err != nil {
		return nil, nil, err
	}
	doc, err := svc.Load()
	if err != nil {
		return nil, nil, err
	}
	return svc, doc, nil
}

// notFound is a name that matches nothing, with where to look.
type notFound struct {
	what, name, hint string
}

func (e *notFound) Error() string {
	return fmt.Sprintf("There is no %s named %q.", e.what, e.name)
}

// findConnection returns the connection named name (any case).
func (a *app) findConnection(name string) (*model.Service, *model.Document, model.Connection, error) {
	svc, err := a.service()
	if err != nil {
		return nil, nil, model.Connection{}, err
	}
	doc, err := svc.Load()
	if err != nil {
		return nil, nil, model.Connection{}, err
	}
	c := doc.ConnectionByName(name)
	if c == nil {
		return nil, nil, model.Connection{}, &notFound{"connection", strings.TrimSpace(name), "Run 'zoomconn list' to see the connections."}
	}
	return svc, doc, *c, nil
}

func findIClient(doc *model.Document, name string) (*model.IClient, error) {
	ic := doc.IClientByName(name)
	if ic == nil {
		return nil, &notFound{"iClient", strings.TrimSpace(name), "Run 'zoomconn iclient list' to see the iClients."}
	}
	return ic, nil
}

// maxSecretInput bounds what is read from standard input for a secret.
const maxSecretInput = 64 << 10

// readSecret reads a secret: prompted without echo on a terminal, else all
// of standard input, trimmed.
func (a *app) readSecret(label, example string) (model.Secret, error) {
	if f, ok := a.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintf(a.stderr, "%s (typing is hidden): ", label)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(a.stderr)
		if err != nil {
			return model.Secret{}, fmt.Errorf("read the %s: %w", label, err)
		}
		s := strings.TrimSpace(string(b))
		if s == "" {
			return model.Secret{}, usagef("No %s was entered.", label)
		}
		return model.NewSecret(s), nil
	}
	b, err := io.ReadAll(io.LimitReader(a.stdin, maxSecretInput+1))
	if err != nil {
		return model.Secret{}, fmt.Errorf("read the %s from standard input: %w", label, err)
	}
	if len(b) > maxSecretInput {
		return model.Secret{}, usagef("Standard input is too long to be a %s.", label)
	}
	s := strings.TrimSpace(string(b))
	if s == "" {
		return model.Secret{}, usagef("No %s on standard input. Pipe it in (for example: %s), or run the command in a terminal to be asked for it.", label, example)
	}
	return model.NewSecret(s), nil
}

// flagOf names the command-line flag for a validation field.
var flagOf = map[string]string{
	"name":          "--name",
	"client_id":     "--client-id",
	"account_id":    "--account-id",
	"api_key":       "--api-key",
	"oauth_base":    "--oauth-base",
	"api_base":      "--api-base",
	"environment":   "--environment",
	"app_type":      "--app-type",
	"auth_type":     "--auth",
	"iclient":       "--iclient",
	"scopes":        "--scopes",
	"client_secret": "Client secret",
	"api_secret":    "API Secret",
	"redirect_port": "redirect-port",
}

// describe renders err in the administrator's words: what happened, then
// the next step on its own line; with verbose, the technical detail too.
// None of the errors it reads carries a secret.
func describe(err error, verbose bool) string {
	var oe *oauth.Error
	var ke *model.KeyringError
	var le *model.LoadError
	var ve model.ValidationError
	var nf *notFound
	var rf *model.RevokeFailedError
	switch {
	case errors.As(err, &rf):
		return fmt.Sprintf("Zoom could not revoke the access of %q, so it was not deleted.\n%s\nTo delete it here anyway, run: zoomconn connection remove %s --force",
			rf.Name, describe(rf.Err, verbose), shellQuote(rf.Name))
	case errors.As(err, &oe):
		msg := oe.Message
		if oe.Next != "" {
			msg += "\n" + oe.Next
		}
		if verbose {
			msg += "\nDetails: " + oauthDetail(oe)
		}
		return msg
	case errors.As(err, &ke):
		if ke.Timeout > 0 {
			return fmt.Sprintf("Your system's password store did not answer within %s.\n%s", ke.Timeout, ke.Advice())
		}
		msg := "Your system's password store is not available.\n" + ke.Advice()
		if verbose && ke.Err != nil {
			msg += "\nDetails: " + ke.Err.Error()
		}
		return msg
	case errors.As(err, &le):
		next := "Fix or move the file, then try again."
		if le.BackupPath != "" {
			next = "A backup from the last good save is at " + le.BackupPath + ": restore it in the window (or copy it over the file), or fix the file by hand."
		}
		return fmt.Sprintf("The connections file %s cannot be read: %s.\nIt has been left untouched. %s", le.Path, le.Problem, next)
	case errors.As(err, &ve):
		lines := make([]string, len(ve))
		for i, f := range ve {
			if fl := flagOf[f.Field]; fl != "" {
				lines[i] = fl + ": " + f.Message
			} else {
				lines[i] = f.Message
			}
		}
		return strings.Join(lines, "\n")
	case errors.As(err, &nf):
		return nf.Error() + "\n" + nf.hint
	}
	return err.Error()
}

func oauthDetail(e *oauth.Error) string { return strings.Join(e.Facts(), "; ") }

// exitCode ends a command with a code and no further message (the command
// has already said what it had to).
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit %d", int(e)) }

// shellQuote quotes a name for a command the admin may paste.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:@", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func (a *app) table() *tabwriter.Writer {
	return tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
}

func (a *app) printJSON(v any) error {
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// exactly checks the number of positional arguments with a usage message.
func exactly(n int, usage string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			if len(args) < n {
				return usagef("Missing argument. Usage: %s", usage)
			}
			return usagef("Too many arguments (put a name with spaces in quotes). Usage: %s", usage)
		}
		return nil
	}
}

func atMost(n int, usage string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > n {
			return usagef("Too many arguments (put a name with spaces in quotes). Usage: %s", usage)
		}
		return nil
	}
}

// JSON shapes of --json output; documented in README-cli.md. Fields are
// always present; absent values are "" or null.

type jsonAccount struct {
	UserID      string `json:"user_id"`
	Email       string `json:"email"`
	DisplayName string `json:"display_name"`
	AccountID   string `json:"account_id"`
}

type jsonConnection struct {
	ID             string         `json:"id"`
	Name           string         `json:"name"`
	Environment    model.EnvKind  `json:"environment"`
	OAuthBase      string         `json:"oauth_base"`
	APIBase        string         `json:"api_base"`
	AuthType       model.AuthType `json:"auth_type"`
	IClient        string         `json:"iclient"`
	Scopes         string         `json:"scopes"`
	AccountID      string         `json:"account_id"`
	APIKey         string         `json:"api_key"`
	Status         model.Status   `json:"status"`
	StatusLabel    string         `json:"status_label"`
	NeedsAttention bool           `json:"needs_attention"`
	AuthorizedAs   *jsonAccount   `json:"authorized_as"`
	AuthorizedAt   *time.Time     `json:"authorized_at"`
	SignIn         string         `json:"signin"`             // OAuth 2.0: the sign-in's ID, "" when not signed in
	SharesSignIn   []string       `json:"shares_signin_with"` // the other connections of that sign-in
	LastTestAt     *time.Time     `json:"last_test_at"`
	LastTest       string         `json:"last_test"`
	MigratedFrom   model.AuthType `json:"migrated_from"`
	MigratedAt     *time.Time     `json:"migrated_at"`
	Created        time.Time      `json:"created"`
	Modified       time.Time      `json:"modified"`
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}

func toJSONConnection(doc *model.Document, c model.Connection) jsonConnection {
	j := jsonConnection{
		ID: c.ID, Name: c.Name, Environment: c.Env.Kind, OAuthBase: c.Env.OAuthBase, APIBase: c.Env.APIBase,
		AuthType: c.Auth, Scopes: c.Scopes, AccountID: c.AccountID, APIKey: c.APIKey,
		Status: c.Status, StatusLabel: c.Status.Label(), NeedsAttention: c.Status.NeedsAttention(),
		AuthorizedAt: timePtr(c.AuthorizedAt), LastTestAt: timePtr(c.LastTestAt), LastTest: c.LastTest,
		MigratedFrom: c.MigratedFrom, MigratedAt: timePtr(c.MigratedAt), Created: c.Created.UTC(), Modified: c.Modified.UTC(),
	}
	if doc != nil {
		if ic := doc.IClient(c.IClientID); ic != nil {
			j.IClient = ic.Name
		}
		if doc.SignIn(c.SignInID) != nil {
			j.SignIn = c.SignInID
			j.SharesSignIn = doc.AlsoUsedBy(c)
		}
	}
	if j.SharesSignIn == nil {
		j.SharesSignIn = []string{}
	}
	if c.AuthorizedAs != nil {
		j.AuthorizedAs = &jsonAccount{UserID: c.AuthorizedAs.UserID, Email: c.AuthorizedAs.Email, DisplayName: c.AuthorizedAs.DisplayName, AccountID: c.AuthorizedAs.AccountID}
	}
	return j
}

type jsonError struct {
	Kind       string `json:"kind"`
	Message    string `json:"message"`
	Next       string `json:"next"`
	HTTPStatus int    `json:"http_status"`
	ZoomCode   int    `json:"zoom_code"`
	ZoomReason string `json:"zoom_reason"`
}

func toJSONError(err error) *jsonError {
	if err == nil {
		return nil
	}
	var oe *oauth.Error
	if errors.As(err, &oe) {
		return &jsonError{Kind: string(oe.Kind), Message: oe.Message, Next: oe.Next, HTTPStatus: oe.Status, ZoomCode: oe.Code, ZoomReason: oe.Reason}
	}
	var ke *model.KeyringError
	if errors.As(err, &ke) {
		return &jsonError{Kind: "keyring", Message: "Your system's password store is not available.", Next: ke.Advice()}
	}
	return &jsonError{Kind: "other", Message: strings.ReplaceAll(describe(err, false), "\n", " ")}
}

// background is the context of a command: canceled by Ctrl+C (set in Main).
func background(cmd *cobra.Command) context.Context {
	if ctx := cmd.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}
