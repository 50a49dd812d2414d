// Package keyringtest is for the tests that need the operating system's
// real password store: the keyring's own and the end-to-end ones. They
// skip, saying why, when it cannot be reached: no session bus, a stale
// address (a bus that is gone, as SSH sessions often leave behind), no
// Secret Service on the bus. Where the store must be there (CI sets
// ZOOMCONN_TEST_KEYRING=required), they fail instead, so that a broken
// keyring session cannot pass as skipped tests.
package keyringtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	gokeyring "github.com/zalando/go-keyring"

	"zoomconn/internal/keyring"
)

// RequiredEnv names the variable that turns the skips into failures.
const RequiredEnv = "ZOOMCONN_TEST_KEYRING"

// probeTimeout bounds the probe: a store that is there answers in
// milliseconds, one that is gone fails at once; only a bus that accepts and
// never answers takes this long.
const probeTimeout = 10 * time.Second

var probe = sync.OnceValue(func() error {
	if runtime.GOOS == "linux" && os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		// Without it, godbus would try to start a bus (dbus-launch), which
		// a test must not leave running.
		return errors.New("no session bus: DBUS_SESSION_BUS_ADDRESS is not set")
	}
	ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
	defer cancel()
	k := keyring.New("zoomconn-test-probe")
	k.Timeout = probeTimeout
	return keyring.Probe(ctx, k)
})

// Reachable is nil when the OS password store answers, else why not. It
// asks once per test binary.
func Reachable() error { return probe() }

// Need skips t, saying why, when the OS password store cannot be reached
// (fails it when ZOOMCONN_TEST_KEYRING=required).
func Need(t testing.TB) {
	t.Helper()
	err := Reachable()
	if err == nil {
		return
	}
	var ke *keyring.Error
	if errors.As(err, &ke) && ke.Timeout == 0 {
		err = ke.Err // the technical reason, without the advice to users
	}
	msg := fmt.Sprintf("needs the OS password store, which cannot be reached (%v); on Linux, run inside the README's dbus-run-session with gnome-keyring", err)
	if os.Getenv(RequiredEnv) == "required" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

var services atomic.Int64

// New is the real OS keyring under a service name of its own, so that a
// test never touches an administrator's secrets; every item under that name
// is deleted when the test ends. It skips t when the store cannot be reached.
func New(t testing.TB) *keyring.Keyring {
	t.Helper()
	Need(t)
	k := keyring.New(fmt.Sprintf("zoomconn-test-%d-%d-%d", os.Getpid(), time.Now().UnixNano(), services.Add(1)))
	k.Timeout = 20 * time.Second
	t.Cleanup(func() { gokeyring.DeleteAll(k.Service) })
	return k
}
