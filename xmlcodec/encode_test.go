package xmlcodec_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ecsassist/cloudassistant/internal/gen"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/xmlcodec"
)

// shellOutput returns about n bytes of what a shell script prints: lines
// of ASCII with quotes, markup characters and a tab, each ended by a
// newline.
func shellOutput(n int) string {
	var sb strings.Builder
	for i := 0; sb.Len() < n; i++ {
		fmt.Fprintf(&sb, "2025-01-02 03:04:%02d [INFO] unit \"web-%d.service\" restarted\t<pid=%d> & 'ok'\n", i%60, i%7, 1000+i)
	}
	return sb.String()
}

// withOutput returns gen.Fixed(n, m) with PlainText content and output:
// a short script and about 1 KiB of output per instance.
func withOutput(n, m int) invocation.Response {
	r := gen.Fixed(n, m)
	out := shellOutput(1 << 10)
	for i := range r.Invocations {
		inv := &r.Invocations[i]
		inv.CommandContent = "#!/bin/sh\nsystemctl restart \"web-$1\" && echo 'done' > /tmp/ok\n"
		for j := range inv.Instances {
			inv.Instances[j].Output = out
		}
	}
	return r
}

// Encoding a response: the fixed payload of the bench module's small size
// (payload=fixed), and one whose instances carry multi-line output
// (payload=output); into a new buffer (buf=new) and a reused one
// (buf=reuse).
func BenchmarkEncode(b *testing.B) {
	for _, p := range []struct {
		name string
		r    invocation.Response
	}{
		{"fixed", gen.Fixed(50, 10)},
		{"output", withOutput(10, 10)},
	} {
		var buf []byte
		for _, reuse := range []bool{false, true} {
			name := "payload=" + p.name + "/buf=new"
			if reuse {
				name = "payload=" + p.name + "/buf=reuse"
			}
			b.Run(name, func(b *testing.B) {
				b.ReportAllocs()
				for range b.N {
					if reuse {
						buf = xmlcodec.AppendResponse(buf[:0], &p.r)
					} else {
						_ = xmlcodec.AppendResponse(nil, &p.r)
					}
				}
			})
		}
	}
}
