package model

import (
	"strconv"
	"strings"
)

// Snippet is a short script that calls Zoom with a connection through
// zoomconn, for the admin to copy (Edit connection, the README).
type Snippet struct {
	Title string // "Shell (curl)", "PowerShell", "Python"
	Code  string
}

// Snippets are scripts that call Zoom with c, as a script that used JWT
// would: zoomconn token for curl, PowerShell and Python (with --json,
// which says where the token is for), and zoomconn api for a list of
// every page.
func Snippets(c Connection) []Snippet {
	api := c.Env.OAuth().APIFor(c.APIURL)
	sh := ShellWord(c.Name)
	return []Snippet{
		{Title: "Shell (curl)", Code: `token=$(zoomconn token ` + sh + `) || exit 1
curl -sS -H "Authorization: Bearer $token" \
  ` + api + `/users/me

# Or let zoomconn call Zoom: every user, all pages, one email a line
zoomconn api ` + sh + ` /users --paginate --jq '.users[].email'
`},
		{Title: "PowerShell", Code: `$t = zoomconn token ` + powerShellWord(c.Name) + ` --json | ConvertFrom-Json
if ($LASTEXITCODE -ne 0) { exit 1 }
$auth = @{ Authorization = "Bearer $($t.access_token)" }
Invoke-RestMethod "$($t.api_url)/v2/users/me" -Headers $auth
`},
		{Title: "Python", Code: `import json, subprocess, urllib.request

out = subprocess.check_output(
    ["zoomconn", "token", ` + strconv.Quote(c.Name) + `, "--json"], text=True)
t = json.loads(out)
req = urllib.request.Request(
    t["api_url"] + "/v2/users/me",
    headers={"Authorization": "Bearer " + t["access_token"]})
print(json.load(urllib.request.urlopen(req))["email"])
`},
	}
}

// powerShellWord quotes s for PowerShell when it needs it.
func powerShellWord(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
