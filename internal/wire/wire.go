// Package wire is the composition root: the one place where the window and
// the command line get their real dependencies (the data folder's store,
// the keyring, the HTTP client, the clock, the browser opener). A test
// builds the same Parts with the fakes it needs and leaves the rest zero.
package wire

import (
	"net/http"
	"os"
	"strings"
	"time"

	"zoomconn/internal/browser"
	"zoomconn/internal/httpclient"
	"zoomconn/internal/keyring"
	"zoomconn/model"
)

// Parts are what the service and the commands are made of. A zero field
// means the real thing.
type Parts struct {
	Dir        string           // the data folder; "": model.DefaultDir ($ZOOMCONN_HOME, else the user config folder)
	Secrets    model.Secrets    // nil: the OS keyring (Keyring)
	HTTPClient *http.Client     // nil: httpclient.New's: the system's proxy, every call to Zoom bounded
	Now        func() time.Time // nil: the model's clock (UTC, whole seconds)
	Opener     model.Opener     // nil: $BROWSER, else the system's browser
}

// Service opens the data folder over the parts.
func (p Parts) Service() (*model.Service, error) {
	dir := p.Dir
	if dir == "" {
		d, err := model.DefaultDir()
		if err != nil {
			return nil, err
		}
		dir = d
	}
	svc, err := model.Open(dir, p.Keyring())
	if err != nil {
		return nil, err
	}
	svc.HTTPClient = p.HTTPClient
	if svc.HTTPClient == nil {
		svc.HTTPClient = httpclient.New(nil)
	}
	if p.Now != nil {
		svc.Now = p.Now
	}
	return svc, nil
}

// Keyring is the password store: Secrets, else the OS keyring (Keyring).
// The window checks it when the data folder could not be opened.
func (p Parts) Keyring() model.Secrets {
	if p.Secrets != nil {
		return p.Secrets
	}
	return Keyring()
}

// Browser is the opener of consent pages and links.
func (p Parts) Browser() model.Opener {
	if p.Opener != nil {
		return p.Opener
	}
	return browser.Opener{Fallback: browser.System}
}

// Keyring is the operating system's password store under the service
// $ZOOMCONN_KEYRING_SERVICE, else "zoomconn": the window's and the command
// line's alike.
func Keyring() *keyring.Keyring {
	service := strings.TrimSpace(os.Getenv(keyring.ServiceEnv))
	if service == "" {
		service = keyring.DefaultService
	}
	return keyring.New(service)
}
