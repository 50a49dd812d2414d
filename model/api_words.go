package model

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"zoomconn/internal/words"
	"zoomconn/oauth"
)

// RateLimitWait is one wait of CallAPI for Zoom's per-second rate limit.
type RateLimitWait struct {
	Delay   time.Duration // as Zoom's Retry-After said (1 second when it said nothing)
	Attempt int           // 1 for the first wait
	Max     int           // how many waits CallAPI makes at most
}

// String says the wait in the admin's words.
func (w RateLimitWait) String() string {
	return fmt.Sprintf("Zoom is rate-limiting this account (its per-second limit): trying again in %s (%d of %d).",
		words.Duration(w.Delay), w.Attempt, w.Max)
}

// failure turns what went wrong with a call into the admin's words; nil
// stays nil.
func (a apiCaller) failure(call oauth.APICall, err error) error {
	if err == nil {
		return nil
	}
	what := call.Method + " " + call.URL.Path
	if errors.Is(err, oauth.ErrAnswerTooLarge) {
		return &Problem{Kind: oauth.Other, Err: err,
			Message: fmt.Sprintf("Zoom's answer to %s is larger than %d MB, more than Zoom Connections reads.", what, oauth.MaxAnswer>>20),
			Next:    "Ask for less at a time (a smaller page_size, or a filter)."}
	}
	oe := zoomError(err)
	if oe == nil {
		oe = oauth.Translate(err, "")
	}
	p := &Problem{Kind: oe.Kind, Err: oe}
	p.Message, p.Next = zoomWords(oe)
	switch oe.Kind {
	case oauth.MissingScope:
		p.Message, p.Next = apiScopeWords(a.c, a.iclient, what, oe.Scopes)
	case oauth.Other:
		if oe.Status != 0 {
			p.Message = strings.Replace(p.Message, "Zoom answered with an error", "Zoom refused "+what, 1)
			p.Next = "Check the path, the parameters and the body against Zoom's API reference."
		}
	}
	return p
}

// apiScopeWords says which scopes would let the call through (any one of
// them), where to add them, and that the connection then needs a new
// token, which only a new approval (or, for Server-to-Server OAuth, a new
// token) carries.
func apiScopeWords(c Connection, iclient, what string, scopes []string) (msg, next string) {
	app := "the app in Zoom's App Marketplace"
	if iclient != "" {
		app = fmt.Sprintf("the app of iClient %q in Zoom's App Marketplace", iclient)
	}
	switch len(scopes) {
	case 0:
		msg = fmt.Sprintf("Zoom refused %s: the token of %q lacks a scope this call needs.", what, c.Name)
	case 1:
		msg = fmt.Sprintf("Zoom refused %s: the token of %q lacks the scope %s.", what, c.Name, scopes[0])
	default:
		msg = fmt.Sprintf("Zoom refused %s: the token of %q lacks a scope. Any one of these would do: %s or %s.",
			what, c.Name, strings.Join(scopes[:len(scopes)-1], ", "), scopes[len(scopes)-1])
	}
	next = "Add it to " + app + ": open the app → Scopes → Add scopes."
	if c.Auth == AuthS2S {
		return msg, next + " Then get the connection a new token (its saved one was issued without the scope): zoomconn revoke " +
			ShellWord(c.Name) + " forgets it, and the next call fetches a new one."
	}
	return msg, next + " Then authorize the connection again: its current token was issued without the scope."
}

// ShellWord quotes s for a POSIX shell when it needs it: a name in a
// command the admin may paste.
func ShellWord(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:@", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
