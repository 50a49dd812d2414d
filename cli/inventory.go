package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"zoomconn/internal/words"
	"zoomconn/model"
)

// ImportOptions are zoomconn import's.
type ImportOptions struct {
	IO      *IOStreams
	Service func() (*model.Service, error)
	File    string // "-" for standard input
}

func newCmdImport(f *Factory, runF func(*ImportOptions) error) *cobra.Command {
	opts := &ImportOptions{IO: f.IO, Service: f.Service}
	return &cobra.Command{
		Use:   "import FILE",
		Short: "Import connections and iClients from a JSON inventory or a CSV list (no secrets)",
		Long: `Import connections and iClients from FILE ("-" for standard input):

  - a JSON inventory written by 'zoomconn export', or
  - a CSV file whose first line is the header name,environment,auth_type,api_key
    (optional columns: iclient, account_id, scopes, oauth_base, api_base), such
    as a list of old JWT connections to migrate.

Everything is checked first: if anything is wrong, nothing is imported and
each problem is named by line and field. Names that already exist are skipped,
never overwritten. Secrets cannot come from a file: imported iClients need
their Client secret (zoomconn iclient edit NAME --secret-stdin), and imported
JWT records need none to be migrated.`,
		Args: exactly(1, "zoomconn import FILE"),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.File = args[0]
			if runF != nil {
				return runF(opts)
			}
			return importRun(opts)
		},
	}
}

func importRun(opts *ImportOptions) error {
	svc, err := opts.Service()
	if err != nil {
		return err
	}
	r, name := opts.IO.In, "standard input"
	if opts.File != "-" {
		f, err := os.Open(opts.File)
		if err != nil {
			return fmt.Errorf("The file %s cannot be opened: %w", opts.File, unwrapPath(err))
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil && fi.IsDir() {
			return usagef("%s is a folder, not a file.", opts.File)
		}
		r, name = f, filepath.Base(opts.File)
	}
	res, err := svc.Files.Import(r, name)
	if err != nil {
		return err
	}
	w := opts.IO.Out
	nc, ni := len(res.ConnectionsAdded), len(res.IClientsAdded)
	parts := []string{words.Count(nc, "connection", "connections")}
	if ni > 0 || res.Format == "json" {
		parts = append(parts, words.Count(ni, "iClient", "iClients"))
	}
	fmt.Fprintf(w, "Imported %s from %s.\n", strings.Join(parts, " and "), name)
	for _, s := range res.Skipped {
		fmt.Fprintf(w, "Skipped line %d: %s.\n", s.Line, s.Reason)
	}
	for _, n := range res.IClientsAdded {
		fmt.Fprintf(w, "The iClient %q has no Client secret yet: set it with: zoomconn iclient edit %s --secret-stdin\n", n, model.ShellWord(n))
	}
	if jwt := countJWT(svc, res.ConnectionsAdded); jwt > 0 {
		fmt.Fprintf(w, "%d imported %s JWT: migrate %s with: zoomconn migrate --all --iclient ICLIENT\n", jwt, words.Plural(jwt, "connection uses", "connections use"), words.Plural(jwt, "it", "them"))
	}
	return nil
}

func countJWT(svc *model.Service, names []string) int {
	doc, err := svc.Load()
	if err != nil {
		return 0
	}
	added := make(map[string]bool, len(names))
	for _, n := range names {
		added[n] = true
	}
	n := 0
	for _, c := range doc.Connections {
		if added[c.Name] && c.Auth == model.AuthJWT {
			n++
		}
	}
	return n
}

// unwrapPath drops the path from an *os.PathError, which the message names already.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// writeFile writes data to path through a temp file in the same folder,
// so a failed write leaves any older file whole.
func writeFile(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".zoomconn-export-*")
	if err != nil {
		return fmt.Errorf("The file %s cannot be written: %w", path, unwrapPath(err))
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("The file %s cannot be written: %w", path, err)
	}
	if err := f.Chmod(0o644); err != nil && !os.IsPermission(err) {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("The file %s cannot be written: %w", path, unwrapPath(err))
	}
	return nil
}

// writeOut writes data to standard output for "-", else to the file.
func writeOut(w io.Writer, file string, data []byte) error {
	if file == "-" {
		_, err := w.Write(data)
		return err
	}
	return writeFile(file, data)
}

// ExportOptions are zoomconn export's.
type ExportOptions struct {
	IO      *IOStreams
	Service func() (*model.Service, error)
	File    string // "-" for standard output
}

func newCmdExport(f *Factory, runF func(*ExportOptions) error) *cobra.Command {
	opts := &ExportOptions{IO: f.IO, Service: f.Service}
	return &cobra.Command{
		Use:   "export FILE",
		Short: "Export every connection and iClient as a JSON inventory, without secrets",
		Long: `Write every connection and iClient to FILE ("-" for standard output) as a JSON
inventory, to import on another computer. Secrets and tokens are never
included: after importing, set each iClient's Client secret and authorize the
connections again.`,
		Args: exactly(1, "zoomconn export FILE"),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.File = args[0]
			if runF != nil {
				return runF(opts)
			}
			return exportRun(opts)
		},
	}
}

func exportRun(opts *ExportOptions) error {
	svc, doc, err := load(opts.Service)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := svc.Files.Export(&buf); err != nil {
		return err
	}
	if err := writeOut(opts.IO.Out, opts.File, buf.Bytes()); err != nil || opts.File == "-" {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "Exported %s and %s to %s (no secrets, no tokens).\n",
		words.Count(len(doc.Connections), "connection", "connections"), words.Count(len(doc.IClients), "iClient", "iClients"), opts.File)
	return nil
}
