package cli

import (
	"bytes"
	"strings"
	"testing"
)

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main("1.2.3", args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestVersionAndHelp(t *testing.T) {
	code, out, _ := run(t, "--version")
	if code != ExitOK || out != "zoomconn 1.2.3\n" {
		t.Errorf("--version: exit %d, %q", code, out)
	}
	code, out, _ = run(t, "--help")
	if code != ExitOK || !strings.Contains(out, "Run zoomconn with no arguments to open the window.") || !strings.Contains(out, "Usage:") {
		t.Errorf("--help: exit %d\n%s", code, out)
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{{"--no-such-flag"}, {"no-such-command"}} {
		code, out, errOut := run(t, args...)
		if code != ExitUsage || out != "" || !strings.HasPrefix(errOut, "zoomconn: ") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
}
