package model

import (
	"os"
	"strings"
	"testing"
)

// The README shows the scripts Edit connection shows, for a Zoom
// connection named Reports, word for word.
func TestREADMEShowsTheSnippets(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	fence := map[string]string{"Shell (curl)": "sh", "PowerShell": "powershell", "Python": "python"}
	for _, s := range Snippets(Connection{Name: "Reports", Env: Environment{Kind: EnvZoom}}) {
		block := "```" + fence[s.Title] + "\n" + s.Code + "```\n"
		if !strings.Contains(string(readme), block) {
			t.Errorf("README.md lacks the %s snippet as Edit connection shows it:\n%s", s.Title, block)
		}
	}
}

func TestSnippetsQuoteTheName(t *testing.T) {
	s := Snippets(Connection{Name: "Bob's $HOME sync", Env: Environment{Kind: EnvZoomGov}})
	for _, want := range []string{`zoomconn token 'Bob'\''s $HOME sync') || exit 1`, "  https://api.zoomgov.com/v2/users/me\n"} {
		if !strings.Contains(s[0].Code, want) {
			t.Errorf("shell snippet lacks %q:\n%s", want, s[0].Code)
		}
	}
	if !strings.Contains(s[1].Code, `zoomconn token 'Bob''s $HOME sync' --json`) {
		t.Errorf("PowerShell snippet:\n%s", s[1].Code)
	}
	if !strings.Contains(s[2].Code, `"zoomconn", "token", "Bob's $HOME sync", "--json"`) {
		t.Errorf("Python snippet:\n%s", s[2].Code)
	}
}
