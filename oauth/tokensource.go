package oauth

import (
	"context"
	"crypto/rand"
	"encoding/hex"
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

// ErrNoRefreshToken is the cause of a ReconnectNeeded error when the
// sign-in's access token is over and it has no refresh token (Zoom may
// give a public client ID none).
var ErrNoRefreshToken = errors.New("no refresh token stored")

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

// WithIClientName names the iClient in the errors that are about it (a
// wrong Client ID or secret).
func WithIClientName(name string) TokenSourceOption {
	return func(s *persistingSource) { s.iclient = name }
}

// WithEarlyExpiry sets how long before expiry a token counts as expired
// (default one minute).
func WithEarlyExpiry(d time.Duration) TokenSourceOption {
	return func(s *persistingSource) { s.early = d }
}

// WithLockTimeout bounds the wait for the cross-process lock and the
// refresh (default 30 seconds). Saving a token Zoom has already rotated
// gets a budget of the same length of its own.
func WithLockTimeout(d time.Duration) TokenSourceOption {
	return func(s *persistingSource) { s.timeout = d }
}

// PersistingSource is a token source whose tokens live in a TokenStore
// shared with other processes.
type PersistingSource interface {
	oauth2.TokenSource
	// Reload is for a token the API rejected: it waits for any refresh
	// under way in another process, re-reads the store and returns the
	// stored token when it differs from rejected (changed is then true).
	Reload(ctx context.Context, rejected string) (t *oauth2.Token, changed bool, err error)
	// Flush makes a last attempt to save a token that Zoom rotated but
	// that could not be saved; it returns nil when nothing is pending.
	Flush(ctx context.Context) error
}

// NewPersistingTokenSource returns a token source over store that refreshes
// at most once at a time per process and, through the lock file at
// lockPath, per machine; it re-reads the store under the lock and saves a
// rotated token before handing out its access token. A token saved by
// anyone else (see SaveLocked) replaces the cached one at the next call.
// Errors are *Error.
func NewPersistingTokenSource(cfg *oauth2.Config, store TokenStore, lockPath string, opts ...TokenSourceOption) PersistingSource {
	s := newPersisting(store, lockPath, opts)
	s.fetch = func(ctx context.Context, old *oauth2.Token) (*oauth2.Token, error) {
		if old == nil || old.RefreshToken == "" {
			return nil, s.invalidGrant(ErrNoRefreshToken)
		}
		fresh, err := cfg.TokenSource(withHTTPClient(ctx, s.hc), &oauth2.Token{RefreshToken: old.RefreshToken}).Token()
		if err != nil {
			e := translate(err, cfg.RedirectURL, opRefresh).WithIClient(s.iclient).ofPublicClient(cfg.Endpoint.AuthStyle == oauth2.AuthStyleInParams)
			if e.Kind == ReconnectNeeded {
				return nil, s.invalidGrant(e)
			}
			return nil, e
		}
		return carryExtras(old, fresh), nil
	}
	return s
}

// NewPersistingS2SSource is NewPersistingTokenSource for Server-to-Server
// OAuth: a stored token is used until it is near its end, then one process
// at a time fetches a new one with the account credentials and saves it.
func NewPersistingS2SSource(client Client, accountID string, store TokenStore, lockPath string, opts ...TokenSourceOption) PersistingSource {
	s := newPersisting(store, lockPath, opts)
	s.fetch = func(ctx context.Context, _ *oauth2.Token) (*oauth2.Token, error) {
		return fetchS2S(ctx, client, accountID, s.hc)
	}
	return s
}

func newPersisting(store TokenStore, lockPath string, opts []TokenSourceOption) *persistingSource {
	s := &persistingSource{
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
	store          TokenStore
	lock           string
	hc             *http.Client
	fetch          func(ctx context.Context, old *oauth2.Token) (*oauth2.Token, error)
	onRefresh      func(old, new *oauth2.Token)
	onInvalidGrant func(*Error)
	early          time.Duration
	timeout        time.Duration
	iclient        string

	mu      sync.Mutex
	cached  *oauth2.Token
	stamp   string        // the store's stamp when cached was read or written
	unsaved *oauth2.Token // rotated by Zoom but not yet saved
}

func (s *persistingSource) valid(t *oauth2.Token) bool {
	return t != nil && t.AccessToken != "" &&
		(t.Expiry.IsZero() || time.Until(t.Expiry) > s.early)
}

// Token returns a valid access token, refreshing it if needed. It never
// hands out a token older than the stored one: a stamp beside the lock
// file changes with every save, and reading it costs one small file read.
func (s *persistingSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	stamp := ReadStamp(s.lock)
	if s.valid(s.cached) && s.unsaved == nil && stamp == s.stamp {
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
		s.cached, s.stamp = t, stamp
		if s.valid(t) {
			return t, nil
		}
	}
	return s.refreshLocked(ctx)
}

func (s *persistingSource) refreshLocked(ctx context.Context) (*oauth2.Token, error) {
	unlock, err := Lock(ctx, s.lock)
	if err != nil {
		return nil, err
	}
	defer unlock()

	if s.unsaved != nil {
		if t, done, err := s.saveUnsaved(ctx); done {
			return t, err
		}
	}
	stamp := ReadStamp(s.lock)
	old, err := s.store.Load(ctx)
	if err != nil {
		return nil, storeError("read the saved sign-in", err)
	}
	s.cached, s.stamp = old, stamp
	if s.valid(old) {
		return old, nil
	}
	fresh, err := s.fetch(ctx, old)
	if err != nil {
		return nil, err
	}
	return s.save(old, fresh)
}

// saveUnsaved saves, under the lock, the token Zoom rotated but the store
// refused: the stored refresh token is dead, so it is the way forward.
// Unless someone saved since (a new consent, a sign-out, a Reconnect):
// then the stored token is newer than ours, which is dropped, not written
// over it; done is false and the caller goes on from the stored token.
func (s *persistingSource) saveUnsaved(ctx context.Context) (t *oauth2.Token, done bool, err error) {
	stamp := ReadStamp(s.lock)
	stored, err := s.store.Load(ctx)
	if err != nil {
		return nil, true, storeError("read the saved sign-in", err)
	}
	if stamp == s.stamp && sameGrant(stored, s.cached) {
		t, err := s.save(s.cached, s.unsaved)
		return t, true, err
	}
	s.unsaved = nil
	s.cached, s.stamp = stored, stamp
	if stored == nil {
		return nil, true, s.invalidGrant(errors.New("the sign-in was removed while its renewed token waited to be saved"))
	}
	return nil, false, nil
}

// sameGrant reports whether the stored token is still the one a refresh
// started from (or both are absent).
func sameGrant(stored, from *oauth2.Token) bool {
	if stored == nil || from == nil {
		return stored == from
	}
	return stored.RefreshToken == from.RefreshToken && stored.AccessToken == from.AccessToken
}

// save stores a token Zoom has just issued. Zoom has already ended the
// previous one, so the save gets a budget of its own, whatever is left of
// the refresh's, and a few attempts.
func (s *persistingSource) save(old, fresh *oauth2.Token) (*oauth2.Token, error) {
	if err := SaveIssued(context.Background(), s.store, fresh, s.timeout); err != nil {
		s.unsaved = fresh
		s.cached = old
		return nil, storeError("save the renewed sign-in (Zoom has already replaced the old one)", err)
	}
	s.unsaved = nil
	s.cached = fresh
	s.stamp = BumpStamp(s.lock)
	if s.onRefresh != nil {
		s.onRefresh(old, fresh)
	}
	return fresh, nil
}

// SaveIssued saves a token Zoom has just issued on a budget of its own,
// whatever is left of ctx's (only its values are kept), with a few
// attempts: Zoom has already ended the token it replaces.
func SaveIssued(ctx context.Context, store TokenStore, tok *oauth2.Token, budget time.Duration) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), budget)
	defer cancel()
	var err error
	for attempt := range 3 {
		if attempt > 0 {
			select {
			case <-ctx.Done():
			case <-time.After(time.Duration(attempt) * 200 * time.Millisecond):
			}
		}
		if err = store.Save(ctx, tok); err == nil || ctx.Err() != nil {
			break
		}
	}
	return err
}

func (s *persistingSource) Reload(ctx context.Context, rejected string) (*oauth2.Token, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.unsaved != nil {
		return nil, false, nil
	}
	unlock, err := Lock(ctx, s.lock)
	if err != nil {
		return nil, false, err
	}
	defer unlock()
	stamp := ReadStamp(s.lock)
	t, err := s.store.Load(ctx)
	if err != nil {
		return nil, false, storeError("read the saved sign-in", err)
	}
	s.cached, s.stamp = t, stamp
	if t == nil || t.AccessToken == rejected || !s.valid(t) {
		return nil, false, nil
	}
	return t, true, nil
}

func (s *persistingSource) Flush(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.unsaved == nil {
		return nil
	}
	unlock, err := Lock(ctx, s.lock)
	if err != nil {
		return err
	}
	defer unlock()
	if _, done, err := s.saveUnsaved(ctx); done {
		return err
	}
	return nil // a newer token was saved meanwhile: nothing of ours is pending
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

// Lock takes the cross-process lock at path (creating its folder), waiting
// at most until ctx ends. Whoever saves a token under it calls BumpStamp
// before unlocking.
func Lock(ctx context.Context, path string) (unlock func(), err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, storeError("create the lock folder", err)
	}
	fl := flock.New(path)
	ok, err := fl.TryLockContext(ctx, 20*time.Millisecond)
	if err != nil || !ok {
		if err == nil {
			err = errors.New("lock is held")
		}
		return nil, storeError("take the token lock (another Zoom Connections process may be refreshing)", err)
	}
	return func() { _ = fl.Unlock() }, nil
}

// stampSuffix names the file beside a lock whose content changes with
// every save of the token the lock guards.
const stampSuffix = ".stamp"

// ReadStamp returns the stamp of the token guarded by the lock at path
// ("" when none was written yet).
func ReadStamp(lockPath string) string {
	b, _ := os.ReadFile(lockPath + stampSuffix)
	return string(b)
}

// BumpStamp records that the token guarded by the lock at path changed,
// so every token source re-reads it; call it with the lock held. It
// returns the new stamp.
func BumpStamp(lockPath string) string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	stamp := hex.EncodeToString(b)
	// A failed write only costs other processes a cheaper cache check.
	_ = os.WriteFile(lockPath+stampSuffix, []byte(stamp), 0o600)
	return stamp
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
		Kind:   StoreFailed,
		Op:     what,
		Detail: scrubText(err.Error()),
		Err:    err,
	}
}
