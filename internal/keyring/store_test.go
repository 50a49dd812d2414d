package keyring_test

// The keyring against the operating system's real password store: these
// skip when it cannot be reached (see keyringtest).

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	gokeyring "github.com/zalando/go-keyring"

	"zoomconn/internal/keyring"
	"zoomconn/internal/keyringtest"
	"zoomconn/internal/secretstest"
)

func TestKeyringRoundTrip(t *testing.T) {
	k := keyringtest.New(t)
	ctx := context.Background()
	if _, err := k.Get(ctx, "iclient/x/client-secret"); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("Get of a missing secret: got %v, want ErrNotFound", err)
	}
	if err := k.Set(ctx, "iclient/x/client-secret", keyring.NewSecret("s3cr3t value")); err != nil {
		t.Fatal(err)
	}
	got, err := k.Get(ctx, "iclient/x/client-secret")
	if err != nil || got.Reveal() != "s3cr3t value" {
		t.Fatalf("got %q, %v", got.Reveal(), err)
	}
	if err := k.Delete(ctx, "iclient/x/client-secret"); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Get(ctx, "iclient/x/client-secret"); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("after Delete: got %v, want ErrNotFound", err)
	}
	if err := k.Delete(ctx, "iclient/x/client-secret"); err != nil {
		t.Errorf("deleting a missing secret should succeed, got %v", err)
	}
}

func bigToken() string {
	return strings.Repeat("eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.", 170) // 6.3 KB, as Zoom's
}

// TestKeyringLargeValueInChunks stores a 6 KB token, which Windows Credential
// Manager would refuse whole, and checks every chunk goes on delete. It
// chunks on every platform (the Secret Service would store it whole), so
// that reading chunks is tested everywhere.
func TestKeyringLargeValueInChunks(t *testing.T) {
	k := keyringtest.New(t)
	k.StoreWholeUpTo(keyring.ChunkSize)
	ctx := context.Background()
	acct := "connection/big/token"
	big := bigToken()
	if err := k.Set(ctx, acct, keyring.NewSecret(big)); err != nil {
		t.Fatal(err)
	}
	got, err := k.Get(ctx, acct)
	if err != nil || got.Reveal() != big {
		t.Fatalf("6 KB value did not round-trip (len %d, err %v)", len(got.Reveal()), err)
	}
	header, err := k.Raw(ctx, acct)
	if err != nil {
		t.Fatal(err)
	}
	chunks := keyring.ChunkAccounts(acct, header)
	if len(chunks) != 4 {
		t.Fatalf("want the value stored as 4 chunks, header %q", header)
	}
	for i, c := range chunks {
		if part, err := k.Raw(ctx, c); err != nil || len(part) > 2000 {
			t.Fatalf("chunk %d: %d bytes, %v", i+1, len(part), err)
		}
	}

	// Replacing it with a small value removes the old chunks.
	if err := k.Set(ctx, acct, keyring.NewSecret("small")); err != nil {
		t.Fatal(err)
	}
	if got, _ := k.Get(ctx, acct); got.Reveal() != "small" {
		t.Fatalf("got %q after replacing", got.Reveal())
	}
	for i, c := range chunks {
		if _, err := k.Raw(ctx, c); !errors.Is(err, keyring.ErrNotFound) {
			t.Errorf("old chunk %d still stored (%v)", i+1, err)
		}
	}

	if err := k.Set(ctx, acct, keyring.NewSecret(big+big)); err != nil {
		t.Fatal(err)
	}
	header, _ = k.Raw(ctx, acct)
	chunks = keyring.ChunkAccounts(acct, header)
	if err := k.Delete(ctx, acct); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Get(ctx, acct); !errors.Is(err, keyring.ErrNotFound) {
		t.Errorf("after Delete: %v", err)
	}
	for i, c := range chunks {
		if _, err := k.Raw(ctx, c); !errors.Is(err, keyring.ErrNotFound) {
			t.Errorf("chunk %d of %d left behind after Delete (%v)", i+1, len(chunks), err)
		}
	}
}

// TestKeyringLargeValueWhereItFits: a 6 KB token is one item where the
// keyring takes it (the Secret Service), so reading it is one lookup.
func TestKeyringLargeValueWhereItFits(t *testing.T) {
	if keyring.WholeLimit < 6<<10 {
		t.Skip("this platform's keyring takes 2,000 bytes an item: see TestKeyringLargeValueInChunks")
	}
	k := keyringtest.New(t)
	ctx := context.Background()
	big := bigToken()
	if err := k.Set(ctx, "signin/big/token", keyring.NewSecret(big)); err != nil {
		t.Fatal(err)
	}
	if raw, err := k.Raw(ctx, "signin/big/token"); err != nil || raw != big {
		t.Fatalf("stored as %d bytes (%v), want the whole value in one item", len(raw), err)
	}
}

// TestKeyringReadsWhatEarlierVersionsWrote: items as earlier versions left
// them in the real store (go-keyring's attributes; a large value in the
// chunk format, as every version did on Windows and the first ones did
// everywhere) read back.
func TestKeyringReadsWhatEarlierVersionsWrote(t *testing.T) {
	k := keyringtest.New(t)
	big := bigToken()
	items := map[string]string{
		"iclient/ic1/client-secret":   "plain-secret",
		"signin/old/token":            "zoomconn-chunked:v1:0a1b2c3d:4",
		"signin/old/token#0a1b2c3d.1": big[:2000],
		"signin/old/token#0a1b2c3d.2": big[2000:4000],
		"signin/old/token#0a1b2c3d.3": big[4000:6000],
		"signin/old/token#0a1b2c3d.4": big[6000:],
	}
	for u, v := range items {
		if err := gokeyring.Set(k.Service, u, v); err != nil {
			t.Fatal(err)
		}
	}
	for account, want := range map[string]string{"iclient/ic1/client-secret": "plain-secret", "signin/old/token": big} {
		if got, err := k.Get(context.Background(), account); err != nil || got.Reveal() != want {
			t.Errorf("%s read back as %d bytes, %v", account, len(got.Reveal()), err)
		}
	}
}

// TestKeyringChecks: both health checks pass on a working store and say
// what is wrong on one that is not there.
func TestKeyringChecks(t *testing.T) {
	k := keyringtest.New(t)
	ctx := context.Background()
	if err := keyring.Probe(ctx, k); err != nil {
		t.Errorf("Probe of the real store: %v", err)
	}
	for _, s := range []keyring.Store{secretstest.New(), k} {
		if err := keyring.Check(ctx, s); err != nil {
			t.Errorf("Check of %T: %v", s, err)
		}
	}
	if err := keyring.Check(ctx, secretstest.Unavailable{}); !keyring.IsUnavailable(err) {
		t.Errorf("Check of a store that is not there: %v", err)
	}
	if err := keyring.Probe(ctx, secretstest.Unavailable{}); !keyring.IsUnavailable(err) {
		t.Errorf("Probe of a store that is not there: %v", err)
	}
}

// TestKeyringUnavailableWithoutSessionBus runs a child whose session bus is
// gone (the address of a socket that is not there, as an SSH session
// keeps after its desktop session ended): the error must come at once, be
// typed, and carry what failed and why.
func TestKeyringUnavailableWithoutSessionBus(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the Secret Service is reached over D-Bus on Linux only")
	}
	if os.Getenv("ZOOMCONN_NO_BUS_CHILD") == "1" {
		start := time.Now()
		_, err := keyring.New(keyring.DefaultService).Get(context.Background(), "iclient/x/client-secret")
		var ke *keyring.Error
		if !errors.As(err, &ke) || !keyring.IsUnavailable(err) {
			t.Fatalf("got %T %v, want *keyring.Error", err, err)
		}
		// The facts model words (model.Explain): what failed, and why.
		if ke.Op != "read" || ke.Timeout != 0 || !strings.Contains(err.Error(), "no-bus") {
			t.Errorf("error %q (op %q)", err, ke.Op)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("took %v to find the bus gone", d)
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
