package ui

import (
	"strings"
	"testing"

	"zoomconn/model"
)

func TestEditConnectionShowsScriptsForAnOnlineConnection(t *testing.T) {
	u, w, a := openDemo(t)
	e := editConnection(t, u, w, "Meeting reports")
	var shown bool
	onUI(func() { shown = e.scripts.section.Visible() })
	if !shown || !visible(w, e.scripts.section) {
		t.Fatal("Edit connection of an Online connection should offer Use in scripts")
	}
	onUI(func() { e.scripts.section.Open(0) })
	var titles []string
	onUI(func() {
		for _, it := range e.scripts.tabs.Items {
			titles = append(titles, it.Text)
		}
	})
	if strings.Join(titles, ", ") != "Shell (curl), PowerShell, Python" {
		t.Errorf("the scripts are %q", titles)
	}
	var want []model.Snippet
	onUI(func() { want = model.Snippets(*e.orig) })
	for i, sn := range want {
		onUI(func() { e.scripts.tabs.SelectIndex(i) })
		if !visible(w, e.scripts.codes[i]) {
			t.Errorf("the %s tab does not show its script", sn.Title)
		}
		tapNow(t, e.scripts.copies[i])
		if got := a.Clipboard().Content(); got != sn.Code {
			t.Errorf("Copy of %s put %q on the clipboard, want %q", sn.Title, got, sn.Code)
		}
	}
	// Each Copy reads "Copied" for a moment: let it flip back here, on
	// this test's UI goroutine, not during the next test.
	waitFor(t, "the Copy buttons to read Copy again", func() bool {
		back := true
		onUI(func() {
			for _, b := range e.scripts.copies {
				back = back && b.Text == "Copy"
			}
		})
		return back
	})
	if !strings.Contains(want[0].Code, "zoomconn token 'Meeting reports'") || !strings.Contains(want[1].Code, "zoomconn token 'Meeting reports' --json") ||
		!strings.Contains(want[2].Code, `"zoomconn", "token", "Meeting reports", "--json"`) {
		t.Errorf("the scripts do not name the connection:\n%v", want)
	}

	// Switching the form to another authentication type hides them: they
	// are for the connection as saved.
	choose(t, w, e.auth, model.AuthS2S.Label())
	onUI(func() { shown = e.scripts.section.Visible() })
	if shown {
		t.Error("Use in scripts should hide while the form changes the authentication type")
	}
	tapNow(t, e.cancel)
}

func TestEditConnectionHasNoScriptsBeforeItIsOnline(t *testing.T) {
	u, w, _ := openDemo(t)
	for _, name := range []string{"Training attendance", "Webinar registrations sync", "HR onboarding"} {
		e := editConnection(t, u, w, name)
		var shown bool
		onUI(func() { shown = e.scripts.section.Visible() })
		if shown {
			t.Errorf("%s is not Online, yet Edit connection offers scripts", name)
		}
		onUI(func() { e.d.Hide() })
	}
}
