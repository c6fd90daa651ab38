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

// AppendJSONString appends s to b as a JSON string, in quotes, written as
// encoding/json writes a string with HTML escaping off: a quote and a
// backslash escaped with a backslash; backspace, form feed, newline,
// carriage return and tab as \b, \f, \n, \r and \t, the other bytes
// below 0x20 as \u00XX; U+2028 and U+2029, which JavaScript reads as line
// ends, as \u2028 and \u2029; each byte of invalid UTF-8 as \ufffd;
// everything else, '<', '>', '&' and DEL among it, as it is. It is the
// one writer of JSON strings: both codecs and every body of the fake use
// it, so that a string is written the same way wherever it appears. It
// copies each run of bytes that need nothing at once (PlainJSON, eight
// bytes at a time), and each run of valid multi-byte characters too.
func AppendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for {
		n := PlainJSON(s)
		b = append(b, s[:n]...)
		s = s[n:]
		if s == "" {
			return append(b, '"')
		}
		c := s[0]
		if c < utf8.RuneSelf {
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			s = s[1:]
			continue
		}
		n = 0 // a run of characters written as they are
		for n < len(s) && s[n] >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[n:])
			if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
				break
			}
			n += size
		}
		b = append(b, s[:n]...)
		s = s[n:]
		if s != "" && s[0] >= utf8.RuneSelf { // what ended the run
			r, size := utf8.DecodeRuneInString(s)
			if size == 1 {
				b = append(b, `\ufffd`...)
			} else {
				b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			}
			s = s[size:]
		}
	}
}

const hex = "0123456789abcdef"

// AppendXMLText appends s to b as XML character data, written as
// encoding/xml's EscapeText writes it: the double and the single quote,
// the ampersand and the angle brackets as &#34;, &#39;, &amp;, &lt; and
// &gt;; tab, newline and carriage return as &#x9;, &#xA; and &#xD;, which
// a parser keeps as they are (it turns a carriage return written as it is
// into a newline, and in an attribute value all three into spaces); each
// byte of invalid UTF-8 and each character XML 1.0 does not allow (the
// other bytes below 0x20, U+FFFE and U+FFFF) as U+FFFD; everything else,
// DEL among it, as it is. The text is then fit for an element's content
// and for an attribute value in either quotes. It is the one writer of
// XML text: both codecs and every body of the fake use it, so that a
// string is written the same way wherever it appears. It copies each run
// of bytes that need nothing at once (Scanner), and each run of allowed
// multi-byte characters too.
func AppendXMLText(b []byte, s string) []byte {
	sc := NewScanner(s, `<>&"'`)
	for {
		b = append(b, sc.Plain()...)
		rest := sc.Rest()
		if rest == "" {
			return b
		}
		c, n := rest[0], 1
		switch c {
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		case '&':
			b = append(b, "&amp;"...)
		case '"':
			b = append(b, "&#34;"...)
		case '\'':
			b = append(b, "&#39;"...)
		case '\t':
			b = append(b, "&#x9;"...)
		case '\n':
			b = append(b, "&#xA;"...)
		case '\r':
			b = append(b, "&#xD;"...)
		default:
			if c < utf8.RuneSelf { // a control byte
				b = append(b, "\uFFFD"...)
				break
			}
			n = 0 // a run of characters written as they are
			for n < len(rest) && rest[n] >= utf8.RuneSelf {
				r, size := utf8.DecodeRuneInString(rest[n:])
				if r == utf8.RuneError && size == 1 || !xmlChar(r) {
					break
				}
				n += size
			}
			b = append(b, rest[:n]...)
			if n < len(rest) && rest[n] >= utf8.RuneSelf { // what ended the run
				_, size := utf8.DecodeRuneInString(rest[n:])
				b = append(b, "\uFFFD"...)
				n += size
			}
		}
		sc.Skip(n)
	}
}

// xmlChar reports whether XML 1.0 allows r in a document.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || 0x20 <= r && r <= 0xD7FF ||
		0xE000 <= r && r <= 0xFFFD || 0x10000 <= r && r <= 0x10FFFF
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
