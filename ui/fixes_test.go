package ui

import (
	"errors"
	"testing"

	"zoomconn/model"
	"zoomconn/oauth"
)

// The fix buttons are model's next step (model.ExplainFor) in the window's
// words; the window keeps no rule of its own about what an error calls for.
func TestFixesFollowModelsNextStep(t *testing.T) {
	doc := model.NewDocument()
	doc.IClients = []model.IClient{{ID: "i1", Name: "Acme"}}
	s := screen{latest: func() *model.Document { return doc }}
	online := model.Connection{Name: "A", Auth: model.AuthOAuth2, IClientID: "i1", Status: model.StatusOnline}
	fresh := online
	fresh.Status = model.StatusNotAuthorized
	s2s := model.Connection{Name: "B", Auth: model.AuthS2S, IClientID: "i1"}
	jwt := model.Connection{Name: "C", Auth: model.AuthJWT}
	for _, tc := range []struct {
		name string
		c    model.Connection
		err  error
		want string // "" for no button
	}{
		{"a wrong secret asks for the secret", s2s, &oauth.Error{Kind: oauth.BadClient}, "Enter the Client secret…"},
		{"not a Server-to-Server app: choose another iClient", s2s, &oauth.Error{Kind: oauth.NotS2SApp}, "Edit connection…"},
		{"an expired sign-in reconnects", online, &oauth.Error{Kind: oauth.ReconnectNeeded}, "Reconnect"},
		{"one never authorized authorizes", fresh, &oauth.Error{Kind: oauth.TokenRejected}, "Authorize"},
		{"a missing scope reconnects, once added in Zoom", online, &oauth.Error{Kind: oauth.MissingScope}, "Reconnect"},
		{"JWT migrates", jwt, &oauth.Error{Kind: oauth.JWTRetired}, "Migrate to OAuth 2.0…"},
		{"a busy port is changed in Settings", online, &oauth.Error{Kind: oauth.PortBusy}, "Open Settings"},
		{"the password store is checked in Settings", online, &model.KeyringError{Op: "read", Err: errors.New("no bus")}, "Open Settings"},
		{"a Redirect URL is fixed in Zoom, not here", online, &oauth.Error{Kind: oauth.RedirectMismatch}, ""},
		{"anything else has no fix", s2s, errors.New("odd"), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got string
			if bs := s.fixes(tc.c, tc.err, func() {}, nil); len(bs) > 0 {
				got = bs[0].(*button).Text
			}
			if got != tc.want {
				t.Errorf("fix %q, want %q", got, tc.want)
			}
		})
	}
}
