// Command hello is the baseline of bench/startup.sh: the smallest Fyne
// window, built the same way as zoomconn, at the same size.
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("io.github.zoomconn.hello")
	w := a.NewWindow("Hello Fyne")
	w.SetContent(widget.NewLabel("Hello, world"))
	w.Resize(fyne.NewSize(1180, 760))
	w.ShowAndRun()
}
