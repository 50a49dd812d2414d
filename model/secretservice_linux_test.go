package model

import (
	"errors"
	"io"
	"net"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"
)

func TestSessionBusAddresses(t *testing.T) {
	if got := unescapeAddress("/run/user/1000/bus%2cx%3d1"); got != "/run/user/1000/bus,x=1" {
		t.Errorf("unescape: %q", got)
	}
	sock := filepath.Join(t.TempDir(), "bus")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for addr, ok := range map[string]bool{
		"unix:path=" + sock:                           true,
		"unix:path=" + sock + ",guid=0123abcd":        true,
		"tcp:host=127.0.0.1,port=1;unix:path=" + sock: true,
		"tcp:host=127.0.0.1,port=1":                   false,
		"autolaunch:":                                 false,
		"":                                            false,
	} {
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
		c, err := dialSessionBus()
		if (err == nil) != ok {
			t.Errorf("%q: %v", addr, err)
		}
		if c != nil {
			c.Close()
		}
	}
}

// TestQuickGetSaysNotFoundOnlyWhenTheServiceDoes: a bus that does not
// speak (or refuses EXTERNAL) is an error for go-keyring to settle, never
// "not found".
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
		c.Write([]byte("REJECTED DBUS_COOKIE_SHA1\r\n"))
		io.Copy(io.Discard, c) // until the client hangs up
		c.Close()
	}()
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+sock)
	_, err = quickGet("zoomconn-test", "iclient/x/client-secret")
	if err == nil || errors.Is(err, keyring.ErrNotFound) || !strings.Contains(err.Error(), "EXTERNAL") {
		t.Errorf("got %v", err)
	}
}
