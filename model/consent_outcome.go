package model

import (
	"context"
	"log/slog"
	"sync"

	"zoomconn/oauth"
)

// What follows a consent that did not end well: the token Zoom issued but
// that could not be used, the sign-ins the consent ended, and a code Zoom
// refused twice.

// UnusedConsentError is a consent whose token Zoom issued but that could
// not be used (Zoom's /users/me failed, so the approving user is not
// known). The consent has ended that user's earlier sign-in of the app, if
// there was one: Ended names the connections whose sign-in Zoom no longer
// accepts since. Revoked says the unused token was given back to Zoom.
type UnusedConsentError struct {
	Err     error
	Ended   []string
	Revoked bool
}

func (e *UnusedConsentError) Error() string { return e.Err.Error() }

func (e *UnusedConsentError) Unwrap() error { return e.Err }

// RepeatedCodeError is Zoom refusing the approval's code a second time in
// a row for the same connection: not an old code, most likely a proof
// (PKCE) or Client ID that does not fit the app.
type RepeatedCodeError struct{ Err *oauth.Error }

func (e *RepeatedCodeError) Error() string { return e.Err.Error() }

func (e *RepeatedCodeError) Unwrap() error { return e.Err }

// codeFailures counts, per connection, the consents in a row whose code
// Zoom refused.
type codeFailures struct {
	mu sync.Mutex
	m  map[string]int
}

func (f *codeFailures) add(connID string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.m == nil {
		f.m = map[string]int{}
	}
	f.m[connID]++
	return f.m[connID]
}

func (f *codeFailures) reset(connID string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.m, connID)
}

// afterFailedConsent is what follows a consent that failed: res is what
// Zoom issued before the failure, if anything.
func (cs *Consents) afterFailedConsent(ctx context.Context, c Connection, res *oauth.Result, err error) error {
	if oe := zoomError(err); oe != nil && oe.Kind == oauth.CodeExpired {
		if cs.codeFailures.add(c.ID) >= 2 {
			return &RepeatedCodeError{Err: oe}
		}
		return err
	}
	if res == nil || res.Token == nil {
		return err
	}
	// Zoom issued a token, so the consent has ended the approving user's
	// earlier sign-in of this app, whoever that was; the token itself is
	// not used. Give it back to Zoom (never for an admin-managed app: that
	// would remove the app from the account), then find the sign-ins here
	// that Zoom no longer accepts.
	ctx = context.WithoutCancel(ctx)
	out := &UnusedConsentError{Err: err}
	doc, lerr := cs.svc.Load()
	if lerr != nil {
		return err
	}
	if implicitRevokeAllowed(doc, c.IClientID) {
		if rerr := cs.svc.revokeAtZoom(ctx, doc, c.IClientID, res.Token); rerr != nil {
			slog.Warn("revoke the token of a consent that could not be used", "err", explainShort(rerr))
		} else {
			out.Revoked = true
		}
	}
	out.Ended = cs.svc.Checks.appSignIns(ctx, c.IClientID)
	return out
}
