package cli_test

// These tests run the built zoomconn binary (its console build, which has
// the same command line as the desktop build) as an administrator or a
// script would, against the Zoom-shaped server of internal/zoomtest on
// loopback and the real Secret Service (run them inside the README's
// keyring session; where it cannot be reached they skip, see keyringtest). The in-process tests
// beside them need neither.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"zoomconn/cli"
	"zoomconn/internal/keyring"
	"zoomconn/internal/keyringtest"
	"zoomconn/internal/zoomtest"
	"zoomconn/model"
	"zoomconn/oauth"
)

var (
	zoomconnBin string // the built binary
	browserBin  string // cli/testdata/browser
	buildErr    error
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "zoomconn-cli-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	zoomconnBin = filepath.Join(dir, "zoomconn")
	browserBin = filepath.Join(dir, "browser")
	if runtime.GOOS == "windows" {
		zoomconnBin += ".exe"
		browserBin += ".exe"
	}
	builds := [][]string{{zoomconnBin, "zoomconn"}, {browserBin, "./testdata/browser"}}
	if bin := os.Getenv("ZOOMCONN_TEST_BIN"); bin != "" {
		// A binary built elsewhere (e.g. while another package is mid-edit).
		zoomconnBin, builds = bin, builds[1:]
	}
	if keyringtest.Reachable() != nil {
		builds = nil // every test here skips
	}
	for _, b := range builds {
		out, err := exec.Command("go", "build", "-tags", "console", "-o", b[0], b[1]).CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build %s: %v\n%s", b[1], err, out)
			break
		}
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// cliEnv is one administrator's machine: a data folder, a keyring service
// of its own, a Zoom-shaped server and a free redirect port.
type cliEnv struct {
	t       *testing.T
	home    string
	service string
	keys    *keyring.Keyring // keyringtest's: emptied when the test ends
	zoom    *zoomtest.Server
	port    int
	browser string // $BROWSER for the runs; "" unsets it

	mu        sync.Mutex
	outputs   []string // every stdout and stderr, but token's stdout
	forbidden []string // secrets that must appear in none of them
}

func newCLIEnv(t *testing.T) *cliEnv {
	t.Helper()
	keys := keyringtest.New(t) // skips when the password store cannot be reached
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	e := &cliEnv{t: t, home: filepath.Join(t.TempDir(), "home"), service: keys.Service, keys: keys, zoom: zoomtest.New(t), browser: browserBin}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	e.port = l.Addr().(*net.TCPAddr).Port
	l.Close()
	t.Cleanup(e.checkNoSecrets)
	e.ok("", "settings", "set", "redirect-port", fmt.Sprint(e.port))
	return e
}

func (e *cliEnv) forbid(secrets ...string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, s := range secrets {
		if s != "" {
			e.forbidden = append(e.forbidden, s)
		}
	}
}

// forbidTokens adds the connection's stored access and refresh tokens.
func (e *cliEnv) forbidTokens(name string) {
	e.t.Helper()
	c := e.connection(name)
	v, err := e.keys.Get(context.Background(), model.SignInTokenAccount(c.SignInID))
	if err != nil {
		e.t.Fatalf("stored token of %s: %v", name, err)
	}
	tok, err := oauth.UnmarshalToken([]byte(v.Reveal()))
	if err != nil {
		e.t.Fatal(err)
	}
	e.forbid(tok.AccessToken, tok.RefreshToken)
}

func (e *cliEnv) checkNoSecrets() {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, s := range e.forbidden {
		for _, out := range e.outputs {
			if strings.Contains(out, s) {
				e.t.Errorf("a secret appeared in the output:\n%s", out)
			}
		}
	}
}

func (e *cliEnv) command(stdin string, args ...string) *exec.Cmd {
	cmd := exec.Command(zoomconnBin, args...)
	env := []string{"ZOOMCONN_HOME=" + e.home, "ZOOMCONN_KEYRING_SERVICE=" + e.service, "LANG=en_US.UTF-8"}
	if e.browser != "" {
		env = append(env, "BROWSER="+e.browser)
	}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "ZOOMCONN_") || k == "BROWSER" || k == "LANG" || k == "LC_ALL" {
			continue
		}
		env = append(env, kv)
	}
	cmd.Env = env
	cmd.Stdin = strings.NewReader(stdin)
	return cmd
}

// run runs zoomconn with stdin and returns its exit code and output.
func (e *cliEnv) run(stdin string, args ...string) (int, string, string) {
	e.t.Helper()
	cmd := e.command(stdin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	if d := time.Since(start); d > 5*time.Second {
		e.t.Logf("zoomconn %.60q took %v", args, d.Round(time.Millisecond))
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		e.t.Fatalf("zoomconn %q: %v", args, err)
	}
	e.mu.Lock()
	if len(args) == 0 || args[0] != "token" {
		e.outputs = append(e.outputs, out.String())
	}
	e.outputs = append(e.outputs, errb.String())
	e.mu.Unlock()
	return code, out.String(), errb.String()
}

// ok runs zoomconn and fails the test unless it exits 0.
func (e *cliEnv) ok(stdin string, args ...string) string {
	e.t.Helper()
	code, out, errOut := e.run(stdin, args...)
	if code != 0 {
		e.t.Fatalf("zoomconn %q: exit %d\nstdout: %s\nstderr: %s", args, code, out, errOut)
	}
	return out
}

// expect runs zoomconn and checks its exit code and that stderr holds want.
func (e *cliEnv) expect(code int, want string, stdin string, args ...string) (string, string) {
	e.t.Helper()
	got, out, errOut := e.run(stdin, args...)
	if got != code || !strings.Contains(errOut+out, want) {
		e.t.Errorf("zoomconn %q: exit %d (want %d)\nstdout: %s\nstderr: %s\nwant: %s", args, got, code, out, errOut, want)
	}
	return out, errOut
}

func (e *cliEnv) connection(name string) model.Connection {
	e.t.Helper()
	doc, err := (&model.Store{Dir: e.home}).Load()
	if err != nil {
		e.t.Fatal(err)
	}
	c := doc.ConnectionByName(name)
	if c == nil {
		e.t.Fatalf("no connection %q", name)
	}
	return *c
}

// custom is the flags of an iClient on the test server.
func (e *cliEnv) custom() []string {
	return []string{"--environment", "custom", "--oauth-base", e.zoom.URL(), "--api-base", e.zoom.URL()}
}

// addOAuthIClient registers an OAuth app at the test server and adds it.
func (e *cliEnv) addOAuthIClient(name, clientID string) string {
	e.t.Helper()
	secret := "client-secret-" + model.NewID()
	e.forbid(secret)
	e.zoom.RegisterClient(clientID, secret, model.RedirectURL(model.LoopbackIP, e.port))
	// User-managed: a revoke ends one user's sign-in (an admin-managed
	// app's would remove it from the account: see TestRevokeAdminManagedApp).
	out := e.ok(secret+"\n", append([]string{"iclient", "add", "--name", name, "--client-id", clientID, "--app-type", "user"}, e.custom()...)...)
	if !strings.Contains(out, model.RedirectURL(model.LoopbackIP, e.port)) {
		e.t.Errorf("iclient add does not show the Redirect URL:\n%s", out)
	}
	return secret
}

func usersMe(t *testing.T, base, token string) int {
	t.Helper()
	req, _ := http.NewRequest("GET", base+"/v2/users/me", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

type jsonConn struct {
	ID             string `json:"id"`
	Name           string `json:"name"`
	Environment    string `json:"environment"`
	AuthType       string `json:"auth_type"`
	IClient        string `json:"iclient"`
	AccountID      string `json:"account_id"`
	APIKey         string `json:"api_key"`
	Status         string `json:"status"`
	NeedsAttention bool   `json:"needs_attention"`
	AuthorizedAs   *struct {
		Email     string `json:"email"`
		AccountID string `json:"account_id"`
	} `json:"authorized_as"`
	LastTest     string     `json:"last_test"`
	MigratedFrom string     `json:"migrated_from"`
	MigratedAt   *time.Time `json:"migrated_at"`
}

func (e *cliEnv) list() map[string]jsonConn {
	e.t.Helper()
	var conns []jsonConn
	if err := json.Unmarshal([]byte(e.ok("", "list", "--json")), &conns); err != nil {
		e.t.Fatal(err)
	}
	m := map[string]jsonConn{}
	for _, c := range conns {
		m[c.Name] = c
	}
	return m
}

func TestCLIConnectionLifecycle(t *testing.T) {
	e := newCLIEnv(t)
	e.addOAuthIClient("Acme reporting app", "cid-1")

	var ics []struct {
		Name   string   `json:"name"`
		Secret string   `json:"secret"`
		UsedBy []string `json:"used_by"`
	}
	json.Unmarshal([]byte(e.ok("", "iclient", "list", "--json")), &ics)
	if len(ics) != 1 || ics[0].Secret != "stored" || len(ics[0].UsedBy) != 0 {
		t.Errorf("iclient list --json: %+v", ics)
	}

	out := e.ok("", "connection", "add", "--name", "Reports", "--auth", "oauth2", "--iclient", "ACME reporting APP")
	if !strings.Contains(out, `Created connection "Reports" (OAuth 2.0, Custom). Status: Not authorized.`) || !strings.Contains(out, "Next: zoomconn authorize Reports") {
		t.Errorf("connection add: %s", out)
	}
	out, _ = e.expect(1, "", "", "status", "reports")
	if !strings.Contains(out, "Reports: Not authorized (OAuth 2.0)") || !strings.Contains(out, "Authorize it: zoomconn authorize Reports") {
		t.Errorf("status before authorize: %s", out)
	}

	// authorize through $BROWSER, which approves and lands on the callback.
	code, out, errOut := e.run("", "authorize", "REPORTS", "--timeout", "60s")
	if code != 0 || out != "Connected as jane@example.com (account acct-cid-1)\n" {
		t.Fatalf("authorize: exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "Zoom's consent page is open in your browser") {
		t.Errorf("authorize stderr: %s", errOut)
	}
	e.forbidTokens("Reports")

	out = e.ok("", "test", "Reports")
	if out != "Reports: Online. Connected as jane@example.com (account acct-cid-1)\n" {
		t.Errorf("test: %q", out)
	}
	var tj struct {
		OK         bool     `json:"ok"`
		Connection jsonConn `json:"connection"`
		Error      *struct{ Message string }
	}
	if err := json.Unmarshal([]byte(e.ok("", "test", "Reports", "--json")), &tj); err != nil || !tj.OK || tj.Error != nil || tj.Connection.Status != "online" || tj.Connection.LastTest != "ok" {
		t.Errorf("test --json: %+v %v", tj, err)
	}
	var st struct {
		OK             bool       `json:"ok"`
		NeedsAttention int        `json:"needs_attention"`
		Connections    []jsonConn `json:"connections"`
	}
	if err := json.Unmarshal([]byte(e.ok("", "status", "--json")), &st); err != nil || !st.OK || st.NeedsAttention != 0 || len(st.Connections) != 1 {
		t.Errorf("status --json: %+v %v", st, err)
	}
	if out := e.ok("", "status"); !strings.Contains(out, "All 1 connection is online.") {
		t.Errorf("status: %s", out)
	}

	// token: the access token and nothing else.
	code, out, errOut = e.run("", "token", "Reports")
	if code != 0 || errOut != "" || !regexp.MustCompile(`^[^\s]+\n$`).MatchString(out) {
		t.Fatalf("token: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if got := usersMe(t, e.zoom.URL(), strings.TrimSpace(out)); got != 200 {
		t.Errorf("the printed token is refused by /v2/users/me: %d", got)
	}

	l := e.list()["Reports"]
	if l.Status != "online" || l.AuthType != "oauth2" || l.IClient != "Acme reporting app" || l.AuthorizedAs == nil || l.AuthorizedAs.Email != "jane@example.com" || l.NeedsAttention {
		t.Errorf("list --json: %+v", l)
	}
	if out := e.ok("", "list"); !strings.Contains(out, "Reports") || !strings.Contains(out, "jane@example.com") {
		t.Errorf("list: %s", out)
	}

	// revoke: Zoom refuses the old token, the connection needs authorizing.
	e.ok("", "revoke", "Reports")
	if got := usersMe(t, e.zoom.URL(), strings.TrimSpace(out)); got != 401 {
		t.Errorf("revoked token still accepted: %d", got)
	}
	e.expect(1, "", "", "status", "Reports")
	code, out, errOut = e.run("", "token", "Reports")
	if code != 1 || out != "" || !strings.Contains(errOut, `The connection "Reports" is not authorized yet.`) {
		t.Errorf("token after revoke: exit %d, %q, %q", code, out, errOut)
	}

	// --no-browser prints the address and still waits for the callback.
	e.browser = ""
	cmd := e.command("", "authorize", "Reports", "--no-browser")
	stderr, _ := cmd.StderrPipe()
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var consentURL string
	var errLines []string
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		line := sc.Text()
		errLines = append(errLines, line)
		if u := strings.TrimSpace(line); strings.HasPrefix(u, e.zoom.URL()+"/oauth/authorize?") {
			consentURL = u
			go func() {
				if err := e.zoom.Browser().Open(consentURL); err != nil {
					t.Error(err)
				}
			}()
		}
	}
	if err := cmd.Wait(); err != nil || consentURL == "" || stdout.String() != "Connected as jane@example.com (account acct-cid-1)\n" {
		t.Fatalf("authorize --no-browser: %v, url %q, stdout %q, stderr %q", err, consentURL, stdout.String(), errLines)
	}
	e.mu.Lock()
	e.outputs = append(e.outputs, stdout.String(), strings.Join(errLines, "\n"))
	e.mu.Unlock()
	e.forbidTokens("Reports")

	// connection edit: changing scopes means authorizing again.
	out = e.ok("", "connection", "edit", "Reports", "--scopes", "user:read:admin  meeting:read:admin")
	if !strings.Contains(out, "Status: Not authorized.") || !strings.Contains(out, "Next: zoomconn authorize Reports") {
		t.Errorf("edit: %s", out)
	}
	e.browser = browserBin
	e.zoom.RegisterClient("cid-2", "second-secret-xyz", model.RedirectURL(model.LoopbackIP, e.port), "user:read:admin", "meeting:read:admin")
	e.forbid("second-secret-xyz")
	e.ok("second-secret-xyz", append([]string{"iclient", "add", "--name", "Second", "--client-id", "cid-2", "--app-type", "user"}, e.custom()...)...)
	e.ok("", "connection", "edit", "Reports", "--iclient", "second", "--name", "Reports v2")
	e.ok("", "authorize", "Reports v2")
	e.forbidTokens("Reports v2")

	// Rotating the secret through standard input.
	e.ok("second-secret-xyz\n", "iclient", "edit", "Second", "--secret-stdin")
	e.expect(1, `The iClient "Second" cannot be deleted: "Reports v2" still uses it.`, "", "iclient", "remove", "Second")

	// remove revokes at Zoom first; when Zoom is unreachable, only --force deletes.
	e.ok("", "connection", "add", "--name", "Offline one", "--auth", "oauth2", "--iclient", "Acme reporting app")
	e.ok("", "authorize", "Offline one")
	e.forbidTokens("Offline one")
	tok := strings.TrimSpace(e.ok("", "token", "Reports v2"))
	e.ok("", "connection", "remove", "Reports v2")
	if got := usersMe(t, e.zoom.URL(), tok); got != 401 {
		t.Errorf("removed connection's token still accepted: %d", got)
	}
	e.zoom.Close()
	e.expect(1, "To delete it here anyway, run: zoomconn connection remove 'Offline one' --force", "", "connection", "remove", "Offline one")
	e.connection("Offline one")
	e.ok("", "connection", "remove", "Offline one", "--force")
	if len(e.list()) != 0 {
		t.Error("connections left after remove")
	}
	e.ok("", "iclient", "remove", "Second")
	e.ok("", "iclient", "remove", "Acme reporting app")

	// A JWT record: its API Secret from standard input, never echoed.
	e.forbid("jwt-api-secret-0123")
	out = e.ok("jwt-api-secret-0123", "connection", "add", "--name", "Webinar sync", "--auth", "jwt", "--api-key", "key-1")
	if !strings.Contains(out, "Status: Migration needed.") || !strings.Contains(out, "zoomconn migrate 'Webinar sync' --iclient ICLIENT") {
		t.Errorf("jwt add: %s", out)
	}
	out, _ = e.expect(1, "", "", "status")
	if !strings.Contains(out, "1 of 1 connection needs attention") || !strings.Contains(out, "Webinar sync: Zoom turned JWT off") {
		t.Errorf("status with JWT: %s", out)
	}
}

func TestCLIUsageErrorsExit2(t *testing.T) {
	e := newCLIEnv(t)
	e.addOAuthIClient("App", "cid-u")
	e.ok("", "connection", "add", "--name", "Reports", "--auth", "oauth2", "--iclient", "App")
	for _, tc := range cli.UsageCases {
		code, out, errOut := e.run(tc.Stdin, tc.Args...)
		if code != 2 || !strings.HasPrefix(errOut, "zoomconn: ") || !strings.Contains(errOut, tc.Want) {
			t.Errorf("zoomconn %q: exit %d\nstdout: %q\nstderr: %q\nwant exit 2 and: %s", tc.Args, code, out, errOut, tc.Want)
		}
		if out != "" && !strings.HasPrefix(tc.Args[0], "test") {
			t.Errorf("zoomconn %q wrote to stdout on a usage error: %q", tc.Args, out)
		}
	}
	if n := len(e.list()); n != 1 {
		t.Errorf("usage errors changed the connections: %d", n)
	}
}

// TestCLITokenTenProcessesAtExpiry: at expiry, ten scripts ask for a token at
// once against the rotating server: all succeed, Zoom sees one refresh.
func TestCLITokenTenProcessesAtExpiry(t *testing.T) {
	e := newCLIEnv(t)
	e.addOAuthIClient("App", "cid-t")
	e.ok("", "connection", "add", "--name", "Reports", "--auth", "oauth2", "--iclient", "App")
	e.ok("", "authorize", "Reports")
	e.forbidTokens("Reports")

	// An hour passes: the stored access token has expired.
	c := e.connection("Reports")
	ctx := context.Background()
	v, err := e.keys.Get(ctx, model.SignInTokenAccount(c.SignInID))
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := oauth.UnmarshalToken([]byte(v.Reveal()))
	tok.Expiry = time.Now().Add(-time.Minute)
	data, _ := oauth.MarshalToken(tok)
	if err := e.keys.Set(ctx, model.SignInTokenAccount(c.SignInID), model.NewSecret(string(data))); err != nil {
		t.Fatal(err)
	}
	e.zoom.ExpireAccessTokens()
	before := e.zoom.RefreshCount()

	const n = 10
	type answer struct {
		code     int
		out, err string
	}
	answers := make(chan answer, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			<-start
			code, out, errOut := e.run("", "token", "Reports")
			answers <- answer{code, out, errOut}
		})
	}
	close(start)
	wg.Wait()
	close(answers)
	for a := range answers {
		if a.code != 0 || a.err != "" {
			t.Errorf("token: exit %d, stderr %q", a.code, a.err)
			continue
		}
		if got := usersMe(t, e.zoom.URL(), strings.TrimSpace(a.out)); got != 200 {
			t.Errorf("a process got a token Zoom refuses: %d", got)
		}
	}
	if got := e.zoom.RefreshCount() - before; got != 1 {
		t.Errorf("Zoom saw %d refreshes, want exactly 1", got)
	}
	e.forbidTokens("Reports")
}

func TestCLIMigrateFiftyToServerToServer(t *testing.T) {
	e := newCLIEnv(t)
	secret := "s2s-secret-" + model.NewID()
	e.forbid(secret)
	e.zoom.RegisterClient("s2s-cid", secret, "")
	e.ok(secret, append([]string{"iclient", "add", "--name", "Acme S2S", "--client-id", "s2s-cid", "--app-type", "s2s"}, e.custom()...)...)

	var csv strings.Builder
	csv.WriteString("name,environment,auth_type,api_key,account_id,oauth_base,api_base\r\n")
	for i := 1; i <= 50; i++ {
		acct := fmt.Sprintf("acct-%02d", i)
		fmt.Fprintf(&csv, "Legacy %02d,custom,jwt,key-%02d,%s,%s,%s\r\n", i, i, acct, e.zoom.URL(), e.zoom.URL())
		e.zoom.AddAccount(acct, zoomtest.User{ID: "bot-" + acct, Email: fmt.Sprintf("bot%02d@example.com", i)})
	}
	file := filepath.Join(t.TempDir(), "legacy.csv")
	os.WriteFile(file, []byte("\xEF\xBB\xBF"+csv.String()), 0o600)
	out := e.ok("", "import", file)
	if !strings.Contains(out, "Imported 50 connections from legacy.csv.") || !strings.Contains(out, "50 imported connections use JWT") {
		t.Errorf("import: %s", out)
	}
	e.zoom.FailAccount("acct-07", 401, "invalid_client", "Invalid client_id or client_secret")
	e.zoom.FailAccount("acct-23", 429, "rate_limited", "Too many requests")
	e.zoom.FailAccount("acct-41", 400, "invalid_request", "Invalid account_id")
	before := e.list()

	code, out, errOut := e.run("", "migrate", "--all", "--iclient", "acme s2s")
	if code != 1 {
		t.Fatalf("migrate with failures: exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "47 migrated, 3 failed, 0 skipped.") ||
		!strings.Contains(out, "Retry them with: zoomconn migrate 'Legacy 07' 'Legacy 23' 'Legacy 41' --iclient 'Acme S2S'") {
		t.Errorf("migrate summary:\n%s", out)
	}
	for _, want := range []string{
		"[7/50] Legacy 07: failed: The Client ID or Client secret of iClient \"Acme S2S\" is wrong.",
		"[23/50] Legacy 23: failed: Zoom is rate-limiting this account.",
		"[41/50] Legacy 41: failed: Zoom does not know this connection's Account ID.",
		"[50/50] Legacy 50: Online. Connected as bot50@example.com (account acct-50)",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("migrate progress lacks %q:\n%s", want, errOut)
		}
	}
	after := e.list()
	online := 0
	for name, c := range after {
		switch name {
		case "Legacy 07", "Legacy 23", "Legacy 41":
			if fmt.Sprint(c) != fmt.Sprint(before[name]) {
				t.Errorf("%s failed but changed:\n%+v\n%+v", name, before[name], c)
			}
		default:
			if c.Status != "online" || c.AuthType != "s2s" || c.MigratedFrom != "jwt" || c.MigratedAt == nil || c.APIKey != "" || c.IClient != "Acme S2S" {
				t.Errorf("%s: %+v", name, c)
			}
			online++
		}
	}
	if online != 47 {
		t.Errorf("%d online, want 47", online)
	}
	// A migrated connection works from scripts right away.
	code, out, errOut = e.run("", "token", "Legacy 01")
	if code != 0 || errOut != "" || usersMe(t, e.zoom.URL(), strings.TrimSpace(out)) != 200 {
		t.Errorf("token of a migrated connection: exit %d, %q", code, errOut)
	}
	e.forbid(strings.TrimSpace(out))
	if out := e.ok("", "test", "legacy 01"); out != "Legacy 01: Online. Connected as bot01@example.com (account acct-01)\n" {
		t.Errorf("test of a migrated connection: %q", out)
	}
	// The report tells the story.
	rep := e.ok("", "report", "--csv")
	if !strings.Contains(rep, "Legacy 01,Custom,JWT (retired),Server-to-Server OAuth,Acme S2S,bot01@example.com (account acct-01),Online,") ||
		!strings.Contains(rep, "Legacy 07,Custom,JWT (retired),JWT (retired),,,Migration needed,,,") {
		t.Errorf("report --csv:\n%s", rep)
	}
	html := filepath.Join(t.TempDir(), "report.html")
	e.ok("", "report", "--html", html)
	page, _ := os.ReadFile(html)
	if !strings.Contains(string(page), "<title>Zoom Connections — migration report</title>") || !strings.Contains(string(page), "50 connections · 47 migrated · 3 still on JWT") {
		t.Errorf("report --html: %.400s", page)
	}

	// Retry once Zoom accepts the three accounts.
	for _, acct := range []string{"acct-07", "acct-23", "acct-41"} {
		e.zoom.AddAccount(acct, zoomtest.User{ID: "bot-" + acct, Email: acct + "@example.com"})
	}
	var res []struct {
		Name, Outcome string
	}
	if err := json.Unmarshal([]byte(e.ok("", "migrate", "Legacy 07", "legacy 23", "Legacy 41", "--iclient", "Acme S2S", "--json")), &res); err != nil || len(res) != 3 {
		t.Fatalf("retry --json: %v %+v", err, res)
	}
	for _, r := range res {
		if r.Outcome != "online" {
			t.Errorf("retry: %+v", r)
		}
	}
	e.ok("", "status")
	out = e.ok("", "migrate", "--all", "--iclient", "Acme S2S")
	if !strings.Contains(out, "No connection uses JWT") {
		t.Errorf("migrate with nothing left: %s", out)
	}
}

func TestCLIImportExport(t *testing.T) {
	e := newCLIEnv(t)
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}

	good := write("good.csv", "\xEF\xBB\xBFname,environment,auth_type,api_key\r\nWebinar sync,zoom,jwt,k1\r\nGov recordings,zoomgov,jwt,k2\r\n")
	out := e.ok("", "import", good)
	if out != "Imported 2 connections from good.csv.\n2 imported connections use JWT: migrate them with: zoomconn migrate --all --iclient ICLIENT\n" {
		t.Errorf("good import: %q", out)
	}

	var bad strings.Builder
	bad.WriteString("name,environment,auth_type,api_key\n")
	for i := 1; i <= 9; i++ {
		key := fmt.Sprintf("key-%d", i)
		if i == 6 {
			key = "key 6"
		}
		fmt.Fprintf(&bad, "Conn %d,zoom,jwt,%s\n", i, key)
	}
	_, errOut := e.expect(1, "line 7, api_key: The API Key contains a space or line break in the middle.", "", "import", write("bad.csv", bad.String()))
	if !strings.Contains(errOut, "Nothing was imported: bad.csv has 1 problem.") {
		t.Errorf("bad import: %s", errOut)
	}
	if n := len(e.list()); n != 2 {
		t.Errorf("a bad file imported something: %d connections", n)
	}

	out = e.ok("", "import", write("dup.csv", "name,environment,auth_type,api_key\nWEBINAR SYNC,zoom,jwt,other\nNew one,zoom,jwt,k3\n"))
	if !strings.Contains(out, "Imported 1 connection from dup.csv.") || !strings.Contains(out, `Skipped line 2: a connection named "Webinar sync" already exists (not overwritten).`) {
		t.Errorf("duplicate: %s", out)
	}
	if c := e.list()["Webinar sync"]; c.APIKey != "k1" {
		t.Errorf("duplicate overwrote: %+v", c)
	}

	e.expect(1, "true is not a JSON or CSV file", "", "import", "/bin/true")
	e.expect(1, "The file "+filepath.Join(dir, "missing.csv")+" cannot be opened: no such file or directory", "", "import", filepath.Join(dir, "missing.csv"))
	e.ok("name,auth_type,api_key\nFrom stdin,jwt,k9\n", "import", "-")

	// Export without secrets; import on another machine.
	secret := e.addOAuthIClient("Acme app", "cid-x")
	e.ok("", "connection", "add", "--name", "Reports", "--auth", "oauth2", "--iclient", "Acme app")
	inv := filepath.Join(dir, "inventory.json")
	out = e.ok("", "export", inv)
	if out != "Exported 5 connections and 1 iClient to "+inv+" (no secrets, no tokens).\n" {
		t.Errorf("export: %q", out)
	}
	data, _ := os.ReadFile(inv)
	if strings.Contains(string(data), secret) || !strings.Contains(string(data), `"format": "zoomconn-inventory"`) {
		t.Errorf("inventory: %s", data)
	}
	other := newCLIEnv(t)
	out = other.ok("", "import", inv)
	if !strings.Contains(out, "Imported 5 connections and 1 iClient from inventory.json.") ||
		!strings.Contains(out, `The iClient "Acme app" has no Client secret yet: set it with: zoomconn iclient edit 'Acme app' --secret-stdin`) {
		t.Errorf("import inventory: %s", out)
	}
	if out := other.ok("", "iclient", "list"); !strings.Contains(out, "missing — set it with: zoomconn iclient edit 'Acme app' --secret-stdin") {
		t.Errorf("iclient list after import: %s", out)
	}
	other.expect(1, `The Client secret of the iClient "Acme app" is not in your password store.`, "", "authorize", "Reports", "--timeout", "5s")
	other.ok(secret, "iclient", "edit", "acme app", "--secret-stdin")
	// The inventory's iClient talks to the first machine's server: allow
	// this machine's Redirect URL there, as the admin would in Zoom.
	e.zoom.AllowRedirect("cid-x", model.RedirectURL(model.LoopbackIP, other.port))
	if out := other.ok("", "authorize", "Reports", "--timeout", "60s"); !strings.HasPrefix(out, "Connected as") {
		t.Errorf("authorize after import: %s", out)
	}
	other.forbidTokens("Reports")

	// A 5 MB file.
	var big bytes.Buffer
	big.WriteString("name,environment,auth_type,api_key\n")
	n := 0
	for big.Len() < 5<<20 {
		n++
		fmt.Fprintf(&big, "Legacy JWT connection number %06d of the reporting team,zoom,jwt,ApiKey%06dXXXXXXXXXXXXXXXXXXXXXXXX\n", n, n)
	}
	big5 := write("big.csv", big.String())
	third := newCLIEnv(t)
	start := time.Now()
	out = third.ok("", "import", big5)
	if !strings.HasPrefix(out, fmt.Sprintf("Imported %d connections from big.csv.", n)) {
		t.Errorf("5 MB import: %.200s", out)
	}
	t.Logf("zoomconn import of a %.1f MB CSV (%d connections): %v", float64(big.Len())/(1<<20), n, time.Since(start))
}

// TestCLICompletion: cobra's completion command, and names completed from
// the document.
func TestCLICompletion(t *testing.T) {
	e := newCLIEnv(t)
	if out := e.ok("", "completion", "bash"); !strings.Contains(out, "__start_zoomconn") {
		t.Errorf("completion bash: %.200s", out)
	}
	e.ok("s", "connection", "add", "--name", "Webinar sync", "--auth", "jwt", "--api-key", "k")
	if out := e.ok("", "__complete", "token", ""); !strings.Contains(out, "Webinar sync") {
		t.Errorf("__complete token: %s", out)
	}
}

var _ = io.Discard

// TestCLIMigrateToOAuth2OneConsentPerUser: three JWT connections migrate to
// OAuth 2.0 with ONE approval and all work; --consent-each asks once per
// connection; revoke names every connection of the sign-in.
func TestCLIMigrateToOAuth2OneConsentPerUser(t *testing.T) {
	e := newCLIEnv(t)
	e.addOAuthIClient("App", "cid-m")
	var csv strings.Builder
	csv.WriteString("name,environment,auth_type,api_key,oauth_base,api_base\n")
	for i := 1; i <= 4; i++ {
		fmt.Fprintf(&csv, "Legacy %02d,custom,jwt,key-%02d,%s,%s\n", i, i, e.zoom.URL(), e.zoom.URL())
	}
	file := filepath.Join(t.TempDir(), "legacy.csv")
	os.WriteFile(file, []byte(csv.String()), 0o600)
	e.ok("", "import", file)

	code, out, errOut := e.run("", "migrate", "Legacy 01", "Legacy 02", "Legacy 03", "--iclient", "App", "--auth", "oauth2", "--timeout", "60s")
	if code != 0 || !strings.Contains(out, "3 migrated, 0 failed, 0 skipped.") {
		t.Fatalf("migrate: exit %d\n%s\n%s", code, out, errOut)
	}
	if n := strings.Count(errOut, "approve access in your browser"); n != 1 ||
		!strings.Contains(errOut, "One approval for 3 connections: sign in to Zoom as the user these connections should act for.") {
		t.Errorf("want one approval for three connections, stderr:\n%s", errOut)
	}
	for _, n := range []string{"Legacy 01", "Legacy 02", "Legacy 03"} {
		if got := e.ok("", "test", n); !strings.Contains(got, "Online. Connected as jane@example.com") {
			t.Errorf("test %s: %s", n, got)
		}
	}
	var st struct {
		Connections []struct {
			Name   string   `json:"name"`
			SignIn string   `json:"signin"`
			Shares []string `json:"shares_signin_with"`
		} `json:"connections"`
	}
	json.Unmarshal([]byte(e.ok("", "status", "Legacy 01", "--json")), &st)
	if len(st.Connections) != 1 || st.Connections[0].SignIn == "" || strings.Join(st.Connections[0].Shares, ",") != "Legacy 02,Legacy 03" {
		t.Errorf("status --json: %+v", st)
	}

	// The fourth with --consent-each: approved by the same user, it joins.
	code, out, errOut = e.run("", "migrate", "Legacy 04", "--iclient", "App", "--auth", "oauth2", "--consent-each", "--timeout", "60s")
	if code != 0 || !strings.Contains(errOut, `This user already had a sign-in with this iClient, used by "Legacy 01", "Legacy 02" and "Legacy 03": joined it.`) {
		t.Errorf("migrate --consent-each: exit %d\n%s\n%s", code, out, errOut)
	}
	for _, n := range []string{"Legacy 01", "Legacy 04"} {
		if got := e.ok("", "test", n); !strings.Contains(got, "Online.") {
			t.Errorf("test %s after the fourth joined: %s", n, got)
		}
	}

	out = e.ok("", "revoke", "Legacy 02")
	if !strings.Contains(out, `Signed out at Zoom: "Legacy 02", "Legacy 01", "Legacy 03" and "Legacy 04" shared this sign-in and are now Not authorized.`) {
		t.Errorf("revoke: %s", out)
	}
	if n := e.zoom.Grants("cid-m"); n != 0 {
		t.Errorf("%d authorizations live at Zoom after revoke", n)
	}
}
