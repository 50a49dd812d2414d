package keyringtest

import (
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestNeedSkipsWhenTheBusIsGone runs a test that needs the password store
// in a child whose session bus is unset, or gone (an address left behind by
// an SSH session): it skips at once, saying why; where the store is
// required, it fails instead. In a keyring session, the child runs.
func TestNeedSkipsWhenTheBusIsGone(t *testing.T) {
	if os.Getenv("KEYRINGTEST_CHILD") == "1" {
		Need(t)
		t.Log("the password store answered")
		return
	}
	if runtime.GOOS != "linux" {
		t.Skip("the Secret Service is reached over D-Bus on Linux only")
	}
	base := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "DBUS_SESSION_BUS_ADDRESS=") || strings.HasPrefix(kv, RequiredEnv+"=")
	})
	stale := "DBUS_SESSION_BUS_ADDRESS=unix:path=" + t.TempDir() + "/bus"
	type testCase struct {
		name  string
		env   []string
		wants []string
	}
	cases := []testCase{
		{"unset", nil, []string{"--- SKIP", "DBUS_SESSION_BUS_ADDRESS is not set", "dbus-run-session"}},
		{"gone", []string{stale}, []string{"--- SKIP", "no such file or directory", "dbus-run-session"}},
		{"gone, but required", []string{stale, RequiredEnv + "=required"}, []string{"--- FAIL", "no such file or directory"}},
	}
	if Reachable() == nil {
		cases = append(cases, testCase{"there", []string{"DBUS_SESSION_BUS_ADDRESS=" + os.Getenv("DBUS_SESSION_BUS_ADDRESS")}, []string{"--- PASS", "the password store answered"}})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestNeedSkipsWhenTheBusIsGone$", "-test.v")
			cmd.Env = append(append(slices.Clone(base), "KEYRINGTEST_CHILD=1", "DISPLAY="), tc.env...)
			start := time.Now()
			out, _ := cmd.CombinedOutput()
			for _, want := range tc.wants {
				if !strings.Contains(string(out), want) {
					t.Errorf("the child does not say %q:\n%s", want, out)
				}
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("the child took %v to find the store unreachable", d)
			}
		})
	}
}
