package cli

import (
	"strings"
	"testing"
)

func TestVersionAndHelp(t *testing.T) {
	e := newEnv(t)
	code, out, _ := e.main("", "--version")
	if code != ExitOK || out != "zoomconn 1.2.3\n" {
		t.Errorf("--version: exit %d, %q", code, out)
	}
	code, out, _ = e.main("", "--verbose", "--version")
	if code != ExitOK || out != "zoomconn 1.2.3\n" {
		t.Errorf("--verbose --version (cobra's way): exit %d, %q", code, out)
	}
	code, out, _ = e.main("", "--help")
	if code != ExitOK || !strings.Contains(out, "Run zoomconn with no arguments to open the window.") || !strings.Contains(out, "Usage:") {
		t.Errorf("--help: exit %d\n%s", code, out)
	}
}

// TestConsoleBuildPrintsUsage: without arguments, the console build (no
// window) prints the usage, and says where the window is.
func TestConsoleBuildPrintsUsage(t *testing.T) {
	e := newEnv(t)
	f := e.factory()
	f.Window = false
	e.stdin("")
	if code := Main(f, nil); code != ExitOK {
		t.Errorf("exit %d", code)
	}
	contains(t, "usage", e.out.String(), "This is the console build, without the window", "Usage:", "zoomconn [command]", "token")
}

func TestUsageErrorsExit2(t *testing.T) {
	e := newEnv(t).withZoom()
	e.addIClient("App", "cid-u", "account")
	e.ok("", "connection", "add", "--name", "Reports", "--auth", "oauth2", "--iclient", "App")
	for _, tc := range UsageCases {
		code, out, errOut := e.main(tc.Stdin, tc.Args...)
		if code != ExitUsage || !strings.HasPrefix(errOut, "zoomconn: ") || !strings.Contains(errOut, tc.Want) {
			t.Errorf("zoomconn %q: exit %d\nstdout: %q\nstderr: %q\nwant exit 2 and: %s", tc.Args, code, out, errOut, tc.Want)
		}
		if out != "" && tc.Args[0] != "test" {
			t.Errorf("zoomconn %q wrote to stdout on a usage error: %q", tc.Args, out)
		}
	}
}

// TestOnlyTheNamedCommandIsBuilt: a command runs, and shows its help, with
// the root holding it alone; a mistyped name is still bad usage.
func TestOnlyTheNamedCommandIsBuilt(t *testing.T) {
	e := newEnv(t)
	if n := len(newRoot(e.factory(), []string{"token", "Reports"}).Commands()); n != 1 {
		t.Errorf("token: %d subcommands built, want 1", n)
	}
	if n := len(newRoot(e.factory(), []string{"--help"}).Commands()); n < 13 {
		t.Errorf("--help: %d subcommands built, want all", n)
	}
	code, out, _ := e.main("", "token", "--help")
	if code != 0 || !strings.Contains(out, "zoomconn token NAME") || !strings.Contains(out, "--verbose") {
		t.Errorf("token --help: exit %d\n%s", code, out)
	}
	code, _, errOut := e.main("", "tokne", "Reports")
	if code != ExitUsage || !strings.Contains(errOut, `unknown command "tokne" for "zoomconn"`) {
		t.Errorf("a mistyped command: exit %d\n%s", code, errOut)
	}
}

func TestCompletion(t *testing.T) {
	e := newEnv(t)
	e.addJWT("Webinar sync")
	if out := e.ok("", "completion", "bash"); !strings.Contains(out, "__start_zoomconn") {
		t.Errorf("completion bash: %.200s", out)
	}
	if out := e.ok("", "__complete", "token", ""); !strings.Contains(out, "Webinar sync") {
		t.Errorf("__complete token: %s", out)
	}
	if out := e.ok("", "__complete", "token", "Webinar sync", ""); strings.Contains(out, "Webinar sync") {
		t.Errorf("token takes one name: %s", out)
	}
}

// TestFlagsFillOptions: the flags a command is given, and only those, reach
// its options (the run function is not called).
func TestFlagsFillOptions(t *testing.T) {
	e := newEnv(t)
	var got *IClientEditOptions
	cmd := newCmdIClientEdit(e.factory(), func(o *IClientEditOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"App", "--name", "New", "--secret-stdin"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Name != "App" || got.NewName == nil || *got.NewName != "New" || !got.SecretStdin || got.ClientID != nil || got.Environment != nil {
		t.Errorf("iclient edit options: %+v", got)
	}

	var m *MigrateOptions
	cmd = newCmdMigrate(e.factory(), func(o *MigrateOptions) error { m = o; return nil })
	cmd.SetArgs([]string{"A", "B", "--iclient", "App", "--auth", "s2s", "--timeout", "90s", "--json"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if strings.Join(m.Names, ",") != "A,B" || m.IClient != "App" || m.Auth != "s2s" || m.Timeout.Seconds() != 90 || !m.JSON || m.All {
		t.Errorf("migrate options: %+v", m)
	}
}
