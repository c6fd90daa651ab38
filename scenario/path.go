package scenario

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
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

// difference describes the first place where got, a JSON value as
// json.Decoder with UseNumber makes it, differs from want, the value at
// path: objects by their members in name order, arrays element by
// element, numbers by value. It reports false when they are equal.
func difference(path string, want, got any) (string, bool) {
	where := path
	if where == "" {
		where = "the body"
	}
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			break
		}
		for _, k := range slices.Sorted(maps.Keys(w)) {
			gv, ok := g[k]
			if !ok {
				return fmt.Sprintf("%s has no member %s, want %s", where, k, text(w[k])), true
			}
			if d, ok := difference(join(path, k), w[k], gv); ok {
				return d, true
			}
		}
		for _, k := range slices.Sorted(maps.Keys(g)) {
			if _, ok := w[k]; !ok {
				return fmt.Sprintf("%s is %s, want no such member", join(path, k), text(g[k])), true
			}
		}
		return "", false
	case []any:
		g, ok := got.([]any)
		if !ok {
			break
		}
		if len(g) != len(w) {
			return fmt.Sprintf("%s has %d elements, want %d: %s, want %s", where, len(g), len(w), text(got), text(want)), true
		}
		for i := range w {
			if d, ok := difference(path+"["+strconv.Itoa(i)+"]", w[i], g[i]); ok {
				return d, true
			}
		}
		return "", false
	case json.Number:
		if g, ok := got.(json.Number); ok && sameNumber(w, g) {
			return "", false
		}
	default:
		if want == got {
			return "", false
		}
	}
	return fmt.Sprintf("%s is %s, want %s", where, text(got), text(want)), true
}

func join(path, member string) string {
	if path == "" {
		return member
	}
	return path + "." + member
}

// sameNumber reports whether two JSON numbers have the same value,
// exactly: 9007199254740993 is not 9007199254740992.
func sameNumber(a, b json.Number) bool {
	if a == b {
		return true
	}
	x, ok1 := new(big.Rat).SetString(string(a))
	y, ok2 := new(big.Rat).SetString(string(b))
	return ok1 && ok2 && x.Cmp(y) == 0
}

// text returns a JSON value as compact JSON, for messages, cut after 200
// bytes.
func text(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return clip(string(b), 200)
}

// clip cuts s after n bytes, at a character's boundary, and marks the
// cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// sortedKeys returns the keys of m in order.
func sortedKeys(m map[string]string) []string {
	return slices.Sorted(maps.Keys(m))
}
