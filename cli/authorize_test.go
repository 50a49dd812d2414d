package cli_test

import (
	"bufio"
	"os"
	"runtime"
	"strings"
	"testing"

	"zoomconn/model"
)

// Zoom's own error page (here “Invalid scope”) never comes back to the
// Redirect URL: Ctrl+C ends the wait at once and says what to check.
func TestAuthorizeCtrlCAfterZoomsErrorPageSaysWhatToCheck(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("sends SIGINT")
	}
	e := newCLIEnv(t)
	e.addOAuthIClient("Acme app", "cid-scopes")
	e.ok("", "connection", "add", "--name", "Reports", "--auth", "oauth2", "--iclient", "Acme app", "--scopes", "meeting:read:list_meetings:admin")
	if help := e.ok("", "authorize", "--help"); !strings.Contains(help, "press Ctrl+C\nto end the wait at once") {
		t.Errorf("authorize --help does not say that Ctrl+C ends the wait:\n%s", help)
	}

	e.browser = ""
	cmd := e.command("", "authorize", "Reports", "--no-browser")
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	browser := e.zoom.Browser()
	var lines []string
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		line := sc.Text()
		lines = append(lines, line)
		if u := strings.TrimSpace(line); strings.HasPrefix(u, e.zoom.URL()+"/oauth/authorize?") {
			if cb, err := browser.Consent(u); err != nil || cb != "" {
				t.Errorf("Zoom should show its own page, not redirect (%q, %v)", cb, err)
			}
		}
		if strings.HasPrefix(line, "Waiting for Zoom's answer") {
			if !strings.Contains(line, "press Ctrl+C to see what to check") {
				t.Errorf("the wait does not say how to end it: %s", line)
			}
			if err := cmd.Process.Signal(os.Interrupt); err != nil {
				t.Fatal(err)
			}
		}
	}
	err := cmd.Wait()
	out := strings.Join(lines, "\n")
	e.mu.Lock()
	e.outputs = append(e.outputs, out)
	e.mu.Unlock()
	if p := browser.Last(); p.Status != 400 || !strings.Contains(p.Body, "4,711") {
		t.Errorf("the browser shows %d %q, want Zoom's scope error page", p.Status, p.Body)
	}
	if code := cmd.ProcessState.ExitCode(); code != 1 {
		t.Errorf("exit %d (%v), want 1\n%s", code, err, out)
	}
	for _, want := range []string{
		"zoomconn: Stopped waiting for Zoom. Nothing changed.",
		"If Zoom showed an error page instead of asking you to Allow, check the app in Zoom's App Marketplace:",
		"  - “Invalid redirect” (4,700): add " + model.RedirectURL(model.LoopbackIP, e.port) + " to the app's OAuth Redirect URL and to its OAuth allow list",
		"  - “Invalid scope”: this connection asks for meeting:read:list_meetings:admin: add those scopes to the app in Zoom, or clear the connection's Scopes",
		`To clear the connection's Scopes: zoomconn connection edit Reports --scopes ""`,
		"Then authorize again: zoomconn authorize Reports",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stderr lacks %q:\n%s", want, out)
		}
	}
	if c := e.connection("Reports"); c.Status != "not_authorized" {
		t.Errorf("the connection is %q after the stopped wait", c.Status)
	}
}
