//go:build !windows

package main

// attachConsole is needed only by the Windows GUI-subsystem build; elsewhere a program
// always inherits its terminal.
func attachConsole() {}
