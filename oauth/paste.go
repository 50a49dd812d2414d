package oauth

import (
	"context"
	"net/url"
	"strings"
)

// When the browser runs on another computer, Zoom's redirect to the
// loopback Redirect URL lands on that computer, where nothing listens:
// its page cannot connect, but its address bar holds Zoom's answer. The
// admin pastes that address here; it goes through the same checks as a
// callback (state in constant time, one answer only) and the same code
// exchange. Its port is not compared: Zoom ignores the port of a
// 127.0.0.1 redirect, and the consent may listen on another port.

// PasteRefusal is why Paste did not take an address.
type PasteRefusal string

// The reasons Paste refuses an address; the consent goes on waiting.
const (
	PasteNotAddress  PasteRefusal = "not_address"  // not a web address at all
	PasteNotCallback PasteRefusal = "not_callback" // not http://<loopback>/oauth/callback
	PasteIncomplete  PasteRefusal = "incomplete"   // no code (or no answer at all)
	PasteWrongState  PasteRefusal = "wrong_state"  // another consent's answer
	PasteUsed        PasteRefusal = "used"         // an answer was received already
	PasteEnded       PasteRefusal = "ended"        // the consent is over
)

// PasteError is a refused paste. It never holds the pasted address.
type PasteError struct{ Reason PasteRefusal }

func (e *PasteError) Error() string { return "pasted address refused: " + string(e.Reason) }

// Paste takes the address the browser ended on after Zoom's consent, as
// if the browser had brought it here. It returns nil once the answer was
// taken: the code was exchanged (or Zoom's error, such as Deny, recorded)
// and Wait reports the outcome. Otherwise it returns a *PasteError and
// the consent goes on waiting. The address holds a credential (the
// code): it is never logged, kept or returned.
func (c *Consent) Paste(address string) error {
	address = strings.TrimSpace(address)
	if address == "" || len(address) > maxCallbackURI || strings.ContainsAny(address, " \t\r\n") {
		return &PasteError{PasteNotAddress}
	}
	if !strings.Contains(address, "://") {
		address = "http://" + address // an address bar may hide the scheme
	}
	u, err := url.Parse(address)
	if err != nil || u.Host == "" {
		return &PasteError{PasteNotAddress}
	}
	host := strings.ToLower(u.Hostname())
	if !strings.EqualFold(u.Scheme, "http") || u.User != nil || (host != "localhost" && host != "127.0.0.1" && host != "::1") ||
		strings.TrimRight(u.Path, "/") != CallbackPath {
		return &PasteError{PasteNotCallback}
	}
	if u.RawQuery == "" {
		return &PasteError{PasteIncomplete}
	}
	switch c.handler.answer(context.Background(), u.RawQuery) {
	case pageWrongState:
		return &PasteError{PasteWrongState}
	case pageNoCode:
		return &PasteError{PasteIncomplete}
	case pageUsed:
		return &PasteError{PasteUsed}
	case pageGone:
		return &PasteError{PasteEnded}
	}
	return nil
}
