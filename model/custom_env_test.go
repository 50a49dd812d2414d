package model

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestEnvironmentChangeNeedsTheSecretAgain(t *testing.T) {
	s, k := testService(t)
	ctx := context.Background()
	ic, err := s.Setup.CreateIClient(ctx, IClient{Name: "App", Env: Environment{Kind: EnvZoom}, AppType: AppAccount, ClientID: "cid"}, NewSecret("secret-for-zoom"))
	if err != nil {
		t.Fatal(err)
	}
	stored := func() string {
		t.Helper()
		v, err := k.Get(ctx, ClientSecretAccount(ic.ID))
		if err != nil {
			t.Fatal(err)
		}
		return v.Reveal()
	}

	// The attack: point the iClient at another host and keep the secret.
	evil := ic
	evil.Env = Environment{Kind: EnvCustom, OAuthBase: "https://collector.example", APIBase: "https://collector.example"}
	_, err = s.Setup.UpdateIClient(ctx, evil, Secret{})
	var ve ValidationError
	if !errors.As(err, &ve) || !strings.Contains(ve.For("client_secret"), "enter the Client secret again: from now on it is sent to collector.example") {
		t.Fatalf("an environment change without the secret: %v", err)
	}
	doc, _ := s.Load()
	if got := doc.IClient(ic.ID); got.Env.Kind != EnvZoom || stored() != "secret-for-zoom" {
		t.Fatalf("a refused change changed something: %+v", got)
	}

	// With the secret given again, the change goes through.
	moved, err := s.Setup.UpdateIClient(ctx, evil, NewSecret("secret-for-the-proxy"))
	if err != nil || stored() != "secret-for-the-proxy" || moved.Env.OAuthBase != "https://collector.example" {
		t.Fatalf("%+v %v", moved, err)
	}

	// A new base URL is a new host too; a new name is not.
	other := moved
	other.Env.OAuthBase = "https://other.example"
	if _, err := s.Setup.UpdateIClient(ctx, other, Secret{}); !errors.As(err, &ve) || !strings.Contains(ve.For("client_secret"), "other.example") {
		t.Errorf("a base URL change without the secret: %v", err)
	}
	renamed := moved
	renamed.Name = "Proxy app"
	renamed.Env.OAuthBase += "/" // the same place
	if _, err := s.Setup.UpdateIClient(ctx, renamed, Secret{}); err != nil {
		t.Errorf("a rename needs no secret: %v", err)
	}
	if stored() != "secret-for-the-proxy" {
		t.Error("the secret changed")
	}
}

func TestCustomWarningNamesTheHosts(t *testing.T) {
	for _, tc := range []struct {
		env  Environment
		want string
	}{
		{Environment{Kind: EnvZoom}, ""},
		{Environment{Kind: EnvZoomGov}, ""},
		{Environment{Kind: EnvCustom, OAuthBase: "https://proxy.example:8443/zoom", APIBase: "https://proxy.example:8443/zoom"},
			"will be sent to proxy.example:8443, not to Zoom. Use a Custom environment only for a proxy or test server you trust."},
		{Environment{Kind: EnvCustom, OAuthBase: "https://auth.example", APIBase: "https://api.example"},
			"will be sent to auth.example, and its access tokens to api.example, not to Zoom."},
		{Environment{Kind: EnvCustom, OAuthBase: "https://auth.example"}, "will be sent to the base URLs below, not to Zoom."},
	} {
		got := CustomWarning(tc.env)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%+v: %q, want …%s…", tc.env, got, tc.want)
		}
	}
	if h := (Environment{Kind: EnvZoomGov}).SecretHost(); h != "zoomgov.com" {
		t.Errorf("Zoom for Government's secret host: %q", h)
	}
}
