package httpclient

import (
	"os"
	"testing"

	"golang.org/x/sys/windows/registry"
)

// Windows' own proxy settings (Internet Options: a manual proxy and its
// exceptions), read as browsers read them, when HTTPS_PROXY is not set.
// It writes the current user's settings, so it runs only where asked to:
// in scripts/windows-smoke.sh's throwaway Wine prefix.
func TestWindowsSystemProxySettings(t *testing.T) {
	if os.Getenv("ZOOMCONN_TEST_WRITE_PROXY_SETTINGS") != "1" {
		t.Skip("writes the user's Windows proxy settings; set ZOOMCONN_TEST_WRITE_PROXY_SETTINGS=1 in a throwaway prefix")
	}
	clearProxyEnv(t)
	k, _, err := registry.CreateKey(registry.CURRENT_USER, `Software\Microsoft\Windows\CurrentVersion\Internet Settings`, registry.SET_VALUE)
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	for name, v := range map[string]string{"ProxyServer": "proxy.corp.example:8080", "ProxyOverride": "*.zoomgov.com;<local>"} {
		if err := k.SetStringValue(name, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := k.SetDWordValue("ProxyEnable", 1); err != nil {
		t.Fatal(err)
	}
	p := SystemProxy()
	for _, c := range []struct{ url, want string }{
		{"https://zoom.us/oauth/token", "http://proxy.corp.example:8080"},
		{"https://api.zoom.us/v2/users/me", "http://proxy.corp.example:8080"},
		{"https://api.zoomgov.com/v2/users/me", ""}, // an exception
		{"http://127.0.0.1:41587/oauth/callback", ""},
	} {
		if got := proxyOf(t, p, c.url); got != c.want {
			t.Errorf("proxy of %s: %q, want %q", c.url, got, c.want)
		}
	}
	// HTTPS_PROXY still wins, as for every other program.
	t.Setenv("HTTPS_PROXY", "http://env-proxy.example:3128")
	if got := proxyOf(t, SystemProxy(), "https://zoom.us/"); got != "http://env-proxy.example:3128" {
		t.Errorf("with HTTPS_PROXY set: %q", got)
	}
}
