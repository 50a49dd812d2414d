package ui

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"zoomconn/internal/demo"
	"zoomconn/internal/secretstest"
	"zoomconn/model"
)

// Dates in the window are local time; the golden files are in UTC.
func init() { time.Local = time.UTC }

// waitFor polls until cond holds: the UI loads data off its goroutine.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// newSvc opens a data folder holding doc (nil: none) over secrets.
func newSvc(t *testing.T, doc *model.Document, secrets model.Secrets) *model.Service {
	t.Helper()
	svc, err := model.Open(filepath.Join(t.TempDir(), "data"), secrets)
	if err != nil {
		t.Fatal(err)
	}
	if doc != nil {
		if err := svc.Store.Save(doc); err != nil {
			t.Fatal(err)
		}
	}
	return svc
}

// openWindow opens the window over svc and waits until it shows something.
func openWindow(t *testing.T, svc *model.Service) (*UI, fyne.Window, fyne.App) {
	t.Helper()
	return openWindowWith(t, Deps{Service: svc})
}

// openWindowWith is openWindow over d.
func openWindowWith(t *testing.T, d Deps) (*UI, fyne.Window, fyne.App) {
	t.Helper()
	a := newSerialApp(t)
	var w fyne.Window
	var u *UI
	fyne.DoAndWait(func() {
		w = a.NewWindow(AppName)
		w.Resize(fyne.NewSize(1180, 760))
		u = New(a, w, d)
	})
	// Let work the test started but did not wait for (a reload after the
	// last step) hand its result back before this test's UI goroutine ends,
	// so that it is not run by the next test's.
	t.Cleanup(func() {
		time.Sleep(150 * time.Millisecond)
		onUI(func() {})
		onUI(w.Close) // what would outlive the window stops, as in the app
	})
	waitFor(t, "the document to load", func() bool {
		var ok bool
		fyne.DoAndWait(func() { ok = u.doc != nil || u.connections.problem != nil })
		return ok
	})
	return u, w, a
}

// openDemo opens the window over the nine demo connections, secrets in memory.
func openDemo(t *testing.T) (*UI, fyne.Window, fyne.App) {
	t.Helper()
	return openWindow(t, newSvc(t, demo.Document(9), secretstest.New()))
}

// onUI runs f on the UI goroutine and waits for it.
func onUI(f func()) { fyne.DoAndWait(f) }

// typeInto types text into e as a keyboard would, after clearing it.
func typeInto(e interface {
	fyne.Focusable
	SetText(string)
}, text string) {
	onUI(func() {
		e.SetText("")
		test.Type(e, text)
	})
}

// inTop returns the first visible object in the top dialog or menu for
// which match holds.
func inTop[T fyne.CanvasObject](w fyne.Window, match func(T) bool) T {
	var found T
	onUI(func() {
		for _, o := range visibleUnder(w.Canvas().Overlays().Top()) {
			if x, ok := o.(T); ok && match(x) {
				found = x
				return
			}
		}
	})
	return found
}

// tapMenuItem taps the item reading label in the open pop-up menu (a row's
// actions or a Select's choices).
func tapMenuItem(t *testing.T, w fyne.Window, label string) {
	t.Helper()
	var item fyne.Tappable
	onUI(func() {
		for _, o := range visibleUnder(w.Canvas().Overlays().Top()) {
			tp, ok := o.(fyne.Tappable)
			wid, isWidget := o.(fyne.Widget)
			if !ok || !isWidget {
				continue
			}
			for _, part := range test.WidgetRenderer(wid).Objects() {
				if txt, ok := part.(*canvas.Text); ok && txt.Text == label {
					item = tp
				}
			}
		}
	})
	if item == nil {
		t.Fatalf("no menu item %q is open", label)
	}
	tapNow(t, item)
}

// choose picks label in sel as a person does: open it, tap the choice.
func choose(t *testing.T, w fyne.Window, sel fyne.Tappable, label string) {
	t.Helper()
	tapNow(t, sel)
	tapMenuItem(t, w, label)
}

// rowsShown returns the names in the visible rows of the list, top down.
func rowsShown(u *UI) []string {
	var rows []*connRowView
	onUI(func() {
		for _, o := range visibleUnder(u.connections.list) {
			if r, ok := o.(*connRowView); ok && r.Visible() {
				rows = append(rows, r)
			}
		}
	})
	sort.Slice(rows, func(i, j int) bool { return rows[i].Position().Y < rows[j].Position().Y })
	var names []string
	onUI(func() {
		for _, r := range rows {
			names = append(names, r.name.Text)
		}
	})
	return names
}

// row returns the visible row of the connection named name.
func row(t *testing.T, u *UI, name string) *connRowView {
	t.Helper()
	var found *connRowView
	onUI(func() {
		for _, o := range visibleUnder(u.connections.list) {
			if r, ok := o.(*connRowView); ok && r.name.Text == name {
				found = r
			}
		}
	})
	if found == nil {
		t.Fatalf("no row %q; rows: %v", name, rowsShown(u))
	}
	return found
}

// shortcut presses a window shortcut, such as Ctrl+N, where the focus is.
func shortcut(w fyne.Window, s *desktop.CustomShortcut) {
	onUI(func() {
		if f, ok := w.Canvas().Focused().(fyne.Shortcutable); ok {
			f.TypedShortcut(s)
			return
		}
		w.Canvas().(fyne.Shortcutable).TypedShortcut(s)
	})
}

// key presses a key where the focus is (the window when nothing has it).
func key(w fyne.Window, name fyne.KeyName) {
	onUI(func() {
		ev := &fyne.KeyEvent{Name: name}
		if f := w.Canvas().Focused(); f != nil {
			f.TypedKey(ev)
			return
		}
		w.Canvas().OnTypedKey()(ev)
	})
}

func TestEmptyStateOnFirstStart(t *testing.T) {
	_, w, _ := openWindow(t, newSvc(t, nil, secretstest.New()))
	for _, want := range []string{"No connections yet", "Create connection", "Import"} {
		if !showsText(w, want, false) {
			t.Errorf("the empty state does not show %q", want)
		}
	}
}

func TestUnreadableDataFileSaysWhereAndRestoresTheBackup(t *testing.T) {
	svc := newSvc(t, demo.Document(9), secretstest.New())
	// A second save leaves the first as the backup; then the file breaks.
	if err := svc.Store.Save(demo.Document(9)); err != nil {
		t.Fatal(err)
	}
	broken := []byte(`{"schema": 1, "connections": [`)
	if err := os.WriteFile(svc.Store.Path(), broken, 0o600); err != nil {
		t.Fatal(err)
	}
	u, w, _ := openWindow(t, svc)
	for _, want := range []string{"The connections file cannot be read", "File: " + svc.Store.Path()} {
		if !showsText(w, want, true) {
			t.Errorf("the window does not say %q", want)
		}
	}
	if got, _ := os.ReadFile(svc.Store.Path()); string(got) != string(broken) {
		t.Fatalf("the unreadable file was changed")
	}

	tapNow(t, buttonReading(t, w, "Restore backup"))
	tapNow(t, dialogButton(t, w, "Restore backup"))
	waitFor(t, "the connections", func() bool { return len(rowsShown(u)) == 9 })
	if got, err := os.ReadFile(svc.Store.Path() + ".broken-1"); err != nil || string(got) != string(broken) {
		t.Errorf("the unreadable file was not kept aside as .broken-1 (%v)", err)
	}
}

func TestNoKeyringShowsWhatToDoAndTheListStillWorks(t *testing.T) {
	u, w, _ := openWindow(t, newSvc(t, demo.Document(9), secretstest.Unavailable{}))
	waitFor(t, "the keyring banner", func() bool {
		return showsText(w, "Your system's password store is not available.", true)
	})
	if !showsText(w, "install gnome-keyring", true) {
		t.Errorf("the banner does not say what to install")
	}
	if len(rowsShown(u)) != 9 {
		t.Errorf("the list should still show every connection, shows %v", rowsShown(u))
	}
}

func TestKeyboard(t *testing.T) {
	u, w, _ := openDemo(t)

	shortcut(w, shortcutFind)
	var focused fyne.Focusable
	onUI(func() { focused = w.Canvas().Focused() })
	if focused != u.connections.search {
		t.Fatalf("Ctrl+F should put the cursor in the search box, focus is on %T", focused)
	}
	onUI(func() { test.Type(u.connections.search, "webinar") })
	shortcut(w, shortcutNew) // typed in the search box, it still works
	if !strings.Contains(topDialogText(w), "Create connection") {
		t.Fatalf("Ctrl+N should open Create connection; top dialog:\n%s", topDialogText(w))
	}
	key(w, fyne.KeyEscape)
	if topDialogText(w) != "" {
		t.Fatalf("Esc should close an unchanged Create connection; it shows:\n%s", topDialogText(w))
	}

	// Down from the search box selects the first match; Enter opens it.
	onUI(func() { w.Canvas().Focus(u.connections.search) })
	key(w, fyne.KeyDown)
	key(w, fyne.KeyReturn)
	if !strings.Contains(topDialogText(w), "Edit connection: Webinar registrations sync") {
		t.Fatalf("Enter should open the selected connection; top dialog:\n%s", topDialogText(w))
	}
	// With a change made, Esc asks before throwing it away.
	onUI(func() { w.Canvas().Focus(u.editor.name) })
	onUI(func() { test.Type(u.editor.name, " 2") })
	key(w, fyne.KeyEscape)
	if !strings.Contains(topDialogText(w), "Discard changes?") {
		t.Fatalf("Esc with unsaved changes should ask; top dialog:\n%s", topDialogText(w))
	}
	key(w, fyne.KeyEscape) // Keep editing
	if !strings.Contains(topDialogText(w), "Edit connection") {
		t.Fatalf("Esc on the question should go back to the editor; top dialog:\n%s", topDialogText(w))
	}
}

// assertGolden compares what o draws with testdata/<name>: markup (.xml)
// or an image (.png) in Fyne's test theme. On a difference, or when the
// file is missing, Fyne writes what it drew to testdata/failed/<name>;
// after checking it, copy it over testdata/<name> to accept the change.
func assertGolden(t *testing.T, name string, o fyne.CanvasObject) {
	t.Helper()
	onUI(func() {
		if strings.HasSuffix(name, ".png") {
			test.AssertObjectRendersToImage(t, name, o)
			return
		}
		test.AssertObjectRendersToMarkup(t, name, o)
	})
}

func TestImportAddsTheConnectionsAndSaysWhat(t *testing.T) {
	u, w, _ := openWindow(t, newSvc(t, nil, secretstest.New()))
	path := filepath.Join(t.TempDir(), "jwt-connections.csv")
	csv := "name,environment,auth_type,api_key\nWebinar sync,zoom,jwt,jwtKey123\n"
	if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	onUI(func() { u.connections.files.importFile(path) })
	waitFor(t, "the summary", func() bool { return strings.Contains(topDialogText(w), "Imported 1 connection and 0 iClients.") })
	waitFor(t, "the row", func() bool { return len(rowsShown(u)) == 1 })
	if !showsText(w, "1 connection still uses JWT, which Zoom turned off on September 8, 2023. Migrate it: "+migrateAdvice, false) {
		t.Errorf("the imported JWT connection should be counted in the banner")
	}

	onUI(func() { u.connections.files.importFile(filepath.Join(t.TempDir(), "missing.csv")) })
	waitFor(t, "the error", func() bool { return strings.Contains(topDialogText(w), "Import failed") })
}

func TestTabOrderFollowsTheForm(t *testing.T) {
	u, w, _ := openDemo(t)
	e := editConnection(t, u, w, "Training attendance")
	onUI(func() { w.Canvas().Focus(e.name) })
	want := []fyne.Focusable{e.env, e.auth, e.iclients.sel}
	for _, next := range want {
		var got fyne.Focusable
		onUI(func() {
			test.FocusNext(w.Canvas())
			got = w.Canvas().Focused()
		})
		if got != next {
			t.Fatalf("Tab moved to %T, want %T", got, next)
		}
	}
}
