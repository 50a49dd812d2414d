package cli_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"zoomconn/model"
)

// TestSnippetsRunAsWritten runs the scripts Edit connection shows for a
// connection (model.Snippets), as they are written, with the built
// zoomconn first on PATH, against the test server: the shell one (curl
// and zoomconn api with pages) and the Python one. PowerShell is not run:
// there is none here.
func TestSnippetsRunAsWritten(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX shell")
	}
	e := newCLIEnv(t)
	e.addOAuthIClient("Acme app", "cid-snip")
	e.ok("", "connection", "add", "--name", "Reports", "--auth", "oauth2", "--iclient", "Acme app")
	e.ok("", "authorize", "Reports")
	e.forbidTokens("Reports")
	e.zoom.AddListUsers(45)

	// zoomconn on PATH: the built binary, under its own name.
	bin := t.TempDir()
	if err := os.Symlink(zoomconnBin, filepath.Join(bin, "zoomconn")); err != nil {
		t.Fatal(err)
	}
	run := func(prog string, args ...string) string {
		t.Helper()
		cmd := e.command("")
		cmd.Path, cmd.Args = prog, append([]string{prog}, args...)
		cmd.Env = append(cmd.Env, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s: %v\nstdout: %s\nstderr: %s", prog, err, out.String(), errb.String())
		}
		e.mu.Lock()
		e.outputs = append(e.outputs, out.String(), errb.String())
		e.mu.Unlock()
		return out.String()
	}
	snippets := map[string]string{}
	for _, s := range model.Snippets(e.connection("Reports")) {
		snippets[s.Title] = s.Code
	}

	sh := snippets["Shell (curl)"]
	if !strings.Contains(sh, "  "+e.zoom.URL()+"/v2/users/me\n") {
		t.Fatalf("the shell snippet does not call this connection's API:\n%s", sh)
	}
	out := run("/bin/sh", "-c", sh)
	if !strings.Contains(out, `"email":"jane@example.com"`) {
		t.Errorf("curl with zoomconn token did not reach /users/me:\n%.300s", out)
	}
	emails := strings.Split(strings.TrimSpace(out[strings.Index(out, "}\n")+2:]), "\n")
	if len(emails) != 45 || emails[0] != "user0001@example.com" || emails[44] != "user0045@example.com" {
		t.Errorf("zoomconn api --paginate --jq printed %d lines:\n%s", len(emails), out)
	}

	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3 here for the Python snippet")
	}
	if out := run(python, "-c", snippets["Python"]); out != "jane@example.com\n" {
		t.Errorf("the Python snippet printed %q", out)
	}
}
