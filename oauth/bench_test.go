package oauth

import (
	"context"
	"testing"
	"time"
)

// BenchmarkCallbackToStored measures from the callback's arrival to the
// token being stored: state check, code exchange, /users/me, Wait, Save.
// The Zoom-shaped server's own handler time is subtracted; the consent's
// set-up (listeners, consent page) is outside the timer.
func BenchmarkCallbackToStored(b *testing.B) {
	f := newFixture(b)
	browser := f.srv.Browser()
	store := &memStore{}
	ctx := context.Background()
	var total, server time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	b.StopTimer()
	for range b.N {
		c, err := StartConsent(ctx, ConsentConfig{Client: f.client, Port: f.port})
		if err != nil {
			b.Fatal(err)
		}
		cb, err := browser.Consent(c.URL())
		if err != nil {
			b.Fatal(err)
		}
		s0 := f.srv.HandlerTime()
		b.StartTimer()
		t0 := time.Now()
		if _, err := browser.Get(cb); err != nil {
			b.Fatal(err)
		}
		res, err := c.Wait(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if err := store.Save(ctx, res.Token); err != nil {
			b.Fatal(err)
		}
		elapsed := time.Since(t0)
		b.StopTimer()
		total += elapsed
		server += f.srv.HandlerTime() - s0
	}
	b.ReportMetric(float64(total-server)/float64(b.N), "ns-excl-server/op")
	b.ReportMetric(float64(server)/float64(b.N), "server-ns/op")
}
