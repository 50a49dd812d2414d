package model

import (
	"html/template"
	"io"
	"sort"
	"strings"
	"sync"
	"time"
)

// ReportRow is one connection in the migration report.
type ReportRow struct {
	Name         string
	Environment  EnvKind
	AuthBefore   AuthType // what it used before a migration (the current type if never migrated)
	AuthNow      AuthType
	IClient      string // the iClient's name
	AuthorizedAs string // email (account), "" if nobody yet
	Status       Status
	LastTestAt   time.Time
	LastTest     string // "ok", or why it failed
	MigratedAt   time.Time
}

// Migrated reports whether the connection left JWT (or another type).
func (r ReportRow) Migrated() bool { return r.AuthBefore != r.AuthNow }

// LastTestResult is the last test in words: "ok", "failed: …" or "".
func (r ReportRow) LastTestResult() string {
	switch {
	case r.LastTestAt.IsZero() && r.LastTest == "":
		return ""
	case r.LastTest == "ok":
		return "ok"
	}
	return "failed: " + r.LastTest
}

// Report returns one row per connection, sorted by name.
func (f *Files) Report() ([]ReportRow, error) {
	doc, err := f.svc.Load()
	if err != nil {
		return nil, err
	}
	rows := make([]ReportRow, 0, len(doc.Connections))
	for _, c := range doc.Connections {
		r := ReportRow{
			Name: c.Name, Environment: c.Env.Kind, AuthBefore: c.Auth, AuthNow: c.Auth, Status: c.Status,
			LastTestAt: c.LastTestAt, LastTest: c.LastTest, MigratedAt: c.MigratedAt,
		}
		if c.MigratedFrom != "" {
			r.AuthBefore = c.MigratedFrom
		}
		if ic := doc.IClient(c.IClientID); ic != nil {
			r.IClient = ic.Name
		}
		if c.AuthorizedAs != nil {
			r.AuthorizedAs = describeAccount(c.AuthorizedAs)
		}
		rows = append(rows, r)
	}
	sort.SliceStable(rows, func(i, j int) bool { return strings.ToLower(rows[i].Name) < strings.ToLower(rows[j].Name) })
	return rows, nil
}

func reportTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// ReportCSVHeader is the header row of WriteReportCSV.
var ReportCSVHeader = []string{"name", "environment", "auth_type_before", "auth_type_now", "iclient", "authorized_as", "status", "last_test_at", "last_test_result", "migrated_at"}

// WriteReportCSV writes rows as CSV with a header row; times are RFC 3339
// in UTC, types and statuses as the window labels them.
func WriteReportCSV(w io.Writer, rows []ReportRow) error {
	cw := newCSVWriter(w)
	cw.row(ReportCSVHeader...)
	for _, r := range rows {
		cw.row(r.Name, r.Environment.ShortLabel(), r.AuthBefore.Label(), r.AuthNow.Label(), r.IClient,
			r.AuthorizedAs, r.Status.Label(), reportTime(r.LastTestAt), r.LastTestResult(), reportTime(r.MigratedAt))
	}
	return cw.flush()
}

// ReportTitle is the migration report's title.
const ReportTitle = "Zoom Connections — migration report"

type reportCount struct {
	Status Status
	Label  string
	N      int
}

type reportPage struct {
	Title     string
	Generated string
	Total     int
	Migrated  int
	StillJWT  int
	Counts    []reportCount
	Rows      []ReportRow
}

var statusOrder = []Status{StatusOnline, StatusMigrationNeeded, StatusReconnectNeeded, StatusNotAuthorized, StatusOffline}

// WriteReportHTML writes rows as a self-contained HTML page: a title, the
// date, counts by status and one table row per connection.
func WriteReportHTML(w io.Writer, rows []ReportRow) error {
	p := reportPage{Title: ReportTitle, Generated: time.Now().UTC().Format("January 2, 2006 15:04 UTC"), Total: len(rows), Rows: rows}
	counts := map[Status]int{}
	for _, r := range rows {
		counts[r.Status]++
		if r.Migrated() {
			p.Migrated++
		}
		if r.AuthNow == AuthJWT {
			p.StillJWT++
		}
	}
	for _, st := range statusOrder {
		p.Counts = append(p.Counts, reportCount{Status: st, Label: st.Label(), N: counts[st]})
		delete(counts, st)
	}
	for st, n := range counts { // a status this build does not know
		p.Counts = append(p.Counts, reportCount{Status: st, Label: st.Label(), N: n})
	}
	return reportTemplate().Execute(w, p)
}

func when(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// reportTemplate is parsed on first use, not at every start of the program.
var reportTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report").Funcs(template.FuncMap{"when": when, "dash": orDash}).Parse(reportHTML))
})

const reportHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
  body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; margin: 2rem; color: #1f2328; background: #fff; }
  h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
  .generated { color: #59636e; margin: 0 0 1.5rem; }
  .summary { display: flex; flex-wrap: wrap; gap: .75rem; margin: 0 0 1.5rem; padding: 0; list-style: none; }
  .summary li { border: 1px solid #d1d9e0; border-radius: 8px; padding: .6rem 1rem; min-width: 8rem; }
  .summary .n { display: block; font-size: 1.5rem; font-weight: 600; }
  table { border-collapse: collapse; width: 100%; font-size: .92rem; }
  th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid #e6e9ed; vertical-align: top; }
  th { background: #f6f8fa; position: sticky; top: 0; }
  tr:nth-child(even) td { background: #fbfcfd; }
  .badge { display: inline-block; border-radius: 999px; padding: .1rem .55rem; font-size: .85rem; white-space: nowrap; color: #fff; }
  .online { background: #1a7f37; }
  .migration_needed { background: #bc4c00; }
  .reconnect_needed { background: #9a6700; }
  .not_authorized { background: #59636e; }
  .offline { background: #cf222e; }
  .empty { color: #59636e; font-style: italic; }
  @media print { th { position: static; } body { margin: 1cm; } }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p class="generated">Generated {{.Generated}} · {{.Total}} connection{{if ne .Total 1}}s{{end}} · {{.Migrated}} migrated · {{.StillJWT}} still on JWT</p>
<ul class="summary">
{{- range .Counts}}
  <li><span class="n">{{.N}}</span><span class="badge {{.Status}}">{{.Label}}</span></li>
{{- end}}
</ul>
{{if .Rows -}}
<table>
<thead><tr><th>Name</th><th>Environment</th><th>Auth type before</th><th>Auth type now</th><th>iClient</th><th>Authorized as</th><th>Status</th><th>Last test</th><th>Result</th><th>Migrated</th></tr></thead>
<tbody>
{{- range .Rows}}
<tr><td>{{.Name}}</td><td>{{.Environment.ShortLabel}}</td><td>{{.AuthBefore.Label}}</td><td>{{.AuthNow.Label}}</td><td>{{dash .IClient}}</td><td>{{dash .AuthorizedAs}}</td><td><span class="badge {{.Status}}">{{.Status.Label}}</span></td><td>{{when .LastTestAt}}</td><td>{{dash .LastTestResult}}</td><td>{{when .MigratedAt}}</td></tr>
{{- end}}
</tbody>
</table>
{{- else -}}
<p class="empty">There are no connections yet.</p>
{{- end}}
</body>
</html>
`
