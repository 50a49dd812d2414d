package keyring

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
)

// Probe asks s for a secret that does not exist, which writes nothing and
// prompts for nothing but an unlock: "not found" is an answer, so s works.
// It is the quick check, made when the window opens.
func Probe(ctx context.Context, s Store) error {
	_, err := s.Get(ctx, "health-check")
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// Check is the thorough check an admin asks for: a value that is no secret
// is saved under an account no real secret uses, read back and deleted.
func Check(ctx context.Context, s Store) error {
	account := "healthcheck/" + randomHex()
	value := NewSecret("zoomconn-health-" + randomHex())
	if err := s.Set(ctx, account, value); err != nil {
		return err
	}
	got, err := s.Get(ctx, account)
	derr := s.Delete(ctx, account)
	switch {
	case err != nil:
		return err
	case got.Reveal() != value.Reveal():
		return errors.New("the password store gave back a different value than was saved")
	}
	return derr
}

func randomHex() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}
