package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// The fields of the window's dialogs: each closes its dialog on Esc,
// presses the dialog's primary button on Enter (fieldKeys), and scrolls
// itself into view when it gets the focus (gotFocus).

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
