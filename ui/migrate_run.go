// The wizard's last step: the run, its rows, cancel, retry and summary.

package ui

import (
	"context"
	"fmt"
	"image/color"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"zoomconn/internal/words"
	"zoomconn/model"
)

// migrateRun is the wizard's last step: the run, with a row per connection
// showing where it is, and what came of it.
type migrateRun struct {
	rows      []*migrateRow
	byID      map[string]*migrateRow
	single    bool // one connection: no progress bar, words for one
	auth      model.AuthType
	running   bool
	canceling bool
	cancel    context.CancelFunc
	planErr   error // the run could not start

	title               *widget.Label
	bar                 *widget.ProgressBar
	count               *widget.Label
	consent             *fyne.Container // the pending consent: Copy link, Open again
	consentText         *widget.Label
	consentURL          string
	copyLink, openAgain *button
	list                *runList
	summary             *fyne.Container
}

type rowState int

const (
	rowWaiting rowState = iota
	rowWorking
	rowConsent
	rowOnline
	rowFailed
	rowSkipped
)

// look is how a state reads: its word, the colour of its dot, and the
// importance of the word.
func (s rowState) look() (string, color.NRGBA, widget.Importance) {
	switch s {
	case rowWorking:
		return "Working…", colorMigration, widget.MediumImportance
	case rowConsent:
		return "Waiting for you", colorMigration, widget.WarningImportance
	case rowOnline:
		return "Online", colorOnline, widget.SuccessImportance
	case rowFailed:
		return "Failed", colorProblem, widget.DangerImportance
	case rowSkipped:
		return "Skipped", colorNeutral, widget.LowImportance
	}
	return "Waiting", tint(colorNeutral, 0x60), widget.LowImportance
}

// migrateRow is one connection of the run.
type migrateRow struct {
	c      model.Connection
	state  rowState
	detail string
	err    error            // why it failed, for Details
	now    model.Connection // as migrated, when Online
	joined []string         // who used its sign-in before it, when Online
}

func (r *migrateRun) page(w *migrateWizard) fyne.CanvasObject {
	r.title = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord}
	// Fyne draws a progress bar's text in the on-primary colour across the
	// pale, unfilled track too (2.2:1): the count is a label beside it.
	r.bar = widget.NewProgressBar()
	r.bar.TextFormatter = func() string { return "" }
	r.count = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}}
	r.consentText = &widget.Label{Wrapping: fyne.TextWrapWord}
	r.copyLink = btn(&button{Button: widget.Button{Text: "Copy link", Icon: theme.ContentCopyIcon(), OnTapped: func() { w.links.copyToClipboard(r.consentURL, r.copyLink) }}})
	r.openAgain = btn(&button{Button: widget.Button{Text: "Open again", Icon: theme.ComputerIcon(), OnTapped: func() { w.links.openURL(r.consentURL) }}})
	r.consent = container.NewStack(newTintRect(colorMigration), container.NewPadded(container.NewBorder(nil, nil,
		container.NewCenter(widget.NewIcon(theme.ComputerIcon())), container.NewCenter(container.NewHBox(r.copyLink, r.openAgain)), r.consentText)))
	r.consent.Hide()
	r.list = newRunList(w, r)
	r.summary = container.NewStack()
	r.summary.Hide()
	return container.NewBorder(container.NewVBox(r.title, container.NewBorder(nil, nil, nil, r.count, r.bar), r.consent), r.summary, nil, nil, r.list)
}

// prepare lists ids as waiting.
func (r *migrateRun) prepare(w *migrateWizard, ids []string) {
	r.rows, r.byID = nil, map[string]*migrateRow{}
	r.single = len(ids) == 1
	for _, id := range ids {
		if c := w.doc.Connection(id); c != nil {
			row := &migrateRow{c: *c}
			r.rows = append(r.rows, row)
			r.byID[id] = row
		}
	}
	r.list.Refresh()
}

// launch migrates ids in a goroutine; progress and the outcome come back
// through fyne.Do.
func (r *migrateRun) launch(w *migrateWizard, ids []string, plan model.MigratePlan) {
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel, r.running, r.canceling, r.planErr, r.auth = cancel, true, false, nil, plan.Auth
	for _, id := range ids {
		if row := r.byID[id]; row != nil {
			*row = migrateRow{c: row.c}
		}
	}
	r.setProgress(0, len(ids))
	r.summary.Hide()
	r.consent.Hide()
	if r.single {
		r.title.SetText(fmt.Sprintf("Migrating “%s” to %s…", r.rows[0].c.Name, plan.Auth.Label()))
	} else {
		r.title.SetText(fmt.Sprintf("Migrating %s to %s…", words.Count(len(ids), "connection", "connections"), plan.Auth.Label()))
	}
	r.list.Refresh()
	w.updateButtons()
	svc := w.svc
	go func() {
		defer cancel()
		res, err := svc.Migration.Migrate(ctx, ids, plan, func(p model.MigrateProgress) {
			fyne.Do(func() { r.onProgress(p) })
		})
		fyne.Do(func() { r.finish(w, res, err) })
	}()
}

// setProgress shows done connections of total on the bar and beside it.
func (r *migrateRun) setProgress(done, total int) {
	// One connection: its row says everything, and a full bar would read
	// as success even for a failure.
	r.bar.Hidden, r.count.Hidden = r.single, r.single
	r.bar.Max = float64(total)
	r.bar.SetValue(float64(done))
	r.count.SetText(fmt.Sprintf("%d of %d done", done, total))
}

func (r *migrateRun) onProgress(p model.MigrateProgress) {
	if p.Shared {
		r.onSharedConsent(p)
		return
	}
	row := r.byID[p.ConnectionID]
	if row == nil {
		return
	}
	pos := fmt.Sprintf(" (%d of %d)", p.Index+1, p.Total)
	if r.single {
		pos = ""
	}
	title := ""
	switch p.Stage {
	case model.MigrateStarted:
		row.state, row.detail = rowWorking, "Getting a token and testing it with Zoom…"
		title = fmt.Sprintf("Migrating “%s”%s…", p.Name, pos)
		if r.auth == model.AuthOAuth2 {
			row.detail = "Opening Zoom in your browser…"
		}
	case model.MigrateConsent:
		row.state, row.detail, r.consentURL = rowConsent, "Approve in your browser…", p.ConsentURL
		title = fmt.Sprintf("Approve access for “%s” in your browser%s…", p.Name, pos)
		msg := "Sign in to Zoom as the user this connection should act for, and click Allow. The next one starts by itself."
		if p.OpenErr != nil {
			msg = "The browser could not be opened. Click Copy link and paste the link into your web browser's address bar."
		}
		r.consentText.SetText(msg)
		r.consent.Show()
	case model.MigrateDone:
		r.apply(*p.Result)
		r.setProgress(p.Finished, p.Total)
		r.consent.Hide()
	}
	if title != "" && !r.canceling {
		r.title.SetText(title)
	}
	r.refreshRow(row)
}

// onSharedConsent shows the one consent that signs in every connection.
func (r *migrateRun) onSharedConsent(p model.MigrateProgress) {
	for _, id := range p.ConnectionIDs {
		if row := r.byID[id]; row != nil {
			row.state, row.detail = rowConsent, "Waiting for the approval in your browser…"
		}
	}
	r.consentURL = p.ConsentURL
	if !r.canceling {
		r.title.SetText(fmt.Sprintf("Approve access in your browser, once for %s…", words.Count(len(p.ConnectionIDs), "connection", "connections")))
	}
	msg := "Sign in to Zoom as the user these connections should act for, and click Allow. Every connection then shares that sign-in."
	if p.OpenErr != nil {
		msg = "The browser could not be opened. Click Copy link and paste the link into your web browser's address bar."
	}
	r.consentText.SetText(msg)
	r.consent.Show()
	r.list.Refresh()
}

func (r *migrateRun) refreshRow(row *migrateRow) {
	for i, x := range r.rows {
		if x == row {
			r.list.RefreshItem(i)
		}
	}
}

// apply shows one connection's outcome.
func (r *migrateRun) apply(res model.MigrateResult) {
	row := r.byID[res.ConnectionID]
	if row == nil {
		return
	}
	row.err = res.Err
	switch res.Outcome {
	case model.MigrateOnline:
		row.state, row.detail, row.now, row.joined = rowOnline, model.ConnectedAs(res.Connection), res.Connection, res.Joined
		if len(res.Joined) > 0 {
			row.detail += " · joined the sign-in already used by " + strings.Join(res.Joined, ", ")
		}
	case model.MigrateFailed:
		row.state, row.detail = rowFailed, res.Reason
	default:
		row.state, row.detail = rowSkipped, res.Reason
	}
}

// finish shows how the run ended: every row's outcome and a summary.
func (r *migrateRun) finish(w *migrateWizard, res []model.MigrateResult, err error) {
	r.running = false
	r.consent.Hide()
	if res == nil && err != nil && !r.canceling {
		r.planErr = err
	}
	for _, x := range res {
		r.apply(x)
	}
	for _, row := range r.rows {
		if row.state == rowWorking || row.state == rowConsent { // not reached: Migrate reports them all
			row.state, row.detail = rowSkipped, "Not migrated. Nothing changed."
		}
	}
	r.list.Refresh()
	r.showSummary()
	w.nav.reload()
	w.updateButtons()
	// The editor's Save & authorize of one connection: once it is Online
	// nothing is left to do here, so the dialog closes by itself and the
	// Connections page says so. Migrate all… keeps its list of results.
	if online, failed, other := r.counts(); w.preset != nil && r.planErr == nil && !r.canceling && online == 1 && failed+other == 0 {
		w.close()
		c := r.rows[0].now
		text := fmt.Sprintf("“%s” is Online with %s: %s. %s", c.Name, c.Auth.Label(), lowerFirst(model.ConnectedAs(c)), r.signInText())
		if c.Auth == model.AuthOAuth2 {
			text += " You can close the browser tab."
		}
		w.nav.announce(text)
	}
}

// userOf is the Zoom user a connection signed in as.
func userOf(c model.Connection) string {
	if c.AuthorizedAs == nil {
		return "one Zoom user"
	}
	return model.ActsAs(c)
}

// signInText says whose sign-in the connections now Online use: one each,
// one shared by all (a single consent), or some shared; Server-to-Server
// OAuth has none, it gets its tokens with the iClient's credentials.
func (r *migrateRun) signInText() string {
	var online []*migrateRow
	signIns := map[string]bool{}
	for _, row := range r.rows {
		if row.state == rowOnline {
			online = append(online, row)
			if row.now.SignInID != "" {
				signIns[row.now.SignInID] = true
			}
		}
	}
	keep := " The old JWT records stay in the Activity log."
	if len(online) == 1 {
		keep = " Its old JWT record stays in the Activity log."
	}
	switch n := len(online); {
	case n == 0:
		return ""
	case len(signIns) == 0 && n == 1:
		return "It gets its tokens with the iClient's credentials: no sign-in to renew." + keep
	case len(signIns) == 0:
		return "Each one gets its tokens with the iClient's credentials: no sign-in to renew." + keep
	case n == 1 && len(online[0].joined) > 0:
		return fmt.Sprintf("It shares its sign-in with %s.", model.JoinNames(online[0].joined)) + keep
	case n == 1:
		return "It has a sign-in of its own." + keep
	case len(signIns) == 1:
		// Connections from before the run may share it too: name them.
		inRun := map[string]bool{}
		for _, row := range r.rows {
			inRun[row.c.Name] = true
		}
		var before []string
		for _, row := range online {
			for _, j := range row.joined {
				if !inRun[j] && !slices.Contains(before, j) {
					before = append(before, j)
				}
			}
		}
		if len(before) > 0 {
			return fmt.Sprintf("The %d connections share one sign-in with %s, as %s: one approval serves them all.",
				n, model.JoinNames(before), userOf(online[0].now)) + keep
		}
		return fmt.Sprintf("The %d connections share one sign-in, as %s: one approval serves them all.", n, userOf(online[0].now)) + keep
	case len(signIns) == n:
		return "Each one has a sign-in of its own." + keep
	default:
		return fmt.Sprintf("They share %d sign-ins between them: connections approved by the same Zoom user share one.", len(signIns)) + keep
	}
}
