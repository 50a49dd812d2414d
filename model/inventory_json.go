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
	lc := &lineCounter{data: data}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	// valueStart is where Decode's offsets count from: after the comma
	// before an array element, if any.
	valueStart := 0
	after := func(off int, sep byte) int {
		for j := off; j < len(data); j++ {
			switch data[j] {
			case ' ', '\t', '\r', '\n':
				continue
			case sep:
				return j + 1
			}
			break
		}
		return off
	}
	jsonProblem := func(err error, entryLine int) ImportProblem {
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
			return ImportProblem{Line: (&lineCounter{data: data}).at(valueStart + int(te.Offset)), Field: field, Message: fmt.Sprintf("This should be a %s, not a JSON %s.", jsonKind(te.Type.Kind().String()), te.Value)}
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
	expect := func(want json.Delim) error {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		if d, ok := t.(json.Delim); !ok || d != want {
			return fmt.Errorf("expected %q here", string(want))
		}
		return nil
	}
	var items []importItem
	var problems []ImportProblem
	format, version := "", 0
	if err := expect('{'); err != nil {
		return nil, []ImportProblem{jsonProblem(err, 1)}
	}
	for dec.More() {
		keyLine := lc.next(int(dec.InputOffset()))
		t, err := dec.Token()
		if err != nil {
			return nil, []ImportProblem{jsonProblem(err, keyLine)}
		}
		key, _ := t.(string)
		valueStart = after(int(dec.InputOffset()), ':')
		switch key {
		case "format":
			if err := dec.Decode(&format); err != nil {
				return nil, []ImportProblem{jsonProblem(err, keyLine)}
			}
		case "version":
			if err := dec.Decode(&version); err != nil {
				return nil, []ImportProblem{jsonProblem(err, keyLine)}
			}
		case "iclients", "connections":
			if err := expect('['); err != nil {
				return nil, []ImportProblem{{Line: keyLine, Field: key, Message: "This should be a list ([…])."}}
			}
			for dec.More() {
				off := int(dec.InputOffset())
				valueStart = after(off, ',')
				line := lc.next(off)
				it := importItem{line: line}
				var err error
				if key == "iclients" {
					it.ic = &InventoryIClient{}
					err = dec.Decode(it.ic)
				} else {
					it.conn = &InventoryConnection{}
					err = dec.Decode(it.conn)
				}
				if err != nil {
					var se *json.SyntaxError
					p := jsonProblem(err, line)
					if errors.As(err, &se) || errors.Is(err, io.ErrUnexpectedEOF) {
						return nil, append(problems, p)
					}
					problems = append(problems, p)
					continue
				}
				items = append(items, it)
			}
			if err := expect(']'); err != nil {
				return nil, append(problems, jsonProblem(err, keyLine))
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, []ImportProblem{jsonProblem(err, keyLine)}
			}
		}
	}
	if err := expect('}'); err != nil {
		return nil, append(problems, jsonProblem(err, 1))
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, []ImportProblem{{Line: lc.next(int(dec.InputOffset())), Message: "There is more data after the end of the inventory."}}
	}
	switch {
	case format != InventoryFormat:
		return nil, []ImportProblem{{Message: fmt.Sprintf("This JSON file is not a Zoom Connections inventory: its \"format\" should be %q.", InventoryFormat)}}
	case version < 1:
		return nil, []ImportProblem{{Message: "The inventory has no \"version\"."}}
	case version > InventoryVersion:
		return nil, []ImportProblem{{Message: fmt.Sprintf("The inventory was written by a newer version of Zoom Connections (version %d; this one reads %d). Update Zoom Connections.", version, InventoryVersion)}}
	}
	for _, it := range items {
		if it.ic != nil {
			checkEnvValue(&problems, it.line, &it.ic.Environment)
		}
		if it.conn != nil {
			checkEnvValue(&problems, it.line, &it.conn.Environment)
			checkMigratedFrom(&problems, it.line, &it.conn.MigratedFrom)
		}
	}
	return items, problems
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
