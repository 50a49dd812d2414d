package oauth

import (
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// JWTToken signs the retired Zoom JWT: HS256 {"iss": apiKey, "exp": now+ttl}
// with apiSecret. It is kept to check and migrate old connections.
func JWTToken(apiKey, apiSecret string, ttl time.Duration) (string, error) {
	if apiKey == "" || apiSecret == "" {
		return "", errors.New("jwt: API Key and API Secret are both needed")
	}
	if ttl <= 0 {
		ttl = time.Minute
	}
	claims := jwt.MapClaims{
		"iss": apiKey,
		"exp": time.Now().Add(ttl).Unix(),
	}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(apiSecret))
	if err != nil {
		return "", fmt.Errorf("jwt: sign: %w", err)
	}
	return s, nil
}
