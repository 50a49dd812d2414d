//go:build !windows

package httpclient

// systemProxy: elsewhere the environment (HTTPS_PROXY, NO_PROXY) is the
// system's setting.
func systemProxy() ProxyFunc { return nil }
