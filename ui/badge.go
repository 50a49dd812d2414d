package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"zoomconn/model"
)

// Status colours. The badge fills with a faint tint of the colour and draws a
// solid dot, while its text keeps the theme's foreground colour, so it reads
// the same in light and dark themes.
var (
	colorOnline    = color.NRGBA{R: 0x2e, G: 0xa0, B: 0x5c, A: 0xff}
	colorMigration = color.NRGBA{R: 0xe8, G: 0x8a, B: 0x00, A: 0xff}
	colorProblem   = color.NRGBA{R: 0xd9, G: 0x3f, B: 0x3f, A: 0xff}
	colorNeutral   = color.NRGBA{R: 0x8a, G: 0x90, B: 0x9a, A: 0xff}
)

// statusColor is the colour of a status badge.
func statusColor(s model.Status) color.NRGBA {
	switch s {
	case model.StatusOnline:
		return colorOnline
	case model.StatusMigrationNeeded:
		return colorMigration
	case model.StatusReconnectNeeded, model.StatusOffline:
		return colorProblem
	}
	return colorNeutral
}

// The alpha of the tints under a badge and under a banner.
const (
	badgeTint  = 0x30
	bannerTint = 0x26
)

func tint(c color.NRGBA, alpha uint8) color.NRGBA {
	c.A = alpha
	return c
}

// statusBadge is a rounded pill with a coloured dot and the status's label.
type statusBadge struct {
	widget.BaseWidget
	status model.Status
}

func newStatusBadge(s model.Status) *statusBadge {
	b := &statusBadge{status: s}
	b.ExtendBaseWidget(b)
	return b
}

// SetStatus changes the status the badge shows. It always repaints: a
// list reuses badges made before a theme change, whose colours are stale.
func (b *statusBadge) SetStatus(s model.Status) {
	b.status = s
	b.Refresh()
}

// Text is what the badge reads, for tests and screen readers alike.
func (b *statusBadge) Text() string { return b.status.Label() }

func (b *statusBadge) CreateRenderer() fyne.WidgetRenderer {
	r := &badgeRenderer{
		b:    b,
		bg:   &canvas.Rectangle{},
		dot:  &canvas.Circle{},
		text: &canvas.Text{TextSize: theme.CaptionTextSize() + 1, TextStyle: fyne.TextStyle{Bold: true}},
	}
	r.Refresh()
	return r
}

type badgeRenderer struct {
	b    *statusBadge
	bg   *canvas.Rectangle
	dot  *canvas.Circle
	text *canvas.Text
}

const (
	badgeDot  = 8
	badgePadH = 10
	badgePadV = 4
	badgeGap  = 6
)

func (r *badgeRenderer) MinSize() fyne.Size {
	t := r.text.MinSize()
	return fyne.NewSize(badgePadH*2+badgeDot+badgeGap+t.Width, t.Height+badgePadV*2)
}

func (r *badgeRenderer) Layout(size fyne.Size) {
	m := r.MinSize()
	r.bg.Move(fyne.NewPos(0, (size.Height-m.Height)/2))
	r.bg.Resize(m)
	r.bg.CornerRadius = m.Height / 2
	r.dot.Move(fyne.NewPos(badgePadH, (size.Height-badgeDot)/2))
	r.dot.Resize(fyne.NewSquareSize(badgeDot))
	t := r.text.MinSize()
	r.text.Move(fyne.NewPos(badgePadH+badgeDot+badgeGap, (size.Height-t.Height)/2))
	r.text.Resize(t)
}

func (r *badgeRenderer) Refresh() {
	c := statusColor(r.b.status)
	r.bg.FillColor = tint(c, badgeTint)
	r.bg.StrokeColor = tint(c, 0x90)
	r.bg.StrokeWidth = 1
	r.dot.FillColor = c
	r.text.Text = r.b.status.Label()
	r.text.Color = theme.Color(theme.ColorNameForeground)
	r.Layout(r.b.Size())
	r.bg.Refresh()
	r.dot.Refresh()
	r.text.Refresh()
}

func (r *badgeRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.dot, r.text}
}

func (r *badgeRenderer) Destroy() {}

// newTintRect is a rounded panel in a faint tint of c, for banners.
func newTintRect(c color.NRGBA) *canvas.Rectangle {
	return &canvas.Rectangle{FillColor: tint(c, bannerTint), StrokeColor: tint(c, 0x80), StrokeWidth: 1, CornerRadius: theme.InputRadiusSize()}
}
