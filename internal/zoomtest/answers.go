package zoomtest

import (
	"encoding/json"
	"net/http"
	"strings"

	"golang.org/x/oauth2"
)

// RetrieveError is an answer of Zoom's token endpoint as x/oauth2 hands it
// on: the status, the body, and header pairs (name, value, …). Its
// ErrorCode is the body's "error", as x/oauth2 reads it.
func RetrieveError(status int, body string, header ...string) *oauth2.RetrieveError {
	h := http.Header{}
	for i := 0; i+1 < len(header); i += 2 {
		h.Set(header[i], header[i+1])
	}
	re := &oauth2.RetrieveError{Response: &http.Response{StatusCode: status, Header: h}, Body: []byte(body)}
	var m map[string]any
	if s := strings.TrimSpace(body); strings.HasPrefix(s, "{") {
		_ = json.Unmarshal([]byte(s), &m)
		re.ErrorCode, _ = m["error"].(string)
	}
	return re
}
