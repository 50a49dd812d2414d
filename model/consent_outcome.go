package model

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"

	"zoomconn/internal/words"
	"zoomconn/oauth"
)

// What follows a consent that did not end well, and what an admin should
// know before one: the sign-ins a consent can end, and the ones Zoom
// already ended.

// SignInEndedError says that Zoom no longer accepts a sign-in, and which
// connections share it (all of them are now Reconnect needed).
type SignInEndedError struct {
	Err         *oauth.Error
	Connections []string // every connection of the sign-in
}

func (e *SignInEndedError) Error() string { return e.Err.Error() }

func (e *SignInEndedError) Unwrap() error { return e.Err }

// signInEnded is the error of a sign-in whose token Zoom rejects although
// nobody here renewed it: Zoom ended it. Its facts are Zoom's answer.
func signInEnded(cause error) *oauth.Error {
	e := &oauth.Error{Kind: oauth.ReconnectNeeded, Err: cause}
	if oe := zoomError(cause); oe != nil {
		e.Status, e.Code, e.Reason, e.Detail = oe.Status, oe.Code, oe.Reason, oe.Detail
	}
	return e
}

// endedError adds to err, when it says the sign-in si is dead, the
// connections that share si.
func (s *Service) endedError(doc *Document, si *SignIn, err error) error {
	oe := zoomError(err)
	if si == nil || oe == nil || oe.Kind != oauth.ReconnectNeeded {
		return err
	}
	var se *SignInEndedError
	if errors.As(err, &se) {
		return err
	}
	var names []string
	for _, c := range doc.SharersOf(si.ID) {
		names = append(names, c.Name)
	}
	return &SignInEndedError{Err: oe, Connections: names}
}

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
func (s *Service) afterFailedConsent(ctx context.Context, c Connection, res *oauth.Result, err error) error {
	if oe := zoomError(err); oe != nil && oe.Kind == oauth.CodeExpired {
		if s.codeFailures.add(c.ID) >= 2 {
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
	doc, lerr := s.Load()
	if lerr != nil {
		return err
	}
	if implicitRevokeAllowed(doc, c.IClientID) {
		if rerr := s.revokeAtZoom(ctx, doc, c.IClientID, res.Token); rerr != nil {
			slog.Warn("revoke the token of a consent that could not be used", "err", explainShort(rerr))
		} else {
			out.Revoked = true
		}
	}
	out.Ended = s.checkAppSignIns(ctx, c.IClientID)
	return out
}

// checkAppSignIns asks Zoom about every sign-in of the iClient's app (one
// /users/me each) and marks those it no longer accepts; it returns the
// connections of those.
func (s *Service) checkAppSignIns(ctx context.Context, iclientID string) []string {
	doc, err := s.Load()
	if err != nil {
		return nil
	}
	var ended []string
	for _, si := range doc.SignInsOfApp(iclientID) {
		if dead, names := s.checkSignIn(ctx, doc, si); dead {
			ended = append(ended, names...)
		}
	}
	return ended
}

// checkSignIn asks Zoom who the sign-in si acts as (refreshing it first if
// its access token is old). It reports whether Zoom no longer accepts it,
// and then the connections that use it (all marked Reconnect needed).
func (s *Service) checkSignIn(ctx context.Context, doc *Document, si SignIn) (dead bool, names []string) {
	sharers := doc.SharersOf(si.ID)
	if len(sharers) == 0 {
		return false, nil
	}
	c := sharers[0]
	_, err := s.check(ctx, doc, &c)
	var se *SignInEndedError
	switch {
	case errors.As(err, &se):
		return true, se.Connections
	case kindOf(err) == oauth.ReconnectNeeded:
		for _, o := range sharers {
			names = append(names, o.Name)
		}
		return true, names
	}
	return false, nil
}

// ConsentNotes are what the admin should know before approving a consent
// for the connection connID, one sentence each: that approving ends the
// approving user's other sign-ins of the app, and when the consent asks for
// fewer scopes than a sign-in shared with other connections has, what
// those would lose.
func (s *Service) ConsentNotes(connID string) ([]string, error) {
	doc, c, err := s.connection(connID)
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
