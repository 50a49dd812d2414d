package textsafe

import (
	"bytes"
	"strings"
	"testing"
)

// hostile carries what a display name, an error body or a file could
// hold to take over a terminal or mislead a reader.
const hostile = "Jane\x1b]0;pwned\x07 \x1b[31mDoe\x1b[0m\u009b2J\u202egnp.exe\u2066x\u2069\x7f\b\xff"

func TestLineRemovesEveryControl(t *testing.T) {
	got := Line(hostile + "\r\nline two\tend")
	if strings.ContainsAny(got, "\x1b\x07\x7f\b\r\n\t\u009b\u202e\u2066\u2069") || !strings.Contains(got, "Doe") {
		t.Fatalf("Line(%q) = %q", hostile, got)
	}
	if want := "Jane\uFFFD]0;pwned\uFFFD \uFFFD[31mDoe"; !strings.HasPrefix(got, want) {
		t.Errorf("Line = %q, want it to start %q", got, want)
	}
	if !strings.HasSuffix(got, "  line two end") {
		t.Errorf("line breaks and tabs should become spaces: %q", got)
	}
}

func TestPlainTextIsUnchanged(t *testing.T) {
	for _, s := range []string{"", "jane@example.com", "Zoom answered: Invalid Token!", "Renée — Zürich 東京 \uFFFD"} {
		if Line(s) != s {
			t.Errorf("%q changed: %q", s, Line(s))
		}
	}
}

func TestWriterAcrossSplitWrites(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	in := []byte("a\tb\r\n" + hostile + " Zürich\n")
	for i := range in { // one byte at a time: every UTF-8 sequence split
		if _, err := w.Write(in[i : i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if strings.ContainsAny(got, "\x1b\x07\x7f\b\u009b\u202e\u2066\u2069") {
		t.Fatalf("Writer let a control through: %q", got)
	}
	if !strings.HasPrefix(got, "a\tb\r\nJane\uFFFD]0;pwned") || !strings.HasSuffix(got, " Zürich\n") {
		t.Errorf("Writer output %q", got)
	}
}

func TestWriterFlushesACutCharacter(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	w.Write([]byte("ab\xe2\x80")) // the start of U+202E, never finished
	w.Flush()
	if got := out.String(); got != "ab\uFFFD" {
		t.Errorf("got %q", got)
	}
}

func TestInvisibleCharactersAreUnsafe(t *testing.T) {
	// Each of these shows nothing, yet makes two names that look alike
	// differ, or hides what a text says.
	for _, r := range []rune{0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0x2063, 0xFEFF, 0x061C, 0x180E, 0x00AD} {
		in := "Jane" + string(r) + "Doe"
		if got := Line(in); got != "Jane\uFFFDDoe" {
			t.Errorf("Line(%q) = %q", in, got)
		}
	}
}

func TestWriterReplacesALoneCarriageReturn(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	// "\r" alone would put the cursor back at the line's start, so that
	// "Offline" is printed over "Online ": the reader sees a lie.
	for _, chunk := range []string{"status: Offline\r", "Online \n", "csv,row\r", "\nend\r"} {
		w.Write([]byte(chunk))
	}
	w.Flush()
	want := "status: Offline\uFFFDOnline \ncsv,row\r\nend\uFFFD"
	if got := out.String(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
