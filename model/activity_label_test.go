package model

import "testing"

// Every kind of event reads as words in the Activity page, each its own;
// a kind this build does not know (from a newer one) still reads.
func TestEventKindLabels(t *testing.T) {
	seen := map[string]EventKind{}
	for _, k := range []EventKind{EventCreated, EventEdited, EventAuthTypeChanged, EventAuthorized, EventRefreshed,
		EventTested, EventRevoked, EventDeleted, EventReconnectNeeded, EventSignInForgotten, EventAppRemoved,
		EventIClientCreated, EventIClientEdited, EventIClientDeleted, EventSecretRotated, EventUpgraded} {
		l := k.Label()
		if l == "" || l == string(k) || l[0] < 'A' || l[0] > 'Z' && l[0] != 'i' {
			t.Errorf("%s reads %q", k, l)
		}
		if other, ok := seen[l]; ok {
			t.Errorf("%s and %s both read %q", k, other, l)
		}
		seen[l] = k
	}
	if got := EventKind("token_exported").Label(); got != "token exported" {
		t.Errorf("an unknown kind reads %q", got)
	}
}
