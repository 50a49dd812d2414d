package oauth

import (
	"bufio"
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

// fuzzState is the state the fuzzed handler waits for; seeds use it.
const fuzzState = "c3RhdGUtc3RhdGUtc3RhdGUtc3RhdGUtc3RhdGUtc3Q"

var (
	fuzzOK     = page{http.StatusOK, "Connected", "exchanged"}
	fuzzDenied = page{http.StatusOK, "Access denied", "denied"}
)

// FuzzCallback sends arbitrary HTTP requests to the callback handler. It
// checks that only a GET of the callback path with exactly the right state
// and a code (or error) reaches the exchange, at most once, and that the
// tab never shows anything taken from the request.
func FuzzCallback(f *testing.F) {
	f.Add([]byte("GET /oauth/callback?state=" + fuzzState + "&code=abc HTTP/1.1\r\nHost: 127.0.0.1:41587\r\n\r\n"))
	f.Add([]byte("GET /oauth/callback?state=x&code=abc HTTP/1.1\r\nHost: 127.0.0.1:41587\r\n\r\n"))

	pages := map[string]bool{}
	for _, p := range []page{pageNotFound, pageMethod, pageTooLarge, pageBody, pageWrongState, pageNoCode, pageUsed, pageGone, fuzzOK, fuzzDenied} {
		rec := httptest.NewRecorder()
		writePage(rec, p)
		pages[rec.Body.String()] = true
	}

	f.Fuzz(func(t *testing.T, raw []byte) {
		var codes, errs int
		var got string
		h := &callbackHandler{
			state:   fuzzState,
			host:    LoopbackIP,
			port:    41587,
			onCode:  func(_ context.Context, code string) page { codes++; got = code; return fuzzOK },
			onError: func(string, string) page { errs++; return fuzzDenied },
		}
		for range 2 { // the same request twice: a replay
			req, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
			if err != nil {
				return
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if !pages[rec.Body.String()] {
				t.Fatalf("page not from the fixed set: %q", rec.Body.String())
			}
			if rec.Header().Get("Content-Type") != "text/html; charset=utf-8" || rec.Header().Get("Referrer-Policy") != "no-referrer" {
				t.Fatalf("headers %v", rec.Header())
			}
			if codes+errs == 0 {
				continue
			}
			q, _ := url.ParseQuery(req.URL.RawQuery)
			if req.Method != http.MethodGet || req.URL.Path != CallbackPath || len(q["state"]) != 1 || q.Get("state") != fuzzState ||
				req.Host != "127.0.0.1:41587" || len(req.RequestURI) > maxCallbackURI {
				t.Fatalf("accepted %s %q host %q", req.Method, req.RequestURI, req.Host)
			}
			if codes == 1 && (got == "" || got != q.Get("code")) {
				t.Fatalf("code %q from %q", got, req.RequestURI)
			}
		}
		if codes+errs > 1 {
			t.Fatalf("accepted %d times", codes+errs)
		}
	})
}
