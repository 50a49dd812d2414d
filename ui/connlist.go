package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// The Connections page's keyboard: its search box and its list.

// searchEntry is the Connections search box: it passes the window's
// shortcuts on, Esc clears it and Down moves into the list.
type searchEntry struct {
	widget.Entry
	win            fyne.Window // whose shortcuts it passes on
	onDown, onOpen func()
}

func (e *searchEntry) TypedShortcut(s fyne.Shortcut) {
	if _, ok := s.(*desktop.CustomShortcut); ok {
		if sc, ok := e.win.Canvas().(fyne.Shortcutable); ok {
			sc.TypedShortcut(s)
			return
		}
	}
	e.Entry.TypedShortcut(s)
}

func (e *searchEntry) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyEscape:
		e.SetText("")
	case fyne.KeyDown:
		if e.onDown != nil {
			e.onDown()
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if e.onOpen != nil {
			e.onOpen()
		}
	default:
		e.Entry.TypedKey(ev)
	}
}

// connList is the connections list: arrows move the selection, Enter
// opens the selected connection, and the window's shortcuts still work.
type connList struct {
	widget.List
	win      fyne.Window // whose shortcuts it passes on
	selected widget.ListItemID
	onEnter  func(widget.ListItemID)
}

func (l *connList) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if l.selected >= 0 && l.onEnter != nil {
			l.onEnter(l.selected)
		}
	case fyne.KeyDown:
		l.List.TypedKey(ev)
		l.Select(l.selected + 1)
	case fyne.KeyUp:
		l.List.TypedKey(ev)
		if l.selected > 0 {
			l.Select(l.selected - 1)
		}
	default:
		l.List.TypedKey(ev)
	}
}

// FocusGained selects the first row when none is: Enter then opens it.
func (l *connList) FocusGained() {
	l.List.FocusGained()
	if l.selected < 0 && l.Length != nil && l.Length() > 0 {
		l.Select(0)
	}
}

func (l *connList) TypedShortcut(s fyne.Shortcut) {
	if sc, ok := l.win.Canvas().(fyne.Shortcutable); ok {
		sc.TypedShortcut(s)
	}
}
