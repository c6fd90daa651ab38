package fakehttp

import (
	"net/url"
	"testing"
)

// Every value of a parameter is covered by the canonical query, names
// and values percent-encoded as the SDKs encode values.
func TestCanonicalQuery(t *testing.T) {
	tests := []struct {
		name  string
		query url.Values
		want  string
	}{
		{"empty", url.Values{}, ""},
		{"sorted by name", url.Values{"b": {"1"}, "a": {"2"}}, "a=2&b=1"},
		{"every value, sorted", url.Values{"RegionId": {"cn-hangzhou", "cn-beijing"}}, "RegionId=cn-beijing&RegionId=cn-hangzhou"},
		{"encoded", url.Values{"a b": {"x*~ +"}, "c": {""}}, "a%20b=x%2A~%20%2B&c="},
	}
	for _, tt := range tests {
		if got := canonicalQuery(tt.query); got != tt.want {
			t.Errorf("%s: canonicalQuery(%v) = %q, want %q", tt.name, tt.query, got, tt.want)
		}
	}
}
