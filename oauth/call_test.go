package oauth

import (
	"errors"
	"testing"
)

func TestOnAPIBaseKeepsTheTokenOnTheAPI(t *testing.T) {
	bases := []string{"https://api-us.zoom.us/v2", "https://api.zoom.us/v2"}
	for _, tc := range []struct {
		target, want string
	}{
		{"/users/me", "https://api-us.zoom.us/v2/users/me"},
		{"users/me", "https://api-us.zoom.us/v2/users/me"},
		{"/v2/users?status=active", "https://api-us.zoom.us/v2/users?status=active"},
		{"/meetings/85746065432/registrants", "https://api-us.zoom.us/v2/meetings/85746065432/registrants"},
		{"https://api.zoom.us/v2/users/me", "https://api.zoom.us/v2/users/me"},
		{"HTTPS://API.ZOOM.US:443/v2/users", "https://API.ZOOM.US:443/v2/users"},
		{"https://api.zoom.us/v2/../oauth/token", ""},
		{"https://api.zoom.us/v2", ""},
		{"https://api.zoom.us.evil.example/v2/users", ""},
		{"http://api.zoom.us/v2/users", ""},
		{"https://user@api.zoom.us/v2/users", ""},
		{"https://zoom.us/oauth/token", ""},
		{"//evil.example/v2/users", "https://api-us.zoom.us/v2/evil.example/v2/users"},
	} {
		u, err := OnAPIBase(bases, tc.target)
		var off *OffBaseError
		switch {
		case tc.want == "" && !errors.As(err, &off):
			t.Errorf("%q: %v, %v; want it refused", tc.target, u, err)
		case tc.want != "" && (err != nil || u.String() != tc.want):
			t.Errorf("%q: %v, %v; want %s", tc.target, u, err, tc.want)
		}
	}
}

func TestMergePages(t *testing.T) {
	pages := [][]byte{
		[]byte(`{"page_size":2,"total_records":5,"next_page_token":"a","users":[{"id":1},{"id":2}],"tags":["x"]}`),
		[]byte(`{"page_size":2,"total_records":5,"next_page_token":"b","users":[{"id":3},{"id":4}],"tags":[]}`),
		[]byte(`{"page_size":2,"total_records":5,"next_page_token":"","users":[{"id":5}],"tags":["y"]}`),
	}
	got, err := MergePages(pages)
	want := `{"page_size":2,"total_records":5,"next_page_token":"","users":[{"id":1},{"id":2},{"id":3},{"id":4},{"id":5}],"tags":["x","y"]}`
	if err != nil || string(got) != want {
		t.Errorf("MergePages:\n%s (%v)\nwant\n%s", got, err, want)
	}
	if NextPageToken(pages[0]) != "a" || NextPageToken(pages[2]) != "" || NextPageToken([]byte(`[1]`)) != "" {
		t.Error("NextPageToken")
	}
	if _, err := MergePages([][]byte{pages[0], []byte(`[1,2]`)}); !errors.Is(err, ErrNotObject) {
		t.Errorf("a page that is not an object: %v", err)
	}
	if _, err := MergePages([][]byte{[]byte(`{"a":1} {"b":2}`)}); !errors.Is(err, ErrNotObject) {
		t.Errorf("two documents in a page: %v", err)
	}
}
