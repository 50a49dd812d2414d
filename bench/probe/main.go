// Command probe is zoomconn's window start-up (main.go without the command
// line) with timestamps on standard error, to see what runs before the
// window shows, and switches to try a change without editing the app.
// It quits after 4 s. Environment:
//
//	PROBE_CPU=FILE    CPU profile of the first 3 s
//	PROBE_HEAP=FILE   heap profile (every allocation) and memory figures at 2 s
//	PROBE_ICON=FILE   use this PNG as the window icon instead of assets.Icon
//	PROBE_NOICON=1    set no window icon
//	PROBE_HELLO=1     an empty window instead of zoomconn's content
//	PROBE_FREE=1      return freed memory to the OS 1.2 s after start
//
// For example, with bench/measure.sh: a wrapper script that runs
// "PROBE_ICON=small.png exec probe" measured against bench/hello.
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"zoomconn/assets"
	"zoomconn/internal/wire"
	"zoomconn/ui"
)

var t0 = time.Now()

func mark(s string) {
	fmt.Fprintf(os.Stderr, "%7.1f ms  %s\n", float64(time.Since(t0).Microseconds())/1000, s)
}

func main() {
	mark("main")
	if os.Getenv("PROBE_HEAP") != "" {
		runtime.MemProfileRate = 1
	}
	if f := os.Getenv("PROBE_CPU"); f != "" {
		out, err := os.Create(f)
		if err == nil && pprof.StartCPUProfile(out) == nil {
			time.AfterFunc(3*time.Second, pprof.StopCPUProfile)
		}
	}
	a := app.NewWithID(ui.AppID)
	mark("app.NewWithID")
	a.Lifecycle().SetOnStarted(func() { mark("event loop started (the window is up)") })
	if f := os.Getenv("PROBE_ICON"); f != "" {
		r, err := fyne.LoadResourceFromPath(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		a.SetIcon(r)
	} else if os.Getenv("PROBE_NOICON") == "" {
		a.SetIcon(assets.Icon)
	}
	w := a.NewWindow(ui.AppName)
	mark("NewWindow")
	if os.Getenv("PROBE_HELLO") != "" {
		w.Resize(fyne.NewSize(1180, 760))
	} else {
		parts := wire.Parts{}
		svc, err := parts.Service()
		ui.Show(a, w, ui.Deps{Service: svc, OpenErr: err, Secrets: parts.Keyring()})
	}
	mark("content built")
	if os.Getenv("PROBE_FREE") != "" {
		time.AfterFunc(1200*time.Millisecond, debug.FreeOSMemory)
	}
	go func() {
		time.Sleep(2 * time.Second)
		if f := os.Getenv("PROBE_HEAP"); f != "" {
			writeHeap(f)
		}
		time.Sleep(2 * time.Second)
		fyne.Do(a.Quit)
	}()
	w.ShowAndRun()
}

func writeHeap(file string) {
	defer func() {
		// A heap profile shows the heap as of the last collection: collect
		// first (after the figures above), so that it is the heap now.
		runtime.GC()
		if out, err := os.Create(file); err == nil {
			pprof.Lookup("heap").WriteTo(out, 0)
			out.Close()
		}
	}()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	status, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(l, "VmRSS") {
			mark(l)
		}
	}
	mark(fmt.Sprintf("Go heap in use %d MB, heap from the OS %d MB, all Go memory %d MB", ms.HeapInuse>>20, ms.HeapSys>>20, ms.Sys>>20))
}
