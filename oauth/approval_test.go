package oauth

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// wrongSecretApproval runs a consent with a wrong Client secret and
// returns the approval it kept, and the error it ended with.
func wrongSecretApproval(t *testing.T, f *fixture) (*Approval, error) {
	t.Helper()
	good := f.client
	f.client.Secret = "not-the-secret"
	c := f.start(t, f.srv.Browser())
	_, err := c.Wait(waitCtx(t))
	asError(t, err, BadClient)
	f.client = good
	a := c.Approval()
	if a == nil {
		t.Fatal("no approval kept after a wrong Client secret")
	}
	if c.Approval() != nil {
		t.Fatal("the approval was handed over twice")
	}
	return a, err
}

func TestApprovalRedeemedAfterSecretFixed(t *testing.T) {
	f := newFixture(t)
	a, consentErr := wrongSecretApproval(t, f)
	code := a.code
	for _, s := range []string{consentErr.Error(), fmt.Sprintf("%v %+v %#v %s", a, a, a, a)} {
		if strings.Contains(s, code) || strings.Contains(s, a.verifier) {
			t.Fatalf("the approval shows in %q", s)
		}
	}
	var log strings.Builder
	slog.New(slog.NewTextHandler(&log, nil)).Info("x", "approval", a)
	js, _ := json.Marshal(a)
	if strings.Contains(log.String(), code) || strings.Contains(string(js), code) {
		t.Fatalf("the approval shows in a log or JSON: %s %s", log.String(), js)
	}

	res, err := a.Redeem(waitCtx(t), time.Now(), f.client, nil, nil)
	if err != nil {
		t.Fatalf("redeem: %v", err)
	}
	if res.User.Email != "jane@example.com" || res.Token.RefreshToken == "" || res.APIURL != f.srv.URL() {
		t.Fatalf("result: %+v", res)
	}
	if f.srv.Grants("cid-1") != 1 {
		t.Fatalf("grants: %d", f.srv.Grants("cid-1"))
	}
	// Spent: a second Redeem does not even ask Zoom.
	n := f.srv.TokenRequests()
	_, err = a.Redeem(waitCtx(t), time.Now(), f.client, nil, nil)
	if e := asError(t, err, CodeExpired); strings.Contains(e.Error(), code) || f.srv.TokenRequests() != n {
		t.Fatalf("second redeem: %v, %d token requests", e, f.srv.TokenRequests()-n)
	}
}

func TestApprovalRefusedWhenCodeConsumed(t *testing.T) {
	f := newFixture(t)
	f.srv.ConsumeCodeOnFailedExchange(true)
	a, _ := wrongSecretApproval(t, f)
	code := a.code
	_, err := a.Redeem(waitCtx(t), time.Now(), f.client, nil, nil)
	e := asError(t, err, CodeExpired)
	// Zoom repeats the code in its answer; it must never be shown.
	if e.Reason != "Invalid authorization code [redacted]" || strings.Contains(e.Error()+strings.Join(e.Facts(), " "), code) {
		t.Fatalf("%v (reason %q)", e, e.Reason)
	}
	if a.code != "" || a.verifier != "" {
		t.Fatal("the approval was not dropped after use")
	}
}

func TestApprovalNotTried(t *testing.T) {
	for name, change := range map[string]func(f *fixture, a *Approval) (Client, []string){
		"expired": func(f *fixture, a *Approval) (Client, []string) {
			a.arrived = time.Now().Add(-ApprovalLifetime - time.Second)
			return f.client, nil
		},
		"another Client ID": func(f *fixture, a *Approval) (Client, []string) {
			c := f.client
			c.ID = "cid-2"
			return c, nil
		},
		"other scopes": func(f *fixture, a *Approval) (Client, []string) {
			return f.client, []string{"user:read:admin"}
		},
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			a, _ := wrongSecretApproval(t, f)
			c, scopes := change(f, a)
			n := f.srv.TokenRequests()
			_, err := a.Redeem(waitCtx(t), time.Now(), c, scopes, nil)
			asError(t, err, CodeExpired)
			if f.srv.TokenRequests() != n || a.code != "" {
				t.Fatalf("tried anyway (%d requests) or kept", f.srv.TokenRequests()-n)
			}
		})
	}
}

func TestApprovalLifetimeAndOnlyAfterBadClient(t *testing.T) {
	f := newFixture(t)
	a, _ := wrongSecretApproval(t, f)
	if left := time.Until(a.Expires()); left <= 4*time.Minute || left > ApprovalLifetime {
		t.Fatalf("lifetime left %v", left)
	}
	// A consent that ends well, or fails otherwise, keeps nothing.
	c := f.start(t, f.srv.Browser())
	if _, err := c.Wait(waitCtx(t)); err != nil || c.Approval() != nil {
		t.Fatalf("after a good consent: %v, %v", err, c.Approval())
	}
}
