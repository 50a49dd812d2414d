package ui

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"zoomconn/model"
)

// reportFileName is the name the save dialog suggests.
const reportFileName = "zoom-migration-report.html"

// chooseReport asks where to save the migration report: proof, for whoever
// asked, of which connections moved off JWT and who authorized them.
func (df dataFiles) chooseReport() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			df.dlg.showError("The report could not be saved", err)
			return
		}
		if w == nil {
			return
		}
		w.Close()
		df.saveReport(w.URI().Path())
	}, df.win)
	d.SetFileName(reportFileName)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".html", ".csv"}))
	d.Resize(fyne.NewSize(820, 560))
	d.Show()
}

// saveReport writes the report to path, as CSV when the name ends in .csv
// and as a readable HTML page otherwise, off the UI goroutine.
func (df dataFiles) saveReport(path string) {
	if df.svc == nil {
		return
	}
	go func() {
		var buf bytes.Buffer
		rows, err := df.svc.Files.Report()
		if err == nil {
			if strings.EqualFold(filepath.Ext(path), ".csv") {
				err = model.WriteReportCSV(&buf, rows)
			} else {
				err = model.WriteReportHTML(&buf, rows)
			}
		}
		if err == nil {
			err = os.WriteFile(path, buf.Bytes(), 0o600)
		}
		fyne.Do(func() {
			if err != nil {
				df.dlg.showError("The report could not be saved", err)
				return
			}
			open := btn(&button{Button: widget.Button{Text: "Open report", OnTapped: func() { df.links.openURL(storage.NewFileURI(path).String()) }}})
			msg := &widget.Label{Text: fmt.Sprintf("The migration report lists %d connections. It was saved to %s.", len(rows), path), Wrapping: fyne.TextWrapWord}
			dialog.ShowCustom("Report saved", "Close", container.NewVBox(minWidth(440), msg, container.NewHBox(open)), df.win)
		})
	}()
}
