package cli_test

import (
	"context"
	"strings"
	"testing"

	"zoomconn/model"
)

func TestCLICustomEnvironmentWarnsAndNeedsTheSecretAgain(t *testing.T) {
	e := newCLIEnv(t)
	e.forbid("secret-for-zoom-only", "secret-for-the-proxy")
	_, errOut := e.expect(0, "", "secret-for-zoom-only", "iclient", "add", "--name", "App", "--client-id", "cid")
	if strings.Contains(errOut, "Warning") {
		t.Errorf("a Zoom iClient needs no warning: %s", errOut)
	}
	stored := func() string {
		t.Helper()
		doc, _ := (&model.Store{Dir: e.home}).Load()
		v, err := e.keys.Get(context.Background(), model.ClientSecretAccount(doc.IClientByName("App").ID))
		if err != nil {
			t.Fatal(err)
		}
		return v.Reveal()
	}

	// The attack: point the iClient elsewhere and keep the stored secret.
	move := []string{"iclient", "edit", "App", "--environment", "custom", "--oauth-base", "https://collector.example", "--api-base", "https://collector.example"}
	e.expect(2, "The new environment sends the Client secret to collector.example, so give it again with --secret-stdin", "", move...)
	doc, _ := (&model.Store{Dir: e.home}).Load()
	if ic := doc.IClientByName("App"); ic.Env.Kind != model.EnvZoom || stored() != "secret-for-zoom-only" {
		t.Fatalf("a refused edit changed the iClient: %+v", ic)
	}
	e.expect(0, "Warning: The Client secret, sign-in codes and tokens of this iClient will be sent to collector.example, not to Zoom.",
		"secret-for-the-proxy", append(move, "--secret-stdin")...)
	if stored() != "secret-for-the-proxy" {
		t.Error("the new secret was not stored")
	}
	// A new base URL is a new address too.
	e.expect(2, "sends the Client secret to other.example", "", "iclient", "edit", "App", "--oauth-base", "https://other.example")

	// Adding a Custom iClient names its hosts before the secret is read.
	e.forbid("proxy-secret")
	host := strings.TrimPrefix(e.zoom.URL(), "http://")
	e.expect(0, "Warning: The Client secret, sign-in codes and tokens of this iClient will be sent to "+host+", not to Zoom.",
		"proxy-secret", append([]string{"iclient", "add", "--name", "Proxy", "--client-id", "cid-2"}, e.custom()...)...)
}
