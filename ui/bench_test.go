package ui

import (
	"testing"

	"fyne.io/fyne/v2"

	"zoomconn/internal/demo"
	"zoomconn/internal/secretstest"
	"zoomconn/internal/wire"
)

// keystrokes is what typing "reports", then "jane" and clearing the box
// sends: each one filters all the connections and redraws the visible rows.
var keystrokes = []string{"r", "re", "rep", "repo", "repor", "report", "reports", "", "j", "ja", "jan", "jane", ""}

// BenchmarkFilter measures one keystroke in the search box with 10,000
// connections: the search, the status filter and the visible rows' update,
// on the UI goroutine as the window does it. Target: under 2 ms.
func BenchmarkFilter(b *testing.B) {
	u, _ := benchWindow(b, 10000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		q := keystrokes[i%len(keystrokes)]
		onUI(func() { u.connections.search.SetText(q) })
	}
}

// BenchmarkFilterView is the same without the widgets: the search alone.
func BenchmarkFilterView(b *testing.B) {
	var v connView
	v.status = filterAll
	v.load(demo.Document(10000))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		v.setQuery(keystrokes[i%len(keystrokes)])
	}
}

func benchWindow(b *testing.B, n int) (*UI, fyne.Window) {
	b.Helper()
	svc, err := wire.Parts{Dir: b.TempDir(), Secrets: secretstest.New()}.Service()
	if err != nil {
		b.Fatal(err)
	}
	if err := svc.Store.Save(demo.Document(n)); err != nil {
		b.Fatal(err)
	}
	a := newLoopApp(b)
	var w fyne.Window
	var u *UI
	onUI(func() {
		w = a.NewWindow(AppName)
		w.Resize(fyne.NewSize(1180, 760))
		u = New(a, w, Deps{Service: svc})
	})
	for {
		var rows int
		onUI(func() { rows = len(u.connections.view.rows) })
		if rows == n {
			return u, w
		}
	}
}
