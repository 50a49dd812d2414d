//go:build !linux

package model

// platformBackend is go-keyring: Windows Credential Manager, the macOS
// Keychain, or the Secret Service of the BSDs.
var platformBackend keyringBackend = osKeyring{}

// wholeLimit: Windows Credential Manager refuses a value over 2,560 bytes,
// and go-keyring's macOS Keychain about 3 KB.
const wholeLimit = chunkSize
