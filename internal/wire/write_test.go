package wire

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// writerCases are the inputs both writers are tested on, with what each
// writes for them. JSON is written without its quotes here.
var writerCases = []struct {
	name, in, json, xml string
	reason              string
}{
	{name: "empty"},
	{name: "plain", in: "echo hello", json: "echo hello", xml: "echo hello"},
	{name: "quotes", in: `say "hi" 'there'`, json: `say \"hi\" 'there'`, xml: "say &#34;hi&#34; &#39;there&#39;"},
	{name: "backslash", in: `C:\dir\`, json: `C:\\dir\\`, xml: `C:\dir\`},
	{name: "markup", in: "<a>&amp;</a> ]]>", json: "<a>&amp;</a> ]]>", xml: "&lt;a&gt;&amp;amp;&lt;/a&gt; ]]&gt;",
		reason: "JSON leaves markup alone: HTML escaping is off"},
	{name: "line and paragraph separators", in: "a\u2028b\u2029c", json: `a\u2028b\u2029c`, xml: "a\u2028b\u2029c",
		reason: "JavaScript reads both as line ends"},
	{name: "white space", in: "a\tb\nc\rd", json: `a\tb\nc\rd`, xml: "a&#x9;b&#xA;c&#xD;d"},
	{name: "NUL", in: "a\x00b", json: `a\u0000b`, xml: "a\uFFFDb"},
	{name: "backspace and form feed", in: "\b\f", json: `\b\f`, xml: "\uFFFD\uFFFD"},
	{name: "DEL", in: "a\x7fb", json: "a\x7fb", xml: "a\x7fb", reason: "both formats allow it"},
	{name: "stray byte", in: "a\xffb", json: `a\ufffdb`, xml: "a\uFFFDb"},
	{name: "cut sequence", in: "a\xe2\x80", json: `a\ufffd\ufffd`, xml: "a\uFFFD\uFFFD", reason: "one U+FFFD per byte, as the standard library"},
	{name: "surrogate", in: "\xed\xa0\x80", json: `\ufffd\ufffd\ufffd`, xml: "\uFFFD\uFFFD\uFFFD", reason: "not UTF-8"},
	{name: "U+FFFE and U+FFFF", in: "\uFFFE\uFFFF", json: "\uFFFE\uFFFF", xml: "\uFFFD\uFFFD", reason: "XML 1.0 forbids them"},
	{name: "U+FFFD", in: "\uFFFD", json: "\uFFFD", xml: "\uFFFD"},
	{name: "multi-byte run", in: "é中😀\u2028é中😀", json: `é中😀\u2028é中😀`, xml: "é中😀\u2028é中😀"},
	{name: "long plain run", in: strings.Repeat("abcdefgh", 9) + `"`, json: strings.Repeat("abcdefgh", 9) + `\"`, xml: strings.Repeat("abcdefgh", 9) + "&#34;",
		reason: "the special byte after the fast path's 32 and 8 bytes at a time"},
}

// The control bytes, each as both writers write it.
func controlCases() (in, jsonWant, xmlWant []string) {
	for c := range byte(0x20) {
		in = append(in, string([]byte{c}))
		j := fmt.Sprintf(`\u%04x`, c)
		switch c {
		case '\b':
			j = `\b`
		case '\f':
			j = `\f`
		case '\n':
			j = `\n`
		case '\r':
			j = `\r`
		case '\t':
			j = `\t`
		}
		jsonWant = append(jsonWant, j)
		x := "\uFFFD"
		switch c {
		case '\t':
			x = "&#x9;"
		case '\n':
			x = "&#xA;"
		case '\r':
			x = "&#xD;"
		}
		xmlWant = append(xmlWant, x)
	}
	return in, jsonWant, xmlWant
}

func TestAppendJSONString(t *testing.T) {
	for _, tt := range writerCases {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, `prefix"`+tt.json+`"`, string(AppendJSONString([]byte("prefix"), tt.in)), tt.reason)
		})
	}
	in, want, _ := controlCases()
	for i := range in {
		t.Run(fmt.Sprintf("control %#02x", in[i][0]), func(t *testing.T) {
			require.Equal(t, `"a`+want[i]+`b"`, string(AppendJSONString(nil, "a"+in[i]+"b")))
		})
	}
}

func TestAppendXMLText(t *testing.T) {
	for _, tt := range writerCases {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, "prefix"+tt.xml, string(AppendXMLText([]byte("prefix"), tt.in)), tt.reason)
		})
	}
	in, _, want := controlCases()
	for i := range in {
		t.Run(fmt.Sprintf("control %#02x", in[i][0]), func(t *testing.T) {
			require.Equal(t, "a"+want[i]+"b", string(AppendXMLText(nil, "a"+in[i]+"b")))
		})
	}
}

// stdJSON writes s as encoding/json does with HTML escaping off.
func stdJSON(s string) string {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	if err := e.Encode(s); err != nil {
		panic(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// stdXML writes s as encoding/xml's EscapeText does.
func stdXML(s string) string {
	var b bytes.Buffer
	if err := xml.EscapeText(&b, []byte(s)); err != nil {
		panic(err)
	}
	return b.String()
}

// hostileText generates strings of bytes that stress the writers: plain
// runs, every special character of both formats, control bytes, invalid
// UTF-8 and characters XML forbids.
func hostileText() *rapid.Generator[string] {
	piece := rapid.OneOf(
		rapid.SampledFrom([]string{`"`, `'`, `\`, "<", ">", "&", "\u2028", "\u2029", "\xff", "\xe2\x80", "\xed\xa0\x80",
			"\uFFFE", "\uFFFF", "\uFFFD", "é", "中", "😀", "\x7f", "abcdefgh", strings.Repeat("x", 33)}),
		rapid.Map(rapid.ByteMax(0x1f), func(c byte) string { return string([]byte{c}) }),
		rapid.StringN(0, 8, -1),
		rapid.Map(rapid.SliceOfN(rapid.Byte(), 0, 8), func(b []byte) string { return string(b) }),
	)
	return rapid.Custom(func(t *rapid.T) string {
		return strings.Join(rapid.SliceOfN(piece, 0, 16).Draw(t, "pieces"), "")
	})
}

// Both writers write every string byte for byte as the standard library
// does.
func TestWritersAsStandardLibrary(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := hostileText().Draw(t, "s")
		require.Equal(t, stdJSON(s), string(AppendJSONString(nil, s)), "JSON")
		require.Equal(t, stdXML(s), string(AppendXMLText(nil, s)), "XML")
	})
}

func FuzzWriters(f *testing.F) {
	for _, tt := range writerCases {
		f.Add(tt.in)
	}
	in, _, _ := controlCases()
	f.Add(strings.Join(in, ""))
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(AppendJSONString(nil, s)), stdJSON(s); got != want {
			t.Fatalf("AppendJSONString(%q) = %q, encoding/json writes %q", s, got, want)
		}
		if got, want := string(AppendXMLText(nil, s)), stdXML(s); got != want {
			t.Fatalf("AppendXMLText(%q) = %q, encoding/xml writes %q", s, got, want)
		}
	})
}

// Writing into a buffer with room allocates nothing.
func TestWritersAllocs(t *testing.T) {
	s := typicalOutput()
	buf := make([]byte, 0, 4*len(s))
	require.Zero(t, testing.AllocsPerRun(20, func() { buf = AppendJSONString(buf[:0], s) }), "JSON")
	require.Zero(t, testing.AllocsPerRun(20, func() { buf = AppendXMLText(buf[:0], s) }), "XML")
}

// typicalOutput returns about 1 KiB of what a shell script prints: lines
// of ASCII with quotes, markup characters and a tab, each ended by a
// newline, and a line of non-ASCII text.
func typicalOutput() string {
	var sb strings.Builder
	sb.WriteString("部署完成: web-1 → ok\n")
	for i := 0; sb.Len() < 1<<10; i++ {
		fmt.Fprintf(&sb, "2025-01-02 03:04:%02d [INFO] unit \"web-%d.service\" restarted\t<pid=%d> & 'ok'\n", i%60, i%7, 1000+i)
	}
	return sb.String()
}

// The writers on a typical output, into a reused buffer.
func BenchmarkWriters(b *testing.B) {
	s := typicalOutput()
	for _, w := range []struct {
		name  string
		write func([]byte, string) []byte
	}{{"format=json", AppendJSONString}, {"format=xml", AppendXMLText}} {
		b.Run(w.name, func(b *testing.B) {
			buf := make([]byte, 0, 4*len(s))
			b.SetBytes(int64(len(s)))
			b.ReportAllocs()
			for range b.N {
				buf = w.write(buf[:0], s)
			}
		})
	}
}
