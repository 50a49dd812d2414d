package oauth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"time"
)

// jwtHeader is the retired JWT app type's only header: HS256.
const jwtHeader = `{"alg":"HS256","typ":"JWT"}`

// JWTToken signs the retired Zoom JWT: HS256 {"iss": apiKey, "exp": now+ttl}
// with apiSecret. It is kept to check and migrate old connections. It is
// written out here (RFC 7519, section 3) rather than taken from a JWT
// library, which every start of the program would pay for.
func JWTToken(apiKey, apiSecret string, ttl time.Duration) (string, error) {
	if apiKey == "" || apiSecret == "" {
		return "", errors.New("jwt: API Key and API Secret are both needed")
	}
	if ttl <= 0 {
		ttl = time.Minute
	}
	claims, err := json.Marshal(struct {
		Iss string `json:"iss"`
		Exp int64  `json:"exp"`
	}{apiKey, time.Now().Add(ttl).Unix()})
	if err != nil {
		return "", err
	}
	enc := base64.RawURLEncoding
	signed := enc.EncodeToString([]byte(jwtHeader)) + "." + enc.EncodeToString(claims)
	mac := hmac.New(sha256.New, []byte(apiSecret))
	mac.Write([]byte(signed))
	return signed + "." + enc.EncodeToString(mac.Sum(nil)), nil
}
