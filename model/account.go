package model

import "zoomconn/oauth"

// accountOf is the Zoom user /users/me reported, as the document keeps it.
func accountOf(u oauth.User) *Account {
	return &Account{UserID: u.ID, Email: u.Email, DisplayName: u.DisplayName, AccountID: u.AccountID}
}

// describeAccount names a Zoom user in a sentence: the email (else the
// display name) and the account.
func describeAccount(a *Account) string {
	if a == nil {
		return "unknown user"
	}
	who := a.Email
	if who == "" {
		who = a.DisplayName
	}
	if a.AccountID != "" {
		who += " (account " + a.AccountID + ")"
	}
	return who
}

// ConnectedAs is the sentence shown after a successful authorization or test.
func ConnectedAs(c Connection) string { return "Connected as " + describeAccount(c.AuthorizedAs) }
