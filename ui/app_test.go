package ui

import (
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"zoomconn/model"
)

// waitFor polls until cond holds: the UI loads data off its goroutine.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// texts returns every label and button text visible on the canvas.
func texts(c fyne.Canvas) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		switch w := o.(type) {
		case *widget.Label:
			out = append(out, w.Text)
		case *widget.Button:
			out = append(out, w.Text)
		}
		if w, ok := o.(fyne.Widget); ok {
			for _, child := range test.WidgetRenderer(w).Objects() {
				walk(child)
			}
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, child := range c.Objects {
				walk(child)
			}
		}
	}
	walk(c.Content())
	return out
}

func shows(c fyne.Canvas, text string) bool {
	var found bool
	fyne.DoAndWait(func() {
		for _, s := range texts(c) {
			if s == text {
				found = true
			}
		}
	})
	return found
}

func TestEmptyStateOnFirstStart(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	w := a.NewWindow(AppName)
	svc, err := model.Open(filepath.Join(t.TempDir(), "data"), nil)
	if err != nil {
		t.Fatal(err)
	}
	New(a, w, svc, nil)
	waitFor(t, "the empty state", func() bool { return shows(w.Canvas(), "No connections yet") })
	for _, want := range []string{"Create connection", "Import"} {
		if !shows(w.Canvas(), want) {
			t.Errorf("the empty state has no %q button", want)
		}
	}
}
