package oauth

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// S2SEarlyExpiry is how long before expiry a Server-to-Server token is
// replaced, so a request never leaves with a token about to die.
const S2SEarlyExpiry = time.Minute

// NewS2STokenSource returns Server-to-Server OAuth tokens for accountID
// (grant_type=account_credentials, client credentials in the Basic header),
// cached until S2SEarlyExpiry before they expire. Errors are *Error.
func NewS2STokenSource(client Client, accountID string, hc *http.Client) oauth2.TokenSource {
	// s2sConfig's TokenSource would add a cache with its own (10 s) margin
	// under ours; fetch directly instead.
	src := s2sSource{cfg: s2sConfig(client, accountID), ctx: withHTTPClient(context.Background(), hc), iclient: client.Name}
	return oauth2.ReuseTokenSourceWithExpiry(nil, src, S2SEarlyExpiry)
}

func s2sConfig(client Client, accountID string) *clientcredentials.Config {
	return &clientcredentials.Config{
		ClientID:     client.ID,
		ClientSecret: client.Secret,
		TokenURL:     client.Env.TokenURL,
		AuthStyle:    oauth2.AuthStyleInHeader,
		// clientcredentials lets EndpointParams replace grant_type (and only
		// it): the body carries grant_type=account_credentials once.
		EndpointParams: url.Values{
			"grant_type": {"account_credentials"},
			"account_id": {accountID},
		},
	}
}

// fetchS2S asks Zoom for a new Server-to-Server token, bounded by ctx.
func fetchS2S(ctx context.Context, client Client, accountID string, hc *http.Client) (*oauth2.Token, error) {
	t, err := s2sConfig(client, accountID).Token(withHTTPClient(ctx, hc))
	if err != nil {
		return nil, translate(err, "", opS2S).WithIClient(client.Name)
	}
	return t, nil
}

type s2sSource struct {
	cfg     *clientcredentials.Config
	ctx     context.Context
	iclient string
}

func (s s2sSource) Token() (*oauth2.Token, error) {
	t, err := s.cfg.Token(s.ctx)
	if err != nil {
		return nil, translate(err, "", opS2S).WithIClient(s.iclient)
	}
	return t, nil
}
