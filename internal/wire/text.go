package wire

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// EqualFoldASCII reports whether a and b are equal ignoring ASCII case.
func EqualFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// ParseInt parses a decimal integer: an optional minus sign and digits,
// nothing else.
func ParseInt(s string) (int, bool) {
	if s == "" || s == "-" || s[0] == '+' {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// TimeLayout is the layout of times on the wire: UTC, second precision.
const TimeLayout = "2006-01-02T15:04:05Z"

// ParseTime parses text in TimeLayout. It reads the fixed layout itself,
// which is several times faster than time.Parse, and checks the date as
// time.Parse does.
func ParseTime(s string) (time.Time, bool) {
	if len(s) != len(TimeLayout) || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z' {
		return time.Time{}, false
	}
	num := func(i, n int) int {
		v := 0
		for _, c := range []byte(s[i : i+n]) {
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	year, month, day := num(0, 4), num(5, 2), num(8, 2)
	hour, minute, sec := num(11, 2), num(14, 2), num(17, 2)
	if year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || sec < 0 || sec > 59 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.UTC)
	if t.Day() != day { // February 30 and the like
		return time.Time{}, false
	}
	return t, true
}

// ParseTimeLenient parses text as RFC 3339 with any offset and fraction,
// returning it in UTC truncated to the second.
func ParseTimeLenient(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC().Truncate(time.Second), true
}

// IsSpace reports whether c is XML white space, which is also JSON's.
func IsSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// TrimSpace removes surrounding white space (IsSpace).
func TrimSpace(s string) string {
	for len(s) > 0 && IsSpace(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && IsSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

// maxQuote is how much of the input a message quotes at most.
const maxQuote = 64

// Clip returns s cut to at most maxQuote bytes, at a character boundary,
// with "…" after a cut: the most of an input that a message shows, so
// that a message costs little whatever the input.
func Clip(s string) string {
	if len(s) <= maxQuote {
		return s
	}
	n := maxQuote
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// Quote returns Clip(s) quoted as Go does, for messages.
func Quote(s string) string { return strconv.Quote(Clip(s)) }

// At reports whether s holds open, name and close from *i, and moves *i
// past them if so: how a parser matches the name it expects next (a tag,
// a key) in place, without scanning it.
func At(s string, i *int, open, name string, close byte) bool {
	start, end := *i, *i+len(open)+len(name)
	if end >= len(s) || s[end] != close || s[start+len(open):end] != name {
		return false
	}
	for j := range len(open) { // one or two bytes: compared in place
		if s[start+j] != open[j] {
			return false
		}
	}
	*i = end + 1
	return true
}
