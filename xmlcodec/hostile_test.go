package xmlcodec_test

import (
	"encoding/xml"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/internal/gen"
	"github.com/ecsassist/cloudassistant/status"
	"github.com/ecsassist/cloudassistant/xmlcodec"
)

// strayText returns a response on one line whose lenient decoding
// reports n diagnostics, one for each piece of text between elements.
func strayText(n int) string {
	return doc(strings.Repeat("a<x/>", n))
}

// successes returns a response of n invocations, each with its status and
// its instance's written "success", the alias of Finished.
func successes(n int) string {
	return doc("<Invocations>" + strings.Repeat("<Invocation><InvokeId>t</InvokeId><InvokeStatus>success</InvokeStatus>"+
		"<InvokeInstances><InvokeInstance><InstanceId>i</InstanceId><InstanceInvokeStatus>success</InstanceInvokeStatus>"+
		"</InvokeInstance></InvokeInstances></Invocation>", n) + "</Invocations>")
}

// Lines and columns are computed once, not for each diagnostic: 200,000
// diagnostics on one line decode in well under a second, where scanning
// back from each would take minutes. (The <x/> between them are kept as
// unknown members, which count against MaxItems.)
func TestGrowthDiagnostics(t *testing.T) {
	const n = 200_000
	in := strayText(n)
	_, diags, err := xmlcodec.Decoder{Lenient: true, MaxDiagnostics: n, MaxItems: n}.DecodeResponse([]byte(in))
	require.NoError(t, err)
	require.Len(t, diags, n)
	last := diags[n-1]
	off := len(in) - len("a<x/></DescribeInvocationsResponse>")
	require.Equal(t, [3]int{1, off + 1, off}, [3]int{last.Line, last.Column, last.Offset})
	require.Equal(t, `text "a" in <DescribeInvocationsResponse> passed over`, last.Message)

	_, diags, err = xmlcodec.Decoder{Lenient: true, MaxDiagnostics: n - 1, MaxItems: n}.DecodeResponse([]byte(in))
	require.ErrorIs(t, err, xmlcodec.ErrLimit)
	require.EqualError(t, err, fmt.Sprintf("xmlcodec: line 1, column %d: more than %d diagnostics", last.Column, n-1))
	require.Len(t, diags, n-1)
}

// Recording aliases costs no position each (a regression: 16,000 aliases
// took seconds, scanning back from each).
func TestGrowthAliases(t *testing.T) {
	const n = 16_000
	data := []byte(successes(n))
	aliases := xmlcodec.Aliases(data)
	require.Len(t, aliases, 2*n)
	require.Equal(t, "Invocations.Invocation[15999].InvokeInstances.InvokeInstance[0].InstanceInvokeStatus", aliases[2*n-1])
	r, err := xmlcodec.DecodeResponse(data)
	require.NoError(t, err)
	require.Equal(t, status.LegacyFinished, r.Invocations[n-1].Instances[0].InstanceInvokeStatus)
}

// Time doubles with the input: compare the two sizes of each.
func BenchmarkGrowth(b *testing.B) {
	for _, n := range []int{100_000, 200_000} {
		in := []byte(strayText(n))
		b.Run(fmt.Sprintf("diagnostics=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for range b.N {
				if _, diags, _ := (xmlcodec.Decoder{Lenient: true, MaxDiagnostics: n}).DecodeResponse(in); len(diags) != n {
					b.Fatal(len(diags))
				}
			}
		})
	}
	for _, n := range []int{8_000, 16_000} {
		in := []byte(successes(n))
		b.Run(fmt.Sprintf("aliases=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for range b.N {
				if got := xmlcodec.Aliases(in); len(got) != 2*n {
					b.Fatal(len(got))
				}
			}
		})
		b.Run(fmt.Sprintf("success=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for range b.N {
				if _, err := xmlcodec.DecodeResponse(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// MaxItems bounds the items of a whole response, invocations and
// instances together, however many lists hold them (a regression: with
// MaxItems 2, three wrappers of two items decoded into six, and 63 MB
// into 5.1 million invocations).
func TestItemsPerResponse(t *testing.T) {
	two := "<Invocations><Invocation/><Invocation/></Invocations>"
	withInstance := "<Invocation><InvokeInstances><InvokeInstance/></InvokeInstances></Invocation>"
	for _, tt := range []struct {
		name   string
		in     string
		max    int
		want   error
		strict error // when strict mode fails otherwise
		reason string
	}{
		{"wrappers of two", doc(two + two + two), 2, xmlcodec.ErrLimit, xmlcodec.ErrDuplicate, "lenient mode joins the lists"},
		{"instances count too", doc("<Invocations>" + withInstance + "<Invocation/></Invocations>"), 2, xmlcodec.ErrLimit, nil, ""},
		{"at the limit", doc("<Invocations>" + withInstance + "<Invocation/></Invocations>"), 3, nil, nil, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, lenient := range []bool{false, true} {
				_, _, err := xmlcodec.Decoder{Lenient: lenient, MaxItems: tt.max}.DecodeResponse([]byte(tt.in))
				if !lenient && tt.strict != nil {
					require.ErrorIs(t, err, tt.strict, tt.reason)
					continue
				}
				if tt.want == nil {
					require.NoError(t, err)
					continue
				}
				require.ErrorIs(t, err, tt.want, tt.reason)
				require.ErrorContains(t, err, fmt.Sprintf("more than %d list items in the response", tt.max))
			}
		})
	}
}

// A decoding allocates a few blocks whatever the response's size: the
// copy of the input, the parser, one block for each kind of list item and
// one of decoded text
// (a regression: a block for each list of instances, 65 for 50
// invocations). With a string input there is no copy. Encoding into a
// buffer large enough allocates nothing; into a new one, once.
func TestAllocations(t *testing.T) {
	for _, size := range [][2]int{{5, 3}, {50, 10}} {
		r := gen.Fixed(size[0], size[1])
		data := xmlcodec.AppendResponse(nil, &r)
		s := string(data)
		for _, lenient := range []bool{false, true} {
			d := xmlcodec.Decoder{Lenient: lenient}
			name := fmt.Sprintf("%dx%d/lenient=%v", size[0], size[1], lenient)
			require.Equal(t, float64(decodeAllocs), testing.AllocsPerRun(20, func() {
				if _, _, err := d.DecodeResponse(data); err != nil {
					t.Fatal(err)
				}
			}), name+"/[]byte")
			require.Equal(t, float64(decodeAllocs-1), testing.AllocsPerRun(20, func() {
				if _, _, err := d.DecodeResponseString(s); err != nil {
					t.Fatal(err)
				}
			}), name+"/string")
		}
		buf := make([]byte, 0, 2*len(data))
		require.Zero(t, testing.AllocsPerRun(20, func() { buf = xmlcodec.AppendResponse(buf[:0], &r) }))
		// Into a new buffer: one allocation, of the measured size.
		require.Equal(t, 1.0, testing.AllocsPerRun(20, func() { _ = xmlcodec.AppendResponse(nil, &r) }), "new buffer")

		// A response of a newer edition, with elements decoding keeps as
		// unknown, costs a block more for each kind of object that has
		// them, whatever its size (with room for one in each object; one
		// holding more doubles it).
		future := strings.NewReplacer("<CommandId>", `<NextEdition a="1"><b/></NextEdition><CommandId>`,
			"<InstanceInvokeStatus>", `<Future>0</Future><InstanceInvokeStatus>`).Replace(s)
		require.Equal(t, float64(decodeAllocs-1+2), testing.AllocsPerRun(20, func() {
			if _, _, err := (xmlcodec.Decoder{}).DecodeResponseString(future); err != nil {
				t.Fatal(err)
			}
		}), "unknown elements")
	}
}

// decodeAllocs is what a decoding of a []byte allocates: the copy, the
// parser with the response, a block of invocations, one of instances, one
// of tags, and one of decoded text (the references of Parameters).
const decodeAllocs = 6

// Whatever the input, a decoding allocates at most the bound documented
// on Decoder: 8 bytes per input byte, and room for the items and
// diagnostics the limits allow.
func TestMemoryBound(t *testing.T) {
	const maxItems, maxDiags = 5_000, 5_000
	inputs := map[string]string{
		"empty items":      doc("<Invocations>" + strings.Repeat("<Invocation/>", 1<<18) + "</Invocations>"),
		"many wrappers":    doc(strings.Repeat("<Invocations><Invocation/><Invocation/></Invocations>", 1<<16)),
		"empty instances":  doc("<Invocations><Invocation><InvokeInstances>" + strings.Repeat("<InvokeInstance/>", maxItems-1) + "</InvokeInstances></Invocation></Invocations>"),
		"unknown in lists": doc("<Invocations>" + strings.Repeat("<x><InvokeInstances><InvokeInstance/></InvokeInstances></x>", 1<<14) + "</Invocations>"),
		"stray text":       strayText(1 << 18),
		"references":       doc("<RequestId>" + strings.Repeat("&amp;&#x10000;", 1<<16) + "</RequestId>"),
		"bad characters":   doc("<RequestId>" + strings.Repeat("\x01<![CDATA[\xff]]><!---->", 1<<16) + "</RequestId>"),
		"pieces":           doc("<RequestId>" + strings.Repeat("ab<!---->", 1<<17) + "</RequestId>"),
		"long names":       doc(strings.Repeat("<"+strings.Repeat("n", 1<<12)+"></"+strings.Repeat("N", 1<<12)+">", 1<<8)),
		"broken items":     doc("<Invocations>" + strings.Repeat("<Foo>bar>\n<InvokeId>t</InvokeId><Timed>yes</Timed></Invocation>", 1<<12) + "</Invocations>"),
		"deep unknown":     doc(strings.Repeat("<a>", 60) + strings.Repeat("x\x01", 1<<16) + strings.Repeat("</a>", 60)),
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			data := []byte(in)
			d := xmlcodec.Decoder{Lenient: true, MaxItems: maxItems, MaxDiagnostics: maxDiags}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, diags, err := d.DecodeResponse(data)
			runtime.ReadMemStats(&after)
			var de *xmlcodec.DecodeError
			if err != nil && !errors.As(err, &de) {
				t.Fatal(err)
			}
			alloc := after.TotalAlloc - before.TotalAlloc
			bound := 8*uint64(len(data)) + maxItems*itemBytes + maxDiags*diagnosticBytes + 1<<16
			t.Logf("%d bytes in, %d allocated (%.1f per byte), %d diagnostics, %v", len(data), alloc, float64(alloc)/float64(len(data)), len(diags), err)
			require.LessOrEqual(t, alloc, bound)
		})
	}
}

// What a list item and a diagnostic cost at most, as Decoder documents.
const itemBytes, diagnosticBytes = 1 << 10, 1 << 10

// Content that strict decoding passes over is checked as content it keeps
// is, and what encoding/xml refuses there, it refuses too (a regression:
// an unknown element could hold any of these).
func TestSkippedContent(t *testing.T) {
	for _, tt := range []struct {
		name, in, wantErr string
	}{
		{"invalid UTF-8", doc("<Future>\xff</Future>"), "text holds a character XML does not allow, or invalid UTF-8, at byte 0"},
		{"NUL", doc("<Future>\x00</Future>"), "text holds a character XML does not allow"},
		{"escape character", doc("<Future><a>\x1b</a></Future>"), "text holds a character XML does not allow"},
		{"unknown entity", doc("<Future>&foo;</Future>"), "unknown reference &foo;"},
		{"NUL reference", doc("<Future>&#0;</Future>"), "unknown reference &#0;"},
		{"CDATA end in text", doc("<Future>a]]>b</Future>"), `unescaped "]]>" in text`},
		{"invalid UTF-8 in CDATA", doc("<Future><![CDATA[\xff]]></Future>"), "text holds a character XML does not allow"},
		{"two colons", doc("<X:Y:Z/>"), `name "X:Y:Z" holds more than one colon`},
		{"two colons in an attribute", doc(`<Future a:b:c="1"/>`), `name "a:b:c" holds more than one colon`},
		{"XML 1.1", `<?xml version="1.1"?>` + doc(""), `XML version "1.1" is not supported: only 1.0 is`},
		{"CDATA end in kept text", doc("<RequestId>a]]>b</RequestId>"), `unescaped "]]>" in text`},
		{"encoding UTF8", `<?xml version="1.0" encoding="UTF8"?>` + doc(""), `encoding "UTF8" is not supported`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := xmlcodec.DecodeResponse([]byte(tt.in))
			require.ErrorIs(t, err, xmlcodec.ErrSyntax)
			require.ErrorContains(t, err, tt.wantErr)
			require.Error(t, xml.Unmarshal([]byte(tt.in), new(struct{ RequestId string })), "encoding/xml refuses it too")
		})
	}
}

// A document type declaration's quoted literals may hold '>', as XML
// allows and encoding/xml reads them; an internal subset is refused, as
// its declarations would change how the document reads.
func TestDoctype(t *testing.T) {
	for _, in := range []string{
		`<!DOCTYPE r SYSTEM "a>b">` + doc("<RequestId>r</RequestId>"),
		`<!DOCTYPE r PUBLIC 'x[y' "a>b">` + doc("<RequestId>r</RequestId>"),
	} {
		r, err := xmlcodec.DecodeResponse([]byte(in))
		require.NoError(t, err, in)
		require.Equal(t, "r", r.RequestID)
		require.NoError(t, xml.Unmarshal([]byte(in), new(struct{ RequestId string })))
	}
	for in, msg := range map[string]string{
		`<!DOCTYPE r [<!ENTITY a "b">]>` + doc(""): "unsupported document type declaration: it has an internal subset or markup",
		`<!DOCTYPE<>` + doc(""):                    "unsupported document type declaration: it has an internal subset or markup",
		`<!DOCTYPE r SYSTEM "a>`:                   "unterminated document type declaration",
	} {
		_, err := xmlcodec.DecodeResponse([]byte(in))
		require.ErrorIs(t, err, xmlcodec.ErrSyntax)
		require.ErrorContains(t, err, msg)
	}
}

// Lenient decoding reports what strict decoding refuses in skipped
// content, or fails on it as strict does when it is malformed.
func TestLenientSkippedContent(t *testing.T) {
	_, diags, err := lenient.DecodeResponse([]byte(doc("<Future>a\x01]]></Future>")))
	require.NoError(t, err)
	require.Len(t, diags, 2)
	require.Equal(t, `unescaped "]]>" in text, kept as it is`, diags[0].Message)
	require.Equal(t, `text "a\x01]]>" holds characters XML does not allow, or invalid UTF-8, replaced by U+FFFD`, diags[1].Message)
	_, diags, err = lenient.DecodeResponse([]byte(`<?xml version="1.1"?>` + doc("")))
	require.NoError(t, err)
	require.Equal(t, `XML version "1.1" declared, input read as 1.0`, diags[0].Message)
	_, _, err = lenient.DecodeResponse([]byte(doc("<Future>&foo;</Future>")))
	require.ErrorIs(t, err, xmlcodec.ErrSyntax)
}
