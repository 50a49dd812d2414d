package zoomtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// /v2/users is Zoom's "List users" (GET) and "Create users" (POST), as
// Zoom pages lists: page_size items a page (30 unless asked, at most 300
// here), the next page asked for with the previous answer's
// next_page_token, which is "" on the last page and expires after 15
// minutes. It answers the same 429s (RateLimit), failures (FailAPI) and
// 401s as /v2/users/me, and 4711 when RequireListScope is set.

// APIRequest is a request the list endpoint received, for tests.
type APIRequest struct {
	Method string
	Query  url.Values
	Header http.Header
	Body   string
}

// userList is the state of /v2/users.
type userList struct {
	mu         sync.Mutex
	users      []User
	pages      map[string]pageMark // next_page_token → where the page starts
	needScopes []string
	requests   []APIRequest
}

type pageMark struct {
	offset  int
	expires time.Time
}

const (
	defaultPageSize = 30
	maxPageSize     = 300
	pageTokenLife   = 15 * time.Minute
)

// AddListUsers adds n users to what GET /v2/users lists, numbered after
// those already there (user0001@example.com, …), and returns them.
func (s *Server) AddListUsers(n int) []User {
	l := &s.list
	l.mu.Lock()
	defer l.mu.Unlock()
	var added []User
	for range n {
		i := len(l.users) + 1
		u := User{ID: fmt.Sprintf("lu-%04d", i), Email: fmt.Sprintf("user%04d@example.com", i),
			DisplayName: fmt.Sprintf("User %d", i), AccountID: "acct-list", Type: 1}
		l.users = append(l.users, u)
		added = append(added, u)
	}
	return added
}

// RequireListScope makes /v2/users demand one of scopes (any one will do),
// answering Zoom's 400 code 4711 otherwise; none demands nothing.
func (s *Server) RequireListScope(scopes ...string) {
	s.list.mu.Lock()
	defer s.list.mu.Unlock()
	s.list.needScopes = scopes
}

// ListRequests returns every request /v2/users received, in order.
func (s *Server) ListRequests() []APIRequest {
	s.list.mu.Lock()
	defer s.list.mu.Unlock()
	return slices.Clone(s.list.requests)
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request) {
	s.apiRequests.Add(1)
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	l := &s.list
	l.mu.Lock()
	l.requests = append(l.requests, APIRequest{Method: r.Method, Query: r.URL.Query(), Header: r.Header.Clone(), Body: string(body)})
	l.mu.Unlock()
	if s.apiRefused(w, r) {
		return
	}
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	s.mu.Lock()
	_, scopes, err := s.lookup(r, tok)
	s.mu.Unlock()
	if tok == "" || err != nil {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"code": 124, "message": "Invalid access token."})
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.needScopes) > 0 && !slices.ContainsFunc(l.needScopes, func(sc string) bool { return slices.Contains(scopes, sc) }) {
		writeJSON(w, http.StatusBadRequest, map[string]any{"code": 4711,
			"message": fmt.Sprintf("Invalid access token, does not contain scopes:[%s].", strings.Join(l.needScopes, ", "))})
		return
	}
	switch r.Method {
	case http.MethodGet:
		l.page(w, r.URL.Query())
	case http.MethodPost:
		l.create(w, body)
	default:
		writeJSON(w, http.StatusMethodNotAllowed, map[string]any{"code": 405, "message": "Method not allowed."})
	}
}

// page writes one page of the list, as Zoom does.
func (l *userList) page(w http.ResponseWriter, q url.Values) {
	size, err := strconv.Atoi(q.Get("page_size"))
	if err != nil || size < 1 {
		size = defaultPageSize
	}
	size = min(size, maxPageSize)
	offset := 0
	if tok := q.Get("next_page_token"); tok != "" {
		m, ok := l.pages[tok]
		if !ok || time.Now().After(m.expires) {
			writeJSON(w, http.StatusBadRequest, map[string]any{"code": 300, "message": "The next page token is invalid or expired."})
			return
		}
		offset = m.offset
	}
	end := min(offset+size, len(l.users))
	next := ""
	if end < len(l.users) {
		next = randomToken()[:32]
		if l.pages == nil {
			l.pages = map[string]pageMark{}
		}
		l.pages[next] = pageMark{offset: end, expires: time.Now().Add(pageTokenLife)}
	}
	items := make([]map[string]any, 0, end-offset)
	for _, u := range l.users[offset:end] {
		items = append(items, map[string]any{"id": u.ID, "email": u.Email, "display_name": u.DisplayName, "type": u.Type, "status": "active"})
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"page_count":      (len(l.users) + size - 1) / size,
		"page_number":     offset/size + 1,
		"page_size":       size,
		"total_records":   len(l.users),
		"next_page_token": next,
		"users":           items,
	})
}

// create adds a user from Zoom's "Create users" body, checking the types
// Zoom checks: user_info.type must be a number.
func (l *userList) create(w http.ResponseWriter, body []byte) {
	var in struct {
		Action   string `json:"action"`
		UserInfo struct {
			Email     string          `json:"email"`
			Type      json.RawMessage `json:"type"`
			FirstName string          `json:"first_name"`
		} `json:"user_info"`
	}
	invalid := func(field string) {
		writeJSON(w, http.StatusBadRequest, map[string]any{"code": 300, "message": "Validation Failed.",
			"errors": []map[string]string{{"field": field, "message": "Invalid field."}}})
	}
	if err := json.Unmarshal(body, &in); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"code": 300, "message": "Request Body should be a valid JSON object."})
		return
	}
	var typ int
	switch {
	case !slices.Contains([]string{"create", "autoCreate", "custCreate", "ssoCreate"}, in.Action):
		invalid("action")
		return
	case !strings.Contains(in.UserInfo.Email, "@"):
		invalid("user_info.email")
		return
	case json.Unmarshal(in.UserInfo.Type, &typ) != nil || typ < 1:
		invalid("user_info.type")
		return
	}
	for _, u := range l.users {
		if strings.EqualFold(u.Email, in.UserInfo.Email) {
			writeJSON(w, http.StatusConflict, map[string]any{"code": 1005, "message": "User already in the account: " + u.Email})
			return
		}
	}
	u := User{ID: fmt.Sprintf("lu-%04d", len(l.users)+1), Email: in.UserInfo.Email, DisplayName: in.UserInfo.FirstName, AccountID: "acct-list", Type: typ}
	l.users = append(l.users, u)
	writeJSON(w, http.StatusCreated, map[string]any{"id": u.ID, "email": u.Email, "first_name": in.UserInfo.FirstName, "type": typ})
}
