package demo

import (
	"path/filepath"
	"testing"
	"zoomconn/model"
)

func TestDemoDocumentIsValidAndCoversEveryStatus(t *testing.T) {
	doc := Document(1000)
	if len(doc.Connections) != 1000 {
		t.Fatalf("got %d connections, want 1000", len(doc.Connections))
	}
	seen := map[model.Status]bool{}
	for i := range doc.Connections {
		c := doc.Connections[i]
		seen[c.Status] = true
		var err error
		if c.Auth == model.AuthJWT {
			err = model.ValidateJWTRecord(&c, doc)
		} else {
			err = model.ValidateConnection(&c, doc, false)
		}
		if err != nil {
			t.Errorf("connection %q is not valid: %v", c.Name, err)
		}
	}
	for _, s := range []model.Status{model.StatusNotAuthorized, model.StatusOnline, model.StatusOffline, model.StatusMigrationNeeded, model.StatusReconnectNeeded} {
		if !seen[s] {
			t.Errorf("no demo connection is %s", s.Label())
		}
	}
	for i := range doc.IClients {
		if err := model.ValidateIClient(&doc.IClients[i], doc); err != nil {
			t.Errorf("iClient %q is not valid: %v", doc.IClients[i].Name, err)
		}
	}
}

func TestWriteDemo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	if err := Write(dir); err != nil {
		t.Fatal(err)
	}
	doc, err := (&model.Store{Dir: dir}).Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Connections) != len(demoConns) || len(doc.IClients) == 0 {
		t.Errorf("demo folder has %d connections and %d iClients", len(doc.Connections), len(doc.IClients))
	}
	evs, skipped, err := model.NewActivityLog(dir).Read("")
	if err != nil || skipped != 0 || len(evs) == 0 {
		t.Errorf("demo activity: %d events, %d skipped, %v", len(evs), skipped, err)
	}
	if err := Write(dir); err == nil {
		t.Error("Write overwrote an existing data folder")
	}
}
