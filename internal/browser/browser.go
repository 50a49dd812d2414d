// Package browser opens an address in the admin's browser: $BROWSER first,
// then the desktop's own handler.
package browser

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// Opener runs $BROWSER when it is set (a list separated like PATH, the
// first command that works wins; "%s" in a command is replaced by the URL,
// else the URL is appended), and otherwise calls Fallback: the window
// passes Fyne's OpenURL, the command line System.
type Opener struct {
	Fallback func(url string) error
}

// Env names the environment variable that chooses the browser.
const Env = "BROWSER"

// Open opens url.
func (b Opener) Open(url string) error {
	var errs []error
	if env := os.Getenv(Env); env != "" {
		for _, command := range strings.Split(env, string(os.PathListSeparator)) {
			if strings.TrimSpace(command) == "" {
				continue
			}
			err := runBrowser(command, url)
			if err == nil {
				return nil
			}
			errs = append(errs, err)
		}
	}
	if b.Fallback != nil {
		err := b.Fallback(url)
		if err == nil {
			return nil
		}
		errs = append(errs, err)
	}
	if len(errs) == 0 {
		return errors.New("no browser is configured")
	}
	return fmt.Errorf("open browser: %w", errors.Join(errs...))
}

// System opens url with the desktop's handler: xdg-open, open, or
// url.dll's FileProtocolHandler on Windows.
func System(url string) error {
	switch runtime.GOOS {
	case "windows":
		return start("rundll32", "url.dll,FileProtocolHandler", url)
	case "darwin":
		return start("open", url)
	default:
		return start("xdg-open", url)
	}
}

func runBrowser(command, url string) error {
	fields := strings.Fields(command)
	args := fields[1:]
	substituted := false
	for i, a := range args {
		if strings.Contains(a, "%s") {
			args[i] = strings.ReplaceAll(a, "%s", url)
			substituted = true
		}
		args[i] = strings.ReplaceAll(args[i], "%%", "%")
	}
	if !substituted {
		args = append(args, url)
	}
	return start(fields[0], args...)
}

// browserGrace is how long a browser command may take to fail; one still
// running after it is taken as a browser that opened (and is reaped later).
const browserGrace = 2 * time.Second

// start runs a command without a shell (the URL is one argument).
func start(name string, args ...string) error {
	cmd := exec.Command(name, args...)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return nil
	case <-time.After(browserGrace):
		return nil
	}
}
