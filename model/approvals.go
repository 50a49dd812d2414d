package model

import (
	"sync"
	"time"

	"zoomconn/oauth"
)

// approvals are the admin's approvals whose code exchange failed only
// because Zoom refused the iClient (a wrong Client secret): one per
// connection, tied to the iClient it was given for. They live in this
// process's memory only, never on disk, and each goes when it is taken
// (whatever the outcome), replaced, or its code's lifetime is over
// (oauth.ApprovalLifetime), whichever comes first.
type approvals struct {
	mu sync.Mutex
	m  map[string]keptApproval // by connection ID
}

type keptApproval struct {
	iclientID string
	a         *oauth.Approval
}

// keep holds a for the connection connID and its iClient iclientID.
func (p *approvals) keep(connID, iclientID string, a *oauth.Approval) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.m == nil {
		p.m = map[string]keptApproval{}
	}
	if old, ok := p.m[connID]; ok {
		old.a.Forget()
	}
	p.m[connID] = keptApproval{iclientID, a}
	time.AfterFunc(time.Until(a.Expires()), func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		if k, ok := p.m[connID]; ok && k.a == a {
			delete(p.m, connID)
		}
		a.Forget()
	})
}

// take hands over the approval kept for connID, if it was given for
// iclientID, and forgets it here in any case.
func (p *approvals) take(connID, iclientID string) *oauth.Approval {
	p.mu.Lock()
	defer p.mu.Unlock()
	k, ok := p.m[connID]
	if !ok {
		return nil
	}
	delete(p.m, connID)
	if k.iclientID != iclientID {
		k.a.Forget()
		return nil
	}
	return k.a
}

// drop forgets the approval kept for connID, if any.
func (p *approvals) drop(connID string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if k, ok := p.m[connID]; ok {
		delete(p.m, connID)
		k.a.Forget()
	}
}
