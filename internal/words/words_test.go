package words

import (
	"testing"
	"time"
)

func TestDuration(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{10 * time.Minute, "10 minutes"},
		{time.Minute, "1 minute"},
		{90 * time.Second, "90 seconds"},
		{60 * time.Second, "1 minute"},
		{time.Second, "1 second"},
		{1500 * time.Millisecond, "2 seconds"},
		{200 * time.Millisecond, "1 second"},
		{2 * time.Hour, "2 hours"},
		{61 * time.Minute, "61 minutes"},
	} {
		if got := Duration(tc.d); got != tc.want {
			t.Errorf("Duration(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

func TestCount(t *testing.T) {
	if got := Count(1, "connection", "connections"); got != "1 connection" {
		t.Error(got)
	}
	if got := Count(0, "connection", "connections"); got != "0 connections" {
		t.Error(got)
	}
}
