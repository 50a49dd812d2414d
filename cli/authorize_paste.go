package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"zoomconn/model"
)

// The consent of 'authorize --no-browser' may be approved in a browser on
// another computer. Zoom sends that browser back to this computer's
// loopback Redirect URL, which there is a page that cannot connect: the
// admin pastes its address on standard input, and whichever comes first,
// that or the callback on this computer, ends the wait.

// pasteHint tells the admin how to finish a consent approved elsewhere.
const pasteHint = "If that browser runs on another computer, it ends on a page that cannot connect once you click Allow: " +
	"copy the address from its address bar, paste it here and press Enter."

// pasteReader offers the lines of standard input to a pending
// authorization as the address its browser ended on.
type pasteReader struct {
	mu      sync.Mutex
	errOut  io.Writer
	stopped bool
}

// readPastes reads standard input in the background until an address is
// taken, the input ends, or stop is called. It never repeats a line: the
// address holds a credential.
func readPastes(s *IOStreams, auth *model.Authorization) *pasteReader {
	p := &pasteReader{errOut: s.ErrOut}
	go func() {
		sc := bufio.NewScanner(s.In)
		sc.Buffer(make([]byte, 0, 4096), 64<<10)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" {
				continue
			}
			err := auth.Paste(line)
			if err == nil {
				return
			}
			var refused *model.PasteRefusedError
			if !errors.As(err, &refused) {
				p.say(describe(err, false))
				continue
			}
			if refused.Over {
				return
			}
			p.say(refused.Message + "\nStill waiting: paste the address again, or approve in a browser on this computer.")
		}
		if errors.Is(sc.Err(), bufio.ErrTooLong) {
			p.say("That line is too long to be Zoom's answer; zoomconn stopped reading standard input. The wait goes on.")
		}
	}()
	return p
}

// say writes a line, unless the command has moved on (see stop).
func (p *pasteReader) say(line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.stopped {
		fmt.Fprintln(p.errOut, line)
	}
}

// stop ends the reader's output: the wait is over, and what the command
// prints next must not be interleaved with it. The read itself may stay
// blocked until the process exits.
func (p *pasteReader) stop() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopped = true
}
