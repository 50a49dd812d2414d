// Command zoomserve runs the Zoom-shaped test server (internal/zoomtest) on
// loopback for bench/paths.sh, so that the real binary has a "Zoom" to
// migrate to: one OAuth app with a known Client ID and secret, and its public
// client ID, whose Redirect URL is the app's 127.0.0.1 callback (any port). Its consent page
// approves at once (as a signed-in admin clicking Allow) and redirects to
// that callback; -access-token-bytes makes its access tokens Zoom-sized
// (scripts/windows-smoke.sh stores a 6 KB one in Credential Manager). It
// prints the server's base URL and the redirect port on one line ("URL
// PORT"; -redirect-port 0 picks a free port), then serves
// until it is sent SIGINT or SIGTERM. A bench tool: the product never
// imports it (it is a main package, and zoomtest is for tests only).
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"os/signal"
	"syscall"

	"zoomconn/internal/zoomtest"
	"zoomconn/oauth"
)

func main() {
	port := flag.Int("redirect-port", 41587, "the app's redirect port (zoomconn settings set redirect-port); 0 picks a free one")
	id := flag.String("client-id", "cid", "the OAuth app's Client ID")
	secret := flag.String("client-secret", "csecret", "the OAuth app's Client secret")
	public := flag.String("public-client-id", "pub", "the same app's public client ID (Use Public Client OAuth); \"\" for none")
	tokenBytes := flag.Int("access-token-bytes", 0, "make every access token this long, as Zoom's (1–6 KB); 0: the test server's own, about 90 bytes")
	account := flag.String("s2s-account", "acct-s2s", "an Account ID the app may get Server-to-Server tokens for; \"\" for none")
	consume := flag.Bool("consume-code-on-bad-client", false, "a code exchange with a wrong Client ID or secret uses the code up (Zoom does not document which it does)")
	flag.Parse()

	if *port == 0 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			log.Fatal(err)
		}
		*port = l.Addr().(*net.TCPAddr).Port
		l.Close()
	}
	srv := zoomtest.Start()
	defer srv.Close()
	srv.RegisterClient(*id, *secret, oauth.RedirectURL(oauth.LoopbackIP, *port))
	if *public != "" {
		srv.RegisterPublicClient(*public, oauth.RedirectURL(oauth.LoopbackIP, *port))
	}
	if *account != "" {
		srv.AddAccount(*account, zoomtest.User{ID: "bot-" + *account, Email: "bot@example.com", DisplayName: "Reporting bot"})
	}
	srv.ConsumeCodeOnFailedExchange(*consume)
	srv.LongAccessTokens(*tokenBytes)
	fmt.Println(srv.URL(), *port)

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	<-sig
}
