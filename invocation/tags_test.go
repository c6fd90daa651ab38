package invocation_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/ecsassist/cloudassistant/invocation"
)

func TestTagErrors(t *testing.T) {
	long := func(n int) string { return strings.Repeat("é", n) } // characters, not bytes
	many := make([]invocation.Tag, 21)
	for i := range many {
		many[i] = invocation.Tag{Key: "k" + strings.Repeat("x", i)}
	}
	tests := []struct {
		name   string
		tags   []invocation.Tag
		want   []invocation.TagFault
		wantAt []int
		reason string
	}{
		{name: "none", tags: nil},
		{name: "limits met", tags: []invocation.Tag{{Key: long(64), Value: long(128)}, {Key: "a"}}},
		{name: "too many", tags: many, want: []invocation.TagFault{invocation.TooManyTags}, wantAt: []int{-1}},
		{name: "empty key", tags: []invocation.Tag{{Key: ""}}, want: []invocation.TagFault{invocation.EmptyTagKey}, wantAt: []int{0}},
		{name: "long key", tags: []invocation.Tag{{Key: long(65)}}, want: []invocation.TagFault{invocation.LongTagKey}, wantAt: []int{0},
			reason: "65 characters of two bytes each: counted as characters"},
		{name: "long value", tags: []invocation.Tag{{Key: "a", Value: long(129)}}, want: []invocation.TagFault{invocation.LongTagValue}, wantAt: []int{0}},
		{name: "a key twice", tags: []invocation.Tag{{Key: "a"}, {Key: "b"}, {Key: "a", Value: "x"}},
			want: []invocation.TagFault{invocation.DuplicateTagKey}, wantAt: []int{2}},
		{name: "every fault of one tag, in order", tags: []invocation.Tag{{Key: long(65)}, {Key: long(65), Value: long(129)}},
			want:   []invocation.TagFault{invocation.LongTagKey, invocation.LongTagKey, invocation.LongTagValue, invocation.DuplicateTagKey},
			wantAt: []int{0, 1, 1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []invocation.TagFault
			var at []int
			for _, e := range invocation.TagErrors(tt.tags) {
				got, at = append(got, e.Fault), append(at, e.Index)
				if e.Error() == "" || !strings.HasPrefix(e.Error(), "invocation: ") {
					t.Errorf("Error() = %q", e.Error())
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("faults (-want +got):\n%s%s", diff, tt.reason)
			}
			if diff := cmp.Diff(tt.wantAt, at); diff != "" {
				t.Errorf("indexes (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTagErrorText(t *testing.T) {
	tests := []struct {
		err  invocation.TagError
		want string
	}{
		{invocation.TagError{Fault: invocation.TooManyTags, Index: -1, Count: 21}, "invocation: 21 tags, more than 20"},
		{invocation.TagError{Fault: invocation.EmptyTagKey, Index: 2}, "invocation: tag 2: empty key"},
		{invocation.TagError{Fault: invocation.LongTagKey, Index: 0, Tag: invocation.Tag{Key: strings.Repeat("k", 65)}}, "invocation: tag 0: key of 65 characters, more than 64"},
		{invocation.TagError{Fault: invocation.LongTagValue, Index: 1, Tag: invocation.Tag{Value: strings.Repeat("v", 129)}}, "invocation: tag 1: value of 129 characters, more than 128"},
		{invocation.TagError{Fault: invocation.DuplicateTagKey, Index: 3, First: 1, Tag: invocation.Tag{Key: "env"}}, `invocation: tag 3: key "env" is also tag 1`},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

// TagErrors agrees with a direct reading of the rules: no fault exactly
// when there are at most 20 tags, every key has 1 to 64 characters and is
// unique, and every value has at most 128.
func TestTagErrorsAgreesWithTheRules(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		keys := rapid.SampledFrom([]string{"", "a", "b", strings.Repeat("k", 64), strings.Repeat("k", 65)})
		values := rapid.SampledFrom([]string{"", "v", strings.Repeat("v", 128), strings.Repeat("v", 129)})
		tags := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) invocation.Tag {
			return invocation.Tag{Key: keys.Draw(t, "key"), Value: values.Draw(t, "value")}
		}), 0, 22).Draw(t, "tags")
		ok := len(tags) <= invocation.MaxTags
		seen := map[string]bool{}
		for _, tag := range tags {
			ok = ok && tag.Key != "" && len(tag.Key) <= 64 && len(tag.Value) <= 128 && !seen[tag.Key]
			seen[tag.Key] = true
		}
		if got := invocation.TagErrors(tags) == nil; got != ok {
			t.Fatalf("TagErrors(%q) == nil is %v, the rules say %v", tags, got, ok)
		}
	})
}
