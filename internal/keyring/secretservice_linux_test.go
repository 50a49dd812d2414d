package keyring_test

import (
	"bufio"
	"context"
	"errors"
	"net"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	dbus "github.com/godbus/dbus/v5"
	gokeyring "github.com/zalando/go-keyring"

	"zoomconn/internal/keyring"
	"zoomconn/internal/keyringtest"
)

// TestQuickGetReadsWhatOthersWrote: the short way reads what go-keyring
// and secret-tool (libsecret) store under go-keyring's attributes, and
// says "not found" for what is not there.
func TestQuickGetReadsWhatOthersWrote(t *testing.T) {
	k := keyringtest.New(t)
	ctx := context.Background()
	if _, err := keyring.QuickGet(ctx, dbus.SessionBus, k.Service, "iclient/none/client-secret"); !errors.Is(err, gokeyring.ErrNotFound) {
		t.Errorf("a missing item: %v, want not found", err)
	}
	value := "go-keyring's value, ünïcode and 'quotes' " + strings.Repeat("x", 7000)
	if err := gokeyring.Set(k.Service, "signin/a/token", value); err != nil {
		t.Fatal(err)
	}
	if got, err := keyring.QuickGet(ctx, dbus.SessionBus, k.Service, "signin/a/token"); err != nil || got != value {
		t.Errorf("go-keyring's item read back as %d bytes, %v", len(got), err)
	}
	if _, err := exec.LookPath("secret-tool"); err != nil {
		t.Log("secret-tool is not installed: libsecret's items not tried")
		return
	}
	store := exec.Command("secret-tool", "store", "--label", "test", "service", k.Service, "username", "signin/b/token")
	store.Stdin = strings.NewReader("secret-tool's value")
	if out, err := store.CombinedOutput(); err != nil {
		t.Fatalf("secret-tool store: %v %s", err, out)
	}
	if got, err := keyring.QuickGet(ctx, dbus.SessionBus, k.Service, "signin/b/token"); err != nil || got != "secret-tool's value" {
		t.Errorf("secret-tool's item read back as %q, %v", got, err)
	}
}

// TestQuickGetClosesItsSessions: the window reads through one shared
// connection for as long as it runs, so each read closes the session it
// opened rather than leave it to the connection's end.
func TestQuickGetClosesItsSessions(t *testing.T) {
	k := keyringtest.New(t)
	if err := gokeyring.Set(k.Service, "iclient/a/client-secret", "v"); err != nil {
		t.Fatal(err)
	}
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	sessions := func() int {
		var xml string
		err := conn.Object("org.freedesktop.secrets", "/org/freedesktop/secrets/session").
			Call("org.freedesktop.DBus.Introspectable.Introspect", 0).Store(&xml)
		if err != nil {
			t.Fatal(err)
		}
		return strings.Count(xml, "<node name=")
	}
	before := sessions()
	const reads = 20
	for range reads {
		if _, err := keyring.QuickGet(context.Background(), func() (*dbus.Conn, error) { return conn, nil }, k.Service, "iclient/a/client-secret"); err != nil {
			t.Fatal(err)
		}
	}
	if after := sessions(); after-before >= reads {
		t.Errorf("%d sessions open after %d reads, %d before: the reads leave theirs open", after, reads, before)
	}
}

// TestQuickGetSaysNotFoundOnlyWhenTheServiceDoes: a bus that refuses us is
// an error for go-keyring to settle, never "not found".
func TestQuickGetSaysNotFoundOnlyWhenTheServiceDoes(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "bus")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		c, err := l.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		in := bufio.NewScanner(c)
		for in.Scan() { // every mechanism refused
			c.Write([]byte("REJECTED EXTERNAL\r\n"))
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	refusing := func() (*dbus.Conn, error) { return dbus.Connect("unix:path=" + sock) }
	if _, err := keyring.QuickGet(ctx, refusing, "zoomconn-test", "iclient/x/client-secret"); err == nil || errors.Is(err, gokeyring.ErrNotFound) {
		t.Errorf("a bus that refuses us: %v", err)
	}
	gone := func() (*dbus.Conn, error) { return dbus.Connect("unix:path=" + sock + "-gone") }
	if _, err := keyring.QuickGet(ctx, gone, "zoomconn-test", "iclient/x/client-secret"); err == nil || errors.Is(err, gokeyring.ErrNotFound) {
		t.Errorf("a bus that is gone: %v", err)
	}
}
