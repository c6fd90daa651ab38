package xmlcodec

import (
	"testing"
	"unsafe"

	"github.com/ecsassist/cloudassistant/internal/gen"
	"github.com/ecsassist/cloudassistant/internal/wire"
)

// The fast paths of this package, each against the code it stands in for
// (impl=plain), in the same run. A fast path stays only if it is at least
// 1.5 times as fast.

// The start and the end tag the schema expects next: atStart and atEnd
// match them in place, where the plain code scans a token and compares
// its name.
func BenchmarkAtTag(b *testing.B) {
	const name = "InstanceInvokeStatus"
	for _, tt := range []struct {
		kind, in string
		at       func(p *parser) bool
	}{
		{"start", "<" + name + ">", func(p *parser) bool { return p.atStart(name) }},
		{"end", "</" + name + ">", func(p *parser) bool { return p.atEnd(name) }},
	} {
		for _, impl := range []string{"lib", "plain"} {
			b.Run(tt.kind+"/impl="+impl, func(b *testing.B) {
				p := wire.NewParser[parser](wire.Config{}, tt.in, syntax)
				for range b.N {
					p.i = 0
					if impl == "lib" && tt.at(p) {
						continue
					}
					if t, err := p.next(); err != nil || t.name != name {
						b.Fatal(t, err)
					}
				}
			})
		}
	}
}

// Encoding into a new buffer: grown once by an estimate, or by append.
func BenchmarkGrow(b *testing.B) {
	r := gen.Fixed(50, 10)
	for _, impl := range []string{"lib", "plain"} {
		b.Run("impl="+impl, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				if impl == "lib" {
					_ = AppendResponse(nil, &r)
				} else {
					_ = encoder.Walk(nil, wire.Response, unsafe.Pointer(&r))
				}
			}
		})
	}
}
