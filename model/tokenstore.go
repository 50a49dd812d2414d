package model

import (
	"context"
	"errors"
	"path/filepath"
	"time"

	"golang.org/x/oauth2"

	"zoomconn/oauth"
)

// Where tokens are kept: each in the password store under its own account,
// each with a lock file in the data folder that every process takes before
// it renews or replaces the token.

// saveBudget bounds saving a token Zoom has already issued: it is not
// charged to the caller's context, which may be ending.
const saveBudget = 30 * time.Second

// signInLock is the lock file of the sign-in id's token.
func (s *Service) signInLock(id string) string { return filepath.Join(s.Dir, "signin-"+id+".lock") }

// s2sLock is the lock file of a Server-to-Server connection's token.
func (s *Service) s2sLock(connID string) string { return filepath.Join(s.Dir, "s2s-"+connID+".lock") }

// signInStore is where the sign-in id's token is kept.
func (s *Service) signInStore(id string) keyringTokenStore {
	return keyringTokenStore{s.Secrets, SignInTokenAccount(id)}
}

// keyringTokenStore keeps one token in the keyring.
type keyringTokenStore struct {
	secrets Secrets
	account string
}

// Load returns the saved token, or nil when there is none.
func (k keyringTokenStore) Load(ctx context.Context) (*oauth2.Token, error) {
	v, err := k.secrets.Get(ctx, k.account)
	if errors.Is(err, ErrSecretNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return oauth.UnmarshalToken([]byte(v.Reveal()))
}

// Save replaces the saved token with t.
func (k keyringTokenStore) Save(ctx context.Context, t *oauth2.Token) error {
	data, err := oauth.MarshalToken(t)
	if err != nil {
		return err
	}
	return k.secrets.Set(ctx, k.account, NewSecret(string(data)))
}

// saveNew saves a token Zoom has just issued (see oauth.SaveIssued).
func saveNew(ctx context.Context, store keyringTokenStore, tok *oauth2.Token) error {
	return oauth.SaveIssued(ctx, store, tok, saveBudget)
}
