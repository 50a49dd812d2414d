//go:build linux

package model

import (
	"errors"
	"sort"
	"strings"
	"sync"

	dbus "github.com/godbus/dbus/v5"
	"github.com/zalando/go-keyring"
)

// platformBackend reads through the process's one Secret Service
// connection, and writes through go-keyring.
var platformBackend keyringBackend = &secretService{}

// wholeLimit: the Secret Service stores a value of any size we have as one
// item, so reading a sign-in's token ('zoomconn token') is one lookup.
// Values that an older version stored in chunks are still read.
const wholeLimit = 1 << 20

const (
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

// secretService reads secrets from the Secret Service the short way: one
// D-Bus connection and one session for the life of the process, a search
// of the service, and GetSecret. go-keyring connects, looks the collection
// up, unlocks it, searches it, opens a session, unlocks the item, reads
// and closes the session on every call: nine round trips where, once the
// first call has connected, this takes two. The values and attributes are
// go-keyring's, so each reads what the other wrote. A locked item, and
// every write and delete, go through go-keyring, which knows the unlock
// prompt.
type secretService struct {
	mu      sync.Mutex
	conn    *dbus.Conn
	session dbus.ObjectPath
}

func (s *secretService) Get(service, user string) (string, error) {
	v, err := s.get(service, user)
	if errors.Is(err, errLocked) {
		return keyring.Get(service, user)
	}
	return v, err
}

func (s *secretService) Set(service, user, password string) error {
	return keyring.Set(service, user, password)
}

func (s *secretService) Delete(service, user string) error {
	return keyring.Delete(service, user)
}

// secret is the Secret Service's (oayays).
type secret struct {
	Session     dbus.ObjectPath
	Parameters  []byte
	Value       []byte
	ContentType string
}

func (s *secretService) get(service, user string) (string, error) {
	conn, session, err := s.open()
	if err != nil {
		return "", err
	}
	var unlocked, locked []dbus.ObjectPath
	search := conn.Object(ssName, ssPath).Call(ssService+".SearchItems", 0, map[string]string{"service": service, "username": user})
	if err := search.Store(&unlocked, &locked); err != nil {
		return "", s.failed(conn, err)
	}
	if len(unlocked) == 0 {
		if len(locked) > 0 {
			return "", errLocked
		}
		return "", keyring.ErrNotFound
	}
	var v secret
	if err := conn.Object(ssName, first(unlocked)).Call(ssItem+".GetSecret", 0, session).Store(&v); err != nil {
		return "", s.failed(conn, err)
	}
	return string(v.Value), nil
}

// open returns the connection and session, made on first use.
func (s *secretService) open() (*dbus.Conn, dbus.ObjectPath, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conn != nil {
		return s.conn, s.session, nil
	}
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return nil, "", err
	}
	var ignored dbus.Variant
	var session dbus.ObjectPath
	err = conn.Object(ssName, ssPath).Call(ssService+".OpenSession", 0, "plain", dbus.MakeVariant("")).Store(&ignored, &session)
	if err != nil {
		conn.Close()
		return nil, "", err
	}
	s.conn, s.session = conn, session
	return conn, session, nil
}

// failed forgets the connection and its session after any failure (the
// daemon restarted, say), so that the next call starts again.
func (s *secretService) failed(conn *dbus.Conn, err error) error {
	s.mu.Lock()
	if s.conn == conn {
		s.conn, s.session = nil, ""
	}
	s.mu.Unlock()
	conn.Close()
	return err
}

// first is the item go-keyring would read: the login collection's first.
func first(items []dbus.ObjectPath) dbus.ObjectPath {
	sorted := append([]dbus.ObjectPath(nil), items...)
	sort.SliceStable(sorted, func(i, j int) bool {
		return strings.HasPrefix(string(sorted[i]), loginItems) && !strings.HasPrefix(string(sorted[j]), loginItems)
	})
	return sorted[0]
}
