package model

import (
	"path/filepath"
	"testing"
)

func TestDemoDocumentIsValidAndCoversEveryStatus(t *testing.T) {
	doc := DemoDocument(1000)
	if len(doc.Connections) != 1000 {
		t.Fatalf("got %d connections, want 1000", len(doc.Connections))
	}
	seen := map[Status]bool{}
	for i := range doc.Connections {
		c := doc.Connections[i]
		seen[c.Status] = true
		var err error
		if c.Auth == AuthJWT {
			err = ValidateJWTRecord(&c, doc)
		} else {
			err = ValidateConnection(&c, doc, false)
		}
		if err != nil {
			t.Errorf("connection %q is not valid: %v", c.Name, err)
		}
	}
	for _, s := range []Status{StatusNotAuthorized, StatusOnline, StatusOffline, StatusMigrationNeeded, StatusReconnectNeeded} {
		if !seen[s] {
			t.Errorf("no demo connection is %s", s.Label())
		}
	}
	for i := range doc.IClients {
		if err := ValidateIClient(&doc.IClients[i], doc); err != nil {
			t.Errorf("iClient %q is not valid: %v", doc.IClients[i].Name, err)
		}
	}
}

func TestWriteDemo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	if err := WriteDemo(dir); err != nil {
		t.Fatal(err)
	}
	doc, err := (&Store{Dir: dir}).Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Connections) != len(demoConns) || len(doc.IClients) == 0 {
		t.Errorf("demo folder has %d connections and %d iClients", len(doc.Connections), len(doc.IClients))
	}
	evs, skipped, err := NewActivityLog(dir).Read("")
	if err != nil || skipped != 0 || len(evs) == 0 {
		t.Errorf("demo activity: %d events, %d skipped, %v", len(evs), skipped, err)
	}
	if err := WriteDemo(dir); err == nil {
		t.Error("WriteDemo overwrote an existing data folder")
	}
}
