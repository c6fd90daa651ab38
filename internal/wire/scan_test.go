package wire

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// Printable and the Scanner against the byte loops they stand for.
var scanners = []struct {
	name  string
	chars string
}{{"Printable", ""}, {"JSON", `"\`}, {"XML", `<>&"'`}, {"six", "<>&\"'\\"}}

func special(c byte, chars string) bool {
	return c < 0x20 || c >= 0x80 || strings.IndexByte(chars, c) >= 0
}

// segments splits s as a scanner of chars does: runs of plain bytes, each
// followed by the special byte skipped, or by steps bytes when steps says
// (a caller skipping a multi-byte character).
func segments(s, chars string, scan bool, steps func(int) int) []string {
	var out []string
	if scan {
		sc := NewScanner(s, chars)
		for {
			plain := sc.Plain()
			out = append(out, plain)
			rest := sc.Rest()
			if rest == "" {
				return out
			}
			n := min(steps(len(out)), len(rest))
			out = append(out, rest[:n])
			sc.Skip(n)
		}
	}
	for pos := 0; ; {
		end := pos
		for end < len(s) && !special(s[end], chars) {
			end++
		}
		out = append(out, s[pos:end])
		if end == len(s) {
			return out
		}
		n := min(steps(len(out)), len(s)-end)
		out = append(out, s[end:end+n])
		pos = end + n
	}
}

// Every byte value at every position of strings up to 48 bytes long,
// which covers each lane of a 32-byte step, an 8-byte step and the tail, and a
// second special byte after it (a borrow must not hide the first).
func TestScannersEveryByteEveryPosition(t *testing.T) {
	one := func(int) int { return 1 }
	for _, sc := range scanners {
		for n := 0; n <= 48; n++ {
			base := []byte(strings.Repeat("aZ09+/=~", 11)[:n])
			for pos := range n {
				for c := range 256 {
					s := append([]byte(nil), base...)
					s[pos] = byte(c)
					if pos+1 < n {
						s[pos+1] = 0x1f
					}
					got, want := segments(string(s), sc.chars, true, one), segments(string(s), sc.chars, false, one)
					if !slices.Equal(got, want) {
						t.Fatalf("%s %q: %q, want %q", sc.name, s, got, want)
					}
					if sc.name == "JSON" {
						if got, want := PlainJSON(string(s)), naive(string(s), sc.chars); got != want {
							t.Fatalf("PlainJSON(%q) = %d, want %d", s, got, want)
						}
					}
				}
			}
		}
	}
}

func TestScannersProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := string(rapid.SliceOf(rapid.SampledFrom([]byte("ab<>&\"'\\\n\x00\x7f\x80\xff"))).Draw(t, "s"))
		steps := rapid.SliceOfN(rapid.IntRange(1, 4), 64, 64).Draw(t, "steps")
		step := func(i int) int { return steps[i%len(steps)] }
		for _, sc := range scanners {
			got, want := segments(s, sc.chars, true, step), segments(s, sc.chars, false, step)
			if !slices.Equal(got, want) {
				t.Fatalf("%s %q: %q, want %q", sc.name, s, got, want)
			}
		}
		for i := range len(s) {
			if got := Printable(s[i:]); got != naive(s[i:], "") {
				t.Fatalf("Printable(%q) = %d", s[i:], got)
			}
			if got := PlainJSON(s[i:]); got != naive(s[i:], `"\\`) {
				t.Fatalf("PlainJSON(%q) = %d", s[i:], got)
			}
		}
	})
}

func naive(s, chars string) int {
	for i := 0; i < len(s); i++ {
		if special(s[i], chars) {
			return i
		}
	}
	return len(s)
}

// AppendTime writes what AppendFormat writes, in every zone and for years
// outside four digits too.
func TestAppendTime(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sec := rapid.Int64Range(-70000*365*86400, 70000*365*86400).Draw(t, "sec")
		zone := time.FixedZone("z", rapid.IntRange(-14*3600, 14*3600).Draw(t, "offset"))
		tm := time.Unix(sec, int64(rapid.IntRange(0, 999999999).Draw(t, "nsec"))).In(zone)
		if got, want := string(AppendTime(nil, tm)), tm.UTC().Format(TimeLayout); got != want {
			t.Fatalf("AppendTime(%v) = %s, want %s", tm, got, want)
		}
	})
	for _, tm := range []time.Time{{}, time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)} {
		if got, want := string(AppendTime(nil, tm)), tm.UTC().Format(TimeLayout); got != want {
			t.Errorf("AppendTime(%v) = %s, want %s", tm, got, want)
		}
	}
}

func TestScanAllocs(t *testing.T) {
	s := strings.Repeat("QUJD", 300)
	b := make([]byte, 0, 64)
	tm := time.Date(2024, 11, 20, 8, 0, 0, 0, time.UTC)
	if n := testing.AllocsPerRun(100, func() {
		sc := NewScanner(s, `<>&"'`)
		_ = Printable(s) + PlainJSON(s) + len(sc.Plain())
		b = AppendTime(b[:0], tm)
	}); n != 0 {
		t.Errorf("%v allocations, want 0", n)
	}
}

// ParseTime accepts what time.Parse accepts in TimeLayout, and gives the
// same instant; fields out of range, such as February 29 of a common
// year, are refused by both.
func TestParseTimeAsTimeParse(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", rapid.IntRange(0, 9999).Draw(t, "year"),
			rapid.IntRange(0, 13).Draw(t, "month"), rapid.IntRange(0, 32).Draw(t, "day"), rapid.IntRange(0, 24).Draw(t, "hour"),
			rapid.IntRange(0, 60).Draw(t, "minute"), rapid.IntRange(0, 60).Draw(t, "second"))
		want, err := time.Parse(TimeLayout, s)
		got, ok := ParseTime(s)
		if ok != (err == nil) || ok && got != want {
			t.Fatalf("ParseTime(%s) = %v, %v; time.Parse: %v, %v", s, got, ok, want, err)
		}
	})
	for y := 0; y <= 2400; y++ { // every leap day and month end of four centuries and more
		for m := 1; m <= 12; m++ {
			for _, d := range []int{1, 28, 29, 30, 31} {
				s := fmt.Sprintf("%04d-%02d-%02dT23:59:59Z", y, m, d)
				want, err := time.Parse(TimeLayout, s)
				if got, ok := ParseTime(s); ok != (err == nil) || ok && got != want {
					t.Fatalf("ParseTime(%s) = %v, %v; time.Parse: %v, %v", s, got, ok, want, err)
				}
			}
		}
	}
}
