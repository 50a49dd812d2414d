package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"

	"github.com/itchyny/gojq"
	"github.com/spf13/cobra"

	"zoomconn/model"
)

// APIOptions are zoomconn api's.
type APIOptions struct {
	IO        *IOStreams
	Service   func() (*model.Service, error)
	Name      string
	Path      string
	Method    string
	MethodSet bool // -X was given
	RawFields []string
	Fields    []string
	Input     string // a file, or "-" for standard input
	Headers   []string
	Include   bool
	Paginate  bool
	JQ        string
	Silent    bool
}

func newCmdAPI(f *Factory, runF func(*APIOptions) error) *cobra.Command {
	opts := &APIOptions{IO: f.IO, Service: f.Service}
	cmd := &cobra.Command{
		Use:   "api NAME PATH [flags]",
		Short: "Call the Zoom API with a connection, for scripts",
		Long: `Call the Zoom REST API with the connection's token and print Zoom's answer:
the shape of 'gh api', for Zoom. PATH is relative to the connection's API
(/users/me is https://api.zoom.us/v2/users/me for a Zoom connection); a full
address is accepted only on that API, since the token goes with it.

The token is refreshed when needed. Zoom's per-second rate limit (429) is
waited out as Zoom's Retry-After says, up to 3 times, each said on standard
error; its daily limit ends the call with when to try again. Any error exits 1
with what happened and what to do, on standard error.

  -f key=value adds a string; -F key=value a typed value: a number, true,
  false or null, or @FILE (the file's content; @- reads standard input). For
  GET they are the query; otherwise the JSON body, where key[sub]=v nests and
  key[]=v makes a list. With fields or --input the method is POST, unless -X
  or --paginate says otherwise.

  --paginate follows Zoom's next_page_token and prints ONE JSON document whose
  list (users, meetings, …) holds every page's items; the other fields are the
  first page's.

Examples:
  zoomconn api Reports /users/me
  zoomconn api Reports /users -f status=active -F page_size=300 --paginate --jq '.users[].email'
  zoomconn api Reports /users -F action=create -f 'user_info[email]=new@example.com' -F 'user_info[type]=1'
  zoomconn api Reports -X PATCH /users/me --input settings.json`,
		Args:              exactly(2, "zoomconn api NAME PATH"),
		ValidArgsFunction: completeOneConnection(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name, opts.Path = args[0], args[1]
			opts.MethodSet = cmd.Flags().Changed("method")
			if runF != nil {
				return runF(opts)
			}
			return apiRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&opts.Method, "method", "X", "GET", "the HTTP method")
	fl.StringArrayVarP(&opts.RawFields, "raw-field", "f", nil, "add a string `key=value` (query for GET, else JSON body)")
	fl.StringArrayVarP(&opts.Fields, "field", "F", nil, "add a typed `key=value`: number, true, false, null or @FILE")
	fl.StringVar(&opts.Input, "input", "", "the request body from `FILE` (\"-\" for standard input)")
	fl.StringArrayVarP(&opts.Headers, "header", "H", nil, "add a request header `'Name: value'`")
	fl.BoolVarP(&opts.Include, "include", "i", false, "print Zoom's status line and headers before the body")
	fl.BoolVar(&opts.Paginate, "paginate", false, "follow next_page_token and print every page as one document (GET)")
	fl.StringVarP(&opts.JQ, "jq", "q", "", "filter the answer with a jq `EXPRESSION` (strings print without quotes)")
	fl.BoolVar(&opts.Silent, "silent", false, "print nothing of the answer")
	return cmd
}

func apiRun(ctx context.Context, opts *APIOptions) error {
	req, err := apiRequest(opts)
	if err != nil {
		return err
	}
	var jq *gojq.Code
	if opts.JQ != "" {
		if jq, err = compileJQ(opts.JQ); err != nil {
			return err
		}
	}
	svc, err := opts.Service()
	if err != nil {
		return err
	}
	c, resp, err := svc.Tokens.CallAPI(ctx, opts.Name, req, model.OnRateLimitWait(func(w model.RateLimitWait) {
		fmt.Fprintln(opts.IO.ErrOut, w.String())
	}))
	if ferr := flushTokens(ctx, svc); ferr != nil && err == nil {
		err = ferr
	}
	if resp != nil && opts.Include {
		writeHead(opts.IO.Out, resp)
		if err != nil && !opts.Silent {
			writeBody(opts.IO.Out, resp.Body)
		}
	}
	if err != nil {
		if c.Auth == model.AuthOAuth2 {
			// Its next step is a command: authorize again.
			return about(c, err)
		}
		return err
	}
	switch {
	case opts.Silent:
		return nil
	case jq != nil:
		return runJQ(ctx, opts.IO.Out, jq, resp.Body)
	}
	writeBody(opts.IO.Out, resp.Body)
	return nil
}

// flushTokens makes the last attempt to save a renewed token (see tokenRun).
func flushTokens(ctx context.Context, svc *model.Service) error {
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), flushBudget)
	defer cancel()
	return svc.Tokens.Flush(fctx)
}

// apiRequest reads the flags into the call to make.
func apiRequest(opts *APIOptions) (model.APIRequest, error) {
	req := model.APIRequest{Method: strings.ToUpper(opts.Method), Path: opts.Path, Paginate: opts.Paginate, Header: http.Header{}}
	for _, h := range opts.Headers {
		name, value, ok := strings.Cut(h, ":")
		name = strings.TrimSpace(name)
		switch {
		case !ok || name == "" || strings.ContainsAny(name, " \t"):
			return req, usagef("-H takes a header as 'Name: value' (not %q).", h)
		case strings.EqualFold(name, "Authorization") || strings.EqualFold(name, "Host"):
			return req, usagef("-H %s: zoomconn sets it itself (the connection's token goes to Zoom's API only).", name)
		}
		req.Header.Add(name, strings.TrimSpace(value))
	}
	stdinUsed := false
	if opts.Input != "" {
		b, err := readInput(opts.IO, opts.Input, "--input")
		if err != nil {
			return req, err
		}
		req.Body, stdinUsed = b, opts.Input == "-"
	}
	fields, err := parseFields(opts, &stdinUsed)
	if err != nil {
		return req, err
	}
	if !opts.MethodSet && !opts.Paginate && (len(fields) > 0 || opts.Input != "") {
		req.Method = http.MethodPost
	}
	if opts.Paginate && req.Method != http.MethodGet {
		return req, usagef("--paginate follows the pages of a list, which Zoom gives for GET only (this call is %s).", req.Method)
	}
	if req.Method == http.MethodGet || opts.Input != "" {
		req.Query = fieldsQuery(fields)
		return req, nil
	}
	if len(fields) > 0 {
		body, err := fieldsBody(fields)
		if err != nil {
			return req, err
		}
		req.Body = body
	}
	return req, nil
}

// readInput reads a file, or standard input for "-", for flag.
func readInput(s *IOStreams, name, flag string) ([]byte, error) {
	var r io.Reader = s.In
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("%s: the file %s cannot be opened: %w", flag, name, unwrapPath(err))
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(b) > maxInput {
		return nil, usagef("%s: %s is larger than %d MB.", flag, name, maxInput>>20)
	}
	return b, nil
}

// maxInput bounds a request body or a field read from a file.
const maxInput = 16 << 20

// writeHead prints the status line and the headers, as --include shows them.
func writeHead(w io.Writer, resp *model.APIResponse) {
	fmt.Fprintf(w, "%s %d %s\n", resp.Proto, resp.Status, http.StatusText(resp.Status))
	keys := make([]string, 0, len(resp.Header))
	for k := range resp.Header {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range resp.Header[k] {
			fmt.Fprintf(w, "%s: %s\n", k, v)
		}
	}
	fmt.Fprintln(w)
}

// writeBody prints a JSON answer indented, anything else as it came.
func writeBody(w io.Writer, body []byte) {
	if len(bytes.TrimSpace(body)) == 0 {
		return
	}
	var out bytes.Buffer
	if json.Valid(body) && json.Indent(&out, body, "", "  ") == nil {
		out.WriteByte('\n')
		w.Write(out.Bytes())
		return
	}
	w.Write(body)
	if body[len(body)-1] != '\n' {
		fmt.Fprintln(w)
	}
}
