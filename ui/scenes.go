//go:build screenshots

package ui

import (
	"context"
	"os"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"zoomconn/internal/demo"
	"zoomconn/model"
)

// Screenshot scenes, built only with -tags screenshots (the product binary
// has none of this; scenes_off.go): scripts/screenshots.sh builds that way
// and starts the binary on the demo data folder with
// ZOOMCONN_SCREENSHOT_SCENE set, and the window opens
// the named screen by itself. Scenes are comma-separated, applied in order
// ("dark,edit"). They change nothing on disk and store no secret.

// sceneTimeout bounds the wait for the document before a scene plays.
const sceneTimeout = 10 * time.Second

// scenePlayer opens the screens a scene names, over the whole window.
type scenePlayer struct {
	*UI
	authDlg *authorizeDialog // the one "authorize" opened, for "error-page"
}

// sceneFromEnv is the scene the screenshot script asks for.
func sceneFromEnv() string { return os.Getenv("ZOOMCONN_SCREENSHOT_SCENE") }

// playScene opens the screens that name lists, once the document is loaded.
func (u *scenePlayer) playScene(name string) {
	go func() {
		deadline := time.Now().Add(sceneTimeout)
		for time.Now().Before(deadline) {
			var ready bool
			fyne.DoAndWait(func() { ready = u.doc != nil })
			if ready {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		fyne.DoAndWait(func() {
			for _, s := range strings.Split(name, ",") {
				u.scene(strings.TrimSpace(s))
			}
		})
		// Tell the screenshot script the scene is on screen, once drawn.
		if f := os.Getenv("ZOOMCONN_SCREENSHOT_READY"); f != "" {
			time.Sleep(time.Second)
			os.WriteFile(f, []byte(name+"\n"), 0o600)
		}
	}()
}

func (u *scenePlayer) scene(name string) {
	switch name {
	case "dark", "light":
		v := theme.VariantDark
		if name == "light" {
			v = theme.VariantLight
		}
		u.app.Settings().SetTheme(&forcedVariant{Theme: baseTheme(), variant: v})
	case "connections", "", "empty": // "empty": on an empty data folder (capture-scenes.sh)
		u.tabs.SelectIndex(0)
	case "guide":
		u.tabs.Select(u.tabGuide)
		u.guide.playScene()
	case "guide-scopes", "guide-end": // after "guide": the scopes, or the last cards
		u.guide.scrollTo(name == "guide-end")
	case "settings":
		u.tabs.SelectIndex(len(u.tabs.Items) - 1)
		u.settings.playScene()
	case "iclients", "activity":
		for _, it := range u.tabs.Items {
			if strings.EqualFold(it.Text, name) {
				u.tabs.Select(it)
			}
		}
	case "edit":
		u.sceneEdit()
	case "iclient":
		u.sceneIClient()
	case "authorize":
		u.sceneAuthorize()
	case "error-page": // after "authorize"
		if u.authDlg != nil {
			u.authDlg.onErrorPage()
		}
	case "scopes": // after "edit"
		if u.editor != nil {
			u.editor.advanced.Open(0)
		}
	case "edit-online": // an Online connection, whose editor offers scripts
		if c := u.sceneConnection("Meeting reports"); c != nil {
			u.openEditor(c)
		}
	case "scripts": // after "edit-online"
		if u.editor != nil {
			e := u.editor
			e.scripts.section.Open(0)
			time.AfterFunc(300*time.Millisecond, func() { fyne.Do(e.scroll.ScrollToBottom) }) // once laid out
		}
	case "paste": // after "authorize": an address pasted that is not Zoom's answer
		if u.authDlg != nil {
			u.authDlg.scenePaste()
		}
	case "error":
		u.sceneError()
	case "migrate", "migrate-iclient", "migrate-s2s", "migrate-review", "migrate-run", "migrate-done":
		u.sceneMigrate(name)
	}
}

// sceneConnection returns the demo connection named name, or the first one.
func (u *scenePlayer) sceneConnection(name string) *model.Connection {
	if c := u.doc.ConnectionByName(name); c != nil {
		return c
	}
	if len(u.doc.Connections) > 0 {
		return &u.doc.Connections[0]
	}
	return nil
}

// sceneEdit is the migration itself: a JWT connection switched to OAuth 2.0
// with an iClient chosen, showing the Redirect URL to copy.
func (u *scenePlayer) sceneEdit() {
	c := u.sceneConnection("Webinar registrations sync")
	if c == nil {
		return
	}
	e := u.openEditor(c)
	if e == nil {
		return
	}
	e.auth.SetSelected(model.AuthOAuth2.Label())
	for _, ic := range u.doc.IClients {
		if ic.AppType != model.AppAccount || ic.Env.Kind != model.EnvZoom {
			continue
		}
		for label, id := range e.iclients.ids {
			if id == ic.ID {
				e.iclients.sel.SetSelected(label)
				return
			}
		}
	}
}

// sceneIClient is Create iClient, half filled in as an administrator pasting
// from Zoom would leave it. The secret typed is a placeholder, and masked.
func (u *scenePlayer) sceneIClient() {
	u.openIClientDialog(nil, nil)
	x := u.iclientDlg
	if x == nil {
		return
	}
	x.name.SetText("Acme webinar app")
	x.clientID.SetText("Wq8ZbT3nRk5uLx2aYd7sVe")
	x.secret.SetText(strings.Repeat("x", 32))
}

// sceneAuthorize waits on a connection of the demo's loopback environment,
// where nothing listens: the dialog waits and nothing is reached. The
// iClient's Client secret is a placeholder held in memory only.
func (u *scenePlayer) sceneAuthorize() {
	c := u.sceneConnection("Local proxy test")
	if c == nil {
		return
	}
	u.svc.Secrets = placeholderSecret{Secrets: u.svc.Secrets, account: model.ClientSecretAccount(c.IClientID)}
	u.authDlg = u.authorize(*c)
}

type placeholderSecret struct {
	model.Secrets
	account string
}

func (p placeholderSecret) Get(ctx context.Context, account string) (model.Secret, error) {
	if account == p.account {
		return model.NewSecret("placeholder-not-a-secret"), nil
	}
	return p.Secrets.Get(ctx, account)
}

// sceneError is what Test connection shows when Zoom no longer accepts a
// connection's refresh token, with Details open: Zoom's answer translated
// by the same code that reads a real one.
func (u *scenePlayer) sceneError() {
	c := u.sceneConnection("HR onboarding")
	if c == nil {
		return
	}
	t := u.dlg.startTask("Test “"+c.Name+"”", "Asking Zoom who this connection signs in as…", nil)
	t.fail(demo.RefreshRefused(u.screen().redirectURL()))
	if acc := findAccordion(t.body); acc != nil {
		acc.Open(0)
	}
}

// findAccordion returns the first accordion in the containers under o.
func findAccordion(o fyne.CanvasObject) *widget.Accordion {
	if a, ok := o.(*widget.Accordion); ok {
		return a
	}
	c, ok := o.(*fyne.Container)
	if !ok {
		return nil
	}
	for _, k := range c.Objects {
		if a := findAccordion(k); a != nil {
			return a
		}
	}
	return nil
}

// playScene shows the guide part done, scrolled to the Redirect URL step,
// for the screenshots (ui/scenes.go).
func (p *guidePage) playScene() {
	if p.scroll == nil {
		return
	}
	for _, s := range guideSections[0].Steps {
		p.checks[s.Key].SetChecked(true)
	}
	for _, k := range []string{"credentials", "publicclient", "clientsecret"} {
		p.checks[k].SetChecked(true)
	}
	if len(p.sections) > 1 {
		p.scroll.ScrollToOffset(fyne.NewPos(0, p.sections[1].Position().Y))
	}
}

// playScene shows a port being changed, with its warning, and the password
// store checked, for the screenshots (ui/scenes.go). Nothing is saved.
func (p *settingsPage) playScene() {
	if p.port == nil {
		return
	}
	p.port.SetText("50000")
	p.onCheck()
}

// sceneMigrate opens Migrate all… on the demo's JWT connections at one of
// its steps (scenes.go). The run scene shows made-up progress: nothing
// is migrated and nothing reaches Zoom.
func (u *scenePlayer) sceneMigrate(name string) {
	w := u.openMigrateWizard(u.connections.jwt)
	if w == nil {
		return
	}
	if name == "migrate" { // the first step, as it opens
		return
	}
	target := model.AuthOAuth2
	if name == "migrate-s2s" || name == "migrate-review" {
		target = model.AuthS2S
	}
	w.choose(target)
	want := "Acme reporting app" // the demo's
	if target == model.AuthS2S {
		want = "Acme automation (S2S)"
	}
	if _, offered := w.ics.iclientIDs[want]; offered {
		w.ics.iclient.SetSelected(want)
	}
	if target == model.AuthS2S {
		w.ics.accountID.SetText("AcMe1234xyzDEMO")
	}
	switch name {
	case "migrate-review":
		w.showStep(stepReview)
	case "migrate-run", "migrate-done":
		w.scenePlayRun(name == "migrate-done")
	}
}

func (w *migrateWizard) scenePlayRun(done bool) {
	ids := w.review.selectedIDs()
	r := &w.run
	r.prepare(w, ids)
	w.showStep(stepRun)
	r.running, r.auth, r.cancel = true, model.AuthOAuth2, func() {}
	r.setProgress(0, len(ids))
	n := len(ids)
	r.onProgress(model.MigrateProgress{Total: n, Stage: model.MigrateConsent, Shared: true, ConnectionIDs: ids,
		ConsentURL: "https://zoom.us/oauth/authorize?client_id=vW3kQz9TRa6Lx0bYp1sNcA&response_type=code"})
	if done {
		for i, id := range ids {
			c := r.rows[i].c
			c.AuthorizedAs = &model.Account{Email: "jane.doe@acme.example", AccountID: "AcMe1234xyzDEMO"}
			c.SignInID = "demo-sign-in" // one approval, shared
			res := model.MigrateResult{ConnectionID: id, Name: c.Name, Outcome: model.MigrateOnline, Connection: c}
			r.onProgress(model.MigrateProgress{Index: i, Total: n, Finished: i + 1, ConnectionID: id, Name: c.Name, Stage: model.MigrateDone, Result: &res})
		}
		r.consent.Hide()
		r.running = false
		r.showSummary()
	}
	w.updateButtons()
}

// scrollTo shows the scopes section, or the end of the guide, for the
// screenshots.
func (p *guidePage) scrollTo(end bool) {
	if p.scroll == nil || len(p.sections) < 3 {
		return
	}
	if end {
		p.scroll.ScrollToBottom()
		return
	}
	p.scroll.ScrollToOffset(fyne.NewPos(0, p.sections[2].Position().Y))
}

// scenePaste opens "The browser is on another computer?" and, once the
// consent waits, pastes an address that is not Zoom's answer, for the
// screenshots: the refusal shows under the field.
func (a *authorizeDialog) scenePaste() {
	a.paste.section.Open(0)
	go func() {
		for range 40 {
			var ready bool
			fyne.DoAndWait(func() { ready = a.auth != nil && !a.paste.use.Disabled() })
			if ready {
				fyne.Do(func() {
					a.paste.entry.SetText("https://zoom.us/oauth/authorize?client_id=demo")
					a.paste.onUse()
				})
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
}
