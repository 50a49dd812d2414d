//go:build linux

package model

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	dbus "github.com/godbus/dbus/v5"
	"github.com/zalando/go-keyring"
)

// platformBackend reads the Secret Service the short way and writes
// through go-keyring.
var platformBackend keyringBackend = secretService{}

// wholeLimit: the Secret Service stores a value of any size we have as one
// item, so reading a sign-in's token ('zoomconn token') is one lookup.
// Values that an older version stored in chunks are still read.
const wholeLimit = 1 << 20

const (
	busName   = "org.freedesktop.DBus"
	busPath   = dbus.ObjectPath("/org/freedesktop/DBus")
	ssName    = "org.freedesktop.secrets"
	ssPath    = dbus.ObjectPath("/org/freedesktop/secrets")
	ssService = "org.freedesktop.Secret.Service"
	ssItem    = "org.freedesktop.Secret.Item"
	// go-keyring puts its items in the login collection (or the default).
	loginItems = "/org/freedesktop/secrets/collection/login/"
)

// errLocked: the item exists but its collection is locked; go-keyring
// asks the Secret Service to unlock it (a prompt the admin answers).
var errLocked = errors.New("the secret is in a locked collection")

// secretService reads a secret in three round trips over a connection of
// its own: the authentication, Hello and SearchItems written at once (the
// D-Bus specification lets a client pipeline them), then OpenSession, then
// GetSecret. go-keyring connects, authenticates in four exchanges, says
// Hello, looks the collection up, unlocks it, searches it, opens a session,
// unlocks the item, reads and closes the session: thirteen round trips,
// about 7 ms of the 20 that 'zoomconn token' took. Values and attributes
// are go-keyring's, so each reads what the other wrote. Anything the short
// way cannot settle (a locked item, a bus address or authentication it does
// not know, a broken connection) goes to go-keyring, and so does every write
// and delete: go-keyring knows the unlock prompt.
type secretService struct{}

func (secretService) Get(service, user string) (string, error) {
	v, err := quickGet(service, user)
	switch {
	case err == nil:
		return v, nil
	case errors.Is(err, keyring.ErrNotFound):
		return "", err
	}
	return keyring.Get(service, user)
}

func (secretService) Set(service, user, password string) error {
	return keyring.Set(service, user, password)
}

func (secretService) Delete(service, user string) error {
	return keyring.Delete(service, user)
}

// secret is the Secret Service's (oayays).
type secret struct {
	Session     dbus.ObjectPath
	Parameters  []byte
	Value       []byte
	ContentType string
}

// quickBudget bounds the short way; a slow bus falls back to go-keyring,
// itself bounded by the Keyring's timeout.
const quickBudget = 5 * time.Second

// quickGet reads the secret of (service, user), or says keyring.ErrNotFound.
//
// gnome-keyring (42) aborts when the first call a client makes to it is
// OpenSession while other clients come and go: its record of the client
// may not be there yet. So, as libsecret and go-keyring do, the session is
// opened only once an answer from the service has come back, here to the
// search: three round trips after connecting, where go-keyring takes
// thirteen.
func quickGet(service, user string) (string, error) {
	c, err := dialSessionBus()
	if err != nil {
		return "", err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(quickBudget))
	in := bufio.NewReader(c)
	auth := "\x00AUTH EXTERNAL " + hex.EncodeToString([]byte(strconv.Itoa(os.Geteuid()))) + "\r\nBEGIN\r\n"
	var unlocked, locked []dbus.ObjectPath
	err = exchange(c, in, auth, map[uint32]*dbus.Message{
		1: call(busName, busPath, busName, "Hello"),
		2: call(ssName, ssPath, ssService, "SearchItems", map[string]string{"service": service, "username": user}),
	}, map[uint32][]any{1: nil, 2: {&unlocked, &locked}})
	if err != nil {
		return "", err
	}
	if len(unlocked) == 0 {
		if len(locked) > 0 {
			return "", errLocked
		}
		return "", keyring.ErrNotFound
	}
	var session dbus.ObjectPath
	err = exchange(c, in, "", map[uint32]*dbus.Message{3: call(ssName, ssPath, ssService, "OpenSession", "plain", dbus.MakeVariant(""))},
		map[uint32][]any{3: {new(dbus.Variant), &session}})
	if err != nil {
		return "", err
	}
	var v secret
	err = exchange(c, in, "", map[uint32]*dbus.Message{4: call(ssName, first(unlocked), ssItem, "GetSecret", session)}, map[uint32][]any{4: {&v}})
	if err != nil {
		return "", err
	}
	return string(v.Value), nil
}

// exchange writes prefix (the authentication, on the first exchange) and
// the calls at once, then reads until each has its reply: one round trip.
func exchange(c net.Conn, in *bufio.Reader, prefix string, calls map[uint32]*dbus.Message, want map[uint32][]any) error {
	var out bytes.Buffer
	out.WriteString(prefix)
	for serial := uint32(1); serial <= 4; serial++ {
		if m, ok := calls[serial]; ok {
			if err := encode(&out, m, serial); err != nil {
				return err
			}
		}
	}
	if _, err := c.Write(out.Bytes()); err != nil {
		return err
	}
	if prefix != "" {
		if line, err := in.ReadString('\n'); err != nil || !strings.HasPrefix(line, "OK ") {
			return fmt.Errorf("the session bus did not accept EXTERNAL authentication (%q, %v)", line, err)
		}
	}
	return replies(in, want)
}

// dialSessionBus connects to a session bus that listens on a Unix socket
// (the usual unix:path= or unix:abstract= address); anything else is for
// go-keyring.
func dialSessionBus() (net.Conn, error) {
	for _, addr := range strings.Split(os.Getenv("DBUS_SESSION_BUS_ADDRESS"), ";") {
		transport, params, _ := strings.Cut(addr, ":")
		if transport != "unix" {
			continue
		}
		for _, kv := range strings.Split(params, ",") {
			k, v, _ := strings.Cut(kv, "=")
			switch k {
			case "path":
				return net.DialTimeout("unix", unescapeAddress(v), quickBudget)
			case "abstract":
				return net.DialTimeout("unix", "@"+unescapeAddress(v), quickBudget)
			}
		}
	}
	return nil, errors.New("no session bus on a Unix socket")
}

// unescapeAddress undoes the %XX escapes of a D-Bus address value.
func unescapeAddress(v string) string {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] == '%' && i+2 < len(v) {
			if n, err := strconv.ParseUint(v[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(n))
				i += 2
				continue
			}
		}
		b.WriteByte(v[i])
	}
	return b.String()
}

func call(dest string, path dbus.ObjectPath, iface, member string, args ...any) *dbus.Message {
	m := &dbus.Message{Type: dbus.TypeMethodCall, Headers: map[dbus.HeaderField]dbus.Variant{
		dbus.FieldDestination: dbus.MakeVariant(dest),
		dbus.FieldPath:        dbus.MakeVariant(path),
		dbus.FieldInterface:   dbus.MakeVariant(iface),
		dbus.FieldMember:      dbus.MakeVariant(member),
	}, Body: args}
	if len(args) > 0 {
		m.Headers[dbus.FieldSignature] = dbus.MakeVariant(dbus.SignatureOf(args...))
	}
	return m
}

// encode writes m with the serial number serial. godbus keeps a message's
// serial to its own connections, so it is set in the encoded header, where
// the D-Bus specification fixes it: bytes 8 to 11.
func encode(w *bytes.Buffer, m *dbus.Message, serial uint32) error {
	start := w.Len()
	if err := m.EncodeTo(w, binary.LittleEndian); err != nil {
		return err
	}
	binary.LittleEndian.PutUint32(w.Bytes()[start+8:], serial)
	return nil
}

// replies reads messages until every serial of want has its reply, and
// stores each reply's body in its values; signals (NameAcquired) are
// skipped, and an error reply is the error.
func replies(in io.Reader, want map[uint32][]any) error {
	for len(want) > 0 {
		m, err := dbus.DecodeMessage(in)
		if err != nil {
			return err
		}
		v, ok := m.Headers[dbus.FieldReplySerial]
		if !ok {
			continue
		}
		serial, _ := v.Value().(uint32)
		dst, ok := want[serial]
		if !ok {
			continue
		}
		delete(want, serial)
		switch m.Type {
		case dbus.TypeError:
			name, _ := m.Headers[dbus.FieldErrorName].Value().(string)
			return dbus.Error{Name: name, Body: m.Body}
		case dbus.TypeMethodReply:
			if len(dst) > 0 {
				if err := dbus.Store(m.Body, dst...); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// first is the item go-keyring would read: the login collection's first.
func first(items []dbus.ObjectPath) dbus.ObjectPath {
	sorted := append([]dbus.ObjectPath(nil), items...)
	sort.SliceStable(sorted, func(i, j int) bool {
		return strings.HasPrefix(string(sorted[i]), loginItems) && !strings.HasPrefix(string(sorted[j]), loginItems)
	})
	return sorted[0]
}
