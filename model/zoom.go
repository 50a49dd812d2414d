package model

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"golang.org/x/oauth2"

	"zoomconn/oauth"
)

// What every concern needs to talk to Zoom: the environment's endpoints,
// the HTTP client, an iClient's credentials, and giving a token back.

// OAuth returns the endpoints of e.
func (e Environment) OAuth() oauth.Environment {
	switch e.Kind {
	case EnvZoomGov:
		return oauth.ZoomGov()
	case EnvCustom:
		return oauth.Custom(e.OAuthBase, e.APIBase)
	}
	return oauth.Zoom()
}

// defaultHTTPClient bounds every call to Zoom.
var defaultHTTPClient = &http.Client{Timeout: 30 * time.Second}

func (s *Service) httpClient() *http.Client {
	if s.HTTPClient != nil {
		return s.HTTPClient
	}
	return defaultHTTPClient
}

// oauthClient returns the connection's iClient with its secret from the keyring.
func (s *Service) oauthClient(ctx context.Context, doc *Document, c *Connection) (oauth.Client, error) {
	ic := doc.IClient(c.IClientID)
	if ic == nil {
		return oauth.Client{}, setupError(fmt.Sprintf("The connection %q has no iClient.", c.Name), "Edit the connection and choose an iClient.")
	}
	return s.clientOf(ctx, ic)
}

// clientOf returns the iClient's credentials: a public client ID as it is,
// a Client ID with its secret from the keyring.
func (s *Service) clientOf(ctx context.Context, ic *IClient) (oauth.Client, error) {
	if ic.Public() {
		return oauth.Client{ID: ic.ClientID, Env: ic.Env.OAuth(), Name: ic.Name, Public: true}, nil
	}
	secret, err := s.Secrets.Get(ctx, ClientSecretAccount(ic.ID))
	if errors.Is(err, ErrSecretNotFound) {
		return oauth.Client{}, setupError(fmt.Sprintf("The Client secret of the iClient %q is not in your password store.", ic.Name),
			"Edit the iClient and paste its Client secret from Zoom's App credentials.")
	}
	if err != nil {
		return oauth.Client{}, err
	}
	return oauth.Client{ID: ic.ClientID, Secret: secret.Reveal(), Env: ic.Env.OAuth(), Name: ic.Name}, nil
}

// revokeAtZoom revokes a sign-in's authorization as Zoom documents it: with
// its access token while that is valid, else (or if Zoom refuses it) with
// the refresh token. Either ends the whole authorization.
func (s *Service) revokeAtZoom(ctx context.Context, doc *Document, icID string, tok *oauth2.Token) error {
	client, err := s.oauthClient(ctx, doc, &Connection{IClientID: icID})
	if err != nil {
		return err
	}
	var tries []string
	if tok.AccessToken != "" && (tok.Expiry.IsZero() || time.Until(tok.Expiry) > time.Minute) {
		tries = append(tries, tok.AccessToken)
	}
	if tok.RefreshToken != "" {
		tries = append(tries, tok.RefreshToken)
	}
	if len(tries) == 0 {
		return nil
	}
	for _, t := range tries {
		err = oauth.Revoke(ctx, s.httpClient(), client, t)
		if k := kindOf(err); err == nil || k == oauth.ReconnectNeeded || k == oauth.TokenRejected {
			// Zoom no longer knows the token: there is nothing left to end.
			return nil
		}
	}
	return err
}
