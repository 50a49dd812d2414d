package model

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
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
	return oauth.Client{ID: ic.ClientID, Secret: secret.Reveal(), Env: ic.Env.OAuth(), Name: ic.Name}, nil
}

// Authorization is one pending browser consent for a connection, or the
// redeeming of an approval kept from an earlier one (see StartAuthorize).
type Authorization struct {
	svc     *Service
	conn    Connection
	consent *oauth.Consent // nil when a kept approval was redeemed
	joined  []string

	redeemed bool // the outcome below came from a kept approval
	out      Connection
	err      error
}

// AuthorizeOption changes how StartAuthorize waits.
type AuthorizeOption func(*oauth.ConsentConfig)

// WithConsentTimeout sets how long the consent waits for the browser
// (oauth.DefaultConsentTimeout unless set); when it passes, Wait returns
// the oauth package's timeout error, which names the Redirect URL.
func WithConsentTimeout(d time.Duration) AuthorizeOption {
	return func(c *oauth.ConsentConfig) { c.Timeout = d }
}

// StartAuthorize opens Zoom's consent page for an OAuth 2.0 connection with
// opener and returns while the administrator decides. An opener that fails
// is not an error: see OpenErr, and offer URL to copy.
//
// When the connection's last consent was approved but its code exchange
// failed only because Zoom refused the iClient (a wrong Client secret),
// that approval is kept in memory for the code's lifetime. Once the
// iClient is fixed, StartAuthorize first redeems it: then no consent page
// opens (Redeemed), and Wait reports what the redemption brought, after
// the same steps as a consent. If Zoom refuses the client again, Wait says
// so at once and the approval stays kept for the next fix. If Zoom refuses
// the code (used, expired) or anything else goes wrong, it opens a new
// consent as usual.
func (s *Service) StartAuthorize(ctx context.Context, connID string, opener oauth.Opener, opts ...AuthorizeOption) (*Authorization, error) {
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
	cfg := oauth.ConsentConfig{
		Client:     client,
		Scopes:     strings.Fields(c.Scopes),
		Port:       doc.Settings.Port(),
		Opener:     opener,
		HTTPClient: s.httpClient(),
	}
	for _, o := range opts {
		o(&cfg)
	}
	if kept := s.approvals.take(c.ID, c.IClientID); kept != nil {
		res, err := kept.Redeem(ctx, s.Now(), client, oauth.RedirectURL(cfg.Port), cfg.Scopes, cfg.HTTPClient)
		if res != nil || err == nil {
			// Zoom issued a token: finish now, whatever ctx says, so a
			// Cancel cannot lose it.
			a := &Authorization{svc: s, conn: *c, redeemed: true}
			a.out, a.err = a.finish(ctx, res, err)
			return a, nil
		}
		var oe *oauth.Error
		if errors.As(err, &oe) && oe.Kind == oauth.BadClient {
			// The secret is still wrong: a new consent would fail the
			// same way, and the code is still unredeemed for the next fix.
			s.approvals.keep(c.ID, c.IClientID, kept)
			a := &Authorization{svc: s, conn: *c, redeemed: true}
			a.out, a.err = a.finish(ctx, nil, err)
			return a, nil
		}
		slog.Info("the earlier approval could not be redeemed; asking for a new one", "connection", c.ID, "err", explainShort(err))
	}
	consent, err := oauth.StartConsent(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return &Authorization{svc: s, conn: *c, consent: consent}, nil
}

// Redeemed says no consent page was opened: an approval kept from an
// earlier consent was redeemed instead, and Wait returns at once.
func (a *Authorization) Redeemed() bool { return a.redeemed }

// URL is Zoom's consent page, for Copy link and Open again ("" when
// Redeemed).
func (a *Authorization) URL() string {
	if a.consent == nil {
		return ""
	}
	return a.consent.URL()
}

// OpenErr says why the browser could not be opened, or nil.
func (a *Authorization) OpenErr() error {
	if a.consent == nil {
		return nil
	}
	return a.consent.OpenErr()
}

// Cancel ends the wait; Wait then returns a Canceled error. It does
// nothing once an approval was Redeemed: the token is saved already.
func (a *Authorization) Cancel() {
	if a.consent != nil {
		a.consent.Cancel()
	}
}

// Wait waits for the consent, then saves the token in the approving Zoom
// user's sign-in with the iClient (replacing its token if that user already
// had one: Zoom has just ended it) and marks the connection Online. Once
// Zoom has issued a token it is saved whatever ctx says, because the
// earlier sign-in of that user is already dead at Zoom.
func (a *Authorization) Wait(ctx context.Context) (Connection, error) {
	if a.consent == nil {
		return a.out, a.err
	}
	res, err := a.consent.Wait(ctx)
	if kept := a.consent.Approval(); kept != nil {
		a.svc.approvals.keep(a.conn.ID, a.conn.IClientID, kept)
	}
	return a.finish(ctx, res, err)
}

// finish is what follows a consent or a redeemed approval: res and err
// are what the code exchange and /users/me brought.
func (a *Authorization) finish(ctx context.Context, res *oauth.Result, err error) (Connection, error) {
	s := a.svc
	if err != nil {
		s.record(Event{Kind: EventAuthorized, ConnectionID: a.conn.ID, ConnectionName: a.conn.Name, Detail: explainShort(err), OK: ptr(false)})
		return a.conn, err
	}
	s.approvals.drop(a.conn.ID) // this approval supersedes any kept one
	ctx = context.WithoutCancel(ctx)
	changed := setupError(fmt.Sprintf("The connection %q was changed or deleted while you were approving access.", a.conn.Name), "Authorize it again.")
	doc, err := s.Load()
	if err != nil {
		return a.conn, err
	}
	cur := doc.Connection(a.conn.ID)
	stillOurs := cur != nil && !credentialsChanged(a.conn, *cur)
	if !stillOurs && doc.SignInOf(a.conn.IClientID, res.User.ID) == nil {
		// Nobody here needs the token: give it back to Zoom.
		if err := s.revokeAtZoom(ctx, doc, a.conn.IClientID, res.Token); err != nil {
			slog.Warn("revoke an unneeded token", "err", explainShort(err))
		}
		return a.conn, changed
	}
	ad, err := s.adoptConsent(ctx, a.conn.IClientID, res)
	if err != nil {
		return a.conn, err
	}
	a.joined = ad.Joined
	if !stillOurs {
		return a.conn, changed
	}
	out, previous, err := s.attach(a.conn, ad.SignIn)
	if err != nil {
		s.releaseSignIn(ctx, ad.SignIn.ID, true)
		return a.conn, err
	}
	if previous != "" && previous != ad.SignIn.ID {
		s.releaseSignIn(ctx, previous, true)
	}
	detail := "as " + describeAccount(out.AuthorizedAs)
	if len(ad.Joined) > 0 {
		detail += "; joined the sign-in already used by " + strings.Join(ad.Joined, ", ")
	}
	s.record(Event{Kind: EventAuthorized, ConnectionID: out.ID, ConnectionName: out.Name, Detail: detail, OK: ptr(true)})
	return out, nil
}

// Joined names the connections that already used the approving user's
// sign-in with this iClient; after Wait, they share it with this one.
func (a *Authorization) Joined() []string { return a.joined }

// attach makes the connection use the sign-in, unless it was changed since
// before (then it is left alone). It returns the sign-in it used before.
func (s *Service) attach(before Connection, si SignIn) (Connection, string, error) {
	var out Connection
	var previous string
	err := s.update(func(doc *Document) error {
		c := doc.Connection(before.ID)
		if c == nil || credentialsChanged(before, *c) {
			return setupError(fmt.Sprintf("The connection %q was changed or deleted while you were approving access.", before.Name), "Authorize it again.")
		}
		now := s.Now()
		previous = c.SignInID
		c.SignInID = si.ID
		c.Status = StatusOnline
		a := si.User
		c.AuthorizedAs = &a
		c.AuthorizedAt, c.LastTestAt, c.LastTest = si.Authorized, now, "ok"
		c.APIURL, c.GrantedScopes = si.APIURL, si.GrantedScopes
		if c.MigratedFrom != "" && c.MigratedAt.IsZero() {
			c.MigratedAt = now
		}
		out = *c
		return nil
	})
	return out, previous, err
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

func jwtRetired() *oauth.Error {
	return &oauth.Error{Kind: oauth.JWTRetired, Message: "Zoom no longer accepts JWT (since September 8, 2023).", Next: "Migrate this connection to OAuth 2.0."}
}

// AccessToken returns a valid access token for the connection: the saved
// one while it is good for over a minute, else a new one (refreshing the
// sign-in, or asking for a Server-to-Server token), saved before it is
// handed out.
func (s *Service) AccessToken(ctx context.Context, connID string) (string, error) {
	doc, c, err := s.connection(connID)
	if err != nil {
		return "", err
	}
	return s.accessToken(ctx, doc, c)
}

// AccessTokenNamed is AccessToken for the connection named name (any
// case), which it returns too; it reads the data folder once, which is
// what a script calling 'zoomconn token' waits for.
func (s *Service) AccessTokenNamed(ctx context.Context, name string) (Connection, string, error) {
	doc, err := s.Load()
	if err != nil {
		return Connection{}, "", err
	}
	c := doc.ConnectionByName(name)
	if c == nil {
		return Connection{}, "", &NotFoundError{What: "connection", Name: strings.TrimSpace(name)}
	}
	tok, err := s.accessToken(ctx, doc, c)
	return *c, tok, err
}

func (s *Service) accessToken(ctx context.Context, doc *Document, c *Connection) (string, error) {
	if c.Auth == AuthOAuth2 && doc.SignIn(c.SignInID) == nil {
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
// a saved token that is still good for over a minute needs no Client
// secret and no lock. Anything else goes through the token source.
func (s *Service) storedValidToken(ctx context.Context, c *Connection) *oauth2.Token {
	var store keyringTokenStore
	switch c.Auth {
	case AuthOAuth2:
		store = s.signInStore(c.SignInID)
	case AuthS2S:
		store = keyringTokenStore{s.Secrets, S2STokenAccount(c.ID)}
	default:
		return nil
	}
	t, err := store.Load(ctx)
	if err != nil || t == nil || t.AccessToken == "" || t.Expiry.IsZero() || time.Until(t.Expiry) < time.Minute {
		return nil
	}
	return t
}

func notAuthorized(c *Connection) *oauth.Error {
	return &oauth.Error{Kind: oauth.ReconnectNeeded, Message: fmt.Sprintf("The connection %q is not authorized yet.", c.Name), Next: "Authorize it and approve access in Zoom."}
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
	ts, err := s.tokenSource(ctx, doc, c)
	if err != nil {
		return oauth.User{}, err
	}
	tok, err := ts.Token()
	if err != nil {
		return oauth.User{}, err
	}
	api := env.APIFor(c.APIURL)
	u, err := oauth.Check(ctx, s.httpClient(), api, oauth2.StaticTokenSource(tok))
	var oe *oauth.Error
	if errors.As(err, &oe) && oe.Kind == oauth.TokenRejected {
		// Another process may have renewed the token since we read it
		// (Zoom then ended ours): re-read it and try once more.
		if fresh, changed, rerr := ts.Reload(ctx, tok.AccessToken); rerr == nil && changed {
			return oauth.Check(ctx, s.httpClient(), api, oauth2.StaticTokenSource(fresh))
		}
	}
	return u, err
}

// Revoke signs out: it asks Zoom to revoke the sign-in that the OAuth 2.0
// connection uses and forgets it here. Every connection of that sign-in is
// then Not authorized; their names are returned, this one first.
func (s *Service) Revoke(ctx context.Context, connID string) ([]string, error) {
	doc, c, err := s.connection(connID)
	if err != nil {
		return nil, err
	}
	if c.Auth == AuthOAuth2 && doc.SignIn(c.SignInID) != nil {
		return s.signOut(ctx, c.SignInID, c.ID)
	}
	if c.Auth == AuthS2S {
		if err := s.forgetS2S(ctx, c.ID); err != nil {
			return nil, err
		}
	}
	err = s.update(func(d *Document) error {
		if cur := d.Connection(connID); cur != nil && cur.Auth != AuthJWT {
			cur.Status, cur.AuthorizedAs, cur.AuthorizedAt, cur.SignInID = StatusNotAuthorized, nil, time.Time{}, ""
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.record(Event{Kind: EventRevoked, ConnectionID: c.ID, ConnectionName: c.Name, OK: ptr(true)})
	return []string{c.Name}, nil
}

// signOut revokes the sign-in id at Zoom, deletes its token and marks every
// connection that used it Not authorized, under the sign-in's lock so that
// no refresh elsewhere puts a token back.
func (s *Service) signOut(ctx context.Context, id, firstConn string) ([]string, error) {
	var names []string
	var hit []Connection
	err := s.withSignInLock(ctx, id, func(ctx context.Context) error {
		doc, err := s.Load()
		if err != nil {
			return err
		}
		si := doc.SignIn(id)
		if si == nil {
			return nil
		}
		tok, err := s.signInStore(id).Load(ctx)
		if err != nil {
			return err
		}
		if tok != nil {
			if err := s.revokeAtZoom(ctx, doc, si.IClientID, tok); err != nil {
				return err
			}
		}
		if err := s.Secrets.Delete(ctx, SignInTokenAccount(id)); err != nil {
			return err
		}
		return s.update(func(d *Document) error {
			hit = hit[:0]
			for i := range d.Connections {
				if cur := &d.Connections[i]; cur.Auth == AuthOAuth2 && cur.SignInID == id {
					cur.Status, cur.AuthorizedAs, cur.AuthorizedAt, cur.SignInID = StatusNotAuthorized, nil, time.Time{}, ""
					hit = append(hit, *cur)
				}
			}
			d.SignIns = removeSignIn(d.SignIns, id)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	for _, c := range hit {
		if c.ID == firstConn {
			names = append([]string{c.Name}, names...)
		} else {
			names = append(names, c.Name)
		}
	}
	for _, c := range hit {
		detail := ""
		if len(hit) > 1 {
			detail = "signed out with " + strings.Join(without(names, c.Name), ", ")
		}
		s.record(Event{Kind: EventRevoked, ConnectionID: c.ID, ConnectionName: c.Name, Detail: detail, OK: ptr(true)})
	}
	return names, nil
}

func without(list []string, drop string) []string {
	var out []string
	for _, v := range list {
		if v != drop {
			out = append(out, v)
		}
	}
	return out
}

// forgetS2S deletes a Server-to-Server connection's saved token.
func (s *Service) forgetS2S(ctx context.Context, connID string) error {
	s.dropS2S(connID)
	if err := s.Secrets.Delete(ctx, S2STokenAccount(connID)); err != nil {
		return fmt.Errorf("forget the saved token: %w", err)
	}
	return nil
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

// DeleteConnectionRevoking deletes a connection. When it is the last one
// that uses its sign-in, it revokes the sign-in at Zoom first; otherwise it
// only detaches, and the others keep working. When revoking fails it
// deletes nothing and returns a *RevokeFailedError, unless
// deleteIfRevokeFails.
func (s *Service) DeleteConnectionRevoking(ctx context.Context, connID string, deleteIfRevokeFails bool) error {
	doc, c, err := s.connection(connID)
	if err != nil {
		return err
	}
	if c.Auth != AuthOAuth2 || doc.SignIn(c.SignInID) == nil {
		if _, err := s.Revoke(ctx, connID); err != nil && !deleteIfRevokeFails {
			if _, nf := err.(*NotFoundError); nf {
				return err
			}
			return &RevokeFailedError{Name: c.Name, Err: err}
		}
		return s.DeleteConnection(ctx, connID)
	}
	id := c.SignInID
	return s.withSignInLock(ctx, id, func(ctx context.Context) error {
		doc, err := s.Load()
		if err != nil {
			return err
		}
		cur := doc.Connection(connID)
		if cur == nil {
			return &NotFoundError{What: "connection", Name: c.Name}
		}
		if len(doc.AlsoUsedBy(*cur)) == 0 && cur.SignInID == id {
			if tok, err := s.signInStore(id).Load(ctx); err != nil {
				if !deleteIfRevokeFails {
					return &RevokeFailedError{Name: c.Name, Err: err}
				}
			} else if tok != nil {
				if err := s.revokeAtZoom(ctx, doc, doc.SignIn(id).IClientID, tok); err != nil && !deleteIfRevokeFails {
					return &RevokeFailedError{Name: c.Name, Err: err}
				}
			}
			if err := s.Secrets.Delete(ctx, SignInTokenAccount(id)); err != nil {
				return fmt.Errorf("delete the sign-in: %w", err)
			}
		}
		return s.deleteConnection(ctx, connID)
	})
}
