// Command browser plays the admin's browser in the command-line tests: run
// as $BROWSER with the consent URL, it follows the test server's redirect
// (the server approves at once) to the loopback Redirect URL. Like a real
// browser it exits 0 whenever it showed a page, even Zoom's error page
// (written to $BROWSER_LOG when set); it fails only when nothing answered.
// Loopback only.
package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"time"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: browser URL")
		os.Exit(2)
	}
	client := &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if !loopback(req.URL) {
				return fmt.Errorf("refusing to leave loopback: %s", req.URL.Redacted())
			}
			if len(via) > 5 {
				return fmt.Errorf("too many redirects")
			}
			return nil
		},
	}
	u, err := url.Parse(os.Args[1])
	if err != nil || !loopback(u) {
		fmt.Fprintln(os.Stderr, "browser: not a loopback URL")
		os.Exit(1)
	}
	resp, err := client.Get(u.String())
	if err != nil {
		fmt.Fprintln(os.Stderr, "browser:", err)
		os.Exit(1)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if log := os.Getenv("BROWSER_LOG"); log != "" {
		_ = os.WriteFile(log, body, 0o600)
	}
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintf(os.Stderr, "browser: %s answered %d\n", resp.Request.URL.Redacted(), resp.StatusCode)
	}
}

func loopback(u *url.URL) bool {
	h := u.Hostname()
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}
