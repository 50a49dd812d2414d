package keyring

import (
	"context"

	dbus "github.com/godbus/dbus/v5"
)

// QuickGet is the short way of reading, on the bus bus.
func QuickGet(ctx context.Context, bus func() (*dbus.Conn, error), service, user string) (string, error) {
	return secretService{bus: bus}.quickGet(ctx, service, user)
}

var ErrLocked = errLocked
