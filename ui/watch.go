package ui

import (
	"os"
	"time"

	"fyne.io/fyne/v2"
)

// dataPollEvery is how often the window looks at the data file.
var dataPollEvery = time.Second

// watchData reloads the window when the data file changes on disk: an
// import, a token refresh or a migration from the command line, or
// another window. It polls the file's size and time (cheap, and works on
// every file system) off the UI goroutine. A reload refreshes the pages;
// an open dialog keeps its own copy, so what the admin is typing stays.
// It stops when the window closes, or when the app is no longer current
// (tests open many).
func (u *UI) watchData(path string) {
	stop := u.closed
	stamp := func() (time.Time, int64, bool) {
		fi, err := os.Stat(path)
		if err != nil {
			return time.Time{}, 0, false
		}
		return fi.ModTime(), fi.Size(), true
	}
	every := dataPollEvery // read here: tests change it between windows
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		mod, size, ok := stamp()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
			}
			if fyne.CurrentApp() != u.app {
				return
			}
			m, s, o := stamp()
			if m.Equal(mod) && s == size && o == ok {
				continue
			}
			mod, size, ok = m, s, o
			fyne.Do(u.reload)
		}
	}()
}
