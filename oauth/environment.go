// Package oauth talks to Zoom's authorization server and API: environments,
// the browser consent flow with its loopback callback, token sources that
// survive refresh-token rotation, Server-to-Server OAuth, the retired JWT,
// revocation, the /users/me check, and errors in an administrator's words.
package oauth

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"strings"

	"zoomconn/internal/httpclient"

	"golang.org/x/oauth2"
)

// Environment kinds, as stored in Environment.Kind.
const (
	EnvZoom    = "zoom"
	EnvZoomGov = "zoomgov"
	EnvCustom  = "custom"
)

// Environment holds the endpoints of one Zoom deployment.
type Environment struct {
	Kind           string // "zoom", "zoomgov" or "custom"
	AuthorizeURL   string
	TokenURL       string
	RevokeURL      string
	APIBase        string // includes /v2, e.g. https://api.zoom.us/v2
	MarketplaceURL string
}

// Zoom returns the endpoints of zoom.us.
func Zoom() Environment {
	return Environment{
		Kind:           EnvZoom,
		AuthorizeURL:   "https://zoom.us/oauth/authorize",
		TokenURL:       "https://zoom.us/oauth/token",
		RevokeURL:      "https://zoom.us/oauth/revoke",
		APIBase:        "https://api.zoom.us/v2",
		MarketplaceURL: "https://marketplace.zoom.us/develop/create",
	}
}

// ZoomGov returns the endpoints of Zoom for Government (zoomgov.com).
func ZoomGov() Environment {
	return Environment{
		Kind:           EnvZoomGov,
		AuthorizeURL:   "https://zoomgov.com/oauth/authorize",
		TokenURL:       "https://zoomgov.com/oauth/token",
		RevokeURL:      "https://zoomgov.com/oauth/revoke",
		APIBase:        "https://api.zoomgov.com/v2",
		MarketplaceURL: "https://marketplace.zoomgov.com/develop/create",
	}
}

// Custom returns endpoints below oauthBase (Zoom's /oauth/... paths are
// appended) and apiBase (/v2 is appended unless apiBase already ends in it).
func Custom(oauthBase, apiBase string) Environment {
	ob := strings.TrimRight(oauthBase, "/")
	ab := strings.TrimRight(apiBase, "/")
	if !strings.HasSuffix(ab, "/v2") {
		ab += "/v2"
	}
	return Environment{
		Kind:         EnvCustom,
		AuthorizeURL: ob + "/oauth/authorize",
		TokenURL:     ob + "/oauth/token",
		RevokeURL:    ob + "/oauth/revoke",
		APIBase:      ab,
	}
}

// APIFor returns the API base to use with a token whose response carried
// apiURL (Zoom's api_url, without /v2). An empty or untrusted apiURL gives
// e.APIBase: the access token is sent there, so for Zoom and Zoom for
// Government the host must belong to that deployment, and plain http is
// accepted only for loopback hosts.
func (e Environment) APIFor(apiURL string) string {
	if apiURL == "" || !e.trustsAPIURL(apiURL) {
		return e.APIBase
	}
	return strings.TrimRight(apiURL, "/") + "/v2"
}

func (e Environment) trustsAPIURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return false
	}
	host := strings.ToLower(u.Hostname())
	switch u.Scheme {
	case "https":
	case "http":
		if !httpclient.IsLoopback(host) {
			return false
		}
	default:
		return false
	}
	switch e.Kind {
	case EnvZoom:
		return host == "zoom.us" || strings.HasSuffix(host, ".zoom.us")
	case EnvZoomGov:
		return host == "zoomgov.com" || strings.HasSuffix(host, ".zoomgov.com")
	}
	return true
}

// Client is an OAuth app's credentials (an iClient) in one environment.
// Its String, GoString, Format, LogValue and MarshalJSON never show Secret.
type Client struct {
	ID     string
	Secret string
	Env    Environment
	Name   string // the iClient's name, for messages; may be empty
	// Public is Zoom's public client ID ("Use Public Client OAuth"): it
	// has no secret, so every token request carries client_id in its body
	// and no Authorization header; PKCE proves the client instead.
	Public bool
}

// authStyle is how the client authenticates to the token endpoint: HTTP
// Basic for a confidential client (Zoom's documented way), client_id in the
// body and nothing else for a public one.
func (c Client) authStyle() oauth2.AuthStyle {
	if c.Public {
		return oauth2.AuthStyleInParams
	}
	return oauth2.AuthStyleInHeader
}

const redacted = "[redacted]"

// String describes the client without its secret.
func (c Client) String() string {
	s := redacted
	if c.Secret == "" {
		s = "(none)"
	}
	kind := ""
	if c.Public {
		kind = ", Public"
	}
	return fmt.Sprintf("oauth.Client{ID: %q, Secret: %s, Env: %s%s}", c.ID, s, c.Env.Kind, kind)
}

// GoString is String: %#v must not print the secret either.
func (c Client) GoString() string { return c.String() }

// Format prints String for every verb, so %d or %x cannot reach the secret.
func (c Client) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.String())) }

// LogValue logs the client without its secret.
func (c Client) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", c.ID),
		slog.String("secret", redacted),
		slog.String("env", c.Env.Kind),
	)
}

// MarshalJSON writes the client without its secret.
func (c Client) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ID     string `json:"id"`
		Secret string `json:"secret"`
		Env    string `json:"env"`
	}{c.ID, redacted, c.Env.Kind})
}

// Config returns the x/oauth2 configuration for the authorization code flow.
func (c Client) Config(redirectURL string, scopes []string) *oauth2.Config {
	secret := c.Secret
	if c.Public {
		secret = "" // never sent, whatever a caller put there
	}
	return &oauth2.Config{
		ClientID:     c.ID,
		ClientSecret: secret,
		Endpoint: oauth2.Endpoint{
			AuthURL:   c.Env.AuthorizeURL,
			TokenURL:  c.Env.TokenURL,
			AuthStyle: c.authStyle(),
		},
		RedirectURL: redirectURL,
		Scopes:      append([]string(nil), scopes...),
	}
}
