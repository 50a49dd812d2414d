package secretstest

import (
	"context"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"zoomconn/internal/keyring"
)

// Folder is a password store that a test's other processes open too, as
// they would share the OS keyring: one file an account in a folder of the
// test's own. Each value is replaced whole (a rename), so a process reads
// the old value or the new one, never half of one. For tests only: the
// values are in plain files.
type Folder struct{ Dir string }

var _ keyring.Store = (*Folder)(nil)

// NewFolder returns the store in dir, making the folder if needed.
func NewFolder(dir string) (*Folder, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	return &Folder{Dir: dir}, nil
}

func (f *Folder) path(account string) string {
	return filepath.Join(f.Dir, hex.EncodeToString([]byte(account)))
}

// Get returns the secret under account, or keyring.ErrNotFound.
func (f *Folder) Get(_ context.Context, account string) (keyring.Secret, error) {
	b, err := os.ReadFile(f.path(account))
	if errors.Is(err, fs.ErrNotExist) {
		return keyring.Secret{}, keyring.ErrNotFound
	}
	if err != nil {
		return keyring.Secret{}, err
	}
	return keyring.NewSecret(string(b)), nil
}

// Set stores value under account.
func (f *Folder) Set(_ context.Context, account string, value keyring.Secret) error {
	tmp, err := os.CreateTemp(f.Dir, ".new-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(value.Reveal())
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), f.path(account))
}

// Delete removes account; a missing one is not an error.
func (f *Folder) Delete(_ context.Context, account string) error {
	err := os.Remove(f.path(account))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// Accounts lists the accounts that hold a secret, sorted.
func (f *Folder) Accounts() ([]string, error) {
	entries, err := os.ReadDir(f.Dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if name, err := hex.DecodeString(e.Name()); err == nil {
			out = append(out, string(name))
		}
	}
	sort.Strings(out)
	return out, nil
}
