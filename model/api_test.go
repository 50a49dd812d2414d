package model

import (
	"context"
	"os"
	"strings"
	"testing"

	"zoomconn/oauth"
)

// TestCallAPIRejectionRereadsOnce: another process renewed the sign-in
// (Zoom then ended this process's token) and its word of it was lost;
// CallAPI's 401 re-reads the saved token and tries once more. That
// process's refresh is on the sign-in for list --json.
func TestCallAPIRejectionRereadsOnce(t *testing.T) {
	f := newZoomFixture(t)
	c := f.authorize(t, f.addOAuth(t, "Reports"))
	ctx := context.Background()
	if _, resp, err := f.svc.Tokens.CallAPI(ctx, "reports", APIRequest{Path: "/users/me"}); err != nil || !strings.Contains(string(resp.Body), "jane@example.com") {
		t.Fatalf("before: %v", err)
	}
	stamp := oauth.ReadStamp(f.svc.signInLock(c.SignInID))
	f.expireSignIn(t, c.SignInID)
	f.tokensInProcesses(t, 1, []string{c.ID})
	if err := os.WriteFile(f.svc.signInLock(c.SignInID)+".stamp", []byte(stamp), 0o600); err != nil {
		t.Fatal(err)
	}
	before := f.zoom.APIRequests()
	_, resp, err := f.svc.Tokens.CallAPI(ctx, "Reports", APIRequest{Path: "/users/me"})
	if err != nil || resp.Status != 200 {
		t.Fatalf("after a refresh this process did not hear of: %v", err)
	}
	if got := f.zoom.APIRequests() - before; got != 2 {
		t.Errorf("%d API requests, want the rejected one and one retry", got)
	}
	doc, _ := f.svc.Load()
	if si := doc.SignIn(c.SignInID); si == nil || si.Refreshed.IsZero() || si.TokenExpires.IsZero() {
		t.Errorf("the other process's refresh is not on the sign-in: %+v", si)
	}
}
