// Package cli is zoomconn's command line: the same operations as the window,
// for scripts. Secrets are read from standard input or a prompt, never from
// arguments.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"zoomconn/internal/textsafe"
	"zoomconn/model"
)

// Exit codes.
const (
	ExitOK     = 0
	ExitFailed = 1 // a check failed, or something needs attention
	ExitUsage  = 2
)

// usageError marks an error as the caller's mistake (exit 2).
type usageError struct{ error }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// Main runs the command line with args and returns the process exit code.
func Main(version string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	// Names, accounts and Zoom's messages are printed: whatever they hold,
	// no escape sequence or bidi override reaches the terminal.
	safeOut, safeErr := textsafe.NewWriter(stdout), textsafe.NewWriter(stderr)
	defer safeErr.Flush()
	defer safeOut.Flush()
	stdout, stderr = safeOut, safeErr
	a := &app{version: version, stdin: stdin, stdout: stdout, stderr: stderr}
	root := newRoot(a)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	var code exitCode
	if errors.As(err, &code) {
		return int(code)
	}
	fmt.Fprintln(stderr, "zoomconn: "+describe(err, a.verbose))
	if isUsage(err) {
		return ExitUsage
	}
	return ExitFailed
}

// isUsage reports whether err is the caller's mistake: a bad flag or
// argument, a name that does not exist, a value that fails validation.
func isUsage(err error) bool {
	var ue usageError
	var ve model.ValidationError
	var nf *notFound
	var mnf *model.NotFoundError
	return errors.As(err, &ue) || errors.As(err, &ve) || errors.As(err, &nf) || errors.As(err, &mnf) || isCobraUsage(err)
}

func newRoot(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "zoomconn",
		Short: "Zoom Connections: move Zoom API connections from JWT to OAuth 2.0",
		Long: `Zoom Connections moves Zoom API connections off the JWT app type, which Zoom
turned off on September 8, 2023, onto OAuth 2.0, and keeps them working.
(Meeting SDK and Video SDK JWTs are not affected: they still work and must not
be migrated.)

Run zoomconn with no arguments to open the window.

Secrets (Client secrets, API Secrets) are read from standard input or asked
for without echo, never taken from arguments. Exit status: 0 success, 1 a
failed check (or something needs attention), 2 bad usage.`,
		Version:       a.version,
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          cobra.NoArgs,
		// Without arguments main opens the window; here flags alone were given.
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	root.SetVersionTemplate("zoomconn {{.Version}}\n")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{fmt.Errorf("%w\nRun '%s --help' for usage.", err, c.CommandPath())}
	})
	root.PersistentFlags().BoolVarP(&a.verbose, "verbose", "v", false, "show the technical details of errors (never secrets)")
	root.AddGroup(&cobra.Group{ID: "use", Title: "Using connections:"}, &cobra.Group{ID: "setup", Title: "Setting up:"}, &cobra.Group{ID: "move", Title: "Migrating and moving:"})
	for _, c := range []*cobra.Command{a.listCmd(), a.statusCmd(), a.testCmd(), a.tokenCmd(), a.authorizeCmd(), a.revokeCmd()} {
		c.GroupID = "use"
		root.AddCommand(c)
	}
	for _, c := range []*cobra.Command{a.iclientCmd(), a.connectionCmd(), a.settingsCmd()} {
		c.GroupID = "setup"
		root.AddCommand(c)
	}
	for _, c := range []*cobra.Command{a.migrateCmd(), a.importCmd(), a.exportCmd(), a.reportCmd()} {
		c.GroupID = "move"
		root.AddCommand(c)
	}
	return root
}

// isCobraUsage recognises cobra's own argument errors (unknown command,
// wrong number of arguments), which it does not type.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand", "accepts ", "requires at least", "requires at most", "invalid argument", "required flag", "flag needs an argument", "if any flags in the group"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}
