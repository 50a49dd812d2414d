package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"text/tabwriter"

	"golang.org/x/term"

	"zoomconn/internal/wire"
	"zoomconn/model"
)

// IOStreams are a command's standard streams.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// ReadPassword reads a line from the terminal without echo; nil when
	// standard input is not a terminal, and then a secret is read from it
	// in full.
	ReadPassword func() ([]byte, error)
	// Verbose (--verbose) adds the technical details to errors.
	Verbose bool
}

// System returns the process's own streams.
func System() *IOStreams {
	s := &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr}
	if fd := int(os.Stdin.Fd()); term.IsTerminal(fd) {
		s.ReadPassword = func() ([]byte, error) { return term.ReadPassword(fd) }
	}
	return s
}

// Factory is where the commands get what they work with: the one place
// the command line's real dependencies come from (see internal/wire).
type Factory struct {
	Version string
	// Window says whether this build opens the window when given no
	// arguments (the console build does not).
	Window bool
	IO     *IOStreams
	// Browser opens consent pages for authorize and migrate.
	Browser model.Opener
	// Service opens the data folder and the password store, once, on first use.
	Service func() (*model.Service, error)
}

// NewFactory returns the factory of a command line made of parts.
func NewFactory(version string, parts wire.Parts, streams *IOStreams) *Factory {
	return &Factory{Version: version, Window: true, IO: streams, Browser: parts.Browser(), Service: sync.OnceValues(parts.Service)}
}

// load opens the service and reads the document, the start of most commands.
func load(service func() (*model.Service, error)) (*model.Service, *model.Document, error) {
	svc, err := service()
	if err != nil {
		return nil, nil, err
	}
	doc, err := svc.Load()
	if err != nil {
		return nil, nil, err
	}
	return svc, doc, nil
}

// findConnection returns the connection named name (any case).
func findConnection(service func() (*model.Service, error), name string) (*model.Service, *model.Document, model.Connection, error) {
	svc, doc, err := load(service)
	if err != nil {
		return nil, nil, model.Connection{}, err
	}
	c := doc.ConnectionByName(name)
	if c == nil {
		return nil, nil, model.Connection{}, &model.NotFoundError{What: "connection", Name: strings.TrimSpace(name)}
	}
	return svc, doc, *c, nil
}

// findIClient returns the iClient named name (any case).
func findIClient(doc *model.Document, name string) (*model.IClient, error) {
	ic := doc.IClientByName(name)
	if ic == nil {
		return nil, &model.NotFoundError{What: "iClient", Name: strings.TrimSpace(name)}
	}
	return ic, nil
}

// maxSecretInput bounds what is read from standard input for a secret.
const maxSecretInput = 64 << 10

// readSecret reads a secret: asked for without echo on a terminal, else
// all of standard input, trimmed. example shows how to pipe it in.
func readSecret(s *IOStreams, label, example string) (model.Secret, error) {
	if s.ReadPassword != nil {
		fmt.Fprintf(s.ErrOut, "%s (typing is hidden): ", label)
		b, err := s.ReadPassword()
		fmt.Fprintln(s.ErrOut)
		if err != nil {
			return model.Secret{}, fmt.Errorf("read the %s: %w", label, err)
		}
		v := strings.TrimSpace(string(b))
		if v == "" {
			return model.Secret{}, usagef("No %s was entered.", label)
		}
		return model.NewSecret(v), nil
	}
	b, err := io.ReadAll(io.LimitReader(s.In, maxSecretInput+1))
	if err != nil {
		return model.Secret{}, fmt.Errorf("read the %s from standard input: %w", label, err)
	}
	if len(b) > maxSecretInput {
		return model.Secret{}, usagef("Standard input is too long to be a %s.", label)
	}
	v := strings.TrimSpace(string(b))
	if v == "" {
		return model.Secret{}, usagef("No %s on standard input. Pipe it in (for example: %s), or run the command in a terminal to be asked for it.", label, example)
	}
	return model.NewSecret(v), nil
}

func table(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

const jsonUsage = "print JSON (see the README for the fields)"
