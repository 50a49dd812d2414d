package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"zoomconn/internal/demo"
)

func TestDeletingAnIClientInUseIsRefusedNamingTheConnections(t *testing.T) {
	u, w, _ := pagesUI(t, demo.Document(9))
	selectTab(t, u, "iClients")
	waitFor(t, "the iClients list", func() bool { return showsText(w, "Acme reporting app", false) })
	if !showsText(w, "2 connections", false) || !showsText(w, "Not used", false) {
		t.Errorf("the list should say how many connections use each iClient")
	}

	tapNow(t, rowButton(t, w, "Acme reporting app", "Delete"))
	msg := topDialogText(w)
	for _, want := range []string{`The iClient "Acme reporting app" cannot be deleted`, `"Meeting reports" and "Training attendance"`} {
		if !strings.Contains(msg, want) {
			t.Errorf("the refusal does not say %q; it says:\n%s", want, msg)
		}
	}
	doc, err := u.svc.Load()
	if err != nil || doc.IClient("demo-iclient-0") == nil {
		t.Fatalf("the iClient in use is gone: %v", err)
	}
}

func TestDeletingAnUnusedIClientAsksThenRemovesIt(t *testing.T) {
	u, w, _ := pagesUI(t, demo.Document(9))
	selectTab(t, u, "iClients")
	waitFor(t, "the iClients list", func() bool { return showsText(w, "Spare marketing app", false) })

	tapNow(t, rowButton(t, w, "Spare marketing app", "Delete"))
	if msg := topDialogText(w); !strings.Contains(msg, `Delete the iClient "Spare marketing app"?`) {
		t.Fatalf("no confirmation before deleting; the dialog says:\n%s", msg)
	}
	tapNow(t, dialogButton(t, w, "Delete"))
	waitFor(t, "the row to go", func() bool { return !showsText(w, "Spare marketing app", false) })
	doc, err := u.svc.Load()
	if err != nil || doc.IClient("demo-iclient-5") != nil {
		t.Errorf("the iClient is still saved (%v)", err)
	}
	var count string
	fyne.DoAndWait(func() { count = u.iclients.count.Text })
	if count != "5 iClients" {
		t.Errorf("count reads %q, want 5 iClients", count)
	}
}

func TestIClientsEmptyState(t *testing.T) {
	u, w, _ := pagesUI(t, nil)
	selectTab(t, u, "iClients")
	if !showsText(w, "No iClients yet", false) || !showsText(w, "New iClient…", false) {
		t.Errorf("an empty iClients page should say so and offer New iClient")
	}
}
