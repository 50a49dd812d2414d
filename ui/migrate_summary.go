package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"zoomconn/internal/words"
)

// The run's end: its counts, the summary, the buttons, and the fix offered
// for a failed row.

func (r *migrateRun) counts() (online, failed, other int) {
	for _, row := range r.rows {
		switch row.state {
		case rowOnline:
			online++
		case rowFailed:
			failed++
		default:
			other++
		}
	}
	return
}

func (r *migrateRun) showSummary() {
	online, failed, other := r.counts()
	icon, accent := theme.ConfirmIcon(), colorOnline
	var msg, next string
	switch {
	case r.planErr != nil:
		r.title.SetText("The migration could not start. Nothing changed.")
		x := explain(r.planErr)
		icon, accent, msg, next = theme.ErrorIcon(), colorProblem, x.Message, x.Next
	case r.canceling:
		r.title.SetText("Migration canceled")
		icon, accent = theme.WarningIcon(), colorMigration
		msg = fmt.Sprintf("Canceled: %d migrated, %d unchanged.", online, failed+other)
		next = "Connections migrated before you canceled stay migrated. The others still use JWT, exactly as they were."
	case failed == 0 && other == 0:
		r.title.SetText("Migration finished")
		msg = fmt.Sprintf("Done: all %s migrated.", words.Count(online, "connection", "connections"))
		if online == 1 {
			msg = "Done: the connection is migrated."
		}
		next = r.signInText()
	case r.single:
		r.title.SetText(fmt.Sprintf("“%s” was not migrated", r.rows[0].c.Name))
		icon, accent = theme.WarningIcon(), colorMigration
		msg = "It is unchanged and still uses JWT."
		switch row := r.firstFailed(); {
		case row != nil && needsNewSecret(row.err):
			next = "Zoom refused the iClient's Client secret: click Enter the Client secret…, paste it, and Save tries again."
		case failed > 0:
			next = "Fix what its row says (Details tells more), then click Retry failed."
		}
	default:
		r.title.SetText("Migration finished")
		icon, accent = theme.WarningIcon(), colorMigration
		msg = fmt.Sprintf("Done: %d migrated, %d failed.", online, failed)
		if other > 0 {
			msg = fmt.Sprintf("Done: %d migrated, %d failed, %d skipped.", online, failed, other)
		}
		next = "A connection that was not migrated is unchanged and still uses JWT."
		switch row := r.firstFailed(); {
		case row != nil && needsNewSecret(row.err):
			next += " Zoom refused the iClient's Client secret: click Enter the Client secret…, paste it, and Save tries again."
		case failed > 0:
			next += " Fix what its row says (Details tells more), then click Retry failed."
		}
	}
	text := container.NewVBox(&widget.Label{Text: msg, TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord})
	if next != "" {
		text.Add(&widget.Label{Text: next, Wrapping: fyne.TextWrapWord})
	}
	r.summary.Objects = []fyne.CanvasObject{newTintRect(accent), container.NewPadded(
		container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(icon)), nil, text))}
	r.summary.Show()
	r.summary.Refresh()
}

// buttons are the run's buttons: Cancel while it runs, then Retry failed
// and Close.
func (r *migrateRun) buttons(w *migrateWizard) (left, right []fyne.CanvasObject) {
	switch {
	case r.running:
		if r.canceling {
			w.cancel.SetText("Canceling…")
			w.cancel.Disable()
		}
		return nil, []fyne.CanvasObject{w.cancel}
	case r.planErr != nil && w.preset != nil: // no steps to go back to
		return nil, []fyne.CanvasObject{w.closeBtn}
	case r.planErr != nil:
		return []fyne.CanvasObject{w.back}, []fyne.CanvasObject{w.closeBtn}
	}
	if _, failed, _ := r.counts(); failed > 0 {
		left = []fyne.CanvasObject{w.retry}
		// A wrong Client secret fails every row the same way: its fix
		// (enter the secret, which then retries) replaces Retry failed.
		if row := r.firstFailed(); row != nil && needsNewSecret(row.err) {
			left = w.fixFor(row, func() {})
		}
	}
	return left, []fyne.CanvasObject{w.closeBtn}
}

// firstFailed is the first row that failed, if any.
func (r *migrateRun) firstFailed() *migrateRow {
	for _, row := range r.rows {
		if row.state == rowFailed && row.err != nil {
			return row
		}
	}
	return nil
}

// fixFor is the button that fixes why row failed and retries the failed
// rows; hide closes the dialog that shows it, if any.
func (w *migrateWizard) fixFor(row *migrateRow, hide func()) []fyne.CanvasObject {
	// The fix is for what it was moving to, with the chosen iClient.
	c := row.c
	p := w.plan()
	c.Auth, c.IClientID = p.Auth, p.IClientID
	return w.fixes(c, row.err, hide, w.onRetry)
}

// cancelRun stops the run: the connection being migrated and the ones
// after it are left as they were.
func (r *migrateRun) cancelRun(w *migrateWizard) {
	if !r.running || r.canceling {
		return
	}
	r.canceling = true
	r.title.SetText("Canceling… connections already migrated stay migrated.")
	r.cancel()
	w.updateButtons()
}

func (r *migrateRun) failedIDs() []string {
	var ids []string
	for _, row := range r.rows {
		if row.state == rowFailed {
			ids = append(ids, row.c.ID)
		}
	}
	return ids
}
