package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// showMenuUnder opens menu under the button at, its right edge on the
// button's: the … button ends a row, at the window's right, and a menu
// opened from its left edge was pushed against the window's edge. Where
// there is no room below, it opens above the button.
func showMenuUnder(menu *fyne.Menu, c fyne.Canvas, at fyne.CanvasObject) {
	m := widget.NewPopUpMenu(menu, c)
	size, button := m.MinSize(), at.Size()
	y := button.Height
	if top := fyne.CurrentApp().Driver().AbsolutePositionForObject(at).Y; top+y+size.Height > c.Size().Height && top >= size.Height {
		y = -size.Height
	}
	m.ShowAtRelativePosition(fyne.NewPos(button.Width-size.Width, y), at)
}
