//go:build windows

package main

import (
	"os"

	"golang.org/x/sys/windows"
)

// attachParentProcess is ATTACH_PARENT_PROCESS, (DWORD)-1.
const attachParentProcess = ^uint32(0)

// procAttachConsole is loaded lazily: golang.org/x/sys/windows has no wrapper for it.
var procAttachConsole = windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")

// attachConsole makes command-line output visible when zoomconn.exe, a GUI-subsystem
// program, is started from a console: Windows gives such a program no standard handles,
// so it attaches to the parent's console and reopens the missing ones on CONOUT$.
// Handles that are already valid (output redirected to a file or a pipe) are kept.
// Started from Explorer there is no parent console and nothing changes.
func attachConsole() {
	outOK := validStdHandle(windows.STD_OUTPUT_HANDLE)
	errOK := validStdHandle(windows.STD_ERROR_HANDLE)
	if outOK && errOK {
		return
	}
	if r, _, _ := procAttachConsole.Call(uintptr(attachParentProcess)); r == 0 {
		return // no parent console (or already attached): keep what we have
	}
	if !outOK {
		if f := openConsoleOutput(windows.STD_OUTPUT_HANDLE); f != nil {
			os.Stdout = f
		}
	}
	if !errOK {
		if f := openConsoleOutput(windows.STD_ERROR_HANDLE); f != nil {
			os.Stderr = f
		}
	}
}

// validStdHandle reports whether the standard handle refers to something writable:
// a GUI-subsystem process started from a console gets NULL, or a stale value.
func validStdHandle(std uint32) bool {
	h, err := windows.GetStdHandle(std)
	if err != nil || h == 0 || h == windows.InvalidHandle {
		return false
	}
	t, err := windows.GetFileType(h)
	return err == nil && t != windows.FILE_TYPE_UNKNOWN
}

// openConsoleOutput opens the attached console's screen buffer and installs it as the
// given standard handle, so that code asking Windows for it (and child processes) agrees
// with os.Stdout/os.Stderr.
func openConsoleOutput(std uint32) *os.File {
	name, err := windows.UTF16PtrFromString("CONOUT$")
	if err != nil {
		return nil
	}
	h, err := windows.CreateFile(name,
		windows.GENERIC_READ|windows.GENERIC_WRITE,
		windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE,
		nil, windows.OPEN_EXISTING, 0, 0)
	if err != nil {
		return nil
	}
	_ = windows.SetStdHandle(std, h)
	return os.NewFile(uintptr(h), "CONOUT$")
}
