// Package model holds Zoom Connections' entities, their validation, the
// metadata store, the keyring-backed secrets and the operations that both the
// window and the command line call. It never imports Fyne.
package model

import (
	"strings"
	"time"

	"zoomconn/oauth"
)

// EnvKind names one of the Zoom environments a connection can talk to.
type EnvKind string

// The environments of DESIGN.md.
const (
	EnvZoom    EnvKind = "zoom"
	EnvZoomGov EnvKind = "zoomgov"
	EnvCustom  EnvKind = "custom"
)

// EnvKinds lists the environments in the order the window offers them.
var EnvKinds = []EnvKind{EnvZoom, EnvZoomGov, EnvCustom}

// Label is the environment's name as the window shows it.
func (k EnvKind) Label() string {
	switch k {
	case EnvZoom:
		return "Zoom (zoom.us)"
	case EnvZoomGov:
		return "Zoom for Government (zoomgov.com)"
	case EnvCustom:
		return "Custom"
	}
	return string(k)
}

// ShortLabel is the environment's name in a table column.
func (k EnvKind) ShortLabel() string {
	switch k {
	case EnvZoom:
		return "Zoom"
	case EnvZoomGov:
		return "Zoom for Government"
	case EnvCustom:
		return "Custom"
	}
	return string(k)
}

// Environment is where a connection's OAuth and API calls go. OAuthBase and
// APIBase are used only by the Custom kind (a proxy, or a test server).
type Environment struct {
	Kind      EnvKind `json:"kind"`
	OAuthBase string  `json:"oauth_base,omitempty"`
	APIBase   string  `json:"api_base,omitempty"`
}

// Same reports whether two environments send requests to the same place.
func (e Environment) Same(o Environment) bool {
	if e.Kind != o.Kind {
		return false
	}
	if e.Kind != EnvCustom {
		return true
	}
	return strings.TrimRight(e.OAuthBase, "/") == strings.TrimRight(o.OAuthBase, "/") &&
		strings.TrimRight(e.APIBase, "/") == strings.TrimRight(o.APIBase, "/")
}

// AuthType is how a connection proves itself to Zoom.
type AuthType string

// The authentication types of DESIGN.md.
const (
	AuthOAuth2 AuthType = "oauth2"
	AuthS2S    AuthType = "s2s"
	AuthJWT    AuthType = "jwt"
)

// Label is the authentication type as the window shows it.
func (a AuthType) Label() string {
	switch a {
	case AuthOAuth2:
		return "OAuth 2.0"
	case AuthS2S:
		return "Server-to-Server OAuth"
	case AuthJWT:
		return "JWT (retired)"
	}
	return string(a)
}

// AppType is the kind of app registered in Zoom's App Marketplace.
type AppType string

// The app types an iClient can be.
const (
	AppAccount AppType = "account"
	AppUser    AppType = "user"
	AppS2S     AppType = "s2s"
)

// AppTypes lists the app types in the order the window offers them.
var AppTypes = []AppType{AppAccount, AppUser, AppS2S}

// Label is the app type as Zoom's App Marketplace names it today.
func (a AppType) Label() string {
	switch a {
	case AppAccount:
		return "Admin-managed General App"
	case AppUser:
		return "User-managed General App"
	case AppS2S:
		return "Server-to-Server OAuth App"
	}
	return string(a)
}

// Credentials is the kind of credentials an iClient holds.
type Credentials string

// The kinds of credentials. Documents written before public clients
// existed have none: a Client ID with its secret.
const (
	// CredentialsSecret is a Client ID with its Client secret (a
	// confidential client): always for Server-to-Server OAuth.
	CredentialsSecret Credentials = "client_secret"
	// CredentialsPublic is Zoom's public client ID ("Use Public Client
	// OAuth" in the app's App Credentials): no secret at all, PKCE proves
	// the client. Recommended for OAuth 2.0 in this desktop app.
	CredentialsPublic Credentials = "public"
)

// CredentialKinds lists the kinds in the order the window offers them.
var CredentialKinds = []Credentials{CredentialsPublic, CredentialsSecret}

// Label is the kind as the iClient dialog offers it.
func (k Credentials) Label() string {
	if k == CredentialsPublic {
		return "Public client ID (no secret)"
	}
	return "Client ID and Client secret"
}

// ShortLabel is the kind in a list or table.
func (k Credentials) ShortLabel() string {
	if k == CredentialsPublic {
		return "Public client ID"
	}
	return "Client ID and secret"
}

// Status is a connection's state as the Connections page shows it.
type Status string

// The statuses a connection can be in.
const (
	StatusNotAuthorized   Status = "not_authorized"
	StatusOnline          Status = "online"
	StatusOffline         Status = "offline"
	StatusMigrationNeeded Status = "migration_needed"
	StatusReconnectNeeded Status = "reconnect_needed"
)

// Label is the status as its badge reads.
func (s Status) Label() string {
	switch s {
	case StatusNotAuthorized:
		return "Not authorized"
	case StatusOnline:
		return "Online"
	case StatusOffline:
		return "Offline"
	case StatusMigrationNeeded:
		return "Migration needed"
	case StatusReconnectNeeded:
		return "Reconnect needed"
	}
	return string(s)
}

// NeedsAttention reports whether an administrator has something to do.
func (s Status) NeedsAttention() bool { return s != StatusOnline }

// IClient is an OAuth app registered in Zoom's App Marketplace. Its Client
// secret lives in the keyring, never here; a public client ID has none.
type IClient struct {
	ID       string      `json:"id"`
	Name     string      `json:"name"`
	Env      Environment `json:"environment"`
	AppType  AppType     `json:"app_type"`
	ClientID string      `json:"client_id"`
	// Credentials is "" in documents written before public clients: a
	// Client ID and secret (see Kind).
	Credentials Credentials `json:"credentials,omitempty"`
	// RedirectHost is the host of the Redirect URL registered in Zoom:
	// 127.0.0.1 for iClients made since Zoom ignores the port there, ""
	// for those registered with localhost before (see Loopback).
	RedirectHost string    `json:"redirect_host,omitempty"`
	Created      time.Time `json:"created"`
	Modified     time.Time `json:"modified"`
}

// Kind is the iClient's kind of credentials.
func (ic IClient) Kind() Credentials {
	if ic.Credentials == CredentialsPublic {
		return CredentialsPublic
	}
	return CredentialsSecret
}

// Public reports whether the iClient is a public client ID (no secret).
func (ic IClient) Public() bool { return ic.Kind() == CredentialsPublic }

// AdminManaged reports whether the app is admin-managed (account-level):
// revoking any sign-in of it removes it from the whole Zoom account.
func (ic IClient) AdminManaged() bool { return ic.AppType == AppAccount }

// Loopback is the host of the iClient's Redirect URL: LoopbackIP, or
// LoopbackName for one registered with localhost before 2026.
func (ic IClient) Loopback() string {
	if ic.RedirectHost == LoopbackIP {
		return LoopbackIP
	}
	return LoopbackName
}

// The hosts of a Redirect URL.
const (
	// LoopbackIP is the host of new Redirect URLs: Zoom ignores their
	// port, so any free port works.
	LoopbackIP = oauth.LoopbackIP
	// LoopbackName is the host of Redirect URLs registered before: Zoom
	// matches them exactly, port included.
	LoopbackName = oauth.LoopbackName
)

// RedirectURL is the Redirect URL to register in Zoom for the iClient,
// given the redirect port (Settings).
func (ic IClient) RedirectURL(port int) string { return oauth.RedirectURL(ic.Loopback(), port) }

// SameApp reports whether two iClients are the same credentials of the same
// app in the same place: the same Client ID, kind and environment. Only
// then can a consent through one end a sign-in of the other, and only then
// may they share a sign-in.
func (ic IClient) SameApp(o IClient) bool {
	return ic.ClientID == o.ClientID && ic.Kind() == o.Kind() && ic.Env.Same(o.Env)
}

// Account is who authorized a connection, as Zoom's /users/me reported it.
type Account struct {
	UserID      string `json:"user_id"`
	Email       string `json:"email"`
	DisplayName string `json:"display_name,omitempty"`
	AccountID   string `json:"account_id,omitempty"`
}

// Connection is a named way to call the Zoom API for one account or user.
// Tokens and the JWT API Secret live in the keyring, never here.
type Connection struct {
	ID        string      `json:"id"`
	Name      string      `json:"name"`
	Env       Environment `json:"environment"`
	Auth      AuthType    `json:"auth_type"`
	IClientID string      `json:"iclient_id,omitempty"`
	// SignInID is the OAuth 2.0 sign-in whose token the connection uses;
	// "" until it is authorized.
	SignInID string `json:"signin_id,omitempty"`
	// Scopes is space-separated; empty asks for the scopes configured on the Zoom app.
	Scopes    string `json:"scopes,omitempty"`
	AccountID string `json:"account_id,omitempty"` // Server-to-Server OAuth
	APIKey    string `json:"api_key,omitempty"`    // JWT (retired)

	Status        Status    `json:"status"`
	AuthorizedAs  *Account  `json:"authorized_as,omitempty"`
	AuthorizedAt  time.Time `json:"authorized_at,omitzero"`
	APIURL        string    `json:"api_url,omitempty"`
	GrantedScopes string    `json:"granted_scopes,omitempty"`
	LastTestAt    time.Time `json:"last_test_at,omitzero"`
	LastTest      string    `json:"last_test,omitempty"`
	// MigratedFrom records the auth type a connection had before a migration.
	MigratedFrom AuthType  `json:"migrated_from,omitempty"`
	MigratedAt   time.Time `json:"migrated_at,omitzero"`

	Created  time.Time `json:"created"`
	Modified time.Time `json:"modified"`
}

// SignIn is one Zoom user's authorization of one iClient (OAuth 2.0). Zoom
// keeps one live sign-in per user per app, so every connection that uses the
// same iClient and was approved by the same Zoom user shares it: one token
// (in the keyring, see SignInTokenAccount), one lock, one refresh.
type SignIn struct {
	ID        string  `json:"id"`
	IClientID string  `json:"iclient_id"`
	User      Account `json:"user"`
	// Authorized is when Zoom issued the current grant (the last consent).
	Authorized    time.Time `json:"authorized"`
	APIURL        string    `json:"api_url,omitempty"`
	GrantedScopes string    `json:"granted_scopes,omitempty"`
	Created       time.Time `json:"created"`
	// TokenExpires is when the access token ends, as of the last consent
	// or refresh; Refreshed is when it was last refreshed (zero: never).
	TokenExpires time.Time `json:"token_expires,omitzero"`
	Refreshed    time.Time `json:"refreshed,omitzero"`
}
