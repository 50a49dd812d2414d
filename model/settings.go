package model

import (
	"fmt"
	"strconv"
	"strings"

	"zoomconn/oauth"
)

// Settings are the preferences the command line needs too.
type Settings struct {
	RedirectPort int `json:"redirect_port"`
}

// DefaultRedirectPort is the loopback port of the Redirect URL (the one
// the oauth package uses when it is given none).
const DefaultRedirectPort = oauth.DefaultPort

// Port returns the redirect port, falling back to the default.
func (s Settings) Port() int {
	if s.RedirectPort <= 0 {
		return DefaultRedirectPort
	}
	return s.RedirectPort
}

// The redirect ports the admin may choose: lower ones need administrator
// rights.
const (
	MinRedirectPort = 1024
	MaxRedirectPort = 65535
)

// ParsePort reads a redirect port as typed (spaces around it are fine), or
// says what is wrong in a ValidationError.
func ParsePort(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, ValidationError{{Field: "redirect_port", Message: fmt.Sprintf("Enter a number between %d and %d.", MinRedirectPort, MaxRedirectPort)}}
	}
	return n, checkPort(n)
}

func checkPort(port int) error {
	if port < MinRedirectPort || port > MaxRedirectPort {
		return ValidationError{{Field: "redirect_port", Message: fmt.Sprintf(
			"Choose a port between %d and %d: lower ports need administrator rights.", MinRedirectPort, MaxRedirectPort)}}
	}
	return nil
}

// SetRedirectPort changes the loopback port of the Redirect URL.
func (s *Service) SetRedirectPort(port int) error {
	if err := checkPort(port); err != nil {
		return err
	}
	return s.update(func(doc *Document) error {
		doc.Settings.RedirectPort = port
		return nil
	})
}

// RedirectURL is the Redirect URL of a new iClient, to add to its Zoom
// app's Redirect URL and Allow list (iClients registered with localhost
// before keep theirs: see RedirectURLOf).
func (s *Service) RedirectURL() (string, error) {
	doc, err := s.Load()
	if err != nil {
		return "", err
	}
	return oauth.RedirectURL(LoopbackIP, doc.Settings.Port()), nil
}

// RedirectURLOf is the Redirect URL of the iClient id.
func (s *Service) RedirectURLOf(id string) (string, error) {
	doc, err := s.Load()
	if err != nil {
		return "", err
	}
	ic := doc.IClient(id)
	if ic == nil {
		return "", &NotFoundError{What: "iClient", Name: id}
	}
	return ic.RedirectURL(doc.Settings.Port()), nil
}
