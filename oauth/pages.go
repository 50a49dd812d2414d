package oauth

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// Zoom pages its lists: an answer holds page_size items in a list field
// ("users", "meetings", …) beside next_page_token, which asks for the next
// page and is "" on the last one.

// ErrNotObject is a page that is not a JSON object.
var ErrNotObject = errors.New("zoom api: the answer is not a JSON object")

// NextPageToken returns a page's next_page_token: "" on the last page, or
// when the page is not a JSON object.
func NextPageToken(page []byte) string {
	var p struct {
		Next string `json:"next_page_token"`
	}
	if json.Unmarshal(page, &p) != nil {
		return ""
	}
	return p.Next
}

// MergePages joins the pages of one list into one JSON object: each
// top-level array of the first page holds the items of every page, in
// order; every other field is the first page's, in its order, except
// next_page_token, which is "" (nothing is left to ask for).
func MergePages(pages [][]byte) ([]byte, error) {
	if len(pages) == 0 {
		return nil, ErrNotObject
	}
	first, err := objectFields(pages[0])
	if err != nil {
		return nil, err
	}
	rest := make([]map[string]json.RawMessage, 0, len(pages)-1)
	for _, p := range pages[1:] {
		fields, err := objectFields(p)
		if err != nil {
			return nil, err
		}
		m := make(map[string]json.RawMessage, len(fields))
		for _, f := range fields {
			m[f.key] = f.val
		}
		rest = append(rest, m)
	}
	var out bytes.Buffer
	out.WriteByte('{')
	for i, f := range first {
		if i > 0 {
			out.WriteByte(',')
		}
		k, _ := json.Marshal(f.key)
		out.Write(k)
		out.WriteByte(':')
		switch {
		case f.key == "next_page_token":
			out.WriteString(`""`)
		case isArray(f.val):
			items, err := concat(f.key, f.val, rest)
			if err != nil {
				return nil, err
			}
			out.Write(items)
		default:
			out.Write(f.val)
		}
	}
	out.WriteByte('}')
	return out.Bytes(), nil
}

type field struct {
	key string
	val json.RawMessage
}

// objectFields reads a JSON object's fields in their order.
func objectFields(b []byte) ([]field, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, ErrNotObject
	}
	var out []field
	for dec.More() {
		t, err := dec.Token()
		key, ok := t.(string)
		if err != nil || !ok {
			return nil, ErrNotObject
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, ErrNotObject
		}
		out = append(out, field{key, v})
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('}') {
		return nil, ErrNotObject
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, ErrNotObject
	}
	return out, nil
}

func isArray(v json.RawMessage) bool {
	v = bytes.TrimLeft(v, " \t\r\n")
	return len(v) > 0 && v[0] == '['
}

// concat is the items of first followed by those of key in every page.
func concat(key string, first json.RawMessage, pages []map[string]json.RawMessage) ([]byte, error) {
	var firstItems []json.RawMessage
	if err := json.Unmarshal(first, &firstItems); err != nil {
		return nil, ErrNotObject
	}
	all := make([][]byte, 0, len(firstItems))
	for _, it := range firstItems {
		all = append(all, it)
	}
	for _, p := range pages {
		v, ok := p[key]
		if !ok || !isArray(v) {
			continue
		}
		var items []json.RawMessage
		if err := json.Unmarshal(v, &items); err != nil {
			return nil, ErrNotObject
		}
		for _, it := range items {
			all = append(all, it)
		}
	}
	return append(append([]byte{'['}, bytes.Join(all, []byte{','})...), ']'), nil
}
