package oauth

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2"
)

// Answers from Zoom, or from a page posing as Zoom's callback, that carry
// terminal escape sequences and bidi overrides.

// escapes retitles a terminal (OSC 0) and recolours it (SGR), with a bidi
// override for the window.
const escapes = "\x1b]0;pwned\x07\x1b[31m\u202e"

func noControls(t *testing.T, where string, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if strings.ContainsAny(s, "\x1b\x07\u202e") {
			t.Errorf("%s carries a control character: %q", where, s)
		}
	}
}

func TestZoomTextReachesNoTerminalRaw(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.URL.Path == "/oauth/token":
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `{"reason":%s,"error":"server_error\u001b[2J"}`, jsonText("Account locked"+escapes))
		case r.Header.Get("Authorization") == "Bearer bad":
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `{"code":300,"message":%s}`, jsonText("Request failed"+escapes))
		default:
			fmt.Fprintf(w, `{"id":"u1\u0007","email":"jane@example.com\u001b[8m","display_name":%s,"account_id":"a\u009b1"}`, jsonText("Jane"+escapes+"\nDoe"))
		}
	}))
	defer srv.Close()

	u, err := Check(waitCtx(t), nil, srv.URL+"/v2", oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "good"}))
	if err != nil {
		t.Fatal(err)
	}
	noControls(t, "/users/me", u.ID, u.Email, u.DisplayName, u.AccountID)
	if strings.ContainsAny(u.DisplayName+u.AccountID, "\n\u009b") || !strings.HasPrefix(u.DisplayName, "Jane") {
		t.Errorf("display name %q, account %q", u.DisplayName, u.AccountID)
	}

	_, err = Check(waitCtx(t), nil, srv.URL+"/v2", oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "bad"}))
	e := asError(t, err, Other)
	noControls(t, "API error", e.Error(), e.Reason, e.Detail, strings.Join(e.Facts(), "\n"), fmt.Sprintf("%#v", e))
	if !strings.Contains(e.Reason, "Request failed") {
		t.Errorf("Zoom's message is lost: %q", e.Reason)
	}

	_, err = NewS2STokenSource(Client{ID: "c", Secret: "s", Env: Custom(srv.URL, srv.URL)}, "acct", nil).Token()
	e = asError(t, err, Other)
	noControls(t, "token endpoint error", e.Error(), e.Reason, e.Detail, strings.Join(e.Facts(), "\n"))
	if !strings.Contains(e.Reason, "Account locked") || strings.Contains(e.Detail, "\x1b[2J") {
		t.Errorf("reason %q, detail %q", e.Reason, e.Detail)
	}
}

func jsonText(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestCallbackErrorDescriptionReachesNoTerminalRaw(t *testing.T) {
	f := newFixture(t)
	c := f.start(t, nil)
	consent, _ := url.Parse(c.URL())
	cb := url.URL{Scheme: "http", Host: "127.0.0.1:" + itoa(f.port), Path: CallbackPath, RawQuery: url.Values{
		"state":             {consent.Query().Get("state")},
		"error":             {"server_error\x1b[5m"},
		"error_description": {"Something broke" + escapes},
	}.Encode()}
	p, err := f.srv.Browser().Get(cb.String())
	if err != nil || p.Status != http.StatusOK {
		t.Fatalf("%v %+v", err, p)
	}
	_, err = c.Wait(waitCtx(t))
	e := asError(t, err, Other)
	noControls(t, "callback error", e.Error(), e.Reason, e.Detail, strings.Join(e.Facts(), "\n"))
	if !strings.Contains(e.Reason, "Something broke") {
		t.Errorf("Zoom's description is lost: %q", e.Reason)
	}
}
