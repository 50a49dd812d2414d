package ui

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"zoomconn/internal/secretstest"
	"zoomconn/internal/zoomtest"
	"zoomconn/model"
	"zoomconn/oauth"
)

// importJWTConnections imports n JWT records "Legacy 01"… on the test server's
// environment, each with its own Account ID acct-01…, as an admin brings
// in the list of old connections, and returns their ids in order.
func importJWTConnections(t *testing.T, svc *model.Service, srv *zoomtest.Server, n int) []string {
	t.Helper()
	var b strings.Builder
	b.WriteString("name,environment,auth_type,api_key,account_id,oauth_base,api_base\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "Legacy %02d,custom,jwt,key-%02d,acct-%02d,%s,%s\n", i, i, i, srv.URL(), srv.URL())
	}
	if _, err := svc.Files.Import(strings.NewReader(b.String()), "legacy.csv"); err != nil {
		t.Fatal(err)
	}
	doc, _ := svc.Load()
	ids := make([]string, n)
	for i := range n {
		ids[i] = doc.ConnectionByName(fmt.Sprintf("Legacy %02d", i+1)).ID
	}
	return ids
}

// addOAuthIClient stores the test server's OAuth app "cid" as an iClient.
func addOAuthIClient(t *testing.T, svc *model.Service, srv *zoomtest.Server) {
	t.Helper()
	env := model.Environment{Kind: model.EnvCustom, OAuthBase: srv.URL(), APIBase: srv.URL()}
	if _, err := svc.Setup.CreateIClient(context.Background(), model.IClient{Name: "Acme OAuth app", Env: env, AppType: model.AppAccount, ClientID: "cid"}, model.NewSecret("csecret")); err != nil {
		t.Fatal(err)
	}
}

func savedConnections(t *testing.T, svc *model.Service) map[string]model.Connection {
	t.Helper()
	doc, err := svc.Load()
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]model.Connection{}
	for _, c := range doc.Connections {
		m[c.ID] = c
	}
	return m
}

// wizardChoice returns the wizard's choice titled title.
func wizardChoice(t *testing.T, w fyne.Window, title string) *choiceCard {
	t.Helper()
	c := inTop(w, func(c *choiceCard) bool { return c.title == title })
	if c == nil {
		t.Fatalf("no choice %q; the dialog shows:\n%s", title, topDialogText(w))
	}
	return c
}

// runRows reads the run's rows as "State: what it says", by name.
func runRows(w fyne.Window) map[string]string {
	out := map[string]string{}
	onUI(func() {
		for _, o := range visibleUnder(w.Canvas().Overlays().Top()) {
			if r, ok := o.(*runRow); ok && r.row != nil {
				out[r.name.Text] = r.state.Text() + ": " + r.detail.Text
			}
		}
	})
	return out
}

// reviewTicks reads the review's ticks, by name.
func reviewTicks(w fyne.Window) map[string]bool {
	out := map[string]bool{}
	onUI(func() {
		for _, o := range visibleUnder(w.Canvas().Overlays().Top()) {
			if r, ok := o.(*reviewRow); ok {
				out[r.check.Text] = r.check.Checked
			}
		}
	})
	return out
}

func tickedNames(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// runProgress reads the run's progress bar.
func runProgress(w fyne.Window) (value, max float64) {
	bar := inTop(w, func(*widget.ProgressBar) bool { return true })
	if bar != nil {
		onUI(func() { value, max = bar.Value, bar.Max })
	}
	return
}

func waitForWizardText(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	waitFor(t, "“"+text+"”", func() bool { return strings.Contains(topDialogText(w), text) })
}

func TestMigrateFiveToServerToServerWithOneFailingAccountThenRetry(t *testing.T) {
	svc, srv, _ := zoomFixture(t, nil, secretstest.New())
	ids := importJWTConnections(t, svc, srv, 5)
	srv.RegisterClient("s2s-app", "s2s-secret", "")
	for i := 1; i <= 5; i++ {
		acct := fmt.Sprintf("acct-%02d", i)
		srv.AddAccount(acct, zoomtest.User{ID: "bot-" + acct, Email: fmt.Sprintf("bot%02d@example.com", i)})
	}
	srv.FailAccount("acct-03", 400, "invalid_request", "Invalid account_id")
	before := savedConnections(t, svc)
	u, w, _ := openWindow(t, svc)

	tapNow(t, buttonReading(t, w, "Migrate all…"))
	waitForWizardText(t, w, "5 connections still use JWT")
	tapNow(t, wizardChoice(t, w, "Server-to-Server OAuth"))

	// No Server-to-Server iClient yet: + creates one in the connections' environment.
	sel := inTop(w, func(*escSelect) bool { return true })
	var placeholder string
	onUI(func() { placeholder = sel.PlaceHolder })
	if placeholder != "None yet: click + to add one" {
		t.Errorf("the iClient picker reads %q with no iClient", placeholder)
	}
	tapNow(t, inTop(w, func(b *widget.Button) bool { return b.Text == "" && b.Icon != nil })) // +
	var x *iclientDialog
	onUI(func() { x = topDialog[*iclientDialog](u.dlg) })
	if x == nil {
		t.Fatalf("+ should open Create iClient; top dialog:\n%s", topDialogText(w))
	}
	var env, app, base string
	onUI(func() { env, app, base = x.env.Selected, x.appType.Selected, x.oauthBase.Text })
	if env != "Custom" || app != "Server-to-Server OAuth App" || base != srv.URL() {
		t.Errorf("the new iClient starts as %s, %s, %s", env, app, base)
	}
	typeInto(x.name, "Acme S2S")
	typeInto(x.clientID, "s2s-app")
	typeInto(x.secret, "s2s-secret")
	tapNow(t, x.save)
	waitFor(t, "the new iClient to be chosen", func() bool {
		var s string
		onUI(func() { s = sel.Selected })
		return s == "Acme S2S"
	})

	// Every connection has its own Account ID: the field may stay empty,
	// but what is typed must be an Account ID.
	acct := inTop(w, func(*escEntry) bool { return true })
	typeInto(acct, "acct 03")
	wantMsg := "The Account ID contains a space or line break in the middle. Copy it again from Zoom's App credentials."
	if !strings.Contains(topDialogText(w), wantMsg) || !disabled(dialogButton(t, w, "Next")) {
		t.Errorf("an Account ID with a space should be refused with the model's message:\n%s", topDialogText(w))
	}
	typeInto(acct, "")
	if strings.Contains(topDialogText(w), wantMsg) || disabled(dialogButton(t, w, "Next")) {
		t.Errorf("an empty Account ID keeps each connection's own:\n%s", topDialogText(w))
	}
	tapNow(t, dialogButton(t, w, "Next"))

	msg := topDialogText(w)
	for _, want := range []string{"Move 5 connections to Server-to-Server OAuth with the iClient “Acme S2S”.", "5 of 5 connections selected", "Account ID acct-04"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the review lacks %q:\n%s", want, msg)
		}
	}
	if ticks := reviewTicks(w); len(ticks) != 5 || !ticks["Legacy 01"] || !ticks["Legacy 05"] {
		t.Errorf("the review should tick all five: %v", ticks)
	}
	tapNow(t, dialogButton(t, w, "Start migration"))

	waitForWizardText(t, w, "Migration finished")
	if v, m := runProgress(w); v != 5 || m != 5 {
		t.Errorf("the progress bar ends at %v of %v", v, m)
	}
	rows := runRows(w)
	for i := 1; i <= 5; i++ {
		name := fmt.Sprintf("Legacy %02d", i)
		want := fmt.Sprintf("Online: Connected as bot%02d@example.com (account acct-%02d)", i, i)
		if i == 3 {
			want = "Failed: Zoom does not know this connection's Account ID."
		}
		if !strings.HasPrefix(rows[name], want) {
			t.Errorf("%s reads %q, want %q", name, rows[name], want)
		}
	}
	if !strings.Contains(topDialogText(w), "Done: 4 migrated, 1 failed.") {
		t.Errorf("the summary should count them:\n%s", topDialogText(w))
	}
	if after := savedConnections(t, svc)[ids[2]]; !reflect.DeepEqual(after, before[ids[2]]) {
		t.Errorf("the failed connection changed:\n%+v\n%+v", before[ids[2]], after)
	}

	// Details tells what Zoom said.
	var details *button
	onUI(func() {
		for _, o := range visibleUnder(w.Canvas().Overlays().Top()) {
			if r, ok := o.(*runRow); ok && r.row != nil && r.row.c.Name == "Legacy 03" {
				details = r.details
			}
		}
	})
	if details == nil {
		t.Fatalf("no Details on the failed row")
	}
	tapNow(t, details)
	if msg := topDialogText(w); !strings.Contains(msg, "“Legacy 03” was not migrated") || !strings.Contains(msg, "Copy the Account ID again from the Server-to-Server OAuth app's App credentials") {
		t.Errorf("Details shows:\n%s", msg)
	}
	tapNow(t, dialogButton(t, w, "Close"))

	// Zoom accepts the account now: Retry failed runs that one only.
	srv.AddAccount("acct-03", zoomtest.User{ID: "bot-acct-03", Email: "bot03@example.com"})
	tokens := srv.S2SCount()
	tapNow(t, dialogButton(t, w, "Retry failed"))
	waitForWizardText(t, w, "Done: all 5 connections migrated.")
	if n := srv.S2SCount() - tokens; n != 1 {
		t.Errorf("Retry failed fetched %d tokens, want 1 (the failed connection's)", n)
	}
	if got := runRows(w)["Legacy 03"]; got != "Online: Connected as bot03@example.com (account acct-03)" {
		t.Errorf("after the retry Legacy 03 reads %q", got)
	}
	if v, m := runProgress(w); v != 1 || m != 1 {
		t.Errorf("the retry's progress bar ends at %v of %v", v, m)
	}

	tapNow(t, dialogButton(t, w, "Close"))
	if topDialogText(w) != "" {
		t.Fatalf("Close should close the wizard:\n%s", topDialogText(w))
	}
	waitFor(t, "the rows to turn Online", func() bool { return statusOf(t, u, "Legacy 03") == "Online" })
	if showsText(w, "still use JWT", true) {
		t.Errorf("the JWT banner should be gone")
	}
	for i, id := range ids {
		c := savedConnections(t, svc)[id]
		if c.Auth != model.AuthS2S || c.Status != model.StatusOnline || c.AccountID != fmt.Sprintf("acct-%02d", i+1) || c.MigratedFrom != model.AuthJWT || c.APIKey != "" {
			t.Errorf("saved as %+v", c)
		}
	}
}

// consentOpener approves in the test server's browser the consents
// for which approve says so, and only remembers the others.
type consentOpener struct {
	srv     *zoomtest.Server
	approve func(n int) bool
	mu      sync.Mutex
	urls    []string
}

func (o *consentOpener) Open(url string) error {
	o.mu.Lock()
	o.urls = append(o.urls, url)
	n := len(o.urls)
	o.mu.Unlock()
	if o.approve(n) {
		return o.srv.Browser().Open(url)
	}
	return nil
}

func (o *consentOpener) opened() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.urls...)
}

// TestMigrateThreeToOAuth2WithOneConsent is the bulk migration against a
// server that keeps one authorization per user per app: one consent, and
// every row Online, each connection working afterwards.
func TestMigrateThreeToOAuth2WithOneConsent(t *testing.T) {
	svc, srv, port := zoomFixture(t, nil, secretstest.New())
	ids := importJWTConnections(t, svc, srv, 3)
	addOAuthIClient(t, svc, srv)
	u, w, a := openWindow(t, svc)
	browser := &consentOpener{srv: srv, approve: func(int) bool { return true }}
	onUI(func() { u.links.opener = browser })

	tapNow(t, buttonReading(t, w, "Migrate all…"))
	tapNow(t, wizardChoice(t, w, "OAuth 2.0"))
	var sel string
	onUI(func() { sel = inTop(w, func(*escSelect) bool { return true }).Selected })
	if sel != "Acme OAuth app" {
		t.Errorf("the only fitting iClient should be chosen, the picker reads %q", sel)
	}
	if !strings.Contains(topDialogText(w), "Add it to the Zoom app's Redirect URL for OAuth and to its Allow list") {
		t.Errorf("the Redirect URL reminder is missing:\n%s", topDialogText(w))
	}
	if r := inTop(w, func(*widget.RadioGroup) bool { return true }); r == nil || r.Selected != consentOnce {
		t.Errorf("the Approval choice is missing or does not default to one consent")
	}
	tapNow(t, dialogButton(t, w, "Copy"))
	if got := a.Clipboard().Content(); got != oauth.RedirectURL(oauth.LoopbackIP, port) {
		t.Errorf("Copy copied %q, want %q", got, oauth.RedirectURL(oauth.LoopbackIP, port))
	}
	tapNow(t, dialogButton(t, w, "Next"))
	if !strings.Contains(topDialogText(w), "Your browser opens once: sign in to Zoom as the user these connections should act for") {
		t.Errorf("the review should say how it goes:\n%s", topDialogText(w))
	}
	tapNow(t, dialogButton(t, w, "Start migration"))

	waitForWizardText(t, w, "Done: all 3 connections migrated.")
	want := "Online: Connected as jane@example.com (account acct-cid)"
	if rows := runRows(w); rows["Legacy 01"] != want || rows["Legacy 02"] != want || rows["Legacy 03"] != want {
		t.Errorf("the rows read %v", rows)
	}
	if urls := browser.opened(); len(urls) != 1 {
		t.Errorf("want one consent for three connections, got %d", len(urls))
	}
	for _, id := range ids {
		c, err := svc.Checks.Test(context.Background(), id)
		if err != nil || c.Auth != model.AuthOAuth2 || c.Status != model.StatusOnline || c.AuthorizedAs.Email != "jane@example.com" {
			t.Errorf("after the migration, Test of %s: %v (%+v)", c.Name, err, c)
		}
	}
	tapNow(t, dialogButton(t, w, "Close"))
	waitFor(t, "every row to turn Online", func() bool {
		return statusOf(t, u, "Legacy 01") == "Online" && statusOf(t, u, "Legacy 02") == "Online" && statusOf(t, u, "Legacy 03") == "Online"
	})
}

// TestMigrateTwoToOAuth2OneConsentEach: "a different Zoom user for each
// connection" asks for one consent after another.
func TestMigrateTwoToOAuth2OneConsentEach(t *testing.T) {
	svc, srv, _ := zoomFixture(t, nil, secretstest.New())
	ids := importJWTConnections(t, svc, srv, 2)
	addOAuthIClient(t, svc, srv)
	u, w, _ := openWindow(t, svc)
	browser := &consentOpener{srv: srv, approve: func(int) bool { return true }}
	onUI(func() { u.links.opener = browser })

	tapNow(t, buttonReading(t, w, "Migrate all…"))
	tapNow(t, wizardChoice(t, w, "OAuth 2.0"))
	onUI(func() { inTop(w, func(*widget.RadioGroup) bool { return true }).SetSelected(consentEach) })
	tapNow(t, dialogButton(t, w, "Next"))
	if !strings.Contains(topDialogText(w), "Your browser opens once for each connection, one after another") {
		t.Errorf("the review should say how it goes:\n%s", topDialogText(w))
	}
	tapNow(t, dialogButton(t, w, "Start migration"))
	waitForWizardText(t, w, "Done: all 2 connections migrated.")
	if urls := browser.opened(); len(urls) != 2 || urls[0] == urls[1] {
		t.Errorf("want two consents one after another, got %q", urls)
	}
	for _, id := range ids {
		if _, err := svc.Checks.Test(context.Background(), id); err != nil {
			t.Errorf("Test after the migration: %v", err)
		}
	}
}

func TestMigrateCancelKeepsTheFinishedAndLeavesTheRestAsTheyWere(t *testing.T) {
	svc, srv, _ := zoomFixture(t, nil, secretstest.New())
	ids := importJWTConnections(t, svc, srv, 3)
	addOAuthIClient(t, svc, srv)
	before := savedConnections(t, svc)
	u, w, a := openWindow(t, svc)
	// The first consent is approved; the second waits for someone who
	// never answers.
	browser := &consentOpener{srv: srv, approve: func(n int) bool { return n == 1 }}
	onUI(func() { u.links.opener = browser })

	tapNow(t, buttonReading(t, w, "Migrate all…"))
	tapNow(t, wizardChoice(t, w, "OAuth 2.0"))
	onUI(func() { inTop(w, func(*widget.RadioGroup) bool { return true }).SetSelected(consentEach) })
	tapNow(t, dialogButton(t, w, "Next"))
	tapNow(t, dialogButton(t, w, "Start migration"))

	waitForWizardText(t, w, "Approve access for “Legacy 02” in your browser (2 of 3)…")
	rows := runRows(w)
	if !strings.HasPrefix(rows["Legacy 01"], "Online: ") || rows["Legacy 02"] != "Waiting for you: Approve in your browser…" || rows["Legacy 03"] != "Waiting: " {
		t.Errorf("mid-run rows: %v", rows)
	}
	tapNow(t, dialogButton(t, w, "Copy link"))
	if urls := browser.opened(); len(urls) != 2 || a.Clipboard().Content() != urls[1] {
		t.Errorf("Copy link should copy the pending consent (%d opened): %q", len(urls), a.Clipboard().Content())
	}

	tapNow(t, dialogButton(t, w, "Cancel"))
	waitForWizardText(t, w, "Canceled: 1 migrated, 2 unchanged.")
	if !strings.Contains(topDialogText(w), "The others still use JWT, exactly as they were.") {
		t.Errorf("the summary should say what stayed:\n%s", topDialogText(w))
	}
	rows = runRows(w)
	for _, name := range []string{"Legacy 02", "Legacy 03"} {
		if !strings.HasPrefix(rows[name], "Skipped: Canceled") {
			t.Errorf("%s reads %q after Cancel", name, rows[name])
		}
	}
	after := savedConnections(t, svc)
	if c := after[ids[0]]; c.Auth != model.AuthOAuth2 || c.Status != model.StatusOnline {
		t.Errorf("the finished connection should stay migrated: %+v", c)
	}
	for _, id := range ids[1:] {
		if !reflect.DeepEqual(after[id], before[id]) || after[id].Auth != model.AuthJWT {
			t.Errorf("an unfinished connection changed:\n%+v\n%+v", before[id], after[id])
		}
	}

	tapNow(t, dialogButton(t, w, "Close"))
	waitFor(t, "the first row to turn Online", func() bool { return statusOf(t, u, "Legacy 01") == "Online" })
	for _, name := range []string{"Legacy 02", "Legacy 03"} {
		if s := statusOf(t, u, name); s != "Migration needed" {
			t.Errorf("%s reads %q", name, s)
		}
	}
}

func TestMigrateAllFromTheBannerListsEveryJWTConnection(t *testing.T) {
	u, w, _ := openDemo(t)
	tapNow(t, buttonReading(t, w, "Migrate all…"))
	msg := topDialogText(w)
	for _, want := range []string{"Migrate JWT connections", "3 connections still use JWT", "Recommended for account-wide scripts", "Recommended to act as a Zoom user", migrateAdvice, "[Cancel]"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the wizard's first step lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "[Next]") {
		t.Errorf("a choice goes on by itself: no Next before one is made")
	}

	// OAuth 2.0 offers the Zoom apps that are not Server-to-Server.
	tapNow(t, wizardChoice(t, w, "OAuth 2.0"))
	sel := inTop(w, func(*escSelect) bool { return true })
	var opts []string
	onUI(func() { opts = sel.Options })
	if !reflect.DeepEqual(opts, []string{"Acme reporting app", "HR user app", "Spare marketing app"}) {
		t.Errorf("OAuth 2.0 offers %q", opts)
	}
	if !showsText(w, "Redirect URL", false) || inTop(w, func(*escEntry) bool { return true }) != nil {
		t.Errorf("OAuth 2.0 needs the Redirect URL and no Account ID:\n%s", topDialogText(w))
	}

	// Back, Server-to-Server: its one app is chosen, the Account ID is asked.
	tapNow(t, dialogButton(t, w, "Back"))
	tapNow(t, wizardChoice(t, w, "Server-to-Server OAuth"))
	var chosen string
	onUI(func() { opts, chosen = sel.Options, sel.Selected })
	if !reflect.DeepEqual(opts, []string{"Acme automation (S2S)"}) || chosen != "Acme automation (S2S)" {
		t.Errorf("Server-to-Server offers %q, chosen %q", opts, chosen)
	}
	if showsText(w, "Redirect URL", false) {
		t.Errorf("Server-to-Server needs no Redirect URL")
	}
	if !disabled(dialogButton(t, w, "Next")) {
		t.Errorf("Next needs the Account ID: these connections have none")
	}
	acct := inTop(w, func(*escEntry) bool { return true })
	typeInto(acct, "AcMe 1234")
	if !showsText(w, "The Account ID contains a space or line break in the middle. Copy it again from Zoom's App credentials.", false) {
		t.Errorf("inner whitespace should be refused:\n%s", topDialogText(w))
	}
	typeInto(acct, "  AcMe1234xyzDEMO ")
	tapNow(t, dialogButton(t, w, "Next"))

	ticks := reviewTicks(w)
	if want := []string{"Legacy usage dashboard", "Room status monitor", "Webinar registrations sync"}; !reflect.DeepEqual(tickedNames(ticks), want) {
		t.Errorf("the review lists %v, want every JWT connection %v", tickedNames(ticks), want)
	}
	if !showsText(w, "3 of 3 connections selected", false) || !showsText(w, "Account ID AcMe1234xyzDEMO", false) {
		t.Errorf("the review:\n%s", topDialogText(w))
	}
	tapNow(t, inTop(w, func(c *escCheck) bool { return c.Text == "Room status monitor" }))
	if !showsText(w, "2 of 3 connections selected", false) {
		t.Errorf("unticking should count:\n%s", topDialogText(w))
	}

	// The demo's iClients have no Client secret here: the run cannot start,
	// says why, and changes nothing.
	before := savedConnections(t, u.svc)
	tapNow(t, dialogButton(t, w, "Start migration"))
	waitForWizardText(t, w, "The migration could not start. Nothing changed.")
	msg = topDialogText(w)
	for _, want := range []string{`The Client secret of the iClient "Acme automation (S2S)" is not in your password store.`, "[Back]", "[Close]"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the failed start lacks %q:\n%s", want, msg)
		}
	}
	if rows := runRows(w); len(rows) != 2 || rows["Webinar registrations sync"] != "Waiting: " {
		t.Errorf("the two ticked connections should wait: %v", rows)
	}
	if !reflect.DeepEqual(savedConnections(t, u.svc), before) {
		t.Errorf("a run that could not start changed the connections")
	}
	tapNow(t, dialogButton(t, w, "Close"))

	// A single JWT row migrates from its … menu; Esc closes the wizard.
	tapNow(t, row(t, u, "Room status monitor").more)
	tapMenuItem(t, w, "Migrate…")
	if msg := topDialogText(w); !strings.Contains(msg, "Migrate “Room status monitor”") || !strings.Contains(msg, "“Room status monitor” still uses JWT") {
		t.Errorf("Migrate… on a row should open the wizard for it:\n%s", msg)
	}
	key(w, fyne.KeyEscape)
	if topDialogText(w) != "" {
		t.Fatalf("Esc should close the wizard before it runs:\n%s", topDialogText(w))
	}
}
