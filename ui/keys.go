package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
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

// newConnection opens Create connection, unless a dialog is already open.
func (u *UI) newConnection() {
	if u.dlg.hasDialog() {
		return
	}
	u.openEditor(nil)
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

// link is a hyperlink that tells its window when it gains the focus.
type link struct{ widget.Hyperlink }

func newLink(text string, tapped func()) *link {
	l := &link{widget.Hyperlink{Text: text, OnTapped: tapped}}
	l.ExtendBaseWidget(l)
	return l
}

func (l *link) FocusGained() {
	l.Hyperlink.FocusGained()
	gotFocus(l)
}

// escHandler is how Esc closes one open dialog.
type escHandler struct {
	id int
	f  func()
	d  dialog.Dialog // the dialog it closes, for its default button
}

// pushEscape registers how Esc closes a dialog being shown; the newest open
// dialog gets the key. The returned function unregisters it.
func (dlg *dialogs) pushEscape(f func(), d dialog.Dialog) func() {
	dlg.escSeq++
	id := dlg.escSeq
	dlg.escapes = append(dlg.escapes, escHandler{id, f, d})
	return func() {
		delete(dlg.defaults, d)
		for i, h := range dlg.escapes {
			if h.id == id {
				dlg.escapes = append(dlg.escapes[:i], dlg.escapes[i+1:]...)
				return
			}
		}
	}
}

// track shows that d is open: Esc calls esc (nil: closes d) until d closes.
func (dlg *dialogs) track(d dialog.Dialog, esc func()) {
	if esc == nil {
		esc = d.Hide
	}
	d.SetOnClosed(dlg.pushEscape(esc, d))
}

func (dlg *dialogs) escape() {
	if n := len(dlg.escapes); n > 0 {
		dlg.escapes[n-1].f()
	}
}

func (dlg *dialogs) hasDialog() bool { return len(dlg.escapes) > 0 }

// escEntry is an Entry on which Esc closes the dialog it is in.
type escEntry struct {
	widget.Entry
	keys fieldKeys
	// trimPaste drops spaces and line breaks around pasted text: a Client
	// ID or secret copied from a web page often brings some along.
	trimPaste bool
}

func (e *escEntry) TypedShortcut(s fyne.Shortcut) {
	if p, ok := s.(*fyne.ShortcutPaste); ok && e.trimPaste && p.Clipboard != nil {
		s = &fyne.ShortcutPaste{Clipboard: trimmedClipboard{p.Clipboard}}
	}
	e.Entry.TypedShortcut(s)
}

// trimmedClipboard reads a clipboard without surrounding whitespace.
type trimmedClipboard struct{ fyne.Clipboard }

func (c trimmedClipboard) Content() string { return strings.TrimSpace(c.Clipboard.Content()) }

func newEntry(k fieldKeys, placeholder string) *escEntry {
	e := &escEntry{keys: k}
	e.PlaceHolder = placeholder
	e.ExtendBaseWidget(e)
	return e
}

func newPasswordEntry(k fieldKeys, placeholder string) *escEntry {
	e := newEntry(k, placeholder)
	e.Password = true
	return e
}

func (e *escEntry) TypedKey(ev *fyne.KeyEvent) {
	switch {
	case ev.Name == fyne.KeyEscape:
		e.keys.onEsc()
	case (ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter) && !e.MultiLine && e.OnSubmitted == nil:
		e.keys.onEnter()
	default:
		e.Entry.TypedKey(ev)
	}
}

// FocusGained scrolls the field into view in the dialog it is in.
func (e *escEntry) FocusGained() {
	e.Entry.FocusGained()
	gotFocus(e)
}

// escSelect is a Select on which Esc closes the dialog it is in.
type escSelect struct {
	widget.Select
	keys fieldKeys
}

func newSelect(k fieldKeys, options []string, changed func(string)) *escSelect {
	s := &escSelect{keys: k}
	s.Options = options
	s.OnChanged = changed
	s.ExtendBaseWidget(s)
	return s
}

func (s *escSelect) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyEscape:
		s.keys.onEsc()
	case fyne.KeyReturn, fyne.KeyEnter:
		s.keys.onEnter()
	default:
		s.Select.TypedKey(ev)
	}
}

// FocusGained scrolls the field into view in the dialog it is in.
func (s *escSelect) FocusGained() {
	s.Select.FocusGained()
	gotFocus(s)
}

// readOnlyEntry shows text that can be selected and copied but not changed,
// in the normal text colour (a disabled Entry greys it out).
type readOnlyEntry struct {
	widget.Entry
	keys     fieldKeys
	onEscape func() // nil: Esc closes the top dialog
}

func newReadOnlyEntry(k fieldKeys, text string) *readOnlyEntry {
	e := &readOnlyEntry{keys: k}
	e.Text = text
	e.ExtendBaseWidget(e)
	return e
}

func (e *readOnlyEntry) TypedRune(rune) {}

// FocusGained scrolls the field into view in the dialog it is in.
func (e *readOnlyEntry) FocusGained() {
	e.Entry.FocusGained()
	gotFocus(e)
}

func (e *readOnlyEntry) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyEscape:
		if e.onEscape != nil {
			e.onEscape()
			return
		}
		e.keys.onEsc()
	case fyne.KeyReturn, fyne.KeyEnter:
		e.keys.onEnter()
	case fyne.KeyLeft, fyne.KeyRight, fyne.KeyUp, fyne.KeyDown, fyne.KeyHome, fyne.KeyEnd, fyne.KeyPageUp, fyne.KeyPageDown:
		e.Entry.TypedKey(ev)
	}
}

func (e *readOnlyEntry) TypedShortcut(s fyne.Shortcut) {
	switch s.(type) {
	case *fyne.ShortcutCopy, *fyne.ShortcutSelectAll:
		e.Entry.TypedShortcut(s)
	}
}

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
