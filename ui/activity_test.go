package ui

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"zoomconn/internal/demo"
	"zoomconn/model"
)

// activityRows returns the Event cell of each visible activity row, top to bottom.
func activityRows(w fyne.Window) []string {
	type row struct {
		y    float32
		text string
	}
	var rows []row
	fyne.DoAndWait(func() {
		for _, o := range visibleUnder(w.Canvas().Content()) {
			c, ok := o.(*fyne.Container)
			if !ok || len(c.Objects) != len(activityColumns) {
				continue
			}
			if _, ok := c.Layout.(*columnsLayout); !ok {
				continue
			}
			l := c.Objects[2].(*widget.Label)
			if !l.TextStyle.Bold || l.Text == "Event" {
				continue // the header
			}
			y := fyne.CurrentApp().Driver().AbsolutePositionForObject(c).Y
			rows = append(rows, row{y, c.Objects[1].(*widget.Label).Text + ": " + l.Text})
		}
	})
	sort.Slice(rows, func(i, j int) bool { return rows[i].y < rows[j].y })
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.text
	}
	return out
}

func activityFixture(t *testing.T) (*UI, fyne.Window) {
	t.Helper()
	doc := demo.Document(9)
	u, w, _ := pagesUI(t, doc)
	base := time.Date(2025, 5, 1, 10, 0, 0, 0, time.UTC)
	yes := true
	for i, ev := range []model.Event{
		{Kind: model.EventCreated, ConnectionID: "demo-conn-0", ConnectionName: "Webinar registrations sync"},
		{Kind: model.EventAuthTypeChanged, ConnectionID: "demo-conn-3", ConnectionName: "Meeting reports", Detail: "JWT (retired) → OAuth 2.0"},
		{Kind: model.EventAuthorized, ConnectionID: "demo-conn-3", ConnectionName: "Meeting reports", Detail: "=HYPERLINK(\"x\")", OK: &yes},
	} {
		ev.Time = base.Add(time.Duration(i) * time.Hour)
		if err := u.svc.Activity.Append(ev); err != nil {
			t.Fatal(err)
		}
	}
	fyne.DoAndWait(u.reload)
	selectTab(t, u, "Activity")
	waitFor(t, "three events", func() bool { return showsText(w, "3 events", false) })
	return u, w
}

func TestActivityShowsNewestFirstAndFilters(t *testing.T) {
	u, w := activityFixture(t)
	want := []string{"Meeting reports: Authorized", "Meeting reports: Authentication changed", "Webinar registrations sync: Created"}
	if got := activityRows(w); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("rows read %q, want newest first %q", got, want)
	}
	if !showsText(w, "OK", false) {
		t.Errorf("the authorized event should show its result OK")
	}

	fyne.DoAndWait(func() { u.activity.filter.SetSelected("Webinar registrations sync") })
	if got := activityRows(w); len(got) != 1 || got[0] != "Webinar registrations sync: Created" {
		t.Errorf("filtered to one connection, rows read %q", got)
	}
	fyne.DoAndWait(func() { u.showActivity("demo-conn-3") })
	if got := activityRows(w); len(got) != 2 || !showsText(w, "2 events", false) {
		t.Errorf("the row action Activity should show that connection's 2 events, rows read %q", got)
	}
	var sel string
	fyne.DoAndWait(func() { sel = u.activity.filter.Selected })
	if sel != "Meeting reports" {
		t.Errorf("the filter reads %q, want Meeting reports", sel)
	}
}

func TestActivityExportsCSV(t *testing.T) {
	u, w := activityFixture(t)
	path := filepath.Join(t.TempDir(), "activity.csv")
	fyne.DoAndWait(func() {
		u.activity.saveDialog = func(name string, done func(fyne.URIWriteCloser, error)) {
			if !strings.HasSuffix(name, ".csv") {
				t.Errorf("suggested file name %q", name)
			}
			done(storage.Writer(storage.NewFileURI(path)))
		}
	})
	tapNow(t, buttonReading(t, w, "Export CSV…"))
	waitFor(t, "the export", func() bool { return showsText(w, "Exported 3 events", false) })
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 4 || lines[0] != "time,event,connection,detail,result" {
		t.Fatalf("the CSV reads:\n%s", data)
	}
	if !strings.Contains(lines[1], "created") || !strings.Contains(lines[3], `'=HYPERLINK`) {
		t.Errorf("the CSV should list events oldest first with formulas defused:\n%s", data)
	}
}

// The Details column cuts long text; the selected entry reads in full
// below the list.
func TestActivityShowsTheSelectedEntryInFull(t *testing.T) {
	u, w := activityFixture(t)
	var full string
	onUI(func() {
		for i, ev := range u.activity.shown {
			if len(ev.Detail) > 0 {
				u.activity.list.Select(i)
				full = ev.Detail
				break
			}
		}
	})
	if full == "" {
		t.Fatal("the fixture has no entry with details")
	}
	if !showsText(w, full, true) {
		t.Errorf("the selected entry's details %q should be readable in full", full)
	}
}
