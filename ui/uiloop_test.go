package ui

import (
	"runtime"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// Fyne's test driver runs fyne.Do on the calling goroutine, so a goroutine
// handing a result back with fyne.Do would touch widgets at the same time as
// the test does. loopApp gives tests what the real driver gives the app: one
// UI goroutine that runs every fyne.Do and fyne.DoAndWait in turn. Tests
// act on the window inside onUI (fyne.DoAndWait), as a person acts through
// the event loop, and the race detector sees the app's real threading.

type loopDriver struct {
	fyne.Driver
	queue  chan func()
	loopID atomic.Uint64
}

func (d *loopDriver) DoFromGoroutine(f func(), wait bool) {
	if goroutineID() == d.loopID.Load() {
		f() // already on the UI goroutine
		return
	}
	if !wait {
		d.queue <- f
		return
	}
	done := make(chan struct{})
	d.queue <- func() { defer close(done); f() }
	<-done
}

type loopApp struct {
	fyne.App
	drv *loopDriver
}

func (a *loopApp) Driver() fyne.Driver { return a.drv }

// newLoopApp returns a test app with a UI goroutine, ended at cleanup.
func newLoopApp(t testing.TB) fyne.App {
	t.Helper()
	base := test.NewApp()
	d := &loopDriver{Driver: base.Driver(), queue: make(chan func(), 1<<14)}
	stop := make(chan struct{})
	started := make(chan struct{})
	go func() {
		d.loopID.Store(goroutineID())
		close(started)
		for {
			select {
			case f := <-d.queue:
				f()
			case <-stop:
				return
			}
		}
	}()
	<-started
	a := &loopApp{App: base, drv: d}
	fyne.SetCurrentApp(a)
	t.Cleanup(func() {
		onUI(func() {}) // let queued work finish
		close(stop)
		base.Quit()
	})
	return a
}

// goroutineID reads the current goroutine's id from its stack header
// ("goroutine 123 [running]:"), as Fyne's own driver does.
func goroutineID() uint64 {
	var buf [32]byte
	runtime.Stack(buf[:], false)
	var id uint64
	for i := len("goroutine "); i < len(buf) && buf[i] != ' '; i++ {
		id = id*10 + uint64(buf[i]-'0')
	}
	return id
}
