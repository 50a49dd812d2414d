package keyring

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
)

// Secret is a value that must never be printed, logged or written to a file:
// a Client secret, an API Secret, a token. Every way fmt, slog and
// encoding/json have of showing it shows "[redacted]" instead. The value
// sits behind a pointer: fmt prints %p (and any verb it rejects) without
// asking the value's methods, and then shows only an address.
type Secret struct{ v *string }

const redacted = "[redacted]"

// NewSecret holds s as a Secret.
func NewSecret(s string) Secret {
	if s == "" {
		return Secret{}
	}
	return Secret{&s}
}

// Reveal returns the secret's value, for the one place that sends it.
func (s Secret) Reveal() string {
	if s.v == nil {
		return ""
	}
	return *s.v
}

// IsZero reports whether no secret was given.
func (s Secret) IsZero() bool { return s.v == nil || *s.v == "" }

func (s Secret) String() string { return redacted }

// GoString redacts under %#v.
func (s Secret) GoString() string { return redacted }

// Format redacts under every verb fmt hands to a method (%v %s %q %x %X
// %d %c %U %t …, any flags); a width still pads, so columns line up.
func (s Secret) Format(f fmt.State, verb rune) {
	out := redacted
	if verb == 'q' {
		out = strconv.Quote(redacted)
	}
	if w, ok := f.Width(); ok && w > len(out) {
		pad := strings.Repeat(" ", w-len(out))
		if f.Flag('-') {
			out += pad
		} else {
			out = pad + out
		}
	}
	_, _ = io.WriteString(f, out)
}

// LogValue redacts in slog output.
func (s Secret) LogValue() slog.Value { return slog.StringValue(redacted) }

// MarshalJSON redacts when a struct holding a secret is encoded.
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(redacted) }

// MarshalText redacts in text encoders (and as a JSON map key).
func (s Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }
