package xmlcodec_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ecsassist/cloudassistant/internal/gen"
	"github.com/ecsassist/cloudassistant/internal/wire"
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

// escapable generates valid UTF-8 of characters XML 1.0 allows, in
// which what the writer escapes is common: quotes, markup, tab, newline
// and carriage return, and any other allowed character.
func escapable() *rapid.Generator[string] {
	char := rapid.OneOf(
		rapid.SampledFrom([]rune{'"', '\'', '<', '>', '&', '\t', '\n', '\r', ']', '\u2028', '\x7f', '\uFFFD', 'é', '😀'}),
		rapid.Rune().Filter(func(r rune) bool {
			return r == 0x09 || r == 0x0A || r == 0x0D || 0x20 <= r && r <= 0xD7FF || 0xE000 <= r && r <= 0xFFFD || r >= 0x10000
		}),
	)
	return rapid.Custom(func(t *rapid.T) string { return string(rapid.SliceOfN(char, 0, 16).Draw(t, "runes")) })
}

// The decoder reads back exactly what the writer wrote, in every string
// of the schema (CommandContent, Output) and in a member kept as unknown,
// and the body holds the string as the writer writes it.
func TestWriterReadBack(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := escapable().Draw(t, "s")
		r := invocation.Response{RequestID: "r", Invocations: []invocation.Invocation{{
			CommandContent: s,
			Instances:      []invocation.InvokeInstance{{InstanceID: "i-1", Output: s}},
			Unknown:        []invocation.Member{{Name: "Future", Kind: invocation.String, Text: s}},
		}}}
		data := xmlcodec.AppendResponse(nil, &r)
		require.True(t, bytes.Contains(data, wire.AppendXMLText(nil, s)), "%s holds the string as the writer writes it", data)
		got, err := xmlcodec.DecodeResponse(data)
		require.NoError(t, err, "%s", data)
		require.Len(t, got.Invocations, 1)
		inv := got.Invocations[0]
		require.Equal(t, s, inv.CommandContent, "CommandContent")
		require.Len(t, inv.Instances, 1)
		require.Equal(t, s, inv.Instances[0].Output, "Output")
		require.Len(t, inv.Unknown, 1)
		require.Equal(t, s, inv.Unknown[0].Text, "unknown member")
	})
}
