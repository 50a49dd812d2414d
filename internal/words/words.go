// Package words says counts and durations in English, the one way every
// message of the window, the command line and the model says them.
package words

import (
	"strconv"
	"time"
)

// Plural returns one when n is 1, else many.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Count is n followed by one or many: "1 connection", "3 connections".
func Count(n int, one, many string) string {
	return strconv.Itoa(n) + " " + Plural(n, one, many)
}

// Duration says a limit or a wait: "10 minutes", "90 seconds", "2 hours".
// A whole number of hours or minutes is said in them; anything else in
// seconds, rounded, and a wait under a second is "1 second".
func Duration(d time.Duration) string {
	switch {
	case d >= time.Hour && d%time.Hour == 0:
		return Count(int(d/time.Hour), "hour", "hours")
	case d >= time.Minute && d%time.Minute == 0:
		return Count(int(d/time.Minute), "minute", "minutes")
	case d < time.Second:
		return "1 second"
	}
	return Count(int(d.Round(time.Second)/time.Second), "second", "seconds")
}
