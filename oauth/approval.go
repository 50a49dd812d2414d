package oauth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"zoomconn/internal/textsafe"
)

// ApprovalLifetime is how long an Approval is kept: Zoom's codes expire
// after 5 minutes, and the half minute left is for the exchange itself.
const ApprovalLifetime = 4*time.Minute + 30*time.Second

// An Approval is a consent the admin gave whose code could not be
// exchanged because Zoom refused the client (a wrong Client ID or secret):
// the code was not redeemed, so once the client is fixed it may still be.
// It is a credential: it lives in memory only and never prints (String,
// GoString and LogValue hide it). Redeem uses it at most once; Forget
// drops it.
type Approval struct {
	mu       sync.Mutex
	code     string
	verifier string
	redirect string
	clientID string
	tokenURL string
	scopes   []string
	arrived  time.Time
}

// String hides the code.
func (a *Approval) String() string { return "oauth.Approval{" + redacted + "}" }

// GoString hides the code from %#v.
func (a *Approval) GoString() string { return a.String() }

// LogValue hides the code from log/slog.
func (a *Approval) LogValue() slog.Value { return slog.StringValue(a.String()) }

// MarshalJSON hides the code from encoding/json.
func (a *Approval) MarshalJSON() ([]byte, error) { return []byte(fmt.Sprintf("%q", a.String())), nil }

// Expires is when the Approval is no longer worth trying.
func (a *Approval) Expires() time.Time { return a.arrived.Add(ApprovalLifetime) }

// Forget drops the code; Redeem then fails.
func (a *Approval) Forget() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.code, a.verifier = "", ""
}

// take returns the code and verifier and forgets them: a code is tried once.
func (a *Approval) take() (code, verifier string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	code, verifier = a.code, a.verifier
	a.code, a.verifier = "", ""
	return code, verifier
}

// restore puts back a code that Zoom did not redeem.
func (a *Approval) restore(code, verifier string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.code, a.verifier = code, verifier
}

// ErrApprovalUnusable says an Approval cannot be redeemed with this
// client: it was used or forgotten, it expired, or it was given to another
// Client ID, token endpoint, Redirect URL or set of scopes.
var ErrApprovalUnusable = errors.New("the earlier approval cannot be used")

// Fits says whether the Approval was given for this client and scopes,
// and is still within its lifetime at now. (It is redeemed with the
// Redirect URL it was given for, whatever port a new consent would use.)
func (a *Approval) Fits(c Client, scopes []string, now time.Time) bool {
	if a == nil {
		return false
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.code != "" && now.Before(a.Expires()) && a.clientID == c.ID &&
		a.tokenURL == c.Env.TokenURL && sameScopes(a.scopes, scopes)
}

func sameScopes(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Redeem exchanges the Approval's code with client (whose secret was
// fixed since) and checks the token with /users/me, exactly as a consent's
// callback does; now is the time (an Approval older than ApprovalLifetime
// is not tried), hc the HTTP client (nil: a default one). scopes are what
// a new consent would use now: an Approval given for others, for another
// Client ID, or past its lifetime is not tried
// (ErrApprovalUnusable, wrapped). The code is tried once: after Redeem
// the Approval is spent, whatever the outcome. Errors are *Error; as
// after a consent, a Result comes with the error when only /users/me
// failed.
func (a *Approval) Redeem(ctx context.Context, now time.Time, client Client, scopes []string, hc *http.Client) (*Result, error) {
	if !a.Fits(client, scopes, now) {
		a.Forget()
		e := newError(CodeExpired, ErrApprovalUnusable)
		e.Detail = "earlier approval not tried"
		return nil, e
	}
	code, verifier := a.take()
	// Zoom checks that the exchange names the redirect_uri of the consent.
	redirectURL := a.redirect
	res, e := redeem(ctx, client.Config(redirectURL, scopes), code, verifier, redirectURL, client, hc)
	if e != nil {
		if e.Kind == BadClient && res == nil {
			// Zoom refused the client again, so the code is still
			// unredeemed: it may be tried once more after the next fix.
			a.restore(code, verifier)
		}
		return res, e
	}
	return res, nil
}

// redeem is code → token → /users/me, bounded by exchangeBudget and
// immune to ctx's cancellation: Zoom may already have issued the token.
func redeem(ctx context.Context, cfg *oauth2.Config, code, verifier, redirect string, client Client, hc0 *http.Client) (*Result, *Error) {
	hc := baseClient(hc0)
	bounded, cancel := context.WithTimeout(context.WithoutCancel(ctx), exchangeBudget)
	defer cancel()
	ctx = withHTTPClient(bounded, hc)
	tok, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, exchangeError(err, redirect).WithIClient(client.Name).ofPublicClient(client.Public)
	}
	res := &Result{Token: tok, APIURL: extraString(tok, "api_url"), Scopes: strings.Fields(textsafe.Line(extraString(tok, "scope")))}
	hcl := oauth2.NewClient(ctx, oauth2.StaticTokenSource(tok))
	hcl.Timeout = hc.Timeout
	u, err := GetMe(ctx, hcl, client.Env.APIFor(res.APIURL))
	if err != nil {
		return res, Translate(err, redirect)
	}
	res.User = u
	return res, nil
}
