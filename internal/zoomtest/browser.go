package zoomtest

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Page is what a Browser tab showed.
type Page struct {
	URL    string
	Status int
	Body   string
}

// Browser plays the admin's browser: it opens the consent page, follows
// Zoom's redirect only to a loopback Redirect URL, and records every page.
// Its Open method fits oauth.Opener.
type Browser struct {
	client *http.Client
	user   string // the signed-in Zoom user's ID; "" = the app's default user
	mu     sync.Mutex
	pages  []Page
}

// userCookie is how a test Browser says which Zoom user is signed in (Zoom
// knows it from its own session cookie).
const userCookie = "zoomtest_user"

// Browser returns a new browser for this server's consent pages, signed in
// as the default user of the app whose consent it opens (see SetUser).
func (s *Server) Browser() *Browser { return newBrowser("") }

// BrowserAs returns a browser signed in to Zoom as u, whose consents u
// approves: the tokens they bring act for u, and /v2/users/me answers u.
// u is registered on the server (an empty ID becomes "u-" + Email).
func (s *Server) BrowserAs(u User) *Browser {
	s.mu.Lock()
	defer s.mu.Unlock()
	return newBrowser(s.addUserLocked(u).ID)
}

func newBrowser(user string) *Browser {
	return &Browser{user: user, client: &http.Client{
		Timeout:       30 * time.Second,
		Transport:     &http.Transport{DisableKeepAlives: true, Proxy: nil},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// Open approves (or denies, see DenyConsent) in Zoom and lands on the
// Redirect URL, like an admin clicking Allow. It fails only if the pages
// could not be fetched; Zoom's error pages are recorded, not returned.
func (b *Browser) Open(consentURL string) error {
	callback, err := b.Consent(consentURL)
	if err != nil || callback == "" {
		return err
	}
	_, err = b.Get(callback)
	return err
}

// Consent visits the consent page and returns the Redirect URL Zoom sent
// the browser to, without visiting it ("" if Zoom showed a page instead).
func (b *Browser) Consent(consentURL string) (string, error) {
	req, err := http.NewRequest(http.MethodGet, consentURL, nil)
	if err != nil {
		return "", fmt.Errorf("browser: consent page: %w", err)
	}
	if b.user != "" {
		req.AddCookie(&http.Cookie{Name: userCookie, Value: url.QueryEscape(b.user)})
	}
	resp, err := b.client.Do(req)
	if err != nil {
		return "", fmt.Errorf("browser: consent page: %w", err)
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	if resp.StatusCode < 300 || resp.StatusCode > 399 {
		b.record(Page{URL: consentURL, Status: resp.StatusCode, Body: string(body)})
		return "", nil
	}
	loc, err := resp.Location()
	if err != nil {
		return "", fmt.Errorf("browser: redirect: %w", err)
	}
	if ip := net.ParseIP(loc.Hostname()); loc.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return "", errors.New("browser: Zoom redirected away from loopback: " + loc.Redacted())
	}
	return loc.String(), nil
}

// Get visits rawURL and records the page.
func (b *Browser) Get(rawURL string) (Page, error) { return b.Do(http.MethodGet, rawURL, nil) }

// Do sends any request (hostile-callback tests) and records the page.
func (b *Browser) Do(method, rawURL string, body io.Reader) (Page, error) {
	if _, err := url.Parse(rawURL); err != nil {
		return Page{}, err
	}
	req, err := http.NewRequest(method, rawURL, body)
	if err != nil {
		return Page{}, err
	}
	resp, err := b.client.Do(req)
	if err != nil {
		return Page{}, fmt.Errorf("browser: %w", err)
	}
	defer resp.Body.Close()
	text, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	p := Page{URL: rawURL, Status: resp.StatusCode, Body: string(text)}
	b.record(p)
	return p, nil
}

func (b *Browser) record(p Page) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pages = append(b.pages, p)
}

// Pages returns every page shown so far.
func (b *Browser) Pages() []Page {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]Page(nil), b.pages...)
}

// Last returns the last page shown (zero Page if none).
func (b *Browser) Last() Page {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.pages) == 0 {
		return Page{}
	}
	return b.pages[len(b.pages)-1]
}
