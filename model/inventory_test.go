package model

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

func importString(t *testing.T, s *Service, data, name string) (ImportResult, error) {
	t.Helper()
	return s.Files.Import(strings.NewReader(data), name)
}

func connectionCount(t *testing.T, s *Service) int {
	t.Helper()
	doc, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	return len(doc.Connections)
}

func TestExportImportRoundTripWithoutSecrets(t *testing.T) {
	src, _ := testService(t)
	ctx := context.Background()
	const secret = "client-secret-never-exported-4711"
	ic, err := src.Setup.CreateIClient(ctx, IClient{Name: "Acme app", Env: Environment{Kind: EnvZoomGov}, AppType: AppAccount, ClientID: "cid-1"}, NewSecret(secret))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := src.Setup.CreateConnection(ctx, Connection{Name: "Reports", Env: Environment{Kind: EnvZoomGov}, Auth: AuthOAuth2, IClientID: ic.ID, Scopes: "user:read:admin"}, Secret{}); err != nil {
		t.Fatal(err)
	}
	if _, err := src.Setup.CreateConnection(ctx, Connection{Name: "Webinar sync", Env: Environment{Kind: EnvZoom}, Auth: AuthJWT, APIKey: "key-1"}, NewSecret("jwt-api-secret-never-exported")); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := src.Files.Export(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, s := range []string{secret, "jwt-api-secret-never-exported", "redacted"} {
		if strings.Contains(out, s) {
			t.Errorf("export contains %q:\n%s", s, out)
		}
	}
	if _, err := src.Setup.CreateIClient(ctx, IClient{Name: "Desktop app", Env: Environment{Kind: EnvZoom}, AppType: AppUser, ClientID: "pub-1", Credentials: CredentialsPublic}, Secret{}); err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := src.Files.Export(&buf); err != nil {
		t.Fatal(err)
	}
	out = buf.String()
	for _, s := range []string{`"format": "zoomconn-inventory"`, `"version": 2`, `"iclient": "Acme app"`, `"api_key": "key-1"`, `"environment": "zoomgov"`,
		`"credentials": "public"`, `"credentials": "client_secret"`, `"redirect_host": "127.0.0.1"`} {
		if !strings.Contains(out, s) {
			t.Errorf("export lacks %s:\n%s", s, out)
		}
	}

	dst, k := testService(t)
	res, err := dst.Files.Import(strings.NewReader(out), "inventory.json")
	if err != nil {
		t.Fatal(err)
	}
	if res.Format != "json" || len(res.IClientsAdded) != 2 || len(res.ConnectionsAdded) != 2 || len(res.Skipped) != 0 {
		t.Fatalf("result %+v", res)
	}
	doc, _ := dst.Load()
	got := doc.IClientByName("acme APP")
	if got == nil || got.ClientID != "cid-1" || got.Env.Kind != EnvZoomGov || got.AppType != AppAccount || got.Public() || got.Loopback() != LoopbackIP {
		t.Fatalf("imported iClient %+v", got)
	}
	if pub := doc.IClientByName("Desktop app"); pub == nil || !pub.Public() || pub.Loopback() != LoopbackIP {
		t.Fatalf("imported public iClient %+v", pub)
	}
	if _, err := k.Get(ctx, ClientSecretAccount(got.ID)); !errors.Is(err, ErrSecretNotFound) {
		t.Errorf("an imported iClient has a secret? %v", err)
	}
	rep := doc.ConnectionByName("Reports")
	if rep == nil || rep.IClientID != got.ID || rep.Status != StatusNotAuthorized || rep.Scopes != "user:read:admin" {
		t.Errorf("imported OAuth connection %+v", rep)
	}
	jwt := doc.ConnectionByName("Webinar sync")
	if jwt == nil || jwt.Auth != AuthJWT || jwt.Status != StatusMigrationNeeded || jwt.APIKey != "key-1" {
		t.Errorf("imported JWT record %+v", jwt)
	}
	events, _, _ := dst.Activity.Read("")
	if len(events) != 4 {
		t.Errorf("want 4 activity events, got %+v", events)
	}

	// The same file again: everything is skipped, nothing overwritten.
	res, err = dst.Files.Import(strings.NewReader(out), "inventory.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.IClientsAdded)+len(res.ConnectionsAdded) != 0 || len(res.Skipped) != 4 {
		t.Errorf("second import %+v", res)
	}
	if !strings.Contains(res.Skipped[2].Reason, `a connection named "Reports" already exists`) {
		t.Errorf("skip reason %q", res.Skipped[1].Reason)
	}
}

func TestImportCSVWithBOMAndCRLF(t *testing.T) {
	s, _ := testService(t)
	data := "\xEF\xBB\xBFName,Environment,Auth_Type,API_Key\r\n" +
		"Webinar sync,zoom,jwt,AbCdEf123\r\n" +
		"\"Gov, recordings\",Zoom for Government,JWT (retired),GhIjKl456\r\n" +
		",,,\r\n" +
		"Reports ü,,jwt,MnOp789\r\n"
	res, err := importString(t, s, data, "jwt.csv")
	if err != nil {
		t.Fatal(err)
	}
	if res.Format != "csv" || len(res.ConnectionsAdded) != 3 {
		t.Fatalf("result %+v", res)
	}
	doc, _ := s.Load()
	gov := doc.ConnectionByName("Gov, recordings")
	if gov == nil || gov.Env.Kind != EnvZoomGov || gov.APIKey != "GhIjKl456" || gov.Status != StatusMigrationNeeded {
		t.Errorf("%+v", gov)
	}
	if c := doc.ConnectionByName("reports ü"); c == nil || c.Env.Kind != EnvZoom || strings.ContainsAny(c.APIKey, "\r\n") {
		t.Errorf("%+v", c)
	}
	// Semicolons, as some Excel locales write them.
	if _, err := importString(t, s, "name;environment;auth_type;api_key\nSemi;zoom;jwt;k1\n", "semi.csv"); err != nil {
		t.Fatal(err)
	}
}

func TestImportOneBadLineImportsNothing(t *testing.T) {
	s, _ := testService(t)
	var b strings.Builder
	b.WriteString("name,environment,auth_type,api_key\n")
	for i := 1; i <= 10; i++ {
		key := fmt.Sprintf("key%d", i)
		if i == 6 {
			key = "key 6" // a space pasted into the key: line 7
		}
		fmt.Fprintf(&b, "Conn %d,zoom,jwt,%s\n", i, key)
	}
	_, err := importString(t, s, b.String(), "list.csv")
	var ie *ImportError
	if !errors.As(err, &ie) || len(ie.Problems) != 1 {
		t.Fatalf("want one problem, got %v", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "Nothing was imported") || !strings.Contains(msg, "line 7, api_key: The API Key contains a space") {
		t.Errorf("message %q", msg)
	}
	if n := connectionCount(t, s); n != 0 {
		t.Errorf("%d connections imported despite the bad line", n)
	}

	for _, tc := range []struct{ data, want string }{
		{"name,environment,auth_type,api_key\nA,zoom,jwt,k\nB,moon,jwt,k\n", `line 3, environment: Unknown environment "moon"`},
		{"name,environment,auth_type,api_key\nA,zoom,basic,k\n", `line 2, auth_type: Unknown authentication type "basic"`},
		{"name,environment,auth_type,api_key\nA,zoom,jwt,\n", "line 2, api_key: Enter the API Key."},
		{"name,environment,auth_type,api_key\nA,zoom,jwt,k\na,zoom,jwt,k2\n", `line 3, name: The connection name "a" appears twice in the file (also on line 2)`},
		{"name,environment,auth_type,api_key\nA,zoom,oauth2,\n", "line 2, iclient: Choose an iClient"},
		{"name,environment,auth_type,api_key\nA,zoom,jwt,k,extra\n", "line 2: This line has 5 fields but the header has 4"},
		{"name,environment,auth_type,api_key,colour\nA,zoom,jwt,k,red\n", `line 1: Unknown column "colour"`},
		{"name,environment,auth_type,api_key\n\"A,zoom,jwt,k\n", "A double quote is out of place"},
		{"name,environment,auth_type,api_key\n", "has a header but no connections"},
		{"hello world\nthis is a letter\n", "is not a JSON or CSV inventory: a CSV file must start with the header line name,environment,auth_type,api_key"},
		{"", "is empty"},
		{"[1,2]", "is JSON but not a Zoom Connections inventory"},
		{`{"format":"something-else","version":1}`, `its "format" should be "zoomconn-inventory"`},
		{`{"format":"zoomconn-inventory","version":9}`, "written by a newer version"},
		{"{\"format\":\"zoomconn-inventory\",\"version\":1,\n\"connections\":[\n{\"name\":\"A\",\"auth_type\":\"jwt\",\"api_key\":\"k\"},\n{\"name\":\"B\",\"auth_type\":\"jwt\",\"api-key\":\"k\"}]}",
			`line 4, api-key: Unknown field "api-key"`},
		{"{\"format\":\"zoomconn-inventory\",\"version\":1,\n\"connections\":[\n{\"name\":\"A\",\"auth_type\":\"jwt\",\"api_key\":\"k\"},\n\n  {\"name\":\"B\",\"auth_type\":\"oauth2\",\"iclient\":\"Nope\"}]}",
			`line 5, iclient: There is no iClient named "Nope" in the file or on this computer.`},
		{"{\"format\":\"zoomconn-inventory\",\"version\":1,\n\"connections\":[\n{\"name\":\"A\",\"auth_type\":\"jwt\",\"api_key\":\"k\"}", "ends too early"},
		{"{\"format\":\"zoomconn-inventory\",\n\"version\":1,\n\"connections\":[{\"name\":7}]}", "line 3, name: This should be a text in quotes, not a JSON number."},
		{"\xFF\xFEn\x00a\x00", "saved as UTF-16"},
		{"name,environment,auth_type,api_key\nCaf\xe9,zoom,jwt,k\n", "is not UTF-8 text"},
	} {
		_, err := importString(t, s, tc.data, "in.file")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant …%s…", tc.data, err, tc.want)
		}
	}
	if n := connectionCount(t, s); n != 0 {
		t.Errorf("%d connections imported by bad files", n)
	}
}

func TestImportSkipsExistingNames(t *testing.T) {
	s, _ := testService(t)
	ctx := context.Background()
	if _, err := s.Setup.CreateConnection(ctx, Connection{Name: "Webinar sync", Env: Environment{Kind: EnvZoom}, Auth: AuthJWT, APIKey: "original"}, NewSecret("sec")); err != nil {
		t.Fatal(err)
	}
	res, err := importString(t, s, "name,environment,auth_type,api_key\nWEBINAR SYNC,zoom,jwt,replacement\nNew one,zoom,jwt,k\n", "l.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.ConnectionsAdded) != 1 || len(res.Skipped) != 1 || res.Skipped[0].Line != 2 || res.Skipped[0].Name != "Webinar sync" {
		t.Fatalf("%+v", res)
	}
	doc, _ := s.Load()
	if c := doc.ConnectionByName("Webinar sync"); c.APIKey != "original" {
		t.Errorf("existing connection overwritten: %+v", c)
	}
}

func TestImportRefusesBinaryAndHugeFiles(t *testing.T) {
	s, _ := testService(t)
	exe, err := os.ReadFile("/bin/true")
	if err != nil {
		exe = append([]byte("\x7fELF\x02\x01\x01\x00\x00\x00"), bytes.Repeat([]byte{0, 1, 2, 3}, 1000)...)
	}
	_, err = s.Files.Import(bytes.NewReader(exe), "true")
	if err == nil || !strings.Contains(err.Error(), "true is not a JSON or CSV file") {
		t.Errorf("binary: %v", err)
	}
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	if _, err := s.Files.Import(bytes.NewReader(png), "icon.png"); err == nil || !strings.Contains(err.Error(), "not a JSON or CSV file") {
		t.Errorf("png: %v", err)
	}
	huge := bytes.Repeat([]byte("a"), MaxImportSize+10)
	if _, err := s.Files.Import(bytes.NewReader(huge), "huge.csv"); err == nil || !strings.Contains(err.Error(), "larger than 20 MB") {
		t.Errorf("huge: %v", err)
	}
}

func TestImportFiveMegabytes(t *testing.T) {
	s, _ := testService(t)
	var b bytes.Buffer
	b.WriteString("name,environment,auth_type,api_key,account_id\r\n")
	n := 0
	for b.Len() < 5<<20 {
		n++
		fmt.Fprintf(&b, "Legacy JWT connection number %06d for the reporting team,zoom,jwt,ApiKey%06dXXXXXXXXXXXXXXXXXXXXXX,acct-%06d\r\n", n, n, n)
	}
	start := time.Now()
	res, err := s.Files.Import(bytes.NewReader(b.Bytes()), "big.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.ConnectionsAdded) != n {
		t.Fatalf("imported %d of %d", len(res.ConnectionsAdded), n)
	}
	t.Logf("imported %d connections (%.1f MB) in %v", n, float64(b.Len())/(1<<20), time.Since(start))
	doc, _ := s.Load()
	if c := doc.ConnectionByName(fmt.Sprintf("Legacy JWT connection number %06d for the reporting team", n)); c == nil || c.AccountID != fmt.Sprintf("acct-%06d", n) {
		t.Errorf("last row %+v", c)
	}
	// Export of the lot, and import elsewhere, also works.
	var out bytes.Buffer
	if err := s.Files.Export(&out); err != nil {
		t.Fatal(err)
	}
	other, _ := testService(t)
	if res, err := other.Files.Import(&out, "big.json"); err != nil || len(res.ConnectionsAdded) != n {
		t.Fatalf("re-import: %v %d", err, len(res.ConnectionsAdded))
	}
}

// A version 1 inventory was exported before public clients and 127.0.0.1
// Redirect URLs: its iClients keep a Client secret and localhost, as they
// are registered in Zoom.
func TestImportVersion1KeepsLocalhost(t *testing.T) {
	s, _ := testService(t)
	inv := `{"format":"zoomconn-inventory","version":1,"iclients":[{"name":"Old app","environment":"zoom","app_type":"user","client_id":"c1"}]}`
	if _, err := s.Files.Import(strings.NewReader(inv), "old.json"); err != nil {
		t.Fatal(err)
	}
	doc, _ := s.Load()
	ic := doc.IClientByName("Old app")
	if ic == nil || ic.Public() || ic.Loopback() != LoopbackName || !strings.HasPrefix(ic.RedirectURL(41587), "http://localhost:41587/") {
		t.Fatalf("%+v", ic)
	}
}
