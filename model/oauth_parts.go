package model

import (
	"time"

	"zoomconn/oauth"
)

// What the window and the command line need of the sign-in machinery, in
// model's own names, so that they never reach the oauth package.

// Opener opens an address in the admin's browser.
type Opener interface {
	Open(url string) error
}

// ConsentTimeout is how long a consent waits for the admin's approval: by
// default, and at most.
const ConsentTimeout time.Duration = oauth.DefaultConsentTimeout

// RedirectURL is the loopback Redirect URL for host (LoopbackIP or
// LoopbackName) and port.
func RedirectURL(host string, port int) string { return oauth.RedirectURL(host, port) }

// MarketplaceURL is where apps are built in the Zoom App Marketplace: the
// ZoomGov one when gov, else Zoom's.
func MarketplaceURL(gov bool) string {
	if gov {
		return oauth.ZoomGov().MarketplaceURL
	}
	return oauth.Zoom().MarketplaceURL
}

// KindCanceled is the kind of a wait the admin or the caller ended: a
// Problem of this kind says so in its own words.
const KindCanceled = oauth.Canceled

// Canceled says err ends a wait that was canceled, not a failure.
func Canceled(err error) bool { return kindOf(err) == oauth.Canceled }

// WrongClient says err proves the iClient's Client ID or secret wrong
// (Zoom refused the client): trying again with the same ones cannot work.
func WrongClient(err error) bool { return kindOf(err) == oauth.BadClient }

// ActsAs is who a connection acts as, for the line under its name:
// "jane@example.com (account …)".
func ActsAs(c Connection) string { return describeAccount(c.AuthorizedAs) }

// OpenerFunc adapts a function to Opener.
type OpenerFunc func(url string) error

// Open calls f(url).
func (f OpenerFunc) Open(url string) error { return f(url) }
