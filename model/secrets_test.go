package model

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"
)

// testKeyring is the real OS keyring under a service name of its own, so
// tests never touch an administrator's secrets.
func testKeyring(t *testing.T) *Keyring {
	t.Helper()
	return &Keyring{Service: "zoomconn-test-" + NewID(), Timeout: 20 * time.Second}
}

func TestKeyringRoundTrip(t *testing.T) {
	k := testKeyring(t)
	ctx := context.Background()
	if _, err := k.Get(ctx, "iclient/x/client-secret"); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("Get of a missing secret: got %v, want ErrSecretNotFound", err)
	}
	if err := k.Set(ctx, "iclient/x/client-secret", NewSecret("s3cr3t value")); err != nil {
		t.Fatal(err)
	}
	got, err := k.Get(ctx, "iclient/x/client-secret")
	if err != nil || got.Reveal() != "s3cr3t value" {
		t.Fatalf("got %q, %v", got.Reveal(), err)
	}
	if err := k.Delete(ctx, "iclient/x/client-secret"); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Get(ctx, "iclient/x/client-secret"); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("after Delete: got %v, want ErrSecretNotFound", err)
	}
	if err := k.Delete(ctx, "iclient/x/client-secret"); err != nil {
		t.Errorf("deleting a missing secret should succeed, got %v", err)
	}
}

// TestKeyringLargeValueInChunks stores a 6 KB token, which Windows Credential
// Manager would refuse whole, and checks every chunk goes on delete. It
// chunks on every platform (the Secret Service would store it whole), so
// that reading chunks is tested everywhere.
func TestKeyringLargeValueInChunks(t *testing.T) {
	k := testKeyring(t)
	k.whole = chunkSize
	ctx := context.Background()
	acct := "connection/big/token"
	var b strings.Builder
	for b.Len() < 6*1024 {
		fmt.Fprintf(&b, "eyJ%d.", b.Len())
	}
	big := b.String()
	if err := k.Set(ctx, acct, NewSecret(big)); err != nil {
		t.Fatal(err)
	}
	got, err := k.Get(ctx, acct)
	if err != nil || got.Reveal() != big {
		t.Fatalf("6 KB value did not round-trip (len %d, err %v)", len(got.Reveal()), err)
	}
	header, err := k.get(ctx, acct)
	if err != nil {
		t.Fatal(err)
	}
	h, ok := parseHeader(header)
	if !ok || h.n != 4 {
		t.Fatalf("want the value stored as 4 chunks, header %q", header)
	}
	for i := 1; i <= h.n; i++ {
		part, err := k.get(ctx, chunkAccount(acct, h, i))
		if err != nil || len(part) > 2000 {
			t.Fatalf("chunk %d: %d bytes, %v", i, len(part), err)
		}
	}

	// Replacing it with a small value removes the old chunks.
	if err := k.Set(ctx, acct, NewSecret("small")); err != nil {
		t.Fatal(err)
	}
	if got, _ := k.Get(ctx, acct); got.Reveal() != "small" {
		t.Fatalf("got %q after replacing", got.Reveal())
	}
	for i := 1; i <= h.n; i++ {
		if _, err := k.get(ctx, chunkAccount(acct, h, i)); !errors.Is(err, ErrSecretNotFound) {
			t.Errorf("old chunk %d still stored (%v)", i, err)
		}
	}

	if err := k.Set(ctx, acct, NewSecret(big+big)); err != nil {
		t.Fatal(err)
	}
	header, _ = k.get(ctx, acct)
	h, _ = parseHeader(header)
	if err := k.Delete(ctx, acct); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Get(ctx, acct); !errors.Is(err, ErrSecretNotFound) {
		t.Errorf("after Delete: %v", err)
	}
	for i := 1; i <= h.n; i++ {
		if _, err := k.get(ctx, chunkAccount(acct, h, i)); !errors.Is(err, ErrSecretNotFound) {
			t.Errorf("chunk %d of %d left behind after Delete (%v)", i, h.n, err)
		}
	}
}

// TestKeyringLargeValueWhereItFits: a 6 KB token is one item where the
// keyring takes it (the Secret Service), so reading it is one lookup; one
// stored in chunks, as Windows needs and older versions did everywhere,
// still reads back.
func TestKeyringLargeValueWhereItFits(t *testing.T) {
	if wholeLimit < 6<<10 {
		t.Skip("this platform's keyring takes 2,000 bytes an item: see TestKeyringLargeValueInChunks")
	}
	k := testKeyring(t)
	ctx := context.Background()
	big := strings.Repeat("eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.", 170)
	if err := k.Set(ctx, "signin/big/token", NewSecret(big)); err != nil {
		t.Fatal(err)
	}
	if raw, err := k.get(ctx, "signin/big/token"); err != nil || raw != big {
		t.Fatalf("stored as %d bytes (%v), want the whole value in one item", len(raw), err)
	}
	old := &Keyring{Service: k.Service, Timeout: k.Timeout, whole: chunkSize}
	if err := old.Set(ctx, "signin/old/token", NewSecret(big)); err != nil {
		t.Fatal(err)
	}
	if got, err := k.Get(ctx, "signin/old/token"); err != nil || got.Reveal() != big {
		t.Fatalf("a chunked value read back as %d bytes, %v", len(got.Reveal()), err)
	}
	for _, a := range []string{"signin/big/token", "signin/old/token"} {
		if err := k.Delete(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
}

// TestKeyringUnavailableWithoutSessionBus runs a child with no reachable
// session bus: the error must be typed and say what to install or unlock.
func TestKeyringUnavailableWithoutSessionBus(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the Secret Service is reached over D-Bus on Linux only")
	}
	if os.Getenv("ZOOMCONN_NO_BUS_CHILD") == "1" {
		k := NewKeyring()
		_, err := k.Get(context.Background(), "iclient/x/client-secret")
		var ke *KeyringError
		if !errors.As(err, &ke) || !IsKeyringUnavailable(err) {
			t.Fatalf("got %T %v, want *KeyringError", err, err)
		}
		for _, want := range []string{"Your system's password store is not available", "install gnome-keyring", "unlock it"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("message %q does not say %q", err, want)
			}
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestKeyringUnavailableWithoutSessionBus$", "-test.v")
	cmd.Env = append(os.Environ(), "ZOOMCONN_NO_BUS_CHILD=1",
		"DBUS_SESSION_BUS_ADDRESS=unix:path="+t.TempDir()+"/no-bus", "DISPLAY=")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS") {
		t.Fatalf("child failed: %v\n%s", err, out)
	}
}

type blockingBackend struct{ release chan struct{} }

func (b blockingBackend) Get(s, u string) (string, error) { <-b.release; return "", nil }
func (b blockingBackend) Set(s, u, p string) error        { <-b.release; return nil }
func (b blockingBackend) Delete(s, u string) error        { <-b.release; return nil }

// TestKeyringTimeout stands in for a keyring whose unlock prompt nobody
// answers: the call must come back with a clear message, not hang.
func TestKeyringTimeout(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	k := &Keyring{Service: "zoomconn-test", Timeout: 50 * time.Millisecond, backend: blockingBackend{release}}
	_, err := k.Get(context.Background(), "connection/x/token")
	var ke *KeyringError
	if !errors.As(err, &ke) || ke.Timeout == 0 {
		t.Fatalf("got %v, want a timeout KeyringError", err)
	}
	if !strings.Contains(err.Error(), "did not answer within 50ms") || !strings.Contains(err.Error(), "unlock") {
		t.Errorf("message %q", err)
	}
}

func TestSecretRedacts(t *testing.T) {
	const v = "hunter2-client-secret"
	s := NewSecret(v)
	var logged strings.Builder
	slog.New(slog.NewTextHandler(&logged, nil)).Info("saving", "secret", s)
	js, _ := json.Marshal(struct{ S Secret }{s})
	for _, out := range []string{fmt.Sprint(s), fmt.Sprintf("%v %+v %#v %s %q", s, s, s, s, s), string(js), logged.String(), fmt.Sprintf("%v", struct{ S Secret }{s})} {
		if strings.Contains(out, v) {
			t.Errorf("secret leaked: %s", out)
		}
		if !strings.Contains(out, "redacted") {
			t.Errorf("no redaction marker: %s", out)
		}
	}
	if s.Reveal() != v {
		t.Error("Reveal must return the value")
	}
}
