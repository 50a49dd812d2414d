package oauth

// Opener shows a URL to the admin, normally in the system browser
// (zoomconn/internal/browser).
type Opener interface {
	Open(url string) error
}

// OpenerFunc adapts a function to Opener.
type OpenerFunc func(url string) error

// Open calls f(url).
func (f OpenerFunc) Open(url string) error { return f(url) }
