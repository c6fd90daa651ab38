package invocation

import (
	"fmt"
	"unicode/utf8"
)

// The limits of tags, as the vendor's references of every Cloud Assistant
// operation that takes Tag.N state them: at most MaxTags tags, each key
// from 1 to MaxTagKeyLen characters and unique, each value at most
// MaxTagValueLen characters.
const (
	MaxTags        = 20
	MaxTagKeyLen   = 64
	MaxTagValueLen = 128
)

// TagFault is how a list of tags breaks the tag rules.
type TagFault string

// The ways a list of tags can break the rules.
const (
	TooManyTags     TagFault = "too-many"      // more than MaxTags tags
	EmptyTagKey     TagFault = "empty-key"     // a key of no characters
	LongTagKey      TagFault = "long-key"      // a key over MaxTagKeyLen characters
	LongTagValue    TagFault = "long-value"    // a value over MaxTagValueLen characters
	DuplicateTagKey TagFault = "duplicate-key" // a key that an earlier tag has
)

// TagError is one place where a list of tags breaks the rules: Fault at
// the tag of index Index (0-based; -1 for TooManyTags, which is the
// list's), with First, for DuplicateTagKey, the index of the earlier tag
// with the same key.
type TagError struct {
	Fault TagFault
	Index int
	First int
	Tag   Tag // the tag at Index; zero for TooManyTags
	Count int // the number of tags, for TooManyTags
}

// Error describes e in words, as in `tag 3: key "env" is also tag 1`.
func (e *TagError) Error() string {
	switch e.Fault {
	case TooManyTags:
		return fmt.Sprintf("invocation: %d tags, more than %d", e.Count, MaxTags)
	case EmptyTagKey:
		return fmt.Sprintf("invocation: tag %d: empty key", e.Index)
	case LongTagKey:
		return fmt.Sprintf("invocation: tag %d: key of %d characters, more than %d", e.Index, utf8.RuneCountInString(e.Tag.Key), MaxTagKeyLen)
	case LongTagValue:
		return fmt.Sprintf("invocation: tag %d: value of %d characters, more than %d", e.Index, utf8.RuneCountInString(e.Tag.Value), MaxTagValueLen)
	default:
		return fmt.Sprintf("invocation: tag %d: key %q is also tag %d", e.Index, e.Tag.Key, e.First)
	}
}

// TagErrors returns every place where tags break the tag rules, in order:
// the count first, then each tag's key, value, and whether an earlier tag has its key; nil when none does.
// Characters are counted as Unicode code points, as the vendor counts
// them.
func TagErrors(tags []Tag) []*TagError {
	var errs []*TagError
	if len(tags) > MaxTags {
		errs = append(errs, &TagError{Fault: TooManyTags, Index: -1, Count: len(tags)})
	}
	var seen map[string]int
	for i, t := range tags {
		switch n := utf8.RuneCountInString(t.Key); {
		case n == 0:
			errs = append(errs, &TagError{Fault: EmptyTagKey, Index: i, Tag: t})
		case n > MaxTagKeyLen:
			errs = append(errs, &TagError{Fault: LongTagKey, Index: i, Tag: t})
		}
		if utf8.RuneCountInString(t.Value) > MaxTagValueLen {
			errs = append(errs, &TagError{Fault: LongTagValue, Index: i, Tag: t})
		}
		if first, dup := seen[t.Key]; dup {
			errs = append(errs, &TagError{Fault: DuplicateTagKey, Index: i, First: first, Tag: t})
		} else {
			if seen == nil {
				seen = make(map[string]int, len(tags))
			}
			seen[t.Key] = i
		}
	}
	return errs
}
