package model

import (
	"errors"

	"zoomconn/oauth"
)

// PasteRefusedError says, in the admin's words, why a pasted address was
// not taken. It never holds the address, which carries a credential.
type PasteRefusedError struct {
	Message string
	// Over is true when the authorization no longer waits for an address.
	Over bool
}

func (e *PasteRefusedError) Error() string { return e.Message }

// Paste finishes the authorization with the address the browser ended on
// after Zoom's consent, for a browser on another computer: there, Zoom's
// redirect to this computer's loopback Redirect URL lands on a page that
// cannot connect, whose address holds Zoom's answer. Paste returns nil once
// the answer was taken (Wait then says how it ended), or a
// *PasteRefusedError, and the authorization goes on waiting. The address
// is never logged, kept or repeated.
func (a *Authorization) Paste(address string) error {
	if a.consent == nil {
		return &PasteRefusedError{Message: "Nothing is waiting for an address: the approval given earlier was used.", Over: true}
	}
	err := a.consent.Paste(address)
	var pe *oauth.PasteError
	if err == nil || !errors.As(err, &pe) {
		return err
	}
	redirect := a.consent.RedirectURL()
	switch pe.Reason {
	case oauth.PasteNotAddress:
		return &PasteRefusedError{Message: "That is not a web address. Once you click Allow, copy the whole address from the browser's address bar: it starts with " + redirect + "?code="}
	case oauth.PasteNotCallback:
		return &PasteRefusedError{Message: "That is not the address Zoom sends the browser back to. Once you click Allow, copy the address of the page that could not connect: it starts with " + redirect + "?code="}
	case oauth.PasteIncomplete:
		return &PasteRefusedError{Message: "That address lacks Zoom's answer (its code). Copy the whole address, with everything after the question mark."}
	case oauth.PasteWrongState:
		return &PasteRefusedError{Message: "That address answers another authorization (an older or a different one), so it was not used. Open the link shown here, click Allow, and paste the address that browser then ends on."}
	case oauth.PasteUsed:
		return &PasteRefusedError{Message: "Zoom's answer has already been received; the pasted address was not needed.", Over: true}
	}
	return &PasteRefusedError{Message: "This authorization is no longer waiting (it was canceled or took too long). Authorize again.", Over: true}
}
