package oauth

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/oauth2"
)

// Revoke asks Zoom to revoke token (an access or refresh token) for client c.
// Errors are *Error.
func Revoke(ctx context.Context, hc *http.Client, c Client, token string) error {
	form := url.Values{"token": {token}}
	if c.Public {
		// No secret to prove: Zoom knows a public client by client_id.
		form.Set("client_id", c.ID)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.Env.RevokeURL, strings.NewReader(form.Encode()))
	if err != nil {
		return Translate(fmt.Errorf("revoke request: %w", err), "")
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	if !c.Public {
		// Escaped as x/oauth2 does for the token endpoint (RFC 6749, 2.3.1).
		req.SetBasicAuth(url.QueryEscape(c.ID), url.QueryEscape(c.Secret))
	}
	resp, err := baseClient(hc).Do(req)
	if err != nil {
		return Translate(err, "")
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxAPIBody))
	if resp.StatusCode/100 == 2 {
		return nil
	}
	return translate(&oauth2.RetrieveError{Response: resp, Body: body}, "", opRevoke).WithIClient(c.Name).ofPublicClient(c.Public)
}
