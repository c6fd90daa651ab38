package scenario

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// segment is one step of a path: a member's name, or an index when name
// is empty and index is not negative.
type segment struct {
	name  string
	index int
}

// parsePath splits a check's path, such as "A.B[0].C", into segments.
func parsePath(path string) ([]segment, error) {
	if path == "" {
		return nil, nil
	}
	var segs []segment
	for _, part := range strings.Split(path, ".") {
		name, rest, _ := strings.Cut(part, "[")
		if name == "" && rest == "" {
			return nil, fmt.Errorf("path %q has an empty member name", path)
		}
		if strings.Contains(name, "]") {
			return nil, fmt.Errorf("path %q: member name %q holds a ]", path, name)
		}
		if name != "" {
			segs = append(segs, segment{name: name, index: -1})
		}
		for rest != "" {
			num, after, ok := strings.Cut(rest, "]")
			n, err := strconv.Atoi(num)
			if !ok || err != nil || n < 0 || num != strconv.Itoa(n) {
				return nil, fmt.Errorf("path %q: [%s is not an index", path, rest)
			}
			segs = append(segs, segment{index: n})
			if after == "" {
				break
			}
			if after[0] != '[' {
				return nil, fmt.Errorf("path %q: %q follows an index", path, after)
			}
			rest = after[1:]
		}
	}
	return segs, nil
}

// Lookup returns the value at path (see Check) in doc, a JSON value as
// json.Decoder with UseNumber makes it, and whether there is one.
func Lookup(doc any, path string) (any, bool) {
	segs, err := parsePath(path)
	if err != nil {
		return nil, false
	}
	v := doc
	for _, s := range segs {
		switch x := v.(type) {
		case map[string]any:
			if s.name == "" {
				return nil, false
			}
			var ok bool
			if v, ok = x[s.name]; !ok {
				return nil, false
			}
		case []any:
			if s.name != "" || s.index >= len(x) {
				return nil, false
			}
			v = x[s.index]
		default:
			return nil, false
		}
	}
	return v, true
}

// equal reports whether two JSON values, as json.Decoder with UseNumber
// makes them, are equal: objects by their members, numbers by value.
func equal(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok || !equal(xv, yv) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			return false
		}
		if x == y {
			return true
		}
		xf, err1 := x.Float64()
		yf, err2 := y.Float64()
		return err1 == nil && err2 == nil && xf == yf
	default:
		return a == b
	}
}

// text returns a JSON value as compact JSON, for messages.
func text(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > 200 {
		return string(b[:200]) + "…"
	}
	return string(b)
}

// sortedKeys returns the keys of m in order.
func sortedKeys(m map[string]string) []string {
	return slices.Sorted(maps.Keys(m))
}
