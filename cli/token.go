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
}

func newCmdToken(f *Factory, runF func(*TokenOptions) error) *cobra.Command {
	opts := &TokenOptions{IO: f.IO, Service: f.Service}
	return &cobra.Command{
		Use:   "token NAME",
		Short: "Print a valid access token, and nothing else, for scripts",
		Long: `Print a valid access token for the connection on standard output, and nothing
else: refreshed and saved first when needed, safe when many processes ask at
once. This is what scripts call where they used to make a JWT:

  curl -H "Authorization: Bearer $(zoomconn token Reports)" https://api.zoom.us/v2/users/me`,
		Args:              exactly(1, "zoomconn token NAME"),
		ValidArgsFunction: completeOneConnection(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			if runF != nil {
				return runF(opts)
			}
			return tokenRun(cmd.Context(), opts)
		},
	}
}

// flushBudget bounds the last attempt to save a renewed token.
const flushBudget = 15 * time.Second

func tokenRun(ctx context.Context, opts *TokenOptions) error {
	svc, err := opts.Service()
	if err != nil {
		return err
	}
	c, tok, err := svc.AccessTokenNamed(ctx, opts.Name)
	var nf *model.NotFoundError
	if errors.As(err, &nf) {
		return err
	}
	// Zoom may have renewed the sign-in while the password store refused
	// the new token: one last attempt before exiting, since an unsaved
	// renewed token is a sign-in lost.
	flushCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), flushBudget)
	defer cancel()
	if ferr := svc.FlushTokens(flushCtx); ferr != nil {
		return about(c, ferr)
	}
	if err != nil {
		return about(c, err)
	}
	_, err = fmt.Fprintln(opts.IO.Out, tok)
	return err
}
