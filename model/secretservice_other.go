//go:build !linux

package model

import "github.com/zalando/go-keyring"

// platformBackend is go-keyring: Windows Credential Manager, the macOS
// Keychain, or the Secret Service of the BSDs.
var platformBackend keyringBackend = osKeyring{}

// wholeLimit: Windows Credential Manager refuses a value over 2,560 bytes,
// and go-keyring's macOS Keychain about 3 KB.
const wholeLimit = chunkSize

type osKeyring struct{}

func (osKeyring) Get(s, u string) (string, error) { return keyring.Get(s, u) }
func (osKeyring) Set(s, u, p string) error        { return keyring.Set(s, u, p) }
func (osKeyring) Delete(s, u string) error        { return keyring.Delete(s, u) }
