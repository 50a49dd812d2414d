package model

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"zoomconn/internal/secretstest"
)

// testKeyring is a password store of the test's own, in memory: model's
// tests are not about the keyring (internal/keyring's are).
func testKeyring(t *testing.T) *secretstest.Secrets {
	t.Helper()
	return secretstest.New()
}

func testService(t *testing.T) (*Service, *secretstest.Secrets) {
	t.Helper()
	k := testKeyring(t)
	s, err := Open(filepath.Join(t.TempDir(), "data"), k)
	if err != nil {
		t.Fatal(err)
	}
	return s, k
}

func TestIClientLifecycle(t *testing.T) {
	s, k := testService(t)
	ctx := context.Background()
	ic, err := s.Setup.CreateIClient(ctx, IClient{Name: "Acme app", Env: Environment{Kind: EnvZoom}, AppType: AppAccount, ClientID: " cid\n"}, NewSecret(" secret-1 \r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := k.Get(ctx, ClientSecretAccount(ic.ID)); got.Reveal() != "secret-1" {
		t.Errorf("stored secret %q, want it trimmed", got.Reveal())
	}
	if _, err := s.Setup.CreateIClient(ctx, IClient{Name: "Other", Env: Environment{Kind: EnvZoom}, AppType: AppAccount, ClientID: "x"}, NewSecret("sec ret")); err == nil ||
		!strings.Contains(err.Error(), "The Client secret contains a space or line break in the middle") {
		t.Errorf("inner space in a secret: got %v", err)
	}
	c, err := s.Setup.CreateConnection(ctx, Connection{Name: "Reports", Env: Environment{Kind: EnvZoom}, Auth: AuthOAuth2, IClientID: ic.ID}, Secret{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != StatusNotAuthorized {
		t.Errorf("new OAuth connection status %q", c.Status)
	}
	err = s.Setup.DeleteIClient(ctx, ic.ID)
	var inUse *InUseError
	if !errors.As(err, &inUse) || err.Error() != `The iClient "Acme app" cannot be deleted: "Reports" still uses it. Choose another iClient for it first.` {
		t.Fatalf("delete in use: %v", err)
	}
	// Rotating the secret keeps the connection and replaces the secret.
	if _, err := s.Setup.UpdateIClient(ctx, ic, NewSecret("secret-2")); err != nil {
		t.Fatal(err)
	}
	if got, _ := k.Get(ctx, ClientSecretAccount(ic.ID)); got.Reveal() != "secret-2" {
		t.Errorf("secret after rotation %q", got.Reveal())
	}
	if err := s.Setup.DeleteConnection(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.Setup.DeleteIClient(ctx, ic.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Get(ctx, ClientSecretAccount(ic.ID)); !errors.Is(err, ErrSecretNotFound) {
		t.Errorf("secret left behind after delete: %v", err)
	}
	doc, _ := s.Load()
	if len(doc.IClients) != 0 || len(doc.Connections) != 0 {
		t.Errorf("left: %+v", doc)
	}
	events, _, _ := s.Activity.Read("")
	var kinds []string
	for _, e := range events {
		kinds = append(kinds, string(e.Kind))
	}
	if got := strings.Join(kinds, ","); got != "iclient_created,created,iclient_edited,secret_rotated,deleted,iclient_deleted" {
		t.Errorf("activity %s", got)
	}
}

func TestMigrateJWTConnectionRecord(t *testing.T) {
	s, k := testService(t)
	ctx := context.Background()
	jwt, err := s.Setup.CreateConnection(ctx, Connection{Name: "Webinar sync", Env: Environment{Kind: EnvZoom}, Auth: AuthJWT, APIKey: "apikey"}, NewSecret("api-secret"))
	if err != nil {
		t.Fatal(err)
	}
	if jwt.Status != StatusMigrationNeeded {
		t.Errorf("JWT connection status %q, want migration needed", jwt.Status)
	}
	ic, err := s.Setup.CreateIClient(ctx, IClient{Name: "Acme", Env: Environment{Kind: EnvZoom}, AppType: AppUser, ClientID: "cid"}, NewSecret("csecret"))
	if err != nil {
		t.Fatal(err)
	}
	jwt.Auth, jwt.IClientID = AuthOAuth2, ic.ID
	got, err := s.Setup.UpdateConnection(ctx, jwt)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != StatusNotAuthorized || got.MigratedFrom != AuthJWT || got.APIKey != "" {
		t.Errorf("after switching to OAuth 2.0: %+v", got)
	}
	if _, err := k.Get(ctx, JWTSecretAccount(jwt.ID)); !errors.Is(err, ErrSecretNotFound) {
		t.Errorf("the retired API Secret should be forgotten: %v", err)
	}
	events, _, _ := s.Activity.Read(jwt.ID)
	if len(events) != 2 || events[1].Kind != EventAuthTypeChanged || events[1].Detail != "JWT (retired) → OAuth 2.0" {
		t.Errorf("activity %+v", events)
	}
	// Going back to JWT is refused.
	got.Auth, got.APIKey = AuthJWT, "k"
	if _, err := s.Setup.UpdateConnection(ctx, got); err == nil || !strings.Contains(err.Error(), "JWT was retired") {
		t.Errorf("switching back to JWT: %v", err)
	}
}

func TestNoSecretInDataFolder(t *testing.T) {
	s, _ := testService(t)
	ctx := context.Background()
	secrets := []string{"client-secret-AAAA", "api-secret-BBBB"}
	ic, err := s.Setup.CreateIClient(ctx, IClient{Name: "Acme", Env: Environment{Kind: EnvZoom}, AppType: AppUser, ClientID: "cid"}, NewSecret(secrets[0]))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Setup.CreateConnection(ctx, Connection{Name: "Old", Env: Environment{Kind: EnvZoom}, Auth: AuthJWT, APIKey: "k"}, NewSecret(secrets[1])); err != nil {
		t.Fatal(err)
	}
	s.Setup.UpdateIClient(ctx, ic, NewSecret("client-secret-CCCC"))
	secrets = append(secrets, "client-secret-CCCC")
	filepath.Walk(s.Dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		data, _ := os.ReadFile(p)
		for _, sec := range secrets {
			if strings.Contains(string(data), sec) {
				t.Errorf("%s contains a secret", p)
			}
		}
		return nil
	})
}
