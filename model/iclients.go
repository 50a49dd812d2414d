package model

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"

	"zoomconn/internal/words"
)

// Setup creates, edits and deletes what the administrator sets up: iClients
// (this file) and connections (connections.go), with the secrets that go
// with them in the password store.
type Setup struct{ svc *Service }

// CreateIClient validates ic, stores its Client secret in the keyring and
// adds it. The secret is saved first, so an iClient never exists without it.
// A public client ID has no secret: secret must then be empty, and nothing
// goes to the keyring. A new iClient's Redirect URL is on 127.0.0.1 unless
// ic says localhost.
func (s *Setup) CreateIClient(ctx context.Context, ic IClient, secret Secret) (IClient, error) {
	svc := s.svc
	if ic.RedirectHost == "" {
		ic.RedirectHost = LoopbackIP
	}
	if ic.Credentials == "" {
		ic.Credentials = CredentialsSecret
	}
	if ic.Public() {
		return s.createPublicIClient(ic, secret)
	}
	clean, msg := CleanID("Client secret", secret.Reveal())
	if msg != "" {
		err := ValidationError{{Field: "client_secret", Message: msg}}
		if doc, lerr := svc.Load(); lerr == nil {
			if verr := ValidateIClient(&ic, doc); verr != nil {
				err = append(verr.(ValidationError), err...)
			}
		}
		return ic, err
	}
	ic.ID = NewID()
	ic.Created, ic.Modified = svc.Now(), svc.Now()
	if doc, err := svc.Load(); err != nil {
		return ic, err
	} else if err := ValidateIClient(&ic, doc); err != nil {
		return ic, err
	}
	if err := svc.Secrets.Set(ctx, ClientSecretAccount(ic.ID), NewSecret(clean)); err != nil {
		return ic, fmt.Errorf("save the Client secret: %w", err)
	}
	err := svc.update(func(doc *Document) error {
		if err := ValidateIClient(&ic, doc); err != nil {
			return err
		}
		doc.IClients = append(doc.IClients, ic)
		return nil
	})
	if err != nil {
		svc.Secrets.Delete(ctx, ClientSecretAccount(ic.ID))
		return ic, err
	}
	svc.record(Event{Kind: EventIClientCreated, IClientID: ic.ID, Detail: fmt.Sprintf("iClient %q (%s, %s)", ic.Name, ic.Env.Kind.ShortLabel(), ic.AppType.Label())})
	return ic, nil
}

// createPublicIClient adds a public client ID: nothing to keep in the keyring.
func (s *Setup) createPublicIClient(ic IClient, secret Secret) (IClient, error) {
	if !secret.IsZero() {
		return ic, ValidationError{{Field: "client_secret", Message: "A public client ID has no Client secret: leave it out, or choose Client ID and Client secret."}}
	}
	ic.ID = NewID()
	ic.Created, ic.Modified = s.svc.Now(), s.svc.Now()
	err := s.svc.update(func(doc *Document) error {
		if err := ValidateIClient(&ic, doc); err != nil {
			return err
		}
		doc.IClients = append(doc.IClients, ic)
		return nil
	})
	if err != nil {
		return ic, err
	}
	s.svc.record(Event{Kind: EventIClientCreated, IClientID: ic.ID, Detail: fmt.Sprintf("iClient %q (%s, %s, %s)", ic.Name, ic.Env.Kind.ShortLabel(), ic.AppType.Label(), ic.Kind().ShortLabel())})
	return ic, nil
}

// UpdateIClient saves changes to ic. A non-empty newSecret rotates the Client
// secret for every connection that uses the iClient. Turning a Client ID
// and secret into a public client ID forgets the secret; the other way
// needs newSecret.
func (s *Setup) UpdateIClient(ctx context.Context, ic IClient, newSecret Secret) (IClient, error) {
	svc := s.svc
	if ic.Public() && !newSecret.IsZero() {
		return ic, ValidationError{{Field: "client_secret", Message: "A public client ID has no Client secret: leave it out, or choose Client ID and Client secret."}}
	}
	var clean string
	var dropSecret bool // it became a public client ID: the secret goes after the save
	if !newSecret.IsZero() {
		var msg string
		if clean, msg = CleanID("Client secret", newSecret.Reveal()); msg != "" {
			return ic, ValidationError{{Field: "client_secret", Message: msg}}
		}
	}
	err := svc.update(func(doc *Document) error {
		cur := doc.IClient(ic.ID)
		if cur == nil {
			return &NotFoundError{What: "iClient", Name: ic.Name}
		}
		if err := checkIClientChange(doc, cur, &ic, clean); err != nil {
			return err
		}
		dropSecret = cur.Kind() != ic.Kind() && ic.Public()
		if clean != "" {
			if err := svc.Secrets.Set(ctx, ClientSecretAccount(ic.ID), NewSecret(clean)); err != nil {
				return fmt.Errorf("save the Client secret: %w", err)
			}
		}
		ic.Created, ic.Modified = cur.Created, svc.Now()
		*cur = ic
		return nil
	})
	if err != nil {
		return ic, err
	}
	if dropSecret {
		if err := svc.Secrets.Delete(ctx, ClientSecretAccount(ic.ID)); err != nil {
			slog.Warn("forget the Client secret of an iClient that became a public client ID", "iclient", ic.ID, "err", err)
		}
		svc.signIns.drop("", ic.ID)
	}
	svc.record(Event{Kind: EventIClientEdited, IClientID: ic.ID, Detail: fmt.Sprintf("iClient %q", ic.Name)})
	if clean != "" {
		svc.signIns.drop("", ic.ID)
		svc.record(Event{Kind: EventSecretRotated, IClientID: ic.ID, Detail: fmt.Sprintf("Client secret of iClient %q replaced", ic.Name)})
	}
	return ic, nil
}

// checkIClientChange validates the iClient cur becoming ic in doc, given
// the new Client secret clean ("" when none was given).
func checkIClientChange(doc *Document, cur, ic *IClient, clean string) error {
	if err := ValidateIClient(ic, doc); err != nil {
		return err
	}
	envMoved, kindChanged := !cur.Env.Same(ic.Env), cur.Kind() != ic.Kind()
	if users := doc.UsersOf(ic.ID); len(users) > 0 && envMoved {
		return ValidationError{{Field: "environment", Message: fmt.Sprintf("The environment cannot change while %s %s this iClient.",
			JoinNames(users), words.Plural(len(users), "uses", "use"))}}
	}
	if signedIn := signedInWith(doc, ic.ID); len(signedIn) > 0 && kindChanged {
		// A sign-in belongs to the client it was issued to: its
		// refresh token works with that one only.
		return ValidationError{{Field: "credentials", Message: fmt.Sprintf(
			"The kind of credentials cannot change while %s %s signed in with this iClient. Create another iClient for the other kind and choose it for the connection.",
			JoinNames(signedIn), words.Plural(len(signedIn), "is", "are"))}}
	}
	switch {
	case envMoved && !ic.Public() && clean == "":
		// The stored secret was given for the old host: never send it
		// to a new one without the admin giving it again.
		return ValidationError{{Field: "client_secret", Message: SecretAgain(ic.Env)}}
	case kindChanged && !ic.Public() && clean == "":
		return ValidationError{{Field: "client_secret", Message: "Paste the Client secret from the app's App Credentials in Zoom."}}
	}
	return nil
}

// signedInWith names the connections with a sign-in of the iClient id.
func signedInWith(doc *Document, id string) []string {
	var names []string
	for _, c := range doc.Connections {
		if si := doc.SignIn(c.SignInID); c.Auth == AuthOAuth2 && si != nil && si.IClientID == id {
			names = append(names, c.Name)
		}
	}
	return names
}

// DeleteIClient removes an iClient that no connection uses, with its secret.
func (s *Setup) DeleteIClient(ctx context.Context, id string) error {
	var name string
	err := s.svc.update(func(doc *Document) error {
		ic := doc.IClient(id)
		if ic == nil {
			return &NotFoundError{What: "iClient", Name: id}
		}
		name = ic.Name
		if users := doc.UsersOf(id); len(users) > 0 {
			return &InUseError{IClient: ic.Name, Connections: users}
		}
		if err := s.svc.Secrets.Delete(ctx, ClientSecretAccount(id)); err != nil {
			return fmt.Errorf("delete the Client secret: %w", err)
		}
		doc.IClients = removeIClient(doc.IClients, id)
		return nil
	})
	if err == nil {
		s.svc.record(Event{Kind: EventIClientDeleted, IClientID: id, Detail: fmt.Sprintf("iClient %q", name)})
	}
	return err
}

func removeIClient(list []IClient, id string) []IClient {
	return slices.DeleteFunc(list, func(ic IClient) bool { return ic.ID == id })
}

// HasClientSecret reports whether the password store holds the Client
// secret of the iClient id (an imported iClient has none until it is set).
func (s *Setup) HasClientSecret(ctx context.Context, id string) (bool, error) {
	_, err := s.svc.Secrets.Get(ctx, ClientSecretAccount(id))
	switch {
	case errors.Is(err, ErrSecretNotFound):
		return false, nil
	case err != nil:
		return false, err
	}
	return true, nil
}
