package ui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"zoomconn/model"
)

// authorizePaste is the Authorize dialog's "The browser is on another
// computer?": Zoom sends the browser back to this computer's loopback
// Redirect URL, so a browser elsewhere ends on a page that cannot connect,
// whose address holds Zoom's answer. The admin pastes it here. The address
// carries a credential (the code): the field is cleared as soon as it is
// used, and the address is never shown back or logged.
type authorizePaste struct {
	a       *authorizeDialog
	section *widget.Accordion
	entry   *escEntry
	use     *button
	msg     *widget.Label
}

func newAuthorizePaste(a *authorizeDialog) *authorizePaste {
	p := &authorizePaste{a: a}
	p.entry = newEntry(a.keys, "")
	p.entry.trimPaste = true
	p.entry.OnSubmitted = func(string) { p.onUse() }
	p.use = btn(&button{Button: widget.Button{Text: "Use this address", Icon: theme.ConfirmIcon(), OnTapped: p.onUse}})
	p.msg = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance}
	p.msg.Hide()
	how := &widget.Label{Wrapping: fyne.TextWrapWord,
		Text: "Copy link, and open it in the browser on the other computer. After you click Allow there, that browser shows a page that cannot connect: " +
			"copy the address from its address bar and paste it here."}
	p.section = widget.NewAccordion(widget.NewAccordionItem("The browser is on another computer?", container.NewVBox(
		how,
		container.NewBorder(nil, nil, nil, p.use, p.entry),
		p.msg,
	)))
	p.entry.Disable()
	p.use.Disable()
	return p
}

// enable readies the field once the consent is waiting.
func (p *authorizePaste) enable() {
	if url := p.a.auth.RedirectURL(); url != "" {
		p.entry.SetPlaceHolder(url + "?code=…")
	}
	p.entry.Enable()
	p.use.Enable()
}

// onUse hands the pasted address to the waiting authorization. If Zoom's
// answer is taken, the dialog ends as it does for the browser's callback;
// otherwise it says why, and the wait goes on.
func (p *authorizePaste) onUse() {
	address := p.entry.Text
	p.entry.SetText("") // a credential: not kept in the field
	auth := p.a.auth
	if auth == nil || p.a.ended || p.use.Disabled() {
		return
	}
	if address == "" {
		p.say("Paste the address the browser ended on, then click Use this address.")
		return
	}
	p.entry.Disable()
	p.use.Disable()
	p.msg.Hide()
	go func() {
		err := auth.Paste(address)
		fyne.Do(func() {
			if p.a.ended {
				return
			}
			p.enable()
			var refused *model.PasteRefusedError
			switch {
			case err == nil: // the dialog ends with the consent
			case errors.As(err, &refused):
				p.say(refused.Message)
			default:
				p.say(explain(err).Message)
			}
		})
	}()
}

func (p *authorizePaste) say(text string) {
	p.msg.SetText(text)
	p.msg.Show()
}
