package cli

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"zoomconn/internal/zoomtest"
	"zoomconn/model"
)

func TestListRun(t *testing.T) {
	e := newEnv(t)
	opts := &ListOptions{IO: e.stdin(""), Service: e.service}
	e.check("list", listRun(opts), "")
	contains(t, "empty list", e.out.String(), "No connections yet.")

	e.addJWT("Webinar sync", "Gov recordings")
	e.stdin("")
	e.check("list", listRun(opts), "")
	contains(t, "list", e.out.String(), "NAME", "Webinar sync", "JWT (retired)", "Migration needed")

	e.stdin("")
	opts.JSON = true
	e.check("list --json", listRun(opts), "")
	var conns []jsonConnection
	if err := json.Unmarshal(e.out.Bytes(), &conns); err != nil || len(conns) != 2 || conns[0].Status != model.StatusMigrationNeeded || conns[0].SharesSignIn == nil {
		t.Errorf("list --json: %v %+v", err, conns)
	}

	// The main failure: a data file that cannot be read is named, never
	// touched, and the backup of the last good save is offered.
	e.svc.SetRedirectPort(41588)
	os.WriteFile(e.svc.Store.Path(), []byte("{not json"), 0o600)
	e.check("list of an unreadable file", listRun(opts), "The connections file cannot be read")
	contains(t, "the error", describe(listRun(opts), false), "File: "+e.svc.Store.Path(), "Restore the backup", "The backup is at ")
}

func TestStatusRun(t *testing.T) {
	e := newEnv(t)
	e.addJWT("Webinar sync")
	opts := &StatusOptions{IO: e.stdin(""), Service: e.service}
	err := statusRun(opts)
	if err != exitCode(ExitFailed) {
		t.Fatalf("status with a JWT connection: %v, want exit 1", err)
	}
	contains(t, "status", e.out.String(), "1 of 1 connection needs attention",
		"Webinar sync: Zoom turned JWT off on September 8, 2023. Migrate it: zoomconn migrate 'Webinar sync' --iclient ICLIENT")

	e.stdin("")
	opts.Name, opts.JSON = "webinar SYNC", true
	statusRun(opts)
	var st jsonStatus
	if err := json.Unmarshal(e.out.Bytes(), &st); err != nil || st.OK || st.NeedsAttention != 1 || len(st.Connections) != 1 {
		t.Errorf("status NAME --json: %v %+v", err, st)
	}

	opts.Name, opts.JSON = "Nope", false
	err = statusRun(opts)
	e.check("status of a name that does not exist", err, `There is no connection named "Nope".`+"\nRun 'zoomconn list' to see the connections.")
	if !isUsage(err) {
		t.Error("a name that does not exist is bad usage (exit 2)")
	}
}

// s2sEnv is a machine with a Server-to-Server iClient and connection that
// the test server accepts.
func s2sEnv(t *testing.T) *env {
	e := newEnv(t).withZoom()
	e.addIClient("Acme S2S", "s2s-cid", "s2s")
	e.zoom.AddAccount("acct-1", zoomtest.User{ID: "bot-1", Email: "bot@example.com"})
	e.ok("", "connection", "add", "--name", "Nightly", "--auth", "s2s", "--iclient", "Acme S2S", "--account-id", "acct-1")
	return e
}

func TestTestRun(t *testing.T) {
	e := s2sEnv(t)
	opts := &TestOptions{IO: e.stdin(""), Service: e.service, Name: "nightly"}
	e.check("test", testRun(bg, opts), "")
	if got := e.out.String(); got != "Nightly: Online. Connected as bot@example.com (account acct-1)\n" {
		t.Errorf("test: %q", got)
	}

	// The main failure: Zoom refuses; --json still prints the connection.
	e.zoom.FailAccount("acct-fail", 401, "invalid_client", "Invalid client_id or client_secret")
	e.ok("", "connection", "add", "--name", "Failing", "--auth", "s2s", "--iclient", "Acme S2S", "--account-id", "acct-fail")
	e.stdin("")
	opts.Name, opts.JSON = "Failing", true
	if err := testRun(bg, opts); err != exitCode(ExitFailed) {
		t.Fatalf("test --json of a failing connection: %v, want exit 1", err)
	}
	var tj jsonTest
	if err := json.Unmarshal(e.out.Bytes(), &tj); err != nil || tj.OK || tj.Error == nil || tj.Error.Kind != "bad_client" || tj.Connection.Name != "Failing" || tj.Connection.LastTestAt == nil {
		t.Fatalf("test --json: %v %+v", err, tj)
	}
	opts.JSON = false
	err := testRun(bg, opts)
	e.check("test of a failing connection", err, `The Client ID or Client secret of iClient "Acme S2S" is wrong.`)
	contains(t, "the next step", describe(err, false), `Edit it: printf '%s' "$CLIENT_SECRET" | zoomconn iclient edit 'Acme S2S' [--client-id ID] --secret-stdin`)
	contains(t, "--verbose", describe(err, true), "Details: HTTP status: 401")
}

func TestTokenRun(t *testing.T) {
	e := s2sEnv(t)
	opts := &TokenOptions{IO: e.stdin(""), Service: e.service, Name: "Nightly"}
	e.check("token", tokenRun(bg, opts), "")
	tok := strings.TrimSuffix(e.out.String(), "\n")
	if tok == "" || strings.ContainsAny(tok, " \n") || e.errOut.Len() != 0 {
		t.Fatalf("token: stdout %q, stderr %q", e.out.String(), e.errOut.String())
	}
	// A second call reuses the saved token: no new one from Zoom.
	issued := e.zoom.S2SCount()
	e.stdin("")
	e.check("token again", tokenRun(bg, opts), "")
	if e.out.String() != tok+"\n" || e.zoom.S2SCount() != issued {
		t.Errorf("the saved token was not reused (%d → %d issued)", issued, e.zoom.S2SCount())
	}

	// The main failure: an OAuth 2.0 connection nobody authorized.
	e.addIClient("App", "cid", "account")
	e.ok("", "connection", "add", "--name", "Reports", "--auth", "oauth2", "--iclient", "App")
	e.stdin("")
	err := tokenRun(bg, &TokenOptions{IO: e.io, Service: e.service, Name: "Reports"})
	e.check("token of a connection not authorized", err, `The connection "Reports" is not authorized yet.`)
	contains(t, "the next step", describe(err, false), "Authorize it: zoomconn authorize Reports")
	if e.out.Len() != 0 {
		t.Errorf("a failed token wrote to stdout: %q", e.out.String())
	}
}

func TestAuthorizeRun(t *testing.T) {
	e := newEnv(t).withZoom()
	e.addIClient("App", "cid", "account")
	e.ok("", "connection", "add", "--name", "Reports", "--auth", "oauth2", "--iclient", "App")
	opts := &AuthorizeOptions{IO: e.stdin(""), Service: e.service, Browser: e.zoom.Browser(), Name: "Reports", Timeout: time.Minute}
	e.check("authorize", authorizeRun(bg, opts), "")
	if e.out.String() != "Connected as jane@example.com (account acct-cid)\n" {
		t.Errorf("authorize: %q", e.out.String())
	}
	contains(t, "authorize's stderr", e.errOut.String(), "Zoom's consent page is open in your browser", "Waiting for Zoom's answer (up to 1 minute). If Zoom shows an error page instead, press Ctrl+C to see what to check.")
	if c := e.connection("Reports"); c.Status != model.StatusOnline || c.SignInID == "" {
		t.Errorf("after authorize: %+v", c)
	}

	// The main failure: the admin chooses Deny.
	e.zoom.DenyConsent(true)
	e.stdin("")
	e.check("a denied consent", authorizeRun(bg, opts), "You chose Deny in Zoom. Nothing changed.")

	// Nobody answers within --timeout: oauth's words, with the Redirect URL.
	e.stdin("")
	opts.NoBrowser, opts.Timeout = true, time.Second
	err := authorizeRun(bg, opts)
	e.check("a consent nobody answers", err, "No answer came back from the browser within 1 second. Nothing changed.")
	contains(t, "the timeout", describe(err, false), "http://127.0.0.1:"+itoa(e.port)+"/oauth/callback")
	contains(t, "--no-browser", e.errOut.String(), "Open this address in a browser and approve access in Zoom:", e.zoom.URL()+"/oauth/authorize?")

	opts.Timeout = time.Hour
	e.check("a timeout over 10 minutes", authorizeRun(bg, opts), "--timeout must be more than 0 and at most 10m0s")
}

func TestRevokeRun(t *testing.T) {
	e := newEnv(t).withZoom()
	e.addIClient("App", "cid", "user")
	e.authorized("Reports", "App")
	e.ok("", "connection", "add", "--name", "Webinars", "--auth", "oauth2", "--iclient", "App")
	e.ok("", "authorize", "Webinars", "--timeout", "60s") // the same Zoom user: it joins the sign-in
	opts := &RevokeOptions{IO: e.stdin(""), Service: e.service, Name: "Reports"}
	e.check("revoke", revokeRun(bg, opts), "")
	contains(t, "revoke", e.out.String(), `Signed out at Zoom: "Reports" and "Webinars" shared this sign-in and are now Not authorized.`)
	if n := e.zoom.Grants("cid"); n != 0 {
		t.Errorf("%d authorizations still live at Zoom", n)
	}

	// The main failure: a name that does not exist.
	opts.Name = "Nope"
	e.check("revoke of a name that does not exist", revokeRun(bg, opts), `There is no connection named "Nope".`)
}

// For an admin-managed app, revoke removes the app from the Zoom account:
// it names what that stops and asks first; --local only forgets here.
func TestRevokeAdminManagedApp(t *testing.T) {
	e := newEnv(t).withZoom()
	e.addIClient("App", "cid", "account")
	e.zoom.SetAdminManaged("cid", true)
	e.authorized("Reports", "App")
	e.authorized("Webinars", "App")
	opts := &RevokeOptions{IO: e.stdin(""), Service: e.service, Name: "Reports"}
	err := revokeRun(bg, opts)
	e.check("revoke without a terminal or --yes", err, "Nothing was revoked. Add --yes")
	if !isUsage(err) || e.zoom.Grants("cid") != 1 {
		t.Fatalf("%v, %d grants", err, e.zoom.Grants("cid"))
	}
	contains(t, "the warning", e.errOut.String(), `iClient "App" is an admin-managed app: revoking at Zoom removes it from Zoom account acct-cid. That stops "Reports" and "Webinars" here`)

	// On a terminal, anything but "yes" keeps it.
	io := e.stdin("no\n")
	io.ReadPassword = func() ([]byte, error) { return nil, nil }
	if err := revokeRun(bg, opts); err != exitCode(ExitFailed) {
		t.Fatalf("revoke answered no: %v", err)
	}
	contains(t, "revoke answered no", e.errOut.String(), "Nothing was revoked. To forget the sign-in on this computer only: zoomconn revoke Reports --local")
	if e.zoom.Grants("cid") != 1 || e.connection("Reports").Status != model.StatusOnline {
		t.Fatal("revoked though the admin said no")
	}
	io.ReadPassword = nil

	opts.Local = true
	e.stdin("")
	e.check("revoke --local", revokeRun(bg, opts), "")
	contains(t, "revoke --local", e.out.String(), `Forgot the sign-in on this computer: "Reports" and "Webinars" are now Not authorized. Zoom was not asked`)
	if e.zoom.Grants("cid") != 1 {
		t.Fatal("--local revoked at Zoom")
	}

	e.ok("", "authorize", "Reports", "--timeout", "60s")
	opts.Local, opts.Yes = false, true
	e.stdin("")
	e.check("revoke --yes", revokeRun(bg, opts), "")
	contains(t, "revoke --yes", e.out.String(), `Removed the app of iClient "App" from Zoom account acct-cid. Not authorized now: "Reports".`)
	if e.zoom.Grants("cid") != 0 {
		t.Fatal("still installed at Zoom")
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
