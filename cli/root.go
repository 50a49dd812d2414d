// Package cli is zoomconn's command line: the same operations as the window,
// for scripts. Secrets are read from standard input or a prompt, never from
// arguments.
//
// Every command has the shape of the GitHub CLI's: flags and arguments fill
// an options struct, RunE calls a run function with it, and tests call the
// run functions in-process with fake streams and an in-memory password
// store. The real dependencies come from the Factory (see NewFactory).
package cli

import (
	"context"
	"errors"
	"fmt"
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

// exitCode ends a command with a code and no further message (the command
// has already said what it had to).
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit %d", int(e)) }

// Main runs the command line with args and returns the process exit code.
func Main(f *Factory, args []string) int {
	// Names, accounts and Zoom's messages are printed: whatever they hold,
	// no escape sequence or bidi override reaches the terminal.
	out, errOut := textsafe.NewWriter(f.IO.Out), textsafe.NewWriter(f.IO.ErrOut)
	defer errOut.Flush()
	defer out.Flush()
	f.IO.Out, f.IO.ErrOut = out, errOut
	if len(args) == 1 && args[0] == "--version" {
		// What cobra would print, without building every command first:
		// scripts ask for it, and it is the start-up benchmark.
		fmt.Fprintf(f.IO.Out, "zoomconn %s\n", f.Version)
		return ExitOK
	}
	root := newRoot(f, args)
	root.SetArgs(args)
	root.SetIn(f.IO.In)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return exitStatus(root.ExecuteContext(ctx), f.IO)
}

// exitStatus says err on standard error, in the admin's words, and
// returns the exit code it calls for.
func exitStatus(err error, io *IOStreams) int {
	if err == nil {
		return ExitOK
	}
	var code exitCode
	if errors.As(err, &code) {
		return int(code)
	}
	fmt.Fprintln(io.ErrOut, "zoomconn: "+describe(err, io.Verbose))
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
	var nf *model.NotFoundError
	return errors.As(err, &ue) || errors.As(err, &ve) || errors.As(err, &nf) || isCobraUsage(err)
}

// groups are the subcommands, by group, in the order help lists them.
var groups = []struct {
	id, title string
	cmds      map[string]func(*Factory) *cobra.Command
	order     []string
}{
	{"use", "Using connections:", map[string]func(*Factory) *cobra.Command{
		"list":      func(f *Factory) *cobra.Command { return newCmdList(f, nil) },
		"status":    func(f *Factory) *cobra.Command { return newCmdStatus(f, nil) },
		"test":      func(f *Factory) *cobra.Command { return newCmdTest(f, nil) },
		"token":     func(f *Factory) *cobra.Command { return newCmdToken(f, nil) },
		"api":       func(f *Factory) *cobra.Command { return newCmdAPI(f, nil) },
		"authorize": func(f *Factory) *cobra.Command { return newCmdAuthorize(f, nil) },
		"revoke":    func(f *Factory) *cobra.Command { return newCmdRevoke(f, nil) },
	}, []string{"list", "status", "test", "token", "api", "authorize", "revoke"}},
	{"setup", "Setting up:", map[string]func(*Factory) *cobra.Command{
		"iclient":    newCmdIClient,
		"connection": newCmdConnection,
		"settings":   newCmdSettings,
	}, []string{"iclient", "connection", "settings"}},
	{"move", "Migrating and moving:", map[string]func(*Factory) *cobra.Command{
		"migrate": func(f *Factory) *cobra.Command { return newCmdMigrate(f, nil) },
		"import":  func(f *Factory) *cobra.Command { return newCmdImport(f, nil) },
		"export":  func(f *Factory) *cobra.Command { return newCmdExport(f, nil) },
		"report":  func(f *Factory) *cobra.Command { return newCmdReport(f, nil) },
	}, []string{"migrate", "import", "export", "report"}},
}

// newRoot is the zoomconn command for args: with only the subcommand that
// args name when they start with one (a script calling 'zoomconn token'
// does not build the other twenty), else with every subcommand, for help,
// completion and the suggestions of a mistyped name.
func newRoot(f *Factory, args []string) *cobra.Command {
	root := rootCommand(f)
	if len(args) > 0 {
		for _, g := range groups {
			if mk, ok := g.cmds[args[0]]; ok {
				c := mk(f)
				c.GroupID = g.id
				root.AddCommand(c)
				return root
			}
		}
	}
	addAll(root, f)
	return root
}

func addAll(root *cobra.Command, f *Factory) {
	for _, g := range groups {
		for _, name := range g.order {
			c := g.cmds[name](f)
			c.GroupID = g.id
			root.AddCommand(c)
		}
	}
}

// rootCommand is the zoomconn command without its subcommands.
func rootCommand(f *Factory) *cobra.Command {
	root := &cobra.Command{
		Use:           "zoomconn",
		Short:         "Zoom Connections: move Zoom API connections from JWT to OAuth 2.0",
		Long:          rootLong(f.Window),
		Version:       f.Version,
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          cobra.NoArgs,
		// Without arguments main opens the window (or, in the console
		// build, comes here); here flags alone were given.
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	root.SetVersionTemplate("zoomconn {{.Version}}\n")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{fmt.Errorf("%w\nRun '%s --help' for usage.", err, c.CommandPath())}
	})
	root.PersistentFlags().BoolVarP(&f.IO.Verbose, "verbose", "v", false, "show the technical details of errors (never secrets)")
	for _, g := range groups {
		root.AddGroup(&cobra.Group{ID: g.id, Title: g.title})
	}
	return root
}

func rootLong(window bool) string {
	start := "Run zoomconn with no arguments to open the window."
	if !window {
		start = `This is the console build, without the window: with no arguments it prints
this help. Run zoomconn with no arguments to open the window, from the
desktop build (zoomconn.exe on Windows).`
	}
	return `Zoom Connections moves Zoom API connections off the JWT app type, which Zoom
turned off on September 8, 2023, onto OAuth 2.0, and keeps them working.
(Meeting SDK and Video SDK JWTs are not affected: they still work and must not
be migrated.)

` + start + `

Secrets (Client secrets, API Secrets) are read from standard input or asked
for without echo, never taken from arguments. Exit status: 0 success, 1 a
failed check (or something needs attention), 2 bad usage.`
}

// isCobraUsage recognises cobra's own argument errors (unknown command,
// wrong number of arguments), which it does not type. They start with
// these words; a message of Zoom's or ours may hold them further on
// ("Zoom no longer accepts JWT").
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand", "accepts ", "requires at least", "requires at most", "invalid argument", "required flag", "flag needs an argument", "if any flags in the group"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}
