package browser

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestOpener(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("uses a shell script")
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	script := filepath.Join(dir, "browser")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho \"$@\" > "+out+"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	const u = "https://zoom.us/oauth/authorize?client_id=x&state=y"
	var fallback []string
	o := Opener{Fallback: func(s string) error { fallback = append(fallback, s); return nil }}

	t.Setenv("BROWSER", "/nonexistent/browser:false:"+script+" --new-tab %s")
	if err := o.Open(u); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(out); strings.TrimSpace(string(b)) != "--new-tab "+u || len(fallback) != 0 {
		t.Fatalf("ran %q, fallback %v", b, fallback)
	}
	t.Setenv("BROWSER", script)
	if err := o.Open(u + "&x=1"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(out); strings.TrimSpace(string(b)) != u+"&x=1" {
		t.Fatalf("URL not appended as one argument: %q", b)
	}
	t.Setenv("BROWSER", "false")
	if err := o.Open(u); err != nil || len(fallback) != 1 {
		t.Fatalf("fallback not used after $BROWSER failed: %v %v", err, fallback)
	}
	t.Setenv("BROWSER", "")
	o.Fallback = func(string) error { return errors.New("no display") }
	if err := o.Open(u); err == nil || !strings.Contains(err.Error(), "no display") {
		t.Fatalf("fallback error lost: %v", err)
	}
	if err := (Opener{}).Open(u); err == nil {
		t.Fatal("no opener at all is not an error")
	}
}
