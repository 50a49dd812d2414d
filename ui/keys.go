package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// Window shortcuts (DESIGN.md, Keyboard).
var (
	shortcutFind = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutNew  = &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}
)

// addShortcuts wires Ctrl+F, Ctrl+N and Esc to the window. A focused Entry
// swallows shortcuts, so the search box forwards them here (searchEntry).
func (u *UI) addShortcuts() {
	c := u.win.Canvas()
	c.AddShortcut(shortcutFind, func(fyne.Shortcut) { u.focusSearch() })
	c.AddShortcut(shortcutNew, func(fyne.Shortcut) { u.newConnection() })
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		switch ev.Name {
		case fyne.KeyEscape:
			u.dlg.escape()
		case fyne.KeyReturn, fyne.KeyEnter:
			u.dlg.pressDefault()
		}
	})
}

// focusSearch shows the Connections tab and puts the cursor in its search box.
func (u *UI) focusSearch() {
	if u.dlg.hasDialog() {
		return
	}
	u.tabs.SelectIndex(0)
	u.win.Canvas().Focus(u.connections.search)
}

// gotFocus scrolls every scroll that holds o, in its window or the dialog
// on top, so that o is in view: Tab may move the focus below the fold of a
// dialog, a wizard step, the Guide or Settings. Fyne tells only the widget
// that gains the focus, so the app's focusable widgets call this.
func gotFocus(o fyne.CanvasObject) {
	c := fyne.CurrentApp().Driver().CanvasForObject(o)
	if c == nil {
		return
	}
	for _, root := range append([]fyne.CanvasObject{c.Content()}, c.Overlays().List()...) {
		if scrolls, ok := scrollsHolding(root, o, nil); ok {
			for _, s := range scrolls {
				reveal(s, o)
			}
			return
		}
	}
}

// scrollsHolding finds o under x and returns the scrolls on the way,
// outermost first. It looks where the app puts things: containers,
// scrolls, the selected tab, pop-ups (dialogs), pages built on first show,
// cards, theme overrides and open accordion items.
func scrollsHolding(x, o fyne.CanvasObject, outer []*container.Scroll) ([]*container.Scroll, bool) {
	if x == nil || !x.Visible() {
		return nil, false
	}
	if x == o {
		return outer, true
	}
	var inside []fyne.CanvasObject
	switch v := x.(type) {
	case *fyne.Container:
		inside = v.Objects
	case *container.Scroll:
		outer = append(outer[:len(outer):len(outer)], v)
		inside = []fyne.CanvasObject{v.Content}
	case *container.AppTabs:
		if t := v.Selected(); t != nil {
			inside = []fyne.CanvasObject{t.Content}
		}
	case *widget.PopUp:
		inside = []fyne.CanvasObject{v.Content}
	case *lazyContent:
		if v.obj != nil {
			inside = []fyne.CanvasObject{v.obj}
		}
	case *container.ThemeOverride:
		inside = []fyne.CanvasObject{v.Content}
	case *widget.Card:
		inside = []fyne.CanvasObject{v.Content}
	case *widget.Accordion:
		for _, it := range v.Items {
			if it.Open {
				inside = append(inside, it.Detail)
			}
		}
	}
	for _, in := range inside {
		if s, ok := scrollsHolding(in, o, outer); ok {
			return s, true
		}
	}
	return nil, false
}
