package model

import (
	"bufio"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func sampleDoc(n int) *Document {
	d := NewDocument()
	d.Settings.RedirectPort = 41000 + n%1000
	d.IClients = append(d.IClients, IClient{ID: "ic", Name: "Acme", Env: Environment{Kind: EnvZoom}, AppType: AppAccount, ClientID: "abc"})
	for i := range n % 7 {
		d.Connections = append(d.Connections, Connection{ID: fmt.Sprint(i), Name: fmt.Sprintf("conn %d of save %d", i, n), Auth: AuthOAuth2, IClientID: "ic", Status: StatusOnline})
	}
	return d
}

func TestStoreRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "zoomconn")
	s, err := OpenStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	empty, err := s.Load()
	if err != nil || len(empty.Connections) != 0 || empty.Schema != SchemaVersion {
		t.Fatalf("a missing file should load as an empty document, got %+v, %v", empty, err)
	}
	want := sampleDoc(13)
	want.Connections[0].AuthorizedAs = &Account{UserID: "u1", Email: "jane@example.com"}
	if err := s.Save(want); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	if got.Settings.RedirectPort != want.Settings.RedirectPort || len(got.Connections) != len(want.Connections) ||
		got.Connections[0].AuthorizedAs.Email != "jane@example.com" || got.IClients[0].ClientID != "abc" {
		t.Errorf("round trip lost data: got %+v", got)
	}
	raw, _ := os.ReadFile(s.Path())
	if !strings.Contains(string(raw), fmt.Sprintf(`"schema": %d`, SchemaVersion)) {
		t.Errorf("file has no schema version:\n%s", raw)
	}
	if runtime.GOOS != "windows" {
		for path, mode := range map[string]os.FileMode{dir: 0o700, s.Path(): 0o600} {
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != mode {
				t.Errorf("%s has mode %v, want %v", path, fi.Mode().Perm(), mode)
			}
		}
	}
	// The second save keeps the first as the backup.
	if err := s.Save(sampleDoc(14)); err != nil {
		t.Fatal(err)
	}
	bak, _ := os.ReadFile(s.BackupPath())
	if string(bak) != string(raw) {
		t.Errorf("the backup is not the previous good copy")
	}
}

func TestStoreNewerSchemaRefused(t *testing.T) {
	s, _ := OpenStore(t.TempDir())
	os.WriteFile(s.Path(), []byte(`{"schema": 99, "connections": []}`), 0o600)
	_, err := s.Load()
	var le *LoadError
	if !errors.As(err, &le) || !strings.Contains(err.Error(), "written by a newer version of Zoom Connections") {
		t.Fatalf("got %v", err)
	}
}

func TestStoreUnreadableFileIsNeverOverwritten(t *testing.T) {
	good := sampleDoc(3)
	cases := map[string]func(valid []byte) []byte{
		"truncated": func(v []byte) []byte { return v[:len(v)/2] },
		"garbage":   func(v []byte) []byte { return []byte("\x00\x01 not json at all") },
		"empty":     func(v []byte) []byte { return nil },
		"no schema": func(v []byte) []byte { return []byte(`{"connections": []}`) },
	}
	wantProblem := map[string]string{
		"truncated": "it ends too early",
		"garbage":   "it is not valid JSON (line 1",
		"empty":     "it is empty",
		"no schema": "it has no schema version",
	}
	for name, corrupt := range cases {
		t.Run(name, func(t *testing.T) {
			s, _ := OpenStore(t.TempDir())
			if err := s.Save(good); err != nil {
				t.Fatal(err)
			}
			if err := s.Save(sampleDoc(4)); err != nil { // now the backup holds good
				t.Fatal(err)
			}
			valid, _ := os.ReadFile(s.Path())
			bad := corrupt(valid)
			os.WriteFile(s.Path(), bad, 0o600)

			_, err := s.Load()
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("got %v, want a LoadError", err)
			}
			for _, want := range []string{s.Path(), wantProblem[name], "left untouched", "backup"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("message %q does not say %q", err, want)
				}
			}
			if le.BackupPath != s.BackupPath() {
				t.Errorf("backup not offered: %q", le.BackupPath)
			}
			if err := s.Save(sampleDoc(5)); !errors.As(err, &le) {
				t.Errorf("Save over an unreadable file: got %v, want a LoadError", err)
			}
			if now, _ := os.ReadFile(s.Path()); string(now) != string(bad) {
				t.Fatal("the unreadable file was changed")
			}
			if err := s.RestoreBackup(); err != nil {
				t.Fatal(err)
			}
			got, err := s.Load()
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Connections) != len(good.Connections) {
				t.Errorf("restored %d connections, want %d", len(got.Connections), len(good.Connections))
			}
			if kept, _ := os.ReadFile(s.Path() + ".broken-1"); string(kept) != string(bad) {
				t.Error("the unreadable file was not set aside for inspection")
			}
		})
	}
}

// TestStoreSurvivesKill kills a process that saves in a loop at random
// moments; after every kill the file must hold the last save it reported or
// the one it was in the middle of, never anything else.
func TestStoreSurvivesKill(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL is POSIX")
	}
	dir := t.TempDir()
	s, _ := OpenStore(dir)
	kills := 200
	if testing.Short() {
		kills = 20
	}
	rng := rand.New(rand.NewPCG(1, 2))
	start := 0
	for k := 0; k < kills; k++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperSaveLoop$")
		cmd.Env = append(os.Environ(), "ZOOMCONN_SAVE_LOOP="+dir, fmt.Sprintf("ZOOMCONN_SAVE_FROM=%d", start))
		out, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan int, 1024)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				if n, err := strconv.Atoi(sc.Text()); err == nil {
					lines <- n
				}
			}
			close(lines)
		}()
		// Let it get going, then kill it somewhere in the middle of a save.
		first := <-lines
		time.Sleep(time.Duration(rng.IntN(4000)) * time.Microsecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		last := first
		for n := range lines {
			last = n
		}
		doc, err := s.Load()
		if err != nil {
			t.Fatalf("kill %d: the file does not load after a crash: %v", k, err)
		}
		got := doc.Settings.RedirectPort - 40000
		if got != last && got != last+1 {
			t.Fatalf("kill %d: file holds save %d, but the last reported save was %d", k, got, last)
		}
		want := sampleDoc(got)
		if len(doc.Connections) != len(want.Connections) {
			t.Fatalf("kill %d: save %d has %d connections, want %d", k, got, len(doc.Connections), len(want.Connections))
		}
		start = got + 1
	}
}

// TestHelperSaveLoop is the process TestStoreSurvivesKill kills.
func TestHelperSaveLoop(t *testing.T) {
	dir := os.Getenv("ZOOMCONN_SAVE_LOOP")
	if dir == "" {
		t.Skip("helper process")
	}
	s, _ := OpenStore(dir)
	n, _ := strconv.Atoi(os.Getenv("ZOOMCONN_SAVE_FROM"))
	for ; ; n++ {
		d := sampleDoc(n)
		d.Settings.RedirectPort = 40000 + n
		if err := s.Save(d); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		fmt.Println(n)
	}
}
