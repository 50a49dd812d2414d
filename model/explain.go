package model

import (
	"errors"
	"fmt"
	"runtime"
	"strings"

	"zoomconn/internal/words"
	"zoomconn/oauth"
)

// Action is a next step that Zoom Connections itself can take for the
// administrator: the window offers it as a button, the command line names
// the command to run.
type Action string

// The next steps an error or a connection's status can call for.
const (
	NoAction             Action = ""
	ActionAuthorize      Action = "authorize"       // approve access in the browser for the first time
	ActionReconnect      Action = "reconnect"       // approve access again
	ActionMigrate        Action = "migrate"         // move a JWT connection to OAuth
	ActionTest           Action = "test"            // test the connection (again)
	ActionEditIClient    Action = "edit_iclient"    // correct the iClient's Client ID or secret
	ActionEditConnection Action = "edit_connection" // choose another iClient or auth type
	ActionOpenSettings   Action = "open_settings"   // change the redirect port
	ActionCheckKeyring   Action = "check_keyring"   // ask the password store again
	ActionRestoreBackup  Action = "restore_backup"  // put the last good copy of the data back
	ActionDeleteAnyway   Action = "delete_anyway"   // delete here although Zoom did not revoke
)

// Label is the action as its button reads.
func (a Action) Label() string {
	switch a {
	case ActionAuthorize:
		return "Authorize"
	case ActionReconnect:
		return "Reconnect"
	case ActionMigrate:
		return "Migrate to OAuth 2.0…"
	case ActionTest:
		return "Test connection"
	case ActionEditIClient:
		return "Edit iClient…"
	case ActionEditConnection:
		return "Edit connection"
	case ActionOpenSettings:
		return "Open Settings"
	case ActionCheckKeyring:
		return "Check again"
	case ActionRestoreBackup:
		return "Restore backup"
	case ActionDeleteAnyway:
		return "Delete here anyway"
	}
	return ""
}

// NextAction is an action and what it is about.
type NextAction struct {
	Action Action
	Name   string // the connection or iClient it is about; "" when not known
	Path   string // ActionRestoreBackup: the backup to restore
}

// Explanation is an error in the administrator's words: what happened,
// what to do next, and the technical detail kept one click (or --verbose)
// away. It never holds a secret.
type Explanation struct {
	// Kind is a stable name for scripts: one of the oauth package's kinds,
	// "keyring", or "other".
	Kind    string
	Message string   // what happened; the first line is its gist
	Next    string   // what to do, in words that suit the window and the command line
	List    []string // what the message is about, one item a line (an import file's problems)
	File    string   // the file the error is about, when it is one (shown with the message)
	Detail  string   // secret-free technical facts, one a line
	Do      NextAction

	// Zoom's own answer, when the error came from Zoom.
	HTTPStatus int
	ZoomCode   int
	ZoomReason string
}

// Explain turns any error the operations return into the administrator's
// words. The window and the command line only lay it out.
func Explain(err error) Explanation {
	var (
		rf *RevokeFailedError
		oe *oauth.Error
		ke *KeyringError
		le *LoadError
		ve ValidationError
		ie *ImportError
		se *SignInEndedError
		uc *UnusedConsentError
		rc *RepeatedCodeError
		am *AdminManagedError
		pr *Problem
	)
	switch {
	case err == nil:
		return Explanation{}
	case errors.As(err, &se):
		return explainEnded(se)
	case errors.As(err, &uc):
		return explainUnused(uc)
	case errors.As(err, &rc):
		x := explainOAuth(rc.Err)
		x.Message = "Zoom refused the approval from the browser again. Twice in a row is not an old approval: the proof it carries (PKCE) or the Client ID most likely does not fit the app."
		x.Next = "Check that the iClient's Client ID is the app's, and its kind: a public client ID only when Use Public Client OAuth is on in the app's App Credentials in Zoom, else the Client ID with its Client secret. Then authorize again."
		x.Do = NextAction{Action: ActionEditIClient, Name: rc.Err.IClient}
		return x
	case errors.As(err, &am):
		return Explanation{Kind: "admin_managed", Message: am.Error(),
			Next: "To stop only this computer's use of the sign-in, choose Sign out here. To remove the app from the Zoom account, choose Remove the app from the Zoom account."}
	case errors.As(err, &rf):
		inner := Explain(rf.Err)
		return Explanation{Kind: inner.Kind, Message: fmt.Sprintf("Zoom could not revoke the access of %q: %s", rf.Name, inner.Message),
			Next:   "You can delete it here anyway: its access then stays valid at Zoom until it expires or you remove the app in Zoom.",
			Detail: inner.Detail, Do: NextAction{Action: ActionDeleteAnyway, Name: rf.Name},
			HTTPStatus: inner.HTTPStatus, ZoomCode: inner.ZoomCode, ZoomReason: inner.ZoomReason}
	case errors.As(err, &pr):
		return explainProblem(pr)
	case errors.As(err, &oe):
		return explainOAuth(oe)
	case errors.As(err, &ke):
		return explainKeyring(ke)
	case errors.As(err, &le):
		x := Explanation{Kind: "other", Message: fmt.Sprintf("The connections file cannot be read: %s.", le.Problem),
			Next: "Fix or move the file, then try again.", File: le.Path}
		if le.BackupPath != "" {
			x.Next = "Restore the backup from the last good save, or fix the file by hand."
			x.Do = NextAction{Action: ActionRestoreBackup, Path: le.BackupPath}
		}
		return x
	case errors.As(err, &ve):
		return Explanation{Kind: "other", Message: ve.Error(), Next: "Correct the highlighted fields."}
	case errors.As(err, &ie):
		msg, rest, _ := strings.Cut(ie.Error(), "\n")
		x := Explanation{Kind: "other", Message: msg}
		if rest != "" {
			x.List = strings.Split(rest, "\n")
		}
		return x
	}
	return Explanation{Kind: "other", Message: err.Error()}
}

// ExplainFor explains an error of an operation on the connection c, whose
// next step it then knows: Authorize or Reconnect, Migrate, Test.
func ExplainFor(c Connection, err error) Explanation {
	x := Explain(err)
	kind := kindOf(err)
	switch {
	case c.Auth == AuthJWT || kind == oauth.JWTRetired:
		x.Do = NextAction{Action: ActionMigrate, Name: c.Name}
	case c.Auth == AuthOAuth2 && (kind == oauth.ReconnectNeeded || kind == oauth.TokenRejected || kind == oauth.MissingScope):
		x.Do = NextAction{Action: ActionReconnect, Name: c.Name}
		if c.Status == StatusNotAuthorized {
			x.Do.Action = ActionAuthorize
		}
	case x.Do.Name == "" && connectionAction(x.Do.Action):
		x.Do.Name = c.Name
	}
	return x
}

func connectionAction(a Action) bool {
	switch a {
	case ActionAuthorize, ActionReconnect, ActionMigrate, ActionTest, ActionEditConnection, ActionDeleteAnyway:
		return true
	}
	return false
}

// explainEnded says that Zoom no longer accepts a sign-in, the two reasons
// it can have, and every connection that shares it.
func explainEnded(se *SignInEndedError) Explanation {
	x := explainOAuth(se.Err)
	if errors.Is(se.Err, oauth.ErrNoRefreshToken) {
		x.Message = "This sign-in has ended: Zoom gave it no refresh token, so it lasted one hour."
		x.Next = "Reconnect it. Scripts that must run unattended need an iClient with a Client ID and Client secret."
	} else {
		x.Message = "Zoom no longer accepts this sign-in. Either it was revoked or the app removed in Zoom, or the same Zoom user approved this app again elsewhere (in another tool or on another computer), which ends this sign-in."
		x.Next = "Reconnect it: approve access in Zoom again. If the other tool or computer should keep working, approve there as a different Zoom user."
	}
	if len(se.Connections) > 1 {
		x.Message += fmt.Sprintf(" %s share this sign-in: all of them need Reconnect, and one Reconnect brings them all back.", JoinNames(se.Connections))
	}
	return x
}

// explainUnused says that a consent's token could not be used, and which
// sign-ins it ended.
func explainUnused(uc *UnusedConsentError) Explanation {
	x := Explain(uc.Err)
	switch {
	case len(uc.Ended) > 0:
		x.Message += fmt.Sprintf(" That approval ended the earlier sign-in of %s: reconnect %s once this is fixed.",
			JoinNames(uc.Ended), words.Plural(len(uc.Ended), "it", "them"))
	case uc.Revoked:
		x.Message += " Zoom Connections gave the unused approval back to Zoom."
	}
	return x
}

// explainProblem lays out a problem model found, which is in words already.
func explainProblem(p *Problem) Explanation {
	x := Explanation{Kind: string(p.Kind), Message: p.Message, Next: p.Next}
	if p.Kind == oauth.ReconnectNeeded {
		x.Do = NextAction{Action: ActionReconnect}
	}
	if p.Err != nil {
		if oe := zoomError(p.Err); oe != nil {
			x.Detail = strings.Join(oe.Facts(), "\n")
		}
	}
	return x
}

func explainOAuth(oe *oauth.Error) Explanation {
	msg, next := zoomWords(oe)
	x := Explanation{Kind: string(oe.Kind), Message: msg, Next: next, Detail: strings.Join(oe.Facts(), "\n"),
		HTTPStatus: oe.Status, ZoomCode: oe.Code, ZoomReason: oe.Reason}
	switch oe.Kind {
	case oauth.WrongAccountID:
		x.Do = NextAction{Action: ActionEditConnection}
	case oauth.AdminDisabled:
		x.Do = NextAction{Action: ActionTest}
	case oauth.BadClient:
		x.Do = NextAction{Action: ActionEditIClient, Name: oe.IClient}
	case oauth.NotS2SApp:
		x.Do = NextAction{Action: ActionEditConnection}
	case oauth.ReconnectNeeded:
		x.Do = NextAction{Action: ActionReconnect}
	case oauth.TokenRejected, oauth.MissingScope:
		x.Do = NextAction{Action: ActionReconnect}
	case oauth.JWTRetired:
		x.Do = NextAction{Action: ActionMigrate}
	case oauth.Denied, oauth.CodeExpired:
		x.Do = NextAction{Action: ActionAuthorize}
	case oauth.PortBusy:
		x.Do = NextAction{Action: ActionOpenSettings}
	}
	return x
}

func explainKeyring(ke *KeyringError) Explanation {
	x := Explanation{Kind: "keyring", Next: keyringAdvice(), Do: NextAction{Action: ActionCheckKeyring}}
	switch {
	case ke.Timeout > 0:
		x.Message = fmt.Sprintf("Your system's password store did not answer within %s. It may be locked and waiting for you to unlock it: look for an unlock prompt.", ke.Timeout)
		x.Next = "Unlock your password store, then try again."
		x.Detail = ke.Error()
	default:
		x.Message = "Your system's password store is not available."
		if ke.Err != nil {
			x.Detail = ke.Err.Error()
		}
	}
	return x
}

// PasswordStoreName is the password store Zoom Connections keeps secrets
// in on this system, as Settings names it.
func PasswordStoreName() string {
	switch runtime.GOOS {
	case "windows":
		return "Windows Credential Manager"
	case "darwin":
		return "the macOS Keychain"
	}
	return "your desktop's Secret Service password store (GNOME Keyring, KWallet or KeePassXC)"
}

// keyringAdvice says where Zoom Connections keeps secrets on this system,
// and what makes that store available.
func keyringAdvice() string {
	switch runtime.GOOS {
	case "windows":
		return "Zoom Connections keeps secrets in " + PasswordStoreName() + ": make sure the Credential Manager service is running."
	case "darwin":
		return "Zoom Connections keeps secrets in " + PasswordStoreName() + ": unlock your login keychain."
	}
	return "Zoom Connections keeps secrets only in the Secret Service: install gnome-keyring (or KeePassXC with Secret Service enabled), and unlock it by signing in to your desktop."
}

// Advise says why a connection needs attention and what to do about it.
// An Online connection needs nothing: "" and no action.
func Advise(c Connection) (string, NextAction) {
	do := func(a Action) NextAction { return NextAction{Action: a, Name: c.Name} }
	switch c.Status {
	case StatusMigrationNeeded:
		return "Zoom turned JWT off on September 8, 2023.", do(ActionMigrate)
	case StatusReconnectNeeded:
		return "Its sign-in expired, was revoked, or was replaced by a newer approval of the same Zoom user.", do(ActionReconnect)
	case StatusNotAuthorized:
		if c.Auth == AuthOAuth2 {
			return "", do(ActionAuthorize)
		}
		if c.Auth == AuthJWT {
			return "", do(ActionMigrate)
		}
		return "", do(ActionTest)
	case StatusOffline:
		why := "The last test failed"
		if c.LastTest != "" && c.LastTest != "ok" {
			why += ": " + c.LastTest
		}
		return strings.TrimSuffix(why, ".") + ".", do(ActionTest)
	}
	return "", NextAction{}
}

// explainShort is an error's message for the activity log, secret-free.
func explainShort(err error) string {
	var ke *KeyringError
	var se *SignInEndedError
	switch {
	case errors.As(err, &ke):
		return "password store unavailable"
	case errors.As(err, &se):
		// Its first sentence: the activity entry names the sharers itself.
		msg, _, _ := strings.Cut(Explain(se).Message, ". ")
		return strings.TrimSuffix(msg, ".") + "."
	}
	if kindOf(err) == "" {
		return err.Error()
	}
	return Explain(err).Message
}
