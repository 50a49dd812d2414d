package ui

import "zoomconn/model"

// The editor's iClient field: the iClients that fit the connection, and
// the one chosen.

// editorIClients is the editor's choice of iClient: the ones that fit the
// environment and auth type, + to create one and ✎ to edit the chosen one.
type editorIClients struct {
	e         *editor
	sel       *escSelect
	ids       map[string]string // option → id
	add, edit *button
}

// selectedID is the chosen iClient's id; "" when none is.
func (p *editorIClients) selectedID() string { return p.ids[p.sel.Selected] }

// wantsApp is the app types an iClient may have for the chosen auth type.
func (p *editorIClients) wantsApp(t model.AppType) bool {
	e := p.e
	if authOf(e.auth.Selected) == model.AuthS2S {
		return t == model.AppS2S
	}
	return t != model.AppS2S
}

// fill offers the iClients that fit the environment and auth type,
// selecting keepID when it is still offered.
func (p *editorIClients) fill(keepID string) {
	e := p.e
	env := e.current().Env
	p.ids = map[string]string{}
	var opts []string
	selected := ""
	for _, ic := range e.doc.IClients {
		fits := ic.Env.Same(env) && p.wantsApp(ic.AppType)
		if !fits && ic.ID != keepID {
			continue
		}
		opts = append(opts, ic.Name)
		p.ids[ic.Name] = ic.ID
		if ic.ID == keepID {
			selected = ic.Name
		}
	}
	// The only iClient that fits is chosen by itself.
	if selected == "" && len(opts) == 1 && authOf(e.auth.Selected) != model.AuthJWT {
		selected = opts[0]
	}
	p.sel.Options = opts
	p.sel.Selected = selected
	e.showRedirect()
	switch {
	case len(opts) == 0 && len(e.doc.IClients) > 0:
		p.sel.PlaceHolder = "None for " + env.Kind.ShortLabel() + " and this type yet: click + to add one"
	case len(opts) == 0:
		p.sel.PlaceHolder = "None yet: click + to add one"
	default:
		p.sel.PlaceHolder = "Choose a Zoom app (iClient)"
	}
	p.sel.Refresh()
}
