package model

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"
)

func TestReportCSVAndHTML(t *testing.T) {
	s, _ := testService(t)
	when := time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC)
	err := s.update(func(d *Document) error {
		d.IClients = append(d.IClients, IClient{ID: "ic1", Name: "Acme app", Env: Environment{Kind: EnvZoom}, AppType: AppAccount, ClientID: "c"})
		d.Connections = append(d.Connections,
			Connection{ID: "1", Name: "Webinar sync", Env: Environment{Kind: EnvZoom}, Auth: AuthJWT, APIKey: "k", Status: StatusMigrationNeeded},
			Connection{ID: "2", Name: "<script>alert(1)</script>", Env: Environment{Kind: EnvZoom}, Auth: AuthOAuth2, IClientID: "ic1",
				Status: StatusOnline, AuthorizedAs: &Account{Email: "jane@example.com", AccountID: "acct-1"}, LastTestAt: when, LastTest: "ok",
				MigratedFrom: AuthJWT, MigratedAt: when},
			Connection{ID: "3", Name: "=HYPERLINK(\"x\")", Env: Environment{Kind: EnvZoomGov}, Auth: AuthOAuth2, IClientID: "ic1",
				Status: StatusOffline, LastTestAt: when, LastTest: "Zoom could not be reached (proxy? offline?). Nothing changed."},
		)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := s.Files.Report()
	if err != nil || len(rows) != 3 {
		t.Fatalf("%v %d", err, len(rows))
	}
	var b bytes.Buffer
	if err := WriteReportCSV(&b, rows); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		ReportCSVHeader,
		{"<script>alert(1)</script>", "Zoom", "JWT (retired)", "OAuth 2.0", "Acme app", "jane@example.com (account acct-1)", "Online", "2024-03-01T09:30:00Z", "ok", "2024-03-01T09:30:00Z"},
		{"'=HYPERLINK(\"x\")", "Zoom for Government", "OAuth 2.0", "OAuth 2.0", "Acme app", "", "Offline", "2024-03-01T09:30:00Z", "failed: Zoom could not be reached (proxy? offline?). Nothing changed.", ""},
		{"Webinar sync", "Zoom", "JWT (retired)", "JWT (retired)", "", "", "Migration needed", "", "", ""},
	}
	if len(recs) != len(want) {
		t.Fatalf("csv:\n%q", recs)
	}
	for i := range want {
		if strings.Join(recs[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("csv row %d:\n got %q\nwant %q", i, recs[i], want[i])
		}
	}

	b.Reset()
	if err := WriteReportHTML(&b, rows); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, s := range []string{
		"<title>Zoom Connections — migration report</title>", "Generated ", "3 connections · 1 migrated · 1 still on JWT",
		`<span class="n">1</span><span class="badge online">Online</span>`,
		`<span class="n">1</span><span class="badge migration_needed">Migration needed</span>`,
		"&lt;script&gt;alert(1)&lt;/script&gt;", "jane@example.com (account acct-1)", "2024-03-01 09:30 UTC", "<style>",
	} {
		if !strings.Contains(page, s) {
			t.Errorf("HTML lacks %q", s)
		}
	}
	if strings.Contains(page, "<script>") || strings.Contains(page, "http://") || strings.Contains(page, "https://") {
		t.Error("HTML is not self-contained and inert")
	}

	b.Reset()
	WriteReportHTML(&b, nil)
	if !strings.Contains(b.String(), "There are no connections yet.") {
		t.Error("empty report")
	}
}
