package model

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// EventKind is what happened to a connection or iClient.
type EventKind string

// The events the activity log records.
const (
	EventCreated         EventKind = "created"
	EventEdited          EventKind = "edited"
	EventAuthTypeChanged EventKind = "auth_type_changed"
	EventAuthorized      EventKind = "authorized"
	EventRefreshed       EventKind = "refreshed"
	EventTested          EventKind = "tested"
	EventRevoked         EventKind = "revoked"
	EventDeleted         EventKind = "deleted"
	EventReconnectNeeded EventKind = "reconnect_needed"
	EventSignInForgotten EventKind = "signin_forgotten" // forgotten here, not revoked at Zoom
	EventAppRemoved      EventKind = "app_removed"      // an admin-managed app removed from its Zoom account
	EventIClientCreated  EventKind = "iclient_created"
	EventIClientEdited   EventKind = "iclient_edited"
	EventIClientDeleted  EventKind = "iclient_deleted"
	EventSecretRotated   EventKind = "secret_rotated"
	EventUpgraded        EventKind = "upgraded"
)

// Event is one line of the activity log. It never holds a secret.
type Event struct {
	Time           time.Time `json:"time"`
	Kind           EventKind `json:"kind"`
	ConnectionID   string    `json:"connection_id,omitempty"`
	ConnectionName string    `json:"connection_name,omitempty"`
	IClientID      string    `json:"iclient_id,omitempty"`
	Detail         string    `json:"detail,omitempty"`
	OK             *bool     `json:"ok,omitempty"`
}

// ActivityLog is the append-only log of events, one JSON object a line.
type ActivityLog struct {
	Path string
	mu   sync.Mutex
}

// NewActivityLog returns the log in dir.
func NewActivityLog(dir string) *ActivityLog {
	return &ActivityLog{Path: filepath.Join(dir, ActivityFile)}
}

// Append adds ev to the log. Each event is one write on a file opened for
// appending, so lines from several processes do not interleave.
func (l *ActivityLog) Append(ev Event) error {
	if ev.Time.IsZero() {
		ev.Time = time.Now().UTC()
	}
	line, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	line = append(line, '\n')
	l.mu.Lock()
	defer l.mu.Unlock()
	f, err := os.OpenFile(l.Path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("open the activity log: %w", err)
	}
	if _, err := f.Write(line); err != nil {
		f.Close()
		return fmt.Errorf("write the activity log: %w", err)
	}
	return f.Close()
}

// appendAll adds many events in one write.
func (l *ActivityLog) appendAll(events []Event) error {
	if len(events) == 0 {
		return nil
	}
	var buf bytes.Buffer
	for _, ev := range events {
		line, err := json.Marshal(ev)
		if err != nil {
			return err
		}
		buf.Write(line)
		buf.WriteByte('\n')
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	f, err := os.OpenFile(l.Path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("open the activity log: %w", err)
	}
	if _, err := f.Write(buf.Bytes()); err != nil {
		f.Close()
		return fmt.Errorf("write the activity log: %w", err)
	}
	return f.Close()
}

// Read returns the events, oldest first, for connID ("" for all). Lines that
// cannot be parsed (a torn write, a hand edit) are skipped and counted.
func (l *ActivityLog) Read(connID string) (events []Event, skipped int, err error) {
	f, err := os.Open(l.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("open the activity log: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		var ev Event
		if json.Unmarshal(sc.Bytes(), &ev) != nil || ev.Kind == "" {
			skipped++
			continue
		}
		if connID == "" || ev.ConnectionID == connID {
			events = append(events, ev)
		}
	}
	return events, skipped, sc.Err()
}

// WriteCSV writes events as CSV with a header row.
func WriteCSV(w io.Writer, events []Event) error {
	cw := newCSVWriter(w)
	cw.row("time", "event", "connection", "detail", "result")
	for _, ev := range events {
		result := ""
		if ev.OK != nil {
			result = map[bool]string{true: "ok", false: "failed"}[*ev.OK]
		}
		cw.row(ev.Time.UTC().Format(time.RFC3339), string(ev.Kind), ev.ConnectionName, ev.Detail, result)
	}
	return cw.flush()
}

// Label is the event kind as the administrator reads it.
func (k EventKind) Label() string {
	switch k {
	case EventCreated:
		return "Created"
	case EventEdited:
		return "Edited"
	case EventAuthTypeChanged:
		return "Authentication changed"
	case EventAuthorized:
		return "Authorized"
	case EventRefreshed:
		return "Token refreshed"
	case EventTested:
		return "Tested"
	case EventRevoked:
		return "Signed out"
	case EventDeleted:
		return "Deleted"
	case EventReconnectNeeded:
		return "Needs reconnecting"
	case EventSignInForgotten:
		return "Sign-in forgotten here"
	case EventAppRemoved:
		return "App removed from the Zoom account"
	case EventIClientCreated:
		return "iClient created"
	case EventIClientEdited:
		return "iClient edited"
	case EventIClientDeleted:
		return "iClient deleted"
	case EventSecretRotated:
		return "Client secret replaced"
	case EventUpgraded:
		return "Moved to sign-ins"
	}
	return strings.ReplaceAll(string(k), "_", " ")
}
