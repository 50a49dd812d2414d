package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"zoomconn/internal/secretstest"
	"zoomconn/internal/zoomtest"
	"zoomconn/model"
)

// Findings of a walkthrough of the real window in Migrate all… (issue 21),
// each seen there and reproduced here.

// iconsIn names the icons drawn in o.
func iconsIn(o fyne.CanvasObject) []string {
	var names []string
	onUI(func() {
		for _, x := range visibleUnder(o) {
			if i, ok := x.(*widget.Icon); ok && i.Resource != nil {
				names = append(names, i.Resource.Name())
			}
		}
	})
	return names
}

// In Migrate all…, a choice of what the connections move to goes on to the
// next step at once, and reads so: it is drawn as a command with an arrow,
// not as a radio button, and no Next waits beside it for a choice. Back on
// that step, the last choice is marked and Next goes on with it.
func TestMigrateAllChoicesGoOnAndReadSo(t *testing.T) {
	_, w, _ := openDemo(t)
	tapNow(t, buttonReading(t, w, "Migrate all…"))
	if msg := topDialogText(w); strings.Contains(msg, "[Next]") || !strings.Contains(msg, "[Cancel]") {
		t.Errorf("before a choice the first step offers only Cancel; it shows:\n%s", msg)
	}
	for _, title := range []string{"OAuth 2.0", "Server-to-Server OAuth"} {
		icons := strings.Join(iconsIn(wizardChoice(t, w, title)), " ")
		if strings.Contains(icons, "radio") || !strings.Contains(icons, "mail-forward") {
			t.Errorf("the choice %s should show an arrow that goes on, not a radio button; its icons: %s", title, icons)
		}
	}

	tapNow(t, wizardChoice(t, w, "OAuth 2.0"))
	waitForWizardText(t, w, "Choose the Zoom app (iClient)")
	tapNow(t, dialogButton(t, w, "Back"))
	var marked bool
	onUI(func() {
		marked = wizardChoice(t, w, "OAuth 2.0").selected && !wizardChoice(t, w, "Server-to-Server OAuth").selected
	})
	next := dialogButton(t, w, "Next")
	if !marked || disabled(next) {
		t.Fatalf("back on the first step, OAuth 2.0 should be marked (%v) and Next enabled (%v)", marked, !disabled(next))
	}
	tapNow(t, next)
	waitForWizardText(t, w, "Choose the Zoom app (iClient)")
}

// The iClient step says which iClients it offers in plain words: "for the
// Custom environment", not "apps of Custom".
func TestMigrateAllIClientHintNamesTheEnvironment(t *testing.T) {
	svc, srv, _ := zoomFixture(t, nil, secretstest.New())
	importJWTConnections(t, svc, srv, 2)
	_, w, _ := openWindow(t, svc)
	tapNow(t, buttonReading(t, w, "Migrate all…"))
	for _, tc := range []struct{ choice, want string }{
		{"OAuth 2.0", "Showing the iClients for the Custom environment that are General Apps (Admin-managed or User-managed). + adds one"},
		{"Server-to-Server OAuth", "Showing the iClients for the Custom environment that are Server-to-Server OAuth Apps. + adds one"},
	} {
		tapNow(t, wizardChoice(t, w, tc.choice))
		if msg := topDialogText(w); !strings.Contains(msg, tc.want) || strings.Contains(msg, " of Custom") {
			t.Errorf("%s: the iClient step should read %q; it reads:\n%s", tc.choice, tc.want, msg)
		}
		tapNow(t, dialogButton(t, w, "Back"))
	}
}

// shownDetail is a run row's detail as drawn, its lines joined by spaces,
// and whether every line lies inside the row and its column.
func shownDetail(v *runRow) (string, bool) {
	var lines []string
	inside := true
	bottom := absPos(v).Y + v.Size().Height
	right := absPos(v.detail).X + v.detail.Size().Width
	for _, o := range visibleUnder(v.detail) {
		if x, ok := o.(*canvas.Text); ok && x.Text != "" {
			lines = append(lines, strings.TrimSpace(x.Text))
			p := absPos(x)
			inside = inside && p.Y+x.Size().Height <= bottom+0.5 && p.X+x.MinSize().Width <= right+0.5
		}
	}
	return strings.Join(lines, " "), inside
}

// squeeze is s without its spaces: where a line breaks, Fyne may cut a
// word too long for the line.
func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

// Every row of Migrate all…'s results says what came of its connection in
// full, on as many lines as it takes, with 50 connections as with one:
// nothing is cut with "…", and no line spills out of its row. Details,
// with Zoom's answer and the fix, is for a failure.
func TestMigrateAllResultsReadInFull(t *testing.T) {
	const n = 50
	svc, srv, _ := zoomFixture(t, nil, secretstest.New())
	importJWTConnections(t, svc, srv, n)
	srv.RegisterClient("s2s-app", "s2s-secret", "")
	env := model.Environment{Kind: model.EnvCustom, OAuthBase: srv.URL(), APIBase: srv.URL()}
	if _, err := svc.Setup.CreateIClient(context.Background(), model.IClient{Name: "Acme S2S", Env: env, AppType: model.AppS2S,
		Credentials: model.CredentialsSecret, ClientID: "s2s-app"}, model.NewSecret("s2s-secret")); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		acct := fmt.Sprintf("acct-%02d", i)
		srv.AddAccount(acct, zoomtest.User{ID: "bot-" + acct, Email: fmt.Sprintf("reports-bot-%02d@acme-subsidiary.example.com", i)})
	}
	srv.FailAccount("acct-07", 400, "invalid_request", "Invalid account_id")
	_, w, _ := openWindow(t, svc)
	tapNow(t, buttonReading(t, w, "Migrate all…"))
	tapNow(t, wizardChoice(t, w, "Server-to-Server OAuth"))
	tapNow(t, dialogButton(t, w, "Next"))
	tapNow(t, dialogButton(t, w, "Start migration"))
	waitForWizardText(t, w, "Migration finished")

	var list *runList
	onUI(func() { list = inTop(w, func(*runList) bool { return true }) })
	if list == nil {
		t.Fatal("no list of results")
	}
	for id := range n {
		var row *runRow
		var want string
		onUI(func() {
			list.ScrollTo(id)
			want = list.run.rows[id].detail
			row = inTop(w, func(v *runRow) bool { return v.row == list.run.rows[id] })
		})
		if row == nil {
			t.Fatalf("row %d is not shown once scrolled to", id)
		}
		var shown string
		var inside, details bool
		onUI(func() { shown, inside = shownDetail(row); details = row.details.Visible() })
		if squeeze(shown) != squeeze(want) || !inside {
			t.Errorf("row %d says %q (every line inside the row: %v), want %q in full", id, shown, inside, want)
		}
		if failed := id == 6; details != failed {
			t.Errorf("row %d offers Details: %v, want it only for the failure", id, details)
		}
	}
	var rowsInSight int
	onUI(func() {
		list.ScrollToTop()
		for _, o := range visibleUnder(w.Canvas().Overlays().Top()) {
			if v, ok := o.(*runRow); ok && v.row != nil && absPos(v).Y+v.Size().Height <= absPos(list).Y+list.Size().Height {
				rowsInSight++
			}
		}
	})
	if rowsInSight < 3 {
		t.Errorf("only %d whole rows are in sight at once", rowsInSight)
	}
}
