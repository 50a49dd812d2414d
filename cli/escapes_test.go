package cli_test

import (
	"strings"
	"testing"

	"zoomconn/internal/zoomtest"
	"zoomconn/model"
)

// escapes retitles the terminal (OSC 0), recolours it (SGR) and reverses
// what follows (bidi override).
const escapes = "\x1b]0;pwned\x07\x1b[31m\u202e"

func (e *cliEnv) noControls(where string, texts ...string) {
	e.t.Helper()
	for _, s := range texts {
		if strings.ContainsAny(s, "\x1b\x07\u202e") {
			e.t.Errorf("%s reaches the terminal with a control character:\n%q", where, s)
		}
	}
}

func TestCLIPrintsNoEscapeSequenceFromZoom(t *testing.T) {
	e := newCLIEnv(t)
	secret := "s2s-secret-" + model.NewID()
	e.forbid(secret)
	e.zoom.RegisterClient("s2s-cid", secret, "")
	e.ok(secret, append([]string{"iclient", "add", "--name", "S2S", "--client-id", "s2s-cid", "--app-type", "s2s"}, e.custom()...)...)
	e.zoom.AddAccount("acct-name", zoomtest.User{ID: "u1", DisplayName: "Jane" + escapes + "Doe"})
	e.zoom.FailAccount("acct-fail", 400, "invalid_request", "The app is disabled"+escapes)
	e.ok("", "connection", "add", "--name", "Named", "--auth", "s2s", "--iclient", "S2S", "--account-id", "acct-name")
	e.ok("", "connection", "add", "--name", "Failing", "--auth", "s2s", "--iclient", "S2S", "--account-id", "acct-fail")

	out := e.ok("", "test", "Named")
	e.noControls("a display name", out)
	if !strings.Contains(out, "Connected as Jane") || !strings.Contains(out, "Doe") {
		t.Errorf("test: %q", out)
	}
	code, out, errOut := e.run("", "test", "Failing", "--verbose")
	e.noControls("Zoom's error text", out, errOut)
	if code != 1 || !strings.Contains(errOut, "The app is disabled") {
		t.Errorf("test of a failing account: exit %d\n%q", code, errOut)
	}
	for _, args := range [][]string{{"list"}, {"status"}, {"status", "Failing"}, {"report"}} {
		_, out, errOut := e.run("", args...)
		e.noControls(strings.Join(args, " "), out, errOut)
	}

	// Text stored before this check (or by hand) is cleaned on the way out.
	st := &model.Store{Dir: e.home}
	doc, err := st.Load()
	if err != nil {
		t.Fatal(err)
	}
	c := doc.ConnectionByName("Named")
	c.AuthorizedAs.Email = "jane@example.com" + escapes
	c.LastTest = "broken" + escapes
	c.Status = model.StatusOffline
	if err := st.Save(doc); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"list"}, {"status"}, {"status", "Named"}, {"report"}, {"iclient", "list"}} {
		_, out, errOut := e.run("", args...)
		e.noControls("stored text: "+strings.Join(args, " "), out, errOut)
	}
	if out := e.ok("", "list"); !strings.Contains(out, "jane@example.com") {
		t.Errorf("list lost the account: %s", out)
	}
}
