package cli

import (
	"time"

	"zoomconn/model"
)

// JSON shapes of --json output; documented in the README. Fields are
// always present; absent values are "" or null.

type jsonAccount struct {
	UserID      string `json:"user_id"`
	Email       string `json:"email"`
	DisplayName string `json:"display_name"`
	AccountID   string `json:"account_id"`
}

type jsonConnection struct {
	ID             string         `json:"id"`
	Name           string         `json:"name"`
	Environment    model.EnvKind  `json:"environment"`
	OAuthBase      string         `json:"oauth_base"`
	APIBase        string         `json:"api_base"`
	AuthType       model.AuthType `json:"auth_type"`
	IClient        string         `json:"iclient"`
	Scopes         string         `json:"scopes"`
	AccountID      string         `json:"account_id"`
	APIKey         string         `json:"api_key"`
	Status         model.Status   `json:"status"`
	StatusLabel    string         `json:"status_label"`
	NeedsAttention bool           `json:"needs_attention"`
	AuthorizedAs   *jsonAccount   `json:"authorized_as"`
	AuthorizedAt   *time.Time     `json:"authorized_at"`
	SignIn         string         `json:"signin"`             // OAuth 2.0: the sign-in's ID, "" when not signed in
	SharesSignIn   []string       `json:"shares_signin_with"` // the other connections of that sign-in
	ExpiresAt      *time.Time     `json:"expires_at"`         // OAuth 2.0: when the sign-in's access token ends
	RefreshedAt    *time.Time     `json:"last_refreshed_at"`  // OAuth 2.0: when the sign-in was last refreshed
	LastTestAt     *time.Time     `json:"last_test_at"`
	LastTest       string         `json:"last_test"`
	MigratedFrom   model.AuthType `json:"migrated_from"`
	MigratedAt     *time.Time     `json:"migrated_at"`
	Created        time.Time      `json:"created"`
	Modified       time.Time      `json:"modified"`
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}

func toJSONConnection(doc *model.Document, c model.Connection) jsonConnection {
	j := jsonConnection{
		ID: c.ID, Name: c.Name, Environment: c.Env.Kind, OAuthBase: c.Env.OAuthBase, APIBase: c.Env.APIBase,
		AuthType: c.Auth, Scopes: c.Scopes, AccountID: c.AccountID, APIKey: c.APIKey,
		Status: c.Status, StatusLabel: c.Status.Label(), NeedsAttention: c.Status.NeedsAttention(),
		AuthorizedAt: timePtr(c.AuthorizedAt), LastTestAt: timePtr(c.LastTestAt), LastTest: c.LastTest,
		MigratedFrom: c.MigratedFrom, MigratedAt: timePtr(c.MigratedAt), Created: c.Created.UTC(), Modified: c.Modified.UTC(),
	}
	if doc != nil {
		if ic := doc.IClient(c.IClientID); ic != nil {
			j.IClient = ic.Name
		}
		if si := doc.SignIn(c.SignInID); si != nil {
			j.SignIn = c.SignInID
			j.SharesSignIn = doc.AlsoUsedBy(c)
			j.ExpiresAt, j.RefreshedAt = timePtr(si.TokenExpires), timePtr(si.Refreshed)
		}
	}
	if j.SharesSignIn == nil {
		j.SharesSignIn = []string{}
	}
	if c.AuthorizedAs != nil {
		j.AuthorizedAs = &jsonAccount{UserID: c.AuthorizedAs.UserID, Email: c.AuthorizedAs.Email, DisplayName: c.AuthorizedAs.DisplayName, AccountID: c.AuthorizedAs.AccountID}
	}
	return j
}

func toJSONConnections(doc *model.Document, conns []model.Connection) []jsonConnection {
	out := make([]jsonConnection, 0, len(conns))
	for _, c := range conns {
		out = append(out, toJSONConnection(doc, c))
	}
	return out
}
