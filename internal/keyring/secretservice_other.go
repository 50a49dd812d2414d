//go:build !linux

package keyring

import gokeyring "github.com/zalando/go-keyring"

// platformBackend is go-keyring: Windows Credential Manager, the macOS
// Keychain, or the Secret Service of the BSDs.
var platformBackend backend = osKeyring{}

// wholeLimit: Windows Credential Manager refuses a value over 2,560 bytes,
// and go-keyring's macOS Keychain about 3 KB.
const wholeLimit = chunkSize

// osKeyring is go-keyring itself.
type osKeyring struct{}

func (osKeyring) Get(s, u string) (string, error) { return gokeyring.Get(s, u) }
func (osKeyring) Set(s, u, p string) error        { return gokeyring.Set(s, u, p) }
func (osKeyring) Delete(s, u string) error        { return gokeyring.Delete(s, u) }
