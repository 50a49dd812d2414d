package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"zoomconn/internal/words"
	"zoomconn/model"
)

// ListOptions are zoomconn list's.
type ListOptions struct {
	IO      *IOStreams
	Service func() (*model.Service, error)
	JSON    bool
}

func newCmdList(f *Factory, runF func(*ListOptions) error) *cobra.Command {
	opts := &ListOptions{IO: f.IO, Service: f.Service}
	cmd := &cobra.Command{
		Use:   "list [--json]",
		Short: "List the connections",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if runF != nil {
				return runF(opts)
			}
			return listRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, jsonUsage)
	return cmd
}

func listRun(opts *ListOptions) error {
	_, doc, err := load(opts.Service)
	if err != nil {
		return err
	}
	if opts.JSON {
		return printJSON(opts.IO.Out, toJSONConnections(doc, doc.Connections))
	}
	if len(doc.Connections) == 0 {
		fmt.Fprintln(opts.IO.Out, "No connections yet. Add one with 'zoomconn connection add', or bring a list in with 'zoomconn import FILE'.")
		return nil
	}
	tw := table(opts.IO.Out)
	fmt.Fprintln(tw, "NAME\tENVIRONMENT\tAUTHENTICATION TYPE\tSTATUS\tACCOUNT\tICLIENT")
	for _, c := range doc.Connections {
		ic := "—"
		if x := doc.IClient(c.IClientID); x != nil {
			ic = x.Name
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", c.Name, c.Env.Kind.ShortLabel(), c.Auth.Label(), c.Status.Label(), account(c), ic)
	}
	return tw.Flush()
}

func account(c model.Connection) string {
	if c.AuthorizedAs == nil {
		return "—"
	}
	if c.AuthorizedAs.Email != "" {
		return c.AuthorizedAs.Email
	}
	return c.AuthorizedAs.DisplayName
}

// StatusOptions are zoomconn status's.
type StatusOptions struct {
	IO      *IOStreams
	Service func() (*model.Service, error)
	Name    string // "" for every connection
	JSON    bool
	// Check asks Zoom first about every sign-in (model.Checks.CheckAll).
	Check bool
}

func newCmdStatus(f *Factory, runF func(*StatusOptions) error) *cobra.Command {
	opts := &StatusOptions{IO: f.IO, Service: f.Service}
	cmd := &cobra.Command{
		Use:   "status [NAME] [--check] [--json]",
		Short: "Show what needs attention; exits 1 while anything does",
		Long: `Show the recorded status of every connection (or of NAME), and what to do
about those that need attention. Exits 1 while any of them needs attention,
so a script or a monitor can call it.

Without --check it does not call Zoom. With --check it first asks Zoom about
every sign-in (one /users/me each, as the window does when it opens and every
15 minutes): a sign-in Zoom ended (revoked, the app removed, or replaced by the
same user's approval elsewhere) turns every connection that shares it into
Reconnect needed.`,
		Args:              atMost(1, "zoomconn status [NAME] [--check] [--json]"),
		ValidArgsFunction: completeOneConnection(f),
		RunE: func(_ *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Name = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return statusRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, jsonUsage)
	cmd.Flags().BoolVar(&opts.Check, "check", false, "ask Zoom about every sign-in first")
	return cmd
}

type jsonStatus struct {
	OK             bool             `json:"ok"`
	NeedsAttention int              `json:"needs_attention"`
	Connections    []jsonConnection `json:"connections"`
}

func statusRun(opts *StatusOptions) error {
	svc, doc, err := load(opts.Service)
	if err != nil {
		return err
	}
	if opts.Check {
		rep, err := svc.Checks.CheckAll(context.Background())
		if err != nil {
			return err
		}
		if rep.RetryAfter > 0 {
			fmt.Fprintf(opts.IO.ErrOut, "Zoom is rate-limiting this account: %s checked, the rest were not. Try --check again in %s.\n",
				words.Count(rep.Checked, "sign-in", "sign-ins"), words.Duration(rep.RetryAfter))
		}
		if doc, err = svc.Load(); err != nil {
			return err
		}
	}
	conns := doc.Connections
	if opts.Name != "" {
		c := doc.ConnectionByName(opts.Name)
		if c == nil {
			return &model.NotFoundError{What: "connection", Name: strings.TrimSpace(opts.Name)}
		}
		conns = []model.Connection{*c}
	}
	st := jsonStatus{Connections: toJSONConnections(doc, conns)}
	for _, c := range conns {
		if c.Status.NeedsAttention() {
			st.NeedsAttention++
		}
	}
	st.OK = st.NeedsAttention == 0
	w := opts.IO.Out
	switch {
	case opts.JSON:
		if err := printJSON(w, st); err != nil {
			return err
		}
	case len(conns) == 0:
		fmt.Fprintln(w, "No connections yet.")
	case opts.Name != "":
		printConnectionStatus(opts.IO, doc, conns[0])
	default:
		printStatusTable(opts.IO, conns, st.NeedsAttention)
	}
	if !st.OK {
		return exitCode(ExitFailed)
	}
	return nil
}

func printConnectionStatus(s *IOStreams, doc *model.Document, c model.Connection) {
	line := fmt.Sprintf("%s: %s (%s)", c.Name, c.Status.Label(), c.Auth.Label())
	if c.Status == model.StatusOnline && c.AuthorizedAs != nil {
		line += " — " + model.ConnectedAs(c)
	}
	fmt.Fprintln(s.Out, line)
	if who := model.SignedInAs(doc, c); who != "" && c.Auth == model.AuthOAuth2 {
		fmt.Fprintln(s.Out, "  "+who)
	}
	if !c.LastTestAt.IsZero() {
		res := c.LastTest
		if res != "ok" {
			res = "failed: " + res
		}
		fmt.Fprintf(s.Out, "Last test: %s, %s\n", c.LastTestAt.UTC().Format("2006-01-02 15:04 UTC"), res)
	}
	if adv := advice(c); adv != "" {
		fmt.Fprintln(s.Out, adv)
	}
}

func printStatusTable(s *IOStreams, conns []model.Connection, attention int) {
	tw := table(s.Out)
	fmt.Fprintln(tw, "NAME\tSTATUS\tAUTHENTICATION TYPE\tACCOUNT")
	for _, c := range conns {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.Name, c.Status.Label(), c.Auth.Label(), account(c))
	}
	tw.Flush()
	n := len(conns)
	if attention == 0 {
		fmt.Fprintf(s.Out, "\nAll %d %s online.\n", n, words.Plural(n, "connection is", "connections are"))
		return
	}
	fmt.Fprintf(s.Out, "\n%d of %d %s attention:\n", attention, n, words.Plural(n, "connection needs", "connections need"))
	for _, c := range conns {
		if adv := advice(c); adv != "" {
			fmt.Fprintf(s.Out, "  %s: %s\n", c.Name, adv)
		}
	}
}

// advice is what to do about a connection that needs attention (model.Advise),
// with the command that does it.
func advice(c model.Connection) string {
	why, do := model.Advise(c)
	lead, cmd := step(do)
	if cmd != "" {
		lead += ": " + cmd
	}
	return strings.TrimSpace(why + " " + lead)
}
