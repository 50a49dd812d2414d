package model

import "strings"

// SchemaVersion is the version of the metadata document this build writes.
// Version 1 kept one OAuth 2.0 token per connection; version 2 keeps one per
// sign-in (see upgrade.go).
const SchemaVersion = 2

// Document is everything the metadata file holds.
type Document struct {
	Schema      int          `json:"schema"`
	Settings    Settings     `json:"settings"`
	IClients    []IClient    `json:"iclients"`
	Connections []Connection `json:"connections"`
	SignIns     []SignIn     `json:"signins"`
}

// NewDocument returns an empty document of the current schema.
func NewDocument() *Document {
	return &Document{Schema: SchemaVersion, IClients: []IClient{}, Connections: []Connection{}, SignIns: []SignIn{}}
}

// Connection returns the connection with id, or nil.
func (d *Document) Connection(id string) *Connection {
	for i := range d.Connections {
		if d.Connections[i].ID == id {
			return &d.Connections[i]
		}
	}
	return nil
}

// ConnectionByName returns the connection named name (any case), or nil.
func (d *Document) ConnectionByName(name string) *Connection {
	name = strings.TrimSpace(name)
	for i := range d.Connections {
		if strings.EqualFold(d.Connections[i].Name, name) {
			return &d.Connections[i]
		}
	}
	return nil
}

// IClient returns the iClient with id, or nil.
func (d *Document) IClient(id string) *IClient {
	for i := range d.IClients {
		if d.IClients[i].ID == id {
			return &d.IClients[i]
		}
	}
	return nil
}

// IClientByName returns the iClient named name (any case), or nil.
func (d *Document) IClientByName(name string) *IClient {
	name = strings.TrimSpace(name)
	for i := range d.IClients {
		if strings.EqualFold(d.IClients[i].Name, name) {
			return &d.IClients[i]
		}
	}
	return nil
}

// SignIn returns the sign-in with id, or nil.
func (d *Document) SignIn(id string) *SignIn {
	if id == "" {
		return nil
	}
	for i := range d.SignIns {
		if d.SignIns[i].ID == id {
			return &d.SignIns[i]
		}
	}
	return nil
}

// SignInOf returns the sign-in of Zoom user userID with the iClient
// iclientID, or nil. Another iClient with the same credentials of the
// same app in the same environment (SameApp) counts too: Zoom has one
// sign-in per user per app. An iClient that only shares the Client ID,
// in another environment or of another kind, never does: its sign-in
// goes to another host.
func (d *Document) SignInOf(iclientID, userID string) *SignIn {
	if userID == "" {
		return nil
	}
	ic := d.IClient(iclientID)
	for i := range d.SignIns {
		si := &d.SignIns[i]
		if si.User.UserID != userID {
			continue
		}
		if si.IClientID == iclientID {
			return si
		}
		if other := d.IClient(si.IClientID); ic != nil && other != nil && ic.SameApp(*other) {
			return si
		}
	}
	return nil
}

// SignInsOfApp returns the sign-ins of the iClient iclientID and of every
// iClient that is the same app (SameApp).
func (d *Document) SignInsOfApp(iclientID string) []SignIn {
	ic := d.IClient(iclientID)
	var out []SignIn
	for _, si := range d.SignIns {
		other := d.IClient(si.IClientID)
		if si.IClientID == iclientID || (ic != nil && other != nil && ic.SameApp(*other)) {
			out = append(out, si)
		}
	}
	return out
}

// UsersOfApp returns the OAuth 2.0 connections whose iClient is iclientID
// or the same app (SameApp).
func (d *Document) UsersOfApp(iclientID string) []Connection {
	ic := d.IClient(iclientID)
	var out []Connection
	for _, c := range d.Connections {
		if c.Auth != AuthOAuth2 {
			continue
		}
		other := d.IClient(c.IClientID)
		if c.IClientID == iclientID || (ic != nil && other != nil && ic.SameApp(*other)) {
			out = append(out, c)
		}
	}
	return out
}

// SharersOf returns the OAuth 2.0 connections that use the sign-in id.
func (d *Document) SharersOf(id string) []Connection {
	var out []Connection
	if id == "" {
		return out
	}
	for _, c := range d.Connections {
		if c.Auth == AuthOAuth2 && c.SignInID == id {
			out = append(out, c)
		}
	}
	return out
}

// AlsoUsedBy returns the names of the other connections that share c's
// sign-in.
func (d *Document) AlsoUsedBy(c Connection) []string {
	var names []string
	for _, o := range d.SharersOf(c.SignInID) {
		if o.ID != c.ID {
			names = append(names, o.Name)
		}
	}
	return names
}

// UsersOf returns the names of the connections that use the iClient id.
func (d *Document) UsersOf(id string) []string {
	var names []string
	for _, c := range d.Connections {
		if c.IClientID == id {
			names = append(names, c.Name)
		}
	}
	return names
}

// Clone returns a deep copy, so callers can edit without touching the original.
func (d *Document) Clone() *Document {
	n := *d
	n.IClients = append([]IClient(nil), d.IClients...)
	n.SignIns = append([]SignIn(nil), d.SignIns...)
	n.Connections = make([]Connection, len(d.Connections))
	for i, c := range d.Connections {
		if c.AuthorizedAs != nil {
			a := *c.AuthorizedAs
			c.AuthorizedAs = &a
		}
		n.Connections[i] = c
	}
	return &n
}
