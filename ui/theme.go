package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// readableTheme is Fyne's default theme with the colours that fall short
// of WCAG AA (4.5:1 for text) made readable, in both variants:
//   - the placeholder colour, which hints use: #888 on white is 3.5:1;
//   - the primary colour, which is text (selected tab, links) and the
//     background of white text (Save & authorize): Fyne's #296ff6 gives
//     4.5:1 with neither white text nor the dark page. Light uses a darker
//     blue under white text, dark a lighter one under dark text.
type readableTheme struct{ fyne.Theme }

var (
	placeholderLight = color.NRGBA{R: 0x6b, G: 0x6b, B: 0x6b, A: 0xff} // 5.3:1 on white, 4.8:1 in fields
	primaryLight     = color.NRGBA{R: 0x22, G: 0x60, B: 0xd9, A: 0xff} // 5.6:1 with white
	primaryDark      = color.NRGBA{R: 0x6a, G: 0xa5, B: 0xff, A: 0xff} // 7.2:1 with the dark page
	onPrimaryDark    = color.NRGBA{R: 0x17, G: 0x17, B: 0x18, A: 0xff}
)

func (t readableTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	light := v == theme.VariantLight
	switch n {
	case theme.ColorNamePlaceHolder:
		if light {
			return placeholderLight
		}
	case theme.ColorNamePrimary, theme.ColorNameHyperlink:
		if light {
			return primaryLight
		}
		return primaryDark
	case theme.ColorNameForegroundOnPrimary:
		if !light {
			return onPrimaryDark
		}
	}
	return t.Theme.Color(n, v)
}

// quietTheme draws what a widget shows in the disabled colour in the
// placeholder colour instead: a LowImportance label, which Fyne draws in
// the disabled colour (about 1.3:1), becomes a readable secondary text.
// It follows whatever theme the app has, variant included.
type quietTheme struct{}

func (quietTheme) app() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

func (q quietTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameDisabled {
		n = theme.ColorNamePlaceHolder
	}
	return q.app().Color(n, v)
}

func (q quietTheme) Font(s fyne.TextStyle) fyne.Resource { return q.app().Font(s) }

func (q quietTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return q.app().Icon(n) }

func (q quietTheme) Size(n fyne.ThemeSizeName) float32 { return q.app().Size(n) }

// quiet shows l as secondary text: LowImportance, in a readable grey.
// Only for labels: a disabled control inside would look enabled.
func quiet(l *widget.Label) fyne.CanvasObject {
	l.Importance = widget.LowImportance
	return container.NewThemeOverride(l, quietTheme{})
}
