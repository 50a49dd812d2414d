package oauth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"zoomconn/internal/textsafe"
)

// User is who a token acts for, from GET /users/me.
type User struct {
	ID          string `json:"id"`
	Email       string `json:"email"`
	DisplayName string `json:"display_name"`
	AccountID   string `json:"account_id"`
	Type        int    `json:"type"`
}

const maxAPIBody = 1 << 20

// GetMe asks Zoom who the authorized client acts for. client must add the
// Authorization header (e.g. from oauth2.NewClient); apiBase includes /v2.
// Errors are *Error.
func GetMe(ctx context.Context, client *http.Client, apiBase string) (User, error) {
	if client == nil {
		return User{}, Translate(errors.New("users/me: no authorized HTTP client"), "")
	}
	u, err := getMe(ctx, client, apiBase, nil)
	if err != nil {
		return User{}, Translate(err, "")
	}
	return u, nil
}

// Check tests a connection: a token from ts, then GET /users/me.
// hc may be nil (http.DefaultClient's transport is used). Errors are *Error.
func Check(ctx context.Context, hc *http.Client, apiBase string, ts oauth2.TokenSource) (User, error) {
	base := baseClient(hc)
	client := &http.Client{
		Transport: &oauth2.Transport{Source: ts, Base: base.Transport},
		Timeout:   base.Timeout,
	}
	return GetMe(ctx, client, apiBase)
}

// CheckJWT tests a retired JWT connection the way it used to work: a
// short-lived HS256 token as Bearer. Any 4xx of Zoom but 429 becomes
// JWTRetired (Zoom answers a JWT with 401 today, other codes before).
func CheckJWT(ctx context.Context, hc *http.Client, apiBase, apiKey, apiSecret string) (User, error) {
	tok, err := JWTToken(apiKey, apiSecret, time.Minute)
	if err != nil {
		return User{}, Translate(err, "")
	}
	u, err := getMe(ctx, baseClient(hc), apiBase, func(r *http.Request) {
		r.Header.Set("Authorization", "Bearer "+tok)
	})
	if err != nil {
		var ae *APIError
		if errors.As(err, &ae) && ae.Status/100 == 4 && ae.Status != http.StatusTooManyRequests {
			e := newError(JWTRetired, err)
			e.Status, e.Code, e.Reason = ae.Status, ae.Code, cleanReason(ae.Message)
			e.Detail = detail("API "+ae.Method+" "+ae.Path+" with JWT", answer{status: ae.Status, reason: ae.Message, code: ae.Code}, nil)
			return User{}, e
		}
		return User{}, Translate(err, "")
	}
	return u, nil
}

func getMe(ctx context.Context, client *http.Client, apiBase string, auth func(*http.Request)) (User, error) {
	endpoint := strings.TrimRight(apiBase, "/") + "/users/me"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
	if err != nil {
		return User{}, fmt.Errorf("users/me request: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	if auth != nil {
		auth(req)
	}
	resp, err := sameHostRedirects(client).Do(req)
	if err != nil {
		return User{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAPIBody))
	if err != nil {
		return User{}, fmt.Errorf("read users/me: %w", err)
	}
	if resp.StatusCode/100 != 2 {
		return User{}, apiError(req, resp, body)
	}
	var u User
	if err := json.Unmarshal(body, &u); err != nil {
		return User{}, fmt.Errorf("decode users/me: %w", err)
	}
	if u.ID == "" && u.Email == "" {
		return User{}, errors.New("users/me: answer has neither id nor email")
	}
	// Shown in the window and the terminal, and stored: never an escape
	// sequence or a bidi override.
	u.ID, u.Email, u.AccountID = textsafe.Line(u.ID), textsafe.Line(u.Email), textsafe.Line(u.AccountID)
	u.DisplayName = textsafe.Line(u.DisplayName)
	return u, nil
}

func apiError(req *http.Request, resp *http.Response, body []byte) *APIError {
	var b zoomBody
	_ = json.Unmarshal(body, &b)
	rate := parseRate(resp.Header, time.Now())
	return &APIError{
		Method:     req.Method,
		Path:       req.URL.Path,
		Status:     resp.StatusCode,
		Code:       b.Code,
		Message:    firstNonEmpty(b.Message, b.Reason),
		RetryAfter: rate.after,
		RetryAt:    rate.at,
		Daily:      rate.daily,
	}
}

// baseClient is hc (or one with a 30 s timeout) that follows no redirect
// to another host: its requests carry a Client secret or a token.
func baseClient(hc *http.Client) *http.Client {
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return sameHostRedirects(hc)
}

// withHTTPClient makes x/oauth2 use hc (see baseClient) for its own
// requests: token exchange, refresh and Server-to-Server tokens.
func withHTTPClient(ctx context.Context, hc *http.Client) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, baseClient(hc))
}
