package cli_test

import (
	"bufio"
	"bytes"
	"io"
	"net/url"
	"strings"
	"testing"
)

// TestCLIAuthorizeFinishedOnAnotherComputer: on a server without a
// browser, authorize --no-browser prints the link; the admin approves in a
// browser elsewhere, whose redirect to this server's loopback address
// cannot connect, and pastes the address it ended on.
func TestCLIAuthorizeFinishedOnAnotherComputer(t *testing.T) {
	e := newCLIEnv(t)
	e.addOAuthIClient("App", "cid-paste")
	e.ok("", "connection", "add", "--name", "Reports", "--auth", "oauth2", "--iclient", "App")

	e.browser = ""
	cmd := e.command("", "authorize", "Reports", "--no-browser")
	cmd.Stdin = nil
	stdin, _ := cmd.StdinPipe()
	stderr, _ := cmd.StderrPipe()
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var callback string
	var lines []string
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		line := sc.Text()
		lines = append(lines, line)
		switch u := strings.TrimSpace(line); {
		case strings.HasPrefix(u, e.zoom.URL()+"/oauth/authorize?"):
			cb, err := e.zoom.Browser().Consent(u) // Allow, elsewhere: the redirect is not followed
			if err != nil || cb == "" {
				t.Fatalf("consent: %q %v", cb, err)
			}
			callback = cb
			parsed, _ := url.Parse(cb)
			e.forbid(parsed.Query().Get("code")) // the state is in the printed link; the code never is
		case strings.HasPrefix(line, "If that browser runs on another computer"):
			io.WriteString(stdin, "the page said it cannot connect\n")
		case strings.HasPrefix(line, "That is not a web address."):
			io.WriteString(stdin, callback+"\n")
		}
	}
	err := cmd.Wait()
	stdin.Close()
	out := strings.Join(lines, "\n")
	e.mu.Lock()
	e.outputs = append(e.outputs, stdout.String(), out)
	e.mu.Unlock()
	if err != nil || callback == "" || stdout.String() != "Connected as jane@example.com (account acct-cid-paste)\n" {
		t.Fatalf("authorize --no-browser with a pasted address: %v\nstdout %q\nstderr:\n%s", err, stdout.String(), out)
	}
	if !strings.Contains(out, "copy the address from its address bar, paste it here and press Enter.") {
		t.Errorf("authorize did not say it takes a pasted address:\n%s", out)
	}
	e.forbidTokens("Reports")
	if got := e.ok("", "test", "Reports"); !strings.HasPrefix(got, "Reports: Online.") {
		t.Errorf("test after the pasted consent: %q", got)
	}
}
