package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"zoomconn/model"
	"zoomconn/oauth"
)

// guideStep is one thing to do in Zoom's App Marketplace. Key names the
// step's ticked state in the preferences, so it must never change.
type guideStep struct {
	Key   string
	Text  string
	Hint  string
	extra func(p *guidePage) fyne.CanvasObject
}

// guideSection is a group of steps under one heading.
type guideSection struct {
	Title, Intro string
	Steps        []guideStep
}

// guideSections are the seed article's Zoom-side steps, in plain words.
var guideSections = []guideSection{
	{
		Title: "1. Create the OAuth app",
		Intro: "You do this once, in your web browser, signed in to Zoom with an account that may build apps (usually an admin).",
		Steps: []guideStep{
			{Key: "signin", Text: "Sign in to the Zoom App Marketplace", Hint: "Use the button below; it opens the Marketplace of the Zoom you chose above.",
				extra: func(p *guidePage) fyne.CanvasObject { return container.NewHBox(p.marketplace) }},
			{Key: "build", Text: "From the Develop menu, click Build app", Hint: "The page \"Choose your app type\" appears."},
			{Key: "tile", Text: "Select the OAuth tile and click Create"},
			{Key: "name", Text: "Enter an app name", Hint: "Any name you will recognise later, for example \"Zoom Connections\"."},
			{Key: "apptype", Text: "Choose the app type: Account-level app or User-managed app",
				Hint: "Account-level: an admin authorizes once for the whole account. User-managed: each person authorizes for their own data."},
			{Key: "create", Text: "Click Create"},
		},
	},
	{
		Title: "2. Copy the app credentials and add the Redirect URL",
		Intro: "Zoom shows your new app's page. Keep this window open beside it.",
		Steps: []guideStep{
			{Key: "credentials", Text: "Open the App credentials section"},
			{Key: "clientid", Text: "Copy the Client ID", Hint: "You will paste it into a new iClient in step 5."},
			{Key: "clientsecret", Text: "Copy the Client secret", Hint: "Treat it like a password. Zoom Connections keeps it in your system's password store."},
			{Key: "redirect", Text: "Enter the Redirect URL", Hint: "Paste exactly this address into Zoom's Redirect URL for OAuth field:",
				extra: func(p *guidePage) fyne.CanvasObject { return p.redirectRow() }},
			{Key: "allowlist", Text: "Add the same Redirect URL to the Allow list", Hint: "Zoom refuses to sign in with an address that is not on the Allow list."},
			{Key: "continue1", Text: "Click Continue"},
		},
	},
	{
		Title: "3. Choose the scopes",
		Intro: "Scopes are what the app may do: read meetings, reports, recordings, users…",
		Steps: []guideStep{
			{Key: "review", Text: "Review the Information and Feature sections, then go to Scopes"},
			{Key: "scopes", Text: "Click + Add scopes, select the scopes your integration needs, and click Done",
				Hint: "If you are not sure, ask whoever set up the JWT integration which Zoom data it reads or changes."},
			{Key: "continue2", Text: "Click Continue"},
		},
	},
	{
		Title: "4. Activation",
		Steps: []guideStep{
			{Key: "activation", Text: "Review the Activation section",
				Hint: "For an account's own use there is nothing to publish: the development credentials work as they are."},
		},
	},
	{
		Title: "5. Finish in Zoom Connections",
		Steps: []guideStep{
			{Key: "iclient", Text: "Create an iClient with the Client ID and Client secret",
				extra: func(p *guidePage) fyne.CanvasObject { return container.NewHBox(p.newIClient) }},
			{Key: "edit", Text: "Edit the connection: choose OAuth 2.0 and your iClient, then click Save & authorize"},
			{Key: "allow", Text: "In your browser, read the app information and click Allow",
				Hint: "The connection turns Online and shows the account that approved it."},
		},
	},
}

// s2sSteps are the steps for Server-to-Server OAuth, Zoom's recommended
// replacement for JWT in scripts that run without a person to sign in.
var s2sSteps = []guideStep{
	{Key: "s2s.build", Text: "In the App Marketplace, click Develop, then Build app, and choose Server-to-Server OAuth"},
	{Key: "s2s.name", Text: "Enter an app name and click Create"},
	{Key: "s2s.credentials", Text: "From App credentials, copy the Account ID, Client ID and Client secret"},
	{Key: "s2s.scopes", Text: "Add the scopes your script needs, then activate the app in Activation"},
	{Key: "s2s.iclient", Text: "Here, create an iClient with app type Server-to-Server OAuth",
		Hint: "Then choose Server-to-Server OAuth as the connection's Authentication type and enter the Account ID. No browser and no Redirect URL are needed."},
}

// guidePage walks an administrator through creating the OAuth app in Zoom.
type guidePage struct {
	ui      *UI
	content fyne.CanvasObject

	env         *widget.RadioGroup
	marketplace *widget.Button
	redirect    *readOnlyEntry
	copyButton  *widget.Button
	newIClient  *widget.Button
	progress    *widget.Label
	startOver   *widget.Button
	checks      map[string]*widget.Check
	scroll      *container.Scroll
	sections    []fyne.CanvasObject
	url         string
}

const (
	guideEnvPref  = "guide.environment"
	guideStepPref = "guide.step."
	envLabelZoom  = "Zoom (zoom.us)"
	envLabelGov   = "Zoom for Government (zoomgov.com)"
)

func newGuidePage(u *UI) *guidePage {
	p := &guidePage{ui: u, checks: map[string]*widget.Check{}, url: oauth.RedirectURL(model.DefaultRedirectPort)}
	p.content = newLazyContent(p.build)
	return p
}

// build makes the page the first time it is shown.
func (p *guidePage) build() fyne.CanvasObject {
	u := p.ui
	prefs := u.app.Preferences()
	p.env = &widget.RadioGroup{Options: []string{envLabelZoom, envLabelGov}, Horizontal: true, Required: true,
		Selected: prefs.StringWithFallback(guideEnvPref, envLabelZoom)}
	p.env.OnChanged = p.onEnvChanged
	p.marketplace = &widget.Button{Text: "Open Zoom App Marketplace", Icon: theme.ComputerIcon(), Importance: widget.HighImportance, OnTapped: p.onOpenMarketplace}
	p.redirect = newReadOnlyEntry(u, p.url)
	p.copyButton = &widget.Button{Text: "Copy", Icon: theme.ContentCopyIcon(), OnTapped: p.onCopy}
	p.newIClient = &widget.Button{Text: "New iClient…", Icon: theme.ContentAddIcon(), OnTapped: p.onNewIClient}
	p.progress = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}}
	p.startOver = &widget.Button{Text: "Clear all ticks", Icon: theme.ViewRefreshIcon(), Importance: widget.LowImportance, OnTapped: p.onStartOver}

	title := &widget.Label{Text: "Create the OAuth app in Zoom", TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText}
	intro := &widget.Label{Wrapping: fyne.TextWrapWord, Text: "A connection that uses OAuth 2.0 needs an OAuth app in Zoom's App Marketplace. " +
		"Follow these steps in your browser and tick each one as you go: your progress is kept until you clear it."}
	which := container.NewHBox(&widget.Label{Text: "Which Zoom do you use?"}, p.env)

	header := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(p.progress, p.startOver), title),
		intro, which,
	)
	for _, s := range guideSections {
		p.sections = append(p.sections, p.section(s.Title, s.Intro, s.Steps))
	}
	p.sections = append(p.sections, p.section("For scripts and services: Server-to-Server OAuth",
		"Zoom recommends Server-to-Server OAuth to replace JWT where no person signs in, for example a nightly report or a sync job. It uses an Account ID, a Client ID and a Client secret.",
		s2sSteps))
	// The heading, progress and choice of Zoom stay in view while the steps scroll.
	p.scroll = container.NewVScroll(container.NewPadded(container.NewVBox(p.sections...)))
	p.updateProgress()
	return container.NewBorder(container.NewPadded(header), nil, nil, nil, p.scroll)
}

// section lays out a heading, an optional introduction and the steps.
func (p *guidePage) section(title, intro string, steps []guideStep) fyne.CanvasObject {
	var rows []fyne.CanvasObject
	if intro != "" {
		rows = append(rows, &widget.Label{Text: intro, Wrapping: fyne.TextWrapWord})
	}
	for _, s := range steps {
		rows = append(rows, p.stepRow(s))
	}
	return sectionCard(title, rows...)
}

func (p *guidePage) stepRow(s guideStep) fyne.CanvasObject {
	c := &widget.Check{Text: s.Text, Checked: p.ui.app.Preferences().Bool(guideStepPref + s.Key)}
	c.OnChanged = func(on bool) {
		p.ui.app.Preferences().SetBool(guideStepPref+s.Key, on)
		p.updateProgress()
	}
	p.checks[s.Key] = c
	if s.Hint == "" && s.extra == nil {
		return c
	}
	// Indent what belongs to the step so it lines up with the step's text,
	// and keep it close to the step it explains.
	under := container.New(layout.NewCustomPaddedVBoxLayout(0))
	if s.Hint != "" {
		under.Add(hintText(s.Hint))
	}
	if s.extra != nil {
		under.Add(container.New(layout.NewCustomPaddedLayout(theme.Padding(), theme.Padding(), theme.InnerPadding(), 0), s.extra(p)))
	}
	indent := minWidth(theme.IconInlineSize())
	return container.New(layout.NewCustomPaddedVBoxLayout(0), c, container.NewBorder(nil, nil, indent, nil, under))
}

// hintText is a line of explanation under a step, quieter than the step.
func hintText(s string) *widget.RichText {
	t := widget.NewRichText(&widget.TextSegment{Text: s, Style: widget.RichTextStyle{ColorName: theme.ColorNamePlaceHolder, Inline: true}})
	t.Wrapping = fyne.TextWrapWord
	return t
}

func (p *guidePage) redirectRow() fyne.CanvasObject {
	url := container.NewGridWrap(fyne.NewSize(420, p.redirect.MinSize().Height), p.redirect)
	return container.NewHBox(url, p.copyButton)
}

// show is called whenever the document reloads: the Redirect URL follows the
// redirect port.
func (p *guidePage) show(doc *model.Document) {
	p.url = oauth.RedirectURL(doc.Settings.Port())
	if p.redirect != nil {
		p.redirect.SetText(p.url)
	}
}

func (p *guidePage) updateProgress() {
	done := 0
	for _, c := range p.checks {
		if c.Checked {
			done++
		}
	}
	p.progress.SetText(fmt.Sprintf("%d of %d steps done", done, len(p.checks)))
}

func (p *guidePage) marketplaceURL() string {
	if p.env.Selected == envLabelGov {
		return oauth.ZoomGov().MarketplaceURL
	}
	return oauth.Zoom().MarketplaceURL
}

func (p *guidePage) onEnvChanged(s string) {
	p.ui.app.Preferences().SetString(guideEnvPref, s)
}

func (p *guidePage) onOpenMarketplace() { p.ui.openURL(p.marketplaceURL()) }

func (p *guidePage) onCopy() { p.ui.copyToClipboard(p.url, p.copyButton) }

func (p *guidePage) onNewIClient() {
	p.ui.openIClientDialog(nil, func(model.IClient) { p.ui.reload() })
}

func (p *guidePage) onStartOver() {
	d := dialog.NewConfirm("Clear all ticks?", "Every step of the guide will be shown as not done.", func(ok bool) {
		if !ok {
			return
		}
		for _, c := range p.checks {
			c.SetChecked(false)
		}
	}, p.ui.win)
	p.ui.track(d, nil)
	d.Show()
}

// playScene shows the guide part done, scrolled to the Redirect URL step,
// for the screenshots (ui/scenes.go).
func (p *guidePage) playScene() {
	if p.scroll == nil {
		return
	}
	for _, s := range guideSections[0].Steps {
		p.checks[s.Key].SetChecked(true)
	}
	for _, k := range []string{"credentials", "clientid", "clientsecret"} {
		p.checks[k].SetChecked(true)
	}
	if len(p.sections) > 1 {
		p.scroll.ScrollToOffset(fyne.NewPos(0, p.sections[1].Position().Y))
	}
}
