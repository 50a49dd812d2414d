package model

import (
	"fmt"
	"os"
	"time"
)

// Demo data: made-up metadata for screenshots and benchmarks. It holds no
// secret, so a demo folder's connections show their status but cannot call Zoom.

// DemoLoopback is the Custom environment of the demo's "Local test server"
// iClient: a loopback address where nothing listens, so an authorization
// started against it waits and reaches nothing.
var DemoLoopback = Environment{Kind: EnvCustom, OAuthBase: "http://127.0.0.1:9", APIBase: "http://127.0.0.1:9"}

// demoIClients are the iClients of the demo, by index: 0 account-level app,
// 1 user-managed app, 2 Server-to-Server, 3 Zoom for Government S2S,
// 4 the local test server, 5 unused.
func demoIClients(base time.Time) []IClient {
	mk := func(i int, name string, env Environment, t AppType, clientID string) IClient {
		at := base.Add(-time.Duration(90-i*7) * 24 * time.Hour)
		return IClient{ID: fmt.Sprintf("demo-iclient-%d", i), Name: name, Env: env, AppType: t, ClientID: clientID, Created: at, Modified: at}
	}
	zoom, gov := Environment{Kind: EnvZoom}, Environment{Kind: EnvZoomGov}
	return []IClient{
		mk(0, "Acme reporting app", zoom, AppAccount, "vW3kQz9TRa6Lx0bYp1sNcA"),
		mk(1, "HR user app", zoom, AppUser, "Hn7uPq2XsM4eJ8dLw0tRbQ"),
		mk(2, "Acme automation (S2S)", zoom, AppS2S, "Sx5mTb1KvQ9aYc3ZpE7wHd"),
		mk(3, "Gov recordings (S2S)", gov, AppS2S, "Gk2rNw8QeT4yUm6LpA1sVc"),
		mk(4, "Local test server", DemoLoopback, AppAccount, "local-test-client"),
		mk(5, "Spare marketing app", zoom, AppAccount, "Mq4bVz7NcR2kLs9XpT0aWe"),
	}
}

type demoConn struct {
	name    string
	iclient int // -1: none (JWT)
	auth    AuthType
	status  Status
	email   string
	test    string
}

var demoConns = []demoConn{
	{"Webinar registrations sync", -1, AuthJWT, StatusMigrationNeeded, "", ""},
	{"Legacy usage dashboard", -1, AuthJWT, StatusMigrationNeeded, "", ""},
	{"Room status monitor", -1, AuthJWT, StatusMigrationNeeded, "", ""},
	{"Meeting reports", 0, AuthOAuth2, StatusOnline, "jane.doe@acme.example", "Connected as jane.doe@acme.example"},
	{"Cloud recordings archive", 2, AuthS2S, StatusOnline, "zoom-admin@acme.example", "Connected as zoom-admin@acme.example"},
	{"Gov recordings", 3, AuthS2S, StatusOffline, "", "Zoom could not be reached (proxy? offline?)"},
	{"HR onboarding", 1, AuthOAuth2, StatusReconnectNeeded, "hr.bot@acme.example", "This connection's sign-in expired, was revoked, or was replaced by a newer approval of the same Zoom user."},
	{"Training attendance", 0, AuthOAuth2, StatusNotAuthorized, "", ""},
	{"Local proxy test", 4, AuthOAuth2, StatusNotAuthorized, "", ""},
}

// DemoDocument returns a document with n connections (at least the nine
// named demo connections, in every status, when n >= 9; further ones are
// numbered copies) and the demo iClients. Times are fixed, so two calls
// return the same document.
func DemoDocument(n int) *Document {
	return demoDocument(n, time.Date(2025, time.June, 2, 9, 30, 0, 0, time.UTC))
}

func demoDocument(n int, base time.Time) *Document {
	doc := NewDocument()
	doc.IClients = demoIClients(base)
	for i := range n {
		d := demoConns[i%len(demoConns)]
		name := d.name
		if i >= len(demoConns) {
			name = fmt.Sprintf("%s %d", d.name, i/len(demoConns)+1)
		}
		c := demoConnection(i, name, d, doc.IClients, base)
		if c.Auth == AuthOAuth2 && c.AuthorizedAs != nil {
			c.SignInID = c.ID
			doc.SignIns = append(doc.SignIns, SignIn{ID: c.ID, IClientID: c.IClientID, User: *c.AuthorizedAs,
				Authorized: c.AuthorizedAt, Created: c.AuthorizedAt})
		}
		doc.Connections = append(doc.Connections, c)
	}
	return doc
}

func demoConnection(i int, name string, d demoConn, ics []IClient, base time.Time) Connection {
	created := base.Add(-time.Duration(60+i%30) * 24 * time.Hour)
	c := Connection{
		ID: fmt.Sprintf("demo-conn-%d", i), Name: name, Auth: d.auth, Status: d.status,
		Created: created, Modified: base.Add(-time.Duration(i%9) * 26 * time.Hour),
	}
	if d.iclient >= 0 {
		ic := ics[d.iclient]
		c.IClientID, c.Env = ic.ID, ic.Env
	} else {
		c.Env = Environment{Kind: EnvZoom}
		c.APIKey = fmt.Sprintf("demoKey%04dQx7Lm", i)
	}
	if d.auth == AuthS2S {
		c.AccountID = "AcMe1234xyzDEMO"
	}
	if d.auth != AuthJWT && i%len(demoConns) < 7 {
		c.MigratedFrom, c.MigratedAt = AuthJWT, c.Modified
	}
	if d.email != "" {
		c.AuthorizedAs = &Account{UserID: fmt.Sprintf("u%05d", i), Email: d.email, AccountID: "AcMe1234xyzDEMO"}
		c.AuthorizedAt = c.Modified
	}
	if d.test != "" {
		c.LastTest, c.LastTestAt = d.test, c.Modified
	}
	return c
}

// WriteDemo writes a demo data folder into dir: the nine demo connections,
// the demo iClients and some activity. It holds metadata only, no secret.
func WriteDemo(dir string) error {
	return WriteDemoN(dir, len(demoConns))
}

// WriteDemoN is WriteDemo with n connections, for benchmarks.
func WriteDemoN(dir string, n int) error {
	st, err := OpenStore(dir)
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
	log := NewActivityLog(dir)
	for _, ev := range demoEvents(doc, now) {
		if err := log.Append(ev); err != nil {
			return err
		}
	}
	return nil
}

func demoEvents(doc *Document, now time.Time) []Event {
	yes, no := true, false
	at := func(d time.Duration) time.Time { return now.Add(-d) }
	conn := func(i int) (string, string) {
		if i >= len(doc.Connections) {
			return "", ""
		}
		return doc.Connections[i].ID, doc.Connections[i].Name
	}
	var evs []Event
	add := func(ago time.Duration, k EventKind, i int, detail string, ok *bool) {
		id, name := "", ""
		if i >= 0 {
			if id, name = conn(i); id == "" {
				return
			}
		}
		evs = append(evs, Event{Time: at(ago), Kind: k, ConnectionID: id, ConnectionName: name, Detail: detail, OK: ok})
	}
	h := time.Hour
	add(96*h, EventIClientCreated, -1, `iClient "Acme reporting app" (Zoom, Account-level app)`, nil)
	add(95*h, EventAuthTypeChanged, 3, "JWT (retired) → OAuth 2.0", nil)
	add(95*h-10*time.Minute, EventAuthorized, 3, "Authorized as jane.doe@acme.example", &yes)
	add(72*h, EventIClientCreated, -1, `iClient "Acme automation (S2S)" (Zoom, Server-to-Server OAuth)`, nil)
	add(71*h, EventAuthTypeChanged, 4, "JWT (retired) → Server-to-Server OAuth", nil)
	add(71*h-5*time.Minute, EventTested, 4, "Connected as zoom-admin@acme.example", &yes)
	add(50*h, EventTested, 5, "Zoom could not be reached (proxy? offline?)", &no)
	add(30*h, EventRefreshed, 3, "Access token refreshed", &yes)
	add(26*h, EventReconnectNeeded, 6, "This connection's sign-in expired, was revoked, or was replaced by a newer approval of the same Zoom user.", &no)
	add(5*h, EventCreated, 7, "OAuth 2.0, Zoom", nil)
	add(2*h, EventTested, 3, "Connected as jane.doe@acme.example", &yes)
	add(20*time.Minute, EventCreated, 8, "OAuth 2.0, Custom", nil)
	return evs
}
