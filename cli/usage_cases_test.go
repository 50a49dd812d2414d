package cli

// UsageCase is a command line that is bad usage: zoomconn exits 2, says
// Want on stderr after "zoomconn: ", writes nothing on stdout and changes
// nothing. Each runs against connections holding the OAuth 2.0 connection
// "Reports" of the iClient "App". The in-process test and the built
// binary's test (package cli_test) run the same cases.
type UsageCase struct {
	Stdin string
	Args  []string
	Want  string
}

// UsageCases are the command lines both tests try.
var UsageCases = []UsageCase{
	{"", []string{"--no-such-flag"}, "unknown flag: --no-such-flag"},
	{"", []string{"frobnicate"}, `unknown command "frobnicate"`},
	{"", []string{"token"}, "Missing argument. Usage: zoomconn token NAME"},
	{"", []string{"token", "Reports", "extra"}, "Too many arguments"},
	{"", []string{"token", "Nope"}, `There is no connection named "Nope".`},
	{"", []string{"test", "Nope", "--json"}, `There is no connection named "Nope".`},
	{"", []string{"status", "a", "b"}, "Too many arguments"},
	{"", []string{"list", "extra"}, `unknown command "extra" for "zoomconn list"`},
	{"", []string{"iclient", "add", "--name", "X"}, `required flag(s) "client-id" not set`},
	{"s", []string{"iclient", "add", "--name", "X", "--client-id", "c", "--environment", "moon"}, `--environment must be zoom, zoomgov or custom (not "moon")`},
	{"s", []string{"iclient", "add", "--name", "X", "--client-id", "c", "--app-type", "desktop"}, "--app-type must be account, user or s2s"},
	{"s", []string{"iclient", "add", "--name", "App", "--client-id", "c"}, `--name: An iClient named "App" already exists.`},
	{"s", []string{"iclient", "add", "--name", "X", "--client-id", "c", "--environment", "custom"}, "--oauth-base: Enter the OAuth base URL."},
	{"s", []string{"iclient", "add", "--name", "X", "--client-id", "c", "--environment", "custom", "--oauth-base", "http://example.com", "--api-base", "https://x"}, "--oauth-base: The OAuth base URL must use https"},
	{"", []string{"iclient", "add", "--name", "X", "--client-id", "c"}, "No Client secret on standard input."},
	{"two words", []string{"iclient", "add", "--name", "X", "--client-id", "c"}, "Client secret: The Client secret contains a space"},
	{"", []string{"iclient", "edit", "App"}, "Nothing to change"},
	{"", []string{"iclient", "remove", "Nope"}, `There is no iClient named "Nope".` + "\nRun 'zoomconn iclient list' to see the iClients."},
	{"", []string{"connection", "add", "--name", "X"}, `required flag(s) "auth" not set`},
	{"", []string{"connection", "add", "--name", "X", "--auth", "basic"}, `--auth must be oauth2, s2s or jwt (not "basic")`},
	{"", []string{"connection", "add", "--name", "X", "--auth", "oauth2"}, "--iclient is required with --auth oauth2"},
	{"", []string{"connection", "add", "--name", "X", "--auth", "oauth2", "--iclient", "Nope"}, `There is no iClient named "Nope".`},
	{"", []string{"connection", "add", "--name", "reports", "--auth", "oauth2", "--iclient", "App"}, `--name: A connection named "Reports" already exists.`},
	{"", []string{"connection", "add", "--name", "X", "--auth", "s2s", "--iclient", "App", "--account-id", "a"}, "--iclient: Server-to-Server OAuth needs an iClient whose app type is Server-to-Server OAuth."},
	{"", []string{"connection", "add", "--name", "X", "--auth", "jwt"}, "--api-key: Enter the API Key."},
	{"", []string{"connection", "add", "--name", "X", "--auth", "jwt", "--api-key", "k"}, "No API Secret on standard input."},
	{"", []string{"connection", "edit", "Reports"}, "Nothing to change"},
	{"", []string{"connection", "edit", "Reports", "--auth", "jwt"}, "JWT was retired by Zoom on September 8, 2023 and cannot be chosen"},
	{"", []string{"connection", "remove"}, "Missing argument. Usage: zoomconn connection remove NAME"},
	{"", []string{"authorize", "Reports", "--timeout", "soon"}, `invalid argument "soon" for "--timeout"`},
	{"", []string{"authorize", "Reports", "--timeout", "1h"}, "--timeout must be more than 0 and at most 10m0s"},
	{"", []string{"migrate", "Reports"}, `required flag(s) "iclient" not set`},
	{"", []string{"migrate", "--iclient", "App"}, "Name the connections to migrate, or give --all"},
	{"", []string{"migrate", "--all", "Reports", "--iclient", "App"}, "Name the connections to migrate, or give --all"},
	{"", []string{"migrate", "Reports", "--iclient", "App", "--auth", "s2s"}, "--iclient: Server-to-Server OAuth needs an iClient whose app type is Server-to-Server OAuth."},
	{"", []string{"import"}, "Missing argument. Usage: zoomconn import FILE"},
	{"", []string{"export", "a", "b"}, "Too many arguments"},
	{"", []string{"report", "--pdf"}, "unknown flag: --pdf"},
	{"", []string{"settings", "set", "redirect-port", "eighty"}, "redirect-port: Enter a number between 1024 and 65535."},
	{"", []string{"settings", "set", "redirect-port", "80"}, "redirect-port: Choose a port between 1024 and 65535: lower ports need administrator rights."},
	{"", []string{"settings", "set", "theme", "dark"}, `Unknown setting "theme"`},
}
