package model

import (
	"encoding/hex"
	"fmt"
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestSecretRedactsUnderEveryVerb(t *testing.T) {
	const v = "hunter2-client-secret"
	s := Secret(v)
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

// %p is the one verb fmt formats itself before asking the value: for a
// string-kinded type it prints "%!p(model.Secret=<the value>)", and go vet
// accepts any verb for a type with a Format method. No format string in
// this module may hold %p.
func TestNoPercentPVerb(t *testing.T) {
	pVerb := regexp.MustCompile(`%[-+# 0-9.*\[\]]*` + "p")
	root := filepath.Join("..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != root) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fset := token.NewFileSet()
		var sc scanner.Scanner
		sc.Init(fset.AddFile(path, -1, len(src)), src, nil, 0)
		for {
			pos, tok, lit := sc.Scan()
			if tok == token.EOF {
				break
			}
			if tok != token.STRING {
				continue
			}
			text, err := strconv.Unquote(lit)
			if err != nil {
				continue
			}
			if pVerb.MatchString(strings.ReplaceAll(text, "%%", "")) {
				t.Errorf("%s: %q uses %%p, which fmt prints raw for a Secret", fset.Position(pos), text)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
