package ui

import (
	"strings"
	"testing"

	"zoomconn/internal/secretstest"
	"zoomconn/model"
)

// After a migration, the summary says the true thing about sign-ins: one
// shared by all (a single consent), one each, or none (Server-to-Server),
// for one connection and for several.
func TestMigrationSummarySaysWhoseSignIn(t *testing.T) {
	jane := &model.Account{Email: "jane@example.com"}
	online := func(id, signIn string, joined ...string) *migrateRow {
		return &migrateRow{state: rowOnline, joined: joined,
			now: model.Connection{ID: id, Name: id, Auth: model.AuthOAuth2, SignInID: signIn, AuthorizedAs: jane}}
	}
	s2s := func(id string) *migrateRow {
		return &migrateRow{state: rowOnline, now: model.Connection{ID: id, Name: id, Auth: model.AuthS2S, AuthorizedAs: jane}}
	}
	for _, tc := range []struct {
		name string
		rows []*migrateRow
		want string
	}{
		{"one, its own", []*migrateRow{online("a", "s1")}, "It has a sign-in of its own. Its old JWT record stays in the Activity log."},
		{"one, joined", []*migrateRow{online("a", "s1", "Reports")}, "It shares its sign-in with \"Reports\". Its old JWT record stays"},
		{"several, one consent", []*migrateRow{online("a", "s1"), online("b", "s1"), online("c", "s1")},
			"The 3 connections share one sign-in, as jane@example.com: one approval serves them all. The old JWT records stay"},
		{"several, one each", []*migrateRow{online("a", "s1"), online("b", "s2")}, "Each one has a sign-in of its own."},
		{"several, some shared", []*migrateRow{online("a", "s1"), online("b", "s1"), online("c", "s2")}, "They share 2 sign-ins between them"},
		{"Server-to-Server, one", []*migrateRow{s2s("a")}, "It gets its tokens with the iClient's credentials: no sign-in to renew."},
		{"Server-to-Server, several", []*migrateRow{s2s("a"), s2s("b")}, "Each one gets its tokens with the iClient's credentials"},
	} {
		r := &migrateRun{rows: tc.rows}
		if got := r.signInText(); !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q, want %q in it", tc.name, got, tc.want)
		}
		if got := r.signInText(); strings.Contains(got, "of its own") && strings.Contains(tc.name, "consent") {
			t.Errorf("%s: says a sign-in of its own though they share one: %q", tc.name, got)
		}
	}
}

// Migrate all… with one consent for two connections says they share it,
// not that each has its own.
func TestMigrateAllSaysTheSignInIsShared(t *testing.T) {
	svc, srv, _ := zoomFixture(t, nil, secretstest.New())
	importJWTConnections(t, svc, srv, 2)
	addOAuthIClient(t, svc, srv)
	u, w, _ := openWindow(t, svc)
	onUI(func() { u.links.opener = &consentOpener{srv: srv, approve: func(int) bool { return true }} })
	tapNow(t, buttonReading(t, w, "Migrate all…"))
	tapNow(t, wizardChoice(t, w, "OAuth 2.0"))
	tapNow(t, dialogButton(t, w, "Next"))
	tapNow(t, dialogButton(t, w, "Start migration"))
	waitForWizardText(t, w, "Done: all 2 connections migrated.")
	text := topDialogText(w)
	if !strings.Contains(text, "The 2 connections share one sign-in, as jane@example.com") || strings.Contains(text, "of its own") {
		t.Errorf("the summary should say the two share one sign-in:\n%s", text)
	}
	// Migrate all… keeps its results on screen until Close.
	tapNow(t, dialogButton(t, w, "Close"))
}
