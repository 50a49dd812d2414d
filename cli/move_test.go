package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"zoomconn/internal/zoomtest"
	"zoomconn/model"
)

func TestMigrateRunToServerToServer(t *testing.T) {
	e := newEnv(t).withZoom()
	e.addIClient("Acme S2S", "s2s-cid", "s2s")
	e.addJWT("Legacy 1", "Legacy 2", "Legacy 3")
	e.zoom.AddAccount("acct", zoomtest.User{ID: "bot", Email: "bot@example.com"})
	e.zoom.FailAccount("acct-2", 400, "invalid_request", "Invalid account_id")
	// Each has an Account ID of its own, as a CSV account_id column gives.
	doc, _ := e.svc.Load()
	for i := range doc.Connections {
		doc.Connections[i].AccountID = "acct"
	}
	doc.ConnectionByName("Legacy 2").AccountID = "acct-2"
	e.svc.Store.Save(doc)
	before := e.connection("Legacy 2")

	opts := &MigrateOptions{IO: e.stdin(""), Service: e.service, All: true, IClient: "acme s2s", Timeout: time.Minute}
	err := migrateRun(bg, opts)
	if err != exitCode(ExitFailed) {
		t.Fatalf("migrate with a failure: %v, want exit 1\n%s\n%s", err, e.out.String(), e.errOut.String())
	}
	contains(t, "migrate", e.out.String(), "2 migrated, 1 failed, 0 skipped.", "Retry them with: zoomconn migrate 'Legacy 2' --iclient 'Acme S2S'")
	contains(t, "the progress", e.errOut.String(), `Migrating 3 connections to Server-to-Server OAuth with the iClient "Acme S2S"…`,
		"[1/3] Legacy 1: Online. Connected as bot@example.com (account acct)", "[2/3] Legacy 2: failed: ")
	if c := e.connection("Legacy 1"); c.Auth != model.AuthS2S || c.Status != model.StatusOnline || c.MigratedFrom != model.AuthJWT {
		t.Errorf("Legacy 1: %+v", c)
	}
	if c := e.connection("Legacy 2"); fmt.Sprint(c) != fmt.Sprint(before) {
		t.Errorf("a failed connection changed:\n%+v\n%+v", before, c)
	}

	// Retry the failed one once Zoom takes its account; --json.
	e.zoom.AddAccount("acct-2", zoomtest.User{ID: "bot-2", Email: "bot2@example.com"})
	opts = &MigrateOptions{IO: e.stdin(""), Service: e.service, Names: []string{"legacy 2", "Legacy 2"}, IClient: "Acme S2S", JSON: true, Timeout: time.Minute}
	e.check("migrate the failed one again", migrateRun(bg, opts), "")
	var res []jsonMigrateResult
	if err := json.Unmarshal(e.out.Bytes(), &res); err != nil || len(res) != 1 || res[0].Outcome != "online" || res[0].Connection == nil {
		t.Fatalf("migrate --json: %v %+v", err, res)
	}
	opts = &MigrateOptions{IO: e.stdin(""), Service: e.service, All: true, IClient: "Acme S2S", Timeout: time.Minute}
	e.check("migrate with nothing left", migrateRun(bg, opts), "")
	contains(t, "nothing left", e.out.String(), "No connection uses JWT: there is nothing to migrate.")
}

func TestMigrateRunToOAuth2OneConsent(t *testing.T) {
	e := newEnv(t).withZoom()
	e.addIClient("App", "cid", "account")
	e.addJWT("Legacy 1", "Legacy 2")
	opts := &MigrateOptions{IO: e.stdin(""), Service: e.service, Browser: e.zoom.Browser(), Names: []string{"Legacy 1", "Legacy 2"}, IClient: "App", Timeout: time.Minute}
	e.check("migrate to OAuth 2.0", migrateRun(bg, opts), "")
	contains(t, "migrate", e.out.String(), "2 migrated, 0 failed, 0 skipped.")
	if n := strings.Count(e.errOut.String(), "approve access in your browser"); n != 1 {
		t.Errorf("%d approvals, want one for both:\n%s", n, e.errOut.String())
	}
	if a, b := e.connection("Legacy 1"), e.connection("Legacy 2"); a.SignInID == "" || a.SignInID != b.SignInID {
		t.Errorf("they should share one sign-in: %q %q", a.SignInID, b.SignInID)
	}
}

func TestMigrateRunRefusesBadUsage(t *testing.T) {
	e := newEnv(t)
	e.ok("s", "iclient", "add", "--name", "App", "--client-id", "c1")
	e.ok("s", "iclient", "add", "--name", "S2S", "--client-id", "c2", "--app-type", "s2s")
	e.addJWT("Legacy")
	for _, tc := range []struct {
		opts MigrateOptions
		want string
	}{
		{MigrateOptions{IClient: "App"}, "Name the connections to migrate, or give --all"},
		{MigrateOptions{All: true, IClient: "Nope"}, `There is no iClient named "Nope".`},
		{MigrateOptions{Names: []string{"Nope"}, IClient: "App"}, `There is no connection named "Nope".`},
		{MigrateOptions{All: true, IClient: "App", AccountID: "a"}, "--account-id is only for Server-to-Server OAuth"},
		{MigrateOptions{All: true, IClient: "S2S", ConsentEach: true}, "--consent-each is only for OAuth 2.0"},
		{MigrateOptions{All: true, IClient: "App", Auth: "jwt"}, "JWT was retired by Zoom"},
		{MigrateOptions{All: true, IClient: "App", Timeout: -time.Second}, "--timeout must be more than 0"},
	} {
		opts := tc.opts
		opts.IO, opts.Service = e.stdin(""), e.service
		if opts.Timeout == 0 {
			opts.Timeout = time.Minute
		}
		err := migrateRun(bg, &opts)
		e.check("migrate", err, tc.want)
		if !isUsage(err) {
			t.Errorf("%s: not bad usage", tc.want)
		}
	}
	if c := e.connection("Legacy"); c.Auth != model.AuthJWT {
		t.Errorf("bad usage migrated: %+v", c)
	}
}

func TestImportRun(t *testing.T) {
	e := newEnv(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "legacy.csv")
	os.WriteFile(file, []byte("\xEF\xBB\xBFname,environment,auth_type,api_key\r\nWebinar sync,zoom,jwt,k1\r\nGov recordings,zoomgov,jwt,k2\r\n"), 0o600)
	opts := &ImportOptions{IO: e.stdin(""), Service: e.service, File: file}
	e.check("import", importRun(opts), "")
	if want := "Imported 2 connections from legacy.csv.\n2 imported connections use JWT: migrate them with: zoomconn migrate --all --iclient ICLIENT\n"; e.out.String() != want {
		t.Errorf("import: %q", e.out.String())
	}
	opts.File = "-"
	e.stdin("name,auth_type,api_key\nFrom stdin,jwt,k9\nwebinar SYNC,jwt,k0\n")
	e.check("import -", importRun(opts), "")
	contains(t, "import -", e.out.String(), "Imported 1 connection from standard input.", `Skipped line 3: a connection named "Webinar sync" already exists (not overwritten).`)

	// The main failure: a file with a problem imports nothing and names it.
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("name,environment,auth_type,api_key\nA,zoom,jwt,k1\nB,zoom,jwt,key 2\n"), 0o600)
	opts.File = bad
	err := importRun(opts)
	e.check("import of a bad file", err, "Nothing was imported: bad.csv has 1 problem.")
	contains(t, "the problems", describe(err, false), "line 3, api_key: The API Key contains a space or line break in the middle.")
	opts.File = filepath.Join(dir, "missing.csv")
	e.check("import of a missing file", importRun(opts), "The file "+opts.File+" cannot be opened: no such file or directory")
	opts.File = dir
	e.check("import of a folder", importRun(opts), "is a folder, not a file.")
	if doc, _ := e.svc.Load(); len(doc.Connections) != 3 {
		t.Errorf("%d connections, want 3", len(doc.Connections))
	}
}

func TestExportRun(t *testing.T) {
	e := newEnv(t)
	e.ok("the-client-secret", "iclient", "add", "--name", "App", "--client-id", "c1")
	e.ok("", "connection", "add", "--name", "Reports", "--auth", "oauth2", "--iclient", "App")
	file := filepath.Join(t.TempDir(), "inventory.json")
	opts := &ExportOptions{IO: e.stdin(""), Service: e.service, File: file}
	e.check("export", exportRun(opts), "")
	if want := "Exported 1 connection and 1 iClient to " + file + " (no secrets, no tokens).\n"; e.out.String() != want {
		t.Errorf("export: %q", e.out.String())
	}
	data, _ := os.ReadFile(file)
	if strings.Contains(string(data), "the-client-secret") || !strings.Contains(string(data), `"format": "zoomconn-inventory"`) {
		t.Errorf("inventory: %s", data)
	}
	opts.File = "-"
	e.stdin("")
	e.check("export -", exportRun(opts), "")
	contains(t, "export -", e.out.String(), `"format": "zoomconn-inventory"`, `"name": "Reports"`)

	// The main failure: a folder that does not exist.
	opts.File = filepath.Join(t.TempDir(), "no", "such", "folder", "inv.json")
	e.check("export into a missing folder", exportRun(opts), "cannot be written")
}

func TestReportRun(t *testing.T) {
	e := newEnv(t)
	opts := &ReportOptions{IO: e.stdin(""), Service: e.service}
	e.check("report", reportRun(opts), "")
	contains(t, "empty report", e.out.String(), "No connections yet.")

	e.addJWT("Webinar sync", "=HYPERLINK(x)")
	e.stdin("")
	e.check("report", reportRun(opts), "")
	contains(t, "report", e.out.String(), "NAME", "BEFORE", "Webinar sync", "JWT (retired)", "Migration needed")

	e.stdin("")
	opts.CSV = true
	e.check("report --csv", reportRun(opts), "")
	contains(t, "report --csv", e.out.String(), "name,environment,auth_type_before,auth_type_now", "Webinar sync,Zoom,JWT (retired),JWT (retired),,,Migration needed", "'=HYPERLINK(x)")

	html := filepath.Join(t.TempDir(), "report.html")
	opts.CSV, opts.HTML = false, html
	e.stdin("")
	e.check("report --html", reportRun(opts), "")
	contains(t, "report --html", e.out.String(), "Wrote the migration report (2 connections) to "+html+".")
	page, _ := os.ReadFile(html)
	contains(t, "the page", string(page), "<title>Zoom Connections — migration report</title>", "2 connections")

	// The main failure: the data cannot be read.
	os.WriteFile(e.svc.Store.Path(), nil, 0o600)
	e.check("report of an unreadable file", reportRun(opts), "The connections file cannot be read: it is empty.")
}
