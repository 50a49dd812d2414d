package ui

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"

	"zoomconn/internal/words"
	"zoomconn/model"
)

// CheckEvery is how often the open window asks Zoom about every sign-in,
// the first time a moment after it opens (main sets it in Deps).
const CheckEvery = 15 * time.Minute

// checkFirstAfter lets the window draw before the first check.
var checkFirstAfter = 2 * time.Second

// startChecking asks Zoom about every sign-in (model.Checks.CheckAll)
// soon after the window opens and then every every, off the UI goroutine,
// until the window closes: a sign-in Zoom ended turns every connection of
// it into Reconnect needed without anyone pressing Test. A round Zoom
// rate-limits waits as long as Zoom says, and twice as long each time it
// happens again.
func (u *UI) startChecking(every time.Duration) {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-u.closed
		cancel()
	}()
	first := checkFirstAfter
	go func() {
		wait, backoff := first, time.Duration(0)
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
			if fyne.CurrentApp() != u.app {
				return // tests open many apps
			}
			rep, err := u.svc.Checks.CheckAll(ctx)
			if ctx.Err() != nil {
				return
			}
			fyne.Do(func() { u.checked(rep, err) })
			switch {
			case rep.RetryAfter > 0:
				backoff = max(rep.RetryAfter, 2*backoff)
				wait = backoff
			default:
				backoff, wait = 0, every
			}
		}
	}()
}

// checked shows what a round of checks found: the rows (reloaded), when it
// was, and which connections Zoom ended, said once.
func (u *UI) checked(rep model.CheckReport, err error) {
	u.reload()
	if err != nil {
		return
	}
	u.connections.setChecked(rep)
	if len(rep.Ended) > 0 {
		u.connections.warn(fmt.Sprintf("Zoom no longer accepts the sign-in of %s: %s now Reconnect needed.",
			model.JoinNames(rep.Ended), words.Plural(len(rep.Ended), "it is", "they are")))
	}
}
