package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"zoomconn/model"
)

// guideStep is one thing to do in Zoom's App Marketplace. Key names the
// step's ticked state in the preferences, so it must never change.
type guideStep struct {
	Key   string
	Text  string
	Hint  string
	extra func(p *guidePage) fyne.CanvasObject
}

// guideSection is a group of steps under one heading, or, without steps,
// points to know.
type guideSection struct {
	Title, Intro string
	Steps        []guideStep
	Points       []string
}

// guideSections are the seed article's Zoom-side steps, in plain words,
// following today's App Marketplace (Build App → General App, 2024–).
var guideSections = []guideSection{
	{
		Title: "1. Create a General App",
		Intro: "You do this once, in your web browser, signed in to Zoom as the account owner, an admin, or a user they allowed to build apps " +
			"(role permission “Zoom for developers”, View and Edit, in the Zoom web portal under User Management → Roles → Role Settings → Advanced features).",
		Steps: []guideStep{
			{Key: "signin", Text: "Sign in to the Zoom App Marketplace", Hint: "Use the button below; it opens the Marketplace of the Zoom you chose above.",
				extra: func(p *guidePage) fyne.CanvasObject { return container.NewHBox(p.marketplace) }},
			{Key: "build", Text: "From the Develop menu, click Build App", Hint: "Zoom asks which kind of app to create."},
			{Key: "tile", Text: "Choose General App and click Create",
				Hint: "General App is Zoom's OAuth app. For a script that runs with no person to sign in, see Server-to-Server OAuth App further down."},
			{Key: "name", Text: "Give the app a name", Hint: "Click the pencil beside the name Zoom made up. Any name you will recognise later, for example “Zoom Connections”."},
			{Key: "apptype", Text: "Under “Select how the app is managed”, choose Admin-managed or User-managed",
				Hint: "Admin-managed: an owner or admin approves once, for the whole account; a member who tries sees “An account admin is required to install this type of app”. " +
					"User-managed: each person approves for their own data."},
		},
	},
	{
		Title: "2. Copy the app credentials and add the Redirect URL",
		Intro: "All of this is on the app's Basic Information page. Keep this window open beside it.",
		Steps: []guideStep{
			{Key: "credentials", Text: "Find App Credentials", Hint: "The development credentials are enough for your own account: nothing needs to be published."},
			{Key: "publicclient", Text: "Turn on Use Public Client OAuth, and copy the public client ID",
				Hint: "Zoom's sign-in for desktop apps: a second Client ID with no secret, so there is nothing secret to copy or keep. You will paste it into a new iClient in step 5."},
			{Key: "clientsecret", Text: "Or, for scripts that run unattended: copy the Client ID and the Client secret",
				Hint: "Only if the app has no public client option, or a script must refresh the sign-in for longer than an hour. Treat the secret like a password: Zoom Connections keeps it in your system's password store."},
			{Key: "redirect", Text: "Under OAuth Information, enter the Redirect URL", Hint: "Paste exactly this address into OAuth Redirect URL. Zoom ignores its port, so it works even when that port is busy:",
				extra: func(p *guidePage) fyne.CanvasObject { return p.redirectRow() }},
			{Key: "allowlist", Text: "Add the same Redirect URL to the OAuth allow list", Hint: "Without it Zoom shows its own “Invalid redirect” page instead of asking you to Allow."},
			{Key: "continue1", Text: "Click Continue"},
		},
	},
	{
		Title: "3. Choose the scopes",
		Intro: "Scopes are what the app may do: read meetings, reports, recordings, users… Apps created since 2024 have granular scopes, such as meeting:read:list_meetings:admin.",
		Steps: []guideStep{
			{Key: "review", Text: "Go on to Scopes", Hint: "Features can stay as they are."},
			{Key: "userscope", Text: "Click Add Scopes and add the scope that Zoom Connections checks with",
				Hint: "Admin-managed app: " + model.UsersMeScopeAdmin + ". User-managed app: " + model.UsersMeScopeUser + ". " +
					"With it, Zoom Connections asks Zoom who signed in. An app created before 2024 has classic scopes instead: " +
					model.UsersMeScopeClassic + " or " + model.UsersMeScopeClassicUser + "."},
			{Key: "scopes", Text: "Add the scopes your integration needs, and click Done",
				Hint: "If you are not sure, ask whoever set up the JWT integration which Zoom data it reads or changes."},
			{Key: "continue2", Text: "Click Continue"},
		},
	},
	{
		Title: "4. Nothing to publish",
		Steps: []guideStep{
			{Key: "activation", Text: "Leave Local Test and publishing as they are",
				Hint: "For your own account there is nothing to submit to Zoom. Don't click Add app now: Zoom Connections opens Zoom's approval page itself, in step 5."},
		},
	},
	{
		Title: "5. Finish in Zoom Connections",
		Steps: []guideStep{
			{Key: "iclient", Text: "Create an iClient with the public client ID (or the Client ID and secret)",
				Hint:  "Credentials: Public client ID. App type: Admin-managed or User-managed General App, as you chose in Zoom.",
				extra: func(p *guidePage) fyne.CanvasObject { return container.NewHBox(p.newIClient) }},
			{Key: "edit", Text: "Edit the connection: choose OAuth 2.0 and your iClient, then click Save & authorize"},
			{Key: "allow", Text: "In your browser, read the app information and click Allow",
				Hint: "The connection turns Online and shows the account that approved it. If Zoom shows its own error page instead, " +
					"click Zoom showed an error page in Zoom Connections: it says what to check."},
		},
	},
}

// signInPoints say why connections that share an app and a Zoom user
// share a sign-in, and what that means (DESIGN.md, Words: sign-in).
var signInPoints = guideSection{
	Title: "When connections share an app and a Zoom user",
	Intro: "Zoom keeps one sign-in per Zoom user per app: when the same person approves the same app again, Zoom ends their earlier approval. " +
		"So OAuth 2.0 connections that use the same iClient and were approved by the same Zoom user share one sign-in. Each of them shows who it is signed in as, and which other connections use that sign-in.",
	Points: []string{
		"Reconnect one of them: all of them get the new sign-in and keep working.",
		"Sign out (revoke) one of them: all of them are signed out, and Zoom Connections names them.",
		"Remove one of them: Zoom Connections signs out at Zoom only if no other connection uses that sign-in.",
		"An admin-managed app is never revoked by a Remove, a Delete or a Reconnect: Zoom's revoke uninstalls the app, which for an admin-managed app " +
			"removes it from the whole account and stops every admin's connections. Zoom Connections forgets the sign-in here instead, and revokes only when you choose Remove the app from the Zoom account.",
		"Migrate several connections to OAuth 2.0: you approve once per Zoom user, not once per connection.",
	},
}

// jwtPoints say which JWTs were retired, and which must be left alone.
var jwtPoints = guideSection{
	Title: "Which JWTs to migrate",
	Intro: "Zoom retired the JWT app type, which signed Zoom REST API calls with an API Key and API Secret: those connections are what Zoom Connections migrates. " +
		"The JWTs that the Meeting SDK and the Video SDK make to join meetings and sessions are not affected. They still work: don't migrate them.",
}

// s2sSteps are the steps for Server-to-Server OAuth, Zoom's recommended
// replacement for JWT in scripts that run without a person to sign in.
var s2sSteps = []guideStep{
	{Key: "s2s.role", Text: "Make sure you may build Server-to-Server OAuth apps",
		Hint: "The account owner or an admin grants the role permission “Server-to-Server OAuth app” (View and Edit) in the Zoom web portal, " +
			"under User Management → Roles → Role Settings → Advanced features, and the permissions behind the scopes you will add."},
	{Key: "s2s.build", Text: "In the App Marketplace, click Develop, then Build App, and choose Server-to-Server OAuth App"},
	{Key: "s2s.name", Text: "Enter an app name and click Create"},
	{Key: "s2s.credentials", Text: "From App credentials, copy the Account ID, Client ID and Client secret"},
	{Key: "s2s.info", Text: "Under Information, enter the company name and the developer's name and email", Hint: "Zoom needs them before it activates the app."},
	{Key: "s2s.scopes", Text: "Add the scopes your script needs, and " + model.UsersMeScopeAdmin,
		Hint: "Zoom Connections checks the connection with " + model.UsersMeScopeAdmin + " (an app created before 2024: " + model.UsersMeScopeClassic + ")."},
	{Key: "s2s.activate", Text: "Under Activation, click Activate your app", Hint: "Zoom refuses the app's tokens until it is activated."},
	{Key: "s2s.iclient", Text: "Here, create an iClient with app type Server-to-Server OAuth",
		Hint: "Then choose Server-to-Server OAuth as the connection's Authentication type and enter the Account ID. No browser and no Redirect URL are needed."},
}

// guidePage walks an administrator through creating the OAuth app in Zoom.
type guidePage struct {
	onEscape func() // what Esc in its fields does; nil: close the top dialog

	screen
	prefs   fyne.Preferences // the ticks and the Zoom chosen
	content fyne.CanvasObject

	env         *widget.RadioGroup
	marketplace *button
	redirect    *readOnlyEntry
	copyButton  *button
	newIClient  *button
	progress    *widget.Label
	startOver   *button
	checks      map[string]*check
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

func newGuidePage(s screen, prefs fyne.Preferences) *guidePage {
	p := &guidePage{screen: s, prefs: prefs, checks: map[string]*check{}, url: model.RedirectURL(model.LoopbackIP, model.DefaultRedirectPort)}
	p.content = newLazyContent(p.build)
	return p
}

// build makes the page the first time it is shown.
func (p *guidePage) build() fyne.CanvasObject {
	prefs := p.prefs
	p.env = &widget.RadioGroup{Options: []string{envLabelZoom, envLabelGov}, Horizontal: true, Required: true,
		Selected: prefs.StringWithFallback(guideEnvPref, envLabelZoom)}
	p.env.OnChanged = p.onEnvChanged
	p.marketplace = btn(&button{Button: widget.Button{Text: "Open Zoom App Marketplace", Icon: theme.ComputerIcon(), Importance: widget.HighImportance, OnTapped: p.onOpenMarketplace}})
	p.redirect = newReadOnlyEntry(p.keys, p.url)
	p.redirect.onEscape = p.onEscape
	p.copyButton = btn(&button{Button: widget.Button{Text: "Copy", Icon: theme.ContentCopyIcon(), OnTapped: p.onCopy}})
	p.newIClient = btn(&button{Button: widget.Button{Text: "New iClient…", Icon: theme.ContentAddIcon(), OnTapped: p.onNewIClient}})
	p.progress = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}}
	p.startOver = btn(&button{Button: widget.Button{Text: "Clear all ticks", Icon: theme.ViewRefreshIcon(), Importance: widget.LowImportance, OnTapped: p.onStartOver}})

	title := &widget.Label{Text: "Create the OAuth app in Zoom", TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText}
	intro := &widget.Label{Wrapping: fyne.TextWrapWord, Text: "A connection that uses OAuth 2.0 needs an OAuth app in Zoom's App Marketplace: a General App. " +
		"Follow these steps in your browser and tick each one as you go: your progress is kept until you clear it."}
	which := container.NewHBox(&widget.Label{Text: "Which Zoom do you use?"}, p.env)

	header := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(p.progress, p.startOver), title),
		intro, which,
	)
	for _, s := range guideSections {
		p.sections = append(p.sections, p.section(s))
	}
	p.sections = append(p.sections, p.section(signInPoints), p.section(guideSection{
		Title: "For scripts and services: Server-to-Server OAuth App",
		Intro: "Zoom recommends Server-to-Server OAuth to replace JWT where no person signs in, for example a nightly report or a sync job. It uses an Account ID, a Client ID and a Client secret.",
		Steps: s2sSteps,
	}), p.section(jwtPoints))
	// The heading, progress and choice of Zoom stay in view while the steps scroll.
	p.scroll = container.NewVScroll(container.NewPadded(container.NewVBox(p.sections...)))
	p.updateProgress()
	return container.NewBorder(container.NewPadded(header), nil, nil, nil, p.scroll)
}

// section lays out a heading, an optional introduction, the steps and the
// points.
func (p *guidePage) section(s guideSection) fyne.CanvasObject {
	var rows []fyne.CanvasObject
	if s.Intro != "" {
		rows = append(rows, &widget.Label{Text: s.Intro, Wrapping: fyne.TextWrapWord})
	}
	for _, st := range s.Steps {
		rows = append(rows, p.stepRow(st))
	}
	for _, pt := range s.Points {
		rows = append(rows, &widget.Label{Text: "• " + pt, Wrapping: fyne.TextWrapWord})
	}
	return sectionCard(s.Title, rows...)
}

func (p *guidePage) stepRow(s guideStep) fyne.CanvasObject {
	c := newCheck(s.Text, p.prefs.Bool(guideStepPref+s.Key), func(on bool) {
		p.prefs.SetBool(guideStepPref+s.Key, on)
		p.updateProgress()
	})
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
	p.url = model.RedirectURL(model.LoopbackIP, doc.Settings.Port())
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
	return model.MarketplaceURL(p.env.Selected == envLabelGov)
}

func (p *guidePage) onEnvChanged(s string) {
	p.prefs.SetString(guideEnvPref, s)
}

func (p *guidePage) onOpenMarketplace() { p.links.openURL(p.marketplaceURL()) }

func (p *guidePage) onCopy() { p.links.copyToClipboard(p.url, p.copyButton) }

func (p *guidePage) onNewIClient() {
	p.nav.openIClientDialog(nil, func(model.IClient) { p.nav.reload() })
}

func (p *guidePage) onStartOver() {
	p.dlg.ask(question{Title: "Clear all ticks?", Message: "Every step of the guide will be shown as not done.", Yes: "Clear ticks"}, func(ok bool) {
		if !ok {
			return
		}
		for _, c := range p.checks {
			c.SetChecked(false)
		}
	})
}
