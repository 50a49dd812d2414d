package zoomtest

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/ory/fosite"
)

// longTokens makes the access tokens the server issues as long as Zoom's
// (JWTs of several kilobytes; Windows' Credential Manager refuses a secret
// over 2,560 bytes): fosite's short token, a dot, and random filler. The
// server maps a long token back to fosite's before it looks it up.
type longTokens struct {
	size     atomic.Int64
	original sync.Map // long token → fosite's
}

// LongAccessTokens makes every access token issued from now on n bytes
// long (Zoom's are about 1 to 6 KB); 0 goes back to fosite's own (about 90).
// The API, revocation and introspection accept them as they accept fosite's.
func (s *Server) LongAccessTokens(n int) { s.long.size.Store(int64(n)) }

// issue lengthens the access token of a token answer, when asked to.
func (l *longTokens) issue(resp fosite.AccessResponder) {
	short := resp.GetAccessToken()
	n := int(l.size.Load()) - len(short) - 1
	if n <= 0 {
		return
	}
	filler := make([]byte, n) // base64 of n bytes is longer than n: cut to n
	_, _ = rand.Read(filler)
	long := short + "." + base64.RawURLEncoding.EncodeToString(filler)[:n]
	l.original.Store(long, short)
	resp.SetAccessToken(long)
}

// short is fosite's token behind tok (tok itself if it is not a long one).
func (l *longTokens) short(tok string) string {
	if v, ok := l.original.Load(tok); ok {
		return v.(string)
	}
	return tok
}

// shortForm puts fosite's token in place of a long one in a parsed
// revocation request.
func (l *longTokens) shortForm(r *http.Request) {
	if r.PostForm.Has("token") {
		r.PostForm.Set("token", l.short(r.PostForm.Get("token")))
	}
}
