package ui

import (
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"zoomconn/internal/secretstest"
	"zoomconn/model"
)

// newSerialApp is newLoopApp (uiloop_test.go), under the name some tests know.
func newSerialApp(t *testing.T) fyne.App { return newLoopApp(t) }

// pagesUI opens the window over a data folder holding doc (nil: empty) and
// the real keyring under a service name of its own, and waits for the
// document to load.
func pagesUI(t *testing.T, doc *model.Document) (*UI, fyne.Window, fyne.App) {
	t.Helper()
	a := newLoopApp(t)
	svc, err := model.Open(filepath.Join(t.TempDir(), "data"), secretstest.New())
	if err != nil {
		t.Fatal(err)
	}
	if doc != nil {
		if err := svc.Store.Save(doc); err != nil {
			t.Fatal(err)
		}
	}
	var w fyne.Window
	var u *UI
	fyne.DoAndWait(func() {
		w = a.NewWindow(AppName)
		w.Resize(fyne.NewSize(1180, 760))
		u = New(a, w, Deps{Service: svc})
	})
	t.Cleanup(func() { onUI(w.Close) }) // what would outlive the window stops, as in the app
	waitFor(t, "the document to load", func() bool {
		var ok bool
		fyne.DoAndWait(func() { ok = u.doc != nil })
		return ok
	})
	return u, w, a
}

// selectTab shows the tab titled name, as a click on it would.
func selectTab(t *testing.T, u *UI, name string) {
	t.Helper()
	fyne.DoAndWait(func() {
		for _, it := range u.tabs.Items {
			if it.Text == name {
				u.tabs.Select(it)
				return
			}
		}
		t.Fatalf("no tab %q", name)
	})
}

// visible returns every visible object under o, widgets' parts included.
func visibleUnder(o fyne.CanvasObject) []fyne.CanvasObject {
	if o == nil || !o.Visible() {
		return nil
	}
	out := []fyne.CanvasObject{o}
	if b, ok := o.(*button); ok {
		out = append(out, &b.Button) // found as the widget.Button it is
	}
	if c, ok := o.(*check); ok {
		out = append(out, &c.Check) // found as the widget.Check it is
	}
	if l, ok := o.(*link); ok {
		out = append(out, &l.Hyperlink) // found as the widget.Hyperlink it is
	}
	if q, ok := o.(*quietLabel); ok {
		out = append(out, &q.RichText) // found as the widget.RichText it is
	}
	if w, ok := o.(fyne.Widget); ok {
		for _, c := range test.WidgetRenderer(w).Objects() {
			out = append(out, visibleUnder(c)...)
		}
	}
	if c, ok := o.(*fyne.Container); ok {
		for _, child := range c.Objects {
			out = append(out, visibleUnder(child)...)
		}
	}
	return out
}

// onScreen returns the visible objects of the window and its top dialog.
// Call it on the UI goroutine.
func onScreen(w fyne.Window) []fyne.CanvasObject {
	out := visibleUnder(w.Canvas().Content())
	if top := w.Canvas().Overlays().Top(); top != nil {
		out = append(out, visibleUnder(top)...)
	}
	return out
}

// topDialogText is all the text of the top dialog, "" when none is open.
func topDialogText(w fyne.Window) string {
	var b strings.Builder
	fyne.DoAndWait(func() {
		for _, o := range visibleUnder(w.Canvas().Overlays().Top()) {
			switch x := o.(type) {
			case *widget.Label:
				b.WriteString(x.Text + "\n")
			case *widget.RichText:
				b.WriteString(x.String() + "\n")
			case *widget.Button:
				b.WriteString("[" + x.Text + "]\n")
			}
		}
	})
	return b.String()
}

// showsText reports whether a visible label, button or check reads text, or
// contains it when partial is true.
func showsText(w fyne.Window, text string, partial bool) bool {
	found := false
	fyne.DoAndWait(func() {
		for _, o := range onScreen(w) {
			var s string
			switch x := o.(type) {
			case *widget.Label:
				s = x.Text
			case *widget.Button:
				s = x.Text
			case *widget.Check:
				s = x.Text
			case *widget.RichText:
				s = x.String()
			default:
				continue
			}
			if s == text || partial && strings.Contains(s, text) {
				found = true
			}
		}
	})
	return found
}

// find returns the first visible object for which match holds, or nil.
func find[T fyne.CanvasObject](w fyne.Window, match func(T) bool) T {
	var found T
	fyne.DoAndWait(func() {
		for _, o := range onScreen(w) {
			if x, ok := o.(T); ok && match(x) {
				found = x
				return
			}
		}
	})
	return found
}

// buttonReading returns the visible button reading text.
func buttonReading(t *testing.T, w fyne.Window, text string) *widget.Button {
	t.Helper()
	b := find(w, func(b *widget.Button) bool { return b.Text == text })
	if b == nil {
		t.Fatalf("no button %q on screen", text)
	}
	return b
}

// dialogButton returns the button reading text in the top dialog.
func dialogButton(t *testing.T, w fyne.Window, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	fyne.DoAndWait(func() {
		for _, o := range visibleUnder(w.Canvas().Overlays().Top()) {
			if b, ok := o.(*widget.Button); ok && b.Text == text {
				found = b
			}
		}
	})
	if found == nil {
		t.Fatalf("no dialog with a %q button", text)
	}
	return found
}

// rowButton returns the button reading text in the list row whose first
// cell reads first.
func rowButton(t *testing.T, w fyne.Window, first, text string) *widget.Button {
	t.Helper()
	row := find(w, func(c *fyne.Container) bool {
		if _, ok := c.Layout.(*columnsLayout); !ok || len(c.Objects) == 0 {
			return false
		}
		l, ok := c.Objects[0].(*widget.Label)
		return ok && l.Text == first
	})
	if row == nil {
		t.Fatalf("no row %q", first)
	}
	var found *widget.Button
	fyne.DoAndWait(func() {
		for _, p := range visibleUnder(row) {
			if b, ok := p.(*widget.Button); ok && b.Text == text {
				found = b
			}
		}
	})
	if found == nil {
		t.Fatalf("no row %q with a %q button", first, text)
	}
	return found
}

func tapNow(t *testing.T, o fyne.Tappable) {
	t.Helper()
	fyne.DoAndWait(func() { test.Tap(o) })
}

func TestGuideTicksSurviveARestart(t *testing.T) {
	u, w, a := pagesUI(t, nil)
	selectTab(t, u, "Guide")
	if !showsText(w, "0 of 27 steps done", false) {
		t.Errorf("a new guide should show no step done")
	}
	step := find(w, func(c *check) bool { return c.Text == "Turn on Use Public Client OAuth, and copy the public client ID" })
	if step == nil {
		t.Fatal("the guide has no step for the public client ID")
	}
	tapNow(t, step)
	if !showsText(w, "1 of 27 steps done", false) {
		t.Errorf("ticking a step should count it")
	}

	// The same app (same preferences) opened again.
	var w2 fyne.Window
	var u2 *UI
	fyne.DoAndWait(func() {
		w2 = a.NewWindow(AppName)
		w2.Resize(fyne.NewSize(1180, 760))
		u2 = New(a, w2, Deps{Service: u.svc})
	})
	selectTab(t, u2, "Guide")
	var again bool
	fyne.DoAndWait(func() { again = u2.guide.checks["publicclient"].Checked })
	if !again || !showsText(w2, "1 of 27 steps done", false) {
		t.Errorf("the ticked step was forgotten after a restart")
	}
}

func TestGuideCopiesTheRedirectURLAndOpensTheRightMarketplace(t *testing.T) {
	doc := model.NewDocument()
	doc.Settings.RedirectPort = 43210
	u, w, a := pagesUI(t, doc)
	var mu sync.Mutex
	var opened []string
	fyne.DoAndWait(func() {
		u.links.opener = model.OpenerFunc(func(url string) error {
			mu.Lock()
			defer mu.Unlock()
			opened = append(opened, url)
			return nil
		})
	})
	selectTab(t, u, "Guide")

	copyButton := buttonReading(t, w, "Copy")
	tapNow(t, copyButton)
	if got := a.Clipboard().Content(); got != "http://127.0.0.1:43210/oauth/callback" {
		t.Errorf("clipboard holds %q, want the Redirect URL", got)
	}
	if !showsText(w, "Copied", false) {
		t.Errorf("the Copy button should say Copied")
	}

	tapNow(t, buttonReading(t, w, "Open Zoom App Marketplace"))
	fyne.DoAndWait(func() { u.guide.env.SetSelected(envLabelGov) })
	tapNow(t, buttonReading(t, w, "Open Zoom App Marketplace"))
	waitFor(t, "two pages to open", func() bool { mu.Lock(); defer mu.Unlock(); return len(opened) == 2 })
	if opened[0] != "https://marketplace.zoom.us/develop/create" || opened[1] != "https://marketplace.zoomgov.com/develop/create" {
		t.Errorf("opened %q, want zoom.us then zoomgov.com", opened)
	}
	if got := a.Preferences().String(guideEnvPref); got != envLabelGov {
		t.Errorf("the chosen environment is not kept: %q", got)
	}
}

// The guide mentions Server-to-Server OAuth with its Account ID.
func TestGuideOffersServerToServer(t *testing.T) {
	u, w, _ := pagesUI(t, nil)
	selectTab(t, u, "Guide")
	for _, want := range []string{"For scripts and services: Server-to-Server OAuth App", "From App credentials, copy the Account ID, Client ID and Client secret"} {
		if !showsText(w, want, false) {
			t.Errorf("the guide does not show %q", want)
		}
	}
}

// The guide follows today's App Marketplace (General App, Server-to-Server
// OAuth App with its role permission and Activation), names the scope that
// /users/me needs for each app type, says which JWTs are not to be
// migrated, and why connections share a sign-in.
func TestGuideReadsLikeTodaysMarketplace(t *testing.T) {
	u, w, _ := pagesUI(t, nil)
	selectTab(t, u, "Guide")
	for _, want := range []string{
		// General App
		"Choose General App and click Create",
		"Under “Select how the app is managed”, choose Admin-managed or User-managed",
		"role permission “Zoom for developers”",
		"Add the same Redirect URL to the OAuth allow list",
		// the scope of /users/me, granular and classic
		"Click Add Scopes and add the scope that Zoom Connections checks with",
		"Admin-managed app: user:read:user:admin. User-managed app: user:read:user.",
		"An app created before 2024 has classic scopes instead: user:read:admin or user:read.",
		"click Zoom showed an error page in Zoom Connections",
		// Server-to-Server OAuth App
		"Make sure you may build Server-to-Server OAuth apps",
		"role permission “Server-to-Server OAuth app” (View and Edit)",
		"Under Activation, click Activate your app",
		"Add the scopes your script needs, and user:read:user:admin",
		// JWT
		"The JWTs that the Meeting SDK and the Video SDK make to join meetings and sessions are not affected. They still work: don't migrate them.",
		// sign-ins
		"Zoom keeps one sign-in per Zoom user per app",
		"• Reconnect one of them: all of them get the new sign-in and keep working.",
		"• Sign out (revoke) one of them: all of them are signed out, and Zoom Connections names them.",
		"• Remove one of them: Zoom Connections signs out at Zoom only if no other connection uses that sign-in.",
		"you approve once per Zoom user, not once per connection.",
	} {
		if !showsText(w, want, true) {
			t.Errorf("the guide does not show %q", want)
		}
	}
	for _, old := range []string{"OAuth tile", "Account-level app or User-managed app"} {
		if showsText(w, old, true) {
			t.Errorf("the guide still shows the 2023 Marketplace's %q", old)
		}
	}
}
