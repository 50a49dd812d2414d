package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"zoomconn/model"
)

// exactly checks the number of positional arguments with a usage message.
func exactly(n int, usage string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return usagef("Missing argument. Usage: %s", usage)
		}
		return atMost(n, usage)(cmd, args)
	}
}

func atMost(n int, usage string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > n {
			return usagef("Too many arguments (put a name with spaces in quotes). Usage: %s", usage)
		}
		return nil
	}
}

// parseEnv reads an environment flag (model's reader, which also takes the
// window's labels).
func parseEnv(flag, v string) (model.EnvKind, error) {
	if k, ok := model.ParseEnvKind(v); ok && strings.TrimSpace(v) != "" {
		return k, nil
	}
	return "", usagef("%s must be zoom, zoomgov or custom (not %q).", flag, v)
}

func parseAppType(v string) (model.AppType, error) {
	for _, t := range model.AppTypes {
		if strings.EqualFold(strings.TrimSpace(v), string(t)) {
			return t, nil
		}
	}
	return "", usagef("--app-type must be account, user or s2s (not %q).", v)
}

// parseAuth reads --auth; jwtOK allows recording an old JWT connection.
func parseAuth(v string, jwtOK bool) (model.AuthType, error) {
	at, ok := model.ParseAuthType(v)
	switch {
	case ok && at == model.AuthJWT && !jwtOK:
		return "", usagef("JWT was retired by Zoom on September 8, 2023 and cannot be chosen: --auth must be oauth2 or s2s.")
	case ok:
		return at, nil
	case jwtOK:
		return "", usagef("--auth must be oauth2, s2s or jwt (not %q).", v)
	}
	return "", usagef("--auth must be oauth2 or s2s (not %q).", v)
}

// Shell completion: names from the document only (no keyring).

func fixed(values ...string) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return values, cobra.ShellCompDirectiveNoFileComp
	}
}

func completeIClients(f *Factory) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var names []string
		if _, doc, err := load(f.Service); err == nil {
			for _, ic := range doc.IClients {
				names = append(names, ic.Name)
			}
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	}
}

func completeConnections(f *Factory) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var names []string
		if _, doc, err := load(f.Service); err == nil {
			for _, c := range doc.Connections {
				names = append(names, c.Name)
			}
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeOneConnection completes the first argument only.
func completeOneConnection(f *Factory) cobra.CompletionFunc {
	all := completeConnections(f)
	return func(cmd *cobra.Command, args []string, s string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return all(cmd, args, s)
	}
}
