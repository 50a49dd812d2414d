package model

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"zoomconn/oauth"
)

func TestExplain(t *testing.T) {
	badClient := &oauth.Error{Kind: oauth.BadClient, Status: 400, Reason: "Invalid client_id or client_secret", IClient: "Acme"}
	for _, tc := range []struct {
		name string
		err  error
		want Explanation
	}{
		{"Zoom's error is worded, and keeps its facts", fmt.Errorf("test: %w", badClient), Explanation{Kind: "bad_client",
			Message: "The Client ID or Client secret of iClient \"Acme\" is wrong.", Next: "Copy them again from App credentials in the Zoom App Marketplace, then edit iClient \"Acme\".", Detail: "HTTP status: 400\nZoom said: Invalid client_id or client_secret\niClient: \"Acme\"\nKind: bad_client",
			Do: NextAction{Action: ActionEditIClient, Name: "Acme"}, HTTPStatus: 400, ZoomReason: "Invalid client_id or client_secret"}},
		{"a sign-in Zoom refuses reconnects", &oauth.Error{Kind: oauth.ReconnectNeeded},
			Explanation{Kind: "reconnect_needed", Message: "This connection's sign-in expired, was revoked, or was replaced by a newer approval of the same Zoom user.", Next: "Reconnect it: approve access in Zoom again.", Detail: "Kind: reconnect_needed", Do: NextAction{Action: ActionReconnect}}},
		{"a busy port points at Settings", &oauth.Error{Kind: oauth.PortBusy, Port: 41587},
			Explanation{Kind: "port_busy", Message: "Zoom Connections cannot listen on port 41587 on this computer.", Next: "Close the other program, or switch the iClient's Redirect URL to http://127.0.0.1 (Zoom accepts any port there; add the new URL in Zoom), or change the redirect port in Settings.", Detail: "Kind: port_busy", Do: NextAction{Action: ActionOpenSettings}}},
		{"no password store", &KeyringError{Op: "read", Err: errors.New("no bus")}, Explanation{Kind: "keyring",
			Message: "Your system's password store is not available.", Next: keyringAdvice(), Detail: "no bus", Do: NextAction{Action: ActionCheckKeyring}}},
		{"an unreadable file with a backup", &LoadError{Path: "/d/zoomconn.json", Problem: "it is empty", BackupPath: "/d/zoomconn.json.bak"},
			Explanation{Kind: "other", Message: "The connections file cannot be read: it is empty.", Next: "Restore the backup from the last good save, or fix the file by hand.",
				File: "/d/zoomconn.json", Do: NextAction{Action: ActionRestoreBackup, Path: "/d/zoomconn.json.bak"}}},
		{"an import's problems are listed", &ImportError{File: "a.csv", Problems: []ImportProblem{{Line: 2, Field: "name", Message: "Enter a name."}}},
			Explanation{Kind: "other", Message: "Nothing was imported: a.csv has 1 problem. Correct it and import it again.", List: []string{"line 2, name: Enter a name."}}},
		{"anything else is said as it is", errors.New("The file x cannot be opened."), Explanation{Kind: "other", Message: "The file x cannot be opened."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Explain(tc.err); fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", tc.want) {
				t.Errorf("got  %#v\nwant %#v", got, tc.want)
			}
		})
	}
}

func TestExplainRevokeFailedOffersDeleteAnyway(t *testing.T) {
	err := &RevokeFailedError{Name: "Reports", Err: &oauth.Error{Kind: oauth.Network}}
	x := Explain(err)
	if x.Message != `Zoom could not revoke the access of "Reports": Zoom could not be reached (proxy? offline?). Nothing changed.` || x.Do != (NextAction{Action: ActionDeleteAnyway, Name: "Reports"}) || x.Kind != "network" {
		t.Errorf("%#v", x)
	}
	if !strings.Contains(x.Next, "delete it here anyway") {
		t.Errorf("next: %q", x.Next)
	}
}

func TestExplainForKnowsTheConnection(t *testing.T) {
	rejected := &oauth.Error{Kind: oauth.TokenRejected}
	for _, tc := range []struct {
		name string
		c    Connection
		err  error
		want NextAction
	}{
		{"a signed-in connection reconnects", Connection{Name: "A", Auth: AuthOAuth2, Status: StatusOnline}, rejected, NextAction{Action: ActionReconnect, Name: "A"}},
		{"one never authorized authorizes", Connection{Name: "B", Auth: AuthOAuth2, Status: StatusNotAuthorized}, rejected, NextAction{Action: ActionAuthorize, Name: "B"}},
		{"JWT migrates", Connection{Name: "C", Auth: AuthJWT}, &oauth.Error{Kind: oauth.JWTRetired}, NextAction{Action: ActionMigrate, Name: "C"}},
		{"an iClient's action stays the iClient's", Connection{Name: "D", Auth: AuthS2S}, &oauth.Error{Kind: oauth.BadClient, IClient: "S2S"}, NextAction{Action: ActionEditIClient, Name: "S2S"}},
		{"a denied consent is authorized again", Connection{Name: "E", Auth: AuthOAuth2}, &oauth.Error{Kind: oauth.Denied}, NextAction{Action: ActionAuthorize, Name: "E"}},
		{"nothing to do stays nothing", Connection{Name: "F", Auth: AuthS2S}, errors.New("odd"), NextAction{}},
	} {
		if got := ExplainFor(tc.c, tc.err).Do; got != tc.want {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestAdvise(t *testing.T) {
	for _, tc := range []struct {
		c       Connection
		why     string
		action  Action
		comment string
	}{
		{Connection{Status: StatusOnline, Auth: AuthOAuth2}, "", NoAction, "online"},
		{Connection{Status: StatusMigrationNeeded, Auth: AuthJWT}, "Zoom turned JWT off on September 8, 2023.", ActionMigrate, "JWT"},
		{Connection{Status: StatusReconnectNeeded, Auth: AuthOAuth2}, "Its sign-in expired, was revoked, or was replaced by a newer approval of the same Zoom user.", ActionReconnect, "reconnect"},
		{Connection{Status: StatusNotAuthorized, Auth: AuthOAuth2}, "", ActionAuthorize, "oauth2 not authorized"},
		{Connection{Status: StatusNotAuthorized, Auth: AuthS2S}, "", ActionTest, "s2s not checked"},
		{Connection{Status: StatusOffline, Auth: AuthS2S, LastTest: "Zoom could not be reached."}, "The last test failed: Zoom could not be reached.", ActionTest, "offline"},
		{Connection{Status: StatusOffline, Auth: AuthS2S, LastTestAt: time.Now()}, "The last test failed.", ActionTest, "offline, no reason"},
	} {
		why, do := Advise(tc.c)
		if why != tc.why || do.Action != tc.action {
			t.Errorf("%s: got %q %q, want %q %q", tc.comment, why, do.Action, tc.why, tc.action)
		}
	}
}

// The password store's failures in the admin's words: a store that is not
// there says what to install or unlock here; one that does not answer says
// to look for its unlock prompt.
func TestExplainKeyring(t *testing.T) {
	x := Explain(fmt.Errorf("save: %w", &KeyringError{Op: "read", Err: errors.New("dial unix /run/user/1000/bus: no such file")}))
	if x.Message != "Your system's password store is not available." || x.Detail != "dial unix /run/user/1000/bus: no such file" || x.Do.Action != ActionCheckKeyring {
		t.Errorf("%#v", x)
	}
	if runtime.GOOS == "linux" {
		for _, want := range []string{"Secret Service", "install gnome-keyring", "unlock it by signing in"} {
			if !strings.Contains(x.Next, want) {
				t.Errorf("next step %q lacks %q", x.Next, want)
			}
		}
	}
	x = Explain(&KeyringError{Op: "read", Timeout: 30 * time.Second})
	if x.Message != "Your system's password store did not answer within 30s. It may be locked and waiting for you to unlock it: look for an unlock prompt." ||
		x.Next != "Unlock your password store, then try again." {
		t.Errorf("%#v", x)
	}
}
