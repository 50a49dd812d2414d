package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// apiEnv is a machine whose OAuth 2.0 connection "Reports" is authorized
// on the test server, which lists 65 users.
func apiEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t).withZoom()
	e.addIClient("App", "cid-api", "account")
	e.authorized("Reports", "App")
	e.zoom.AddListUsers(65)
	return e
}

// runAPI runs zoomconn api in-process and returns its exit code and outputs.
func (e *env) api(stdin string, args ...string) (int, string, string) {
	e.t.Helper()
	return e.main(stdin, append([]string{"api"}, args...)...)
}

func TestAPIGetsAPath(t *testing.T) {
	e := apiEnv(t)
	code, out, errOut := e.api("", "reports", "/users/me")
	if code != 0 || errOut != "" {
		t.Fatalf("api /users/me: exit %d\n%s\n%s", code, out, errOut)
	}
	var me struct{ Email string }
	if err := json.Unmarshal([]byte(out), &me); err != nil || me.Email != "jane@example.com" || !strings.Contains(out, "\n  \"email\"") {
		t.Errorf("api /users/me printed %q (%v), want Zoom's answer, indented", out, err)
	}
	// The same with a full address on the connection's API, or "/v2/…".
	for _, p := range []string{e.zoom.URL() + "/v2/users/me", "/v2/users/me", "users/me"} {
		if code, got, _ := e.api("", "Reports", p); code != 0 || got != out {
			t.Errorf("api %s: exit %d, %q", p, code, got)
		}
	}
	code, out, _ = e.api("", "Reports", "/users/me", "--include")
	if code != 0 || !strings.HasPrefix(out, "HTTP/1.1 200 OK\n") || !strings.Contains(out, "Content-Type: application/json") || !strings.Contains(out, "\n\n{\n") {
		t.Errorf("--include: exit %d\n%s", code, out)
	}
	if code, out, errOut := e.api("", "Reports", "/users/me", "--silent"); code != 0 || out != "" || errOut != "" {
		t.Errorf("--silent: exit %d, %q, %q", code, out, errOut)
	}
	if code, out, _ := e.api("", "Reports", "/users/me", "--jq", ".email"); code != 0 || out != "jane@example.com\n" {
		t.Errorf("--jq .email: exit %d, %q", code, out)
	}
}

func TestAPIPaginatesIntoOneDocument(t *testing.T) {
	e := apiEnv(t)
	code, out, errOut := e.api("", "Reports", "/users", "-F", "page_size=30", "-f", "status=active", "--paginate")
	if code != 0 {
		t.Fatalf("--paginate: exit %d\n%s", code, errOut)
	}
	var doc struct {
		PageSize     int    `json:"page_size"`
		TotalRecords int    `json:"total_records"`
		Next         string `json:"next_page_token"`
		Users        []struct{ Email string }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("--paginate printed more than one document: %v\n%.300s", err, out)
	}
	if len(doc.Users) != 65 || doc.Users[0].Email != "user0001@example.com" || doc.Users[64].Email != "user0065@example.com" ||
		doc.TotalRecords != 65 || doc.PageSize != 30 || doc.Next != "" {
		t.Errorf("--paginate: %d users, total %d, page_size %d, next %q", len(doc.Users), doc.TotalRecords, doc.PageSize, doc.Next)
	}
	reqs := e.zoom.ListRequests()
	if len(reqs) != 3 {
		t.Fatalf("Zoom saw %d requests, want 3 pages", len(reqs))
	}
	for i, r := range reqs {
		if r.Method != "GET" || r.Query.Get("page_size") != "30" || r.Query.Get("status") != "active" || (i > 0) != (r.Query.Get("next_page_token") != "") {
			t.Errorf("page %d asked %s %v", i+1, r.Method, r.Query)
		}
	}

	code, out, _ = e.api("", "Reports", "/users", "--paginate", "--jq", ".users[].email")
	if lines := strings.Split(strings.TrimSpace(out), "\n"); code != 0 || len(lines) != 65 || lines[64] != "user0065@example.com" {
		t.Errorf("--paginate --jq: exit %d, %d lines", code, len(lines))
	}
	if code, out, _ := e.api("", "Reports", "/users", "--paginate", "--jq", "{n: (.users | length), first: .users[0].id}"); code != 0 || out != `{"first":"lu-0001","n":65}`+"\n" {
		t.Errorf("--jq with an object: exit %d, %q", code, out)
	}
}

func TestAPIWaitsOutThePerSecondLimit(t *testing.T) {
	e := apiEnv(t)
	e.zoom.RateLimit("/v2/users", 2, "1")
	start := time.Now()
	code, out, errOut := e.api("", "Reports", "/users", "--paginate", "--jq", ".users | length")
	if code != 0 || out != "65\n" {
		t.Fatalf("after two 429s: exit %d, %q\n%s", code, out, errOut)
	}
	want := "Zoom is rate-limiting this account (its per-second limit): trying again in 1 second (1 of 3).\n" +
		"Zoom is rate-limiting this account (its per-second limit): trying again in 1 second (2 of 3).\n"
	if errOut != want {
		t.Errorf("stderr %q, want %q", errOut, want)
	}
	if d := time.Since(start); d < 2*time.Second {
		t.Errorf("the call did not wait as Retry-After said: %v", d)
	}

	// A fourth 429 in a row: it says when to try again and exits 1.
	e.zoom.RateLimit("/v2/users/me", 4, "1")
	code, out, errOut = e.api("", "Reports", "/users/me")
	if code != 1 || out != "" || strings.Count(errOut, "trying again in 1 second") != 3 ||
		!strings.Contains(errOut, "zoomconn: Zoom is rate-limiting this account.\nTry again in 1 second.") {
		t.Errorf("four 429s: exit %d, %q\n%s", code, out, errOut)
	}
}

func TestAPIDailyLimitSaysWhenToTryAgain(t *testing.T) {
	e := apiEnv(t)
	midnight := time.Now().UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
	e.zoom.FailAPI(429, `{"code":429,"message":"You have exceeded the daily rate limit (2000) of Get user API requests permitted for this particular user."}`,
		"X-RateLimit-Type", "Daily-limit", "Retry-After", midnight.Format(time.RFC3339))
	start := time.Now()
	code, out, errOut := e.api("", "Reports", "/users/me")
	if code != 1 || out != "" || strings.Contains(errOut, "trying again") ||
		!strings.Contains(errOut, "Its daily limit for this API is used up: try again after 00:00 UTC (") {
		t.Errorf("daily limit: exit %d, %q\n%s", code, out, errOut)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the daily limit was waited for: %v", d)
	}
}

func TestAPIMissingScopeSaysWhereToAddIt(t *testing.T) {
	e := apiEnv(t)
	e.zoom.RequireListScope("user:read:list_users:admin", "user:read:admin:special")
	code, out, errOut := e.api("", "Reports", "/users")
	if code != 1 || out != "" {
		t.Fatalf("4711: exit %d, %q", code, out)
	}
	want := `zoomconn: Zoom refused GET /v2/users: the token of "Reports" lacks a scope. Any one of these would do: user:read:list_users:admin or user:read:admin:special.
Add it to the app of iClient "App" in Zoom's App Marketplace: open the app → Scopes → Add scopes. Then authorize the connection again: its current token was issued without the scope.
Reconnect: zoomconn authorize Reports
`
	if errOut != want {
		t.Errorf("4711 said:\n%s\nwant:\n%s", errOut, want)
	}
	// --include shows Zoom's own answer too.
	if _, out, _ := e.api("", "Reports", "/users", "-i"); !strings.HasPrefix(out, "HTTP/1.1 400 Bad Request\n") || !strings.Contains(out, `"code": 4711`) {
		t.Errorf("--include of a 4711:\n%s", out)
	}
}

func TestAPISendsFieldsAsABody(t *testing.T) {
	e := apiEnv(t)
	code, out, errOut := e.api("", "Reports", "/users", "-F", "action=create", "-f", "user_info[email]=new@example.com",
		"-F", "user_info[type]=1", "-f", "user_info[first_name]=007", "-H", "X-Request-Note: from a script")
	if code != 0 || !strings.Contains(out, `"email": "new@example.com"`) {
		t.Fatalf("create: exit %d\n%s\n%s", code, out, errOut)
	}
	last := e.zoom.ListRequests()[len(e.zoom.ListRequests())-1]
	if last.Method != "POST" || last.Body != `{"action":"create","user_info":{"email":"new@example.com","first_name":"007","type":1}}` ||
		last.Header.Get("Content-Type") != "application/json" || last.Header.Get("X-Request-Note") != "from a script" {
		t.Errorf("Zoom received %s %q %v", last.Method, last.Body, last.Header)
	}
	// A string where Zoom wants a number: Zoom's answer, in words.
	code, _, errOut = e.api("", "Reports", "/users", "-f", "action=create", "-f", "user_info[email]=x@example.com", "-f", "user_info[type]=1")
	if code != 1 || !strings.Contains(errOut, "Zoom refused POST /v2/users (HTTP 400): Validation Failed.\nCheck the path, the parameters and the body") {
		t.Errorf("-f type=1 (a string): exit %d\n%s", code, errOut)
	}
	// --input: the body from standard input or a file; fields then go to the query.
	body := `{"action":"create","user_info":{"email":"piped@example.com","type":2}}`
	if code, out, errOut := e.api(body, "Reports", "/users", "--input", "-", "-f", "note=x"); code != 0 || !strings.Contains(out, "piped@example.com") {
		t.Errorf("--input -: exit %d\n%s\n%s", code, out, errOut)
	}
	last = e.zoom.ListRequests()[len(e.zoom.ListRequests())-1]
	if last.Method != "POST" || last.Body != body || last.Query.Get("note") != "x" {
		t.Errorf("--input -: Zoom received %s %q %v", last.Method, last.Body, last.Query)
	}
	file := filepath.Join(t.TempDir(), "user.json")
	os.WriteFile(file, []byte(`{"action":"create","user_info":{"email":"filed@example.com","type":1}}`), 0o600)
	if code, out, _ := e.api("", "Reports", "-X", "post", "/users", "--input", file, "--jq", ".id"); code != 0 || out != "lu-0068\n" {
		t.Errorf("--input FILE: exit %d, %q", code, out)
	}
	// -F @file: the file's content as a string.
	emailFile := filepath.Join(t.TempDir(), "email")
	os.WriteFile(emailFile, []byte("atfile@example.com"), 0o600)
	if code, out, errOut := e.api("", "Reports", "/users", "-F", "action=create", "-F", "user_info[email]=@"+emailFile, "-F", "user_info[type]=1", "--jq", ".email"); code != 0 || out != "atfile@example.com\n" {
		t.Errorf("-F @file: exit %d, %q %s", code, out, errOut)
	}
}

func TestAPIRefusesWhatItCannotDo(t *testing.T) {
	e := apiEnv(t)
	before := e.zoom.APIRequests()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"Reports", "https://evil.example.com/v2/users"}, `Zoom Connections sends the token of "Reports" only to its Zoom API, ` + e.zoom.URL() + "/v2"},
		{[]string{"Reports", e.zoom.URL() + "/oauth/token"}, "only to its Zoom API"},
		{[]string{"Reports", "/users", "--jq", ".users[] |"}, "--jq: unexpected EOF"},
		{[]string{"Reports", "/users", "-X", "POST", "--paginate"}, "--paginate follows the pages of a list, which Zoom gives for GET only (this call is POST)."},
		{[]string{"Reports", "/users", "-f", "page_size", "--paginate"}, `-f takes key=value (not "page_size").`},
		{[]string{"Reports", "/users", "-H", "Authorization: Bearer x"}, "-H Authorization: zoomconn sets it itself"},
		{[]string{"Reports", "/users", "-H", "no colon"}, "-H takes a header as 'Name: value'"},
		{[]string{"Reports", "/users", "-F", "a[b]=1", "-F", "a=2"}, `The field "a" clashes with another field of the same name.`},
		{[]string{"Reports", "/users", "-X", "TRACE"}, `The method "TRACE" is not one Zoom's API uses`},
		{[]string{"Reports"}, "Missing argument. Usage: zoomconn api NAME PATH"},
		{[]string{"Nope", "/users"}, `There is no connection named "Nope".`},
	} {
		code, out, errOut := e.api("", tc.args...)
		if code != 2 || out != "" || !strings.Contains(errOut, tc.want) {
			t.Errorf("api %q: exit %d, %q\n%s\nwant exit 2 and %q", tc.args, code, out, errOut, tc.want)
		}
	}
	if n := e.zoom.APIRequests() - before; n != 0 {
		t.Errorf("refused calls reached Zoom %d times", n)
	}
}

func TestAPIErrorsInTheAdminsWords(t *testing.T) {
	e := apiEnv(t)
	e.addJWT("Webinar sync")
	e.ok("", "connection", "add", "--name", "Fresh", "--auth", "oauth2", "--iclient", "App")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"Webinar sync", "/users/me"}, "Zoom no longer accepts JWT (since September 8, 2023)."},
		{[]string{"Fresh", "/users/me"}, "The connection \"Fresh\" is not authorized yet.\nAuthorize it and approve access in Zoom.\nAuthorize it: zoomconn authorize Fresh"},
		{[]string{"Reports", "/users/nobody"}, "Zoom refused GET /v2/users/nobody (HTTP 404)"},
	} {
		code, _, errOut := e.api("", tc.args...)
		if code != 1 || !strings.Contains(errOut, tc.want) {
			t.Errorf("api %q: exit %d\n%s\nwant %q", tc.args, code, errOut, tc.want)
		}
	}
	// Zoom no longer accepts the token (revoked there): re-read once, then say so.
	e.zoom.ExpireAccessTokens()
	code, _, errOut := e.api("", "Reports", "/users/me")
	if code != 1 || !strings.Contains(errOut, "Zoom rejected the access token (expired or revoked).") || !strings.Contains(errOut, "Reconnect: zoomconn authorize Reports") {
		t.Errorf("a rejected token: exit %d\n%s", code, errOut)
	}
}

func TestAPIWithServerToServer(t *testing.T) {
	e := s2sEnv(t)
	if code, out, errOut := e.api("", "Nightly", "/users/me", "--jq", ".email"); code != 0 || out != "bot@example.com\n" {
		t.Fatalf("S2S api: exit %d, %q %s", code, out, errOut)
	}
	e.zoom.RequireScope("user:read:user:admin")
	code, _, errOut := e.api("", "Nightly", "/users/me")
	want := `zoomconn: Zoom refused GET /v2/users/me: the token of "Nightly" lacks the scope user:read:user:admin.
Add it to the app of iClient "Acme S2S" in Zoom's App Marketplace: open the app → Scopes → Add scopes. Then get the connection a new token (its saved one was issued without the scope): zoomconn revoke Nightly forgets it, and the next call fetches a new one.
`
	if code != 1 || errOut != want {
		t.Errorf("S2S 4711: exit %d\n%s\nwant:\n%s", code, errOut, want)
	}
}

// TestAPIFlagsFillOptions: gh api's flags, short and long, reach the options.
func TestAPIFlagsFillOptions(t *testing.T) {
	e := newEnv(t)
	var got *APIOptions
	cmd := newCmdAPI(e.factory(), func(o *APIOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"Reports", "/users", "-X", "PATCH", "-f", "a=1", "-F", "b=2", "-H", "X: y", "-i", "-q", ".x", "--input", "-", "--silent"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Name != "Reports" || got.Path != "/users" || got.Method != "PATCH" || !got.MethodSet || strings.Join(got.RawFields, ",") != "a=1" ||
		strings.Join(got.Fields, ",") != "b=2" || strings.Join(got.Headers, ",") != "X: y" || !got.Include || got.JQ != ".x" || got.Input != "-" || !got.Silent || got.Paginate {
		t.Errorf("api options: %+v", got)
	}
}
