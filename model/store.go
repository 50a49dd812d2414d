package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

// File names inside the data folder.
const (
	DocumentFile = "zoomconn.json"
	BackupFile   = "zoomconn.json.bak"
	LockFile     = "zoomconn.lock"
	ActivityFile = "activity.jsonl"
)

// HomeEnv names the environment variable that chooses the data folder.
const HomeEnv = "ZOOMCONN_HOME"

// DefaultDir is the data folder: $ZOOMCONN_HOME, else <user config dir>/zoomconn.
func DefaultDir() (string, error) {
	if d := os.Getenv(HomeEnv); d != "" {
		return filepath.Abs(d)
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the settings folder: %w (set %s to choose one)", err, HomeEnv)
	}
	return filepath.Join(base, "zoomconn"), nil
}

// LoadError says why the metadata file cannot be read. The file is left as it
// is; Store refuses to overwrite it until it is fixed or the backup restored.
type LoadError struct {
	Path       string
	Problem    string
	BackupPath string // "" when there is no usable backup
	Err        error
}

func (e *LoadError) Error() string {
	msg := fmt.Sprintf("The connections file %s cannot be read: %s.", e.Path, e.Problem)
	if e.BackupPath != "" {
		return msg + " It has been left untouched. A backup from the last good save can be restored."
	}
	return msg + " It has been left untouched; no backup is available."
}

func (e *LoadError) Unwrap() error { return e.Err }

// Store reads and writes the metadata document. Writes are atomic: a crash
// leaves the file holding either the old document or the new one.
type Store struct {
	Dir string
}

// OpenStore creates the data folder (mode 0700) if needed.
func OpenStore(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create the data folder: %w", err)
	}
	if runtime.GOOS != "windows" {
		if err := os.Chmod(dir, 0o700); err != nil {
			return nil, fmt.Errorf("protect the data folder: %w", err)
		}
	}
	s := &Store{Dir: dir}
	s.removeStaleTemps()
	return s, nil
}

// Path is the metadata file's path.
func (s *Store) Path() string { return filepath.Join(s.Dir, DocumentFile) }

// BackupPath is the path of the previous good copy.
func (s *Store) BackupPath() string { return filepath.Join(s.Dir, BackupFile) }

// Load reads the document. A missing file is an empty document; a file that
// cannot be parsed is a *LoadError and is never touched.
func (s *Store) Load() (*Document, error) {
	data, err := os.ReadFile(s.Path())
	if errors.Is(err, fs.ErrNotExist) {
		return NewDocument(), nil
	}
	if err != nil {
		return nil, s.loadError("it could not be opened (%v)", err)
	}
	doc, problem := parseDocument(data)
	if problem != "" {
		return nil, s.loadError("%s", problem)
	}
	return doc, nil
}

func (s *Store) loadError(format string, args ...any) *LoadError {
	e := &LoadError{Path: s.Path(), Problem: fmt.Sprintf(format, args...)}
	if data, err := os.ReadFile(s.BackupPath()); err == nil {
		if _, problem := parseDocument(data); problem == "" {
			e.BackupPath = s.BackupPath()
		}
	}
	return e
}

// parseDocument returns the document or, in words, what is wrong with it.
func parseDocument(data []byte) (*Document, string) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, "it is empty"
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var doc Document
	if err := dec.Decode(&doc); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line := 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
			return nil, fmt.Sprintf("it is not valid JSON (line %d: %v)", line, err)
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, "it ends too early (it may have been cut off)"
		}
		return nil, fmt.Sprintf("it is not a Zoom Connections file (%v)", err)
	}
	if dec.More() {
		return nil, "it has extra data after the document"
	}
	switch {
	case doc.Schema == 0:
		return nil, "it has no schema version (it is not a Zoom Connections file)"
	case doc.Schema > SchemaVersion:
		return nil, fmt.Sprintf("it was written by a newer version of Zoom Connections (schema %d; this version reads %d). Update Zoom Connections", doc.Schema, SchemaVersion)
	}
	if doc.IClients == nil {
		doc.IClients = []IClient{}
	}
	if doc.Connections == nil {
		doc.Connections = []Connection{}
	}
	if doc.SignIns == nil {
		doc.SignIns = []SignIn{}
	}
	return &doc, ""
}

// Save writes doc atomically and keeps the file it replaces as the backup.
// It refuses to replace a file that cannot be read, so nothing is lost.
func (s *Store) Save(doc *Document) error {
	if doc.Schema != 0 && doc.Schema < SchemaVersion {
		// Saving would drop what the upgrade has not moved yet.
		return fmt.Errorf("save the connections file: schema %d was not upgraded to %d", doc.Schema, SchemaVersion)
	}
	doc.Schema = SchemaVersion
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("encode the connections: %w", err)
	}
	data = append(data, '\n')
	old, err := os.ReadFile(s.Path())
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return s.loadError("it could not be opened (%v)", err)
	default:
		if _, problem := parseDocument(old); problem != "" {
			return s.loadError("%s", problem)
		}
		if err := writeAtomic(s.Dir, s.BackupPath(), old); err != nil {
			return fmt.Errorf("keep a backup of the connections file: %w", err)
		}
	}
	if err := writeAtomic(s.Dir, s.Path(), data); err != nil {
		return fmt.Errorf("save the connections file %s: %w", s.Path(), err)
	}
	return nil
}

// RestoreBackup replaces the metadata file with the backup, keeping the
// unreadable file beside it as zoomconn.json.broken-<n> for inspection.
func (s *Store) RestoreBackup() error {
	data, err := os.ReadFile(s.BackupPath())
	if err != nil {
		return fmt.Errorf("read the backup %s: %w", s.BackupPath(), err)
	}
	if _, problem := parseDocument(data); problem != "" {
		return fmt.Errorf("the backup %s cannot be used either: %s", s.BackupPath(), problem)
	}
	if _, err := os.Stat(s.Path()); err == nil {
		for i := 1; ; i++ {
			keep := fmt.Sprintf("%s.broken-%d", s.Path(), i)
			if _, err := os.Stat(keep); errors.Is(err, fs.ErrNotExist) {
				if err := os.Rename(s.Path(), keep); err != nil {
					return fmt.Errorf("set the unreadable file aside: %w", err)
				}
				break
			}
		}
	}
	return writeAtomic(s.Dir, s.Path(), data)
}

const tempPattern = ".zoomconn-*.tmp"

// writeAtomic writes data to a temp file in dir, syncs it, renames it over
// path and syncs the folder, so path holds the old bytes or the new ones.
func writeAtomic(dir, path string, data []byte) error {
	f, err := os.CreateTemp(dir, tempPattern)
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // a no-op once renamed
	if err := f.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil // Windows cannot open a folder for syncing; rename is durable there.
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// removeStaleTemps deletes temp files that a crash in the middle of a save
// left behind; they never hold the only copy of anything. Recent ones may
// belong to a save under way in another process and are left alone.
func (s *Store) removeStaleTemps() {
	matches, _ := filepath.Glob(filepath.Join(s.Dir, tempPattern))
	for _, m := range matches {
		if fi, err := os.Stat(m); err == nil && time.Since(fi.ModTime()) > time.Minute {
			os.Remove(m)
		}
	}
}
