package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"zoomconn/model"
)

// authorizeOrMigrate is the row action "Authorize / Reconnect": the browser
// consent for OAuth 2.0, a token check for Server-to-Server OAuth (it needs
// no browser), and the migration wizard for a JWT connection.
func (s screen) authorizeOrMigrate(c model.Connection) {
	switch c.Auth {
	case model.AuthJWT:
		// The wizard offers both OAuth 2.0 and Server-to-Server OAuth;
		// Edit connection stays one item up for the seed's manual path.
		s.nav.openMigrateWizard([]string{c.ID})
	case model.AuthS2S:
		s.authorizeS2S(c)
	default:
		s.nav.authorize(c)
	}
}

// testConnection asks Zoom who the connection signs in as, and shows it.
func (s screen) testConnection(c model.Connection) {
	s.runTest(c, fmt.Sprintf("Test “%s”", c.Name), "Asking Zoom who this connection signs in as…", false)
}

// authorizeS2S gets a Server-to-Server OAuth connection a token. Like the
// browser consent, a success closes the dialog by itself and the
// Connections page says so; a failure stays, with its fix.
func (s screen) authorizeS2S(c model.Connection) {
	s.runTest(c, fmt.Sprintf("Authorize “%s”", c.Name), "Getting a token from Zoom with the iClient's credentials…", true)
}

// runTest tests c in a task dialog. A failure stays in it with its fix
// (which tries again); a success is shown there, or, when announce is set,
// closes it and is said on the Connections page.
func (s screen) runTest(c model.Connection, title, busy string, announce bool) {
	ctx, cancel := context.WithCancel(context.Background())
	t := s.dlg.startTask(title, busy, cancel)
	go func() {
		defer cancel()
		got, err := s.svc.Checks.Test(ctx, c.ID)
		fyne.Do(func() {
			s.nav.reload()
			if t.done || t.canceled {
				return
			}
			switch {
			case err != nil:
				t.fail(err, s.fixes(c, err, t.d.Hide, func() { s.runTest(c, title, busy, announce) })...)
			case announce:
				t.done = true
				t.activity.Stop()
				t.d.Hide()
				s.nav.announce(onlineText(got))
			default:
				t.succeed(model.ConnectedAs(got))
			}
		})
	}()
}

// authorizeDialog waits for the admin to approve access in the browser.
type authorizeDialog struct {
	screen
	c      model.Connection
	d      *dialog.CustomDialog
	ctx    context.Context
	cancel context.CancelFunc
	auth   *model.Authorization
	onDone func(model.Connection)

	body      *fyne.Container
	heading   *widget.Label
	activity  *widget.Activity
	notes     *fyne.Container // what approving changes: model.ConsentNotes
	warn      *fyne.Container
	timeLeft  *quietLabel
	copyLink  *button
	openLink  *button
	errorPage *button
	paste     *authorizePaste // authorize_paste.go
	deadline  time.Time
	ticker    *time.Timer
	ended     bool
	advised   bool // ended by "Zoom showed an error page"
}

func (a *authorizeDialog) start() {
	notes, _ := a.svc.Consents.ConsentNotes(a.c.ID)
	auth, err := a.svc.Consents.StartAuthorize(a.ctx, a.c.ID, a.links.browser())
	// DoAndWait: the waiting state must be shown before the outcome is.
	fyne.DoAndWait(func() {
		if err != nil {
			a.end(model.Connection{}, err)
			return
		}
		if a.ended { // canceled while the browser was starting
			go auth.Cancel()
			return
		}
		a.auth = auth
		if auth.Redeemed() { // the approval given before the fix was enough
			return
		}
		a.heading.SetText("Approve access in your browser…")
		for _, n := range notes {
			a.notes.Add(container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.InfoIcon())), nil,
				&widget.Label{Text: n, Wrapping: fyne.TextWrapWord}))
		}
		a.copyLink.Enable()
		a.openLink.Enable()
		a.errorPage.Enable()
		a.paste.enable()
		if auth.OpenErr() != nil {
			a.warn.Show()
		}
		a.deadline = auth.Deadline()
		a.tick()
	})
	if err != nil {
		return
	}
	conn, err := auth.Wait(a.ctx)
	fyne.Do(func() { a.end(conn, err) })
}

// tick shows the time left until the consent gives up, once a second.
func (a *authorizeDialog) tick() {
	if a.ended {
		return
	}
	left := time.Until(a.deadline).Round(time.Second)
	if left < 0 {
		left = 0
	}
	a.timeLeft.SetText(fmt.Sprintf("Time left: %d:%02d", int(left.Minutes()), int(left.Seconds())%60))
	a.ticker = time.AfterFunc(time.Second, func() { fyne.Do(a.tick) })
}

func (a *authorizeDialog) stopTicking() {
	if a.ticker != nil {
		a.ticker.Stop()
	}
}

// end shows how the authorization ended.
func (a *authorizeDialog) end(conn model.Connection, err error) {
	// Zoom may have answered just before the admin gave up on it: a
	// connection that got its token says so, whatever was clicked.
	if a.ended && !(a.advised && err == nil) {
		return
	}
	a.ended = true
	a.stopTicking()
	a.activity.Stop()
	a.nav.reload()
	if err != nil && a.ctx.Err() != nil && model.Canceled(err) {
		return // the admin clicked Cancel
	}
	if err == nil {
		// Nothing is left to do here: the dialog closes by itself and the
		// Connections page says what happened, beside the row now Online.
		a.d.Hide()
		a.nav.announce(strings.Join(append([]string{authorizedText(conn, a.auth.Joined())}, a.auth.Notes()...), " "))
		if a.onDone != nil {
			a.onDone(conn)
		}
		return
	}
	content := container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.ErrorIcon())), nil, errorContent(explain(err)))
	retry := func() { a.nav.authorize(a.current()).onDone = a.onDone }
	var buttons []fyne.CanvasObject
	// Authorizing again is this dialog's own Try again, not a fix.
	if do := model.ExplainFor(a.current(), err).Do.Action; do != model.ActionAuthorize && do != model.ActionReconnect {
		buttons = a.fixes(a.current(), err, a.d.Hide, retry)
	}
	if !needsNewSecret(err) { // the same secret would fail the same way
		buttons = append(buttons, btn(&button{Button: widget.Button{Text: "Try again", Icon: theme.ViewRefreshIcon(), OnTapped: func() { a.d.Hide(); retry() }}}))
	}
	a.body.Objects = []fyne.CanvasObject{content}
	a.body.Refresh()
	closeBtn := btn(&button{Button: widget.Button{Text: "Close", Importance: widget.HighImportance, OnTapped: a.d.Hide}})
	if len(buttons) > 0 {
		closeBtn.Importance = widget.MediumImportance
	}
	buttons = append(buttons, closeBtn)
	a.dlg.setButtons(a.d, buttons...)
}

// authorizedText says that conn is Online and as whom, and which
// connections it now shares its sign-in with.
func authorizedText(conn model.Connection, joined []string) string {
	text := onlineText(conn)
	if len(joined) > 0 {
		text += fmt.Sprintf(" It joined the sign-in this user already had with this iClient, used by %s: they all use this new approval.",
			model.JoinNames(joined))
	}
	return text + " You can close the browser tab."
}

// onlineText says that c is Online, and as whom.
func onlineText(c model.Connection) string {
	return fmt.Sprintf("“%s” is Online: %s.", c.Name, lowerFirst(model.ConnectedAs(c)))
}

// lowerFirst puts a sentence after a colon: "Connected as …" → "connected as …".
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// close cancels a pending authorization and closes the dialog.
func (a *authorizeDialog) close() {
	if !a.ended {
		a.ended = true
		a.stopTicking()
		a.cancel()
		if a.auth != nil {
			go a.auth.Cancel() // it waits until the port is free again
		}
		a.activity.Stop()
	}
	a.d.Hide()
}

// onErrorPage ends the wait at once: Zoom's own error pages ("Invalid
// redirect", "Invalid scope") never come back to the Redirect URL, so
// without this the admin would wait for the 10-minute limit. It says what
// to check in the Zoom app.
func (a *authorizeDialog) onErrorPage() {
	if a.ended {
		return
	}
	a.ended, a.advised = true, true
	a.stopTicking()
	a.cancel()
	if a.auth != nil {
		go a.auth.Cancel()
	}
	a.activity.Stop()
	a.body.Objects = []fyne.CanvasObject{a.errorPageAdvice()}
	a.body.Refresh()
	a.dlg.setButtons(a.d,
		btn(&button{Button: widget.Button{Text: "Edit connection…", Icon: theme.DocumentCreateIcon(), OnTapped: a.onEditConnection}}),
		btn(&button{Button: widget.Button{Text: "Try again", Icon: theme.ViewRefreshIcon(), OnTapped: func() {
			a.d.Hide()
			a.nav.authorize(a.current()).onDone = a.onDone
		}}}),
		btn(&button{Button: widget.Button{Text: "Close", Importance: widget.HighImportance, OnTapped: a.d.Hide}}),
	)

}

// errorPageAdvice is what to check in the Zoom app, one cause each, with
// the Redirect URL to copy: the one this consent sent.
func (a *authorizeDialog) errorPageAdvice() fyne.CanvasObject {
	url := ""
	if a.auth != nil {
		url = a.auth.RedirectURL()
	}
	if url == "" {
		url = a.redirectURLOf(a.iclientOf(a.current()))
	}
	checks := model.ErrorPageChecks(url, strings.Fields(a.current().Scopes))
	redirect := newReadOnlyEntry(a.keys, url)
	copyURL := btn(&button{Button: widget.Button{Text: "Copy", Icon: theme.ContentCopyIcon()}})
	copyURL.OnTapped = func() { a.links.copyToClipboard(url, copyURL) }
	item := func(s string) fyne.CanvasObject { return &widget.Label{Text: "• " + s, Wrapping: fyne.TextWrapWord} }
	return container.NewVBox(
		container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.WarningIcon())), nil,
			&widget.Label{Text: "Stopped waiting for Zoom. Nothing changed.", TextStyle: fyne.TextStyle{Bold: true}}),
		&widget.Label{Wrapping: fyne.TextWrapWord,
			Text: "Zoom's error pages never come back to Zoom Connections. Fix what the page said in the app in Zoom's App Marketplace, then click Try again:"},
		item(checks[0]),
		container.NewBorder(nil, nil, nil, copyURL, redirect),
		item(checks[1]),
		item(checks[2]),
		item(checks[3]),
	)
}

// current is the connection as saved now (an edit may have changed it).
func (a *authorizeDialog) current() model.Connection {
	if a.latest() != nil {
		if c := a.latest().Connection(a.c.ID); c != nil {
			return *c
		}
	}
	return a.c
}

func (a *authorizeDialog) onEditConnection() {
	a.d.Hide()
	c := a.current()
	a.nav.openEditor(&c)
}

// showAuthorize opens Zoom's consent page for c and waits for the answer. The
// row turns Online once Zoom has answered and the token is stored.
func showAuthorize(s screen, c model.Connection) *authorizeDialog {
	a := &authorizeDialog{screen: s, c: c, activity: widget.NewActivity()}
	a.ctx, a.cancel = context.WithCancel(context.Background())
	a.heading = &widget.Label{Text: "Opening Zoom in your browser…", TextStyle: fyne.TextStyle{Bold: true}}
	explainText := &widget.Label{Wrapping: fyne.TextWrapWord,
		Text: "Zoom's consent page opens in your web browser. Sign in to Zoom if it asks, check what the app may do, and click Allow. This window goes on by itself once you have answered.\n" +
			"Did Zoom show an error page instead? Nothing comes back from such a page: click “Zoom showed an error page” to see what to check."}
	a.notes = container.NewVBox()
	warnText := &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.WarningImportance,
		Text: "The browser could not be opened. Click Copy link and paste the link into your web browser's address bar."}
	a.warn = container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.WarningIcon())), nil, warnText)
	a.warn.Hide()
	a.timeLeft = newQuietLabel("")
	a.copyLink = btn(&button{Button: widget.Button{Text: "Copy link", Icon: theme.ContentCopyIcon(), OnTapped: func() { a.links.copyToClipboard(a.auth.URL(), a.copyLink) }}})
	a.openLink = btn(&button{Button: widget.Button{Text: "Open again", Icon: theme.ComputerIcon(), OnTapped: func() { a.links.openURL(a.auth.URL()) }}})
	a.errorPage = btn(&button{Button: widget.Button{Text: "Zoom showed an error page", Icon: theme.WarningIcon(), OnTapped: a.onErrorPage}})
	a.copyLink.Disable()
	a.openLink.Disable()
	a.errorPage.Disable()
	a.paste = newAuthorizePaste(a)
	a.body = container.NewVBox(
		container.NewHBox(a.activity, a.heading),
		explainText,
		a.notes,
		a.warn,
		a.timeLeft,
		a.paste.section,
	)
	a.d = dialog.NewCustomWithoutButtons(fmt.Sprintf("Authorize “%s”", c.Name), container.NewVBox(minWidth(520), a.body), s.win)
	// One row of buttons: the two that help the browser along, then what
	// ends the wait.
	a.dlg.setButtons(a.d, a.copyLink, a.openLink, a.errorPage, btn(&button{Button: widget.Button{Text: "Cancel", OnTapped: a.close}}))
	s.dlg.track(a.d, a.close)
	a.activity.Start()
	a.d.Show()
	go a.start()
	return a
}
