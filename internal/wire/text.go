package wire

import (
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/ecsassist/cloudassistant/invocation"
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

// TimeLayout is the layout of times on the wire: UTC, second precision,
// as [invocation.TimeLayout] states it.
const TimeLayout = invocation.TimeLayout

// ParseTime parses text in TimeLayout. It reads the fixed layout itself
// and computes the instant from the date by arithmetic, several times as
// fast as time.Parse (BenchmarkParseTime), and refuses what time.Parse
// refuses: a day the month does not have, February 29 of a common year.
func ParseTime(s string) (time.Time, bool) {
	if len(s) != len(TimeLayout) || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z' {
		return time.Time{}, false
	}
	two := func(i int) int { // two digits, or -1
		a, b := s[i]-'0', s[i+1]-'0'
		if a > 9 || b > 9 {
			return -1
		}
		return int(a)*10 + int(b)
	}
	century, year, month, day := two(0), two(2), two(5), two(8)
	hour, minute, sec := two(11), two(14), two(17)
	if century < 0 || year < 0 {
		return time.Time{}, false
	}
	year += 100 * century
	if month < 1 || month > 12 || day < 1 || day > daysIn(year, month) ||
		hour < 0 || hour > 23 || minute < 0 || minute > 59 || sec < 0 || sec > 59 {
		return time.Time{}, false
	}
	unix := daysFromCivil(year, month, day)*86400 + int64(hour*3600+minute*60+sec)
	return time.Unix(unix, 0).UTC(), true
}

// daysIn returns the number of days of the month of year.
func daysIn(year, month int) int {
	if month == 2 {
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	}
	return 30 + (month+month/8)%2
}

// daysFromCivil returns the number of days from 1970-01-01 to the date
// in the proleptic Gregorian calendar (Howard Hinnant's algorithm), for
// years from 0.
func daysFromCivil(year, month, day int) int64 {
	if month <= 2 {
		year--
	}
	era := (year+400)/400 - 1 // floor division for year -1
	yoe := year - era*400
	mp := (month + 9) % 12
	doy := (153*mp+2)/5 + day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// AppendTime appends t in TimeLayout, in UTC. It writes the fixed layout
// itself for years 0 to 9999, several times as fast as AppendFormat, which
// writes the others.
func AppendTime(b []byte, t time.Time) []byte {
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.AppendFormat(b, TimeLayout)
	}
	hour, minute, sec := t.Clock()
	return append(b, byte('0'+year/1000), byte('0'+year/100%10), byte('0'+year/10%10), byte('0'+year%10), '-',
		byte('0'+month/10), byte('0'+month%10), '-', byte('0'+day/10), byte('0'+day%10), 'T',
		byte('0'+hour/10), byte('0'+hour%10), ':', byte('0'+minute/10), byte('0'+minute%10), ':',
		byte('0'+sec/10), byte('0'+sec%10), 'Z')
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
