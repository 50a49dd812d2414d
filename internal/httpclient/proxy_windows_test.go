package httpclient

import (
	"encoding/binary"
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
	const proxy, bypass = "proxy.corp.example:8080", "*.zoomgov.com;<local>"
	// What Settings → Proxy writes: the values, and the connection settings
	// that WinHTTP reads (magic 0x46, a counter, flags direct|proxy, then the
	// proxy, the exceptions and the setup script's address, each after its
	// length; no automatic detection).
	var blob []byte
	le := func(n int) { blob = binary.LittleEndian.AppendUint32(blob, uint32(n)) }
	le(0x46)
	le(1)
	le(0x01 | 0x02)
	le(len(proxy))
	blob = append(blob, proxy...)
	le(len(bypass))
	blob = append(blob, bypass...)
	le(0)
	blob = append(blob, make([]byte, 32)...)
	const settings = `Software\Microsoft\Windows\CurrentVersion\Internet Settings`
	k, _, err := registry.CreateKey(registry.CURRENT_USER, settings, registry.SET_VALUE)
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	for name, v := range map[string]string{"ProxyServer": proxy, "ProxyOverride": bypass} {
		if err := k.SetStringValue(name, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := k.SetDWordValue("ProxyEnable", 1); err != nil {
		t.Fatal(err)
	}
	c, _, err := registry.CreateKey(registry.CURRENT_USER, settings+`\Connections`, registry.SET_VALUE)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.SetBinaryValue("DefaultConnectionSettings", blob); err != nil {
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
