package model

import (
	"errors"

	"zoomconn/oauth"
)

// Problem is an error model finds itself, already in the admin's words: a
// connection whose setup cannot work, a state that forbids the step. Zoom's
// own answers stay *oauth.Error facts until Explain words them.
type Problem struct {
	// Kind is a stable name for scripts, as Explanation.Kind: one of
	// oauth's kinds when the problem is one of those, else "other".
	Kind    oauth.Kind
	Message string
	Next    string
	Err     error // the cause, if any
}

func (p *Problem) Error() string {
	if p.Next == "" {
		return p.Message
	}
	return p.Message + " " + p.Next
}

func (p *Problem) Unwrap() error { return p.Err }

// setupError is a problem with a connection's or an iClient's own setup.
func setupError(msg, next string) *Problem {
	return &Problem{Kind: oauth.Other, Message: msg, Next: next}
}

func jwtRetired() *Problem {
	msg, next := jwtRetiredWords()
	return &Problem{Kind: oauth.JWTRetired, Message: msg, Next: next}
}

// kindOf is the kind of failure err is, whoever found it: Zoom's answer
// (oauth), or model itself (Problem); "" for any other error.
func kindOf(err error) oauth.Kind {
	var p *Problem
	var oe *oauth.Error
	switch {
	case errors.As(err, &p):
		return p.Kind
	case errors.As(err, &oe):
		return oe.Kind
	}
	return ""
}

// zoomError is err as Zoom's answer, or nil.
func zoomError(err error) *oauth.Error {
	var oe *oauth.Error
	if errors.As(err, &oe) {
		return oe
	}
	return nil
}
