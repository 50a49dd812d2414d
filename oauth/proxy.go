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
	e.Message = "Zoom could not be reached through the proxy " + pe.Proxy + ". Nothing changed."
	e.Next = "Check that the proxy is running and lets this computer reach Zoom " +
		"(the proxy comes from HTTPS_PROXY and NO_PROXY, else from the system's proxy settings), then try again."
	return e
}
