package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"zoomconn/internal/demo"
	"zoomconn/internal/secretstest"
	"zoomconn/internal/wire"
	"zoomconn/model"
)

// A change made by another process (here a second Service on the same
// folder, as the command line is) shows in the window without a restart,
// and what the admin is typing in an open dialog stays.
func TestWindowReloadsWhenTheDataFileChanges(t *testing.T) {
	old := dataPollEvery
	dataPollEvery = 50 * time.Millisecond
	t.Cleanup(func() { dataPollEvery = old })

	svc := newSvc(t, demo.Document(9), secretstest.New())
	u, w, _ := openWindow(t, svc)
	e := editConnection(t, u, w, "Room status monitor")
	typeInto(e.name, "Room status monitor (being renamed)")

	other, err := wire.Parts{Dir: svc.Dir, Secrets: secretstest.New()}.Service() // another process
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := other.Load()
	var icID string
	for _, ic := range doc.IClients {
		if ic.Name == "Acme reporting app" {
			icID = ic.ID
		}
	}
	time.Sleep(20 * time.Millisecond) // a new modification time
	if _, err := other.Setup.CreateConnection(context.Background(), model.Connection{Name: "Made on the command line",
		Env: model.Environment{Kind: model.EnvZoom}, Auth: model.AuthOAuth2, IClientID: icID}, model.Secret{}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the new connection to show", func() bool {
		var shown bool
		onUI(func() {
			for i := range u.connections.view.rows {
				shown = shown || u.connections.view.row(i).c.Name == "Made on the command line"
			}
		})
		return shown
	})
	var name string
	var same bool
	onUI(func() { name, same = e.name.Text, topDialog[*editor](u.dlg) == e })
	if !same || name != "Room status monitor (being renamed)" {
		t.Errorf("the open editor lost what was typed: %q (same editor: %v)", name, same)
	}
}

// The Guide opened beside a dialog is a window of its own: Esc closes it,
// wherever the focus is in it (on a step just ticked, on its Close
// button), and so does its Close button.
func TestGuideWindowClosesWithEscAndClose(t *testing.T) {
	u, w, _ := openDemo(t)
	editConnection(t, u, w, "Room status monitor")
	for _, how := range []string{"Esc", "Esc on a ticked step", "Esc on Close", "Close"} {
		onUI(u.openGuideWindow)
		var g fyne.Window
		onUI(func() { g = u.guideWin })
		if g == nil {
			t.Fatalf("the Guide should open in a window beside the editor")
		}
		step := find(g, func(*check) bool { return true })
		closeBtn := find(g, func(b *button) bool { return b.Text == "Close" })
		if closeBtn == nil {
			t.Fatalf("the Guide window has no Close button")
		}
		switch how {
		case "Esc":
			key(g, fyne.KeyEscape)
		case "Esc on a ticked step":
			if step == nil {
				t.Fatal("the Guide window shows no step to tick")
			}
			onUI(func() { g.Canvas().Focus(step) })
			key(g, fyne.KeySpace)
			key(g, fyne.KeyEscape)
		case "Esc on Close":
			onUI(func() { g.Canvas().Focus(closeBtn) })
			key(g, fyne.KeyEscape)
		default:
			tapNow(t, closeBtn)
		}
		onUI(func() { g = u.guideWin })
		if g != nil {
			t.Errorf("%s should close the Guide window", how)
		}
		if !strings.Contains(topDialogText(w), "Edit connection") {
			t.Errorf("%s in the Guide must leave the editor open", how)
		}
	}
}
