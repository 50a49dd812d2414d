package zoomtest

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/ory/fosite"
)

// zoomError is an OAuth error body as Zoom writes it.
type zoomError struct {
	status int
	Reason string `json:"reason"`
	Error  string `json:"error"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (e *zoomError) write(w http.ResponseWriter) { writeJSON(w, e.status, e) }

var (
	errInvalidClient      = &zoomError{http.StatusBadRequest, "Invalid client_id or client_secret", "invalid_client"}
	errInvalidToken       = &zoomError{http.StatusBadRequest, "Invalid Token!", "invalid_grant"}
	errInvalidClientOlder = &zoomError{http.StatusUnauthorized, "Invalid client_id or client_secret", "invalid_client"}
	errInvalidTokenOlder  = &zoomError{http.StatusUnauthorized, "Invalid Token!", "invalid_request"}

	errRedirect = &zoomError{http.StatusBadRequest, "Redirect URI mismatch", "invalid_request"}
)

// errInvalidClient is Zoom's answer to a wrong Client ID or secret.
func (s *Server) errInvalidClient() *zoomError {
	if s.opts.olderErrors {
		return errInvalidClientOlder
	}
	return errInvalidClient
}

// tokenError turns fosite's error into the body Zoom sends for grant;
// code is the authorization code the request carried, if any.
func (s *Server) tokenError(grant, code string, err error) *zoomError {
	rfc := fosite.ErrorToRFC6749Error(err)
	switch {
	case rfc.ErrorField == "invalid_client":
		return s.errInvalidClient()
	case grant == "refresh_token" && (rfc.ErrorField == "invalid_grant" || rfc.ErrorField == "invalid_request"):
		if s.opts.olderErrors {
			return errInvalidTokenOlder
		}
		return errInvalidToken
	case grant == "authorization_code" && strings.Contains(rfc.HintField, `"redirect_uri" from this request does not match`):
		return errRedirect
	case grant == "authorization_code" && (rfc.ErrorField == "invalid_grant" || rfc.ErrorField == "invalid_request"):
		// Zoom repeats the code it refused (reused, expired, or its PKCE
		// proof did not match).
		return &zoomError{http.StatusBadRequest, "Invalid authorization code " + code, "invalid_grant"}
	}
	reason := rfc.DescriptionField
	if rfc.HintField != "" {
		reason += " " + rfc.HintField
	}
	return &zoomError{rfc.CodeField, reason, rfc.ErrorField}
}

// rateLimited answers 429 if one is queued for r's path.
func (s *Server) rateLimited(w http.ResponseWriter, r *http.Request, api bool) bool {
	s.mu.Lock()
	q := s.rateLimits[r.URL.Path]
	if len(q) == 0 {
		s.mu.Unlock()
		return false
	}
	ra := q[0]
	s.rateLimits[r.URL.Path] = q[1:]
	s.mu.Unlock()
	if ra != "" {
		w.Header().Set("Retry-After", ra)
	}
	if api {
		writeJSON(w, http.StatusTooManyRequests, map[string]any{
			"code": 429, "message": "You have reached the maximum per-second rate limit for this API. Try again later."})
	} else {
		(&zoomError{http.StatusTooManyRequests, "Too many requests", "rate_limited"}).write(w)
	}
	return true
}

// tokenFailure is the FailToken switch for grant, if one is on.
func (s *Server) tokenFailure(grant string) *canned {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.tokenFails[grant]; c != nil {
		return c
	}
	return s.tokenFails[""]
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	s.tokenRequests.Add(1)
	if s.rateLimited(w, r, false) {
		return
	}
	if r.Method != http.MethodPost {
		(&zoomError{http.StatusMethodNotAllowed, "Method not allowed", "invalid_request"}).write(w)
		return
	}
	if err := r.ParseForm(); err != nil {
		(&zoomError{http.StatusBadRequest, "Invalid request", "invalid_request"}).write(w)
		return
	}
	grant := r.PostForm.Get("grant_type")
	if c := s.tokenFailure(grant); c != nil {
		c.write(w)
		return
	}
	if grant == "account_credentials" {
		s.accountCredentials(w, r)
		return
	}
	ctx := r.Context()
	s.mu.Lock()
	defer s.mu.Unlock()
	ar, err := s.provider.NewAccessRequest(ctx, r, &fosite.DefaultSession{})
	if err != nil {
		if s.consumeCode && grant == "authorization_code" && fosite.ErrorToRFC6749Error(err).ErrorField == "invalid_client" {
			_ = s.store.InvalidateAuthorizeCodeSession(ctx, s.strategy.AuthorizeCodeSignature(ctx, r.PostForm.Get("code")))
		}
		s.tokenError(grant, r.PostForm.Get("code"), err).write(w)
		return
	}
	resp, err := s.provider.NewAccessResponse(ctx, ar)
	if err != nil {
		s.tokenError(grant, r.PostForm.Get("code"), err).write(w)
		return
	}
	switch grant {
	case "refresh_token":
		// fosite's RotateRefreshToken has already ended the previous
		// access and refresh tokens of this authorization.
		s.refreshes.Add(1)
	case "authorization_code":
		// Zoom 4741: "the last token issued is considered valid, and the
		// previous ones are invalidated" (per user, per app).
		s.store.endOtherGrants(ctx, ar.GetClient().GetID(), ar.GetSession().GetSubject(), ar.GetID())
	}
	resp.SetExtra("api_url", s.URL())
	if c := s.clients[ar.GetClient().GetID()]; c != nil && c.public && s.opts.noPublicRefresh {
		if r, ok := resp.(*fosite.AccessResponse); ok {
			delete(r.Extra, "refresh_token")
		}
	}
	s.long.issue(resp)
	s.provider.WriteAccessResponse(ctx, w, ar, resp)
}

// accountCredentials is Zoom's Server-to-Server grant, beside fosite.
func (s *Server) accountCredentials(w http.ResponseWriter, r *http.Request) {
	if r.URL.RawQuery != "" || len(r.PostForm["grant_type"]) != 1 || r.PostForm.Has("client_secret") {
		(&zoomError{http.StatusBadRequest, "Invalid request", "invalid_request"}).write(w)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.basicClient(r)
	if !ok {
		s.errInvalidClient().write(w)
		return
	}
	a := s.accounts[r.PostForm.Get("account_id")]
	switch {
	case a == nil:
		(&zoomError{http.StatusBadRequest, "Invalid account_id", "invalid_request"}).write(w)
		return
	case a.fail != nil:
		a.fail.write(w)
		return
	}
	tok := randomToken()
	s.s2sTokens[tok] = s2sToken{user: a.user, scopes: c.scopes, expires: time.Now().Add(s.opts.accessLifespan)}
	s.s2sIssued.Add(1)
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": tok,
		"token_type":   "bearer",
		"expires_in":   int(s.opts.accessLifespan / time.Second),
		"scope":        strings.Join(c.scopes, " "),
		"api_url":      s.URL(),
	})
}

// basicClient authenticates the Basic header (escaped as RFC 6749 says).
func (s *Server) basicClient(r *http.Request) (*client, bool) {
	id, secret, ok := r.BasicAuth()
	if !ok {
		return nil, false
	}
	id, err1 := url.QueryUnescape(id)
	secret, err2 := url.QueryUnescape(secret)
	c := s.clients[id]
	if err1 != nil || err2 != nil || c == nil || subtle.ConstantTimeCompare([]byte(secret), []byte(c.secret)) != 1 {
		return nil, false
	}
	return c, true
}

var zoomPage = template.Must(template.New("p").Parse(
	`<!doctype html><title>Zoom</title><h1>{{.Title}}</h1><p>{{.Text}} ({{.Code}})</p>`))

// writePage is Zoom's own error page in the browser, e.g. 4,700.
func writePage(w http.ResponseWriter, title, text, code string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusBadRequest)
	_ = zoomPage.Execute(w, map[string]string{"Title": title, "Text": text, "Code": code})
}

func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ctx := r.Context()
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.clients[q.Get("client_id")]
	if c == nil {
		writePage(w, "Invalid client_id", "The app's Client ID is not valid: "+q.Get("client_id"), "4,702")
		return
	}
	redirect := q.Get("redirect_uri")
	if !c.allows(redirect) {
		writePage(w, "Invalid redirect", "Invalid redirect: "+redirect, "4,700")
		return
	}
	user := c.user
	if ck, err := r.Cookie(userCookie); err == nil {
		id, _ := url.QueryUnescape(ck.Value)
		u, ok := s.users[id]
		if !ok {
			writePage(w, "Sign in", "This Zoom user is not known: "+id, "1,001")
			return
		}
		user = u
	}
	if s.deny {
		v := url.Values{"error": {"access_denied"}, "error_description": {"The user denied access"}, "state": {q.Get("state")}}
		http.Redirect(w, r, redirect+"?"+v.Encode(), http.StatusFound)
		return
	}
	ar, err := s.provider.NewAuthorizeRequest(ctx, r)
	if err != nil {
		rfc := fosite.ErrorToRFC6749Error(err)
		code := "4,700"
		if rfc.ErrorField == "invalid_scope" {
			code = "4,711"
		}
		writePage(w, "Invalid request", rfc.DescriptionField+" "+rfc.HintField, code)
		return
	}
	scopes := ar.GetRequestedScopes()
	if len(scopes) == 0 {
		scopes = c.scopes
	}
	for _, sc := range scopes {
		ar.GrantScope(sc)
	}
	resp, err := s.provider.NewAuthorizeResponse(ctx, ar, &fosite.DefaultSession{Subject: user.ID})
	if err != nil {
		rfc := fosite.ErrorToRFC6749Error(err)
		writePage(w, "Invalid request", rfc.DescriptionField+" "+rfc.HintField, "4,700")
		return
	}
	s.provider.WriteAuthorizeResponse(ctx, w, ar, resp)
}

func (s *Server) revoke(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := r.ParseForm(); err == nil {
		if _, ok := s.s2sTokens[r.PostForm.Get("token")]; ok {
			if _, ok := s.basicClient(r); !ok {
				s.errInvalidClient().write(w)
				return
			}
			delete(s.s2sTokens, r.PostForm.Get("token"))
			writeJSON(w, http.StatusOK, map[string]string{"status": "success"})
			return
		}
	}
	s.long.shortForm(r)
	// Zoom: "the revoke endpoint actually does uninstall the app". For an
	// admin-managed app that is every authorization in the account: read
	// whose token this is before fosite forgets it.
	var adminApp, account string
	if tok := r.PostForm.Get("token"); tok != "" {
		if _, ar, err := s.provider.IntrospectToken(ctx, tok, fosite.AccessToken, &fosite.DefaultSession{}); err == nil {
			if c := s.clients[ar.GetClient().GetID()]; c != nil && c.admin {
				adminApp, account = ar.GetClient().GetID(), s.users[ar.GetSession().GetSubject()].AccountID
			}
		}
	}
	if err := s.provider.NewRevocationRequest(ctx, r); err != nil {
		s.tokenError("revoke", "", err).write(w)
		return
	}
	if adminApp != "" {
		s.store.endAccountGrants(ctx, adminApp, account, s.users)
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "success"})
}

// apiRefused answers an API call that is rate-limited or set to fail
// (FailAPI) before it is looked at, and says so.
func (s *Server) apiRefused(w http.ResponseWriter, r *http.Request) bool {
	if s.rateLimited(w, r, true) {
		return true
	}
	s.mu.Lock()
	fail := s.apiFail
	s.mu.Unlock()
	if fail != nil {
		fail.write(w)
		return true
	}
	return false
}

func (s *Server) usersMe(w http.ResponseWriter, r *http.Request) {
	s.apiRequests.Add(1)
	if s.apiRefused(w, r) {
		return
	}
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	invalid := map[string]any{"code": 124, "message": "Invalid access token."}
	if !ok || tok == "" {
		writeJSON(w, http.StatusUnauthorized, invalid)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u, scopes, err := s.lookup(r, tok)
	if err != nil {
		// JWTs land here too: Zoom no longer knows them.
		writeJSON(w, http.StatusUnauthorized, invalid)
		return
	}
	if len(s.needScopes) > 0 && !slices.ContainsFunc(s.needScopes, func(sc string) bool { return slices.Contains(scopes, sc) }) {
		writeJSON(w, http.StatusBadRequest, map[string]any{"code": 4711,
			"message": fmt.Sprintf("Invalid access token, does not contain scopes:[%s].", strings.Join(s.needScopes, ", "))})
		return
	}
	writeJSON(w, http.StatusOK, u)
}

func (s *Server) lookup(r *http.Request, tok string) (User, []string, error) {
	tok = s.long.short(tok)
	if t, ok := s.s2sTokens[tok]; ok {
		if time.Now().After(t.expires) {
			return User{}, nil, errors.New("expired")
		}
		return t.user, t.scopes, nil
	}
	use, ar, err := s.provider.IntrospectToken(r.Context(), tok, fosite.AccessToken, &fosite.DefaultSession{})
	if err != nil {
		return User{}, nil, err
	}
	if use != fosite.AccessToken {
		// fosite falls back to refresh tokens; Zoom's API does not.
		return User{}, nil, errors.New("not an access token")
	}
	if s.clients[ar.GetClient().GetID()] == nil {
		return User{}, nil, errors.New("client gone")
	}
	u, ok := s.users[ar.GetSession().GetSubject()]
	if !ok {
		return User{}, nil, errors.New("user gone")
	}
	return u, ar.GetGrantedScopes(), nil
}
