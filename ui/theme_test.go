package ui

import (
	"image/color"
	"math"
	"reflect"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"zoomconn/model"
)

// contrast is the WCAG contrast ratio of two opaque colours.
func contrast(a, b color.Color) float64 {
	lum := func(c color.Color) float64 {
		r, g, b, _ := c.RGBA()
		ch := func(v uint32) float64 {
			s := float64(v) / 0xffff
			if s <= 0.03928 {
				return s / 12.92
			}
			return math.Pow((s+0.055)/1.055, 2.4)
		}
		return 0.2126*ch(r) + 0.7152*ch(g) + 0.0722*ch(b)
	}
	hi, lo := lum(a), lum(b)
	if hi < lo {
		hi, lo = lo, hi
	}
	return (hi + 0.05) / (lo + 0.05)
}

// over draws c (which may be translucent) over the opaque back, as the
// painter does.
func over(c, back color.Color) color.Color {
	f := color.NRGBAModel.Convert(c).(color.NRGBA)
	b := color.NRGBAModel.Convert(back).(color.NRGBA)
	a := float64(f.A) / 255
	mix := func(x, y uint8) uint8 { return uint8(float64(x)*a + float64(y)*(1-a) + 0.5) }
	return color.NRGBA{R: mix(f.R, b.R), G: mix(f.G, b.G), B: mix(f.B, b.B), A: 0xff}
}

// Every text colour the app draws reads at WCAG AA (4.5:1) against each
// background it is drawn on, and the outlines of fields, checkboxes and
// radio buttons at 3:1, in both themes: hints and secondary text, links,
// the selected tab, status words (Online, Failed, the Settings warning),
// the text of every kind of button, focused or hovered, the status badges,
// the banners and the "Recommended by Zoom" tag.
func TestThemeTextMeetsWCAGAA(t *testing.T) {
	th := baseTheme()
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		c := func(n fyne.ThemeColorName) color.Color { return th.Color(n, v) }
		pages := map[string]color.Color{
			"the page":       c(theme.ColorNameBackground),
			"a dialog":       c(theme.ColorNameOverlayBackground),
			"a menu":         c(theme.ColorNameMenuBackground),
			"a header":       c(theme.ColorNameHeaderBackground),
			"a hovered row":  over(c(theme.ColorNameHover), c(theme.ColorNameBackground)),
			"a selected row": over(c(theme.ColorNameSelection), c(theme.ColorNameBackground)),
		}
		check := func(what string, text, back color.Color, min float64) {
			t.Helper()
			if r := contrast(text, back); r < min {
				t.Errorf("variant %v: %s reads at %.2f:1, below %.1f:1", v, what, r, min)
			}
		}
		for page, back := range pages {
			for _, text := range []struct {
				what string
				name fyne.ThemeColorName
			}{
				{"text", theme.ColorNameForeground},
				{"a hint or secondary text", theme.ColorNamePlaceHolder},
				{"a link or the selected tab", theme.ColorNamePrimary},
				{"a link", theme.ColorNameHyperlink},
				{"a success word (Online, OK)", theme.ColorNameSuccess},
				{"a warning", theme.ColorNameWarning},
				{"an error", theme.ColorNameError},
			} {
				check(text.what+" on "+page, c(text.name), back, 4.5)
			}
			check("the outline of a field, checkbox or radio button on "+page, c(theme.ColorNameInputBorder), back, 3)
		}
		field := c(theme.ColorNameInputBackground)
		check("text in a field", c(theme.ColorNameForeground), field, 4.5)
		check("a placeholder in a field", c(theme.ColorNamePlaceHolder), field, 4.5)
		check("a field's outline", c(theme.ColorNameInputBorder), field, 3)

		for _, b := range []struct {
			what       string
			text, back fyne.ThemeColorName
		}{
			{"a button", theme.ColorNameForeground, theme.ColorNameButton},
			{"a primary button (Save & authorize)", theme.ColorNameForegroundOnPrimary, theme.ColorNamePrimary},
			{"a warning button (Migrate all…)", theme.ColorNameForegroundOnWarning, theme.ColorNameWarning},
			{"a danger button (Delete)", theme.ColorNameForegroundOnError, theme.ColorNameError},
			{"a success button", theme.ColorNameForegroundOnSuccess, theme.ColorNameSuccess},
		} {
			back := c(b.back)
			check("the text of "+b.what, c(b.text), back, 4.5)
			check("the text of "+b.what+", focused", c(b.text), over(c(theme.ColorNameFocus), back), 4.5)
			check("the text of "+b.what+", hovered", c(b.text), over(c(theme.ColorNameHover), back), 4.5)
		}

		page := c(theme.ColorNameBackground)
		for _, s := range []model.Status{model.StatusOnline, model.StatusMigrationNeeded, model.StatusReconnectNeeded, model.StatusNotAuthorized} {
			check("a status badge ("+s.Label()+")", c(theme.ColorNameForeground), over(tint(statusColor(s), badgeTint), page), 4.5)
		}
		for _, accent := range []color.NRGBA{colorOnline, colorMigration, colorProblem, colorNeutral} {
			check("a banner's text", c(theme.ColorNameForeground), over(tint(accent, bannerTint), page), 4.5)
		}
		check("the Recommended by Zoom tag", c(theme.ColorNameSuccess), over(tint(colorOnline, bannerTint), page), 4.5)
		check("the Recommended by Zoom tag in a dialog", c(theme.ColorNameSuccess), over(tint(colorOnline, bannerTint), c(theme.ColorNameOverlayBackground)), 4.5)
	}
}

// A badge a list reuses after a theme change draws its text in the new
// theme's colour, even when its status has not changed.
func TestBadgeFollowsThemeChange(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(&forcedVariant{Theme: baseTheme(), variant: theme.VariantLight})
	b := newStatusBadge(model.StatusOnline)
	test.NewTempWindow(t, b)
	r := test.TempWidgetRenderer(t, b).(*badgeRenderer)
	if r.text.Color != baseTheme().Color(theme.ColorNameForeground, theme.VariantLight) {
		t.Fatalf("light badge text is %v", r.text.Color)
	}
	a.Settings().SetTheme(&forcedVariant{Theme: baseTheme(), variant: theme.VariantDark})
	b.SetStatus(model.StatusOnline)
	if want := baseTheme().Color(theme.ColorNameForeground, theme.VariantDark); r.text.Color != want {
		t.Fatalf("after the switch to dark the badge text is %v, want %v", r.text.Color, want)
	}
}

// A button with the keyboard focus is ringed in a colour that stands out
// at 3:1 (WCAG's non-text contrast) from the button's fill it is drawn on,
// in both themes and for every kind of button; without the focus there is
// no ring.
func TestFocusedButtonShowsARing(t *testing.T) {
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		for _, imp := range []widget.Importance{widget.MediumImportance, widget.HighImportance, widget.DangerImportance, widget.WarningImportance} {
			a := test.NewTempApp(t)
			a.Settings().SetTheme(&forcedVariant{Theme: baseTheme(), variant: v})
			b := btn(&button{Button: widget.Button{Text: "Save & authorize", Importance: imp}})
			w := test.NewTempWindow(t, container.NewCenter(b))
			w.Resize(fyne.NewSize(300, 120))
			before := w.Canvas().Capture()
			w.Canvas().Focus(b)
			after := w.Canvas().Capture()

			fill := map[widget.Importance]color.Color{
				widget.MediumImportance:  baseTheme().Color(theme.ColorNameButton, v),
				widget.HighImportance:    baseTheme().Color(theme.ColorNamePrimary, v),
				widget.DangerImportance:  baseTheme().Color(theme.ColorNameError, v),
				widget.WarningImportance: baseTheme().Color(theme.ColorNameWarning, v),
			}[imp]
			// Across the middle of the button's left edge, where no corner
			// rounds it off: the pixel that changed most is the ring.
			pos, size := b.Position(), b.Size()
			y := int(pos.Y + size.Height/2)
			var ring color.Color
			for x := int(pos.X); x < int(pos.X)+8; x++ {
				if c := after.At(x, y); c != before.At(x, y) && (ring == nil || contrast(c, fill) > contrast(ring, fill)) {
					ring = c
				}
			}
			switch {
			case ring == nil:
				t.Errorf("variant %v, importance %v: nothing changed at the button's edge when it got the focus", v, imp)
			case contrast(ring, fill) < 3:
				t.Errorf("variant %v, importance %v: the ring %v stands out %.2f:1 from the button, want 3:1", v, imp, ring, contrast(ring, fill))
			}
			w.Canvas().Unfocus()
			if gone := w.Canvas().Capture(); !reflect.DeepEqual(gone, before) {
				t.Errorf("variant %v, importance %v: the button looks different after losing the focus", v, imp)
			}
		}
	}
}
