package oauth

import (
	"bytes"
	"context"
	"crypto/subtle"
	"html/template"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
)

// CallbackPath is the path of the Redirect URL.
const CallbackPath = "/oauth/callback"

// maxCallbackURI bounds the request target; Zoom's callbacks are far shorter.
const maxCallbackURI = 8 << 10

// page is what the browser tab shows.
type page struct {
	Status  int
	Title   string
	Message string
}

// callbackHandler serves the Redirect URL while a consent is pending. It
// accepts exactly one callback that carries the right state; everything
// else gets a small page and leaves the consent waiting.
type callbackHandler struct {
	state string
	host  string // the Redirect URL's host: LoopbackIP or LoopbackName
	port  int    // the port listened on
	// onCode exchanges the code; onError ends the consent with Zoom's error.
	// At most one of them is called, at most once.
	onCode  func(ctx context.Context, code string) page
	onError func(errCode, desc string) page

	mu       sync.Mutex
	claimed  bool
	finished bool // the consent ended without a callback (canceled, timed out)
}

var (
	pageNotFound = page{http.StatusNotFound, "Nothing here",
		"This address only receives Zoom's answer while Zoom Connections is waiting for one. You can close this tab."}
	pageMethod = page{http.StatusMethodNotAllowed, "Not accepted",
		"Zoom Connections only accepts Zoom's answer here, as a normal link. You can close this tab."}
	pageTooLarge = page{http.StatusRequestURITooLong, "Not accepted",
		"This request is too large to be Zoom's answer, so Zoom Connections ignored it. You can close this tab."}
	pageBody = page{http.StatusRequestEntityTooLarge, "Not accepted",
		"Zoom's answer never carries a body, so Zoom Connections ignored this request. You can close this tab."}
	pageWrongState = page{http.StatusBadRequest, "This link is not for this sign-in",
		"Zoom Connections did not expect this answer, so it ignored it and is still waiting. " +
			"Use Copy link or Open again in Zoom Connections to approve access."}
	pageNoCode = page{http.StatusBadRequest, "Zoom's answer is incomplete",
		"The answer has no authorization code, so Zoom Connections ignored it and is still waiting. " +
			"Try Open again in Zoom Connections."}
	pageUsed = page{http.StatusConflict, "This link was already used",
		"Zoom Connections already received this approval. You can close this tab."}
	pageGone = page{http.StatusGone, "No sign-in is waiting",
		"Zoom Connections is no longer waiting for this approval (it was canceled or took too long). You can close this tab."}
)

func (h *callbackHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	writePage(w, h.serve(r))
}

func (h *callbackHandler) serve(r *http.Request) page {
	switch {
	case len(r.RequestURI) > maxCallbackURI || len(r.URL.RawQuery) > maxCallbackURI:
		return pageTooLarge
	case r.URL.Path != CallbackPath:
		return pageNotFound
	case r.Method != http.MethodGet:
		return pageMethod
	case r.ContentLength != 0 || len(r.TransferEncoding) > 0:
		return pageBody
	case !h.loopbackHost(r.Host):
		// A page on another site may aim a browser here (DNS rebinding):
		// only the names the Redirect URL can resolve to are accepted.
		return pageNotFound
	}
	return h.answer(r.Context(), r.URL.RawQuery)
}

// answer takes Zoom's answer, the query of the Redirect URL, from the
// browser's request or pasted by the admin (paste.go).
func (h *callbackHandler) answer(ctx context.Context, rawQuery string) page {
	q, err := url.ParseQuery(rawQuery)
	if err != nil || len(q["state"]) != 1 || !h.stateMatches(q.Get("state")) {
		return pageWrongState
	}
	code, errCode := q.Get("code"), q.Get("error")
	if len(q["code"]) > 1 || (code == "" && errCode == "") {
		return pageNoCode
	}
	if !h.claim() {
		if h.isFinished() {
			return pageGone
		}
		return pageUsed
	}
	if errCode != "" {
		return h.onError(errCode, q.Get("error_description"))
	}
	return h.onCode(ctx, code)
}

func (h *callbackHandler) stateMatches(got string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(h.state)) == 1
}

func (h *callbackHandler) loopbackHost(hostport string) bool {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil || port != strconv.Itoa(h.port) {
		return false
	}
	if h.host == LoopbackName {
		return host == LoopbackName || host == LoopbackIP || host == "::1"
	}
	return host == LoopbackIP
}

// claim reports whether this is the first accepted callback.
func (h *callbackHandler) claim() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.claimed || h.finished {
		return false
	}
	h.claimed = true
	return true
}

// finish stops accepting callbacks; it reports whether none was claimed.
func (h *callbackHandler) finish() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	wasClaimed := h.claimed
	h.finished = true
	return !wasClaimed
}

func (h *callbackHandler) isFinished() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.finished && !h.claimed
}

// pageTemplate is parsed on first use: a command that never shows a page
// (most do not) does not pay for it at start-up.
var pageTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}} · Zoom Connections</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;line-height:1.5;color:#222}h1{font-size:1.4em}</style>
</head><body><h1>{{.Title}}</h1><p>{{.Message}}</p><p><small>Zoom Connections</small></p></body></html>
`))
})

func writePage(w http.ResponseWriter, p page) {
	var buf bytes.Buffer
	if err := pageTemplate().Execute(&buf, p); err != nil {
		http.Error(w, "Zoom Connections", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	if p.Status == http.StatusMethodNotAllowed {
		h.Set("Allow", http.MethodGet)
	}
	w.WriteHeader(p.Status)
	_, _ = w.Write(buf.Bytes())
}

func successPage(u User) page {
	who := u.Email
	if who == "" {
		who = u.DisplayName
	}
	msg := "Zoom Connections received the approval"
	if who != "" {
		msg += " as " + who
	}
	return page{http.StatusOK, "Connected", msg + ". You can close this tab and return to Zoom Connections."}
}

// errorPage is the tab's page when the consent did not end well: what
// happened and what to do is said in Zoom Connections, which knows the
// connection (model.Explain); the tab only sends the admin back there.
func (c *Consent) errorPage(e *Error) page {
	title := "Not connected"
	if e.Kind == Denied {
		title = "Access denied"
	}
	if c.cfg.Words != nil {
		if said := c.cfg.Words(e); said != "" {
			return page{http.StatusOK, title, said + " You can close this tab; Zoom Connections shows the details."}
		}
	}
	if e.Kind == Denied {
		return page{http.StatusOK, title, "You chose Deny in Zoom, so nothing changed. You can close this tab."}
	}
	return page{http.StatusOK, title,
		"Zoom Connections could not finish connecting. You can close this tab: Zoom Connections says what happened and what to do."}
}
