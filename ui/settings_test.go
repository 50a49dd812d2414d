package ui

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"zoomconn/internal/keyring"
	"zoomconn/internal/secretstest"
	"zoomconn/model"
)

func typeIntoEntry(t *testing.T, e fyne.Focusable, text string) {
	t.Helper()
	fyne.DoAndWait(func() { test.Type(e, text) })
}

func TestSettingsRedirectPort(t *testing.T) {
	u, w, _ := pagesUI(t, nil)
	selectTab(t, u, "Settings")
	if !showsText(w, "http://127.0.0.1:41587/oauth/callback", false) {
		t.Fatalf("Settings should show the Redirect URL")
	}
	p := u.settings
	fyne.DoAndWait(func() { p.port.SetText("") })
	typeIntoEntry(t, p.port, "80")
	if !showsText(w, "Choose a port between 1024 and 65535", true) {
		t.Errorf("port 80 should be refused with a message")
	}
	var disabled bool
	fyne.DoAndWait(func() { disabled = p.savePort.Disabled() })
	if !disabled {
		t.Errorf("Save should be disabled for port 80")
	}

	fyne.DoAndWait(func() { p.port.SetText("") })
	typeIntoEntry(t, p.port, "50000")
	if !showsText(w, "New Redirect URLs become http://127.0.0.1:50000/oauth/callback. Zoom ignores the port of 127.0.0.1 addresses, so nothing needs to change in Zoom.", false) {
		t.Errorf("changing the port should say what it changes")
	}
	tapNow(t, buttonReading(t, w, "Save port"))
	waitFor(t, "the new Redirect URL", func() bool {
		var got string
		fyne.DoAndWait(func() { got = u.screen().redirectURL() })
		return got == "http://127.0.0.1:50000/oauth/callback"
	})
	doc, err := u.svc.Load()
	if err != nil || doc.Settings.Port() != 50000 {
		t.Errorf("port saved as %d (%v)", doc.Settings.Port(), err)
	}
	if showsText(w, "The Redirect URL becomes", true) {
		t.Errorf("the warning should go once the port is saved")
	}
}

func TestSettingsThemeIsKeptAndApplied(t *testing.T) {
	u, _, a := pagesUI(t, nil)
	selectTab(t, u, "Settings")
	fyne.DoAndWait(func() { u.settings.theme.SetSelected(themeDark) })
	if got := a.Preferences().String(themePref); got != themeDark {
		t.Errorf("theme preference %q, want Dark", got)
	}
	var bg, darkBg, lightBg = a.Settings().Theme().Color(theme.ColorNameBackground, theme.VariantLight),
		theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantDark),
		theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantLight)
	if bg != darkBg {
		t.Errorf("Dark should force the dark background whatever the desktop prefers")
	}
	fyne.DoAndWait(func() { u.settings.theme.SetSelected(themeLight) })
	if a.Settings().Theme().Color(theme.ColorNameBackground, theme.VariantDark) != lightBg {
		t.Errorf("Light should force the light background")
	}
}

func TestSettingsChecksThePasswordStore(t *testing.T) {
	u, w, _ := pagesUI(t, nil)
	selectTab(t, u, "Settings")
	if !showsText(w, model.KeyringService, true) {
		t.Errorf("Settings should name the keyring service %q", model.KeyringService)
	}
	tapNow(t, buttonReading(t, w, "Check password store"))
	waitFor(t, "the check's result", func() bool {
		return showsText(w, "OK: the password store works. A test secret was saved, read back and deleted.", false)
	})
}

// countingSecrets counts the secrets saved in it.
type countingSecrets struct {
	secretstest.Secrets
	sets atomic.Int32
}

func (c *countingSecrets) Set(ctx context.Context, account string, v model.Secret) error {
	c.sets.Add(1)
	return c.Secrets.Set(ctx, account, v)
}

// With no data folder there is no service; Settings still checks the
// password store main gives it (the command line's, under
// $ZOOMCONN_KEYRING_SERVICE), not one of its own making.
func TestSettingsWithoutAServiceChecksTheStoreItIsGiven(t *testing.T) {
	for _, tc := range []struct {
		name    string
		secrets model.Secrets
		shows   string
	}{
		{"a fake", &countingSecrets{}, model.KeyringService},
		{"a named keyring", keyring.New("zoomconn-elsewhere"), "zoomconn-elsewhere"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newLoopApp(t)
			var w fyne.Window
			var u *UI
			fyne.DoAndWait(func() {
				w = a.NewWindow(AppName)
				w.Resize(fyne.NewSize(1180, 760))
				u = New(a, w, Deps{OpenErr: errors.New("no data folder"), Secrets: tc.secrets})
			})
			selectTab(t, u, "Settings")
			if !showsText(w, fmt.Sprintf("under the name %q", tc.shows), true) {
				t.Errorf("Settings should name the keyring service %q", tc.shows)
			}
			c, ok := tc.secrets.(*countingSecrets)
			if !ok {
				return // a real keyring: not checked here, the test needs no session bus
			}
			tapNow(t, buttonReading(t, w, "Check password store"))
			waitFor(t, "the check's result", func() bool {
				return showsText(w, "OK: the password store works. A test secret was saved, read back and deleted.", false)
			})
			if c.sets.Load() != 1 || len(c.Accounts()) != 0 {
				t.Errorf("the check saved %d secrets in the store it was given and left %v", c.sets.Load(), c.Accounts())
			}
		})
	}
}
