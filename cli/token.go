package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"zoomconn/model"
)

// TokenOptions are zoomconn token's.
type TokenOptions struct {
	IO      *IOStreams
	Service func() (*model.Service, error)
	Name    string
	JSON    bool
}

func newCmdToken(f *Factory, runF func(*TokenOptions) error) *cobra.Command {
	opts := &TokenOptions{IO: f.IO, Service: f.Service}
	cmd := &cobra.Command{
		Use:   "token NAME [--json]",
		Short: "Print a valid access token, and nothing else, for scripts",
		Long: `Print a valid access token for the connection on standard output, and nothing
else: refreshed and saved first when needed, safe when many processes ask at
once. This is what scripts call where they used to make a JWT:

  curl -H "Authorization: Bearer $(zoomconn token Reports)" https://api.zoom.us/v2/users/me

With --json it prints {"access_token", "token_type", "expires_at", "api_url",
"scope"}: expires_at is when the token ends (RFC 3339, UTC), api_url where it
is for (calls go to api_url + /v2/…), scope the scopes Zoom granted.`,
		Args:              exactly(1, "zoomconn token NAME [--json]"),
		ValidArgsFunction: completeOneConnection(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			if runF != nil {
				return runF(opts)
			}
			return tokenRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the token with its expiry, API address and scopes as JSON")
	return cmd
}

// flushBudget bounds the last attempt to save a renewed token.
const flushBudget = 15 * time.Second

func tokenRun(ctx context.Context, opts *TokenOptions) error {
	svc, err := opts.Service()
	if err != nil {
		return err
	}
	var info model.TokenInfo
	var c model.Connection
	if opts.JSON {
		c, info, err = svc.Tokens.TokenNamed(ctx, opts.Name)
	} else {
		c, info.AccessToken, err = svc.Tokens.AccessTokenNamed(ctx, opts.Name)
	}
	var nf *model.NotFoundError
	if errors.As(err, &nf) {
		return err
	}
	// Zoom may have renewed the sign-in while the password store refused
	// the new token: one last attempt before exiting, since an unsaved
	// renewed token is a sign-in lost.
	flushCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), flushBudget)
	defer cancel()
	if ferr := svc.Tokens.Flush(flushCtx); ferr != nil {
		return about(c, ferr)
	}
	if err != nil {
		return about(c, err)
	}
	if opts.JSON {
		return printJSON(opts.IO.Out, jsonToken{AccessToken: info.AccessToken, TokenType: info.TokenType,
			ExpiresAt: timePtr(info.Expires), APIURL: info.APIURL, Scope: info.Scope})
	}
	_, err = fmt.Fprintln(opts.IO.Out, info.AccessToken)
	return err
}

// jsonToken is token --json's output (README, JSON output).
type jsonToken struct {
	AccessToken string     `json:"access_token"`
	TokenType   string     `json:"token_type"`
	ExpiresAt   *time.Time `json:"expires_at"`
	APIURL      string     `json:"api_url"`
	Scope       string     `json:"scope"`
}
