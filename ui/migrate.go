package ui

import (
	"context"
	"fmt"
	"image/color"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"zoomconn/model"
	"zoomconn/oauth"
)

// migrateWizard is Migrate all…: JWT connections moved in one run to OAuth
// 2.0 (one browser consent each, one after another) or to Server-to-Server
// OAuth (no browser), all with one iClient. Four steps in one dialog: the
// target, the iClient, the review, and the run, with a row per connection.
type migrateWizard struct {
	u     *UI
	doc   *model.Document    // a copy, with iClients created meanwhile
	conns []model.Connection // what to migrate, in the order asked
	d     *dialog.CustomDialog
	step  int
	pages []fyne.CanvasObject

	stepsBar, body, bar            *fyne.Container
	back, cancel, next, start      *widget.Button
	retry, closeBtn                *widget.Button
	target                         model.AuthType
	oauthCard, s2sCard             *choiceCard
	iclient                        *escSelect
	iclientIDs                     map[string]string // option → id
	iclientHint                    *widget.Label
	accountID                      *escEntry
	accountMsg, accountHint        *widget.Label
	accountTouched                 bool
	form                           *fyne.Container
	rows                           map[string][2]fyne.CanvasObject
	redirect                       *readOnlyEntry
	copyRedirect                   *widget.Button
	reviewIntro, reviewHow, counts *widget.Label
	reviewList                     *widget.List
	unchecked                      map[string]bool // unticked in the review

	run migrateRun
}

// Wizard steps.
const (
	stepTarget = iota
	stepIClient
	stepReview
	stepRun
)

var migrateSteps = []string{"Target", "iClient", "Review", "Migrate"}

// openMigrateWizard opens Migrate all… for the connections ids.
func (u *UI) openMigrateWizard(ids []string) *migrateWizard {
	if u.svc == nil || u.doc == nil {
		return nil
	}
	w := &migrateWizard{u: u, doc: u.doc.Clone(), unchecked: map[string]bool{}, rows: map[string][2]fyne.CanvasObject{}}
	for _, id := range ids {
		if c := w.doc.Connection(id); c != nil {
			w.conns = append(w.conns, *c)
		}
	}
	if len(w.conns) == 0 {
		return nil
	}
	w.build()
	title := "Migrate JWT connections"
	if len(w.conns) == 1 {
		title = fmt.Sprintf("Migrate “%s”", w.conns[0].Name)
	}
	content := container.NewBorder(container.NewVBox(w.stepsBar, widget.NewSeparator()),
		container.NewVBox(widget.NewSeparator(), w.bar), nil, nil, w.body)
	w.d = dialog.NewCustomWithoutButtons(title, content, u.win)
	w.d.Resize(fyne.NewSize(720, 560))
	u.track(w.d, w.onEscape)
	w.showStep(stepTarget)
	w.d.Show()
	return w
}

func (w *migrateWizard) build() {
	w.stepsBar = container.NewHBox()
	w.body = container.NewStack()
	w.bar = container.NewHBox()
	w.back = &widget.Button{Text: "Back", Icon: theme.NavigateBackIcon(), OnTapped: func() { w.showStep(w.step - 1) }}
	w.cancel = &widget.Button{Text: "Cancel", OnTapped: w.onCancel}
	w.next = &widget.Button{Text: "Next", Icon: theme.NavigateNextIcon(), IconPlacement: widget.ButtonIconTrailingText, Importance: widget.HighImportance, OnTapped: w.onNext}
	w.start = &widget.Button{Text: "Start migration", Icon: theme.MediaPlayIcon(), Importance: widget.HighImportance, OnTapped: w.onStart}
	w.retry = &widget.Button{Text: "Retry failed", Icon: theme.ViewRefreshIcon(), OnTapped: w.onRetry}
	w.closeBtn = &widget.Button{Text: "Close", Importance: widget.HighImportance, OnTapped: w.close}
	w.pages = []fyne.CanvasObject{w.targetPage(), w.iclientPage(), w.reviewPage(), w.run.page(w)}
}

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
	intro := fmt.Sprintf("%s still use JWT, which Zoom turned off on September 8, 2023. Choose what they move to: each keeps its name and environment and gets a sign-in of its own.", count(n, "connection"))
	if n == 1 {
		intro = fmt.Sprintf("“%s” still uses JWT, which Zoom turned off on September 8, 2023. Choose what it moves to: it keeps its name and environment.", w.conns[0].Name)
	}
	w.oauthCard = newChoiceCard(w.u, model.AuthOAuth2.Label(), "",
		"Someone approves access in the web browser, once for each connection, one after another. Each connection then acts as the Zoom user who approved it. Uses an Account-level or User-managed app in Zoom.",
		func() { w.choose(model.AuthOAuth2) })
	w.s2sCard = newChoiceCard(w.u, model.AuthS2S.Label(), "Recommended by Zoom for scripts and integrations",
		"No browser: each token comes from the app's credentials and your Zoom Account ID, as with JWT, and is tested at once. Uses a Server-to-Server OAuth app in Zoom.",
		func() { w.choose(model.AuthS2S) })
	return container.NewVScroll(container.NewVBox(stepHeading("How should these connections sign in to Zoom?", intro), w.oauthCard, w.s2sCard))
}

func (w *migrateWizard) choose(a model.AuthType) {
	w.target = a
	w.oauthCard.setSelected(a == model.AuthOAuth2)
	w.s2sCard.setSelected(a == model.AuthS2S)
	w.updateButtons()
}

func (w *migrateWizard) iclientPage() fyne.CanvasObject {
	u := w.u
	w.iclient = newSelect(u, nil, func(string) { w.updateButtons() })
	add := &widget.Button{Icon: theme.ContentAddIcon(), OnTapped: w.onAddIClient}
	w.iclientHint = &widget.Label{Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText}
	w.accountID = newEntry(u, "")
	w.accountID.trimPaste = true
	w.accountID.OnChanged = func(string) { w.accountTouched = true; w.updateButtons() }
	w.accountID.OnSubmitted = func(string) { w.onNext() }
	w.accountMsg = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance, SizeName: theme.SizeNameCaptionText}
	w.accountMsg.Hide()
	w.accountHint = &widget.Label{Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText}
	w.redirect = newReadOnlyEntry(u, u.redirectURL())
	w.copyRedirect = &widget.Button{Text: "Copy", Icon: theme.ContentCopyIcon()}
	w.copyRedirect.OnTapped = func() { u.copyToClipboard(w.redirect.Text, w.copyRedirect) }
	how := &widget.Hyperlink{Text: "How? → Guide", OnTapped: u.openGuideWindow}
	reminder := &widget.Label{Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText,
		Text: "Add it to the Zoom app's Redirect URL for OAuth and to its Allow list before you start, or Zoom refuses every consent."}

	w.form = container.New(layout.NewFormLayout())
	w.addRow(fIClient, "iClient", container.NewVBox(container.NewBorder(nil, nil, nil, add, w.iclient), w.iclientHint))
	w.addRow(fAccountID, "Account ID", container.NewVBox(w.accountID, w.accountMsg, w.accountHint))
	w.addRow(fRedirect, "Redirect URL", container.NewVBox(
		container.NewBorder(nil, nil, nil, w.copyRedirect, w.redirect),
		container.NewBorder(nil, nil, nil, container.NewVBox(how), reminder)))
	intro := "The iClient is the app in Zoom that every one of these connections will sign in with."
	return container.NewVScroll(container.NewVBox(stepHeading("Choose the iClient", intro), w.form))
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
	w.iclient.PlaceHolder = "Choose an iClient"
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
	w.u.openIClientDialogWith(nil, tmpl, w.onIClientSaved)
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
	for key, on := range map[string]bool{fAccountID: s2s, fRedirect: !s2s} {
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
	w.redirect.SetText(w.u.redirectURL())
	w.form.Refresh()
}

func (w *migrateWizard) reviewPage() fyne.CanvasObject {
	w.reviewIntro = &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}
	w.reviewHow = &widget.Label{Wrapping: fyne.TextWrapWord}
	w.counts = &widget.Label{}
	w.reviewList = &widget.List{
		Length:     func() int { return len(w.conns) },
		CreateItem: func() fyne.CanvasObject { return newReviewRow(w.u) },
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
		w.reviewHow.SetText("Your browser opens once for each connection, one after another: sign in to Zoom as the user that connection should act for, and click Allow. A connection changes only once its consent succeeds; the old JWT record stays in the Activity log.")
	}
	w.reviewList.Refresh()
	w.showCounts()
}

func (w *migrateWizard) showCounts() {
	w.counts.SetText(fmt.Sprintf("%d of %s selected", len(w.selectedIDs()), count(len(w.conns), "connection")))
	w.updateButtons()
}

// showStep shows step i with its buttons.
func (w *migrateWizard) showStep(i int) {
	w.step = i
	switch i {
	case stepIClient:
		w.showIClientPage()
	case stepReview:
		w.showReview()
	}
	w.stepsBar.Objects = nil
	for k, name := range migrateSteps {
		if k > 0 {
			w.stepsBar.Add(&widget.Label{Text: "›", Importance: widget.LowImportance})
		}
		l := &widget.Label{Text: fmt.Sprintf("%d  %s", k+1, name)}
		switch {
		case k == i:
			l.TextStyle.Bold, l.Importance = true, widget.HighImportance
		case k > i:
			l.Importance = widget.LowImportance
		}
		w.stepsBar.Add(l)
	}
	w.stepsBar.Refresh()
	w.body.Objects = []fyne.CanvasObject{w.pages[i]}
	w.body.Refresh()
	w.updateButtons()
	if i == stepIClient && w.target == model.AuthS2S && w.iclient.Selected != "" {
		w.u.win.Canvas().Focus(w.accountID)
	}
}

// updateButtons shows the step's buttons, enabled when the step is done.
func (w *migrateWizard) updateButtons() {
	if w.bar == nil {
		return
	}
	var left, right []fyne.CanvasObject
	w.cancel.SetText("Cancel")
	w.cancel.Enable()
	switch w.step {
	case stepTarget:
		right = []fyne.CanvasObject{w.cancel, w.next}
		setEnabled(w.next, w.target != "")
	case stepIClient:
		_, msg := w.account()
		if w.target != model.AuthS2S {
			msg = ""
		}
		w.accountMsg.SetText(msg)
		w.accountMsg.Hidden = msg == "" || !w.accountTouched
		w.accountMsg.Refresh()
		left, right = []fyne.CanvasObject{w.back}, []fyne.CanvasObject{w.cancel, w.next}
		setEnabled(w.next, w.chosenIClient() != nil && msg == "")
	case stepReview:
		left, right = []fyne.CanvasObject{w.back}, []fyne.CanvasObject{w.cancel, w.start}
		setEnabled(w.start, len(w.selectedIDs()) > 0)
	case stepRun:
		left, right = w.run.buttons(w)
	}
	w.bar.Objects = append(append(left, layout.NewSpacer()), right...)
	w.bar.Refresh()
}

func (w *migrateWizard) onNext() {
	switch {
	case w.step == stepTarget && w.target != "":
		w.showStep(stepIClient)
	case w.step == stepIClient && !w.next.Disabled():
		w.showStep(stepReview)
	}
}

// onCancel closes the wizard before the run, and cancels the run during it.
func (w *migrateWizard) onCancel() {
	if w.step == stepRun {
		w.run.cancelRun(w)
		return
	}
	w.close()
}

func (w *migrateWizard) onEscape() {
	if w.step == stepRun && w.run.running {
		w.run.cancelRun(w)
		return
	}
	w.close()
}

// close closes the wizard and shows the connections as they now are.
func (w *migrateWizard) close() {
	w.d.Hide()
	w.u.reload()
}

// plan is what the run does, as chosen.
func (w *migrateWizard) plan() model.MigratePlan {
	acct, _ := w.account()
	if w.target != model.AuthS2S {
		acct = ""
	}
	return model.MigratePlan{Auth: w.target, IClientID: w.chosenIClient().ID, AccountID: acct, Opener: w.u.browser()}
}

func (w *migrateWizard) onStart() {
	ids := w.selectedIDs()
	if len(ids) == 0 {
		return
	}
	w.run.prepare(w, ids)
	w.showStep(stepRun)
	w.run.launch(w, ids, w.plan())
}

func (w *migrateWizard) onRetry() {
	ids := w.run.failedIDs()
	if len(ids) == 0 {
		return
	}
	w.run.launch(w, ids, w.plan())
}

// reviewRow is one connection in the review: a tick, its environment and
// what identifies it.
type reviewRow struct {
	widget.BaseWidget
	check     *escCheck
	env, note *widget.Label
	box       *fyne.Container
}

func newReviewRow(u *UI) *reviewRow {
	r := &reviewRow{check: newEscCheck(u), env: &widget.Label{Truncation: fyne.TextTruncateEllipsis},
		note: &widget.Label{Truncation: fyne.TextTruncateEllipsis}}
	r.box = container.New(rowColumns{270, 150}, r.check, r.env, r.note)
	r.ExtendBaseWidget(r)
	return r
}

func (r *reviewRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.box) }

// escCheck is a Check on which Esc closes the dialog it is in.
type escCheck struct {
	widget.Check
	ui *UI
}

func newEscCheck(u *UI) *escCheck {
	c := &escCheck{ui: u}
	c.ExtendBaseWidget(c)
	return c
}

func (c *escCheck) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape {
		c.ui.escape()
		return
	}
	c.Check.TypedKey(ev)
}

// rowColumns lays a row out left to right: the first objects at these
// widths, the next one taking the width left, and one more, if there is
// one, at its own width on the right.
type rowColumns []float32

func (l rowColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	var trailing float32
	if last := objs[len(objs)-1]; len(objs) > len(l)+1 && last.Visible() {
		trailing = last.MinSize().Width + pad
	}
	x := float32(0)
	for i, o := range objs {
		w := trailing - pad
		switch {
		case i < len(l):
			w = l[i]
		case i == len(l):
			w = max(size.Width-x-trailing, 0)
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + pad
	}
}

func (l rowColumns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w := float32(60)
	for _, x := range l {
		w += x + theme.Padding()
	}
	// As tall as a button, so rows line up whether they show one or not.
	h := theme.IconInlineSize() + 2*theme.InnerPadding()
	for i, o := range objs {
		h = max(h, o.MinSize().Height)
		if i > len(l) {
			w += o.MinSize().Width + theme.Padding()
		}
	}
	return fyne.NewSize(w, h)
}

// choiceCard is one answer to a question with a few: a panel with a radio
// mark, a title and an explanation, chosen by a click, Space or Enter.
type choiceCard struct {
	widget.BaseWidget
	ui                         *UI
	title                      string
	onTapped                   func()
	selected, hovered, focused bool
	bg                         *canvas.Rectangle
	mark                       *widget.Icon
	box                        *fyne.Container
}

func newChoiceCard(u *UI, title, tag, text string, onTapped func()) *choiceCard {
	c := &choiceCard{ui: u, title: title, onTapped: onTapped, bg: &canvas.Rectangle{CornerRadius: theme.InputRadiusSize() * 2}, mark: widget.NewIcon(theme.RadioButtonIcon())}
	head := container.NewHBox(&widget.Label{Text: title, TextStyle: fyne.TextStyle{Bold: true}})
	if tag != "" {
		pill := &widget.Label{Text: tag, SizeName: theme.SizeNameCaptionText, TextStyle: fyne.TextStyle{Bold: true}, Importance: widget.SuccessImportance}
		head.Add(container.NewCenter(container.NewStack(newTintRect(colorOnline), pill)))
	}
	body := &widget.Label{Text: text, Wrapping: fyne.TextWrapWord}
	c.box = container.NewStack(c.bg, container.NewPadded(container.NewBorder(nil, nil,
		container.NewVBox(container.New(layout.NewCustomPaddedLayout(7, 0, 4, 4), c.mark)), nil, container.NewVBox(head, body))))
	c.ExtendBaseWidget(c)
	c.paint()
	return c
}

func (c *choiceCard) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(c.box) }

func (c *choiceCard) setSelected(on bool) {
	c.selected = on
	c.paint()
}

// paint colours the card for its state, in the current theme.
func (c *choiceCard) paint() {
	primary := color.NRGBAModel.Convert(theme.Color(theme.ColorNamePrimary)).(color.NRGBA)
	c.bg.StrokeWidth = 1
	c.bg.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	c.bg.FillColor = color.Transparent
	if c.hovered {
		c.bg.FillColor = theme.Color(theme.ColorNameHover)
	}
	if c.focused {
		c.bg.StrokeColor = theme.Color(theme.ColorNameFocus)
	}
	res := theme.RadioButtonIcon()
	if c.selected {
		c.bg.FillColor, c.bg.StrokeColor, c.bg.StrokeWidth = tint(primary, 0x1c), primary, 2
		res = theme.NewPrimaryThemedResource(theme.RadioButtonCheckedIcon())
	}
	c.mark.SetResource(res)
	c.bg.Refresh()
}

// Refresh repaints the card, as after a theme change.
func (c *choiceCard) Refresh() {
	c.paint()
	c.BaseWidget.Refresh()
}

func (c *choiceCard) Tapped(*fyne.PointEvent) {
	if c.onTapped != nil {
		c.onTapped()
	}
}

func (c *choiceCard) Cursor() desktop.Cursor         { return desktop.PointerCursor }
func (c *choiceCard) MouseIn(*desktop.MouseEvent)    { c.hovered = true; c.paint() }
func (c *choiceCard) MouseMoved(*desktop.MouseEvent) {}
func (c *choiceCard) MouseOut()                      { c.hovered = false; c.paint() }
func (c *choiceCard) FocusGained()                   { c.focused = true; c.paint() }
func (c *choiceCard) FocusLost()                     { c.focused = false; c.paint() }
func (c *choiceCard) TypedShortcut(fyne.Shortcut)    {}

func (c *choiceCard) TypedRune(r rune) {
	if r == ' ' {
		c.Tapped(nil)
	}
}

func (c *choiceCard) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		c.Tapped(nil)
	case fyne.KeyEscape:
		c.ui.escape()
	}
}

// migrateRun is the wizard's last step: the run, with a row per connection
// showing where it is, and what came of it.
type migrateRun struct {
	rows      []*migrateRow
	byID      map[string]*migrateRow
	auth      model.AuthType
	running   bool
	canceling bool
	cancel    context.CancelFunc
	planErr   error // the run could not start

	title               *widget.Label
	bar                 *widget.ProgressBar
	consent             *fyne.Container // the pending consent: Copy link, Open again
	consentText         *widget.Label
	consentURL          string
	copyLink, openAgain *widget.Button
	list                *widget.List
	summary             *fyne.Container
}

type rowState int

const (
	rowWaiting rowState = iota
	rowWorking
	rowConsent
	rowOnline
	rowFailed
	rowSkipped
)

// look is how a state reads: its word, the colour of its dot, and the
// importance of the word.
func (s rowState) look() (string, color.NRGBA, widget.Importance) {
	switch s {
	case rowWorking:
		return "Working…", colorMigration, widget.MediumImportance
	case rowConsent:
		return "Waiting for you", colorMigration, widget.WarningImportance
	case rowOnline:
		return "Online", colorOnline, widget.SuccessImportance
	case rowFailed:
		return "Failed", colorProblem, widget.DangerImportance
	case rowSkipped:
		return "Skipped", colorNeutral, widget.LowImportance
	}
	return "Waiting", tint(colorNeutral, 0x60), widget.LowImportance
}

// migrateRow is one connection of the run.
type migrateRow struct {
	c      model.Connection
	state  rowState
	detail string
	err    error // why it failed, for Details
}

func (r *migrateRun) page(w *migrateWizard) fyne.CanvasObject {
	r.title = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord}
	r.bar = widget.NewProgressBar()
	r.bar.TextFormatter = func() string { return fmt.Sprintf("%.0f of %.0f done", r.bar.Value, r.bar.Max) }
	r.consentText = &widget.Label{Wrapping: fyne.TextWrapWord}
	r.copyLink = &widget.Button{Text: "Copy link", Icon: theme.ContentCopyIcon(), OnTapped: func() { w.u.copyToClipboard(r.consentURL, r.copyLink) }}
	r.openAgain = &widget.Button{Text: "Open again", Icon: theme.ComputerIcon(), OnTapped: func() { w.u.openURL(r.consentURL) }}
	r.consent = container.NewStack(newTintRect(colorMigration), container.NewPadded(container.NewBorder(nil, nil,
		container.NewCenter(widget.NewIcon(theme.ComputerIcon())), container.NewCenter(container.NewHBox(r.copyLink, r.openAgain)), r.consentText)))
	r.consent.Hide()
	r.list = &widget.List{
		Length:     func() int { return len(r.rows) },
		CreateItem: func() fyne.CanvasObject { return newRunRow(w) },
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) { o.(*runRow).set(r.rows[i]) },
	}
	r.list.ExtendBaseWidget(r.list)
	r.summary = container.NewStack()
	r.summary.Hide()
	return container.NewBorder(container.NewVBox(r.title, r.bar, r.consent), r.summary, nil, nil, r.list)
}

// prepare lists ids as waiting.
func (r *migrateRun) prepare(w *migrateWizard, ids []string) {
	r.rows, r.byID = nil, map[string]*migrateRow{}
	for _, id := range ids {
		if c := w.doc.Connection(id); c != nil {
			row := &migrateRow{c: *c}
			r.rows = append(r.rows, row)
			r.byID[id] = row
		}
	}
	r.list.Refresh()
}

// launch migrates ids in a goroutine; progress and the outcome come back
// through fyne.Do.
func (r *migrateRun) launch(w *migrateWizard, ids []string, plan model.MigratePlan) {
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel, r.running, r.canceling, r.planErr, r.auth = cancel, true, false, nil, plan.Auth
	for _, id := range ids {
		if row := r.byID[id]; row != nil {
			*row = migrateRow{c: row.c}
		}
	}
	r.bar.Max = float64(len(ids))
	r.bar.SetValue(0)
	r.summary.Hide()
	r.consent.Hide()
	r.title.SetText(fmt.Sprintf("Migrating %s to %s…", count(len(ids), "connection"), plan.Auth.Label()))
	r.list.Refresh()
	w.updateButtons()
	svc := w.u.svc
	go func() {
		defer cancel()
		res, err := svc.Migrate(ctx, ids, plan, func(p model.MigrateProgress) {
			fyne.Do(func() { r.onProgress(p) })
		})
		fyne.Do(func() { r.finish(w, res, err) })
	}()
}

func (r *migrateRun) onProgress(p model.MigrateProgress) {
	row := r.byID[p.ConnectionID]
	if row == nil {
		return
	}
	pos := fmt.Sprintf("%d of %d", p.Index+1, p.Total)
	title := ""
	switch p.Stage {
	case model.MigrateStarted:
		row.state, row.detail = rowWorking, "Getting a token and testing it with Zoom…"
		title = fmt.Sprintf("Migrating “%s” (%s)…", p.Name, pos)
		if r.auth == model.AuthOAuth2 {
			row.detail = "Opening Zoom in your browser…"
		}
	case model.MigrateConsent:
		row.state, row.detail, r.consentURL = rowConsent, "Approve in your browser…", p.ConsentURL
		title = fmt.Sprintf("Approve access for “%s” in your browser (%s)…", p.Name, pos)
		msg := "Sign in to Zoom as the user this connection should act for, and click Allow. The next one starts by itself."
		if p.OpenErr != nil {
			msg = "The browser could not be opened. Click Copy link and paste the link into your web browser's address bar."
		}
		r.consentText.SetText(msg)
		r.consent.Show()
	case model.MigrateDone:
		r.apply(*p.Result)
		r.bar.SetValue(float64(p.Finished))
		r.consent.Hide()
	}
	if title != "" && !r.canceling {
		r.title.SetText(title)
	}
	r.refreshRow(row)
}

func (r *migrateRun) refreshRow(row *migrateRow) {
	for i, x := range r.rows {
		if x == row {
			r.list.RefreshItem(i)
		}
	}
}

// apply shows one connection's outcome.
func (r *migrateRun) apply(res model.MigrateResult) {
	row := r.byID[res.ConnectionID]
	if row == nil {
		return
	}
	row.err = res.Err
	switch res.Outcome {
	case model.MigrateOnline:
		row.state, row.detail = rowOnline, model.ConnectedAs(res.Connection)
	case model.MigrateFailed:
		row.state, row.detail = rowFailed, res.Reason
	default:
		row.state, row.detail = rowSkipped, res.Reason
	}
}

// finish shows how the run ended: every row's outcome and a summary.
func (r *migrateRun) finish(w *migrateWizard, res []model.MigrateResult, err error) {
	r.running = false
	r.consent.Hide()
	if res == nil && err != nil && !r.canceling {
		r.planErr = err
	}
	for _, x := range res {
		r.apply(x)
	}
	for _, row := range r.rows {
		if row.state == rowWorking || row.state == rowConsent { // not reached: Migrate reports them all
			row.state, row.detail = rowSkipped, "Not migrated. Nothing changed."
		}
	}
	r.list.Refresh()
	r.showSummary()
	w.u.reload()
	w.updateButtons()
}

func (r *migrateRun) counts() (online, failed, other int) {
	for _, row := range r.rows {
		switch row.state {
		case rowOnline:
			online++
		case rowFailed:
			failed++
		default:
			other++
		}
	}
	return
}

func (r *migrateRun) showSummary() {
	online, failed, other := r.counts()
	icon, accent := theme.ConfirmIcon(), colorOnline
	var msg, next string
	switch {
	case r.planErr != nil:
		r.title.SetText("The migration could not start. Nothing changed.")
		x := explain(r.planErr)
		icon, accent, msg, next = theme.ErrorIcon(), colorProblem, x.Message, x.Next
	case r.canceling:
		r.title.SetText("Migration canceled")
		icon, accent = theme.WarningIcon(), colorMigration
		msg = fmt.Sprintf("Canceled: %d migrated, %d unchanged.", online, failed+other)
		next = "Connections migrated before you canceled stay migrated. The others still use JWT, exactly as they were."
	case failed == 0 && other == 0:
		r.title.SetText("Migration finished")
		msg = fmt.Sprintf("Done: all %s migrated.", count(online, "connection"))
		if online == 1 {
			msg = "Done: the connection is migrated."
		}
		next = "Each one is Online with a sign-in of its own. The old JWT records stay in the Activity log."
	default:
		r.title.SetText("Migration finished")
		icon, accent = theme.WarningIcon(), colorMigration
		msg = fmt.Sprintf("Done: %d migrated, %d failed.", online, failed)
		if other > 0 {
			msg = fmt.Sprintf("Done: %d migrated, %d failed, %d skipped.", online, failed, other)
		}
		next = "A connection that was not migrated is unchanged and still uses JWT."
		if failed > 0 {
			next += " Fix what its row says (Details tells more), then click Retry failed."
		}
	}
	text := container.NewVBox(&widget.Label{Text: msg, TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord})
	if next != "" {
		text.Add(&widget.Label{Text: next, Wrapping: fyne.TextWrapWord})
	}
	r.summary.Objects = []fyne.CanvasObject{newTintRect(accent), container.NewPadded(
		container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(icon)), nil, text))}
	r.summary.Show()
	r.summary.Refresh()
}

// buttons are the run's buttons: Cancel while it runs, then Retry failed
// and Close.
func (r *migrateRun) buttons(w *migrateWizard) (left, right []fyne.CanvasObject) {
	switch {
	case r.running:
		if r.canceling {
			w.cancel.SetText("Canceling…")
			w.cancel.Disable()
		}
		return nil, []fyne.CanvasObject{w.cancel}
	case r.planErr != nil:
		return []fyne.CanvasObject{w.back}, []fyne.CanvasObject{w.closeBtn}
	}
	if _, failed, _ := r.counts(); failed > 0 {
		left = []fyne.CanvasObject{w.retry}
	}
	return left, []fyne.CanvasObject{w.closeBtn}
}

// cancelRun stops the run: the connection being migrated and the ones
// after it are left as they were.
func (r *migrateRun) cancelRun(w *migrateWizard) {
	if !r.running || r.canceling {
		return
	}
	r.canceling = true
	r.title.SetText("Canceling… connections already migrated stay migrated.")
	r.cancel()
	w.updateButtons()
}

func (r *migrateRun) failedIDs() []string {
	var ids []string
	for _, row := range r.rows {
		if row.state == rowFailed {
			ids = append(ids, row.c.ID)
		}
	}
	return ids
}

// runRow shows one connection of the run: a dot and a word for its state,
// what is happening or came of it, and Details when it failed.
type runRow struct {
	widget.BaseWidget
	row                 *migrateRow
	dot                 *canvas.Circle
	name, state, detail *widget.Label
	details             *widget.Button
	box                 *fyne.Container
}

func newRunRow(w *migrateWizard) *runRow {
	v := &runRow{dot: &canvas.Circle{},
		name:   &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis},
		state:  &widget.Label{TextStyle: fyne.TextStyle{Bold: true}},
		detail: &widget.Label{Truncation: fyne.TextTruncateEllipsis},
	}
	v.details = &widget.Button{Text: "Details", Icon: theme.InfoIcon(), OnTapped: func() {
		w.u.showError(fmt.Sprintf("“%s” was not migrated", v.row.c.Name), v.row.err)
	}}
	dot := container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(10), v.dot))
	v.box = container.New(rowColumns{12, 215, 125}, dot, v.name, v.state, v.detail, v.details)
	v.ExtendBaseWidget(v)
	return v
}

func (v *runRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(v.box) }

func (v *runRow) set(r *migrateRow) {
	v.row = r
	word, c, imp := r.state.look()
	v.dot.FillColor = c
	v.dot.Refresh()
	v.name.SetText(r.c.Name)
	v.state.Importance = imp
	v.state.SetText(word)
	v.detail.SetText(r.detail)
	v.details.Hidden = r.state != rowFailed || r.err == nil
	v.box.Refresh()
}

// sceneMigrate opens Migrate all… on the demo's JWT connections at one of
// its steps (scenes.go). The run scene shows made-up progress: nothing
// is migrated and nothing reaches Zoom.
func (u *UI) sceneMigrate(name string) {
	w := u.openMigrateWizard(u.connections.jwt)
	if w == nil {
		return
	}
	target := model.AuthOAuth2
	if name == "migrate-s2s" || name == "migrate-review" {
		target = model.AuthS2S
	}
	w.choose(target)
	if name == "migrate" {
		return
	}
	w.showStep(stepIClient)
	want := "Acme reporting app" // the demo's
	if target == model.AuthS2S {
		want = "Acme automation (S2S)"
	}
	if _, offered := w.iclientIDs[want]; offered {
		w.iclient.SetSelected(want)
	}
	if target == model.AuthS2S {
		w.accountID.SetText("AcMe1234xyzDEMO")
	}
	switch name {
	case "migrate-review":
		w.showStep(stepReview)
	case "migrate-run", "migrate-done":
		w.scenePlayRun(name == "migrate-done")
	}
}

func (w *migrateWizard) scenePlayRun(done bool) {
	ids := w.selectedIDs()
	r := &w.run
	r.prepare(w, ids)
	w.showStep(stepRun)
	r.running, r.auth, r.cancel = true, model.AuthOAuth2, func() {}
	r.bar.Max = float64(len(ids))
	n := len(ids)
	if n > 0 {
		c := r.rows[0].c
		c.AuthorizedAs = &model.Account{Email: "jane.doe@acme.example", AccountID: "AcMe1234xyzDEMO"}
		r.onProgress(model.MigrateProgress{Total: n, Finished: 1, ConnectionID: ids[0], Name: c.Name, Stage: model.MigrateDone,
			Result: &model.MigrateResult{ConnectionID: ids[0], Outcome: model.MigrateOnline, Connection: c}})
	}
	if n > 1 {
		denied := &oauth.Error{Kind: oauth.Denied, Message: "You chose Deny in Zoom. Nothing changed.", Next: "To connect, authorize again and choose Allow."}
		r.onProgress(model.MigrateProgress{Index: 1, Total: n, Finished: 2, ConnectionID: ids[1], Stage: model.MigrateDone,
			Result: &model.MigrateResult{ConnectionID: ids[1], Outcome: model.MigrateFailed, Reason: denied.Error(), Err: denied}})
	}
	if n > 2 {
		r.onProgress(model.MigrateProgress{Index: 2, Total: n, Finished: 2, ConnectionID: ids[2], Name: r.rows[2].c.Name, Stage: model.MigrateStarted})
		r.onProgress(model.MigrateProgress{Index: 2, Total: n, Finished: 2, ConnectionID: ids[2], Name: r.rows[2].c.Name, Stage: model.MigrateConsent,
			ConsentURL: "https://zoom.us/oauth/authorize?client_id=vW3kQz9TRa6Lx0bYp1sNcA&response_type=code"})
	}
	if done && n > 2 {
		c := r.rows[2].c
		c.AuthorizedAs = &model.Account{Email: "jane.doe@acme.example", AccountID: "AcMe1234xyzDEMO"}
		res := model.MigrateResult{ConnectionID: ids[2], Outcome: model.MigrateOnline, Connection: c}
		r.onProgress(model.MigrateProgress{Index: 2, Total: n, Finished: 3, ConnectionID: ids[2], Stage: model.MigrateDone, Result: &res})
		r.running = false
		r.showSummary()
	}
	w.updateButtons()
}
