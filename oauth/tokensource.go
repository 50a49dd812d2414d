package oauth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/gofrs/flock"
	"golang.org/x/oauth2"
)

// TokenStore keeps one connection's token (the model keeps it in the keyring).
// Load returns (nil, nil) when nothing is stored.
type TokenStore interface {
	Load(ctx context.Context) (*oauth2.Token, error)
	Save(ctx context.Context, t *oauth2.Token) error
}

// StoredToken is the serialised form of a token: the fields x/oauth2 keeps
// plus the api_url and scope Zoom returns beside them.
type StoredToken struct {
	AccessToken  string    `json:"access_token"`
	RefreshToken string    `json:"refresh_token,omitempty"`
	TokenType    string    `json:"token_type,omitempty"`
	Expiry       time.Time `json:"expiry,omitzero"`
	APIURL       string    `json:"api_url,omitempty"`
	Scope        string    `json:"scope,omitempty"`
}

// MarshalToken serialises t, keeping api_url and scope.
func MarshalToken(t *oauth2.Token) ([]byte, error) {
	if t == nil {
		return nil, errors.New("marshal token: no token")
	}
	return json.Marshal(StoredToken{
		AccessToken:  t.AccessToken,
		RefreshToken: t.RefreshToken,
		TokenType:    t.TokenType,
		Expiry:       t.Expiry,
		APIURL:       extraString(t, "api_url"),
		Scope:        extraString(t, "scope"),
	})
}

// UnmarshalToken reads what MarshalToken wrote; Extra("api_url") and
// Extra("scope") work on the result.
func UnmarshalToken(b []byte) (*oauth2.Token, error) {
	var st StoredToken
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, fmt.Errorf("unmarshal token: %w", err)
	}
	t := &oauth2.Token{
		AccessToken:  st.AccessToken,
		RefreshToken: st.RefreshToken,
		TokenType:    st.TokenType,
		Expiry:       st.Expiry,
	}
	return t.WithExtra(map[string]any{"api_url": st.APIURL, "scope": st.Scope}), nil
}

func extraString(t *oauth2.Token, key string) string {
	s, _ := t.Extra(key).(string)
	return s
}

// TokenSourceOption configures NewPersistingTokenSource.
type TokenSourceOption func(*persistingSource)

// WithHTTPClient sets the client used for refresh requests.
func WithHTTPClient(hc *http.Client) TokenSourceOption {
	return func(s *persistingSource) { s.hc = hc }
}

// OnRefresh is called after a rotated token was saved, under the lock:
// keep it short (log activity, update status).
func OnRefresh(fn func(old, new *oauth2.Token)) TokenSourceOption {
	return func(s *persistingSource) { s.onRefresh = fn }
}

// OnInvalidGrant is called when Zoom refused the refresh token, so the
// caller can set the status to "Reconnect needed".
func OnInvalidGrant(fn func(err *Error)) TokenSourceOption {
	return func(s *persistingSource) { s.onInvalidGrant = fn }
}

// WithEarlyExpiry sets how long before expiry a token counts as expired
// (default one minute).
func WithEarlyExpiry(d time.Duration) TokenSourceOption {
	return func(s *persistingSource) { s.early = d }
}

// WithLockTimeout bounds the wait for the cross-process lock and the
// refresh (default 30 seconds).
func WithLockTimeout(d time.Duration) TokenSourceOption {
	return func(s *persistingSource) { s.timeout = d }
}

// NewPersistingTokenSource returns a token source over store that refreshes
// at most once at a time per process and, through the lock file at
// lockPath, per machine; it re-reads the store under the lock and saves a
// rotated token before handing out its access token. Errors are *Error.
func NewPersistingTokenSource(cfg *oauth2.Config, store TokenStore, lockPath string, opts ...TokenSourceOption) oauth2.TokenSource {
	s := &persistingSource{
		cfg:     cfg,
		store:   store,
		lock:    lockPath,
		early:   time.Minute,
		timeout: 30 * time.Second,
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

type persistingSource struct {
	cfg            *oauth2.Config
	store          TokenStore
	lock           string
	hc             *http.Client
	onRefresh      func(old, new *oauth2.Token)
	onInvalidGrant func(*Error)
	early          time.Duration
	timeout        time.Duration

	mu      sync.Mutex
	cached  *oauth2.Token
	unsaved *oauth2.Token // rotated by Zoom but not yet saved
}

func (s *persistingSource) valid(t *oauth2.Token) bool {
	return t != nil && t.AccessToken != "" &&
		(t.Expiry.IsZero() || time.Until(t.Expiry) > s.early)
}

// Token returns a valid access token, refreshing it if needed.
func (s *persistingSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.valid(s.cached) && s.unsaved == nil {
		return s.cached, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	if s.unsaved == nil {
		// Cheap path: another process may have refreshed already.
		t, err := s.store.Load(ctx)
		if err != nil {
			return nil, storeError("read the saved sign-in", err)
		}
		if s.valid(t) {
			s.cached = t
			return t, nil
		}
	}
	return s.refreshLocked(ctx)
}

func (s *persistingSource) refreshLocked(ctx context.Context) (*oauth2.Token, error) {
	if err := os.MkdirAll(filepath.Dir(s.lock), 0o700); err != nil {
		return nil, storeError("create the lock folder", err)
	}
	fl := flock.New(s.lock)
	ok, err := fl.TryLockContext(ctx, 20*time.Millisecond)
	if err != nil || !ok {
		if err == nil {
			err = errors.New("lock is held")
		}
		return nil, storeError("take the token lock (another Zoom Connections process may be refreshing)", err)
	}
	defer func() { _ = fl.Unlock() }()

	if s.unsaved != nil {
		// Zoom already rotated: the stored refresh token is dead, so the
		// only way forward is saving the one we hold.
		return s.save(ctx, s.cached, s.unsaved)
	}
	old, err := s.store.Load(ctx)
	if err != nil {
		return nil, storeError("read the saved sign-in", err)
	}
	if s.valid(old) {
		s.cached = old
		return old, nil
	}
	if old == nil || old.RefreshToken == "" {
		return nil, s.invalidGrant(errors.New("no refresh token stored"))
	}
	fresh, err := s.cfg.TokenSource(withHTTPClient(ctx, s.hc), &oauth2.Token{RefreshToken: old.RefreshToken}).Token()
	if err != nil {
		e := Translate(err, s.cfg.RedirectURL)
		if e.Kind == ReconnectNeeded {
			return nil, s.invalidGrant(e)
		}
		return nil, e
	}
	fresh = carryExtras(old, fresh)
	return s.save(ctx, old, fresh)
}

func (s *persistingSource) save(ctx context.Context, old, fresh *oauth2.Token) (*oauth2.Token, error) {
	if err := s.store.Save(ctx, fresh); err != nil {
		s.unsaved = fresh
		s.cached = old
		return nil, storeError("save the renewed sign-in (Zoom has already replaced the old one)", err)
	}
	s.unsaved = nil
	s.cached = fresh
	if s.onRefresh != nil {
		s.onRefresh(old, fresh)
	}
	return fresh, nil
}

func (s *persistingSource) invalidGrant(cause error) *Error {
	e, ok := cause.(*Error)
	if !ok {
		e = newError(ReconnectNeeded, cause)
		e.Detail = scrubText(cause.Error())
	}
	s.cached = nil
	if s.onInvalidGrant != nil {
		s.onInvalidGrant(e)
	}
	return e
}

// carryExtras keeps api_url and scope when a refresh answer omits them.
func carryExtras(old, fresh *oauth2.Token) *oauth2.Token {
	extra := map[string]any{"api_url": extraString(fresh, "api_url"), "scope": extraString(fresh, "scope")}
	if extra["api_url"] == "" {
		extra["api_url"] = extraString(old, "api_url")
	}
	if extra["scope"] == "" {
		extra["scope"] = extraString(old, "scope")
	}
	return fresh.WithExtra(extra)
}

func storeError(what string, err error) *Error {
	return &Error{
		Kind:    StoreFailed,
		Message: "Zoom Connections could not " + what + ".",
		Next:    "Check that the system's password store is unlocked, then try again.",
		Detail:  scrubText(err.Error()),
		Err:     err,
	}
}
