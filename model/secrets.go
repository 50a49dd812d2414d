package model

import (
	"context"
	"crypto/rand"
	"encoding/hex"

	"zoomconn/internal/keyring"
)

// The password store is internal/keyring's; these are its names as the
// rest of the code knows them.

// Secret is a value that must never be printed, logged or written to a
// file: a Client secret, an API Secret, a token.
type Secret = keyring.Secret

// NewSecret holds s as a Secret.
func NewSecret(s string) Secret { return keyring.NewSecret(s) }

// Secrets stores secrets by account name (see the Account functions below):
// the OS keyring (internal/wire builds it), or a test's store.
type Secrets = keyring.Store

// KeyringError says the password store could not be used, and what to do.
type KeyringError = keyring.Error

// ErrSecretNotFound is returned when the keyring holds no such secret.
var ErrSecretNotFound = keyring.ErrNotFound

// KeyringService is the service name every secret is stored under.
const KeyringService = keyring.DefaultService

// DefaultKeyringTimeout bounds each keyring call.
const DefaultKeyringTimeout = keyring.DefaultTimeout

// IsKeyringUnavailable reports whether err means the keyring could not be used.
func IsKeyringUnavailable(err error) bool { return keyring.IsUnavailable(err) }

// KeyringServiceOf is the service name the secrets of s are stored under,
// or "" when s is not the operating system's keyring.
func KeyringServiceOf(s Secrets) string { return keyring.ServiceOf(s) }

// ProbeKeyring is the quick check of s, which writes nothing: nil when it
// answers.
func ProbeKeyring(ctx context.Context, s Secrets) error { return keyring.Probe(ctx, s) }

// CheckKeyring saves, reads back and deletes a value that is no secret.
func CheckKeyring(ctx context.Context, s Secrets) error { return keyring.Check(ctx, s) }

// Account names of the secrets the app stores.
func ClientSecretAccount(iclientID string) string { return "iclient/" + iclientID + "/client-secret" }

// TokenAccount is where schema 1 kept a connection's OAuth 2.0 token;
// the upgrade moves it to its sign-in (SignInTokenAccount).
func TokenAccount(connID string) string { return "connection/" + connID + "/token" }

// SignInTokenAccount is where a sign-in's OAuth 2.0 token is stored.
func SignInTokenAccount(signInID string) string { return "signin/" + signInID + "/token" }

// S2STokenAccount is where a Server-to-Server connection's current token
// is stored, so that scripts reuse it until it is near its end.
func S2STokenAccount(connID string) string { return "connection/" + connID + "/s2s-token" }

// JWTSecretAccount is where a JWT connection's API Secret is stored.
func JWTSecretAccount(connID string) string { return "connection/" + connID + "/jwt-secret" }

// NewID returns a random identifier for a new entity.
func NewID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}
