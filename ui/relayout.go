package ui

import "fyne.io/fyne/v2"

// relayout lays c out again at once, after something in it was shown,
// hidden or grew. Fyne's driver would do it before the next frame, but it
// remembers only one container to lay out at a time: when the Connections
// page's banner went in the same frame as its footer's notice came, the
// column headers moved up into the banner's place and the list did not,
// leaving a blank band of the banner's height under the headers until the
// next reload. c's children are laid out too, where their size changes.
func relayout(c *fyne.Container) {
	if c == nil || c.Layout == nil {
		return
	}
	c.Layout.Layout(c.Objects, c.Size())
}
