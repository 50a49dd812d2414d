package secretstest

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"

	"zoomconn/internal/keyring"
)

// Both stores behave as the keyring does where the tests rely on it: a
// missing account is keyring.ErrNotFound, a value is replaced whole, a
// delete of nothing is no error. A Folder is seen by every Folder opened
// on the same folder, as another process would open it.
func TestStoresBehaveAsTheKeyring(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "secrets")
	folder, err := NewFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	for name, pair := range map[string][2]keyring.Store{
		"memory": {New(), nil},
		"folder": {folder, &Folder{Dir: dir}},
	} {
		t.Run(name, func(t *testing.T) {
			s, other := pair[0], pair[1]
			if other == nil {
				other = s
			}
			if _, err := s.Get(ctx, "signin/a/token"); !errors.Is(err, keyring.ErrNotFound) {
				t.Errorf("a missing account: %v", err)
			}
			for _, v := range []string{"first", "second, longer than the first"} {
				if err := s.Set(ctx, "signin/a/token", keyring.NewSecret(v)); err != nil {
					t.Fatal(err)
				}
				if got, err := other.Get(ctx, "signin/a/token"); err != nil || got.Reveal() != v {
					t.Errorf("read back %q, %v; want %q", got.Reveal(), err, v)
				}
			}
			if err := other.Delete(ctx, "signin/a/token"); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Get(ctx, "signin/a/token"); !errors.Is(err, keyring.ErrNotFound) {
				t.Errorf("after Delete: %v", err)
			}
			if err := s.Delete(ctx, "signin/a/token"); err != nil {
				t.Errorf("a delete of nothing: %v", err)
			}
		})
	}
	folder.Set(ctx, "iclient/x/client-secret", keyring.NewSecret("v"))
	folder.Set(ctx, "connection/y/jwt-secret", keyring.NewSecret("v"))
	if got, err := folder.Accounts(); err != nil || !slices.Equal(got, []string{"connection/y/jwt-secret", "iclient/x/client-secret"}) {
		t.Errorf("Accounts = %q, %v", got, err)
	}
}
