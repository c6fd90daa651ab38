package wire

import (
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
