package model

import (
	"encoding/csv"
	"io"
)

// csvWriter is the only way this package writes CSV: every cell, header
// included, goes through csvSafe, so no writer can forget one.
type csvWriter struct{ w *csv.Writer }

func newCSVWriter(w io.Writer) csvWriter { return csvWriter{csv.NewWriter(w)} }

func (c csvWriter) row(cells ...string) {
	safe := make([]string, len(cells))
	for i, s := range cells {
		safe[i] = csvSafe(s)
	}
	_ = c.w.Write(safe) // the error stays in the writer: see flush
}

func (c csvWriter) flush() error {
	c.w.Flush()
	return c.w.Error()
}

// csvSafe keeps a spreadsheet from reading a cell as a formula: a cell
// that starts with = + - @, a tab or a carriage return (which a spreadsheet
// may skip before a formula) gets a leading apostrophe.
func csvSafe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
