// Reading a CSV inventory: separator, header columns and one connection a
// line.

package model

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"zoomconn/internal/words"
)

// csvColumns are the columns a CSV import understands.
var csvColumns = []string{"name", "environment", "auth_type", "api_key", "iclient", "account_id", "scopes", "oauth_base", "api_base"}

// parseInventoryCSV reads a CSV whose first line is the header. Excel's
// CRLF line ends are accepted, and so is its semicolon separator.
func parseInventoryCSV(data []byte, file string) ([]importItem, []ImportProblem) {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	cr := csv.NewReader(bytes.NewReader(data))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return nil, []ImportProblem{csvProblem(err)}
	}
	col, problems := csvHeader(header, file)
	if len(problems) > 0 {
		return nil, problems
	}
	var items []importItem
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			problems = append(problems, csvProblem(err))
			var pe *csv.ParseError
			if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
				continue
			}
			break
		}
		line, _ := cr.FieldPos(0)
		if blankRecord(rec) {
			continue // Excel writes ",,," for empty rows
		}
		if len(rec) > len(header) {
			problems = append(problems, ImportProblem{Line: line, Message: fmt.Sprintf("This line has %d fields but the header has %d. Put values that contain a comma in double quotes.", len(rec), len(header))})
			continue
		}
		c, wrong := csvConnection(rec, col, line)
		problems = append(problems, wrong...)
		items = append(items, importItem{line: line, conn: c})
	}
	if len(problems) == 0 && len(items) == 0 {
		problems = append(problems, ImportProblem{Message: fmt.Sprintf("%s has a header but no connections.", file)})
	}
	return items, problems
}

// csvHeader reads the header line: the column of each name it holds, or
// what is wrong with it.
func csvHeader(header []string, file string) (map[string]int, []ImportProblem) {
	col := map[string]int{}
	var unknown []string
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		h = strings.NewReplacer(" ", "_", "-", "_").Replace(h)
		if !slices.Contains(csvColumns, h) {
			unknown = append(unknown, strconv.Quote(strings.TrimSpace(header[i])))
			continue
		}
		if _, twice := col[h]; twice {
			return nil, []ImportProblem{{Line: 1, Field: h, Message: fmt.Sprintf("The column %q appears twice in the header.", h)}}
		}
		col[h] = i
	}
	if len(col) == 0 {
		return nil, []ImportProblem{{Message: fmt.Sprintf("%s is not a JSON or CSV inventory: a CSV file must start with the header line name,environment,auth_type,api_key.", file)}}
	}
	var problems []ImportProblem
	if len(unknown) > 0 {
		problems = append(problems, ImportProblem{Line: 1, Message: fmt.Sprintf("Unknown %s %s. The columns are name, environment, auth_type and api_key (optional: iclient, account_id, scopes, oauth_base, api_base).",
			words.Plural(len(unknown), "column", "columns"), strings.Join(unknown, ", "))})
	}
	for _, req := range []string{"name", "auth_type"} {
		if _, ok := col[req]; !ok {
			problems = append(problems, ImportProblem{Line: 1, Field: req, Message: fmt.Sprintf("The header has no %q column.", req)})
		}
	}
	return col, problems
}

func blankRecord(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// csvConnection is the connection on a line (rec) with the columns col,
// and what is wrong with its environment or authentication type.
func csvConnection(rec []string, col map[string]int, line int) (*InventoryConnection, []ImportProblem) {
	get := func(c string) string {
		if i, ok := col[c]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var problems []ImportProblem
	c := &InventoryConnection{Name: get("name"), IClient: get("iclient"), AccountID: get("account_id"), Scopes: get("scopes"),
		APIKey: get("api_key"), OAuthBase: get("oauth_base"), APIBase: get("api_base")}
	kind, ok := ParseEnvKind(get("environment"))
	if !ok {
		problems = append(problems, ImportProblem{Line: line, Field: "environment", Message: fmt.Sprintf("Unknown environment %q: use zoom, zoomgov or custom.", get("environment"))})
	}
	c.Environment = kind
	auth, ok := ParseAuthType(get("auth_type"))
	if !ok {
		msg := fmt.Sprintf("Unknown authentication type %q: use jwt, oauth2 or s2s.", get("auth_type"))
		if get("auth_type") == "" {
			msg = "The authentication type is empty: use jwt, oauth2 or s2s."
		}
		problems = append(problems, ImportProblem{Line: line, Field: "auth_type", Message: msg})
	}
	c.AuthType = auth
	return c, problems
}

func csvProblem(err error) ImportProblem {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		switch {
		case errors.Is(pe.Err, csv.ErrQuote), errors.Is(pe.Err, csv.ErrBareQuote):
			msg = "A double quote is out of place. Put the whole value in double quotes and double any quote inside it (\"\")."
		case errors.Is(pe.Err, csv.ErrFieldCount):
			msg = "This line has a different number of fields from the header."
		}
		return ImportProblem{Line: pe.Line, Message: msg}
	}
	return ImportProblem{Message: err.Error()}
}
