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

	"zoomconn/internal/words"
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
	intro := fmt.Sprintf("%s still use JWT, which Zoom turned off on September 8, 2023. Choose what they move to: each keeps its name and environment.", words.Count(n, "connection", "connections"))
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

// migrateIClientStep is the wizard's second step: the iClient every
// connection moves to, and what the target needs besides (an Account ID,
// or the Redirect URL and how many approvals).
type migrateIClientStep struct {
	w                       *migrateWizard
	iclient                 *escSelect
	iclientIDs              map[string]string // option → id
	iclientHint             *widget.Label
	accountID               *escEntry
	accountMsg, accountHint *widget.Label
	accountTouched          bool
	form                    *fyne.Container
	rows                    map[string][2]fyne.CanvasObject
	redirect                *readOnlyEntry
	copyRedirect            *button
	consentMode             *widget.RadioGroup
}

func (s *migrateIClientStep) page() fyne.CanvasObject {
	w := s.w
	s.iclient = newSelect(w.keys, nil, func(string) { w.updateButtons() })
	add := btn(&button{Button: widget.Button{Icon: theme.ContentAddIcon(), OnTapped: s.onAdd}})
	s.iclientHint = &widget.Label{Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText}
	s.accountID = newEntry(w.keys, "")
	s.accountID.trimPaste = true
	s.accountID.OnChanged = func(string) { s.accountTouched = true; w.updateButtons() }
	s.accountID.OnSubmitted = func(string) { w.onNext() }
	s.accountMsg = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance, SizeName: theme.SizeNameCaptionText}
	s.accountMsg.Hide()
	s.accountHint = &widget.Label{Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText}
	s.redirect = newReadOnlyEntry(w.keys, w.redirectURL())
	s.copyRedirect = btn(&button{Button: widget.Button{Text: "Copy", Icon: theme.ContentCopyIcon()}})
	s.copyRedirect.OnTapped = func() { w.links.copyToClipboard(s.redirect.Text, s.copyRedirect) }
	how := newLink("How? → Guide", w.nav.openGuideWindow)
	reminder := &widget.Label{Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText,
		Text: "Add it to the Zoom app's Redirect URL for OAuth and to its Allow list before you start, or Zoom refuses every consent."}

	s.form = container.New(layout.NewFormLayout())
	s.addRow(fIClient, "Zoom app (iClient)", container.NewVBox(container.NewBorder(nil, nil, nil, add, s.iclient), s.iclientHint))
	s.addRow(fAccountID, "Account ID", container.NewVBox(s.accountID, s.accountMsg, s.accountHint))
	s.addRow(fRedirect, "Redirect URL", container.NewVBox(
		container.NewBorder(nil, nil, nil, s.copyRedirect, s.redirect),
		container.NewBorder(nil, nil, nil, container.NewVBox(how), reminder)))
	s.consentMode = &widget.RadioGroup{Options: []string{consentOnce, consentEach}, Selected: consentOnce, Required: true}
	s.addRow(fConsent, "Approval", container.NewVBox(s.consentMode, &widget.Label{Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText,
		Text: "Zoom keeps one sign-in per Zoom user per app: connections approved by the same user share it. Choose a different user for each only when each connection must act as its own Zoom user (User-managed apps)."}))
	intro := "The iClient is the app in Zoom that every one of these connections will sign in with."
	return container.NewVScroll(container.NewVBox(stepHeading("Choose the Zoom app (iClient)", intro), s.form))
}

func (s *migrateIClientStep) addRow(key, label string, field fyne.CanvasObject) {
	l := &widget.Label{Text: label}
	s.rows[key] = [2]fyne.CanvasObject{l, field}
	s.form.Add(l)
	s.form.Add(field)
}

// fits reports whether the iClient suits the target and the environment
// of at least one of the connections.
func (s *migrateIClientStep) fits(ic model.IClient) bool {
	w := s.w
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
func (s *migrateIClientStep) envNames() string {
	w := s.w
	var names []string
	for _, c := range w.conns {
		if n := c.Env.Kind.Label(); !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return strings.Join(names, " or ")
}

// fill offers the iClients that fit, keeping keepID selected (or
// the only one offered).
func (s *migrateIClientStep) fill(keepID string) {
	w := s.w
	s.iclientIDs = map[string]string{}
	var opts []string
	selected := ""
	for _, ic := range w.doc.IClients {
		if !s.fits(ic) {
			continue
		}
		opts = append(opts, ic.Name)
		s.iclientIDs[ic.Name] = ic.ID
		if ic.ID == keepID {
			selected = ic.Name
		}
	}
	if selected == "" && len(opts) == 1 {
		selected = opts[0]
	}
	s.iclient.Options, s.iclient.Selected = opts, selected
	s.iclient.PlaceHolder = "Choose a Zoom app (iClient)"
	if len(opts) == 0 {
		s.iclient.PlaceHolder = "None yet: click + to add one"
	}
	s.iclient.Refresh()
	kind := "General Apps (Admin-managed or User-managed)"
	if w.target == model.AuthS2S {
		kind = "Server-to-Server OAuth Apps"
	}
	s.iclientHint.SetText(fmt.Sprintf("Showing the iClients for the %s environment that are %s. + adds one with the credentials from Zoom's App Marketplace.", s.envNames(), kind))
}

func (s *migrateIClientStep) chosen() *model.IClient {
	w := s.w
	return w.doc.IClient(s.iclientIDs[s.iclient.Selected])
}

func (s *migrateIClientStep) onAdd() {
	w := s.w
	tmpl := newIClientTemplate(w.conns[0].Env)
	if w.target == model.AuthS2S {
		tmpl.AppType, tmpl.Credentials = model.AppS2S, model.CredentialsSecret
	}
	w.nav.openIClientDialogWith(nil, tmpl, s.onSaved)
}

func (s *migrateIClientStep) onSaved(ic model.IClient) {
	w := s.w
	if cur := w.doc.IClient(ic.ID); cur != nil {
		*cur = ic
	} else {
		w.doc.IClients = append(w.doc.IClients, ic)
	}
	s.fill(ic.ID)
	w.updateButtons()
}

// allHaveAccount reports whether every connection has an Account ID of
// its own (imported from a CSV), so the field may stay empty.
func (s *migrateIClientStep) allHaveAccount() bool {
	w := s.w
	for _, c := range w.conns {
		if c.AccountID == "" {
			return false
		}
	}
	return true
}

// account is the Account ID for every connection ("" keeps each one's own)
// and what is wrong with it.
func (s *migrateIClientStep) account() (string, string) {
	if strings.TrimSpace(s.accountID.Text) == "" && s.allHaveAccount() {
		return "", ""
	}
	return model.CleanID("Account ID", s.accountID.Text)
}

// show shows the fields the target needs.
func (s *migrateIClientStep) show() {
	w := s.w
	var keep string
	if ic := s.chosen(); ic != nil {
		keep = ic.ID
	}
	s.fill(keep)
	s2s := w.target == model.AuthS2S
	for key, on := range map[string]bool{fAccountID: s2s, fRedirect: !s2s, fConsent: !s2s && len(w.conns) > 1} {
		for _, o := range s.rows[key] {
			if on {
				o.Show()
			} else {
				o.Hide()
			}
		}
	}
	if s.allHaveAccount() {
		s.accountID.PlaceHolder = "Empty: each connection's own Account ID"
		s.accountHint.SetText("Every connection already has an Account ID. Leave this empty to keep them, or enter one for all.")
	} else {
		s.accountID.PlaceHolder = "From the app's App credentials in Zoom"
		s.accountHint.SetText("The Account ID from the Server-to-Server app's App credentials in Zoom. Every connection gets it.")
	}
	s.redirect.SetText(w.redirectURL())
	s.form.Refresh()
}

// migrateReview is the wizard's third step: the connections that move,
// each with a tick.
type migrateReview struct {
	w                  *migrateWizard
	intro, how, counts *widget.Label
	list               *widget.List
	unchecked          map[string]bool // unticked in the review
}

func (s *migrateReview) page() fyne.CanvasObject {
	w := s.w
	s.intro = &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}
	s.how = &widget.Label{Wrapping: fyne.TextWrapWord}
	s.counts = &widget.Label{}
	s.list = &widget.List{
		Length:     func() int { return len(w.conns) },
		CreateItem: func() fyne.CanvasObject { return newReviewRow(w.keys.onEsc) },
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) { s.showRow(i, o.(*reviewRow)) },
	}
	s.list.HideSeparators = true
	s.list.ExtendBaseWidget(s.list) // laid out before it is first drawn
	top := container.NewVBox(stepHeading("Review", ""), s.intro, s.how)
	return container.NewBorder(top, s.counts, nil, nil, s.list)
}

// eligible reports whether c can move with the chosen iClient.
func (s *migrateReview) eligible(c model.Connection) bool {
	w := s.w
	ic := w.ics.chosen()
	return ic != nil && ic.Env.Same(c.Env)
}

func (s *migrateReview) checked(c model.Connection) bool {
	return s.eligible(c) && !s.unchecked[c.ID]
}

func (s *migrateReview) selectedIDs() []string {
	w := s.w
	var ids []string
	for _, c := range w.conns {
		if s.checked(c) {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

func (s *migrateReview) showRow(i widget.ListItemID, r *reviewRow) {
	w := s.w
	c := w.conns[i]
	r.check.OnChanged = nil
	r.check.Text = c.Name
	r.check.Checked = s.checked(c)
	if s.eligible(c) {
		r.check.Enable()
	} else {
		r.check.Disable()
	}
	r.check.Refresh()
	r.check.OnChanged = func(on bool) {
		s.unchecked[c.ID] = !on
		s.showCounts()
	}
	r.env.SetText(c.Env.Kind.ShortLabel())
	note, imp := "", widget.MediumImportance
	switch {
	case !s.eligible(c):
		note, imp = fmt.Sprintf("Needs an iClient for the %s environment: migrate it separately.", c.Env.Kind.ShortLabel()), widget.WarningImportance
	case w.target == model.AuthS2S:
		acct, _ := w.ics.account()
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

func (s *migrateReview) show() {
	w := s.w
	ic := w.ics.chosen()
	n := 0
	for _, c := range w.conns {
		if s.eligible(c) {
			n++
		}
	}
	s.intro.SetText(fmt.Sprintf("Move %s to %s with the iClient “%s”.", words.Count(n, "connection", "connections"), w.target.Label(), ic.Name))
	if w.target == model.AuthS2S {
		s.how.SetText("Each one gets a token for its Account ID and is tested with Zoom. A connection changes only once its new sign-in works; the old JWT record stays in the Activity log.")
	} else {
		if w.ics.consentMode.Selected == consentEach && len(w.conns) > 1 {
			s.how.SetText("Your browser opens once for each connection, one after another: sign in to Zoom as the user that connection should act for, and click Allow. Connections approved by the same user share that user's sign-in. A connection changes only once its consent succeeds; the old JWT record stays in the Activity log.")
		} else {
			s.how.SetText("Your browser opens once: sign in to Zoom as the user these connections should act for, and click Allow. They all share that sign-in. A connection changes only once the approval succeeds; the old JWT record stays in the Activity log.")
		}
	}
	s.list.Refresh()
	s.showCounts()
}

func (s *migrateReview) showCounts() {
	w := s.w
	s.counts.SetText(fmt.Sprintf("%d of %s selected", len(s.selectedIDs()), words.Count(len(w.conns), "connection", "connections")))
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

// reviewColumns are a review row's: the connection, its environment, and
// what migrating it will do.
var reviewColumns = []column{{min: 270}, {min: 150}, {min: 60, weight: 1}}

func newReviewRow(onEsc func()) *reviewRow {
	r := &reviewRow{check: newEscCheck(onEsc), env: &widget.Label{Truncation: fyne.TextTruncateEllipsis},
		note: &widget.Label{Truncation: fyne.TextTruncateEllipsis}}
	r.box = container.New(&columnsLayout{cols: reviewColumns, minHeight: buttonHeight}, r.check, r.env, r.note)
	r.ExtendBaseWidget(r)
	return r
}

func (r *reviewRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.box) }
