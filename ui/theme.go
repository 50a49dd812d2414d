package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// readableTheme is Fyne's default theme with the colours that fall short
// of WCAG AA made readable, in both variants: 4.5:1 for text, 3:1 for the
// outlines of fields, checkboxes and radio buttons.
//   - the placeholder colour, which hints and secondary text use: #888 on
//     white is 3.5:1;
//   - the primary colour, which is text (selected tab, links) and the
//     background of white text (Save & authorize): Fyne's #296ff6 gives
//     4.5:1 with neither white text nor the dark page. Light uses a darker
//     blue under white text, dark a lighter one under dark text;
//   - success, warning and error, which are text (Online, the Settings
//     warning, a field's error) and the background of white text
//     (Migrate all…): Fyne's light #43f436, #ff9800 and #f44336 read at
//     1.5, 2.2 and 3.7:1 on white, so the light variant uses darker ones;
//   - the input border, the outline of fields, checkboxes and radio
//     buttons: #e3e3e3 on white is 1.3:1, #39393a on the dark page 1.5:1.
//     Fyne draws the outline of a checkbox or radio button 0.8 px wide,
//     which the screen blends with the page into 2.0–2.3:1 whatever its
//     colour: outlineIcons draws them 2 px wide;
//   - the light selection colour, a blue so strong that secondary text and
//     links on a selected row fell under 4.5:1;
//   - the focus colour, which Fyne blends into a focused button: a faint
//     tint that cannot be seen on a blue button, so a stronger one.
//
// The disabled colour stays as it is: only disabled controls use it.
type readableTheme struct{ fyne.Theme }

var (
	placeholderLight = color.NRGBA{R: 0x60, G: 0x60, B: 0x60, A: 0xff} // 6.3:1 on white, 5.6:1 in fields
	primaryLight     = color.NRGBA{R: 0x22, G: 0x60, B: 0xd9, A: 0xff} // 5.6:1 with white
	primaryDark      = color.NRGBA{R: 0x6a, G: 0xa5, B: 0xff, A: 0xff} // 7.2:1 with the dark page
	onPrimaryDark    = color.NRGBA{R: 0x17, G: 0x17, B: 0x18, A: 0xff}
	successLight     = color.NRGBA{R: 0x15, G: 0x6b, B: 0x32, A: 0xff}
	warningLight     = color.NRGBA{R: 0x9a, G: 0x4d, B: 0x00, A: 0xff}
	errorLight       = color.NRGBA{R: 0xc0, G: 0x24, B: 0x1a, A: 0xff}
	errorDark        = color.NRGBA{R: 0xff, G: 0x6e, B: 0x63, A: 0xff}
	inputBorderLight = color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xff}
	inputBorderDark  = color.NRGBA{R: 0x80, G: 0x80, B: 0x86, A: 0xff}
	focusLight       = color.NRGBA{R: 0x00, G: 0x30, B: 0x90, A: 0x30}
	selectionLight   = color.NRGBA{R: 0x00, G: 0x6c, B: 0xff, A: 0x24}
	focusDark        = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0x50}
)

func (t readableTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	light := v == theme.VariantLight
	pick := func(l, d color.Color) color.Color {
		if light {
			return l
		}
		return d
	}
	switch n {
	case theme.ColorNamePlaceHolder:
		if light {
			return placeholderLight
		}
	case theme.ColorNamePrimary, theme.ColorNameHyperlink:
		return pick(primaryLight, primaryDark)
	case theme.ColorNameForegroundOnPrimary:
		if !light {
			return onPrimaryDark
		}
	case theme.ColorNameSuccess:
		if light {
			return successLight
		}
	case theme.ColorNameWarning:
		if light {
			return warningLight
		}
	case theme.ColorNameError:
		return pick(errorLight, errorDark)
	case theme.ColorNameInputBorder:
		return pick(inputBorderLight, inputBorderDark)
	case theme.ColorNameSelection:
		if light {
			return selectionLight
		}
	case theme.ColorNameFocus:
		return pick(focusLight, focusDark)
	}
	return t.Theme.Color(n, v)
}

// Icon is Fyne's icon, but for the outlines of checkboxes and radio
// buttons (outlineIcons).
func (t readableTheme) Icon(n fyne.ThemeIconName) fyne.Resource {
	if r, ok := outlineIcons[n]; ok {
		return r
	}
	return t.Theme.Icon(n)
}

// outlineIcons are the outlines of a checkbox and of a radio button, 2.4
// units of 24 wide: 2 px at Fyne's 20 px, so that at least one pixel
// across the outline has the outline's full colour wherever it falls. They
// keep Fyne's size, the checkbox 18 units square and the radio button 20
// across, and fit around Fyne's fill and tick. Each is drawn in the one
// colour the widget chooses; a hole is wound the other way round.
var outlineIcons = map[fyne.ThemeIconName]fyne.Resource{
	theme.IconNameCheckButton: outlineIcon("check-box",
		`<path d="M5,3 H19 Q21,3 21,5 V19 Q21,21 19,21 H5 Q3,21 3,19 V5 Q3,3 5,3 Z M5.4,5.4 V18.6 H18.6 V5.4 Z"/>`),
	theme.IconNameRadioButton: outlineIcon("radio-button",
		`<path d="M12,2 A10,10 0 0 1 22,12 A10,10 0 0 1 12,22 A10,10 0 0 1 2,12 A10,10 0 0 1 12,2 Z `+
			`M12,4.4 A7.6,7.6 0 0 0 4.4,12 A7.6,7.6 0 0 0 12,19.6 A7.6,7.6 0 0 0 19.6,12 A7.6,7.6 0 0 0 12,4.4 Z"/>`),
}

func outlineIcon(name, shapes string) fyne.Resource {
	return theme.NewThemedResource(fyne.NewStaticResource("zoomconn-"+name+".svg",
		[]byte(`<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24">`+shapes+`</svg>`)))
}

// quietLabel is secondary text (hints, counts, status lines, the steps
// still ahead): a label in the placeholder colour, which reads at 4.5:1 or
// more in both themes (Fyne's LowImportance label uses the disabled
// colour, about 1.3:1). It is a one-segment RichText rather than a label
// under a theme override: Fyne keeps a set of parsed fonts per override
// scope, about 6 MB each, and never frees it.
type quietLabel struct {
	widget.RichText
	seg *widget.TextSegment
}

func newQuietLabel(text string) *quietLabel {
	q := &quietLabel{seg: &widget.TextSegment{Text: text, Style: widget.RichTextStyleInline}}
	q.seg.Style.ColorName = theme.ColorNamePlaceHolder
	q.Segments = []widget.RichTextSegment{q.seg}
	q.Scroll = container.ScrollNone // as a label: no scroller of its own
	q.ExtendBaseWidget(q)
	return q
}

// quietHint is a wrapped hint in the caption size, as under a field.
func quietHint(text string) *quietLabel {
	q := newQuietLabel(text)
	q.Wrapping = fyne.TextWrapWord
	q.seg.Style.SizeName = theme.SizeNameCaptionText
	return q
}

// SetText shows s.
func (q *quietLabel) SetText(s string) {
	q.seg.Text = s
	q.Refresh()
}

// Text is what it shows.
func (q *quietLabel) Text() string { return q.seg.Text }

// setColour draws it in the theme colour n instead of the placeholder's.
func (q *quietLabel) setColour(n fyne.ThemeColorName) {
	q.seg.Style.ColorName = n
}

// importanceColours are, for each importance, the colour Fyne draws a
// label's text in and the colour of a button's text on its fill, with the
// placeholder colour for a LowImportance label (Fyne's disabled colour
// would not read).
var importanceColours = map[widget.Importance]struct{ text, onFill fyne.ThemeColorName }{
	widget.MediumImportance:  {theme.ColorNameForeground, theme.ColorNameForeground},
	widget.LowImportance:     {theme.ColorNamePlaceHolder, theme.ColorNameForeground},
	widget.HighImportance:    {theme.ColorNamePrimary, theme.ColorNameForegroundOnPrimary},
	widget.SuccessImportance: {theme.ColorNameSuccess, theme.ColorNameForegroundOnSuccess},
	widget.WarningImportance: {theme.ColorNameWarning, theme.ColorNameForegroundOnWarning},
	widget.DangerImportance:  {theme.ColorNameError, theme.ColorNameForegroundOnError},
}

// textColour is the colour of a label's text of importance i.
func textColour(i widget.Importance) fyne.ThemeColorName {
	if c, ok := importanceColours[i]; ok {
		return c.text
	}
	return theme.ColorNameForeground
}

// onFill is the colour of a button's text of importance i on its fill.
func onFill(i widget.Importance) fyne.ThemeColorName {
	if c, ok := importanceColours[i]; ok {
		return c.onFill
	}
	return theme.ColorNameForeground
}
