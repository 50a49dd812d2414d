package cli

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"zoomconn/model"
)

type tokenJSON struct {
	AccessToken string     `json:"access_token"`
	TokenType   string     `json:"token_type"`
	ExpiresAt   *time.Time `json:"expires_at"`
	APIURL      string     `json:"api_url"`
	Scope       string     `json:"scope"`
}

// signInTimes is what list --json and status --json say of a sign-in.
type signInTimes struct {
	Name        string     `json:"name"`
	ExpiresAt   *time.Time `json:"expires_at"`
	RefreshedAt *time.Time `json:"last_refreshed_at"`
}

func (e *env) tokenJSON() tokenJSON {
	e.t.Helper()
	var tj tokenJSON
	out := e.ok("", "token", "Reports", "--json")
	if err := json.Unmarshal([]byte(out), &tj); err != nil {
		e.t.Fatalf("token --json: %v\n%s", err, out)
	}
	return tj
}

func (e *env) listTimes() signInTimes {
	e.t.Helper()
	var l []signInTimes
	if err := json.Unmarshal([]byte(e.ok("", "list", "--json")), &l); err != nil || len(l) != 1 {
		e.t.Fatalf("list --json: %v %+v", err, l)
	}
	var st struct{ Connections []signInTimes }
	code, out, _ := e.main("", "status", "Reports", "--json")
	if err := json.Unmarshal([]byte(out), &st); err != nil || code != 0 || len(st.Connections) != 1 || !sameTimes(st.Connections[0], l[0]) {
		e.t.Errorf("status --json (exit %d) says %+v, list --json %+v", code, st.Connections, l[0])
	}
	return l[0]
}

func sameTimes(a, b signInTimes) bool {
	eq := func(x, y *time.Time) bool { return (x == nil) == (y == nil) && (x == nil || x.Equal(*y)) }
	return eq(a.ExpiresAt, b.ExpiresAt) && eq(a.RefreshedAt, b.RefreshedAt)
}

func TestTokenJSONAndWhenItEnds(t *testing.T) {
	e := newEnv(t).withZoom()
	e.addIClient("App", "cid-tj", "account")
	e.authorized("Reports", "App")

	tj := e.tokenJSON()
	if tj.AccessToken == "" || tj.TokenType != "bearer" || tj.APIURL != e.zoom.URL() || tj.Scope != "user:read:admin" || tj.ExpiresAt == nil {
		t.Fatalf("token --json: %+v", tj)
	}
	if d := time.Until(*tj.ExpiresAt); d < 59*time.Minute || d > time.Hour {
		t.Errorf("expires_at is %v away, want about an hour", d)
	}
	// What a script does with it: api_url + /v2/….
	req, _ := http.NewRequest("GET", tj.APIURL+"/v2/users/me", nil)
	req.Header.Set("Authorization", "Bearer "+tj.AccessToken)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
		t.Errorf("the token of token --json at api_url: %v %v", resp, err)
	}
	l := e.listTimes()
	if l.ExpiresAt == nil || !l.ExpiresAt.Equal(*tj.ExpiresAt) || l.RefreshedAt != nil {
		t.Errorf("after the consent, list --json says %+v; token --json %v", l, tj.ExpiresAt)
	}

	// The token ends: the next call refreshes, and both --json say when.
	c := e.connection("Reports")
	v, _ := e.secrets.Get(bg, model.SignInTokenAccount(c.SignInID))
	var stored map[string]any
	if err := json.Unmarshal([]byte(v.Reveal()), &stored); err != nil || stored["expiry"] == nil {
		t.Fatalf("the stored token: %v", err)
	}
	stored["expiry"] = time.Now().Add(-time.Minute).Format(time.RFC3339)
	data, _ := json.Marshal(stored)
	e.secrets.Set(bg, model.SignInTokenAccount(c.SignInID), model.NewSecret(string(data)))
	before := time.Now().Add(-time.Second)
	fresh := e.tokenJSON()
	if fresh.AccessToken == tj.AccessToken || e.zoom.RefreshCount() != 1 || fresh.Scope != "user:read:admin" || fresh.APIURL != e.zoom.URL() {
		t.Fatalf("after expiry token --json: %+v (%d refreshes)", fresh, e.zoom.RefreshCount())
	}
	l = e.listTimes()
	if l.ExpiresAt == nil || !l.ExpiresAt.Equal(*fresh.ExpiresAt) || l.RefreshedAt == nil || l.RefreshedAt.Before(before.Truncate(time.Second)) {
		t.Errorf("after a refresh list --json says %+v, token --json %v", l, fresh.ExpiresAt)
	}
}

func TestTokenJSONServerToServer(t *testing.T) {
	e := s2sEnv(t)
	var tj tokenJSON
	if err := json.Unmarshal([]byte(e.ok("", "token", "Nightly", "--json")), &tj); err != nil || tj.AccessToken == "" || tj.ExpiresAt == nil || tj.APIURL != e.zoom.URL() {
		t.Errorf("S2S token --json: %v %+v", err, tj)
	}
	// The plain form still prints the token and nothing else.
	if out := e.ok("", "token", "Nightly"); out != tj.AccessToken+"\n" {
		t.Errorf("token after token --json: %q, want the same saved token", out)
	}
}
