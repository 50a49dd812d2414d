package keyring

import (
	"errors"
	"fmt"
	"time"
)

// Error says the password store could not be used: the operation, and the
// time it was given or the cause. It holds facts only; model says them in
// the admin's words (model.Explain).
type Error struct {
	Op      string // "read", "save", "delete"
	Timeout time.Duration
	Err     error
}

func (e *Error) Error() string {
	if e.Timeout > 0 {
		return fmt.Sprintf("keyring: %s: no answer within %s", e.Op, e.Timeout)
	}
	return fmt.Sprintf("keyring: %s: %v", e.Op, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// IsUnavailable reports whether err means the keyring could not be used.
func IsUnavailable(err error) bool {
	var e *Error
	return errors.As(err, &e)
}
