// Checking an import: the problems it reports (ImportError), every entry
// validated against the document, and the readers of environment and
// authentication type.

package model

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"zoomconn/internal/words"
)

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
		file, n, words.Plural(n, "problem", "problems"), words.Plural(n, "it", "them"))
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

// plan validates items against doc and adds them to it, as of now. It
// returns the problems found; doc is only saved by the caller when there
// are none.
func plan(doc *Document, items []importItem, file string, now time.Time) (ImportResult, []Event, []ImportProblem) {
	p := &importPlan{doc: doc, now: now, from: "imported from " + file, seenIC: map[string]int{}, seenConn: map[string]int{}}
	// iClients first: connections below may name them.
	for _, it := range items {
		if it.ic != nil {
			p.addIClient(it.line, it.ic)
		}
	}
	// Connections are validated against the document without each other
	// (names are compared through seenConn), which keeps a large import
	// linear in the size of the file.
	var conns []Connection
	for _, it := range items {
		if it.conn == nil {
			continue
		}
		if c, ok := p.connection(it.line, it.conn); ok {
			conns = append(conns, c)
		}
	}
	if len(p.problems) > 0 {
		return ImportResult{}, nil, p.problems
	}
	doc.Connections = append(doc.Connections, conns...)
	for _, c := range conns {
		p.res.ConnectionsAdded = append(p.res.ConnectionsAdded, c.Name)
		p.events = append(p.events, Event{Time: now, Kind: EventCreated, ConnectionID: c.ID, ConnectionName: c.Name,
			Detail: c.Auth.Label() + ", " + c.Env.Kind.ShortLabel() + ", " + p.from})
	}
	return p.res, p.events, nil
}

// importPlan is what plan has found so far.
type importPlan struct {
	doc      *Document
	now      time.Time
	from     string // "imported from <file>", for Activity
	res      ImportResult
	problems []ImportProblem
	events   []Event
	seenIC   map[string]int // the line of each iClient name in the file
	seenConn map[string]int // the line of each connection name in the file
}

// add notes err, found on line, as problems.
func (p *importPlan) add(line int, err error) {
	var ve ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve {
			p.problems = append(p.problems, ImportProblem{Line: line, Field: f.Field, Message: f.Message})
		}
		return
	}
	p.problems = append(p.problems, ImportProblem{Line: line, Message: err.Error()})
}

// dup reports (and notes as a problem) a name seen before in the file.
func (p *importPlan) dup(seen map[string]int, name string, line int, what string) bool {
	k := foldName(name)
	if k == "" {
		return false
	}
	if first, ok := seen[k]; ok {
		p.problems = append(p.problems, ImportProblem{Line: line, Field: "name", Message: fmt.Sprintf(
			"The %s name %q appears twice in the file (also on line %d). Names must be unique.", what, strings.TrimSpace(name), first)})
		return true
	}
	seen[k] = line
	return false
}

// addIClient adds the iClient in, from line, to the document unless its
// name exists (then it is skipped) or it is not valid.
func (p *importPlan) addIClient(line int, in *InventoryIClient) {
	doc, now := p.doc, p.now
	if p.dup(p.seenIC, in.Name, line, "iClient") {
		return
	}
	if o := doc.IClientByName(in.Name); o != nil {
		p.res.Skipped = append(p.res.Skipped, ImportSkip{Line: line, Kind: "iclient", Name: o.Name,
			Reason: fmt.Sprintf("an iClient named %q already exists (not overwritten)", o.Name)})
		return
	}
	ic := IClient{ID: NewID(), Name: in.Name, AppType: in.AppType, ClientID: in.ClientID, Created: now, Modified: now,
		Env:         Environment{Kind: in.Environment, OAuthBase: in.OAuthBase, APIBase: in.APIBase},
		Credentials: in.Credentials, RedirectHost: in.RedirectHost}
	if err := ValidateIClient(&ic, doc); err != nil {
		p.add(line, err)
		return
	}
	doc.IClients = append(doc.IClients, ic)
	p.res.IClientsAdded = append(p.res.IClientsAdded, ic.Name)
	detail := fmt.Sprintf("iClient %q (%s, %s), %s; its Client secret is still to be set", ic.Name, ic.Env.Kind.ShortLabel(), ic.AppType.Label(), p.from)
	if ic.Public() {
		detail = fmt.Sprintf("iClient %q (%s, %s, public client ID), %s", ic.Name, ic.Env.Kind.ShortLabel(), ic.AppType.Label(), p.from)
	}
	p.events = append(p.events, Event{Time: now, Kind: EventIClientCreated, IClientID: ic.ID, Detail: detail})
}

// connection is the connection in, from line, checked against the
// document; false when its name exists (it is skipped) or it is not valid.
func (p *importPlan) connection(line int, in *InventoryConnection) (Connection, bool) {
	doc, now := p.doc, p.now
	if p.dup(p.seenConn, in.Name, line, "connection") {
		return Connection{}, false
	}
	if o := doc.ConnectionByName(in.Name); o != nil {
		p.res.Skipped = append(p.res.Skipped, ImportSkip{Line: line, Kind: "connection", Name: o.Name,
			Reason: fmt.Sprintf("a connection named %q already exists (not overwritten)", o.Name)})
		return Connection{}, false
	}
	c := Connection{ID: NewID(), Name: in.Name, Auth: in.AuthType, Scopes: in.Scopes, AccountID: in.AccountID,
		APIKey: in.APIKey, MigratedFrom: in.MigratedFrom, MigratedAt: in.MigratedAt, Created: now, Modified: now,
		Env: Environment{Kind: in.Environment, OAuthBase: in.OAuthBase, APIBase: in.APIBase}}
	if in.IClient != "" {
		ic := doc.IClientByName(in.IClient)
		if ic == nil {
			p.problems = append(p.problems, ImportProblem{Line: line, Field: "iclient", Message: fmt.Sprintf(
				"There is no iClient named %q in the file or on this computer.", strings.TrimSpace(in.IClient))})
			return Connection{}, false
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
				p.add(line, ValidationError{{Field: "account_id", Message: msg}})
				return Connection{}, false
			}
		}
		err = ValidateJWTRecord(&c, doc)
	} else {
		c.Status = StatusNotAuthorized
		c.APIKey = ""
		err = ValidateConnection(&c, doc, true)
	}
	if err != nil {
		p.add(line, err)
		return Connection{}, false
	}
	return c, true
}

// foldName is the key under which names compare equal (as EqualFold does).
func foldName(name string) string {
	return strings.ToLower(strings.ToUpper(strings.TrimSpace(name)))
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

// checkMigratedFrom accepts only what Export writes: "jwt", or nothing.
// Anything else would reach the report, its CSV and the terminal as it is.
func checkMigratedFrom(problems *[]ImportProblem, line int, a *AuthType) {
	if *a == "" {
		return
	}
	if auth, ok := ParseAuthType(string(*a)); ok && auth == AuthJWT {
		*a = AuthJWT
		return
	}
	*problems = append(*problems, ImportProblem{Line: line, Field: "migrated_from",
		Message: fmt.Sprintf("Unknown value %q: a connection can only have been migrated from \"jwt\" (or leave the field out).", string(*a))})
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
