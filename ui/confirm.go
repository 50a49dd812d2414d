package ui

import (
	"fyne.io/fyne/v2"
)

// question is what ask asks.
type question struct {
	Title   string
	Message string            // shown wrapped; or
	Content fyne.CanvasObject // shown as it is, when not nil
	Yes, No string            // the answers' words; No defaults to "Cancel"
	// Danger marks an answer that deletes or signs out: its button is red,
	// and the focus starts on the safe answer, so Enter alone never does
	// it; Tab then Enter, or a click, does.
	Danger bool
}
