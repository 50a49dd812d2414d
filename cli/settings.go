package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"zoomconn/model"
)

func newCmdSettings(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "settings",
		Short: "Show or change the settings the command line shares with the window",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newCmdSettingsShow(f, nil), newCmdSettingsSet(f, nil))
	return cmd
}

// SettingsOptions are zoomconn settings show's and set's.
type SettingsOptions struct {
	IO      *IOStreams
	Service func() (*model.Service, error)
	Key     string // set: the setting (redirect-port)
	Value   string // set: its new value
}

func newCmdSettingsShow(f *Factory, runF func(*SettingsOptions) error) *cobra.Command {
	opts := &SettingsOptions{IO: f.IO, Service: f.Service}
	return &cobra.Command{
		Use:   "show",
		Short: "Show where data and secrets are kept, and the Redirect URL",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if runF != nil {
				return runF(opts)
			}
			return settingsShowRun(opts)
		},
	}
}

func settingsShowRun(opts *SettingsOptions) error {
	svc, err := opts.Service()
	if err != nil {
		return err
	}
	url, err := svc.RedirectURL()
	if err != nil {
		return err
	}
	store := "the system keyring, service " + fmt.Sprintf("%q", svc.KeyringService())
	if svc.KeyringService() == "" {
		store = "not the system keyring"
	}
	fmt.Fprintf(opts.IO.Out, "Data folder:   %s\nPassword store: %s\nRedirect URL:  %s\n", svc.Dir, store, url)
	return nil
}

func newCmdSettingsSet(f *Factory, runF func(*SettingsOptions) error) *cobra.Command {
	opts := &SettingsOptions{IO: f.IO, Service: f.Service}
	return &cobra.Command{
		Use:       "set redirect-port PORT",
		Short:     "Change the Redirect URL's port (then update the Redirect URL in your Zoom apps)",
		Args:      exactly(2, "zoomconn settings set redirect-port PORT"),
		ValidArgs: []string{"redirect-port"},
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Key, opts.Value = args[0], args[1]
			if runF != nil {
				return runF(opts)
			}
			return settingsSetRun(opts)
		},
	}
}

func settingsSetRun(opts *SettingsOptions) error {
	if opts.Key != "redirect-port" {
		return usagef("Unknown setting %q: the setting is redirect-port.", opts.Key)
	}
	port, err := model.ParsePort(opts.Value)
	if err != nil {
		return err
	}
	svc, err := opts.Service()
	if err != nil {
		return err
	}
	if err := svc.SetRedirectPort(port); err != nil {
		return err
	}
	url, _ := svc.RedirectURL()
	fmt.Fprintf(opts.IO.Out, "The Redirect URL is now %s\nAdd it to the Redirect URL and Allow list of your Zoom apps, then authorize the OAuth 2.0 connections again.\n", url)
	return nil
}
