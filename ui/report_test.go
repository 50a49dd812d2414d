package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReportButtonAsksWhereToSave(t *testing.T) {
	_, w, _ := openDemo(t)
	tapNow(t, buttonReading(t, w, "Report"))
	if !strings.Contains(topDialogText(w), "[Save]") {
		t.Errorf("Report should open a save dialog; the top dialog shows:\n%s", topDialogText(w))
	}
}

func TestReportIsSavedAsHTMLOrCSV(t *testing.T) {
	u, w, _ := openDemo(t)
	dir := t.TempDir()
	for _, tc := range []struct{ name, want string }{
		{"report.html", "Zoom Connections — migration report"},
		{"report.CSV", "name,environment,auth_type_before,auth_type_now"},
	} {
		path := filepath.Join(dir, tc.name)
		onUI(func() { u.connections.files.saveReport(path) })
		waitFor(t, "the report to be saved", func() bool {
			return strings.Contains(topDialogText(w), "Report saved") || strings.Contains(topDialogText(w), "could not")
		})
		if msg := topDialogText(w); !strings.Contains(msg, "The migration report lists 9 connections. It was saved to "+path+".") {
			t.Errorf("after saving %s the dialog shows:\n%s", tc.name, msg)
		}
		data, err := os.ReadFile(path)
		if err != nil || !strings.Contains(string(data), tc.want) || !strings.Contains(string(data), "Webinar registrations sync") {
			t.Errorf("%s does not read as a report (%v):\n%.300s", tc.name, err, data)
		}
		tapNow(t, dialogButton(t, w, "Close"))
	}
}
