package oauth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/oauth2"
)

// DefaultPort is the Redirect URL's port unless Settings change it.
const DefaultPort = 41587

// DefaultConsentTimeout is how long a consent waits for the browser.
const DefaultConsentTimeout = 10 * time.Minute

// The hosts a Redirect URL can name.
const (
	// LoopbackIP is the host of new Redirect URLs. Zoom ignores the port of
	// a 127.0.0.1 redirect (RFC 8252, 7.3; Zoom's "PKCE loopback support"),
	// so a consent may listen on any free port.
	LoopbackIP = "127.0.0.1"
	// LoopbackName is the host of Redirect URLs registered before that:
	// Zoom matches them exactly, port included.
	LoopbackName = "localhost"
)

// RedirectURL is the Redirect URL to register in the Zoom app for host
// (LoopbackIP or LoopbackName; "" is LoopbackIP) and port.
func RedirectURL(host string, port int) string {
	if host == "" {
		host = LoopbackIP
	}
	return "http://" + host + ":" + strconv.Itoa(port) + CallbackPath
}

// AnyPort reports whether Zoom accepts a Redirect URL on host at any port.
func AnyPort(host string) bool { return host == "" || host == LoopbackIP }

// ConsentConfig describes one browser consent.
type ConsentConfig struct {
	Client Client
	Scopes []string // empty: the scopes configured on the Zoom app
	// RedirectHost is the host of the iClient's Redirect URL: LoopbackIP
	// ("" too) or LoopbackName.
	RedirectHost string
	// Port is the Redirect URL's port (0: DefaultPort). For LoopbackIP a
	// busy port is not an error: the consent listens on a free one and
	// sends that (see Consent.RedirectURL).
	Port       int
	Opener     Opener        // nil: don't open; the caller shows URL()
	Timeout    time.Duration // 0: DefaultConsentTimeout
	HTTPClient *http.Client  // for the code exchange and /users/me; nil: a default one
	// Words is what the browser tab says when the consent fails: the
	// caller's words for e (this package has none). nil: a plain "Not
	// connected" that points back to the app.
	Words func(e *Error) string
}

// Result is what a successful consent brings back.
type Result struct {
	Token  *oauth2.Token
	User   User
	APIURL string   // Zoom's api_url, "" if none; see Environment.APIFor
	Scopes []string // the granted scopes, from the token's "scope"
}

// Consent is one pending authorization: the loopback listeners run until
// it ends (success, error, timeout, Cancel).
//
// The browser tab reports success only after the code was exchanged and
// /users/me answered; storing the token is the caller's step after Wait.
type Consent struct {
	mu         sync.Mutex
	exchanging bool // a callback brought a code: only the exchange ends the consent now
	ended      bool
	approval   *Approval // see Approval

	cfg      ConsentConfig
	deadline time.Time // when the wait for the browser ends
	oauth    *oauth2.Config
	verifier string
	authURL  string
	redirect string
	handler  *callbackHandler
	servers  []*http.Server
	lns      []net.Listener
	ctx      context.Context
	cancel   context.CancelCauseFunc
	openErr  error

	once     sync.Once
	done     chan struct{}
	unbound  chan struct{} // closed when the port is free
	stopped  chan struct{} // closed when the servers have shut down
	res      *Result
	err      *Error
	shutdown sync.Once
}

var (
	errConsentTimedOut = errors.New("consent timed out")
	errConsentCanceled = errors.New("consent canceled")
)

// StartConsent listens on the Redirect URL (127.0.0.1, and ::1 too for a
// localhost one), opens the consent page with cfg.Opener and returns while
// the admin decides.
// ctx bounds the whole consent, not just its start. An opener failure is
// not an error: see OpenErr. Errors are *Error.
func StartConsent(ctx context.Context, cfg ConsentConfig) (*Consent, error) {
	if cfg.Client.ID == "" || cfg.Client.Env.AuthorizeURL == "" || cfg.Client.Env.TokenURL == "" {
		return nil, &Error{Kind: BadClient, Setup: "client_id"}
	}
	if cfg.Port == 0 {
		cfg.Port = DefaultPort
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultConsentTimeout
	}
	if cfg.RedirectHost == "" {
		cfg.RedirectHost = LoopbackIP
	}
	listeners, port, err := listenRedirect(cfg.RedirectHost, cfg.Port)
	if err != nil {
		return nil, err
	}
	state, err := randomState()
	if err != nil {
		closeAll(listeners)
		return nil, Translate(err, "")
	}
	c := &Consent{
		cfg:      cfg,
		verifier: oauth2.GenerateVerifier(),
		redirect: RedirectURL(cfg.RedirectHost, port),
		done:     make(chan struct{}),
		unbound:  make(chan struct{}),
		stopped:  make(chan struct{}),
		lns:      listeners,
	}
	c.oauth = cfg.Client.Config(c.redirect, cfg.Scopes)
	c.authURL = c.oauth.AuthCodeURL(state, oauth2.S256ChallengeOption(c.verifier))
	c.handler = &callbackHandler{state: state, host: cfg.RedirectHost, port: port, onCode: c.exchange, onError: c.zoomError}
	outer, cancel := context.WithCancelCause(ctx)
	inner, stopTimer := context.WithTimeoutCause(outer, cfg.Timeout, errConsentTimedOut)
	c.ctx, c.cancel = inner, cancel
	c.deadline, _ = inner.Deadline()
	go func() { <-inner.Done(); stopTimer() }()

	for _, l := range listeners {
		srv := &http.Server{
			Handler:           c.handler,
			ReadHeaderTimeout: 10 * time.Second,
			ReadTimeout:       20 * time.Second,
			WriteTimeout:      2 * time.Minute, // the exchange runs inside the request
			IdleTimeout:       30 * time.Second,
			MaxHeaderBytes:    32 << 10,
			BaseContext:       func(net.Listener) context.Context { return c.ctx },
		}
		c.servers = append(c.servers, srv)
		go func() { _ = srv.Serve(l) }()
	}
	go c.watch()

	if cfg.Opener != nil {
		c.openErr = cfg.Opener.Open(c.authURL)
	}
	return c, nil
}

// Deadline is when the wait for the admin's answer ends (Timeout after
// StartConsent), for a countdown.
func (c *Consent) Deadline() time.Time { return c.deadline }

// URL is the consent page, for Copy link and Open again.
func (c *Consent) URL() string { return c.authURL }

// RedirectURL is the Redirect URL this consent listens on.
func (c *Consent) RedirectURL() string { return c.redirect }

// OpenErr is the opener's error, if the browser could not be opened.
func (c *Consent) OpenErr() error { return c.openErr }

// Done is closed when the consent has ended.
func (c *Consent) Done() <-chan struct{} { return c.done }

// Wait blocks until the consent ends and the port is free again;
// canceling ctx cancels the consent. Errors are *Error. When only
// /users/me failed, the Result still carries the token, so the caller may
// keep the authorization.
func (c *Consent) Wait(ctx context.Context) (*Result, error) {
	select {
	case <-c.done:
	case <-ctx.Done():
		c.end(c.endError(context.Cause(ctx)))
	}
	<-c.done
	<-c.unbound
	if c.err != nil {
		return c.res, c.err
	}
	return c.res, nil
}

// Cancel ends the consent (the admin clicked Cancel) and frees the port.
func (c *Consent) Cancel() { _ = c.Close() }

// Close ends the consent if it is still pending and waits until the port
// is free again.
func (c *Consent) Close() error {
	c.end(c.endError(errConsentCanceled))
	<-c.done
	<-c.stopped
	return nil
}

func (c *Consent) watch() {
	<-c.ctx.Done()
	c.end(c.endError(context.Cause(c.ctx)))
}

// end ends the consent with err unless a code exchange has begun: Zoom may
// already have issued the token (and ended the user's earlier sign-in with
// this app), so the exchange always finishes and reports its result.
func (c *Consent) end(err *Error) {
	c.mu.Lock()
	exchanging := c.exchanging
	c.ended = c.ended || !exchanging
	c.mu.Unlock()
	if !exchanging {
		c.finish(nil, err)
	}
}

// beginExchange reports whether the consent is still open; from then on
// only the exchange ends it.
func (c *Consent) beginExchange() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ended {
		return false
	}
	c.exchanging = true
	return true
}

func (c *Consent) endError(cause error) *Error {
	if errors.Is(cause, errConsentTimedOut) || errors.Is(cause, context.DeadlineExceeded) {
		return ConsentTimedOut(c.cfg.Timeout, c.redirect, c.cfg.Scopes, cause)
	}
	e := newError(Canceled, cause)
	e.Detail = "authorization canceled"
	return e
}

// finish records the first outcome and starts freeing the port. It never
// waits, since it also runs inside the callback handler.
func (c *Consent) finish(res *Result, err *Error) {
	c.once.Do(func() {
		c.handler.finish()
		c.res, c.err = res, err
		close(c.done)
		c.cancel(errConsentCanceled)
		go c.stop()
	})
}

func (c *Consent) stop() {
	c.shutdown.Do(func() {
		// Free the port at once; requests under way may still finish.
		closeAll(c.lns)
		close(c.unbound)
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		var wg sync.WaitGroup
		for _, s := range c.servers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if s.Shutdown(ctx) != nil {
					_ = s.Close()
				}
			}()
		}
		wg.Wait()
		close(c.stopped)
	})
}

// exchangeBudget bounds a code exchange and the /users/me that follows.
const exchangeBudget = time.Minute

// exchange runs in the callback request: code → token → /users/me. It
// uses neither the request's context nor the consent's cancellation:
// closing the tab, Cancel, Ctrl+C or the timeout must not abort an
// exchange Zoom may already have completed (exchangeBudget and the HTTP
// client's timeout bound it).
func (c *Consent) exchange(_ context.Context, code string) page {
	arrived := time.Now()
	if !c.beginExchange() {
		e := c.endError(errConsentCanceled)
		return c.errorPage(e)
	}
	res, e := redeem(c.ctx, c.oauth, code, c.verifier, c.redirect, c.cfg.Client, c.cfg.HTTPClient)
	if e != nil && res == nil && e.Kind == BadClient {
		// Zoom refused the client, not the code: the admin's approval
		// may still be redeemed once the client is fixed.
		c.keep(&Approval{code: code, verifier: c.verifier, redirect: c.redirect,
			clientID: c.cfg.Client.ID, tokenURL: c.cfg.Client.Env.TokenURL,
			scopes: append([]string(nil), c.oauth.Scopes...), arrived: arrived})
	}
	if e != nil {
		c.finish(res, e)
		return c.errorPage(e)
	}
	c.finish(res, nil)
	return successPage(res.User)
}

// keep holds a for Approval, and forgets it when its lifetime is over
// whether or not anyone took it.
func (c *Consent) keep(a *Approval) {
	time.AfterFunc(time.Until(a.Expires()), a.Forget)
	c.mu.Lock()
	c.approval = a
	c.mu.Unlock()
}

// Approval hands over, once, the admin's approval whose code exchange
// failed only because Zoom refused the client (ErrorKind BadClient): nil
// otherwise. Whoever takes it holds a credential: keep it in memory only,
// Redeem it with the fixed client, or Forget it.
func (c *Consent) Approval() *Approval {
	c.mu.Lock()
	defer c.mu.Unlock()
	a := c.approval
	c.approval = nil
	return a
}

// zoomError ends the consent with the error Zoom sent to the callback.
func (c *Consent) zoomError(errCode, desc string) page {
	var e *Error
	if errCode == "access_denied" {
		e = newError(Denied, nil)
		e.Detail = "callback error=access_denied"
	} else {
		a := answer{op: opCallback, errCode: errCode, reason: desc}
		e = classify(&a, c.redirect, nil)
		e.Detail = detail(where(opCallback), a, nil)
	}
	c.finish(nil, e)
	return c.errorPage(e)
}

// exchangeError is Translate for a code exchange: invalid_grant means the
// code (not a refresh token) was refused.
func exchangeError(err error, redirectURL string) *Error {
	e := translate(err, redirectURL, opExchange)
	if e.Kind == ReconnectNeeded || e.Code == 4733 || e.Code == 4734 ||
		(e.Kind == Other && strings.Contains(strings.ToLower(e.Reason), "authorization code")) {
		ce := newError(CodeExpired, err)
		ce.Status, ce.Reason, ce.Code, ce.Detail = e.Status, e.Reason, e.Code, e.Detail
		return ce
	}
	return e
}

func randomState() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random state: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// listenRedirect listens where the browser will send Zoom's answer and
// returns the port it got. For LoopbackIP only 127.0.0.1 is needed, and a
// busy port gives way to a free one, which Zoom accepts; a localhost
// Redirect URL must keep its port.
func listenRedirect(host string, port int) ([]net.Listener, int, error) {
	if host == LoopbackName {
		ls, err := listenLoopback(port)
		return ls, port, err
	}
	l, err := net.Listen("tcp4", net.JoinHostPort(LoopbackIP, strconv.Itoa(port)))
	if err != nil && addrInUse(err) {
		l, err = net.Listen("tcp4", LoopbackIP+":0")
	}
	if err != nil {
		return nil, 0, portBusy(port, false, err)
	}
	return []net.Listener{l}, l.Addr().(*net.TCPAddr).Port, nil
}

// listenLoopback binds 127.0.0.1 and, when the host has IPv6, ::1, both
// on port: "localhost" may resolve to either.
func listenLoopback(port int) ([]net.Listener, error) {
	p := strconv.Itoa(port)
	l4, err := net.Listen("tcp4", "127.0.0.1:"+p)
	if err != nil {
		return nil, portBusy(port, addrInUse(err), err)
	}
	l6, err := net.Listen("tcp6", "[::1]:"+p)
	if err != nil {
		if addrInUse(err) {
			// Another program would get the browser's answer over IPv6.
			_ = l4.Close()
			return nil, portBusy(port, true, err)
		}
		return []net.Listener{l4}, nil // no IPv6 loopback here
	}
	return []net.Listener{l4, l6}, nil
}

func addrInUse(err error) bool {
	if errors.Is(err, syscall.EADDRINUSE) {
		return true
	}
	s := strings.ToLower(err.Error())
	return strings.Contains(s, "address already in use") ||
		strings.Contains(s, "only one usage of each socket address") // Windows
}

func closeAll(ls []net.Listener) {
	for _, l := range ls {
		_ = l.Close()
	}
}
