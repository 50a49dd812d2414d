package model

import (
	"context"
	"fmt"

	"zoomconn/internal/words"
)

// RevokeFailedError says Zoom could not revoke a connection being deleted;
// deleting it here anyway is the caller's explicit choice.
type RevokeFailedError struct {
	Name string
	Err  error
}

func (e *RevokeFailedError) Error() string {
	return fmt.Sprintf("Zoom could not revoke the access of %q: %s Delete it here anyway? Its access stays valid at Zoom until it expires or you remove the app there.",
		e.Name, explainShort(e.Err))
}

func (e *RevokeFailedError) Unwrap() error { return e.Err }

// Removal says what deleting a connection did with its sign-in.
type Removal struct {
	Name string
	// Revoked: the sign-in was revoked at Zoom (no other connection here
	// used it, and the app is user-managed).
	Revoked bool
	// ForgottenHere: the sign-in was forgotten here but not revoked,
	// because the app is admin-managed (see RemoveAppFromAccount).
	ForgottenHere bool
	// KeptFor names the connections that still use the sign-in.
	KeptFor []string
}

// Sentence says what happened, in the admin's words.
func (r Removal) Sentence() string {
	out := fmt.Sprintf("Removed connection %q.", r.Name)
	switch {
	case len(r.KeptFor) > 0:
		out += fmt.Sprintf(" Its sign-in stays: %s %s it.", JoinNames(r.KeptFor), words.Plural(len(r.KeptFor), "uses", "use"))
	case r.ForgottenHere:
		out += " Its sign-in was forgotten on this computer but not revoked at Zoom: the app is admin-managed, and a revoke would remove it from the whole Zoom account."
	case r.Revoked:
		out += " Its sign-in was revoked at Zoom."
	}
	return out
}

// DeleteConnectionRevoking deletes a connection. When it is the last one
// that uses its sign-in, it revokes the sign-in at Zoom first, unless the
// app is admin-managed (then it only forgets it here: see Removal);
// otherwise it only detaches, and the others keep working. When revoking
// fails it deletes nothing and returns a *RevokeFailedError, unless
// deleteIfRevokeFails.
func (rv *Revocation) DeleteConnectionRevoking(ctx context.Context, connID string, deleteIfRevokeFails bool) (Removal, error) {
	svc := rv.svc
	doc, c, err := svc.connection(connID)
	if err != nil {
		return Removal{}, err
	}
	out := Removal{Name: c.Name}
	if c.Auth != AuthOAuth2 || doc.SignIn(c.SignInID) == nil {
		if _, err := rv.Revoke(ctx, connID); err != nil && !deleteIfRevokeFails {
			if _, nf := err.(*NotFoundError); nf {
				return out, err
			}
			return out, &RevokeFailedError{Name: c.Name, Err: err}
		}
		return out, svc.Setup.DeleteConnection(ctx, connID)
	}
	id := c.SignInID
	err = svc.signIns.withLock(ctx, id, func(ctx context.Context) error {
		doc, err := svc.Load()
		if err != nil {
			return err
		}
		cur := doc.Connection(connID)
		if cur == nil {
			return &NotFoundError{What: "connection", Name: c.Name}
		}
		si := doc.SignIn(id)
		if out.KeptFor = doc.AlsoUsedBy(*cur); len(out.KeptFor) == 0 && cur.SignInID == id && si != nil {
			if err := rv.endLastUse(ctx, doc, si, &out, deleteIfRevokeFails); err != nil {
				return err
			}
		}
		return svc.Setup.deleteConnection(ctx, connID)
	})
	return out, err
}

// endLastUse ends the sign-in si that the connection out.Name, being
// deleted, was the last to use: it revokes it at Zoom (for an admin-managed
// app it only forgets it here) and deletes its token, and says which in
// out. It runs under the sign-in's lock.
func (rv *Revocation) endLastUse(ctx context.Context, doc *Document, si *SignIn, out *Removal, deleteIfRevokeFails bool) error {
	switch tok, err := rv.svc.signInStore(si.ID).Load(ctx); {
	case !implicitRevokeAllowed(doc, si.IClientID):
		out.ForgottenHere = true
	case err != nil:
		if !deleteIfRevokeFails {
			return &RevokeFailedError{Name: out.Name, Err: err}
		}
	case tok != nil:
		if err := rv.svc.revokeAtZoom(ctx, doc, si.IClientID, tok); err != nil {
			if !deleteIfRevokeFails {
				return &RevokeFailedError{Name: out.Name, Err: err}
			}
		} else {
			out.Revoked = true
		}
	}
	if err := rv.svc.Secrets.Delete(ctx, SignInTokenAccount(si.ID)); err != nil {
		return fmt.Errorf("delete the sign-in: %w", err)
	}
	return nil
}
