// Package cli is zoomconn's command line: the same operations as the window,
// for scripts. Secrets are read from standard input or a prompt, never from
// arguments.
package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
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
	root := newRoot(version)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	fmt.Fprintln(stderr, "zoomconn:", err)
	var ue usageError
	if errors.As(err, &ue) || isCobraUsage(err) {
		return ExitUsage
	}
	return ExitFailed
}

func newRoot(version string) *cobra.Command {
	root := &cobra.Command{
		Use:   "zoomconn",
		Short: "Zoom Connections: move Zoom API connections from JWT to OAuth 2.0",
		Long: `Zoom Connections moves Zoom API connections off the JWT app type, which Zoom
turned off on September 8, 2023, onto OAuth 2.0, and keeps them working.

Run zoomconn with no arguments to open the window.`,
		Version:       version,
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
	return root
}

// isCobraUsage recognises cobra's own argument errors (unknown command,
// wrong number of arguments), which it does not type.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand", "accepts ", "requires at least", "requires at most", "invalid argument"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}
