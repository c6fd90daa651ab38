package jsoncodec_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ecsassist/cloudassistant/internal/gen"
	"github.com/ecsassist/cloudassistant/internal/wire"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/jsoncodec"
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
						buf = jsoncodec.AppendResponse(buf[:0], &p.r)
					} else {
						_ = jsoncodec.AppendResponse(nil, &p.r)
					}
				}
			})
		}
	}
}

// escapable generates valid UTF-8 in which what the writer escapes is
// common: quotes, backslashes, markup, every control byte, U+2028 and
// U+2029, and any other character.
func escapable() *rapid.Generator[string] {
	char := rapid.OneOf(
		rapid.SampledFrom([]rune{'"', '\\', '\'', '<', '>', '&', '/', '\u2028', '\u2029', '\x7f', '\uFFFD', '\uFFFE', 'é', '😀'}),
		rapid.RuneFrom(nil, &unicode.RangeTable{R16: []unicode.Range16{{Lo: 0, Hi: 0x1f, Stride: 1}}}),
		rapid.Rune(),
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
		data := jsoncodec.AppendResponse(nil, &r)
		require.True(t, bytes.Contains(data, wire.AppendJSONString(nil, s)), "%s holds the string as the writer writes it", data)
		got, err := jsoncodec.DecodeResponse(data)
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
