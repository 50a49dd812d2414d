package keyring

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

func TestSecretRedactsUnderEveryVerb(t *testing.T) {
	const v = "hunter2-client-secret"
	s := NewSecret(v)
	leaks := []string{v, "hunter", hex.EncodeToString([]byte(v))[:8], strings.ToUpper(hex.EncodeToString([]byte(v))[:8]), "U+0068"}
	for _, verb := range []string{
		"%v", "%+v", "%#v", "%s", "%q", "%+q", "%#q", "%x", "%X", "% x", "%#x", "%d", "%+d", "%c", "%U", "%#U", "%t",
		"%e", "%g", "%o", "%b", "%10s", "%-30v", "%.3s", "%08d", "%30x",
	} {
		outs := []string{
			fmt.Sprintf(verb, s),
			fmt.Sprintf(verb, &s),
			fmt.Sprintf(verb, struct{ S Secret }{s}),
			fmt.Sprintf(verb, []Secret{s}),
			fmt.Sprintf(verb, map[string]Secret{"k": s}),
		}
		for _, out := range outs {
			for _, l := range leaks {
				if strings.Contains(out, l) {
					t.Errorf("%s prints %q, which shows %q", verb, out, l)
				}
			}
		}
		if !strings.Contains(outs[0], redacted) || strings.Contains(outs[0], "%!") {
			t.Errorf("%s prints %q, want the redaction", verb, outs[0])
		}
	}
	if got := fmt.Sprintf("[%14v|%-12s]", s, s); got != "[    [redacted]|[redacted]  ]" {
		t.Errorf("a width pads the redaction: %q", got)
	}
	if got := fmt.Sprintf("%q", s); got != strconv.Quote(redacted) {
		t.Errorf("%%q = %s", got)
	}
}

// %p is the one verb fmt formats itself without asking the value's
// methods (as it does for any verb it rejects): it must show no more than an
// address.
func TestPercentPShowsNoValue(t *testing.T) {
	const value = "s3cr3t-value-4711"
	s := NewSecret(value)
	for _, f := range []string{"%p", "%#p", "%10p", "%!", "%z"} {
		if got := fmt.Sprintf(f, s); strings.Contains(got, value) {
			t.Errorf("%s shows the value: %s", f, got)
		}
		if got := fmt.Sprintf(f, &s); strings.Contains(got, value) {
			t.Errorf("%s of a pointer shows the value: %s", f, got)
		}
	}
}
