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
	for _, tc := range []struct {
		stdin string
		args  []string
		want  string
	}{
		{"", []string{"--no-such-flag"}, "unknown flag: --no-such-flag"},
		{"", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"", []string{"token"}, "Missing argument. Usage: zoomconn token NAME"},
		{"", []string{"token", "Reports", "extra"}, "Too many arguments"},
		{"", []string{"token", "Nope"}, `There is no connection named "Nope".`},
		{"", []string{"test", "Nope", "--json"}, `There is no connection named "Nope".`},
		{"", []string{"status", "a", "b"}, "Too many arguments"},
		{"", []string{"list", "extra"}, `unknown command "extra" for "zoomconn list"`},
		{"", []string{"iclient", "add", "--name", "X"}, `required flag(s) "client-id" not set`},
		{"s", []string{"iclient", "add", "--name", "X", "--client-id", "c", "--environment", "moon"}, `--environment must be zoom, zoomgov or custom (not "moon")`},
		{"s", []string{"iclient", "add", "--name", "X", "--client-id", "c", "--app-type", "desktop"}, "--app-type must be account, user or s2s"},
		{"s", []string{"iclient", "add", "--name", "App", "--client-id", "c"}, `--name: An iClient named "App" already exists.`},
		{"s", []string{"iclient", "add", "--name", "X", "--client-id", "c", "--environment", "custom"}, "--oauth-base: Enter the OAuth base URL."},
		{"", []string{"iclient", "add", "--name", "X", "--client-id", "c"}, "No Client secret on standard input."},
		{"two words", []string{"iclient", "add", "--name", "X", "--client-id", "c"}, "Client secret: The Client secret contains a space"},
		{"", []string{"iclient", "edit", "App"}, "Nothing to change"},
		{"", []string{"iclient", "remove", "Nope"}, `There is no iClient named "Nope".` + "\nRun 'zoomconn iclient list' to see the iClients."},
		{"", []string{"connection", "add", "--name", "X", "--auth", "basic"}, `--auth must be oauth2, s2s or jwt (not "basic")`},
		{"", []string{"connection", "add", "--name", "X", "--auth", "oauth2"}, "--iclient is required with --auth oauth2"},
		{"", []string{"connection", "add", "--name", "reports", "--auth", "oauth2", "--iclient", "App"}, `--name: A connection named "Reports" already exists.`},
		{"", []string{"connection", "add", "--name", "X", "--auth", "jwt"}, "--api-key: Enter the API Key."},
		{"", []string{"connection", "edit", "Reports", "--auth", "jwt"}, "JWT was retired by Zoom on September 8, 2023 and cannot be chosen"},
		{"", []string{"authorize", "Reports", "--timeout", "soon"}, `invalid argument "soon" for "--timeout"`},
		{"", []string{"migrate", "Reports"}, `required flag(s) "iclient" not set`},
		{"", []string{"migrate", "--all", "Reports", "--iclient", "App"}, "Name the connections to migrate, or give --all"},
		{"", []string{"report", "--pdf"}, "unknown flag: --pdf"},
		{"", []string{"settings", "set", "theme", "dark"}, `Unknown setting "theme"`},
	} {
		code, out, errOut := e.main(tc.stdin, tc.args...)
		if code != ExitUsage || !strings.HasPrefix(errOut, "zoomconn: ") || !strings.Contains(errOut, tc.want) {
			t.Errorf("zoomconn %q: exit %d\nstdout: %q\nstderr: %q\nwant exit 2 and: %s", tc.args, code, out, errOut, tc.want)
		}
		if out != "" && tc.args[0] != "test" {
			t.Errorf("zoomconn %q wrote to stdout on a usage error: %q", tc.args, out)
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
