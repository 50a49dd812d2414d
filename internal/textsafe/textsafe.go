// Package textsafe makes text that comes from outside (Zoom's answers, a
// browser callback, an imported file) safe to show in a terminal or the
// window: no escape sequence can retitle or recolour a terminal, and no
// bidirectional override can make text read differently from what it is.
package textsafe

import (
	"io"
	"strings"
	"unicode/utf8"
)

// Replacement stands in for every character this package removes, so a
// reader sees that something was there.
const Replacement = '\uFFFD'

// Unsafe reports whether r may not be shown as it is: C0 and C1 control
// characters (ESC, BEL, backspace, CR, LF, tab, CSI …), DEL, the
// bidirectional embeddings and overrides U+202A–U+202E and isolates
// U+2066–U+2069, the line and paragraph separators, and the characters
// that show nothing yet change what text is or how it reads: zero-width
// spaces and joiners, the bidirectional marks (U+200B–U+200F, U+061C),
// the word joiner and invisible operators (U+2060–U+2064), U+FEFF, the
// soft hyphen and U+180E. (Invalid UTF-8 is replaced too, by Line and
// Writer.)
func Unsafe(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7F && r <= 0x9F:
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x2028, r == 0x2029:
		return true
	case r >= 0x200B && r <= 0x200F, r >= 0x2060 && r <= 0x2064:
		return true
	case r == 0xFEFF, r == 0x061C, r == 0x180E, r == 0x00AD:
		return true
	}
	return false
}

// Line returns s as one line: tabs and line breaks become spaces, and
// every other unsafe character, or invalid byte, becomes Replacement.
// (Output of several lines goes through Writer.)
func Line(s string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s { // an invalid byte comes as utf8.RuneError, U+FFFD
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == 0x2028 || r == 0x2029:
			b.WriteByte(' ')
		case Unsafe(r):
			b.WriteRune(Replacement)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isPlain reports printable ASCII only: nothing to replace.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7F {
			return false
		}
	}
	return true
}

// Writer passes text to an io.Writer with every unsafe character replaced
// except tab, LF and the CR of a CRLF, which the output's own layout uses
// (tables, CSV). A CR alone would move a terminal's cursor back over what
// was written, so it is replaced. A character split across two writes is
// kept until the rest comes; Flush writes what is left at the end.
type Writer struct {
	w       io.Writer
	pending []byte
}

// NewWriter returns a Writer to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write writes p, cleaned, and reports all of p as written.
func (t *Writer) Write(p []byte) (int, error) {
	if len(t.pending) == 0 && isLayout(p) {
		_, err := t.w.Write(p)
		return len(p), err
	}
	buf := append(t.pending, p...)
	cut := len(buf) - incompleteTail(buf)
	out := cleanBytes(buf[:cut])
	t.pending = append([]byte(nil), buf[cut:]...)
	_, err := t.w.Write(out)
	return len(p), err
}

// Flush writes a character left incomplete by the last Write, replaced.
func (t *Writer) Flush() error {
	if len(t.pending) == 0 {
		return nil
	}
	t.pending = nil
	_, err := t.w.Write([]byte(string(Replacement)))
	return err
}

// isLayout reports printable ASCII, tabs and line breaks only.
func isLayout(p []byte) bool {
	for _, c := range p {
		if (c < 0x20 && c != '\t' && c != '\n') || c >= 0x7F {
			return false
		}
	}
	return true
}

// incompleteTail is the length of what may continue in the next write: a
// UTF-8 sequence cut off at the end of p, or a CR whose LF may follow.
func incompleteTail(p []byte) int {
	if len(p) > 0 && p[len(p)-1] == '\r' {
		return 1
	}
	for i := len(p) - 1; i >= 0 && i >= len(p)-utf8.UTFMax+1; i-- {
		if utf8.RuneStart(p[i]) {
			if !utf8.FullRune(p[i:]) {
				return len(p) - i
			}
			return 0
		}
	}
	return 0
}

func cleanBytes(p []byte) []byte {
	out := make([]byte, 0, len(p))
	for len(p) > 0 {
		r, size := utf8.DecodeRune(p)
		switch {
		case r == '\t' || r == '\n' || (r == '\r' && len(p) > 1 && p[1] == '\n'):
			out = append(out, byte(r))
		case r == utf8.RuneError, Unsafe(r): // RuneError: also an invalid byte
			out = utf8.AppendRune(out, Replacement)
		default:
			out = append(out, p[:size]...)
		}
		p = p[size:]
	}
	return out
}
