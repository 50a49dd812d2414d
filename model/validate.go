package model

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"zoomconn/internal/textsafe"
)

// MaxNameLength is the longest name a connection or iClient may have.
const MaxNameLength = 100

// FieldError is one problem with one field, in the administrator's words.
type FieldError struct {
	Field   string // "name", "client_id", "account_id", "oauth_base", …
	Message string
}

// ValidationError lists every problem found in one entity.
type ValidationError []FieldError

func (v ValidationError) Error() string {
	msgs := make([]string, len(v))
	for i, f := range v {
		msgs[i] = f.Message
	}
	return strings.Join(msgs, " ")
}

// For returns the message for field, or "".
func (v ValidationError) For(field string) string {
	for _, f := range v {
		if f.Field == field {
			return f.Message
		}
	}
	return ""
}

type problems ValidationError

func (p *problems) add(field, format string, args ...any) {
	*p = append(*p, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return ValidationError(p)
}

// CleanName trims a name and checks it is present, short enough and printable.
func CleanName(what, name string) (string, string) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return name, fmt.Sprintf("Enter a name for the %s.", what)
	case utf8.RuneCountInString(name) > MaxNameLength:
		return name, fmt.Sprintf("The name is too long: at most %d characters.", MaxNameLength)
	case strings.IndexFunc(name, textsafe.Unsafe) >= 0:
		return name, "The name cannot contain line breaks, tabs or other control characters."
	}
	return name, ""
}

// CleanID trims a pasted identifier (Client ID, Account ID, API Key, Client
// secret) and rejects whitespace or control characters inside it, which are
// always a copy-and-paste accident.
func CleanID(label, v string) (string, string) {
	v = strings.TrimSpace(v)
	if v == "" {
		return v, fmt.Sprintf("Enter the %s.", label)
	}
	if i := strings.IndexFunc(v, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }); i >= 0 {
		return v, fmt.Sprintf("The %s contains a space or line break in the middle. Copy it again from Zoom's App credentials.", label)
	}
	if strings.IndexFunc(v, textsafe.Unsafe) >= 0 {
		return v, fmt.Sprintf("The %s contains an invisible control character. Copy it again from Zoom's App credentials.", label)
	}
	if len(v) > 512 {
		return v, fmt.Sprintf("The %s is too long to be right (over 512 characters). Copy it again from Zoom's App credentials.", label)
	}
	return v, ""
}

// CheckBaseURL checks a Custom environment URL: https, or http only to a
// loopback host, with no query, fragment or credentials.
func CheckBaseURL(label, raw string) (string, string) {
	raw = strings.TrimRight(strings.TrimSpace(raw), "/")
	if raw == "" {
		return raw, fmt.Sprintf("Enter the %s.", label)
	}
	if strings.IndexFunc(raw, textsafe.Unsafe) >= 0 {
		return raw, fmt.Sprintf("The %s cannot contain control characters.", label)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || !u.IsAbs() {
		return raw, fmt.Sprintf("The %s must be a full address such as https://zoom-proxy.example.com.", label)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return raw, fmt.Sprintf("The %s cannot contain a user name, query or fragment.", label)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !IsLoopbackHost(u.Hostname()) {
			return raw, fmt.Sprintf("The %s must use https (http is allowed only for localhost).", label)
		}
	default:
		return raw, fmt.Sprintf("The %s must start with https://.", label)
	}
	return raw, ""
}

// IsLoopbackHost reports whether host names this machine only.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func checkEnv(p *problems, e *Environment) {
	switch e.Kind {
	case EnvZoom, EnvZoomGov:
		e.OAuthBase, e.APIBase = "", ""
	case EnvCustom:
		var msg string
		if e.OAuthBase, msg = CheckBaseURL("OAuth base URL", e.OAuthBase); msg != "" {
			p.add("oauth_base", "%s", msg)
		}
		if e.APIBase, msg = CheckBaseURL("API base URL", e.APIBase); msg != "" {
			p.add("api_base", "%s", msg)
		}
	default:
		p.add("environment", "Choose an environment: Zoom, Zoom for Government or Custom.")
	}
}

// ValidateIClient cleans ic in place and checks it against doc. The iClient
// itself, if already in doc, is not counted as a duplicate of itself.
func ValidateIClient(ic *IClient, doc *Document) error {
	var p problems
	var msg string
	if ic.Name, msg = CleanName("iClient", ic.Name); msg != "" {
		p.add("name", "%s", msg)
	} else if o := doc.IClientByName(ic.Name); o != nil && o.ID != ic.ID {
		p.add("name", "An iClient named %q already exists. Choose another name.", o.Name)
	}
	checkEnv(&p, &ic.Env)
	switch ic.AppType {
	case AppAccount, AppUser, AppS2S:
	default:
		p.add("app_type", "Choose the app type: Admin-managed or User-managed General App, or Server-to-Server OAuth App.")
	}
	switch ic.Credentials {
	case "", CredentialsSecret:
	case CredentialsPublic:
		if ic.AppType == AppS2S {
			p.add("credentials", "A Server-to-Server OAuth App has no public client ID: choose Client ID and Client secret.")
		}
	default:
		p.add("credentials", "Choose the kind of credentials: public client ID, or Client ID and Client secret.")
	}
	switch ic.RedirectHost {
	case "", LoopbackIP, LoopbackName:
	default:
		p.add("redirect_host", "The Redirect URL's host must be 127.0.0.1 or localhost.")
	}
	if ic.ClientID, msg = CleanID("Client ID", ic.ClientID); msg != "" {
		p.add("client_id", "%s", msg)
	}
	return p.err()
}

// ValidateConnection cleans c in place and checks it against doc. isNew is
// true when c is being created in an editor: JWT may be kept on an existing
// connection, never chosen anew.
func ValidateConnection(c *Connection, doc *Document, isNew bool) error {
	return validateConnection(c, doc, !isNew && !wasNotJWT(c, doc))
}

// ValidateJWTRecord checks a JWT connection that is being recorded (imported)
// so that it can be migrated.
func ValidateJWTRecord(c *Connection, doc *Document) error {
	return validateConnection(c, doc, true)
}

func validateConnection(c *Connection, doc *Document, jwtAllowed bool) error {
	var p problems
	var msg string
	if c.Name, msg = CleanName("connection", c.Name); msg != "" {
		p.add("name", "%s", msg)
	} else if o := doc.ConnectionByName(c.Name); o != nil && o.ID != c.ID {
		p.add("name", "A connection named %q already exists. Choose another name.", o.Name)
	}
	checkEnv(&p, &c.Env)
	c.Scopes = strings.Join(strings.Fields(c.Scopes), " ")
	if strings.IndexFunc(c.Scopes, textsafe.Unsafe) >= 0 {
		p.add("scopes", "The scopes cannot contain control characters: separate them with spaces.")
	}
	switch c.Auth {
	case AuthOAuth2, AuthS2S:
		checkConnIClient(&p, c, doc)
		if c.Auth == AuthS2S {
			if c.AccountID, msg = CleanID("Account ID", c.AccountID); msg != "" {
				p.add("account_id", "%s", msg)
			}
		}
	case AuthJWT:
		if !jwtAllowed {
			p.add("auth_type", "JWT was retired by Zoom on September 8, 2023 and cannot be chosen. Choose OAuth 2.0 or Server-to-Server OAuth.")
		}
		if c.APIKey, msg = CleanID("API Key", c.APIKey); msg != "" {
			p.add("api_key", "%s", msg)
		}
	default:
		p.add("auth_type", "Choose an authentication type: OAuth 2.0 or Server-to-Server OAuth.")
	}
	return p.err()
}

func wasNotJWT(c *Connection, doc *Document) bool {
	o := doc.Connection(c.ID)
	return o == nil || o.Auth != AuthJWT
}

func checkConnIClient(p *problems, c *Connection, doc *Document) {
	if c.IClientID == "" {
		p.add("iclient", "Choose an iClient, or create one with the + button.")
		return
	}
	ic := doc.IClient(c.IClientID)
	if ic == nil {
		p.add("iclient", "The chosen iClient no longer exists. Choose another one.")
		return
	}
	if !ic.Env.Same(c.Env) {
		p.add("iclient", "%s Choose an iClient of the same environment.", EnvMismatch(ic, c.Env))
	}
	if c.Auth == AuthS2S && ic.AppType != AppS2S {
		p.add("iclient", "Server-to-Server OAuth needs an iClient whose app type is Server-to-Server OAuth.")
	}
	if c.Auth == AuthOAuth2 && ic.AppType == AppS2S {
		p.add("iclient", "OAuth 2.0 needs the iClient of an Admin-managed or User-managed General App, not of a Server-to-Server OAuth App.")
	}
}

// EnvMismatch says how the iClient's environment differs from env, the
// connection's: the environments, or for two Custom ones the base URLs
// (both are "Custom", which said nothing).
func EnvMismatch(ic *IClient, env Environment) string {
	if ic.Env.Kind == env.Kind && ic.Env.Kind == EnvCustom {
		return fmt.Sprintf("The iClient %q is for the Custom environment at %s (API %s), but this connection's base URLs are %s (API %s).",
			ic.Name, ic.Env.OAuthBase, ic.Env.APIBase, env.OAuthBase, env.APIBase)
	}
	return fmt.Sprintf("The iClient %q belongs to %s, but this connection uses %s.", ic.Name, ic.Env.Kind.ShortLabel(), env.Kind.ShortLabel())
}
