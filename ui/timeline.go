package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// jwtTimeline is the seed article's table, corrected by Zoom's later
// announcement (DESIGN.md).
var jwtTimeline = [][2]string{
	{"June 1, 2023", "New JWT apps can no longer be created."},
	{"Early July 2023", "Integration platforms removed JWT from their Zoom connections."},
	{"September 1, 2023 → moved to September 8, 2023", "Zoom disabled JWT app authorization. JWT connections stopped working."},
}

// sdkJWTNote is said wherever JWT is explained: only the REST API's JWT
// app type was retired.
const sdkJWTNote = "Only the JWT app type for Zoom's REST API was retired. Meeting SDK and Video SDK JWTs are not affected: they still work and must not be migrated."

// showTimeline explains, with dates, why JWT connections must move.
func showTimeline(dlg *dialogs) {
	grid := container.New(layout.NewFormLayout())
	head := func(s string) *widget.Label { return &widget.Label{Text: s, TextStyle: fyne.TextStyle{Bold: true}} }
	grid.Add(head("Date"))
	grid.Add(head("What happened"))
	for _, row := range jwtTimeline {
		grid.Add(&widget.Label{Text: row[0], TextStyle: fyne.TextStyle{Bold: true}})
		grid.Add(&widget.Label{Text: row[1], Wrapping: fyne.TextWrapWord})
	}
	intro := &widget.Label{Wrapping: fyne.TextWrapWord,
		Text: "Zoom retired the JWT app type. Every connection that still uses an API Key and API Secret must move to OAuth 2.0 (or to Server-to-Server OAuth, Zoom's own replacement for JWT)."}
	sdk := &widget.Label{Wrapping: fyne.TextWrapWord, Text: sdkJWTNote}
	next := &widget.Label{Wrapping: fyne.TextWrapWord,
		Text: "To migrate one: open it with Edit connection, click Migrate to OAuth 2.0, choose or create an iClient, add the Redirect URL to your Zoom app, then Save & authorize."}
	d := dialog.NewCustomWithoutButtons("Why JWT connections must be migrated",
		container.NewVBox(minWidth(640), intro, sdk, widget.NewSeparator(), grid, widget.NewSeparator(), next), dlg.win)
	dlg.setButtons(d, btn(&button{Button: widget.Button{Text: "Close", Importance: widget.HighImportance, OnTapped: d.Hide}}))
	dlg.track(d, nil)
	d.Show()
}
