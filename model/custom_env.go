package model

import (
	"fmt"
	"net/url"
)

// SecretHost is the host that receives an iClient's Client secret in e,
// with the sign-in codes, PKCE verifiers and refresh tokens: zoom.us,
// zoomgov.com, or a Custom environment's OAuth host. "" while a Custom
// OAuth base URL is not valid.
func (e Environment) SecretHost() string {
	if e.Kind == EnvCustom {
		if _, msg := CheckBaseURL("OAuth base URL", e.OAuthBase); msg != "" {
			return ""
		}
	}
	return hostOf(e.OAuth().TokenURL)
}

// CustomWarning is what the window and the command line say about an
// iClient in a Custom environment: any https address is accepted, so the
// admin must see where its secret and tokens will go. "" for Zoom and
// Zoom for Government.
func CustomWarning(e Environment) string {
	if e.Kind != EnvCustom {
		return ""
	}
	const trust = "Use a Custom environment only for a proxy or test server you trust."
	oauthHost := e.SecretHost()
	apiHost := ""
	if _, msg := CheckBaseURL("API base URL", e.APIBase); msg == "" {
		apiHost = hostOf(e.OAuth().APIBase)
	}
	switch {
	case oauthHost == "" || apiHost == "":
		return "The Client secret, sign-in codes and tokens of this iClient will be sent to the base URLs below, not to Zoom. " + trust
	case oauthHost == apiHost:
		return fmt.Sprintf("The Client secret, sign-in codes and tokens of this iClient will be sent to %s, not to Zoom. %s", oauthHost, trust)
	}
	return fmt.Sprintf("The Client secret, sign-in codes and refresh tokens of this iClient will be sent to %s, and its access tokens to %s, not to Zoom. %s",
		oauthHost, apiHost, trust)
}

// SecretAgain is the message that asks for the Client secret again when an
// iClient moves to environment e: the stored one is never sent to a new host.
func SecretAgain(e Environment) string {
	if h := e.SecretHost(); h != "" {
		return "The environment changed, so enter the Client secret again: from now on it is sent to " + h + "."
	}
	return "The environment changed, so enter the Client secret again."
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Host
}
