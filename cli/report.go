package cli

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"zoomconn/internal/words"
	"zoomconn/model"
)

// ReportOptions are zoomconn report's.
type ReportOptions struct {
	IO      *IOStreams
	Service func() (*model.Service, error)
	CSV     bool
	HTML    string // a file, "-" for standard output; "" for none
}

func newCmdReport(f *Factory, runF func(*ReportOptions) error) *cobra.Command {
	opts := &ReportOptions{IO: f.IO, Service: f.Service}
	cmd := &cobra.Command{
		Use:   "report [--csv] [--html FILE]",
		Short: "The migration report: one row per connection, as a table, CSV or an HTML page",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if runF != nil {
				return runF(opts)
			}
			return reportRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.CSV, "csv", false, "print CSV on standard output")
	cmd.Flags().StringVar(&opts.HTML, "html", "", `write a readable HTML page to FILE ("-" for standard output)`)
	return cmd
}

func reportRun(opts *ReportOptions) error {
	svc, err := opts.Service()
	if err != nil {
		return err
	}
	rows, err := svc.Files.Report()
	if err != nil {
		return err
	}
	w := opts.IO.Out
	if opts.HTML != "" {
		var buf bytes.Buffer
		if err := model.WriteReportHTML(&buf, rows); err != nil {
			return err
		}
		if err := writeOut(w, opts.HTML, buf.Bytes()); err != nil || opts.HTML == "-" {
			return err
		}
		if !opts.CSV {
			fmt.Fprintf(w, "Wrote the migration report (%s) to %s.\n", words.Count(len(rows), "connection", "connections"), opts.HTML)
			return nil
		}
	}
	if opts.CSV {
		return model.WriteReportCSV(w, rows)
	}
	if len(rows) == 0 {
		fmt.Fprintln(w, "No connections yet.")
		return nil
	}
	return printReportTable(opts.IO, rows)
}

func printReportTable(s *IOStreams, rows []model.ReportRow) error {
	tw := table(s.Out)
	fmt.Fprintln(tw, "NAME\tENVIRONMENT\tBEFORE\tNOW\tICLIENT\tAUTHORIZED AS\tSTATUS\tLAST TEST\tMIGRATED")
	day := func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.UTC().Format("2006-01-02")
	}
	dash := func(s string) string {
		if s == "" {
			return "—"
		}
		return s
	}
	for _, r := range rows {
		test := "—"
		if res := r.LastTestResult(); res != "" {
			test = day(r.LastTestAt) + " " + strings.SplitN(res, ":", 2)[0]
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Name, r.Environment.ShortLabel(), r.AuthBefore.Label(), r.AuthNow.Label(),
			dash(r.IClient), dash(r.AuthorizedAs), r.Status.Label(), test, day(r.MigratedAt))
	}
	return tw.Flush()
}
