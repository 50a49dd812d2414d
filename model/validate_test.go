package model

import (
	"strings"
	"testing"
)

func docWith() *Document {
	d := NewDocument()
	d.IClients = append(d.IClients,
		IClient{ID: "ic1", Name: "Acme reporting app", Env: Environment{Kind: EnvZoom}, AppType: AppAccount, ClientID: "abc"},
		IClient{ID: "ic2", Name: "Acme S2S", Env: Environment{Kind: EnvZoom}, AppType: AppS2S, ClientID: "def"},
		IClient{ID: "ic3", Name: "Gov app", Env: Environment{Kind: EnvZoomGov}, AppType: AppUser, ClientID: "ghi"},
	)
	d.Connections = append(d.Connections,
		Connection{ID: "c1", Name: "Webinar sync", Env: Environment{Kind: EnvZoom}, Auth: AuthJWT, APIKey: "key"},
	)
	return d
}

func TestValidateConnectionRejects(t *testing.T) {
	oauth := func(mod func(*Connection)) Connection {
		c := Connection{Name: "Reports", Env: Environment{Kind: EnvZoom}, Auth: AuthOAuth2, IClientID: "ic1"}
		mod(&c)
		return c
	}
	tests := []struct {
		name  string
		c     Connection
		field string
		want  string
	}{
		{"empty name", oauth(func(c *Connection) { c.Name = "   " }), "name", "Enter a name for the connection."},
		{"long name", oauth(func(c *Connection) { c.Name = strings.Repeat("x", 101) }), "name", "The name is too long: at most 100 characters."},
		{"control char in name", oauth(func(c *Connection) { c.Name = "Re\nports" }), "name", "The name cannot contain line breaks, tabs or other control characters."},
		{"duplicate name any case", oauth(func(c *Connection) { c.Name = "  WEBINAR sync " }), "name", `A connection named "Webinar sync" already exists. Choose another name.`},
		{"JWT for a new connection", oauth(func(c *Connection) { c.Auth, c.APIKey = AuthJWT, "k" }), "auth_type", "JWT was retired by Zoom on September 8, 2023 and cannot be chosen. Choose OAuth 2.0 or Server-to-Server OAuth."},
		{"no auth type", oauth(func(c *Connection) { c.Auth = "" }), "auth_type", "Choose an authentication type: OAuth 2.0 or Server-to-Server OAuth."},
		{"no iClient", oauth(func(c *Connection) { c.IClientID = "" }), "iclient", "Choose an iClient, or create one with the + button."},
		{"missing iClient", oauth(func(c *Connection) { c.IClientID = "gone" }), "iclient", "The chosen iClient no longer exists. Choose another one."},
		{"iClient of another environment", oauth(func(c *Connection) { c.IClientID = "ic3" }), "iclient", `The iClient "Gov app" belongs to Zoom for Government, but this connection uses Zoom. Choose an iClient of the same environment.`},
		{"S2S iClient for OAuth 2.0", oauth(func(c *Connection) { c.IClientID = "ic2" }), "iclient", "OAuth 2.0 needs the iClient of an Admin-managed or User-managed General App, not of a Server-to-Server OAuth App."},
		{"OAuth iClient for S2S", oauth(func(c *Connection) { c.Auth, c.AccountID = AuthS2S, "acct" }), "iclient", "Server-to-Server OAuth needs an iClient whose app type is Server-to-Server OAuth."},
		{"S2S without account", oauth(func(c *Connection) { c.Auth, c.IClientID = AuthS2S, "ic2" }), "account_id", "Enter the Account ID."},
		{"account ID with inner space", oauth(func(c *Connection) { c.Auth, c.IClientID, c.AccountID = AuthS2S, "ic2", "ab cd" }), "account_id", "The Account ID contains a space or line break in the middle. Copy it again from Zoom's App credentials."},
		{"no environment", oauth(func(c *Connection) { c.Env = Environment{} }), "environment", "Choose an environment: Zoom, Zoom for Government or Custom."},
		{"custom http to a remote host", oauth(func(c *Connection) {
			c.Env = Environment{Kind: EnvCustom, OAuthBase: "http://proxy.example.com", APIBase: "https://api.example.com"}
		}), "oauth_base", "The OAuth base URL must use https (http is allowed only for localhost)."},
		{"custom relative URL", oauth(func(c *Connection) {
			c.Env = Environment{Kind: EnvCustom, OAuthBase: "https://ok.example.com", APIBase: "api.example.com"}
		}), "api_base", "The API base URL must be a full address such as https://zoom-proxy.example.com."},
		{"custom ftp URL", oauth(func(c *Connection) {
			c.Env = Environment{Kind: EnvCustom, OAuthBase: "ftp://x.example.com", APIBase: "https://api.example.com"}
		}), "oauth_base", "The OAuth base URL must start with https://."},
		{"custom URL with credentials", oauth(func(c *Connection) {
			c.Env = Environment{Kind: EnvCustom, OAuthBase: "https://u:p@x.example.com", APIBase: "https://api.example.com"}
		}), "oauth_base", "The OAuth base URL cannot contain a user name, query or fragment."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.c
			err := ValidateConnection(&c, docWith(), true)
			ve, ok := err.(ValidationError)
			if !ok {
				t.Fatalf("got %v, want a ValidationError", err)
			}
			if got := ve.For(tt.field); got != tt.want {
				t.Errorf("message for %s:\n got %q\nwant %q", tt.field, got, tt.want)
			}
		})
	}
}

func TestValidateIClientRejects(t *testing.T) {
	tests := []struct {
		name  string
		ic    IClient
		field string
		want  string
	}{
		{"empty name", IClient{Env: Environment{Kind: EnvZoom}, AppType: AppAccount, ClientID: "x"}, "name", "Enter a name for the iClient."},
		{"duplicate", IClient{Name: "acme REPORTING app", Env: Environment{Kind: EnvZoom}, AppType: AppAccount, ClientID: "x"}, "name", `An iClient named "Acme reporting app" already exists. Choose another name.`},
		{"no client ID", IClient{Name: "New", Env: Environment{Kind: EnvZoom}, AppType: AppAccount, ClientID: " \n"}, "client_id", "Enter the Client ID."},
		{"tab inside client ID", IClient{Name: "New", Env: Environment{Kind: EnvZoom}, AppType: AppAccount, ClientID: "ab\tcd"}, "client_id", "The Client ID contains a space or line break in the middle. Copy it again from Zoom's App credentials."},
		{"no app type", IClient{Name: "New", Env: Environment{Kind: EnvZoom}, ClientID: "x"}, "app_type", "Choose the app type: Admin-managed or User-managed General App, or Server-to-Server OAuth App."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ic := tt.ic
			err := ValidateIClient(&ic, docWith())
			ve, ok := err.(ValidationError)
			if !ok {
				t.Fatalf("got %v, want a ValidationError", err)
			}
			if got := ve.For(tt.field); got != tt.want {
				t.Errorf("message for %s:\n got %q\nwant %q", tt.field, got, tt.want)
			}
		})
	}
}

func TestValidateCleansPastedValues(t *testing.T) {
	ic := IClient{Name: "  New app \n", Env: Environment{Kind: EnvZoom}, AppType: AppUser, ClientID: "\t aBc123 \r\n"}
	if err := ValidateIClient(&ic, docWith()); err != nil {
		t.Fatal(err)
	}
	if ic.Name != "New app" || ic.ClientID != "aBc123" {
		t.Errorf("got name %q, client ID %q; want them trimmed", ic.Name, ic.ClientID)
	}
	c := Connection{Name: "Gov", Env: Environment{Kind: EnvCustom, OAuthBase: "http://127.0.0.1:9000/", APIBase: "http://[::1]:9001"},
		Auth: AuthOAuth2, IClientID: "x", Scopes: "  meeting:read   user:read\n"}
	d := docWith()
	d.IClients = append(d.IClients, IClient{ID: "x", Name: "Local", Env: Environment{Kind: EnvCustom, OAuthBase: "http://127.0.0.1:9000", APIBase: "http://[::1]:9001"}, AppType: AppAccount, ClientID: "x"})
	if err := ValidateConnection(&c, d, true); err != nil {
		t.Fatal(err)
	}
	if c.Env.OAuthBase != "http://127.0.0.1:9000" || c.Scopes != "meeting:read user:read" {
		t.Errorf("got base %q scopes %q", c.Env.OAuthBase, c.Scopes)
	}
}

func TestJWTKeptOnExistingConnection(t *testing.T) {
	d := docWith()
	c := d.Connections[0]
	c.Name = "Webinar sync (old)"
	if err := ValidateConnection(&c, d, false); err != nil {
		t.Fatalf("an existing JWT connection must stay editable: %v", err)
	}
}

// Two Custom environments differ by their base URLs: the message says so,
// not "belongs to Custom, but this connection uses Custom".
func TestEnvMismatchNamesTheBaseURLsOfTwoCustomEnvironments(t *testing.T) {
	ic := &IClient{Name: "Acme app", Env: Environment{Kind: EnvCustom, OAuthBase: "https://a.example.com", APIBase: "https://api.a.example.com"}}
	got := EnvMismatch(ic, Environment{Kind: EnvCustom, OAuthBase: "https://b.example.com", APIBase: "https://api.b.example.com"})
	want := `The iClient "Acme app" is for the Custom environment at https://a.example.com (API https://api.a.example.com), but this connection's base URLs are https://b.example.com (API https://api.b.example.com).`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
