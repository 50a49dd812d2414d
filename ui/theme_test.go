package ui

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
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

// Hints, links, the selected tab and the text of the main buttons read at
// WCAG AA (4.5:1) on the page, in fields and in dialogs, in both themes.
func TestThemeTextMeetsWCAGAA(t *testing.T) {
	th := baseTheme()
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		c := func(n fyne.ThemeColorName) color.Color { return th.Color(n, v) }
		for _, pair := range []struct {
			what       string
			text, back fyne.ThemeColorName
		}{
			{"hint on the page", theme.ColorNamePlaceHolder, theme.ColorNameBackground},
			{"hint in a dialog", theme.ColorNamePlaceHolder, theme.ColorNameOverlayBackground},
			{"placeholder in a field", theme.ColorNamePlaceHolder, theme.ColorNameInputBackground},
			{"link or selected tab", theme.ColorNamePrimary, theme.ColorNameBackground},
			{"link in a dialog", theme.ColorNameHyperlink, theme.ColorNameOverlayBackground},
			{"text of a primary button", theme.ColorNameForegroundOnPrimary, theme.ColorNamePrimary},
		} {
			if r := contrast(c(pair.text), c(pair.back)); r < 4.5 {
				t.Errorf("variant %v: %s reads at %.2f:1, below 4.5:1", v, pair.what, r)
			}
		}
	}
}
