package wire

import (
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// The word-at-a-time scanners against the byte loops they stand for.
var scanners = []struct {
	name    string
	scan    func(string) int
	special func(byte) bool
}{
	{"Printable", Printable, func(c byte) bool { return c < 0x20 || c >= 0x80 }},
	{"PlainJSON", PlainJSON, func(c byte) bool { return c < 0x20 || c >= 0x80 || c == '"' || c == '\\' }},
	{"PlainXML", PlainXML, func(c byte) bool {
		return c < 0x20 || c >= 0x80 || c == '<' || c == '>' || c == '&' || c == '"' || c == '\''
	}},
}

func naive(s string, special func(byte) bool) int {
	for i := 0; i < len(s); i++ {
		if special(s[i]) {
			return i
		}
	}
	return len(s)
}

// Every byte value at every position of strings up to 80 bytes long,
// which covers each lane of the 32- and 8-byte steps and the tail, and a
// second special byte after it (a borrow must not hide the first).
func TestScannersEveryByteEveryPosition(t *testing.T) {
	for _, sc := range scanners {
		for n := 0; n <= 80; n++ {
			base := []byte(strings.Repeat("aZ09+/=~", 11)[:n])
			if got := sc.scan(string(base)); got != n {
				t.Fatalf("%s(%q) = %d, want %d", sc.name, base, got, n)
			}
			for pos := range n {
				for c := range 256 {
					s := append([]byte(nil), base...)
					s[pos] = byte(c)
					if pos+1 < n {
						s[pos+1] = 0x1f
					}
					if got, want := sc.scan(string(s)), naive(string(s), sc.special); got != want {
						t.Fatalf("%s(%q) = %d, want %d", sc.name, s, got, want)
					}
				}
			}
		}
	}
}

func TestScannersProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := string(rapid.SliceOf(rapid.Byte()).Draw(t, "s"))
		for _, sc := range scanners {
			if got, want := sc.scan(s), naive(s, sc.special); got != want {
				t.Fatalf("%s(%q) = %d, want %d", sc.name, s, got, want)
			}
		}
	})
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
		_ = Printable(s) + PlainJSON(s) + PlainXML(s)
		b = AppendTime(b[:0], tm)
	}); n != 0 {
		t.Errorf("%v allocations, want 0", n)
	}
}
