package model

import (
	"context"
	"fmt"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"zoomconn/oauth"
)

// Tokens hands out the access tokens of connections ('zoomconn token') and
// calls the Zoom API with them ('zoomconn api'). A saved token that is
// still good is handed out as it is; any other goes through the token
// source of its sign-in (or Server-to-Server connection), which renews and
// saves it.
type Tokens struct{ svc *Service }

// TokenInfo is a valid access token and what a script needs beside it
// ('zoomconn token --json').
type TokenInfo struct {
	AccessToken string
	TokenType   string    // "bearer"
	Expires     time.Time // zero when Zoom did not say
	// APIURL is where the token is for, without /v2, as Zoom's api_url
	// names it: calls go to APIURL + "/v2/…".
	APIURL string
	Scope  string // the scopes Zoom granted, space-separated
}

// AccessToken returns a valid access token for the connection: the saved
// one while it is good for over a minute, else a new one (refreshing the
// sign-in, or asking for a Server-to-Server token), saved before it is
// handed out.
func (tk *Tokens) AccessToken(ctx context.Context, connID string) (string, error) {
	doc, c, err := tk.svc.connection(connID)
	if err != nil {
		return "", err
	}
	return tk.accessToken(ctx, doc, c)
}

// AccessTokenNamed is AccessToken for the connection named name (any
// case), which it returns too; it reads the data folder once, which is
// what a script calling 'zoomconn token' waits for.
func (tk *Tokens) AccessTokenNamed(ctx context.Context, name string) (Connection, string, error) {
	doc, err := tk.svc.Load()
	if err != nil {
		return Connection{}, "", err
	}
	c := doc.ConnectionByName(name)
	if c == nil {
		return Connection{}, "", &NotFoundError{What: "connection", Name: strings.TrimSpace(name)}
	}
	tok, err := tk.accessToken(ctx, doc, c)
	return *c, tok, err
}

func (tk *Tokens) accessToken(ctx context.Context, doc *Document, c *Connection) (string, error) {
	if c.Auth == AuthOAuth2 && doc.SignIn(c.SignInID) == nil {
		return "", notAuthorized(c)
	}
	if t := tk.storedValidToken(ctx, c); t != nil {
		return t.AccessToken, nil
	}
	ts, err := tk.svc.signIns.source(ctx, doc, c)
	if err != nil {
		return "", err
	}
	t, err := ts.Token()
	if err != nil {
		return "", endedError(doc, doc.SignIn(c.SignInID), err)
	}
	return t.AccessToken, nil
}

// TokenNamed is AccessTokenNamed with the token's expiry, API address
// and scopes.
func (tk *Tokens) TokenNamed(ctx context.Context, name string) (Connection, TokenInfo, error) {
	doc, err := tk.svc.Load()
	if err != nil {
		return Connection{}, TokenInfo{}, err
	}
	c := doc.ConnectionByName(name)
	if c == nil {
		return Connection{}, TokenInfo{}, &NotFoundError{What: "connection", Name: strings.TrimSpace(name)}
	}
	t, err := tk.fullToken(ctx, doc, c)
	if err != nil {
		return *c, TokenInfo{}, err
	}
	extra := func(k string) string { v, _ := t.Extra(k).(string); return v }
	apiURL := extra("api_url")
	if apiURL == "" {
		apiURL = c.APIURL
	}
	info := TokenInfo{
		AccessToken: t.AccessToken,
		TokenType:   t.TokenType,
		APIURL:      strings.TrimSuffix(c.Env.OAuth().APIFor(apiURL), "/v2"),
		Scope:       extra("scope"),
	}
	if info.TokenType == "" {
		info.TokenType = "bearer"
	}
	if !t.Expiry.IsZero() {
		info.Expires = t.Expiry.UTC().Truncate(time.Second)
	}
	return *c, info, nil
}

// fullToken is accessToken's token itself.
func (tk *Tokens) fullToken(ctx context.Context, doc *Document, c *Connection) (*oauth2.Token, error) {
	if c.Auth == AuthOAuth2 && doc.SignIn(c.SignInID) == nil {
		return nil, notAuthorized(c)
	}
	if t := tk.storedValidToken(ctx, c); t != nil {
		return t, nil
	}
	ts, err := tk.svc.signIns.source(ctx, doc, c)
	if err != nil {
		return nil, err
	}
	return ts.Token()
}

// storedValidToken is the fast path of a script calling "zoomconn token":
// a saved token that is still good for over a minute needs no Client
// secret and no lock. Anything else goes through the token source.
func (tk *Tokens) storedValidToken(ctx context.Context, c *Connection) *oauth2.Token {
	var store keyringTokenStore
	switch c.Auth {
	case AuthOAuth2:
		store = tk.svc.signInStore(c.SignInID)
	case AuthS2S:
		store = keyringTokenStore{tk.svc.Secrets, S2STokenAccount(c.ID)}
	default:
		return nil
	}
	t, err := store.Load(ctx)
	if err != nil || t == nil || t.AccessToken == "" || t.Expiry.IsZero() || time.Until(t.Expiry) < time.Minute {
		return nil
	}
	return t
}

// Flush makes a last attempt to save every token Zoom renewed in this
// process that the password store did not take. A command calls it before
// it exits: a renewed token that is not saved is a sign-in lost. When the
// attempt fails, the connections of that sign-in are marked Reconnect
// needed and the error says so.
func (tk *Tokens) Flush(ctx context.Context) error { return tk.svc.signIns.flush(ctx) }

func notAuthorized(c *Connection) *Problem {
	return &Problem{Kind: oauth.ReconnectNeeded, Message: fmt.Sprintf("The connection %q is not authorized yet.", c.Name), Next: "Authorize it and approve access in Zoom."}
}
