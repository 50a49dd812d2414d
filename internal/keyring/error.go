package keyring

import (
	"errors"
	"fmt"
	"runtime"
	"time"
)

// Error says the password store could not be used, and what to do.
type Error struct {
	Op      string // "read", "save", "delete"
	Timeout time.Duration
	Err     error
}

func (e *Error) Error() string {
	if e.Timeout > 0 {
		return fmt.Sprintf("Your system's password store did not answer within %s. It may be locked and waiting for you to unlock it: look for an unlock prompt, then try again.", e.Timeout)
	}
	return fmt.Sprintf("Your system's password store is not available (%v). %s", e.Err, advice())
}

func (e *Error) Unwrap() error { return e.Err }

// Advice is the next step, without the technical detail.
func (e *Error) Advice() string {
	if e.Timeout > 0 {
		return "Unlock your password store, then try again."
	}
	return advice()
}

func advice() string {
	switch runtime.GOOS {
	case "windows":
		return "Zoom Connections keeps secrets in Windows Credential Manager: make sure the Credential Manager service is running."
	case "darwin":
		return "Zoom Connections keeps secrets in the macOS Keychain: unlock your login keychain."
	}
	return "Zoom Connections keeps secrets only in the Secret Service: install gnome-keyring (or KeePassXC with Secret Service enabled), and unlock it by signing in to your desktop."
}

// IsUnavailable reports whether err means the keyring could not be used.
func IsUnavailable(err error) bool {
	var e *Error
	return errors.As(err, &e)
}
