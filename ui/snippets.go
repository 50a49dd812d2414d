package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"zoomconn/model"
)

// scriptSnippets is Edit connection's "Use in scripts", under the form of
// an Online connection: short scripts that call Zoom with it through
// zoomconn (model.Snippets), each with Copy. The README shows the same.
type scriptSnippets struct {
	e       *editor
	section *widget.Accordion
	tabs    *container.AppTabs
	codes   []*readOnlyEntry
	copies  []*button
}

func newScriptSnippets(e *editor) *scriptSnippets {
	s := &scriptSnippets{e: e, tabs: container.NewAppTabs()}
	intro := quietHint("Scripts ask zoomconn, this app's command line, for the connection's token each time: " +
		"it renews and saves the token when needed. zoomconn api calls Zoom itself, page by page (zoomconn api --help).")
	s.section = widget.NewAccordion(widget.NewAccordionItem("Use in scripts", container.NewVBox(intro, s.tabs)))
	s.section.Hide()
	return s
}

// show shows the section for c, or hides it.
func (s *scriptSnippets) show(c *model.Connection, on bool) {
	if !on || c == nil {
		s.section.Hide()
		return
	}
	snippets := model.Snippets(*c)
	if len(s.tabs.Items) != len(snippets) {
		s.build(len(snippets))
	}
	for i, sn := range snippets {
		s.tabs.Items[i].Text = sn.Title
		s.codes[i].SetText(strings.TrimSuffix(sn.Code, "\n"))
		s.codes[i].SetMinRowsVisible(strings.Count(sn.Code, "\n"))
	}
	s.tabs.Refresh()
	s.section.Show()
}

// build makes n tabs, each a read-only code block with Copy.
func (s *scriptSnippets) build(n int) {
	s.tabs.Items, s.codes, s.copies = nil, nil, nil
	for range n {
		code := newReadOnlyEntry(s.e.keys, "")
		code.MultiLine = true
		code.Wrapping = fyne.TextWrapOff
		code.TextStyle = fyne.TextStyle{Monospace: true}
		cp := btn(&button{Button: widget.Button{Text: "Copy", Icon: theme.ContentCopyIcon()}})
		cp.OnTapped = func() { s.e.links.copyToClipboard(code.Text+"\n", cp) }
		s.codes, s.copies = append(s.codes, code), append(s.copies, cp)
		s.tabs.Append(container.NewTabItem("", container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), cp), nil, nil, code)))
	}
}

// scriptsShown says whether Use in scripts belongs in the form: the saved
// connection is Online and the form still has its authentication type.
func (e *editor) scriptsShown() bool {
	return e.orig != nil && e.orig.Status == model.StatusOnline && e.orig.Auth != model.AuthJWT &&
		authOf(e.auth.Selected) == e.orig.Auth
}
