package httpclient

import "github.com/mattn/go-ieproxy"

// systemProxy is Windows' proxy settings as WinHTTP and browsers read them,
// read now: Internet Options' manual proxy and exceptions, its setup script
// (PAC) or automatic detection (WPAD), else WinHTTP's own default proxy.
func systemProxy() ProxyFunc {
	ieproxy.ReloadConf() // GetProxyFunc would keep the first reading for good
	return ieproxy.GetProxyFunc()
}
