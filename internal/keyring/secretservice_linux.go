//go:build linux

package keyring

import (
	"context"
	"errors"
	"strings"
	"time"

	dbus "github.com/godbus/dbus/v5"
	gokeyring "github.com/zalando/go-keyring"
)

// platformBackend reads the Secret Service the short way and writes
// through go-keyring.
var platformBackend backend = secretService{bus: dbus.SessionBus}

// wholeLimit: the Secret Service stores a value of any size we have as one
// item, so reading a sign-in's token ('zoomconn token') is one lookup.
// Values that an older version stored in chunks are still read.
const wholeLimit = 1 << 20

const (
	ssName    = "org.freedesktop.secrets"
	ssPath    = dbus.ObjectPath("/org/freedesktop/secrets")
	ssService = "org.freedesktop.Secret.Service"
	ssItem    = "org.freedesktop.Secret.Item"
	ssSession = "org.freedesktop.Secret.Session"
	// go-keyring puts its items in the login collection (or the default).
	loginItems = "/org/freedesktop/secrets/collection/login/"
)

// errLocked: the item exists but its collection is locked; go-keyring
// asks the Secret Service to unlock it (a prompt the admin answers).
var errLocked = errors.New("the secret is in a locked collection")

// secretService reads a secret with three calls on the session bus:
// SearchItems across the collections, OpenSession, GetSecret. go-keyring
// makes eight (it looks the login collection up, unlocks it, searches it,
// opens a session, unlocks the item, reads, closes the session), which
// 'zoomconn token' would feel. The connection is godbus's shared one, which
// go-keyring uses too, so a fallback costs no second handshake. Values and
// attributes are go-keyring's, so each reads what the other wrote. Anything
// the short way cannot settle (a locked item, a bus it cannot reach, an
// error from the service) goes to go-keyring, and so does every write and
// delete: go-keyring knows the unlock prompt.
type secretService struct {
	bus func() (*dbus.Conn, error) // the session bus; dbus.SessionBus
}

func (s secretService) Get(service, user string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), quickBudget)
	defer cancel()
	v, err := s.quickGet(ctx, service, user)
	switch {
	case err == nil:
		return v, nil
	case errors.Is(err, gokeyring.ErrNotFound):
		return "", err
	}
	return gokeyring.Get(service, user)
}

func (secretService) Set(service, user, password string) error {
	return gokeyring.Set(service, user, password)
}

func (secretService) Delete(service, user string) error {
	return gokeyring.Delete(service, user)
}

// secret is the Secret Service's (oayays).
type secret struct {
	Session     dbus.ObjectPath
	Parameters  []byte
	Value       []byte
	ContentType string
}

// quickBudget bounds the calls of the short way; a slow service falls back
// to go-keyring, itself bounded by the Keyring's timeout.
const quickBudget = 5 * time.Second

// quickGet reads the secret of (service, user), or says
// gokeyring.ErrNotFound: only when the service found no such item.
//
// gnome-keyring (42) aborts when the first call a client makes to it is
// OpenSession while other clients come and go: its record of the client
// may not be there yet. So, as libsecret and go-keyring do, the session is
// opened only once the service has answered, here the search.
func (s secretService) quickGet(ctx context.Context, service, user string) (string, error) {
	conn, err := s.bus()
	if err != nil {
		return "", err
	}
	ss := conn.Object(ssName, ssPath)
	var unlocked, locked []dbus.ObjectPath
	err = ss.CallWithContext(ctx, ssService+".SearchItems", 0, map[string]string{"service": service, "username": user}).Store(&unlocked, &locked)
	switch {
	case err != nil:
		return "", err
	case len(unlocked) == 0 && len(locked) > 0:
		return "", errLocked
	case len(unlocked) == 0:
		return "", gokeyring.ErrNotFound
	}
	var session dbus.ObjectPath
	if err := ss.CallWithContext(ctx, ssService+".OpenSession", 0, "plain", dbus.MakeVariant("")).Store(new(dbus.Variant), &session); err != nil {
		return "", err
	}
	// The shared connection outlives this read: close the session, without
	// waiting for the answer.
	defer conn.Object(ssName, session).Go(ssSession+".Close", dbus.FlagNoReplyExpected, nil)
	var v secret
	if err := conn.Object(ssName, first(unlocked)).CallWithContext(ctx, ssItem+".GetSecret", 0, session).Store(&v); err != nil {
		return "", err
	}
	return string(v.Value), nil
}

// first is the item go-keyring would read: the login collection's first.
func first(items []dbus.ObjectPath) dbus.ObjectPath {
	for _, p := range items {
		if strings.HasPrefix(string(p), loginItems) {
			return p
		}
	}
	return items[0]
}
