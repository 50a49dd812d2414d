package model

import (
	"context"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

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

// TokenNamed is AccessTokenNamed with the token's expiry, API address
// and scopes.
func (s *Service) TokenNamed(ctx context.Context, name string) (Connection, TokenInfo, error) {
	doc, err := s.Load()
	if err != nil {
		return Connection{}, TokenInfo{}, err
	}
	c := doc.ConnectionByName(name)
	if c == nil {
		return Connection{}, TokenInfo{}, &NotFoundError{What: "connection", Name: strings.TrimSpace(name)}
	}
	t, err := s.fullToken(ctx, doc, c)
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
func (s *Service) fullToken(ctx context.Context, doc *Document, c *Connection) (*oauth2.Token, error) {
	if c.Auth == AuthOAuth2 && doc.SignIn(c.SignInID) == nil {
		return nil, notAuthorized(c)
	}
	if t := s.storedValidToken(ctx, c); t != nil {
		return t, nil
	}
	ts, err := s.tokenSource(ctx, doc, c)
	if err != nil {
		return nil, err
	}
	return ts.Token()
}

// noteRefresh records on the sign-in id when its token was last renewed
// and when the new one ends, for status --json and list --json.
func (s *Service) noteRefresh(id string, t *oauth2.Token) {
	now := s.Now()
	_ = s.update(func(d *Document) error {
		if si := d.SignIn(id); si != nil {
			si.Refreshed = now
			if t != nil && !t.Expiry.IsZero() {
				si.TokenExpires = t.Expiry.UTC().Truncate(time.Second)
			}
		}
		return nil
	})
}
