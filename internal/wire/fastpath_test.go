package wire

import (
	"strings"
	"testing"
	"time"
)

// The hand-written parser of TimeLayout against time.Parse (impl=plain),
// in the same run. A fast path stays only if it is at least 1.5 times as
// fast.
func BenchmarkParseTime(b *testing.B) {
	const s = "2020-01-19T09:15:46Z"
	for _, impl := range []string{"lib", "plain"} {
		b.Run("impl="+impl, func(b *testing.B) {
			for range b.N {
				var ok bool
				if impl == "lib" {
					_, ok = ParseTime(s)
				} else {
					_, err := time.Parse(TimeLayout, s)
					ok = err == nil
				}
				if !ok {
					b.Fatal(s)
				}
			}
		})
	}
}

// The hand-written writer of TimeLayout against AppendFormat (impl=plain).
func BenchmarkAppendTime(b *testing.B) {
	tm := time.Date(2020, 1, 19, 9, 15, 46, 0, time.UTC)
	buf := make([]byte, 0, 32)
	for _, impl := range []string{"lib", "plain"} {
		b.Run("impl="+impl, func(b *testing.B) {
			for range b.N {
				if impl == "lib" {
					buf = AppendTime(buf[:0], tm)
				} else {
					buf = tm.UTC().AppendFormat(buf[:0], TimeLayout)
				}
			}
		})
	}
}

// Scanning a kilobyte of Base64 for what JSON must escape: eight bytes at
// a time (impl=lib), or one at a time against a table (impl=plain).
func BenchmarkPlainJSON(b *testing.B) {
	s := strings.Repeat("ZWNobyBkZXBsb3kgc3lzdGVtY3Rs", 37)
	var table [256]bool
	for c := 0x20; c < 0x80; c++ {
		table[c] = c != '"' && c != '\\'
	}
	for _, impl := range []string{"lib", "plain"} {
		b.Run("impl="+impl, func(b *testing.B) {
			b.SetBytes(int64(len(s)))
			for range b.N {
				n := 0
				if impl == "lib" {
					n = PlainJSON(s)
				} else {
					for n < len(s) && table[s[n]] {
						n++
					}
				}
				if n != len(s) {
					b.Fatal(n)
				}
			}
		})
	}
}
