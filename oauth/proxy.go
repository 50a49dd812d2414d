package oauth

import (
	"errors"

	"zoomconn/internal/httpclient"
)

// throughProxy names the proxy that a call which did not reach Zoom went
// through (its address only: never the user name or password that
// HTTPS_PROXY may hold), so that the admin knows where to look.
func throughProxy(e *Error, err error) *Error {
	var pe *httpclient.ProxyError
	if !errors.As(err, &pe) {
		return e
	}
	e.Proxy = pe.Proxy
	return e
}
