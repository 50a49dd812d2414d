package model

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"zoomconn/internal/words"
	"zoomconn/oauth"
)

// Consents asks for an administrator's approval in the browser (Authorize,
// Reconnect, a migration to OAuth 2.0) and saves the token Zoom issues in
// the approving user's sign-in. It reads in one direction: a consent runs
// here, then hands its token to the sign-ins (adopt, attach, release).
type Consents struct {
	svc          *Service
	approvals    approvals    // see StartAuthorize
	codeFailures codeFailures // see RepeatedCodeError
}

// Authorization is one pending browser consent for a connection, or the
// redeeming of an approval kept from an earlier one (see StartAuthorize).
type Authorization struct {
	cs      *Consents
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
func (cs *Consents) StartAuthorize(ctx context.Context, connID string, opener Opener, opts ...AuthorizeOption) (*Authorization, error) {
	doc, c, err := cs.svc.connection(connID)
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
	client, err := cs.svc.oauthClient(ctx, doc, c)
	if err != nil {
		return nil, err
	}
	cfg := oauth.ConsentConfig{
		Client:       client,
		Scopes:       strings.Fields(c.Scopes),
		RedirectHost: doc.IClient(c.IClientID).Loopback(),
		Port:         doc.Settings.Port(),
		Opener:       opener,
		HTTPClient:   cs.svc.httpClient(),
		Words:        tabWords,
	}
	for _, o := range opts {
		o(&cfg)
	}
	if a := cs.redeemKept(ctx, *c, cfg); a != nil {
		return a, nil
	}
	consent, err := oauth.StartConsent(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return &Authorization{cs: cs, conn: *c, consent: consent}, nil
}

// redeemKept redeems the approval kept for c, if any (see StartAuthorize).
// It returns the finished Authorization, or nil when a new consent must
// open.
func (cs *Consents) redeemKept(ctx context.Context, c Connection, cfg oauth.ConsentConfig) *Authorization {
	kept := cs.approvals.take(c.ID, c.IClientID)
	if kept == nil {
		return nil
	}
	res, err := kept.Redeem(ctx, cs.svc.Now(), cfg.Client, cfg.Scopes, cfg.HTTPClient)
	if res != nil || err == nil {
		// Zoom issued a token: finish now, whatever ctx says, so a
		// Cancel cannot lose it.
		a := &Authorization{cs: cs, conn: c, redeemed: true}
		a.out, a.err = a.finish(ctx, res, err)
		return a
	}
	if kindOf(err) == oauth.BadClient {
		// The secret is still wrong: a new consent would fail the
		// same way, and the code is still unredeemed for the next fix.
		cs.approvals.keep(c.ID, c.IClientID, kept)
		a := &Authorization{cs: cs, conn: c, redeemed: true}
		a.out, a.err = a.finish(ctx, nil, err)
		return a
	}
	slog.Info("the earlier approval could not be redeemed; asking for a new one", "connection", c.ID, "err", explainShort(err))
	return nil
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
		a.cs.approvals.keep(a.conn.ID, a.conn.IClientID, kept)
	}
	return a.finish(ctx, res, err)
}

// finish is what follows a consent or a redeemed approval: res and err
// are what the code exchange and /users/me brought. The token goes to the
// approving user's sign-in (adopt), unless nobody here needs it any more
// (the connection changed meanwhile): then it goes back to Zoom.
func (a *Authorization) finish(ctx context.Context, res *oauth.Result, err error) (Connection, error) {
	cs, svc := a.cs, a.cs.svc
	if err != nil {
		err = cs.afterFailedConsent(ctx, a.conn, res, err)
		svc.record(Event{Kind: EventAuthorized, ConnectionID: a.conn.ID, ConnectionName: a.conn.Name, Detail: explainShort(err), OK: ptr(false)})
		return a.conn, err
	}
	cs.codeFailures.reset(a.conn.ID)
	cs.approvals.drop(a.conn.ID) // this approval supersedes any kept one
	ctx = context.WithoutCancel(ctx)
	changed := setupError(fmt.Sprintf("The connection %q was changed or deleted while you were approving access.", a.conn.Name), "Authorize it again.")
	doc, err := svc.Load()
	if err != nil {
		return a.conn, err
	}
	cur := doc.Connection(a.conn.ID)
	stillOurs := cur != nil && !credentialsChanged(a.conn, *cur)
	if !stillOurs && doc.SignInOf(a.conn.IClientID, res.User.ID) == nil {
		// Nobody here needs the token: give it back to Zoom, unless that
		// would remove an admin-managed app from the whole account.
		if implicitRevokeAllowed(doc, a.conn.IClientID) {
			if err := svc.revokeAtZoom(ctx, doc, a.conn.IClientID, res.Token); err != nil {
				slog.Warn("revoke an unneeded token", "err", explainShort(err))
			}
		}
		return a.conn, changed
	}
	ad, err := svc.signIns.adopt(ctx, a.conn.IClientID, res)
	if err != nil {
		return a.conn, err
	}
	a.joined = without(ad.Joined, a.conn.Name) // a Reconnect finds itself there
	if !stillOurs {
		return a.conn, changed
	}
	return a.land(ctx, res, ad.SignIn)
}

// land makes the connection use the sign-in si that its consent was saved
// in (attach), lets go of the sign-in it used before (release), and
// records the authorization.
func (a *Authorization) land(ctx context.Context, res *oauth.Result, si SignIn) (Connection, error) {
	svc := a.cs.svc
	out, previous, err := svc.signIns.attach(a.conn, si)
	if err != nil {
		svc.signIns.release(ctx, si.ID, true)
		return a.conn, err
	}
	if previous != "" && previous != si.ID {
		// Reconnected as another Zoom user: the earlier sign-in is no
		// longer this connection's.
		if kept := svc.signIns.release(ctx, previous, true); kept.ID != "" {
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
	svc.record(Event{Kind: EventAuthorized, ConnectionID: out.ID, ConnectionName: out.Name, Detail: detail, OK: ptr(true)})
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

// ConsentNotes are what the admin should know before approving a consent
// for the connection connID, one sentence each: that approving ends the
// approving user's other sign-ins of the app, and when the consent asks for
// fewer scopes than a sign-in shared with other connections has, what
// those would lose.
func (cs *Consents) ConsentNotes(connID string) ([]string, error) {
	doc, c, err := cs.svc.connection(connID)
	if err != nil {
		return nil, err
	}
	notes := []string{"Approving ends this Zoom user's other sign-ins of the same app, in other tools or on other computers."}
	want := strings.Fields(c.Scopes)
	if c.Auth != AuthOAuth2 || len(want) == 0 {
		return notes, nil
	}
	for _, si := range doc.SignInsOfApp(c.IClientID) {
		var lost []string
		for _, g := range strings.Fields(si.GrantedScopes) {
			if !slices.Contains(want, g) {
				lost = append(lost, g)
			}
		}
		var others []string
		for _, o := range doc.SharersOf(si.ID) {
			if o.ID != c.ID {
				others = append(others, o.Name)
			}
		}
		if len(lost) == 0 || len(others) == 0 {
			continue
		}
		notes = append(notes, fmt.Sprintf("This connection asks for fewer scopes than the sign-in of %s has. If you approve as %s, the token that %s %s is replaced by one without %s.",
			describeAccount(&si.User), si.User.Email, JoinNames(others), words.Plural(len(others), "uses", "use"), strings.Join(lost, ", ")))
	}
	return notes, nil
}

// migrationConsent runs one browser consent for a migration and frees the
// port before it returns (the next consent needs it). As with
// StartAuthorize, an approval whose exchange failed only because Zoom
// refused the iClient is kept under key (the connection, or the set of
// connections one shared consent is for) and iclientID, and the next
// migration of the same key redeems it instead of asking again; if Zoom
// refuses the client again, that is said at once (the approval stays
// kept), and if it refuses the code, a new consent opens. The caller saves
// what it brings (signIns.adopt).
func (cs *Consents) migrationConsent(ctx context.Context, key, iclientID string, client oauth.Client, scopes string, opener Opener, timeout time.Duration, started func(url string, openErr error)) (*oauth.Result, error) {
	svc := cs.svc
	doc, err := svc.Load()
	if err != nil {
		return nil, err
	}
	if kept := cs.approvals.take(key, iclientID); kept != nil {
		res, err := kept.Redeem(ctx, svc.Now(), client, strings.Fields(scopes), svc.httpClient())
		if res != nil || err == nil {
			return res, err
		}
		if kindOf(err) == oauth.BadClient {
			// Still the wrong secret: a new consent would fail the
			// same way; the code is still unredeemed for the next fix.
			cs.approvals.keep(key, iclientID, kept)
			return nil, err
		}
		slog.Info("migrate: the earlier approval could not be redeemed; asking for a new one", "err", explainShort(err))
	}
	host := LoopbackIP
	if ic := doc.IClient(iclientID); ic != nil {
		host = ic.Loopback()
	}
	consent, err := oauth.StartConsent(ctx, oauth.ConsentConfig{
		Client:       client,
		Scopes:       strings.Fields(scopes),
		RedirectHost: host,
		Port:         doc.Settings.Port(),
		Opener:       opener,
		Timeout:      timeout,
		HTTPClient:   svc.httpClient(),
		Words:        tabWords,
	})
	if err != nil {
		return nil, err
	}
	started(consent.URL(), consent.OpenErr())
	res, err := consent.Wait(ctx)
	consent.Close()
	if kept := consent.Approval(); kept != nil {
		cs.approvals.keep(key, iclientID, kept)
	} else if err == nil {
		cs.approvals.drop(key)
	}
	return res, err
}
