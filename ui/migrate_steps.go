// The wizard's first three steps: the target, the iClient and the review.

package ui

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"zoomconn/model"
)

// migrateAdvice is the one recommendation the banner and the wizard give.
const migrateAdvice = "Server-to-Server OAuth for scripts that work across the account (no browser, as JWT did), OAuth 2.0 for ones that act as a Zoom user."

// The choices of the Approval row (OAuth 2.0, several connections).
const (
	consentOnce = "Once, as the Zoom user these connections should act for"
	consentEach = "Once for each connection, as a different Zoom user for each"
	fConsent    = "consent"
)

// stepHeading is a step's title and what it is about.
func stepHeading(title, text string) fyne.CanvasObject {
	t := &widget.Label{Text: title, TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText}
	if text == "" {
		return t
	}
	return container.NewVBox(t, &widget.Label{Text: text, Wrapping: fyne.TextWrapWord})
}

func (w *migrateWizard) targetPage() fyne.CanvasObject {
	n := len(w.conns)
	intro := fmt.Sprintf("%s still use JWT, which Zoom turned off on September 8, 2023. Choose what they move to: each keeps its name and environment.", count(n, "connection"))
	if n == 1 {
		intro = fmt.Sprintf("“%s” still uses JWT, which Zoom turned off on September 8, 2023. Choose what it moves to: it keeps its name and environment.", w.conns[0].Name)
	}
	intro += " Recommended: " + migrateAdvice
	w.oauthCard = newChoiceCard(w.keys.onEsc, model.AuthOAuth2.Label(), "Recommended to act as a Zoom user",
		"Someone approves access once in the web browser, and the connections act as the Zoom user who approved (you can choose a different user for each). Uses a General App (Admin-managed or User-managed) in Zoom.",
		func() { w.choose(model.AuthOAuth2) })
	w.s2sCard = newChoiceCard(w.keys.onEsc, model.AuthS2S.Label(), "Recommended for account-wide scripts",
		"No browser: each token comes from the app's credentials and your Zoom Account ID, as with JWT, and is tested at once. Uses a Server-to-Server OAuth app in Zoom.",
		func() { w.choose(model.AuthS2S) })
	sdk := &widget.Label{Text: sdkJWTNote, Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText}
	return container.NewVScroll(container.NewVBox(stepHeading("How should these connections sign in to Zoom?", intro), w.oauthCard, w.s2sCard, sdk))
}

// choose picks the target and goes on to the iClient: the choice is the
// whole step (Back returns to it).
func (w *migrateWizard) choose(a model.AuthType) {
	w.target = a
	w.oauthCard.setSelected(a == model.AuthOAuth2)
	w.s2sCard.setSelected(a == model.AuthS2S)
	w.updateButtons()
	if w.step == stepTarget {
		w.showStep(stepIClient)
	}
}

func (w *migrateWizard) iclientPage() fyne.CanvasObject {
	w.iclient = newSelect(w.keys, nil, func(string) { w.updateButtons() })
	add := btn(&button{Button: widget.Button{Icon: theme.ContentAddIcon(), OnTapped: w.onAddIClient}})
	w.iclientHint = &widget.Label{Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText}
	w.accountID = newEntry(w.keys, "")
	w.accountID.trimPaste = true
	w.accountID.OnChanged = func(string) { w.accountTouched = true; w.updateButtons() }
	w.accountID.OnSubmitted = func(string) { w.onNext() }
	w.accountMsg = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance, SizeName: theme.SizeNameCaptionText}
	w.accountMsg.Hide()
	w.accountHint = &widget.Label{Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText}
	w.redirect = newReadOnlyEntry(w.keys, w.redirectURL())
	w.copyRedirect = btn(&button{Button: widget.Button{Text: "Copy", Icon: theme.ContentCopyIcon()}})
	w.copyRedirect.OnTapped = func() { w.links.copyToClipboard(w.redirect.Text, w.copyRedirect) }
	how := &widget.Hyperlink{Text: "How? → Guide", OnTapped: w.nav.openGuideWindow}
	reminder := &widget.Label{Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText,
		Text: "Add it to the Zoom app's Redirect URL for OAuth and to its Allow list before you start, or Zoom refuses every consent."}

	w.form = container.New(layout.NewFormLayout())
	w.addRow(fIClient, "Zoom app (iClient)", container.NewVBox(container.NewBorder(nil, nil, nil, add, w.iclient), w.iclientHint))
	w.addRow(fAccountID, "Account ID", container.NewVBox(w.accountID, w.accountMsg, w.accountHint))
	w.addRow(fRedirect, "Redirect URL", container.NewVBox(
		container.NewBorder(nil, nil, nil, w.copyRedirect, w.redirect),
		container.NewBorder(nil, nil, nil, container.NewVBox(how), reminder)))
	w.consentMode = &widget.RadioGroup{Options: []string{consentOnce, consentEach}, Selected: consentOnce, Required: true}
	w.addRow(fConsent, "Approval", container.NewVBox(w.consentMode, &widget.Label{Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText,
		Text: "Zoom keeps one sign-in per Zoom user per app: connections approved by the same user share it. Choose a different user for each only when each connection must act as its own Zoom user (User-managed apps)."}))
	intro := "The iClient is the app in Zoom that every one of these connections will sign in with."
	return container.NewVScroll(container.NewVBox(stepHeading("Choose the Zoom app (iClient)", intro), w.form))
}

func (w *migrateWizard) addRow(key, label string, field fyne.CanvasObject) {
	l := &widget.Label{Text: label}
	w.rows[key] = [2]fyne.CanvasObject{l, field}
	w.form.Add(l)
	w.form.Add(field)
}

// fits reports whether the iClient suits the target and the environment
// of at least one of the connections.
func (w *migrateWizard) fits(ic model.IClient) bool {
	if (w.target == model.AuthS2S) != (ic.AppType == model.AppS2S) {
		return false
	}
	for _, c := range w.conns {
		if ic.Env.Same(c.Env) {
			return true
		}
	}
	return false
}

// envNames is the connections' environments, as one phrase.
func (w *migrateWizard) envNames() string {
	var names []string
	for _, c := range w.conns {
		if n := c.Env.Kind.Label(); !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return strings.Join(names, " or ")
}

// fillIClients offers the iClients that fit, keeping keepID selected (or
// the only one offered).
func (w *migrateWizard) fillIClients(keepID string) {
	w.iclientIDs = map[string]string{}
	var opts []string
	selected := ""
	for _, ic := range w.doc.IClients {
		if !w.fits(ic) {
			continue
		}
		opts = append(opts, ic.Name)
		w.iclientIDs[ic.Name] = ic.ID
		if ic.ID == keepID {
			selected = ic.Name
		}
	}
	if selected == "" && len(opts) == 1 {
		selected = opts[0]
	}
	w.iclient.Options, w.iclient.Selected = opts, selected
	w.iclient.PlaceHolder = "Choose a Zoom app (iClient)"
	if len(opts) == 0 {
		w.iclient.PlaceHolder = "None yet: click + to add one"
	}
	w.iclient.Refresh()
	kind := "Account-level and User-managed apps"
	if w.target == model.AuthS2S {
		kind = "Server-to-Server OAuth apps"
	}
	w.iclientHint.SetText(fmt.Sprintf("Showing %s of %s. + creates one with the credentials from Zoom's App Marketplace.", kind, w.envNames()))
}

func (w *migrateWizard) chosenIClient() *model.IClient {
	return w.doc.IClient(w.iclientIDs[w.iclient.Selected])
}

func (w *migrateWizard) onAddIClient() {
	tmpl := model.IClient{Env: w.conns[0].Env, AppType: model.AppAccount}
	if w.target == model.AuthS2S {
		tmpl.AppType = model.AppS2S
	}
	w.nav.openIClientDialogWith(nil, tmpl, w.onIClientSaved)
}

func (w *migrateWizard) onIClientSaved(ic model.IClient) {
	if cur := w.doc.IClient(ic.ID); cur != nil {
		*cur = ic
	} else {
		w.doc.IClients = append(w.doc.IClients, ic)
	}
	w.fillIClients(ic.ID)
	w.updateButtons()
}

// allHaveAccount reports whether every connection has an Account ID of
// its own (imported from a CSV), so the field may stay empty.
func (w *migrateWizard) allHaveAccount() bool {
	for _, c := range w.conns {
		if c.AccountID == "" {
			return false
		}
	}
	return true
}

// account is the Account ID for every connection ("" keeps each one's own)
// and what is wrong with it.
func (w *migrateWizard) account() (string, string) {
	if strings.TrimSpace(w.accountID.Text) == "" && w.allHaveAccount() {
		return "", ""
	}
	return model.CleanID("Account ID", w.accountID.Text)
}

// showIClientPage shows the fields the target needs.
func (w *migrateWizard) showIClientPage() {
	var keep string
	if ic := w.chosenIClient(); ic != nil {
		keep = ic.ID
	}
	w.fillIClients(keep)
	s2s := w.target == model.AuthS2S
	for key, on := range map[string]bool{fAccountID: s2s, fRedirect: !s2s, fConsent: !s2s && len(w.conns) > 1} {
		for _, o := range w.rows[key] {
			if on {
				o.Show()
			} else {
				o.Hide()
			}
		}
	}
	if w.allHaveAccount() {
		w.accountID.PlaceHolder = "Empty: each connection's own Account ID"
		w.accountHint.SetText("Every connection already has an Account ID. Leave this empty to keep them, or enter one for all.")
	} else {
		w.accountID.PlaceHolder = "From the app's App credentials in Zoom"
		w.accountHint.SetText("The Account ID from the Server-to-Server app's App credentials in Zoom. Every connection gets it.")
	}
	w.redirect.SetText(w.redirectURL())
	w.form.Refresh()
}

func (w *migrateWizard) reviewPage() fyne.CanvasObject {
	w.reviewIntro = &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}
	w.reviewHow = &widget.Label{Wrapping: fyne.TextWrapWord}
	w.counts = &widget.Label{}
	w.reviewList = &widget.List{
		Length:     func() int { return len(w.conns) },
		CreateItem: func() fyne.CanvasObject { return newReviewRow(w.keys.onEsc) },
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) { w.showReviewRow(i, o.(*reviewRow)) },
	}
	w.reviewList.HideSeparators = true
	w.reviewList.ExtendBaseWidget(w.reviewList) // laid out before it is first drawn
	top := container.NewVBox(stepHeading("Review", ""), w.reviewIntro, w.reviewHow)
	return container.NewBorder(top, w.counts, nil, nil, w.reviewList)
}

// eligible reports whether c can move with the chosen iClient.
func (w *migrateWizard) eligible(c model.Connection) bool {
	ic := w.chosenIClient()
	return ic != nil && ic.Env.Same(c.Env)
}

func (w *migrateWizard) checked(c model.Connection) bool {
	return w.eligible(c) && !w.unchecked[c.ID]
}

func (w *migrateWizard) selectedIDs() []string {
	var ids []string
	for _, c := range w.conns {
		if w.checked(c) {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

func (w *migrateWizard) showReviewRow(i widget.ListItemID, r *reviewRow) {
	c := w.conns[i]
	r.check.OnChanged = nil
	r.check.Text = c.Name
	r.check.Checked = w.checked(c)
	if w.eligible(c) {
		r.check.Enable()
	} else {
		r.check.Disable()
	}
	r.check.Refresh()
	r.check.OnChanged = func(on bool) {
		w.unchecked[c.ID] = !on
		w.showCounts()
	}
	r.env.SetText(c.Env.Kind.ShortLabel())
	note, imp := "", widget.MediumImportance
	switch {
	case !w.eligible(c):
		note, imp = fmt.Sprintf("Needs an iClient of %s: migrate it separately.", c.Env.Kind.ShortLabel()), widget.WarningImportance
	case w.target == model.AuthS2S:
		acct, _ := w.account()
		if acct == "" {
			acct = c.AccountID
		}
		note = "Account ID " + acct
	default:
		note = "API Key " + c.APIKey
	}
	r.note.Importance = imp
	r.note.SetText(note)
}

func (w *migrateWizard) showReview() {
	ic := w.chosenIClient()
	n := 0
	for _, c := range w.conns {
		if w.eligible(c) {
			n++
		}
	}
	w.reviewIntro.SetText(fmt.Sprintf("Move %s to %s with the iClient “%s”.", count(n, "connection"), w.target.Label(), ic.Name))
	if w.target == model.AuthS2S {
		w.reviewHow.SetText("Each one gets a token for its Account ID and is tested with Zoom. A connection changes only once its new sign-in works; the old JWT record stays in the Activity log.")
	} else {
		if w.consentMode.Selected == consentEach && len(w.conns) > 1 {
			w.reviewHow.SetText("Your browser opens once for each connection, one after another: sign in to Zoom as the user that connection should act for, and click Allow. Connections approved by the same user share that user's sign-in. A connection changes only once its consent succeeds; the old JWT record stays in the Activity log.")
		} else {
			w.reviewHow.SetText("Your browser opens once: sign in to Zoom as the user these connections should act for, and click Allow. They all share that sign-in. A connection changes only once the approval succeeds; the old JWT record stays in the Activity log.")
		}
	}
	w.reviewList.Refresh()
	w.showCounts()
}

func (w *migrateWizard) showCounts() {
	w.counts.SetText(fmt.Sprintf("%d of %s selected", len(w.selectedIDs()), count(len(w.conns), "connection")))
	w.updateButtons()
}

// reviewRow is one connection in the review: a tick, its environment and
// what identifies it.
type reviewRow struct {
	widget.BaseWidget
	check     *escCheck
	env, note *widget.Label
	box       *fyne.Container
}

func newReviewRow(onEsc func()) *reviewRow {
	r := &reviewRow{check: newEscCheck(onEsc), env: &widget.Label{Truncation: fyne.TextTruncateEllipsis},
		note: &widget.Label{Truncation: fyne.TextTruncateEllipsis}}
	r.box = container.New(rowColumns{270, 150}, r.check, r.env, r.note)
	r.ExtendBaseWidget(r)
	return r
}

func (r *reviewRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.box) }
