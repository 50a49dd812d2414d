package model

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"zoomconn/oauth"
)

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

// RedirectURL is the Redirect URL to add to every Zoom app's allow list.
func (s *Service) RedirectURL() (string, error) {
	doc, err := s.Load()
	if err != nil {
		return "", err
	}
	return oauth.RedirectURL(doc.Settings.Port()), nil
}

// setupError is a problem with the connection's own setup, in the admin's
// words, in the same shape as Zoom's errors.
func setupError(msg, next string) *oauth.Error {
	return &oauth.Error{Kind: oauth.Other, Message: msg, Next: next}
}

// connection loads the document and the connection id.
func (s *Service) connection(id string) (*Document, *Connection, error) {
	doc, err := s.Load()
	if err != nil {
		return nil, nil, err
	}
	c := doc.Connection(id)
	if c == nil {
		return nil, nil, &NotFoundError{What: "connection", Name: id}
	}
	return doc, c, nil
}

// oauthClient returns the connection's iClient with its secret from the keyring.
func (s *Service) oauthClient(ctx context.Context, doc *Document, c *Connection) (oauth.Client, error) {
	ic := doc.IClient(c.IClientID)
	if ic == nil {
		return oauth.Client{}, setupError(fmt.Sprintf("The connection %q has no iClient.", c.Name), "Edit the connection and choose an iClient.")
	}
	secret, err := s.Secrets.Get(ctx, ClientSecretAccount(ic.ID))
	if errors.Is(err, ErrSecretNotFound) {
		return oauth.Client{}, setupError(fmt.Sprintf("The Client secret of the iClient %q is not in your password store.", ic.Name),
			"Edit the iClient and paste its Client secret from Zoom's App credentials.")
	}
	if err != nil {
		return oauth.Client{}, err
	}
	return oauth.Client{ID: ic.ClientID, Secret: secret.Reveal(), Env: ic.Env.OAuth()}, nil
}

// Authorization is one pending browser consent for a connection.
type Authorization struct {
	svc     *Service
	conn    Connection
	consent *oauth.Consent
}

// StartAuthorize opens Zoom's consent page for an OAuth 2.0 connection with
// opener and returns while the administrator decides. An opener that fails
// is not an error: see OpenErr, and offer URL to copy.
func (s *Service) StartAuthorize(ctx context.Context, connID string, opener oauth.Opener) (*Authorization, error) {
	doc, c, err := s.connection(connID)
	if err != nil {
		return nil, err
	}
	switch c.Auth {
	case AuthOAuth2:
	case AuthJWT:
		return nil, setupError("A JWT connection cannot be authorized: Zoom turned JWT off on September 8, 2023.", "Edit the connection and choose OAuth 2.0 first.")
	default:
		return nil, setupError("Server-to-Server OAuth needs no browser.", "Use Test connection: it fetches a token with the iClient's credentials.")
	}
	client, err := s.oauthClient(ctx, doc, c)
	if err != nil {
		return nil, err
	}
	consent, err := oauth.StartConsent(ctx, oauth.ConsentConfig{
		Client:     client,
		Scopes:     strings.Fields(c.Scopes),
		Port:       doc.Settings.Port(),
		Opener:     opener,
		HTTPClient: s.httpClient(),
	})
	if err != nil {
		return nil, err
	}
	return &Authorization{svc: s, conn: *c, consent: consent}, nil
}

// URL is Zoom's consent page, for Copy link and Open again.
func (a *Authorization) URL() string { return a.consent.URL() }

// OpenErr says why the browser could not be opened, or nil.
func (a *Authorization) OpenErr() error { return a.consent.OpenErr() }

// Cancel ends the wait; Wait then returns a Canceled error.
func (a *Authorization) Cancel() { a.consent.Cancel() }

// Wait waits for the consent, then stores the token in the keyring and
// marks the connection Online as the user who approved it.
func (a *Authorization) Wait(ctx context.Context) (Connection, error) {
	s := a.svc
	res, err := a.consent.Wait(ctx)
	if err != nil {
		s.record(Event{Kind: EventAuthorized, ConnectionID: a.conn.ID, ConnectionName: a.conn.Name, Detail: explainShort(err), OK: ptr(false)})
		return a.conn, err
	}
	data, err := oauth.MarshalToken(res.Token)
	if err != nil {
		return a.conn, err
	}
	s.dropSource(a.conn.ID)
	if err := s.Secrets.Set(ctx, TokenAccount(a.conn.ID), Secret(data)); err != nil {
		return a.conn, fmt.Errorf("save the sign-in: %w", err)
	}
	var out Connection
	err = s.update(func(doc *Document) error {
		c := doc.Connection(a.conn.ID)
		if c == nil || credentialsChanged(a.conn, *c) {
			return setupError(fmt.Sprintf("The connection %q was changed or deleted while you were approving access.", a.conn.Name), "Authorize it again.")
		}
		now := s.Now()
		c.Status = StatusOnline
		c.AuthorizedAs = accountOf(res.User)
		c.AuthorizedAt, c.LastTestAt, c.LastTest = now, now, "ok"
		c.APIURL = res.APIURL
		c.GrantedScopes = strings.Join(res.Scopes, " ")
		if c.MigratedFrom != "" && c.MigratedAt.IsZero() {
			c.MigratedAt = now
		}
		out = *c
		return nil
	})
	if err != nil {
		return a.conn, err
	}
	s.record(Event{Kind: EventAuthorized, ConnectionID: out.ID, ConnectionName: out.Name, Detail: "as " + describeAccount(out.AuthorizedAs), OK: ptr(true)})
	return out, nil
}

func accountOf(u oauth.User) *Account {
	return &Account{UserID: u.ID, Email: u.Email, DisplayName: u.DisplayName, AccountID: u.AccountID}
}

func describeAccount(a *Account) string {
	if a == nil {
		return "unknown user"
	}
	who := a.Email
	if who == "" {
		who = a.DisplayName
	}
	if a.AccountID != "" {
		who += " (account " + a.AccountID + ")"
	}
	return who
}

// ConnectedAs is the sentence shown after a successful authorization or test.
func ConnectedAs(c Connection) string { return "Connected as " + describeAccount(c.AuthorizedAs) }

func ptr[T any](v T) *T { return &v }

// explainShort is an error's message for the activity log, secret-free.
func explainShort(err error) string {
	var oe *oauth.Error
	if errors.As(err, &oe) {
		return oe.Message
	}
	var ke *KeyringError
	if errors.As(err, &ke) {
		return "password store unavailable"
	}
	return err.Error()
}

// keyringTokenStore keeps one connection's token in the keyring.
type keyringTokenStore struct {
	secrets Secrets
	account string
}

func (k keyringTokenStore) Load(ctx context.Context) (*oauth2.Token, error) {
	v, err := k.secrets.Get(ctx, k.account)
	if errors.Is(err, ErrSecretNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return oauth.UnmarshalToken([]byte(v.Reveal()))
}

func (k keyringTokenStore) Save(ctx context.Context, t *oauth2.Token) error {
	data, err := oauth.MarshalToken(t)
	if err != nil {
		return err
	}
	return k.secrets.Set(ctx, k.account, Secret(data))
}

// sources holds one token source per connection, so that goroutines of one
// process share its refresh lock and cached token.
type sources struct {
	mu sync.Mutex
	m  map[string]oauth2.TokenSource
}

func (s *Service) dropSource(id string) {
	s.srcs.mu.Lock()
	delete(s.srcs.m, id)
	s.srcs.mu.Unlock()
}

// tokenSource returns the connection's token source: a persisting one for
// OAuth 2.0, account credentials for Server-to-Server OAuth.
func (s *Service) tokenSource(ctx context.Context, doc *Document, c *Connection) (oauth2.TokenSource, error) {
	s.srcs.mu.Lock()
	defer s.srcs.mu.Unlock()
	key := c.ID + "\x00" + string(c.Auth) + "\x00" + c.IClientID + "\x00" + c.AccountID
	if ts, ok := s.srcs.m[key]; ok {
		return ts, nil
	}
	client, err := s.oauthClient(ctx, doc, c)
	if err != nil {
		return nil, err
	}
	var ts oauth2.TokenSource
	switch c.Auth {
	case AuthOAuth2:
		id, name := c.ID, c.Name
		cfg := client.Config(oauth.RedirectURL(doc.Settings.Port()), strings.Fields(c.Scopes))
		ts = oauth.NewPersistingTokenSource(cfg, keyringTokenStore{s.Secrets, TokenAccount(id)},
			filepath.Join(s.Dir, "token-"+id+".lock"),
			oauth.WithHTTPClient(s.httpClient()),
			oauth.OnRefresh(func(_, _ *oauth2.Token) {
				s.record(Event{Kind: EventRefreshed, ConnectionID: id, ConnectionName: name, OK: ptr(true)})
			}),
			oauth.OnInvalidGrant(func(e *oauth.Error) { s.markReconnect(id, e) }),
		)
	case AuthS2S:
		ts = oauth.NewS2STokenSource(client, c.AccountID, s.httpClient())
	default:
		return nil, jwtRetired()
	}
	if s.srcs.m == nil {
		s.srcs.m = map[string]oauth2.TokenSource{}
	}
	s.srcs.m[key] = ts
	return ts, nil
}

func jwtRetired() *oauth.Error {
	return &oauth.Error{Kind: oauth.JWTRetired, Message: "Zoom no longer accepts JWT (since September 8, 2023).", Next: "Migrate this connection to OAuth 2.0."}
}

// markReconnect records that Zoom no longer accepts the connection's
// refresh token.
func (s *Service) markReconnect(id string, cause *oauth.Error) {
	var name string
	s.update(func(doc *Document) error {
		if c := doc.Connection(id); c != nil {
			c.Status, name = StatusReconnectNeeded, c.Name
		}
		return nil
	})
	s.record(Event{Kind: EventReconnectNeeded, ConnectionID: id, ConnectionName: name, Detail: cause.Message, OK: ptr(false)})
}

// AccessToken returns a valid access token for the connection, refreshing
// and saving a rotated refresh token first when needed.
func (s *Service) AccessToken(ctx context.Context, connID string) (string, error) {
	doc, c, err := s.connection(connID)
	if err != nil {
		return "", err
	}
	if c.Auth == AuthOAuth2 && c.Status == StatusNotAuthorized {
		return "", notAuthorized(c)
	}
	if t := s.storedValidToken(ctx, c); t != nil {
		return t.AccessToken, nil
	}
	ts, err := s.tokenSource(ctx, doc, c)
	if err != nil {
		return "", err
	}
	t, err := ts.Token()
	if err != nil {
		return "", err
	}
	return t.AccessToken, nil
}

// storedValidToken is the fast path of a script calling "zoomconn token":
// a saved OAuth 2.0 token that is still good for over a minute needs no
// Client secret and no lock. Anything else goes through the token source.
func (s *Service) storedValidToken(ctx context.Context, c *Connection) *oauth2.Token {
	if c.Auth != AuthOAuth2 {
		return nil
	}
	t, err := keyringTokenStore{s.Secrets, TokenAccount(c.ID)}.Load(ctx)
	if err != nil || t == nil || t.AccessToken == "" || t.Expiry.IsZero() || time.Until(t.Expiry) < time.Minute {
		return nil
	}
	return t
}

func notAuthorized(c *Connection) *oauth.Error {
	return &oauth.Error{Kind: oauth.ReconnectNeeded, Message: fmt.Sprintf("The connection %q is not authorized yet.", c.Name), Next: "Click Authorize and approve access in Zoom."}
}

// Test calls Zoom's /users/me with the connection and records the result:
// its status, the account it reaches, and an activity event.
func (s *Service) Test(ctx context.Context, connID string) (Connection, error) {
	doc, c, err := s.connection(connID)
	if err != nil {
		return Connection{}, err
	}
	user, err := s.check(ctx, doc, c)
	now := s.Now()
	var out Connection
	uerr := s.update(func(d *Document) error {
		cur := d.Connection(connID)
		if cur == nil {
			return &NotFoundError{What: "connection", Name: c.Name}
		}
		cur.LastTestAt = now
		if err == nil {
			cur.Status, cur.LastTest = StatusOnline, "ok"
			cur.AuthorizedAs = accountOf(user)
		} else {
			cur.LastTest = explainShort(err)
			cur.Status = statusAfter(cur, err)
		}
		out = *cur
		return nil
	})
	s.record(Event{Kind: EventTested, ConnectionID: c.ID, ConnectionName: c.Name, Detail: testDetail(user, err), OK: ptr(err == nil)})
	if err != nil {
		return out, err
	}
	return out, uerr
}

func testDetail(u oauth.User, err error) string {
	if err != nil {
		return explainShort(err)
	}
	return "reached " + describeAccount(accountOf(u))
}

// statusAfter is the status a failed test leaves a connection in.
func statusAfter(c *Connection, err error) Status {
	var oe *oauth.Error
	if !errors.As(err, &oe) {
		return c.Status
	}
	switch {
	case c.Auth == AuthJWT:
		return StatusMigrationNeeded
	case c.Status == StatusNotAuthorized:
		return StatusNotAuthorized
	case oe.Kind == oauth.ReconnectNeeded || oe.Kind == oauth.TokenRejected:
		return StatusReconnectNeeded
	}
	return StatusOffline
}

func (s *Service) check(ctx context.Context, doc *Document, c *Connection) (oauth.User, error) {
	env := c.Env.OAuth()
	if c.Auth == AuthJWT {
		secret, err := s.Secrets.Get(ctx, JWTSecretAccount(c.ID))
		if errors.Is(err, ErrSecretNotFound) {
			return oauth.User{}, jwtRetired()
		}
		if err != nil {
			return oauth.User{}, err
		}
		return oauth.CheckJWT(ctx, s.httpClient(), env.APIBase, c.APIKey, secret.Reveal())
	}
	if c.Auth == AuthOAuth2 && c.Status == StatusNotAuthorized {
		return oauth.User{}, notAuthorized(c)
	}
	ts, err := s.tokenSource(ctx, doc, c)
	if err != nil {
		return oauth.User{}, err
	}
	return oauth.Check(ctx, s.httpClient(), env.APIFor(c.APIURL), ts)
}

// Revoke asks Zoom to revoke an OAuth 2.0 connection's token and forgets it
// here; the connection is then Not authorized.
func (s *Service) Revoke(ctx context.Context, connID string) error {
	doc, c, err := s.connection(connID)
	if err != nil {
		return err
	}
	if c.Auth == AuthOAuth2 {
		tok, err := keyringTokenStore{s.Secrets, TokenAccount(c.ID)}.Load(ctx)
		if err != nil {
			return err
		}
		if tok != nil {
			client, err := s.oauthClient(ctx, doc, c)
			if err != nil {
				return err
			}
			token := tok.RefreshToken
			if token == "" {
				token = tok.AccessToken
			}
			if err := oauth.Revoke(ctx, s.httpClient(), client, token); err != nil {
				return err
			}
		}
	}
	s.dropSource(c.ID)
	if err := s.Secrets.Delete(ctx, TokenAccount(c.ID)); err != nil {
		return err
	}
	err = s.update(func(d *Document) error {
		if cur := d.Connection(connID); cur != nil && cur.Auth != AuthJWT {
			cur.Status, cur.AuthorizedAs, cur.AuthorizedAt = StatusNotAuthorized, nil, time.Time{}
		}
		return nil
	})
	if err == nil {
		s.record(Event{Kind: EventRevoked, ConnectionID: c.ID, ConnectionName: c.Name, OK: ptr(true)})
	}
	return err
}

// RevokeFailedError says Zoom could not revoke a connection being deleted;
// deleting it here anyway is the caller's explicit choice.
type RevokeFailedError struct {
	Name string
	Err  error
}

func (e *RevokeFailedError) Error() string {
	return fmt.Sprintf("Zoom could not revoke the access of %q: %s Delete it here anyway? Its access stays valid at Zoom until it expires or you remove the app there.",
		e.Name, explainShort(e.Err))
}

func (e *RevokeFailedError) Unwrap() error { return e.Err }

// DeleteConnectionRevoking revokes the connection's access at Zoom, then
// deletes it. When revoking fails it deletes nothing and returns a
// *RevokeFailedError, unless deleteIfRevokeFails.
func (s *Service) DeleteConnectionRevoking(ctx context.Context, connID string, deleteIfRevokeFails bool) error {
	_, c, err := s.connection(connID)
	if err != nil {
		return err
	}
	if err := s.Revoke(ctx, connID); err != nil && !deleteIfRevokeFails {
		if _, nf := err.(*NotFoundError); nf {
			return err
		}
		return &RevokeFailedError{Name: c.Name, Err: err}
	}
	s.dropSource(connID)
	return s.DeleteConnection(ctx, connID)
}
