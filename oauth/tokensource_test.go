package oauth

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// authorized runs a consent and stores its token.
func authorized(t *testing.T, f *fixture, store TokenStore) *oauth2.Token {
	t.Helper()
	res := f.authorize(t)
	if err := store.Save(context.Background(), res.Token); err != nil {
		t.Fatal(err)
	}
	return res.Token
}

func TestTokenRefreshedTransparently(t *testing.T) {
	f := newFixture(t)
	store := &memStore{}
	first := authorized(t, f, store)
	expire(t, f, store)
	var refreshed []*oauth2.Token
	ts := NewPersistingTokenSource(f.oauthConfig(), store, filepath.Join(t.TempDir(), "lock"),
		OnRefresh(func(old, fresh *oauth2.Token) { refreshed = append(refreshed, old, fresh) }))
	u, err := Check(waitCtx(t), nil, f.client.Env.APIBase, ts)
	if err != nil || u.Email != "jane@example.com" {
		t.Fatalf("check after expiry: %v %v", u, err)
	}
	if f.srv.RefreshCount() != 1 || len(refreshed) != 2 || refreshed[0].RefreshToken != first.RefreshToken {
		t.Fatalf("refreshes %d, hook %d", f.srv.RefreshCount(), len(refreshed))
	}
	stored := store.token(t)
	if stored.RefreshToken == first.RefreshToken || stored.RefreshToken != refreshed[1].RefreshToken ||
		stored.Extra("api_url") != f.srv.URL() || stored.Extra("scope") != "user:read:admin" {
		t.Fatalf("rotated token not stored with its extras: %+v", stored)
	}
	// A second check reuses the token.
	if _, err := Check(waitCtx(t), nil, f.client.Env.APIBase, ts); err != nil || f.srv.RefreshCount() != 1 {
		t.Fatalf("second check: %v, refreshes %d", err, f.srv.RefreshCount())
	}
}

func TestRotatedTokenSeenByAnotherSource(t *testing.T) {
	f := newFixture(t)
	store := &memStore{}
	authorized(t, f, store)
	lock := filepath.Join(t.TempDir(), "lock")
	expire(t, f, store)
	if _, err := NewPersistingTokenSource(f.oauthConfig(), store, lock).Token(); err != nil {
		t.Fatal(err)
	}
	// Another source (another window, or the CLI) over the same store uses
	// the rotated refresh token: the first one no longer works at Zoom.
	expire(t, f, store)
	tok, err := NewPersistingTokenSource(f.oauthConfig(), store, lock).Token()
	if err != nil {
		t.Fatalf("second source: %v", err)
	}
	if f.srv.RefreshCount() != 2 || store.token(t).AccessToken != tok.AccessToken {
		t.Fatalf("refreshes %d", f.srv.RefreshCount())
	}
}

func TestRevokedRefreshTokenNeedsReconnect(t *testing.T) {
	f := newFixture(t)
	store := &memStore{}
	tok := authorized(t, f, store)
	if err := Revoke(waitCtx(t), nil, f.client, tok.RefreshToken); err != nil {
		t.Fatalf("revoke: %v", err)
	}
	expire(t, f, store)
	var hooked *Error
	ts := NewPersistingTokenSource(f.oauthConfig(), store, filepath.Join(t.TempDir(), "lock"),
		OnInvalidGrant(func(e *Error) { hooked = e }))
	_, err := Check(waitCtx(t), nil, f.client.Env.APIBase, ts)
	e := asError(t, err, ReconnectNeeded)
	if hooked == nil || e.Reason != "Invalid Token!" {
		t.Fatalf("%v (hook %v, reason %q)", e, hooked, e.Reason)
	}
}

func TestSaveFailureKeepsRotatedToken(t *testing.T) {
	f := newFixture(t)
	store := &memStore{}
	authorized(t, f, store)
	expire(t, f, store)
	ts := NewPersistingTokenSource(f.oauthConfig(), store, filepath.Join(t.TempDir(), "lock"))
	store.failing = errors.New("keyring locked")
	_, err := ts.Token()
	e := asError(t, err, StoreFailed)
	if !strings.HasPrefix(e.Op, "save the renewed sign-in") {
		t.Fatal(e)
	}
	// The keyring is back: the token Zoom rotated is saved, not lost, and
	// Zoom is not asked again.
	store.failing = nil
	tok, err := ts.Token()
	if err != nil || f.srv.RefreshCount() != 1 || store.token(t).RefreshToken != tok.RefreshToken {
		t.Fatalf("after the store recovered: %v, refreshes %d", err, f.srv.RefreshCount())
	}
}

const helperEnv = "ZOOMCONN_OAUTH_HELPER"

// TestHelperProcess is one of the separate processes of
// TestConcurrentRefreshAcrossProcesses; it does nothing in a normal run.
func TestHelperProcess(t *testing.T) {
	if os.Getenv(helperEnv) != "1" {
		t.Skip("helper process only")
	}
	env := func(k string) string { return os.Getenv("ZH_" + k) }
	client := Client{ID: env("ID"), Secret: env("SECRET"), Env: Custom(env("URL"), env("URL"))}
	store := fileStore{env("STORE")}
	ts := NewPersistingTokenSource(client.Config(env("REDIRECT"), nil), store, env("LOCK"))
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(time.Millisecond) {
		if _, err := os.Stat(env("GO")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no start signal")
		}
	}
	tok, err := ts.Token()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Check(context.Background(), nil, client.Env.APIBase, oauth2.StaticTokenSource(tok)); err != nil {
		t.Fatal(err)
	}
	fmt.Printf("TOKEN=%s\n", tok.AccessToken)
}

func TestConcurrentRefreshAcrossProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	f := newFixture(t)
	dir := t.TempDir()
	store := fileStore{filepath.Join(dir, "token.json")}
	lock, goFile := filepath.Join(dir, "token.lock"), filepath.Join(dir, "go")
	first := authorized(t, f, store)
	expire(t, f, store)

	const procs, goroutines = 5, 20
	var cmds []*exec.Cmd
	var outs []*strings.Builder
	for range procs {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), helperEnv+"=1",
			"ZH_ID="+f.client.ID, "ZH_SECRET="+f.client.Secret, "ZH_URL="+f.srv.URL(),
			"ZH_REDIRECT="+f.redirect, "ZH_STORE="+store.path, "ZH_LOCK="+lock, "ZH_GO="+goFile)
		out := &strings.Builder{}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds, outs = append(cmds, cmd), append(outs, out)
	}
	time.Sleep(300 * time.Millisecond) // let the processes reach the barrier
	start := make(chan struct{})
	tokens := make(chan string, goroutines+procs)
	errs := make(chan error, goroutines)
	var wg sync.WaitGroup
	for range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Each goroutine has its own source, like separate windows.
			ts := NewPersistingTokenSource(f.oauthConfig(), store, lock)
			<-start
			tok, err := ts.Token()
			if err != nil {
				errs <- err
				return
			}
			tokens <- tok.AccessToken
		}()
	}
	if err := os.WriteFile(goFile, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("goroutine: %v", err)
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("process %d: %v\n%s", i, err, outs[i])
		}
		for _, line := range strings.Split(outs[i].String(), "\n") {
			if tok, ok := strings.CutPrefix(line, "TOKEN="); ok {
				tokens <- tok
			}
		}
	}
	close(tokens)
	seen := map[string]int{}
	for tok := range tokens {
		seen[tok]++
	}
	if f.srv.RefreshCount() != 1 {
		t.Fatalf("Zoom saw %d refreshes, want exactly 1", f.srv.RefreshCount())
	}
	stored := store.token(t)
	if len(seen) != 1 || seen[stored.AccessToken] != goroutines+procs {
		t.Fatalf("tokens handed out: %v", seen)
	}
	if _, err := Check(waitCtx(t), nil, f.client.Env.APIBase, oauth2.StaticTokenSource(stored)); err != nil {
		t.Fatalf("the shared token does not work: %v", err)
	}
	// The stored refresh token is the newest: it still refreshes.
	if stored.RefreshToken == first.RefreshToken {
		t.Fatal("stored refresh token was not rotated")
	}
	if _, err := f.oauthConfig().TokenSource(context.Background(), &oauth2.Token{RefreshToken: stored.RefreshToken}).Token(); err != nil {
		t.Fatalf("stored refresh token is stale: %v", err)
	}
}

func TestMarshalTokenRoundTrip(t *testing.T) {
	exp := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	in := (&oauth2.Token{AccessToken: "a", RefreshToken: "r", TokenType: "bearer", Expiry: exp}).
		WithExtra(map[string]any{"api_url": "https://api.zoom.us", "scope": "user:read:admin meeting:read", "expires_in": 3599})
	b, err := MarshalToken(in)
	if err != nil {
		t.Fatal(err)
	}
	out, err := UnmarshalToken(b)
	if err != nil {
		t.Fatal(err)
	}
	if out.AccessToken != "a" || out.RefreshToken != "r" || out.TokenType != "bearer" || !out.Expiry.Equal(exp) ||
		out.Extra("api_url") != "https://api.zoom.us" || out.Extra("scope") != "user:read:admin meeting:read" {
		t.Fatalf("%s → %+v", b, out)
	}
	if _, err := UnmarshalToken([]byte("{")); err == nil {
		t.Fatal("bad JSON accepted")
	}
}
