package cli

import (
	"errors"
	"strings"

	"zoomconn/model"
)

// describe lays out model.Explain's account of err for standard error:
// what happened, then the next step on a line of its own and the command
// that takes it; with verbose, the technical details too. None of the
// errors it reads carries a secret.
func describe(err error, verbose bool) string {
	var ue usageError
	var ve model.ValidationError
	var nf *model.NotFoundError
	switch {
	case errors.As(err, &ue):
		return ue.Error() // the command line's own words already
	case errors.As(err, &ve):
		return fieldLines(ve)
	case errors.As(err, &nf):
		return nf.Error() + "\n" + listHint(nf.What)
	}
	x := explain(err)
	lines := append([]string{x.Message}, x.List...)
	if x.File != "" {
		lines = append(lines, "File: "+x.File)
	}
	if x.Next != "" {
		lines = append(lines, x.Next)
	}
	if lead, cmd := step(x.Do); cmd != "" {
		lines = append(lines, lead+": "+cmd)
	} else if lead != "" {
		lines = append(lines, lead)
	}
	if verbose && x.Detail != "" {
		lines = append(lines, "Details: "+strings.ReplaceAll(x.Detail, "\n", "; "))
	}
	return strings.Join(lines, "\n")
}

// aboutConnection marks an error of an operation on a connection, so that
// its next step can name the connection.
type aboutConnection struct {
	c   model.Connection
	err error
}

func (e *aboutConnection) Error() string { return e.err.Error() }
func (e *aboutConnection) Unwrap() error { return e.err }

func about(c model.Connection, err error) error {
	if err == nil {
		return nil
	}
	return &aboutConnection{c, err}
}

func explain(err error) model.Explanation {
	var ac *aboutConnection
	if errors.As(err, &ac) {
		return model.ExplainFor(ac.c, ac.err)
	}
	return model.Explain(err)
}

// step says how to take a next step from the command line: a lead-in and
// the command, or only a sentence, or nothing ("", "") when the command
// line cannot take it.
func step(do model.NextAction) (lead, command string) {
	q := model.ShellWord(do.Name)
	if do.Name == "" && needsName(do.Action) {
		return "", ""
	}
	switch do.Action {
	case model.ActionAuthorize:
		return "Authorize it", "zoomconn authorize " + q
	case model.ActionReconnect:
		return "Reconnect", "zoomconn authorize " + q
	case model.ActionMigrate:
		return "Migrate it", "zoomconn migrate " + q + " --iclient ICLIENT"
	case model.ActionTest:
		return "Test it", "zoomconn test " + q
	case model.ActionEditIClient:
		return "Edit it", `printf '%s' "$CLIENT_SECRET" | zoomconn iclient edit ` + q + " [--client-id ID] --secret-stdin"
	case model.ActionEditConnection:
		return "Choose another iClient", "zoomconn connection edit " + q + " --iclient ICLIENT"
	case model.ActionOpenSettings:
		return "To change the port", "zoomconn settings set redirect-port PORT"
	case model.ActionRestoreBackup:
		return "The backup is at " + do.Path + ": restore it in the window, or copy it over the file.", ""
	case model.ActionDeleteAnyway:
		return "To delete it here anyway, run", "zoomconn connection remove " + q + " --force"
	}
	return "", ""
}

func needsName(a model.Action) bool {
	switch a {
	case model.ActionOpenSettings, model.ActionRestoreBackup, model.ActionCheckKeyring, model.NoAction:
		return false
	}
	return true
}

// listHint is where to see the names of what was not found.
func listHint(what string) string {
	if what == "iClient" {
		return "Run 'zoomconn iclient list' to see the iClients."
	}
	return "Run 'zoomconn list' to see the connections."
}

// flagOf names the command-line flag for a validation field.
var flagOf = map[string]string{
	"name":          "--name",
	"client_id":     "--client-id",
	"account_id":    "--account-id",
	"api_key":       "--api-key",
	"oauth_base":    "--oauth-base",
	"api_base":      "--api-base",
	"environment":   "--environment",
	"app_type":      "--app-type",
	"auth_type":     "--auth",
	"iclient":       "--iclient",
	"scopes":        "--scopes",
	"client_secret": "Client secret",
	"api_secret":    "API Secret",
	"redirect_port": "redirect-port",
}

// fieldLines names each invalid field by its flag.
func fieldLines(ve model.ValidationError) string {
	lines := make([]string, len(ve))
	for i, f := range ve {
		if fl := flagOf[f.Field]; fl != "" {
			lines[i] = fl + ": " + f.Message
		} else {
			lines[i] = f.Message
		}
	}
	return strings.Join(lines, "\n")
}

// jsonError is the "error" of test --json (README, JSON output).
type jsonError struct {
	Kind       string `json:"kind"`
	Message    string `json:"message"`
	Next       string `json:"next"`
	HTTPStatus int    `json:"http_status"`
	ZoomCode   int    `json:"zoom_code"`
	ZoomReason string `json:"zoom_reason"`
}

func toJSONError(err error) *jsonError {
	if err == nil {
		return nil
	}
	x := explain(err)
	msg := strings.Join(append([]string{x.Message}, x.List...), " ")
	return &jsonError{Kind: x.Kind, Message: oneLine(msg), Next: x.Next, HTTPStatus: x.HTTPStatus, ZoomCode: x.ZoomCode, ZoomReason: x.ZoomReason}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
