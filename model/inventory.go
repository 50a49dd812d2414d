package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"time"
	"unicode/utf8"
)

// The inventory file: connections and iClients without secrets or tokens,
// to move them between machines (export, then import).
const (
	InventoryFormat = "zoomconn-inventory"
	// InventoryVersion 2 added an iClient's kind of credentials and the
	// host of its Redirect URL; version 1 files are read as iClients with
	// a Client secret and a localhost Redirect URL, as they were made.
	InventoryVersion = 2
	// MaxImportSize is the largest file Import reads.
	MaxImportSize = 20 << 20
)

// Files moves the connections and iClients between machines as an
// inventory file (Export, then Import; no secrets, no tokens) and lists
// them for the migration report (Report).
type Files struct{ svc *Service }

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
	// Credentials is "public" for a public client ID; "" or
	// "client_secret" for a Client ID and secret.
	Credentials Credentials `json:"credentials,omitempty"`
	// RedirectHost is "127.0.0.1" or "localhost"; "" is localhost (the
	// only kind before version 2).
	RedirectHost string `json:"redirect_host,omitempty"`
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
func (f *Files) Export(w io.Writer) error {
	doc, err := f.svc.Load()
	if err != nil {
		return err
	}
	inv := Inventory{
		Format:      InventoryFormat,
		Version:     InventoryVersion,
		Exported:    f.svc.Now(),
		IClients:    make([]InventoryIClient, 0, len(doc.IClients)),
		Connections: make([]InventoryConnection, 0, len(doc.Connections)),
	}
	for _, ic := range doc.IClients {
		out := InventoryIClient{
			Name: ic.Name, Environment: ic.Env.Kind, OAuthBase: ic.Env.OAuthBase, APIBase: ic.Env.APIBase,
			AppType: ic.AppType, ClientID: ic.ClientID, Credentials: ic.Kind(),
		}
		if ic.AppType != AppS2S {
			out.RedirectHost = ic.Loopback()
		}
		inv.IClients = append(inv.IClients, out)
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
func (f *Files) Import(r io.Reader, name string) (ImportResult, error) {
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
	err = f.svc.update(func(doc *Document) error {
		var added ImportResult
		added, events, problems = plan(doc, items, name, f.svc.Now())
		if len(problems) > 0 {
			return &ImportError{File: name, Problems: problems}
		}
		res.IClientsAdded, res.ConnectionsAdded, res.Skipped = added.IClientsAdded, added.ConnectionsAdded, added.Skipped
		return nil
	})
	if err != nil {
		return ImportResult{}, err
	}
	if err := f.svc.Activity.appendAll(events); err != nil {
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
