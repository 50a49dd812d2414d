package oauth

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strings"
)

// MaxAnswer bounds the body of one API answer that Call reads.
const MaxAnswer = 32 << 20

// APICall is one request to the Zoom REST API, made with an access token.
type APICall struct {
	Method string
	URL    *url.URL // on the connection's API base (see OnAPIBase)
	Header http.Header
	Body   []byte // nil: no body
}

// APIAnswer is Zoom's answer to an APICall, whatever its status.
type APIAnswer struct {
	Proto  string // "HTTP/1.1"
	Status int
	Header http.Header
	Body   []byte
}

// ErrAnswerTooLarge is an answer body over MaxAnswer.
var ErrAnswerTooLarge = errors.New("zoom api: answer larger than 32 MB")

// Call sends call with the access token and reads the answer. An answer
// whose status is not 2xx comes back too, with an *APIError (which
// Translate turns into the admin's words and which carries what a 429
// said). A redirect is followed only on the same host: the request
// carries the token. hc may be nil.
func Call(ctx context.Context, hc *http.Client, call APICall, token string) (*APIAnswer, error) {
	var body io.Reader
	if call.Body != nil {
		body = strings.NewReader(string(call.Body))
	}
	req, err := http.NewRequestWithContext(ctx, call.Method, call.URL.String(), body)
	if err != nil {
		return nil, fmt.Errorf("zoom api request: %w", err)
	}
	for k, vs := range call.Header {
		req.Header[http.CanonicalHeaderKey(k)] = append([]string(nil), vs...)
	}
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "application/json")
	}
	if call.Body != nil && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := baseClient(hc).Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, MaxAnswer+1))
	if err != nil {
		return nil, fmt.Errorf("read the answer of %s %s: %w", call.Method, call.URL.Path, err)
	}
	if len(b) > MaxAnswer {
		return nil, ErrAnswerTooLarge
	}
	ans := &APIAnswer{Proto: resp.Proto, Status: resp.StatusCode, Header: resp.Header, Body: b}
	if resp.StatusCode/100 != 2 {
		return ans, apiError(req, resp, b)
	}
	return ans, nil
}

// OffBaseError refuses a full URL that is not on the connection's API
// base: the access token would go there.
type OffBaseError struct {
	Base string // the API base, e.g. https://api.zoom.us/v2
}

func (e *OffBaseError) Error() string { return "url is not on the API base " + e.Base }

// OnAPIBase resolves target against one of bases (each an API base that
// ends in /v2; the first is the one a path goes to): a path ("/users",
// "users", "/v2/users", with or without a query) goes below the first
// base; a full URL is accepted only when it is below one of them (same
// scheme, host and port, and under its path), else *OffBaseError.
func OnAPIBase(bases []string, target string) (*url.URL, error) {
	if len(bases) == 0 {
		return nil, errors.New("no API base")
	}
	first, err := url.Parse(strings.TrimRight(bases[0], "/"))
	if err != nil {
		return nil, fmt.Errorf("API base: %w", err)
	}
	lower := strings.ToLower(target)
	if !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") {
		rel, err := url.Parse("/" + strings.TrimLeft(target, "/"))
		if err != nil || rel.Host != "" || rel.Fragment != "" {
			return nil, &OffBaseError{Base: first.String()}
		}
		// "/v2/users" means "/users": the base already ends in /v2.
		p := rel.Path
		if rest, ok := strings.CutPrefix(p, "/v2/"); ok && strings.HasSuffix(first.Path, "/v2") {
			p = "/" + rest
		}
		u := *first
		u.Path = first.Path + p
		u.RawPath = ""
		u.RawQuery = rel.RawQuery
		return &u, nil
	}
	u, err := url.Parse(target)
	if err != nil || u.User != nil || u.Fragment != "" {
		return nil, &OffBaseError{Base: first.String()}
	}
	for _, b := range bases {
		base, err := url.Parse(strings.TrimRight(b, "/"))
		if err == nil && sameOrigin(base, u) && strings.HasPrefix(path.Clean(u.Path), base.Path+"/") {
			return u, nil
		}
	}
	return nil, &OffBaseError{Base: first.String()}
}
