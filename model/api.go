package model

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"zoomconn/oauth"
)

// APIRequest is one call to the Zoom REST API with a connection, as
// 'zoomconn api' makes it.
type APIRequest struct {
	Method string // GET when empty
	// Path is relative to the connection's API base ("/users" is
	// …/v2/users), or a full URL on that base: the token goes nowhere else.
	Path   string
	Query  url.Values // added to Path's own query
	Header http.Header
	Body   []byte // nil: no body
	// Paginate follows next_page_token (GET only) and returns one JSON
	// object whose lists hold every page's items (oauth.MergePages).
	Paginate bool
}

// APIResponse is Zoom's answer. With Paginate, Proto, Status and Header
// are the first page's and Body is the pages merged.
type APIResponse struct {
	Proto  string
	Status int
	Header http.Header
	Body   []byte
	Pages  int
}

// APIOption changes how CallAPI goes about a call.
type APIOption func(*apiOptions)

type apiOptions struct {
	onWait func(RateLimitWait)
}

// OnRateLimitWait is told each time CallAPI waits out Zoom's per-second
// rate limit before trying again, so the admin can be told why it waits.
func OnRateLimitWait(fn func(RateLimitWait)) APIOption {
	return func(o *apiOptions) { o.onWait = fn }
}

const (
	// maxRateWaits is how many times a call waits out a per-second 429.
	maxRateWaits = 3
	// maxRateWait is the longest Retry-After waited out; a longer one
	// (or the daily limit) ends the call with when to try again.
	maxRateWait = time.Minute
	// maxPages bounds a --paginate that Zoom never ends.
	maxPages = 5000
)

// CallAPI calls the Zoom API with the connection named name (any case),
// with its token (refreshed when needed; re-read and tried once more when
// Zoom rejects it, in case another process renewed it), waiting out Zoom's
// per-second rate limit as Retry-After says, a few times at most. An
// answer that is not 2xx is returned with an error in the admin's words.
func (tk *Tokens) CallAPI(ctx context.Context, name string, req APIRequest, opts ...APIOption) (Connection, *APIResponse, error) {
	var o apiOptions
	for _, f := range opts {
		f(&o)
	}
	doc, err := tk.svc.Load()
	if err != nil {
		return Connection{}, nil, err
	}
	c := doc.ConnectionByName(name)
	if c == nil {
		return Connection{}, nil, &NotFoundError{What: "connection", Name: strings.TrimSpace(name)}
	}
	call, err := apiCall(*c, req)
	if err != nil {
		return *c, nil, err
	}
	ts, err := tk.svc.signIns.source(ctx, doc, c)
	if err != nil {
		return *c, nil, err
	}
	a := apiCaller{svc: tk.svc, c: *c, ts: ts, o: o, iclient: iclientName(doc, c)}
	if !req.Paginate {
		ans, err := a.call(ctx, call)
		return *c, response(ans, 1), err
	}
	resp, err := a.pages(ctx, call)
	return *c, resp, err
}

// apiCall checks req and aims it at the connection's API.
func apiCall(c Connection, req APIRequest) (oauth.APICall, error) {
	method := strings.ToUpper(strings.TrimSpace(req.Method))
	if method == "" {
		method = http.MethodGet
	}
	switch method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodHead:
	default:
		return oauth.APICall{}, ValidationError{{Field: "method", Message: fmt.Sprintf("The method %q is not one Zoom's API uses: GET, POST, PUT, PATCH or DELETE.", req.Method)}}
	}
	if req.Paginate && method != http.MethodGet {
		return oauth.APICall{}, ValidationError{{Field: "paginate", Message: "Only lists (GET) have pages to follow."}}
	}
	env := c.Env.OAuth()
	bases := []string{env.APIFor(c.APIURL)}
	if env.APIBase != bases[0] {
		bases = append(bases, env.APIBase)
	}
	u, err := oauth.OnAPIBase(bases, strings.TrimSpace(req.Path))
	var off *oauth.OffBaseError
	if errors.As(err, &off) {
		return oauth.APICall{}, ValidationError{{Field: "path", Message: fmt.Sprintf(
			"Zoom Connections sends the token of %q only to its Zoom API, %s: give a path such as /users/me, or a full address that starts with %s/.",
			c.Name, off.Base, off.Base)}}
	}
	if err != nil {
		return oauth.APICall{}, err
	}
	if len(req.Query) > 0 {
		q := u.Query()
		for k, vs := range req.Query {
			for _, v := range vs {
				q.Add(k, v)
			}
		}
		u.RawQuery = q.Encode()
	}
	return oauth.APICall{Method: method, URL: u, Header: req.Header, Body: req.Body}, nil
}

func iclientName(doc *Document, c *Connection) string {
	if ic := doc.IClient(c.IClientID); ic != nil {
		return ic.Name
	}
	return ""
}

func response(ans *oauth.APIAnswer, pages int) *APIResponse {
	if ans == nil {
		return nil
	}
	return &APIResponse{Proto: ans.Proto, Status: ans.Status, Header: ans.Header, Body: ans.Body, Pages: pages}
}

// apiCaller makes one connection's calls.
type apiCaller struct {
	svc     *Service
	c       Connection
	ts      oauth.PersistingSource
	o       apiOptions
	iclient string
}

// call makes one request, with the token re-read once after a 401 and a
// per-second 429 waited out.
func (a apiCaller) call(ctx context.Context, call oauth.APICall) (*oauth.APIAnswer, error) {
	reread, waits := false, 0
	for {
		tok, err := a.ts.Token()
		if err != nil {
			return nil, err
		}
		ans, err := oauth.Call(ctx, a.svc.httpClient(), call, tok.AccessToken)
		var ae *oauth.APIError
		if err == nil || !errors.As(err, &ae) {
			return ans, a.failure(call, err)
		}
		switch {
		case ae.Status == http.StatusUnauthorized && !reread:
			// Another process may have renewed the token since we read
			// it (Zoom then ended ours): re-read it and try once more.
			reread = true
			if _, changed, rerr := a.ts.Reload(ctx, tok.AccessToken); rerr == nil && changed {
				continue
			}
		case ae.Status == http.StatusTooManyRequests && !ae.Daily && waits < maxRateWaits && ae.RetryAfter <= maxRateWait:
			waits++
			d := max(ae.RetryAfter, time.Second)
			if a.o.onWait != nil {
				a.o.onWait(RateLimitWait{Delay: d, Attempt: waits, Max: maxRateWaits})
			}
			select {
			case <-ctx.Done():
				return ans, a.failure(call, ctx.Err())
			case <-time.After(d):
			}
			continue
		}
		return ans, a.failure(call, err)
	}
}

// pages follows next_page_token from call and merges the pages.
func (a apiCaller) pages(ctx context.Context, call oauth.APICall) (*APIResponse, error) {
	var first *oauth.APIAnswer
	var bodies [][]byte
	seen := map[string]bool{}
	q := call.URL.Query()
	for {
		ans, err := a.call(ctx, call)
		if err != nil {
			return response(ans, len(bodies)+1), err
		}
		if first == nil {
			first = ans
		}
		bodies = append(bodies, ans.Body)
		next := oauth.NextPageToken(ans.Body)
		if next == "" {
			break
		}
		if seen[next] || len(bodies) >= maxPages {
			return response(first, len(bodies)), &Problem{Kind: oauth.Other,
				Message: fmt.Sprintf("Zoom kept answering %s %s with more pages (%d so far), so Zoom Connections stopped.", call.Method, call.URL.Path, len(bodies)),
				Next:    "Ask for fewer at a time with a filter, or page by hand with next_page_token."}
		}
		seen[next] = true
		q.Set("next_page_token", next)
		u := *call.URL
		u.RawQuery = q.Encode()
		call.URL = &u
	}
	resp := response(first, len(bodies))
	if len(bodies) == 1 {
		return resp, nil
	}
	merged, err := oauth.MergePages(bodies)
	if err != nil {
		return resp, &Problem{Kind: oauth.Other, Err: err,
			Message: fmt.Sprintf("Zoom's pages of %s are not JSON objects, so they cannot be joined.", call.URL.Path),
			Next:    "Call it without --paginate, one page at a time."}
	}
	resp.Body = merged
	return resp, nil
}
