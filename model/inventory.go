package model

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The inventory file: connections and iClients without secrets or tokens,
// to move them between machines (export, then import).
const (
	InventoryFormat  = "zoomconn-inventory"
	InventoryVersion = 1
	// MaxImportSize is the largest file Import reads.
	MaxImportSize = 20 << 20
)

// Inventory is the JSON inventory document.
type Inventory struct {
	Format      string                `json:"format"`
	Version     int                   `json:"version"`
	Exported    time.Time             `json:"exported,omitzero"`
	IClients    []InventoryIClient    `json:"iclients"`
	Connections []InventoryConnection `json:"connections"`
}

// InventoryIClient is an iClient in an inventory: never its Client secret.
type InventoryIClient struct {
	Name        string  `json:"name"`
	Environment EnvKind `json:"environment"`
	OAuthBase   string  `json:"oauth_base,omitempty"`
	APIBase     string  `json:"api_base,omitempty"`
	AppType     AppType `json:"app_type"`
	ClientID    string  `json:"client_id"`
}

// InventoryConnection is a connection in an inventory: never a token or an
// API Secret. The iClient is named, so the file works on another machine.
type InventoryConnection struct {
	Name         string    `json:"name"`
	Environment  EnvKind   `json:"environment"`
	OAuthBase    string    `json:"oauth_base,omitempty"`
	APIBase      string    `json:"api_base,omitempty"`
	AuthType     AuthType  `json:"auth_type"`
	IClient      string    `json:"iclient,omitempty"`
	Scopes       string    `json:"scopes,omitempty"`
	AccountID    string    `json:"account_id,omitempty"`
	APIKey       string    `json:"api_key,omitempty"`
	MigratedFrom AuthType  `json:"migrated_from,omitempty"`
	MigratedAt   time.Time `json:"migrated_at,omitzero"`
}

// Export writes every iClient and connection as a JSON inventory, without
// secrets and without tokens.
func (s *Service) Export(w io.Writer) error {
	doc, err := s.Load()
	if err != nil {
		return err
	}
	inv := Inventory{
		Format:      InventoryFormat,
		Version:     InventoryVersion,
		Exported:    s.Now(),
		IClients:    make([]InventoryIClient, 0, len(doc.IClients)),
		Connections: make([]InventoryConnection, 0, len(doc.Connections)),
	}
	for _, ic := range doc.IClients {
		inv.IClients = append(inv.IClients, InventoryIClient{
			Name: ic.Name, Environment: ic.Env.Kind, OAuthBase: ic.Env.OAuthBase, APIBase: ic.Env.APIBase,
			AppType: ic.AppType, ClientID: ic.ClientID,
		})
	}
	for _, c := range doc.Connections {
		ic := ""
		if x := doc.IClient(c.IClientID); x != nil {
			ic = x.Name
		}
		inv.Connections = append(inv.Connections, InventoryConnection{
			Name: c.Name, Environment: c.Env.Kind, OAuthBase: c.Env.OAuthBase, APIBase: c.Env.APIBase,
			AuthType: c.Auth, IClient: ic, Scopes: c.Scopes, AccountID: c.AccountID, APIKey: c.APIKey,
			MigratedFrom: c.MigratedFrom, MigratedAt: c.MigratedAt,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(inv)
}

// ImportResult says what an import added and what it left alone.
type ImportResult struct {
	Format           string // "json" or "csv"
	IClientsAdded    []string
	ConnectionsAdded []string
	Skipped          []ImportSkip
}

// ImportSkip is an entry that was not imported because its name exists.
type ImportSkip struct {
	Line   int
	Kind   string // "iclient" or "connection"
	Name   string
	Reason string
}

// ImportProblem is one thing wrong in an import file. Line is 0 for the
// file as a whole; Field names the column or JSON field.
type ImportProblem struct {
	Line    int
	Field   string
	Message string
}

func (p ImportProblem) String() string {
	switch {
	case p.Line > 0 && p.Field != "":
		return fmt.Sprintf("line %d, %s: %s", p.Line, p.Field, p.Message)
	case p.Line > 0:
		return fmt.Sprintf("line %d: %s", p.Line, p.Message)
	}
	return p.Message
}

// ImportError lists everything wrong with an import file. When Import
// returns it, nothing was imported.
type ImportError struct {
	File     string
	Problems []ImportProblem
}

// maxListedProblems keeps the message readable for a file full of errors.
const maxListedProblems = 20

func (e *ImportError) Error() string {
	var b strings.Builder
	file := e.File
	if file == "" {
		file = "the file"
	}
	if len(e.Problems) == 1 && e.Problems[0].Line == 0 {
		fmt.Fprintf(&b, "Nothing was imported: %s", e.Problems[0].Message)
		return b.String()
	}
	n := len(e.Problems)
	fmt.Fprintf(&b, "Nothing was imported: %s has %d %s. Correct %s and import it again.",
		file, n, plural(n, "problem", "problems"), map[bool]string{true: "it", false: "them"}[n == 1])
	for i, p := range e.Problems {
		if i == maxListedProblems {
			fmt.Fprintf(&b, "\n… and %d more.", n-maxListedProblems)
			break
		}
		b.WriteString("\n")
		b.WriteString(p.String())
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// importItem is one parsed entry, with where it came from.
type importItem struct {
	line int
	ic   *InventoryIClient
	conn *InventoryConnection
}

// Import reads a JSON inventory (as Export writes it) or a CSV file with
// the header name,environment,auth_type,api_key (optional columns:
// iclient, account_id, scopes, oauth_base, api_base). Everything is checked
// before anything changes: on any problem Import returns an *ImportError
// naming the line and the field, and nothing is imported. Names that
// already exist are skipped, never overwritten. Imported iClients have no
// Client secret and imported JWT records no API Secret: neither can come
// from a file. name is the file's name, for messages.
func (s *Service) Import(r io.Reader, name string) (ImportResult, error) {
	fail := func(format string, args ...any) (ImportResult, error) {
		return ImportResult{}, &ImportError{File: name, Problems: []ImportProblem{{Message: fmt.Sprintf(format, args...)}}}
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxImportSize+1))
	if err != nil {
		return fail("%s could not be read (%v).", name, err)
	}
	if len(data) > MaxImportSize {
		return fail("%s is larger than %d MB, too large for an inventory. Split it into smaller files.", name, MaxImportSize>>20)
	}
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return fail("%s is saved as UTF-16 text. Save it as “CSV UTF-8” (or plain UTF-8) and import it again.", name)
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")) // Excel's byte-order mark
	if looksBinary(data) {
		return fail("%s is not a JSON or CSV file (it contains binary data). Choose an inventory exported by Zoom Connections, or a CSV file with the header name,environment,auth_type,api_key.", name)
	}
	if !utf8.Valid(data) {
		return fail("%s is not UTF-8 text. Save it from your spreadsheet as “CSV UTF-8” and import it again.", name)
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 {
		return fail("%s is empty.", name)
	}
	var items []importItem
	var problems []ImportProblem
	res := ImportResult{Format: "csv"}
	switch trimmed[0] {
	case '{':
		res.Format = "json"
		items, problems = parseInventoryJSON(data)
	case '[':
		return fail("%s is JSON but not a Zoom Connections inventory (it should start with {\"format\": %q …}).", name, InventoryFormat)
	default:
		items, problems = parseInventoryCSV(data, name)
	}
	if len(problems) > 0 {
		return ImportResult{}, &ImportError{File: name, Problems: problems}
	}

	var events []Event
	err = s.update(func(doc *Document) error {
		var added ImportResult
		added, events, problems = s.plan(doc, items, name)
		if len(problems) > 0 {
			return &ImportError{File: name, Problems: problems}
		}
		res.IClientsAdded, res.ConnectionsAdded, res.Skipped = added.IClientsAdded, added.ConnectionsAdded, added.Skipped
		return nil
	})
	if err != nil {
		return ImportResult{}, err
	}
	if err := s.appendEvents(events); err != nil {
		// The import is saved; a missing log line must not undo it.
		slog.Warn("activity log", "err", err)
	}
	return res, nil
}

// looksBinary reports NUL bytes or many control characters near the start.
func looksBinary(data []byte) bool {
	head := data[:min(len(data), 8192)]
	if bytes.IndexByte(head, 0) >= 0 || bytes.IndexByte(data, 0) >= 0 {
		return true
	}
	ctrl := 0
	for _, b := range head {
		if b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' {
			ctrl++
		}
	}
	return ctrl > len(head)/100+2
}

// plan validates items against doc and adds them to it. It returns the
// problems found; doc is only saved by the caller when there are none.
func (s *Service) plan(doc *Document, items []importItem, file string) (ImportResult, []Event, []ImportProblem) {
	var res ImportResult
	var problems []ImportProblem
	var events []Event
	now := s.Now()
	add := func(line int, err error) {
		var ve ValidationError
		if errors.As(err, &ve) {
			for _, f := range ve {
				problems = append(problems, ImportProblem{Line: line, Field: f.Field, Message: f.Message})
			}
			return
		}
		problems = append(problems, ImportProblem{Line: line, Message: err.Error()})
	}
	seenIC := map[string]int{}
	seenConn := map[string]int{}
	dup := func(seen map[string]int, name string, line int, what string) bool {
		k := foldName(name)
		if k == "" {
			return false
		}
		if first, ok := seen[k]; ok {
			problems = append(problems, ImportProblem{Line: line, Field: "name", Message: fmt.Sprintf(
				"The %s name %q appears twice in the file (also on line %d). Names must be unique.", what, strings.TrimSpace(name), first)})
			return true
		}
		seen[k] = line
		return false
	}
	from := "imported from " + file

	// iClients first: connections below may name them.
	for _, it := range items {
		if it.ic == nil {
			continue
		}
		in := it.ic
		if dup(seenIC, in.Name, it.line, "iClient") {
			continue
		}
		if o := doc.IClientByName(in.Name); o != nil {
			res.Skipped = append(res.Skipped, ImportSkip{Line: it.line, Kind: "iclient", Name: o.Name,
				Reason: fmt.Sprintf("an iClient named %q already exists (not overwritten)", o.Name)})
			continue
		}
		ic := IClient{ID: NewID(), Name: in.Name, AppType: in.AppType, ClientID: in.ClientID, Created: now, Modified: now,
			Env: Environment{Kind: in.Environment, OAuthBase: in.OAuthBase, APIBase: in.APIBase}}
		if err := ValidateIClient(&ic, doc); err != nil {
			add(it.line, err)
			continue
		}
		doc.IClients = append(doc.IClients, ic)
		res.IClientsAdded = append(res.IClientsAdded, ic.Name)
		events = append(events, Event{Time: now, Kind: EventIClientCreated, IClientID: ic.ID,
			Detail: fmt.Sprintf("iClient %q (%s, %s), %s; its Client secret is still to be set", ic.Name, ic.Env.Kind.ShortLabel(), ic.AppType.Label(), from)})
	}

	// Connections are validated against the document without each other
	// (names are compared through seenConn), which keeps a large import
	// linear in the size of the file.
	var conns []Connection
	for _, it := range items {
		if it.conn == nil {
			continue
		}
		in := it.conn
		if dup(seenConn, in.Name, it.line, "connection") {
			continue
		}
		if o := doc.ConnectionByName(in.Name); o != nil {
			res.Skipped = append(res.Skipped, ImportSkip{Line: it.line, Kind: "connection", Name: o.Name,
				Reason: fmt.Sprintf("a connection named %q already exists (not overwritten)", o.Name)})
			continue
		}
		c := Connection{ID: NewID(), Name: in.Name, Auth: in.AuthType, Scopes: in.Scopes, AccountID: in.AccountID,
			APIKey: in.APIKey, MigratedFrom: in.MigratedFrom, MigratedAt: in.MigratedAt, Created: now, Modified: now,
			Env: Environment{Kind: in.Environment, OAuthBase: in.OAuthBase, APIBase: in.APIBase}}
		if in.IClient != "" {
			ic := doc.IClientByName(in.IClient)
			if ic == nil {
				problems = append(problems, ImportProblem{Line: it.line, Field: "iclient", Message: fmt.Sprintf(
					"There is no iClient named %q in the file or on this computer.", strings.TrimSpace(in.IClient))})
				continue
			}
			c.IClientID = ic.ID
		}
		var err error
		if c.Auth == AuthJWT {
			c.Status = StatusMigrationNeeded
			c.IClientID, c.Scopes = "", ""
			if c.AccountID != "" {
				var msg string
				if c.AccountID, msg = CleanID("Account ID", c.AccountID); msg != "" {
					add(it.line, ValidationError{{Field: "account_id", Message: msg}})
					continue
				}
			}
			err = ValidateJWTRecord(&c, doc)
		} else {
			c.Status = StatusNotAuthorized
			c.APIKey = ""
			err = ValidateConnection(&c, doc, true)
		}
		if err != nil {
			add(it.line, err)
			continue
		}
		conns = append(conns, c)
	}
	if len(problems) > 0 {
		return ImportResult{}, nil, problems
	}
	doc.Connections = append(doc.Connections, conns...)
	for _, c := range conns {
		res.ConnectionsAdded = append(res.ConnectionsAdded, c.Name)
		events = append(events, Event{Time: now, Kind: EventCreated, ConnectionID: c.ID, ConnectionName: c.Name,
			Detail: c.Auth.Label() + ", " + c.Env.Kind.ShortLabel() + ", " + from})
	}
	return res, events, nil
}

// foldName is the key under which names compare equal (as EqualFold does).
func foldName(name string) string {
	return strings.ToLower(strings.ToUpper(strings.TrimSpace(name)))
}

// appendEvents writes many events in one append.
func (s *Service) appendEvents(events []Event) error {
	if len(events) == 0 {
		return nil
	}
	var buf bytes.Buffer
	for _, ev := range events {
		line, err := json.Marshal(ev)
		if err != nil {
			return err
		}
		buf.Write(line)
		buf.WriteByte('\n')
	}
	l := s.Activity
	l.mu.Lock()
	defer l.mu.Unlock()
	f, err := os.OpenFile(l.Path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("open the activity log: %w", err)
	}
	if _, err := f.Write(buf.Bytes()); err != nil {
		f.Close()
		return fmt.Errorf("write the activity log: %w", err)
	}
	return f.Close()
}

// lineCounter turns byte offsets (increasing) into line numbers in O(n).
type lineCounter struct {
	data []byte
	off  int
	line int
}

func (lc *lineCounter) at(off int) int {
	if lc.line == 0 {
		lc.line = 1
	}
	off = min(max(off, lc.off), len(lc.data))
	lc.line += bytes.Count(lc.data[lc.off:off], []byte("\n"))
	lc.off = off
	return lc.line
}

// next returns the line of the first byte after off that is not blank or
// a comma: where the next JSON value starts.
func (lc *lineCounter) next(off int) int {
	for off < len(lc.data) {
		switch lc.data[off] {
		case ' ', '\t', '\r', '\n', ',':
			off++
			continue
		}
		break
	}
	return lc.at(off)
}

// parseInventoryJSON reads a JSON inventory, noting the line each entry
// starts on.
func parseInventoryJSON(data []byte) ([]importItem, []ImportProblem) {
	lc := &lineCounter{data: data}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	// valueStart is where Decode's offsets count from: after the comma
	// before an array element, if any.
	valueStart := 0
	after := func(off int, sep byte) int {
		for j := off; j < len(data); j++ {
			switch data[j] {
			case ' ', '\t', '\r', '\n':
				continue
			case sep:
				return j + 1
			}
			break
		}
		return off
	}
	jsonProblem := func(err error, entryLine int) ImportProblem {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return ImportProblem{Line: (&lineCounter{data: data}).at(int(se.Offset)), Message: "This is not valid JSON: " + strings.TrimPrefix(se.Error(), "json: ") + "."}
		case errors.As(err, &te):
			field := te.Field
			if i := strings.LastIndex(field, "."); i >= 0 {
				field = field[i+1:]
			}
			return ImportProblem{Line: (&lineCounter{data: data}).at(valueStart + int(te.Offset)), Field: field, Message: fmt.Sprintf("This should be a %s, not a JSON %s.", jsonKind(te.Type.Kind().String()), te.Value)}
		case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
			return ImportProblem{Line: (&lineCounter{data: data}).at(len(data)), Message: "The file ends too early (it may have been cut off)."}
		}
		msg := strings.TrimPrefix(err.Error(), "json: ")
		if f, ok := strings.CutPrefix(msg, "unknown field "); ok {
			f = strings.Trim(f, `"`)
			return ImportProblem{Line: entryLine, Field: f, Message: fmt.Sprintf("Unknown field %q. Check its spelling (see the inventory format in the README).", f)}
		}
		return ImportProblem{Line: entryLine, Message: msg}
	}
	expect := func(want json.Delim) error {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		if d, ok := t.(json.Delim); !ok || d != want {
			return fmt.Errorf("expected %q here", string(want))
		}
		return nil
	}
	var items []importItem
	var problems []ImportProblem
	format, version := "", 0
	if err := expect('{'); err != nil {
		return nil, []ImportProblem{jsonProblem(err, 1)}
	}
	for dec.More() {
		keyLine := lc.next(int(dec.InputOffset()))
		t, err := dec.Token()
		if err != nil {
			return nil, []ImportProblem{jsonProblem(err, keyLine)}
		}
		key, _ := t.(string)
		valueStart = after(int(dec.InputOffset()), ':')
		switch key {
		case "format":
			if err := dec.Decode(&format); err != nil {
				return nil, []ImportProblem{jsonProblem(err, keyLine)}
			}
		case "version":
			if err := dec.Decode(&version); err != nil {
				return nil, []ImportProblem{jsonProblem(err, keyLine)}
			}
		case "iclients", "connections":
			if err := expect('['); err != nil {
				return nil, []ImportProblem{{Line: keyLine, Field: key, Message: "This should be a list ([…])."}}
			}
			for dec.More() {
				off := int(dec.InputOffset())
				valueStart = after(off, ',')
				line := lc.next(off)
				it := importItem{line: line}
				var err error
				if key == "iclients" {
					it.ic = &InventoryIClient{}
					err = dec.Decode(it.ic)
				} else {
					it.conn = &InventoryConnection{}
					err = dec.Decode(it.conn)
				}
				if err != nil {
					var se *json.SyntaxError
					p := jsonProblem(err, line)
					if errors.As(err, &se) || errors.Is(err, io.ErrUnexpectedEOF) {
						return nil, append(problems, p)
					}
					problems = append(problems, p)
					continue
				}
				items = append(items, it)
			}
			if err := expect(']'); err != nil {
				return nil, append(problems, jsonProblem(err, keyLine))
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, []ImportProblem{jsonProblem(err, keyLine)}
			}
		}
	}
	if err := expect('}'); err != nil {
		return nil, append(problems, jsonProblem(err, 1))
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, []ImportProblem{{Line: lc.next(int(dec.InputOffset())), Message: "There is more data after the end of the inventory."}}
	}
	switch {
	case format != InventoryFormat:
		return nil, []ImportProblem{{Message: fmt.Sprintf("This JSON file is not a Zoom Connections inventory: its \"format\" should be %q.", InventoryFormat)}}
	case version < 1:
		return nil, []ImportProblem{{Message: "The inventory has no \"version\"."}}
	case version > InventoryVersion:
		return nil, []ImportProblem{{Message: fmt.Sprintf("The inventory was written by a newer version of Zoom Connections (version %d; this one reads %d). Update Zoom Connections.", version, InventoryVersion)}}
	}
	for _, it := range items {
		if it.ic != nil {
			checkEnvValue(&problems, it.line, &it.ic.Environment)
		}
		if it.conn != nil {
			checkEnvValue(&problems, it.line, &it.conn.Environment)
		}
	}
	return items, problems
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "text in quotes"
	case "int", "int64":
		return "number"
	case "slice":
		return "list"
	case "struct", "map":
		return "JSON object ({…})"
	}
	return k
}

// checkEnvValue accepts the environment as the window and the CSV name it.
func checkEnvValue(problems *[]ImportProblem, line int, k *EnvKind) {
	kind, ok := ParseEnvKind(string(*k))
	if !ok {
		*problems = append(*problems, ImportProblem{Line: line, Field: "environment",
			Message: fmt.Sprintf("Unknown environment %q: use zoom, zoomgov or custom.", string(*k))})
		return
	}
	*k = kind
}

// ParseEnvKind reads an environment as people write it: "zoom", "Zoom
// (zoom.us)", "zoomgov", "Zoom for Government", "custom"; empty is Zoom.
func ParseEnvKind(v string) (EnvKind, bool) {
	switch strings.ToLower(strings.Join(strings.Fields(v), " ")) {
	case "", "zoom", "zoom.us", "zoom (zoom.us)":
		return EnvZoom, true
	case "zoomgov", "zoom gov", "gov", "zoomgov.com", "zoom for government", "zoom for government (zoomgov.com)":
		return EnvZoomGov, true
	case "custom":
		return EnvCustom, true
	}
	return "", false
}

// ParseAuthType reads an authentication type as people write it: "jwt",
// "JWT (retired)", "oauth2", "OAuth 2.0", "s2s", "Server-to-Server OAuth".
func ParseAuthType(v string) (AuthType, bool) {
	switch strings.ToLower(strings.Join(strings.Fields(v), " ")) {
	case "jwt", "jwt (retired)":
		return AuthJWT, true
	case "oauth2", "oauth 2.0", "oauth2.0", "oauth":
		return AuthOAuth2, true
	case "s2s", "server-to-server", "server-to-server oauth", "server to server oauth":
		return AuthS2S, true
	}
	return "", false
}

// csvColumns are the columns a CSV import understands.
var csvColumns = []string{"name", "environment", "auth_type", "api_key", "iclient", "account_id", "scopes", "oauth_base", "api_base"}

// parseInventoryCSV reads a CSV whose first line is the header. Excel's
// CRLF line ends are accepted, and so is its semicolon separator.
func parseInventoryCSV(data []byte, file string) ([]importItem, []ImportProblem) {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	cr := csv.NewReader(bytes.NewReader(data))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return nil, []ImportProblem{csvProblem(err)}
	}
	col := map[string]int{}
	var unknown []string
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		h = strings.NewReplacer(" ", "_", "-", "_").Replace(h)
		known := false
		for _, c := range csvColumns {
			if h == c {
				known = true
			}
		}
		if !known {
			unknown = append(unknown, strconv.Quote(strings.TrimSpace(header[i])))
			continue
		}
		if _, twice := col[h]; twice {
			return nil, []ImportProblem{{Line: 1, Field: h, Message: fmt.Sprintf("The column %q appears twice in the header.", h)}}
		}
		col[h] = i
	}
	if len(col) == 0 {
		return nil, []ImportProblem{{Message: fmt.Sprintf("%s is not a JSON or CSV inventory: a CSV file must start with the header line name,environment,auth_type,api_key.", file)}}
	}
	var problems []ImportProblem
	if len(unknown) > 0 {
		problems = append(problems, ImportProblem{Line: 1, Message: fmt.Sprintf("Unknown %s %s. The columns are name, environment, auth_type and api_key (optional: iclient, account_id, scopes, oauth_base, api_base).",
			plural(len(unknown), "column", "columns"), strings.Join(unknown, ", "))})
	}
	for _, req := range []string{"name", "auth_type"} {
		if _, ok := col[req]; !ok {
			problems = append(problems, ImportProblem{Line: 1, Field: req, Message: fmt.Sprintf("The header has no %q column.", req)})
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	var items []importItem
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			problems = append(problems, csvProblem(err))
			var pe *csv.ParseError
			if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
				continue
			}
			break
		}
		line, _ := cr.FieldPos(0)
		blank := true
		for _, f := range rec {
			if strings.TrimSpace(f) != "" {
				blank = false
			}
		}
		if blank {
			continue // Excel writes ",,," for empty rows
		}
		if len(rec) > len(header) {
			problems = append(problems, ImportProblem{Line: line, Message: fmt.Sprintf("This line has %d fields but the header has %d. Put values that contain a comma in double quotes.", len(rec), len(header))})
			continue
		}
		get := func(c string) string {
			if i, ok := col[c]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		c := &InventoryConnection{Name: get("name"), IClient: get("iclient"), AccountID: get("account_id"), Scopes: get("scopes"),
			APIKey: get("api_key"), OAuthBase: get("oauth_base"), APIBase: get("api_base")}
		kind, ok := ParseEnvKind(get("environment"))
		if !ok {
			problems = append(problems, ImportProblem{Line: line, Field: "environment", Message: fmt.Sprintf("Unknown environment %q: use zoom, zoomgov or custom.", get("environment"))})
		}
		c.Environment = kind
		auth, ok := ParseAuthType(get("auth_type"))
		if !ok {
			msg := fmt.Sprintf("Unknown authentication type %q: use jwt, oauth2 or s2s.", get("auth_type"))
			if get("auth_type") == "" {
				msg = "The authentication type is empty: use jwt, oauth2 or s2s."
			}
			problems = append(problems, ImportProblem{Line: line, Field: "auth_type", Message: msg})
		}
		c.AuthType = auth
		items = append(items, importItem{line: line, conn: c})
	}
	if len(problems) == 0 && len(items) == 0 {
		problems = append(problems, ImportProblem{Message: fmt.Sprintf("%s has a header but no connections.", file)})
	}
	return items, problems
}

func csvProblem(err error) ImportProblem {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		switch {
		case errors.Is(pe.Err, csv.ErrQuote), errors.Is(pe.Err, csv.ErrBareQuote):
			msg = "A double quote is out of place. Put the whole value in double quotes and double any quote inside it (\"\")."
		case errors.Is(pe.Err, csv.ErrFieldCount):
			msg = "This line has a different number of fields from the header."
		}
		return ImportProblem{Line: pe.Line, Message: msg}
	}
	return ImportProblem{Message: err.Error()}
}
