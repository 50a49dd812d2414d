package cli

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"zoomconn/internal/secretstest"
	"zoomconn/model"
)

func TestIClientAddRun(t *testing.T) {
	e := newEnv(t)
	opts := &IClientAddOptions{IO: e.stdin("  s3cret-value\n"), Service: e.service, Name: "Acme reporting app", ClientID: "AbC123", Environment: "zoom", AppType: "account"}
	e.check("iclient add", iclientAddRun(bg, opts), "")
	contains(t, "iclient add", e.out.String(), `Created iClient "Acme reporting app" (Zoom, Admin-managed General App).`,
		"Add this Redirect URL to the Zoom app's Redirect URL and Allow list: http://127.0.0.1:41587/oauth/callback")
	doc, _ := e.svc.Load()
	if v, err := e.secrets.Get(bg, model.ClientSecretAccount(doc.IClients[0].ID)); err != nil || v.Reveal() != "s3cret-value" {
		t.Errorf("stored secret %v", err)
	}

	// The main failure: no secret piped in; nothing is created.
	opts.Name = "Other"
	e.stdin("")
	e.check("iclient add without a secret", iclientAddRun(bg, opts), "No Client secret on standard input.")
	if doc, _ := e.svc.Load(); len(doc.IClients) != 1 {
		t.Errorf("%d iClients", len(doc.IClients))
	}
}

// A public client ID has no secret: none is read, none is stored.
func TestIClientAddPublic(t *testing.T) {
	e := newEnv(t)
	io := e.stdin("")
	io.ReadPassword = func() ([]byte, error) { t.Fatal("asked for a secret"); return nil, nil }
	defer func() { io.ReadPassword = nil }()
	opts := &IClientAddOptions{IO: io, Service: e.service, Name: "Desktop app", ClientID: "PuB456", Environment: "zoom", AppType: "user", Public: true}
	e.check("iclient add --public", iclientAddRun(bg, opts), "")
	contains(t, "iclient add --public", e.out.String(), `Created iClient "Desktop app" (Zoom, User-managed General App, public client ID: no secret to keep).`,
		"http://127.0.0.1:41587/oauth/callback")
	if got := e.secrets.Accounts(); len(got) != 0 {
		t.Errorf("secrets stored for a public client ID: %v", got)
	}
	list := &IClientListOptions{IO: e.stdin(""), Service: e.service, JSON: true}
	e.check("iclient list", iclientListRun(bg, list), "")
	var ics []jsonIClient
	json.Unmarshal(e.out.Bytes(), &ics)
	if len(ics) != 1 || ics[0].Credentials != model.CredentialsPublic || ics[0].Secret != "none" || ics[0].RedirectURL != "http://127.0.0.1:41587/oauth/callback" {
		t.Errorf("iclient list --json: %+v", ics)
	}
	// Server-to-Server has no public client ID.
	opts = &IClientAddOptions{IO: e.stdin(""), Service: e.service, Name: "S2S", ClientID: "x", Environment: "zoom", AppType: "s2s", Public: true}
	e.check("iclient add --public --app-type s2s", iclientAddRun(bg, opts), "A Server-to-Server OAuth App has no public client ID")
}

// An iClient registered with localhost keeps it until the admin switches.
func TestIClientEditRedirectHost(t *testing.T) {
	e := newEnv(t)
	e.ok("secret", "iclient", "add", "--name", "Old", "--client-id", "c1")
	host := "localhost"
	opts := &IClientEditOptions{IO: e.stdin(""), Service: e.service, Name: "Old", RedirectHost: &host}
	e.check("iclient edit --redirect-host localhost", iclientEditRun(bg, opts), "")
	contains(t, "the switch", e.out.String(), "Its Redirect URL is now http://localhost:41587/oauth/callback: add it to the app's Redirect URL and Allow list in Zoom.")
	bad := "example.com"
	opts.RedirectHost = &bad
	e.check("a host that is not loopback", iclientEditRun(bg, opts), "--redirect-host must be 127.0.0.1 or localhost")
}

func TestIClientAddAsksOnATerminal(t *testing.T) {
	e := newEnv(t)
	io := e.stdin("")
	io.ReadPassword = func() ([]byte, error) { return []byte("typed-secret"), nil }
	defer func() { io.ReadPassword = nil }()
	opts := &IClientAddOptions{IO: io, Service: e.service, Name: "App", ClientID: "cid", Environment: "zoomgov", AppType: "s2s"}
	e.check("iclient add on a terminal", iclientAddRun(bg, opts), "")
	contains(t, "the prompt", e.errOut.String(), "Client secret (typing is hidden): ")
	if strings.Contains(e.out.String(), "Redirect URL") {
		t.Errorf("a Server-to-Server app needs no Redirect URL: %s", e.out.String())
	}
}

func TestIClientListRun(t *testing.T) {
	e := newEnv(t)
	e.ok("secret", "iclient", "add", "--name", "Stored", "--client-id", "c1")
	inv := `{"format":"zoomconn-inventory","version":1,"iclients":[{"name":"Imported","app_type":"account","client_id":"c2"}]}`
	if _, err := e.svc.Files.Import(strings.NewReader(inv), "inv.json"); err != nil {
		t.Fatal(err)
	}
	opts := &IClientListOptions{IO: e.stdin(""), Service: e.service, JSON: true}
	e.check("iclient list", iclientListRun(bg, opts), "")
	var ics []jsonIClient
	json.Unmarshal(e.out.Bytes(), &ics)
	if len(ics) != 2 || ics[0].Secret != "stored" || ics[1].Secret != "missing" || ics[0].UsedBy == nil {
		t.Errorf("iclient list --json: %+v", ics)
	}

	// The main failure: the password store is not there. The list still
	// shows, with the secrets unknown, and says why on stderr.
	e.svc.Secrets = secretstest.Unavailable{}
	e.stdin("")
	opts.JSON = false
	e.check("iclient list without a password store", iclientListRun(bg, opts), "")
	contains(t, "stdout", e.out.String(), "Stored", "unknown")
	contains(t, "stderr", e.errOut.String(), "zoomconn: Your system's password store is not available.")
}

func TestIClientEditRun(t *testing.T) {
	e := newEnv(t)
	e.ok("old-secret", "iclient", "add", "--name", "App", "--client-id", "c1")
	e.ok("", "connection", "add", "--name", "Reports", "--auth", "oauth2", "--iclient", "App")
	name := "Acme reports"
	opts := &IClientEditOptions{IO: e.stdin("new-secret"), Service: e.service, Name: "app", NewName: &name, SecretStdin: true}
	e.check("iclient edit", iclientEditRun(bg, opts), "")
	contains(t, "iclient edit", e.out.String(), `Saved iClient "Acme reports".`, "Its Client secret was replaced for the 1 connection that use it.")
	doc, _ := e.svc.Load()
	if v, _ := e.secrets.Get(bg, model.ClientSecretAccount(doc.IClients[0].ID)); v.Reveal() != "new-secret" {
		t.Error("the secret was not replaced")
	}

	// The main failure: a new environment without the secret again.
	e.ok("s", "iclient", "add", "--name", "Spare", "--client-id", "c2")
	env, base := "custom", "https://collector.example"
	opts = &IClientEditOptions{IO: e.stdin(""), Service: e.service, Name: "Spare", Environment: &env, OAuthBase: &base, APIBase: &base}
	e.check("moving an iClient without its secret", iclientEditRun(bg, opts), "The new environment sends the Client secret to collector.example, so give it again with --secret-stdin")
	e.check("nothing to change", iclientEditRun(bg, &IClientEditOptions{IO: e.io, Service: e.service, Name: "Spare"}), "Nothing to change")
}

func TestIClientRemoveRun(t *testing.T) {
	e := newEnv(t)
	e.ok("s", "iclient", "add", "--name", "Used", "--client-id", "c1")
	e.ok("s", "iclient", "add", "--name", "Spare", "--client-id", "c2")
	e.ok("", "connection", "add", "--name", "Reports", "--auth", "oauth2", "--iclient", "Used")
	opts := &IClientRemoveOptions{IO: e.stdin(""), Service: e.service, Name: "spare"}
	e.check("iclient remove", iclientRemoveRun(bg, opts), "")
	contains(t, "iclient remove", e.out.String(), `Removed iClient "Spare" and its Client secret.`)
	if n := len(e.secrets.Accounts()); n != 1 {
		t.Errorf("%d secrets left, want the used iClient's", n)
	}

	// The main failure: refused while a connection uses it.
	opts.Name = "Used"
	err := iclientRemoveRun(bg, opts)
	e.check("removing an iClient in use", err, `The iClient "Used" cannot be deleted: "Reports" still uses it.`)
	if isUsage(err) {
		t.Error("an iClient in use is a failed operation (exit 1), not bad usage")
	}
}

func TestConnectionAddRun(t *testing.T) {
	e := newEnv(t)
	e.ok("s", "iclient", "add", "--name", "App", "--client-id", "c1")
	e.ok("s", "iclient", "add", "--name", "S2S", "--client-id", "c2", "--app-type", "s2s")
	for _, tc := range []struct {
		opts  ConnectionAddOptions
		stdin string
		want  []string
	}{
		{ConnectionAddOptions{Name: "Reports", Auth: "oauth2", IClient: "app", Scopes: "user:read:admin"}, "",
			[]string{`Created connection "Reports" (OAuth 2.0, Zoom). Status: Not authorized.`, "Next: zoomconn authorize Reports"}},
		{ConnectionAddOptions{Name: "Nightly", Auth: "s2s", IClient: "S2S", AccountID: "acct"}, "",
			[]string{`Created connection "Nightly" (Server-to-Server OAuth, Zoom). Status: Not authorized.`, "Next: zoomconn test Nightly"}},
		{ConnectionAddOptions{Name: "Webinar sync", Auth: "jwt", APIKey: "k3y", Environment: "zoomgov"}, "jwt-api-secret",
			[]string{`Created connection "Webinar sync" (JWT (retired), Zoom for Government). Status: Migration needed.`, "Next: zoomconn migrate 'Webinar sync' --iclient ICLIENT"}},
	} {
		opts := tc.opts
		opts.IO, opts.Service = e.stdin(tc.stdin), e.service
		e.check("connection add "+opts.Name, connectionAddRun(bg, &opts), "")
		contains(t, "connection add", e.out.String(), tc.want...)
	}
	if v, err := e.secrets.Get(bg, model.JWTSecretAccount(e.connection("Webinar sync").ID)); err != nil || v.Reveal() != "jwt-api-secret" {
		t.Errorf("the API Secret: %v", err)
	}

	// The main failure: an iClient that does not exist.
	opts := &ConnectionAddOptions{IO: e.stdin(""), Service: e.service, Name: "X", Auth: "oauth2", IClient: "Nope"}
	e.check("connection add with an unknown iClient", connectionAddRun(bg, opts), `There is no iClient named "Nope".`)
	opts = &ConnectionAddOptions{IO: e.stdin(""), Service: e.service, Name: "X", Auth: "jwt", APIKey: "k", IClient: "App"}
	e.check("a JWT record with an iClient", connectionAddRun(bg, opts), "A JWT record takes --api-key (and --environment), not --iclient")
}

func TestConnectionEditRun(t *testing.T) {
	e := newEnv(t)
	e.ok("s", "iclient", "add", "--name", "App", "--client-id", "c1")
	e.addJWT("Webinar sync")
	auth, ic := "oauth2", "App"
	opts := &ConnectionEditOptions{IO: e.stdin(""), Service: e.service, Name: "Webinar sync", Auth: &auth, IClient: &ic}
	e.check("connection edit", connectionEditRun(bg, opts), "")
	contains(t, "connection edit", e.out.String(), `Saved connection "Webinar sync" (OAuth 2.0). Status: Not authorized.`, "Next: zoomconn authorize 'Webinar sync'")
	if c := e.connection("Webinar sync"); c.Auth != model.AuthOAuth2 || c.MigratedFrom != model.AuthJWT || c.APIKey != "" {
		t.Errorf("after edit: %+v", c)
	}

	// The main failure: leaving JWT without an iClient.
	e.addJWT("Gov recordings")
	opts = &ConnectionEditOptions{IO: e.stdin(""), Service: e.service, Name: "Gov recordings", Auth: &auth}
	e.check("leaving JWT without an iClient", connectionEditRun(bg, opts), "Leaving JWT needs an iClient: add --iclient NAME.")
	acct := "a1"
	opts = &ConnectionEditOptions{IO: e.stdin(""), Service: e.service, Name: "Webinar sync", AccountID: &acct}
	e.check("an Account ID for OAuth 2.0", connectionEditRun(bg, opts), "--account-id is only for Server-to-Server OAuth")
}

func TestConnectionRemoveRun(t *testing.T) {
	e := newEnv(t).withZoom()
	e.addIClient("App", "cid", "user")
	e.authorized("Reports", "App")
	e.authorized("Offline one", "App") // the same user: one sign-in
	opts := &ConnectionRemoveOptions{IO: e.stdin(""), Service: e.service, Name: "Reports"}
	e.check("connection remove", connectionRemoveRun(bg, opts), "")
	contains(t, "connection remove", e.out.String(), `Removed connection "Reports". Its sign-in stays: "Offline one" uses it.`)

	// The main failure: Zoom cannot be reached to revoke the last user of
	// the sign-in; only --force deletes it then.
	e.zoom.Close()
	opts.Name = "Offline one"
	err := connectionRemoveRun(bg, opts)
	e.check("remove while Zoom is unreachable", err, `Zoom could not revoke the access of "Offline one"`)
	contains(t, "the next step", describe(err, false), "To delete it here anyway, run: zoomconn connection remove 'Offline one' --force")
	e.connection("Offline one")
	opts.Force = true
	e.check("remove --force", connectionRemoveRun(bg, opts), "")
	if doc, _ := e.svc.Load(); len(doc.Connections) != 0 || len(doc.SignIns) != 0 {
		t.Errorf("left: %+v %+v", doc.Connections, doc.SignIns)
	}
	if got := e.secrets.Accounts(); len(got) != 1 {
		t.Errorf("secrets left: %v (want only the Client secret)", got)
	}
}

func TestSettingsRun(t *testing.T) {
	e := newEnv(t)
	opts := &SettingsOptions{IO: e.stdin(""), Service: e.service, Key: "redirect-port", Value: "41600"}
	e.check("settings set", settingsSetRun(opts), "")
	contains(t, "settings set", e.out.String(), "The Redirect URL is now http://127.0.0.1:41600/oauth/callback")
	e.stdin("")
	e.check("settings show", settingsShowRun(opts), "")
	contains(t, "settings show", e.out.String(), "Data folder:   "+e.svc.Dir, "Password store: not the system keyring", "Redirect URL:  http://127.0.0.1:41600/oauth/callback")

	// The main failure: a port the Redirect URL cannot have.
	for value, want := range map[string]string{"80": "redirect-port: Choose a port between 1024 and 65535: lower ports need administrator rights.", "eighty": "redirect-port: Enter a number between 1024 and 65535."} {
		opts.Value = value
		err := settingsSetRun(opts)
		e.check("settings set redirect-port "+value, err, want)
		var ve model.ValidationError
		if !isUsage(err) || (value == "80" && !errors.As(err, &ve)) {
			t.Errorf("%s: %v is not bad usage", value, err)
		}
	}
}
