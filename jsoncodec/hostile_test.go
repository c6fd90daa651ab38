package jsoncodec_test

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/internal/gen"
	"github.com/ecsassist/cloudassistant/jsoncodec"
	"github.com/ecsassist/cloudassistant/status"
)

// manyDiagnostics returns a response on one line whose lenient decoding
// reports n diagnostics, one for each literal written in upper case.
func manyDiagnostics(n int) string {
	return `{"Other":[` + strings.Repeat(`NULL,`, n-1) + `NULL]}`
}

// manyAliases returns a response of n invocations, each with its status
// and its instance's written "success", the alias of Finished.
func manyAliases(n int) string {
	var b strings.Builder
	b.WriteString(`{"Invocations":{"Invocation":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"InvokeId":"t","InvokeStatus":"success","InvokeInstances":{"InvokeInstance":[{"InstanceId":"i","InstanceInvokeStatus":"success"}]}}`)
	}
	b.WriteString(`]}}`)
	return b.String()
}

// Lines and columns are computed once, not for each diagnostic: 200,000
// diagnostics on one line decode in well under a second, where scanning
// back from each would take minutes (a regression: 50,000 took 27 s).
func TestGrowthDiagnostics(t *testing.T) {
	const n = 200_000
	in := manyDiagnostics(n)
	_, diags, err := jsoncodec.Decoder{Lenient: true, MaxDiagnostics: n}.DecodeResponse([]byte(in))
	require.NoError(t, err)
	require.Len(t, diags, n)
	last := diags[n-1]
	require.Equal(t, [3]int{1, len(in) - len("NULL]}") + 1, len(in) - len("NULL]}")}, [3]int{last.Line, last.Column, last.Offset})
	require.Equal(t, "Other", last.Path)
	require.Equal(t, "literal written as NULL", last.Message)

	// One more is an error, at the one more, after all the others.
	_, diags, err = jsoncodec.Decoder{Lenient: true, MaxDiagnostics: n - 1}.DecodeResponse([]byte(in))
	require.ErrorIs(t, err, jsoncodec.ErrLimit)
	require.EqualError(t, err, fmt.Sprintf("jsoncodec: line 1, column %d, Other: more than %d diagnostics", last.Column, n-1))
	require.Len(t, diags, n-1)
}

// Recording aliases costs no position each (a regression: 16,000 aliases
// took seconds, scanning back from each).
func TestGrowthAliases(t *testing.T) {
	const n = 16_000
	data := []byte(manyAliases(n))
	aliases := jsoncodec.Aliases(data)
	require.Len(t, aliases, 2*n)
	require.Equal(t, "Invocations.Invocation[15999].InvokeInstances.InvokeInstance[0].InstanceInvokeStatus", aliases[2*n-1])
	r, err := jsoncodec.DecodeResponse(data)
	require.NoError(t, err)
	require.Equal(t, status.LegacyFinished, r.Invocations[n-1].InvokeStatus)
}

// Time doubles with the input: compare the two sizes of each.
func BenchmarkGrowth(b *testing.B) {
	for _, n := range []int{100_000, 200_000} {
		in := []byte(manyDiagnostics(n))
		b.Run(fmt.Sprintf("diagnostics=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for range b.N {
				if _, diags, _ := (jsoncodec.Decoder{Lenient: true, MaxDiagnostics: n}).DecodeResponse(in); len(diags) != n {
					b.Fatal(len(diags))
				}
			}
		})
	}
	for _, n := range []int{8_000, 16_000} {
		in := []byte(manyAliases(n))
		b.Run(fmt.Sprintf("aliases=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for range b.N {
				if got := jsoncodec.Aliases(in); len(got) != 2*n {
					b.Fatal(len(got))
				}
			}
		})
		b.Run(fmt.Sprintf("success=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for range b.N {
				if _, err := jsoncodec.DecodeResponse(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// MaxItems bounds the items of a whole response, invocations and
// instances together, however many lists hold them (a regression: it
// bounded each list, and 64 MB of {} decoded into 22 million instances).
func TestItemsPerResponse(t *testing.T) {
	for _, tt := range []struct {
		name   string
		in     string
		max    int
		want   error
		strict error // when strict mode fails otherwise
		reason string
	}{
		{"lists of two", `{"Invocations":{"Invocation":[{},{}]},"Invocations":{"Invocation":[{},{}]},"Invocations":{"Invocation":[{},{}]}}`, 2, jsoncodec.ErrLimit,
			jsoncodec.ErrDuplicate, "lenient mode joins the lists"},
		{"repeated item key", `{"Invocations":{"Invocation":[{},{}],"Invocation":[{},{}]}}`, 3, jsoncodec.ErrLimit,
			jsoncodec.ErrDuplicate, "lenient mode joins the lists"},
		{"instances count too", `{"Invocations":{"Invocation":[{"InvokeInstances":{"InvokeInstance":[{}]}},{}]}}`, 2, jsoncodec.ErrLimit, nil, ""},
		{"at the limit", `{"Invocations":{"Invocation":[{"InvokeInstances":{"InvokeInstance":[{}]}},{}]}}`, 3, nil, nil, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, lenient := range []bool{false, true} {
				_, _, err := jsoncodec.Decoder{Lenient: lenient, MaxItems: tt.max}.DecodeResponse([]byte(tt.in))
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
// (a regression: a message made for every member took it to 1,116). With
// a string input there is no copy. Encoding into a buffer large enough
// allocates nothing; into a new one, once.
func TestAllocations(t *testing.T) {
	for _, size := range [][2]int{{5, 3}, {50, 10}} {
		r := gen.Fixed(size[0], size[1])
		data := jsoncodec.AppendResponse(nil, &r)
		s := string(data)
		for _, lenient := range []bool{false, true} {
			d := jsoncodec.Decoder{Lenient: lenient}
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
		require.Zero(t, testing.AllocsPerRun(20, func() { buf = jsoncodec.AppendResponse(buf[:0], &r) }))
		// Into a new buffer: one allocation, of the measured size.
		require.Equal(t, 1.0, testing.AllocsPerRun(20, func() { _ = jsoncodec.AppendResponse(nil, &r) }), "new buffer")

		// A response of a newer edition, with members decoding keeps as
		// unknown, costs a block more for each kind of object that has
		// them, whatever its size (with room for one in each object; one
		// holding more doubles it).
		future := strings.NewReplacer(`"CommandId":`, `"NextEdition":{"a":[1,true]},"CommandId":`,
			`"InstanceInvokeStatus":`, `"Future":0,"InstanceInvokeStatus":`).Replace(s)
		require.Equal(t, float64(decodeAllocs-1+2), testing.AllocsPerRun(20, func() {
			if _, _, err := (jsoncodec.Decoder{}).DecodeResponseString(future); err != nil {
				t.Fatal(err)
			}
		}), "unknown members")
	}
}

// decodeAllocs is what a decoding of a []byte allocates: the copy, the
// parser with the response, a block of invocations, one of instances, one
// of tags, and one of decoded text (the escapes of Parameters).
const decodeAllocs = 6

// Whatever the input, a decoding allocates at most the bound documented
// on Decoder: 8 bytes per input byte, and room for the items and
// diagnostics the limits allow.
func TestMemoryBound(t *testing.T) {
	const maxItems, maxDiags = 5_000, 5_000
	inputs := map[string]string{
		"empty objects":        `{"Invocations":{"Invocation":[` + strings.Repeat(`{},`, 1<<20) + `{}]}}`,
		"empty instances":      `{"Invocations":{"Invocation":[{"InvokeInstances":{"InvokeInstance":[` + strings.Repeat(`{},`, maxItems-2) + `{}]}}]}}`,
		"many wrappers":        `{"Invocations":{"Invocation":[` + strings.Repeat(`{"InvokeInstances":{"InvokeInstance":[{},{}]}},`, 1<<16) + `{}]}}`,
		"open brackets":        `{"Invocations":{"Invocation":[{"InvokeInstances":{"InvokeInstance":[` + strings.Repeat(`{`, 1<<20),
		"diagnostics":          manyDiagnostics(1 << 20),
		"escapes":              `{"RequestId":"` + strings.Repeat(`\u00e9\n`, 1<<18) + `"}`,
		"invalid UTF-8":        `{"RequestId":"` + strings.Repeat("\xff", 1<<20) + `","NextToken":"` + strings.Repeat("\xfe", 1<<20) + `"}`,
		"numbers as text":      `{"Invocations":{"Invocation":[` + strings.Repeat(`{"Timed":"TRUE"},`, maxItems-1) + `{}]}}`,
		"long unknown keys":    `{"` + strings.Repeat("k", 1<<20) + `":{` + strings.Repeat(`"a":NULL,`, maxDiags) + `"b":1}}`,
		"deep unknown objects": strings.Repeat(`{"`+strings.Repeat("k", 1<<10)+`":`, 60) + `{` + strings.Repeat(`"a":NULL,`, maxDiags) + `"b":1}` + strings.Repeat(`}`, 60),
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			data := []byte(in)
			d := jsoncodec.Decoder{Lenient: true, MaxItems: maxItems, MaxDiagnostics: maxDiags}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, diags, err := d.DecodeResponse(data)
			runtime.ReadMemStats(&after)
			var de *jsoncodec.DecodeError
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
