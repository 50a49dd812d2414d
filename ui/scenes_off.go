//go:build !screenshots

package ui

// The product binary has no screenshot scenes: scenes.go is built only
// with -tags screenshots, by scripts/screenshots.sh.

func sceneFromEnv() string { return "" }

func (u *scenePlayer) playScene(string) {}

// scenePlayer would play the scenes; this build has none.
type scenePlayer struct{ *UI }
