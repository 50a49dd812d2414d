package ui

import (
	"sort"
	"strings"
	"time"

	"zoomconn/model"
)

// connRow is a connection with the text its row shows, worked out once per
// load so that typing in the search box only compares strings.
type connRow struct {
	c                     model.Connection
	env, auth, account    string
	modified, iclient     string
	key                   string // lower-case text the search looks in
	sortName, sortAccount string
	severity              int
}

// connView is what the list shows: every connection, sorted, then filtered
// by the search text and the status filter. It holds no widgets.
type connView struct {
	all      []connRow
	order    []int // indices of all, sorted
	rows     []int // indices of all, sorted and filtered
	sortCol  int
	sortDesc bool
	query    string // lower-case, trimmed
	rawQuery string
	status   string
}

func (v *connView) row(i int) *connRow { return &v.all[v.rows[i]] }

// load replaces the connections with doc's.
func (v *connView) load(doc *model.Document) {
	names := make(map[string]string, len(doc.IClients))
	for _, ic := range doc.IClients {
		names[ic.ID] = ic.Name
	}
	v.all = make([]connRow, len(doc.Connections))
	for i, c := range doc.Connections {
		r := connRow{c: c, env: c.Env.Kind.ShortLabel(), auth: c.Auth.Label(), iclient: names[c.IClientID], account: "—"}
		if c.AuthorizedAs != nil && c.AuthorizedAs.Email != "" {
			r.account = c.AuthorizedAs.Email
		}
		r.modified = lastModified(c.Modified)
		r.sortName = strings.ToLower(c.Name)
		r.sortAccount = strings.ToLower(r.account)
		r.severity = severity(c.Status)
		r.key = strings.ToLower(strings.Join([]string{c.Name, r.account, r.iclient, r.auth, r.env}, "\x00"))
		v.all[i] = r
	}
	v.sort()
	v.filter()
}

// lastModified is a date in the column's short form, in local time.
func lastModified(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Local().Format("Jan 2, 2006 15:04")
}

// severity orders statuses from most to least in need of attention.
func severity(s model.Status) int {
	switch s {
	case model.StatusMigrationNeeded:
		return 0
	case model.StatusReconnectNeeded:
		return 1
	case model.StatusOffline:
		return 2
	case model.StatusNotAuthorized:
		return 3
	}
	return 4
}

func (v *connView) sort() {
	v.order = make([]int, len(v.all))
	for i := range v.order {
		v.order[i] = i
	}
	less := v.less()
	sort.SliceStable(v.order, func(i, j int) bool {
		a, b := &v.all[v.order[i]], &v.all[v.order[j]]
		if v.sortDesc {
			a, b = b, a
		}
		if c := less(a, b); c != 0 {
			return c < 0
		}
		return a.sortName < b.sortName
	})
}

// less compares two rows by the sort column: <0, 0 or >0.
func (v *connView) less() func(a, b *connRow) int {
	switch v.sortCol {
	case colEnv:
		return func(a, b *connRow) int { return strings.Compare(a.env, b.env) }
	case colAuth:
		return func(a, b *connRow) int { return strings.Compare(a.auth, b.auth) }
	case colStatus:
		return func(a, b *connRow) int { return a.severity - b.severity }
	case colAccount:
		return func(a, b *connRow) int { return strings.Compare(a.sortAccount, b.sortAccount) }
	case colModified:
		return func(a, b *connRow) int { return a.c.Modified.Compare(b.c.Modified) }
	}
	return func(a, b *connRow) int { return strings.Compare(a.sortName, b.sortName) }
}

func (v *connView) setQuery(q string) {
	v.rawQuery = q
	q = strings.ToLower(strings.TrimSpace(q))
	if q == v.query && v.rows != nil {
		return
	}
	// Typing on narrows the last result: only its rows can still match.
	narrowing := v.query != "" && v.rows != nil && strings.Contains(q, v.query)
	v.query = q
	if narrowing {
		v.narrow()
		return
	}
	v.filter()
}

// narrow keeps the rows of the last result that match the longer query.
func (v *connView) narrow() {
	out := v.rows[:0]
	for _, i := range v.rows {
		if strings.Contains(v.all[i].key, v.query) {
			out = append(out, i)
		}
	}
	v.rows = out
}

// filter keeps the sorted rows that match the search and the status filter.
func (v *connView) filter() {
	v.rows = v.rows[:0]
	if v.rows == nil {
		v.rows = make([]int, 0, len(v.order))
	}
	for _, i := range v.order {
		r := &v.all[i]
		if statusMatches(v.status, r.c) && (v.query == "" || strings.Contains(r.key, v.query)) {
			v.rows = append(v.rows, i)
		}
	}
}

func statusMatches(filter string, c model.Connection) bool {
	switch filter {
	case filterMigration:
		return c.Status == model.StatusMigrationNeeded || c.Auth == model.AuthJWT
	case filterOnline:
		return c.Status == model.StatusOnline
	case filterOffline:
		return c.Status == model.StatusOffline || c.Status == model.StatusReconnectNeeded
	case filterNotAuth:
		return c.Status == model.StatusNotAuthorized
	}
	return true
}

func (v *connView) indexOf(id string) int {
	for i, j := range v.rows {
		if v.all[j].c.ID == id {
			return i
		}
	}
	return -1
}

func (v *connView) jwtIDs() []string {
	var ids []string
	for _, i := range v.order {
		if v.all[i].c.Auth == model.AuthJWT {
			ids = append(ids, v.all[i].c.ID)
		}
	}
	return ids
}
