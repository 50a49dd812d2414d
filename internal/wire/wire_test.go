package wire

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"zoomconn/internal/browser"
	"zoomconn/internal/httpclient"
	"zoomconn/internal/keyring"
	"zoomconn/internal/secretstest"
	"zoomconn/model"
)

func TestKeyringHonoursTheServiceVariable(t *testing.T) {
	t.Setenv(keyring.ServiceEnv, "")
	if k := Keyring(); k.Service != keyring.DefaultService {
		t.Errorf("default service %q", k.Service)
	}
	t.Setenv(keyring.ServiceEnv, " zoomconn-test ")
	if k := Keyring(); k.Service != "zoomconn-test" {
		t.Errorf("service %q, want zoomconn-test", k.Service)
	}
}

// The window checks this store when the data folder cannot be opened: it
// must be the command line's, under the same service name.
func TestPartsKeyringIsTheCommandLinesOrTheFake(t *testing.T) {
	t.Setenv(keyring.ServiceEnv, "zoomconn-wire-window")
	if k, ok := (Parts{}).Keyring().(*keyring.Keyring); !ok || k.Service != "zoomconn-wire-window" {
		t.Errorf("keyring %#v, want the OS keyring under zoomconn-wire-window", (Parts{}).Keyring())
	}
	fake := secretstest.New()
	if got := (Parts{Secrets: fake}).Keyring(); got != fake {
		t.Errorf("keyring %#v, want the fake", got)
	}
}

func TestPartsReplaceWhatTheySet(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	secrets := secretstest.New()
	hc := &http.Client{}
	at := time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC)
	svc, err := Parts{Dir: dir, Secrets: secrets, HTTPClient: hc, Now: func() time.Time { return at }}.Service()
	if err != nil {
		t.Fatal(err)
	}
	if svc.Dir != dir || svc.Secrets != secrets || svc.HTTPClient != hc || !svc.Now().Equal(at) {
		t.Errorf("service not made of the parts: %+v", svc)
	}
	ic, err := svc.Setup.CreateIClient(context.Background(), model.IClient{Name: "App", ClientID: "cid", Env: model.Environment{Kind: model.EnvZoom}, AppType: model.AppAccount}, model.NewSecret("secret"))
	if err != nil {
		t.Fatal(err)
	}
	if got := secrets.Accounts(); len(got) != 1 || got[0] != model.ClientSecretAccount(ic.ID) {
		t.Errorf("secrets: %v", got)
	}
}

func TestPartsDefaults(t *testing.T) {
	home := filepath.Join(t.TempDir(), "home")
	t.Setenv(model.HomeEnv, home)
	t.Setenv(keyring.ServiceEnv, "zoomconn-wire-test")
	svc, err := Parts{}.Service()
	if err != nil {
		t.Fatal(err)
	}
	if k, ok := svc.Secrets.(*keyring.Keyring); svc.Dir != home || !ok || k.Service != "zoomconn-wire-test" {
		t.Errorf("dir %q, secrets %#v", svc.Dir, svc.Secrets)
	}
	// Every call to Zoom goes through the system's proxy, bounded: here
	// one that is down, named in the error.
	if svc.HTTPClient == nil || svc.HTTPClient.Timeout != httpclient.Timeout {
		t.Fatalf("HTTP client %+v, want httpclient's", svc.HTTPClient)
	}
	t.Setenv("HTTPS_PROXY", "http://127.0.0.1:1")
	svc, err = Parts{}.Service()
	if err != nil {
		t.Fatal(err)
	}
	_, err = svc.HTTPClient.Get("https://zoom.us/")
	if pe := (*httpclient.ProxyError)(nil); !errors.As(err, &pe) || pe.Proxy != "http://127.0.0.1:1" {
		t.Errorf("a call through a proxy that is down: %v, want a ProxyError naming it", err)
	}
	if _, ok := (Parts{}).Browser().(browser.Opener); !ok {
		t.Error("the default opener is not $BROWSER-then-the-system's")
	}
}
