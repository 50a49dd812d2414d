// Package demo is made-up data for screenshots, tests and benchmarks: metadata
// only, no secret. Nothing in the product binary imports it.
package demo

import (
	"fmt"
	"net/http"
	"os"
	"time"

	"golang.org/x/oauth2"

	"zoomconn/model"
	"zoomconn/oauth"
)

// Demo data: made-up metadata for screenshots and benchmarks. It holds no
// secret, so a demo folder's connections show their status but cannot call Zoom.

// Loopback is the Custom environment of the demo's "Local test server"
// iClient: a loopback address where nothing listens, so an authorization
// started against it waits and reaches nothing.
var Loopback = model.Environment{Kind: model.EnvCustom, OAuthBase: "http://127.0.0.1:9", APIBase: "http://127.0.0.1:9"}

// demoIClients are the iClients of the demo, by index: 0 account-level app,
// 1 user-managed app, 2 Server-to-Server, 3 Zoom for Government S2S,
// 4 the local test server, 5 unused.
func demoIClients(base time.Time) []model.IClient {
	mk := func(i int, name string, env model.Environment, t model.AppType, clientID string) model.IClient {
		at := base.Add(-time.Duration(90-i*7) * 24 * time.Hour)
		return model.IClient{ID: fmt.Sprintf("demo-iclient-%d", i), Name: name, Env: env, AppType: t, ClientID: clientID, Created: at, Modified: at}
	}
	zoom, gov := model.Environment{Kind: model.EnvZoom}, model.Environment{Kind: model.EnvZoomGov}
	ics := []model.IClient{
		mk(0, "Acme reporting app", zoom, model.AppAccount, "vW3kQz9TRa6Lx0bYp1sNcA"),
		mk(1, "HR user app", zoom, model.AppUser, "Hn7uPq2XsM4eJ8dLw0tRbQ"),
		mk(2, "Acme automation (S2S)", zoom, model.AppS2S, "Sx5mTb1KvQ9aYc3ZpE7wHd"),
		mk(3, "Gov recordings (S2S)", gov, model.AppS2S, "Gk2rNw8QeT4yUm6LpA1sVc"),
		mk(4, "Local test server", Loopback, model.AppAccount, "local-test-client"),
		mk(5, "Spare marketing app", zoom, model.AppAccount, "Mq4bVz7NcR2kLs9XpT0aWe"),
	}
	// The reporting app signs in with its public client ID; the HR app was
	// registered with a localhost Redirect URL before 2026 and keeps it.
	for i := range ics {
		ics[i].Credentials, ics[i].RedirectHost = model.CredentialsSecret, model.LoopbackIP
	}
	ics[0].Credentials = model.CredentialsPublic
	ics[1].RedirectHost = ""
	return ics
}

type demoConn struct {
	name    string
	iclient int // -1: none (JWT)
	auth    model.AuthType
	status  model.Status
	email   string
	test    string
}

var demoConns = []demoConn{
	{"Webinar registrations sync", -1, model.AuthJWT, model.StatusMigrationNeeded, "", ""},
	{"Legacy usage dashboard", -1, model.AuthJWT, model.StatusMigrationNeeded, "", ""},
	{"Room status monitor", -1, model.AuthJWT, model.StatusMigrationNeeded, "", ""},
	{"Meeting reports", 0, model.AuthOAuth2, model.StatusOnline, "jane.doe@acme.example", "Connected as jane.doe@acme.example"},
	{"Cloud recordings archive", 2, model.AuthS2S, model.StatusOnline, "zoom-admin@acme.example", "Connected as zoom-admin@acme.example"},
	{"Gov recordings", 3, model.AuthS2S, model.StatusOffline, "", "Zoom could not be reached (proxy? offline?)"},
	{"HR onboarding", 1, model.AuthOAuth2, model.StatusReconnectNeeded, "hr.bot@acme.example", "This connection's sign-in expired, was revoked, or was replaced by a newer approval of the same Zoom user."},
	{"Training attendance", 0, model.AuthOAuth2, model.StatusNotAuthorized, "", ""},
	{"Local proxy test", 4, model.AuthOAuth2, model.StatusNotAuthorized, "", ""},
}

// Document returns a document with n connections (at least the nine
// named demo connections, in every status, when n >= 9; further ones are
// numbered copies) and the demo iClients. Times are fixed, so two calls
// return the same document.
func Document(n int) *model.Document {
	return demoDocument(n, time.Date(2025, time.June, 2, 9, 30, 0, 0, time.UTC))
}

func demoDocument(n int, base time.Time) *model.Document {
	doc := model.NewDocument()
	doc.IClients = demoIClients(base)
	for i := range n {
		d := demoConns[i%len(demoConns)]
		name := d.name
		if i >= len(demoConns) {
			name = fmt.Sprintf("%s %d", d.name, i/len(demoConns)+1)
		}
		c := demoConnection(i, name, d, doc.IClients, base)
		if c.Auth == model.AuthOAuth2 && c.AuthorizedAs != nil {
			c.SignInID = c.ID
			doc.SignIns = append(doc.SignIns, model.SignIn{ID: c.ID, IClientID: c.IClientID, User: *c.AuthorizedAs,
				Authorized: c.AuthorizedAt, Created: c.AuthorizedAt})
		}
		doc.Connections = append(doc.Connections, c)
	}
	return doc
}

func demoConnection(i int, name string, d demoConn, ics []model.IClient, base time.Time) model.Connection {
	created := base.Add(-time.Duration(60+i%30) * 24 * time.Hour)
	c := model.Connection{
		ID: fmt.Sprintf("demo-conn-%d", i), Name: name, Auth: d.auth, Status: d.status,
		Created: created, Modified: base.Add(-time.Duration(i%9) * 26 * time.Hour),
	}
	if d.iclient >= 0 {
		ic := ics[d.iclient]
		c.IClientID, c.Env = ic.ID, ic.Env
	} else {
		c.Env = model.Environment{Kind: model.EnvZoom}
		c.APIKey = fmt.Sprintf("demoKey%04dQx7Lm", i)
	}
	if d.auth == model.AuthS2S {
		c.AccountID = "AcMe1234xyzDEMO"
	}
	if d.auth != model.AuthJWT && i%len(demoConns) < 7 {
		c.MigratedFrom, c.MigratedAt = model.AuthJWT, c.Modified
	}
	if d.email != "" {
		c.AuthorizedAs = &model.Account{UserID: fmt.Sprintf("u%05d", i), Email: d.email, AccountID: "AcMe1234xyzDEMO"}
		c.AuthorizedAt = c.Modified
	}
	if d.test != "" {
		c.LastTest, c.LastTestAt = d.test, c.Modified
	}
	return c
}

// Write writes a demo data folder into dir: the nine demo connections,
// the demo iClients and some activity. It holds metadata only, no secret.
func Write(dir string) error {
	return WriteN(dir, len(demoConns))
}

// WriteN is Write with n connections, for benchmarks.
func WriteN(dir string, n int) error {
	st, err := model.OpenStore(dir)
	if err != nil {
		return err
	}
	if _, err := os.Stat(st.Path()); err == nil {
		return fmt.Errorf("%s already exists: choose an empty folder for the demo", st.Path())
	}
	now := time.Now().UTC().Truncate(time.Minute)
	doc := demoDocument(n, now)
	if err := st.Save(doc); err != nil {
		return err
	}
	log := model.NewActivityLog(dir)
	for _, ev := range demoEvents(doc, now) {
		if err := log.Append(ev); err != nil {
			return err
		}
	}
	return nil
}

func demoEvents(doc *model.Document, now time.Time) []model.Event {
	yes, no := true, false
	at := func(d time.Duration) time.Time { return now.Add(-d) }
	conn := func(i int) (string, string) {
		if i >= len(doc.Connections) {
			return "", ""
		}
		return doc.Connections[i].ID, doc.Connections[i].Name
	}
	var evs []model.Event
	add := func(ago time.Duration, k model.EventKind, i int, detail string, ok *bool) {
		id, name := "", ""
		if i >= 0 {
			if id, name = conn(i); id == "" {
				return
			}
		}
		evs = append(evs, model.Event{Time: at(ago), Kind: k, ConnectionID: id, ConnectionName: name, Detail: detail, OK: ok})
	}
	h := time.Hour
	add(96*h, model.EventIClientCreated, -1, `iClient "Acme reporting app" (Zoom, Account-level app)`, nil)
	add(95*h, model.EventAuthTypeChanged, 3, "JWT (retired) → OAuth 2.0", nil)
	add(95*h-10*time.Minute, model.EventAuthorized, 3, "Authorized as jane.doe@acme.example", &yes)
	add(72*h, model.EventIClientCreated, -1, `iClient "Acme automation (S2S)" (Zoom, Server-to-Server OAuth)`, nil)
	add(71*h, model.EventAuthTypeChanged, 4, "JWT (retired) → Server-to-Server OAuth", nil)
	add(71*h-5*time.Minute, model.EventTested, 4, "Connected as zoom-admin@acme.example", &yes)
	add(50*h, model.EventTested, 5, "Zoom could not be reached (proxy? offline?)", &no)
	add(30*h, model.EventRefreshed, 3, "Access token refreshed", &yes)
	add(26*h, model.EventReconnectNeeded, 6, "This connection's sign-in expired, was revoked, or was replaced by a newer approval of the same Zoom user.", &no)
	add(5*h, model.EventCreated, 7, "OAuth 2.0, Zoom", nil)
	add(2*h, model.EventTested, 3, "Connected as jane.doe@acme.example", &yes)
	add(20*time.Minute, model.EventCreated, 8, "OAuth 2.0, Custom", nil)
	return evs
}

// RefreshRefused is Zoom's answer to a refresh token it no longer accepts
// (HTTP 400, invalid_grant), read by the same code that reads a real one:
// the error Test connection shows for it.
func RefreshRefused(redirectURL string) error {
	zoomSaid := &oauth2.RetrieveError{
		Response: &http.Response{StatusCode: http.StatusBadRequest, Header: http.Header{}},
		Body:     []byte(`{"reason":"Invalid Token!","error":"invalid_grant"}`),
	}
	return oauth.Translate(zoomSaid, redirectURL)
}
