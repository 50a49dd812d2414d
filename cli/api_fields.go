package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/itchyny/gojq"
)

// apiField is one -f or -F of zoomconn api.
type apiField struct {
	key   string
	value any // string, json.Number, bool or nil
}

// parseFields reads -f (strings) and -F (typed) as gh api does.
func parseFields(opts *APIOptions, stdinUsed *bool) ([]apiField, error) {
	var out []apiField
	for _, f := range opts.RawFields {
		k, v, ok := strings.Cut(f, "=")
		if !ok || k == "" {
			return nil, usagef("-f takes key=value (not %q).", f)
		}
		out = append(out, apiField{k, v})
	}
	for _, f := range opts.Fields {
		k, v, ok := strings.Cut(f, "=")
		if !ok || k == "" {
			return nil, usagef("-F takes key=value (not %q).", f)
		}
		typed, err := typedValue(opts.IO, k, v, stdinUsed)
		if err != nil {
			return nil, err
		}
		out = append(out, apiField{k, typed})
	}
	return out, nil
}

// typedValue is -F's value: true, false, null, a JSON number, the content
// of @FILE (@- for standard input), else the string itself.
func typedValue(s *IOStreams, key, v string, stdinUsed *bool) (any, error) {
	switch v {
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "null":
		return nil, nil
	}
	if name, ok := strings.CutPrefix(v, "@"); ok {
		if name == "-" {
			if *stdinUsed {
				return nil, usagef("-F %s=@-: standard input is read only once.", key)
			}
			*stdinUsed = true
		}
		b, err := readInput(s, name, "-F "+key)
		if err != nil {
			return nil, err
		}
		return string(b), nil
	}
	if v != "" && (v[0] == '-' || v[0] >= '0' && v[0] <= '9') && json.Valid([]byte(v)) {
		return json.Number(v), nil
	}
	return v, nil
}

// fieldsQuery is the fields as a query string.
func fieldsQuery(fields []apiField) url.Values {
	q := url.Values{}
	for _, f := range fields {
		v := ""
		switch x := f.value.(type) {
		case string:
			v = x
		case json.Number:
			v = x.String()
		case bool:
			v = fmt.Sprint(x)
		}
		q.Add(f.key, v)
	}
	return q
}

// fieldsBody is the fields as a JSON object: key[sub]=v nests, key[]=v
// appends to a list.
func fieldsBody(fields []apiField) ([]byte, error) {
	root := map[string]any{}
	for _, f := range fields {
		path, err := keyPath(f.key)
		if err != nil {
			return nil, err
		}
		if err := setPath(root, path, f.value, f.key); err != nil {
			return nil, err
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	return bytes.TrimSpace(b.Bytes()), nil
}

// keyPath splits "a[b][]" into "a", "b", "" ("" appends to a list, last only).
func keyPath(key string) ([]string, error) {
	bad := usagef("The field name %q is not key, key[sub] or key[] (for a list).", key)
	name, rest, nested := strings.Cut(key, "[")
	if !nested {
		return []string{key}, nil
	}
	if name == "" {
		return nil, bad
	}
	parts := []string{name}
	rest = "[" + rest
	for rest != "" {
		end := strings.IndexByte(rest, ']')
		if rest[0] != '[' || end < 0 {
			return nil, bad
		}
		parts = append(parts, rest[1:end])
		rest = rest[end+1:]
	}
	for _, p := range parts[:len(parts)-1] {
		if p == "" {
			return nil, bad
		}
	}
	return parts, nil
}

func setPath(root map[string]any, path []string, v any, key string) error {
	clash := usagef("The field %q clashes with another field of the same name.", key)
	cur := root
	for i, p := range path[:len(path)-1] {
		if path[i+1] == "" { // key[]=v: one more item of the list
			list, ok := cur[p].([]any)
			if !ok && cur[p] != nil {
				return clash
			}
			cur[p] = append(list, v)
			return nil
		}
		next, ok := cur[p].(map[string]any)
		if !ok {
			if _, taken := cur[p]; taken {
				return clash
			}
			next = map[string]any{}
			cur[p] = next
		}
		cur = next
	}
	last := path[len(path)-1]
	if _, taken := cur[last]; taken {
		return clash
	}
	cur[last] = v
	return nil
}

// compileJQ readies --jq's expression, so that a mistake in it is said
// before Zoom is called.
func compileJQ(expr string) (*gojq.Code, error) {
	q, err := gojq.Parse(expr)
	if err != nil {
		return nil, usagef("--jq: %v", err)
	}
	code, err := gojq.Compile(q)
	if err != nil {
		return nil, usagef("--jq: %v", err)
	}
	return code, nil
}

// runJQ prints what code makes of the answer: strings as they are, other
// values as JSON, one a line.
func runJQ(ctx context.Context, w io.Writer, code *gojq.Code, body []byte) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return errors.New("Zoom's answer is not JSON, so --jq cannot filter it. Run the command without --jq to see it.")
	}
	iter := code.RunWithContext(ctx, v)
	for {
		x, ok := iter.Next()
		if !ok {
			return nil
		}
		if err, isErr := x.(error); isErr {
			var halt *gojq.HaltError
			if errors.As(err, &halt) && halt.Value() == nil {
				return nil
			}
			return fmt.Errorf("--jq: %v", err)
		}
		if s, isString := x.(string); isString {
			fmt.Fprintln(w, s)
			continue
		}
		b, err := gojq.Marshal(x)
		if err != nil {
			return fmt.Errorf("--jq: %v", err)
		}
		fmt.Fprintf(w, "%s\n", b)
	}
}
