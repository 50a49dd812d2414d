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

// RedirectURL is the Redirect URL of a new iClient, to add to its Zoom
// app's Redirect URL and Allow list (iClients registered with localhost
// before keep theirs: see RedirectURLOf).
func (s *Service) RedirectURL() (string, error) {
	doc, err := s.Load()
	if err != nil {
		return "", err
	}
	return oauth.RedirectURL(LoopbackIP, doc.Settings.Port()), nil
}

// RedirectURLOf is the Redirect URL of the iClient id.
func (s *Service) RedirectURLOf(id string) (string, error) {
	doc, err := s.Load()
	if err != nil {
		return "", err
	}
	ic := doc.IClient(id)
	if ic == nil {
		return "", &NotFoundError{What: "iClient", Name: id}
	}
	return ic.RedirectURL(doc.Settings.Port()), nil
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
	notes    []string
}

// AuthorizeOption changes how StartAuthorize waits.
type AuthorizeOption func(*oauth.ConsentConfig)

// WithConsentTimeout sets how long the consent waits for the browser
// (ConsentTimeout unless set); when it passes, Wait returns
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
func (s *Service) StartAuthorize(ctx context.Context, connID string, opener Opener, opts ...AuthorizeOption) (*Authorization, error) {
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
		Client:       client,
		Scopes:       strings.Fields(c.Scopes),
		RedirectHost: doc.IClient(c.IClientID).Loopback(),
		Port:         doc.Settings.Port(),
		Opener:       opener,
		HTTPClient:   s.httpClient(),
		Words:        tabWords,
	}
	for _, o := range opts {
		o(&cfg)
	}
	if kept := s.approvals.take(c.ID, c.IClientID); kept != nil {
		res, err := kept.Redeem(ctx, s.Now(), client, cfg.Scopes, cfg.HTTPClient)
		if res != nil || err == nil {
			// Zoom issued a token: finish now, whatever ctx says, so a
			// Cancel cannot lose it.
			a := &Authorization{svc: s, conn: *c, redeemed: true}
			a.out, a.err = a.finish(ctx, res, err)
			return a, nil
		}
		if kindOf(err) == oauth.BadClient {
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

// RedirectURL is the Redirect URL this consent sent to Zoom, with the port
// it listens on ("" when Redeemed).
func (a *Authorization) RedirectURL() string {
	if a.consent == nil {
		return ""
	}
	return a.consent.RedirectURL()
}

// Deadline is when the wait for the admin's approval ends (zero when
// Redeemed): the window counts down to it.
func (a *Authorization) Deadline() time.Time {
	if a.consent == nil {
		return time.Time{}
	}
	return a.consent.Deadline()
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
		err = s.afterFailedConsent(ctx, a.conn, res, err)
		s.record(Event{Kind: EventAuthorized, ConnectionID: a.conn.ID, ConnectionName: a.conn.Name, Detail: explainShort(err), OK: ptr(false)})
		return a.conn, err
	}
	s.codeFailures.reset(a.conn.ID)
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
		// Nobody here needs the token: give it back to Zoom, unless that
		// would remove an admin-managed app from the whole account.
		if implicitRevokeAllowed(doc, a.conn.IClientID) {
			if err := s.revokeAtZoom(ctx, doc, a.conn.IClientID, res.Token); err != nil {
				slog.Warn("revoke an unneeded token", "err", explainShort(err))
			}
		}
		return a.conn, changed
	}
	ad, err := s.adoptConsent(ctx, a.conn.IClientID, res)
	if err != nil {
		return a.conn, err
	}
	a.joined = without(ad.Joined, a.conn.Name) // a Reconnect finds itself there
	if !stillOurs {
		return a.conn, changed
	}
	out, previous, err := s.attach(a.conn, ad.SignIn)
	if err != nil {
		s.releaseSignIn(ctx, ad.SignIn.ID, true)
		return a.conn, err
	}
	if previous != "" && previous != ad.SignIn.ID {
		// Reconnected as another Zoom user: the earlier sign-in is no
		// longer this connection's.
		if kept := s.releaseSignIn(ctx, previous, true); kept.ID != "" {
			a.notes = append(a.notes, fmt.Sprintf("The earlier sign-in of %s was forgotten here, not revoked at Zoom: the app is admin-managed, and a revoke would remove it from the whole Zoom account.",
				describeAccount(&kept.User)))
		}
	}
	detail := "as " + describeAccount(out.AuthorizedAs)
	if len(a.joined) > 0 {
		detail += "; joined the sign-in already used by " + strings.Join(a.joined, ", ")
	}
	if res.Token.RefreshToken == "" {
		a.notes = append(a.notes, NoRefreshToken)
		detail += "; Zoom gave no refresh token, so the sign-in lasts one hour"
	}
	s.record(Event{Kind: EventAuthorized, ConnectionID: out.ID, ConnectionName: out.Name, Detail: detail, OK: ptr(true)})
	return out, nil
}

// Joined names the connections that already used the approving user's
// sign-in with this iClient; after Wait, they share it with this one.
func (a *Authorization) Joined() []string { return a.joined }

// Notes are what the admin should know about a successful authorization
// besides who it connected as (a sign-in that lasts only an hour, an
// earlier sign-in forgotten but not revoked), one sentence each.
func (a *Authorization) Notes() []string { return a.notes }

// NoRefreshToken is said when Zoom gave a sign-in no refresh token (a
// public client ID may get none).
const NoRefreshToken = "Zoom gave this sign-in no refresh token, so it lasts one hour: then Reconnect it. Scripts that must run unattended need an iClient with a Client ID and Client secret."

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
	var ke *KeyringError
	var se *SignInEndedError
	switch {
	case errors.As(err, &ke):
		return "password store unavailable"
	case errors.As(err, &se):
		// Its first sentence: the activity entry names the sharers itself.
		msg, _, _ := strings.Cut(Explain(se).Message, ". ")
		return strings.TrimSuffix(msg, ".") + "."
	}
	if kindOf(err) == "" {
		return err.Error()
	}
	return Explain(err).Message
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
		return "", s.endedError(doc, doc.SignIn(c.SignInID), err)
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

func notAuthorized(c *Connection) *Problem {
	return &Problem{Kind: oauth.ReconnectNeeded, Message: fmt.Sprintf("The connection %q is not authorized yet.", c.Name), Next: "Authorize it and approve access in Zoom."}
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
	kind := kindOf(err)
	switch {
	case kind == "":
		return c.Status
	case c.Auth == AuthJWT:
		return StatusMigrationNeeded
	case c.Status == StatusNotAuthorized:
		return StatusNotAuthorized
	case kind == oauth.ReconnectNeeded || kind == oauth.TokenRejected:
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
		return oauth.User{}, s.endedError(doc, doc.SignIn(c.SignInID), err)
	}
	return s.checkWith(ctx, ts, tok, env.APIFor(c.APIURL), doc.SignIn(c.SignInID))
}

// checkWith asks /users/me with tok. When Zoom rejects it, another process
// may have renewed the token since it was read (Zoom then ended ours): it
// re-reads the store and tries once more. A sign-in whose token Zoom still
// rejects then is dead (revoked, its app removed, or replaced by a newer
// consent of the same user elsewhere): every connection of it is marked.
func (s *Service) checkWith(ctx context.Context, ts oauth.PersistingSource, tok *oauth2.Token, api string, si *SignIn) (oauth.User, error) {
	u, err := oauth.Check(ctx, s.httpClient(), api, oauth2.StaticTokenSource(tok))
	if kindOf(err) != oauth.TokenRejected {
		return u, err
	}
	fresh, changed, rerr := ts.Reload(ctx, tok.AccessToken)
	if rerr == nil && changed {
		u, err = oauth.Check(ctx, s.httpClient(), api, oauth2.StaticTokenSource(fresh))
		if kindOf(err) != oauth.TokenRejected {
			return u, err
		}
	}
	if rerr == nil && si != nil {
		ended := &SignInEndedError{Err: signInEnded(err)}
		ended.Connections = s.markReconnect(si.ID, ended)
		return u, ended
	}
	return u, err
}
