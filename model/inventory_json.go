// Reading a JSON inventory, with the line each entry starts on.

package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// lineCounter turns byte offsets (increasing) into line numbers in O(n).
type lineCounter struct {
	data []byte
	off  int
	line int
}

func (lc *lineCounter) at(off int) int {
	if lc.line == 0 {
		lc.line = 1
	}
	off = min(max(off, lc.off), len(lc.data))
	lc.line += bytes.Count(lc.data[lc.off:off], []byte("\n"))
	lc.off = off
	return lc.line
}

// next returns the line of the first byte after off that is not blank or
// a comma: where the next JSON value starts.
func (lc *lineCounter) next(off int) int {
	for off < len(lc.data) {
		switch lc.data[off] {
		case ' ', '\t', '\r', '\n', ',':
			off++
			continue
		}
		break
	}
	return lc.at(off)
}

// parseInventoryJSON reads a JSON inventory, noting the line each entry
// starts on.
func parseInventoryJSON(data []byte) ([]importItem, []ImportProblem) {
	r := &jsonReader{data: data, lc: &lineCounter{data: data}, dec: json.NewDecoder(bytes.NewReader(data))}
	r.dec.DisallowUnknownFields()
	if fatal := r.read(); fatal != nil {
		return nil, fatal
	}
	switch {
	case r.format != InventoryFormat:
		return nil, []ImportProblem{{Message: fmt.Sprintf("This JSON file is not a Zoom Connections inventory: its \"format\" should be %q.", InventoryFormat)}}
	case r.version < 1:
		return nil, []ImportProblem{{Message: "The inventory has no \"version\"."}}
	case r.version > InventoryVersion:
		return nil, []ImportProblem{{Message: fmt.Sprintf("The inventory was written by a newer version of Zoom Connections (version %d; this one reads %d). Update Zoom Connections.", r.version, InventoryVersion)}}
	}
	problems := r.problems
	for _, it := range r.items {
		if it.ic != nil {
			checkEnvValue(&problems, it.line, &it.ic.Environment)
		}
		if it.conn != nil {
			checkEnvValue(&problems, it.line, &it.conn.Environment)
			checkMigratedFrom(&problems, it.line, &it.conn.MigratedFrom)
		}
	}
	return r.items, problems
}

// jsonReader reads one JSON inventory token by token, so that a problem
// names the line it is on.
type jsonReader struct {
	data []byte
	lc   *lineCounter
	dec  *json.Decoder
	// valueStart is where Decode's offsets count from: after the comma
	// before an array element, if any.
	valueStart int

	// What was read: the entries, what is wrong with some of them, and
	// the inventory's format and version.
	items    []importItem
	problems []ImportProblem
	format   string
	version  int
}

// read reads the whole document. It returns the problems that end the
// reading (then nothing is to be checked further), or nil.
func (r *jsonReader) read() []ImportProblem {
	if err := r.expect('{'); err != nil {
		return []ImportProblem{r.problem(err, 1)}
	}
	for r.dec.More() {
		keyLine := r.lc.next(int(r.dec.InputOffset()))
		t, err := r.dec.Token()
		if err != nil {
			return []ImportProblem{r.problem(err, keyLine)}
		}
		key, _ := t.(string)
		r.valueStart = r.after(int(r.dec.InputOffset()), ':')
		switch key {
		case "format":
			err = r.dec.Decode(&r.format)
		case "version":
			err = r.dec.Decode(&r.version)
		case "iclients", "connections":
			if fatal := r.list(key, keyLine); fatal != nil {
				return fatal
			}
		default:
			var skip json.RawMessage
			err = r.dec.Decode(&skip)
		}
		if err != nil {
			return []ImportProblem{r.problem(err, keyLine)}
		}
	}
	if err := r.expect('}'); err != nil {
		return append(r.problems, r.problem(err, 1))
	}
	if _, err := r.dec.Token(); err != io.EOF {
		return []ImportProblem{{Line: r.lc.next(int(r.dec.InputOffset())), Message: "There is more data after the end of the inventory."}}
	}
	return nil
}

// list reads the list of iClients or connections (key) that starts on
// keyLine. Like read, it returns the problems that end the reading, or nil.
func (r *jsonReader) list(key string, keyLine int) []ImportProblem {
	if err := r.expect('['); err != nil {
		return []ImportProblem{{Line: keyLine, Field: key, Message: "This should be a list ([…])."}}
	}
	for r.dec.More() {
		off := int(r.dec.InputOffset())
		r.valueStart = r.after(off, ',')
		line := r.lc.next(off)
		it := importItem{line: line}
		var err error
		if key == "iclients" {
			it.ic = &InventoryIClient{}
			err = r.dec.Decode(it.ic)
		} else {
			it.conn = &InventoryConnection{}
			err = r.dec.Decode(it.conn)
		}
		if err != nil {
			var se *json.SyntaxError
			p := r.problem(err, line)
			if errors.As(err, &se) || errors.Is(err, io.ErrUnexpectedEOF) {
				return append(r.problems, p)
			}
			r.problems = append(r.problems, p)
			continue
		}
		r.items = append(r.items, it)
	}
	if err := r.expect(']'); err != nil {
		return append(r.problems, r.problem(err, keyLine))
	}
	return nil
}

// after is the offset just past sep, when only blanks come before it from
// off; else off.
func (r *jsonReader) after(off int, sep byte) int {
	for j := off; j < len(r.data); j++ {
		switch r.data[j] {
		case ' ', '\t', '\r', '\n':
			continue
		case sep:
			return j + 1
		}
		break
	}
	return off
}

// expect reads the delimiter want.
func (r *jsonReader) expect(want json.Delim) error {
	t, err := r.dec.Token()
	if err != nil {
		return err
	}
	if d, ok := t.(json.Delim); !ok || d != want {
		return fmt.Errorf("expected %q here", string(want))
	}
	return nil
}

// problem words a decoding error of the entry on entryLine.
func (r *jsonReader) problem(err error, entryLine int) ImportProblem {
	data := r.data
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return ImportProblem{Line: (&lineCounter{data: data}).at(int(se.Offset)), Message: "This is not valid JSON: " + strings.TrimPrefix(se.Error(), "json: ") + "."}
	case errors.As(err, &te):
		field := te.Field
		if i := strings.LastIndex(field, "."); i >= 0 {
			field = field[i+1:]
		}
		return ImportProblem{Line: (&lineCounter{data: data}).at(r.valueStart + int(te.Offset)), Field: field, Message: fmt.Sprintf("This should be a %s, not a JSON %s.", jsonKind(te.Type.Kind().String()), te.Value)}
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return ImportProblem{Line: (&lineCounter{data: data}).at(len(data)), Message: "The file ends too early (it may have been cut off)."}
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if f, ok := strings.CutPrefix(msg, "unknown field "); ok {
		f = strings.Trim(f, `"`)
		return ImportProblem{Line: entryLine, Field: f, Message: fmt.Sprintf("Unknown field %q. Check its spelling (see the inventory format in the README).", f)}
	}
	return ImportProblem{Line: entryLine, Message: msg}
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "text in quotes"
	case "int", "int64":
		return "number"
	case "slice":
		return "list"
	case "struct", "map":
		return "JSON object ({…})"
	}
	return k
}
