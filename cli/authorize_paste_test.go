package cli

import (
	"bufio"
	"bytes"
	"io"
	"net/url"
	"strings"
	"testing"
	"time"

	"zoomconn/model"
)

// pastedConsent runs authorize --no-browser in-process as an admin whose
// browser is on another computer: it approves there (the test server's
// browser, which does not visit the loopback address it is sent to) and
// types each of pastes on standard input, the first after the hint, each
// next one after a refusal. It returns authorize's stdout, stderr, the
// code the browser carried and authorize's error.
func (e *env) pastedConsent(pastes func(callback string) []string) (out, errOut, code string, err error) {
	e.t.Helper()
	inR, inW := io.Pipe()
	errR, errW := io.Pipe()
	defer inW.Close()
	var stdout bytes.Buffer
	opts := &AuthorizeOptions{IO: &IOStreams{In: inR, Out: &stdout, ErrOut: errW}, Service: e.service, Name: "Reports", NoBrowser: true, Timeout: time.Minute}
	done := make(chan error, 1)
	go func() { done <- authorizeRun(bg, opts); errW.Close() }()
	typed := make(chan string, 8)
	go func() {
		for line := range typed {
			io.WriteString(inW, line+"\n")
		}
	}()
	defer close(typed)
	var lines []string
	var todo []string
	sc := bufio.NewScanner(errR)
	for sc.Scan() {
		line := sc.Text()
		lines = append(lines, line)
		if u := strings.TrimSpace(line); strings.HasPrefix(u, e.zoom.URL()+"/oauth/authorize?") {
			callback, err := e.zoom.Browser().Consent(u)
			if err != nil || callback == "" {
				e.t.Fatalf("consent: %q %v", callback, err)
			}
			cb, _ := url.Parse(callback)
			code, todo = cb.Query().Get("code"), pastes(callback)
		}
		if (strings.HasPrefix(line, "If that browser runs on another computer") || strings.HasPrefix(line, "Still waiting")) && len(todo) > 0 {
			typed <- todo[0]
			todo = todo[1:]
		}
	}
	err = <-done
	return stdout.String(), strings.Join(lines, "\n"), code, err
}

func TestAuthorizeTakesThePastedAddress(t *testing.T) {
	e := newEnv(t).withZoom()
	e.addIClient("App", "cid-paste", "account")
	e.ok("", "connection", "add", "--name", "Reports", "--auth", "oauth2", "--iclient", "App")

	out, errOut, code, err := e.pastedConsent(func(callback string) []string {
		return []string{"I clicked Allow", "https://zoom.us/oauth/authorize?x=1", strings.Replace(callback, "state=", "state=x", 1), callback}
	})
	if err != nil || out != "Connected as jane@example.com (account acct-cid-paste)\n" {
		t.Fatalf("authorize with a pasted address: %v\nstdout %q\nstderr:\n%s", err, out, errOut)
	}
	contains(t, "stderr", errOut,
		"Open this address in a browser and approve access in Zoom:",
		pasteHint,
		"That is not a web address.",
		"That is not the address Zoom sends the browser back to. Once you click Allow, copy the address of the page that could not connect: it starts with http://127.0.0.1:"+itoa(e.port)+"/oauth/callback?code=\n",
		"That address answers another authorization (an older or a different one), so it was not used.",
		"Still waiting: paste the address again, or approve in a browser on this computer.")
	if code == "" || strings.Contains(errOut+out, code) {
		t.Errorf("the code was repeated (or none was given): %q", code)
	}
	if c := e.connection("Reports"); c.Status != model.StatusOnline {
		t.Errorf("after the paste the connection is %s", c.Status)
	}

	// A pasted Deny ends it as Deny in the browser does.
	e.zoom.DenyConsent(true)
	_, _, _, err = e.pastedConsent(func(callback string) []string { return []string{callback} })
	e.check("a pasted deny", err, "You chose Deny in Zoom. Nothing changed.")
}
