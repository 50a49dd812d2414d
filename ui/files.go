package ui

import (
	"fmt"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"zoomconn/internal/words"
	"zoomconn/model"
)

// dataFiles are the Connections page's dealings with files: an inventory
// to import, the migration report to save, and the backup to restore when
// the data file cannot be read.
type dataFiles struct{ screen }

// chooseImport asks for an inventory file and imports it.
func (df dataFiles) chooseImport() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			df.dlg.showError("The file could not be opened", err)
			return
		}
		if r == nil {
			return
		}
		r.Close()
		df.importFile(r.URI().Path())
	}, df.win)
	d.Resize(fyne.NewSize(820, 560))
	d.Show()
}

// importFile imports the connections and iClients listed in path.
func (df dataFiles) importFile(path string) {
	if df.svc == nil {
		return
	}
	go func() {
		var res model.ImportResult
		f, err := os.Open(path)
		if err == nil {
			res, err = df.svc.Files.Import(f, filepath.Base(path))
			f.Close()
		}
		fyne.Do(func() {
			if err != nil {
				df.dlg.showError("Import failed", err)
				return
			}
			df.nav.reload()
			dialog.ShowCustom("Import finished", "Close", container.NewVBox(minWidth(440), importSummary(res)), df.win)
		})
	}()
}

func importSummary(res model.ImportResult) fyne.CanvasObject {
	box := container.NewVBox()
	add := func(s string) { box.Add(&widget.Label{Text: s, Wrapping: fyne.TextWrapWord}) }
	add(fmt.Sprintf("Imported %s and %s.", words.Count(len(res.ConnectionsAdded), "connection", "connections"), words.Count(len(res.IClientsAdded), "iClient", "iClients")))
	if n := len(res.Skipped); n > 0 {
		add(fmt.Sprintf("Skipped %s whose names already exist (nothing was overwritten).", words.Count(n, "entry", "entries")))
	}
	if len(res.IClientsAdded) > 0 {
		add("Imported iClients have no Client secret yet: open the iClients tab, edit each one and paste its Client secret from Zoom.")
	}
	return box
}
