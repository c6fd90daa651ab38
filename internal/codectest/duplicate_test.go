package codectest

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/internal/gen"
	"github.com/ecsassist/cloudassistant/internal/wire"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/jsoncodec"
	"github.com/ecsassist/cloudassistant/xmlcodec"
)

// dup is what the two codecs must agree on of a diagnostic: its path,
// and for a member given again, where the first one is and what lenient
// decoding kept (the end of the message).
type dup struct {
	Path, FirstPath, Keeps string
}

// note is a diagnostic of either codec, with the part of its message that
// says what decoding kept.
type note struct {
	dup
	Offset, FirstOffset int
	Line, FirstLine     int
	Column, FirstColumn int
	Err                 error
	Message             string
}

func noteOf(p, first jsoncodec.Position, msg string, err error) note {
	n := note{dup: dup{Path: p.Path}, Offset: p.Offset, Line: p.Line, Column: p.Column, Err: err, Message: msg}
	if err != nil {
		n.FirstPath, n.FirstOffset, n.FirstLine, n.FirstColumn = first.Path, first.Offset, first.Line, first.Column
		n.Keeps = msg[strings.LastIndex(msg, ": ")+2:]
	}
	return n
}

// format is one codec, for tests of both.
type format struct {
	name string
	// decode decodes a response or, with apiError set, an API error.
	decode func(data string, lenient, apiError bool) (any, []note, error)
	// at is a pattern of where a member named name starts.
	at func(name string) *regexp.Regexp
	// where returns the place of a *DecodeError.
	where func(err error) (path string, offset int)
}

var formats = []format{
	{
		name: "json",
		decode: func(data string, lenient, apiError bool) (any, []note, error) {
			d := jsoncodec.Decoder{Lenient: lenient}
			var v any
			var diags []jsoncodec.Diagnostic
			var err error
			if apiError {
				v, diags, err = d.DecodeAPIError([]byte(data))
			} else {
				v, diags, err = d.DecodeResponse([]byte(data))
			}
			var notes []note
			for _, d := range diags {
				notes = append(notes, noteOf(d.Position, d.First, d.Message, d.Err))
			}
			return v, notes, err
		},
		at: func(name string) *regexp.Regexp { return regexp.MustCompile(`"` + name + `"\s*:`) },
		where: func(err error) (string, int) {
			var de *jsoncodec.DecodeError
			if !errors.As(err, &de) {
				return "", -1
			}
			return de.Path, de.Offset
		},
	},
	{
		name: "xml",
		decode: func(data string, lenient, apiError bool) (any, []note, error) {
			d := xmlcodec.Decoder{Lenient: lenient}
			var v any
			var diags []xmlcodec.Diagnostic
			var err error
			if apiError {
				v, diags, err = d.DecodeAPIError([]byte(data))
			} else {
				v, diags, err = d.DecodeResponse([]byte(data))
			}
			var notes []note
			for _, d := range diags {
				notes = append(notes, noteOf(jsoncodec.Position(d.Position), jsoncodec.Position(d.First), d.Message, d.Err))
			}
			return v, notes, err
		},
		at: func(name string) *regexp.Regexp { return regexp.MustCompile(`<` + name + `[\s/>]`) },
		where: func(err error) (string, int) {
			var de *xmlcodec.DecodeError
			if !errors.As(err, &de) {
				return "", -1
			}
			return de.Path, de.Offset
		},
	},
}

const (
	lastKept  = "the last value is kept"
	itemsKept = "its items are added to the list"
)

// The rows of the issue, and more: a member of the schema given twice
// in any object, in both formats. Strict decoding refuses it at the
// second, naming the first; lenient decoding keeps the last value of a
// scalar and joins lists, with a diagnostic for each occurrence after the
// first; and the two formats agree on the model and the diagnostics.
func TestDuplicateMembers(t *testing.T) {
	doc := func(s string) string { return "<DescribeInvocationsResponse>" + s + "</DescribeInvocationsResponse>" }
	for _, tt := range []struct {
		name      string
		json, xml string
		member    string // the name given again
		apiError  bool
		want      any // lenient
		diags     []dup
	}{
		{
			name: "TotalCount", member: "TotalCount",
			json: `{"TotalCount":1,"TotalCount":2}`,
			xml:  doc(`<TotalCount>1</TotalCount><TotalCount>2</TotalCount>`),
			want: invocation.Response{TotalCount: 2}, diags: []dup{{"TotalCount", "TotalCount", lastKept}},
		},
		{
			name: "three times", member: "RequestId",
			json:  `{"RequestId":"a","TotalCount":1,"RequestId":"b","RequestId":"c"}`,
			xml:   doc(`<RequestId>a</RequestId><TotalCount>1</TotalCount><RequestId>b</RequestId><RequestId>c</RequestId>`),
			want:  invocation.Response{TotalCount: 1, RequestID: "c"},
			diags: []dup{{"RequestId", "RequestId", lastKept}, {"RequestId", "RequestId", lastKept}},
		},
		{
			name: "InvokeId in one invocation", member: "InvokeId",
			json:  `{"Invocations":{"Invocation":[{"InvokeId":"a","CommandId":"c","InvokeId":"b"}]}}`,
			xml:   doc(`<Invocations><Invocation><InvokeId>a</InvokeId><CommandId>c</CommandId><InvokeId>b</InvokeId></Invocation></Invocations>`),
			want:  invocation.Response{Invocations: []invocation.Invocation{{InvokeID: "b", CommandID: "c"}}},
			diags: []dup{{"Invocations.Invocation[0].InvokeId", "Invocations.Invocation[0].InvokeId", lastKept}},
		},
		{
			name: "InvokeInstances with one instance, then empty", member: "InvokeInstances",
			json:  `{"Invocations":{"Invocation":[{"InvokeInstances":{"InvokeInstance":[{"InstanceId":"i-1"}]},"InvokeInstances":{}}]}}`,
			xml:   doc(`<Invocations><Invocation><InvokeInstances><InvokeInstance><InstanceId>i-1</InstanceId></InvokeInstance></InvokeInstances><InvokeInstances/></Invocation></Invocations>`),
			want:  invocation.Response{Invocations: []invocation.Invocation{{Instances: []invocation.InvokeInstance{{InstanceID: "i-1"}}}}},
			diags: []dup{{"Invocations.Invocation[0].InvokeInstances", "Invocations.Invocation[0].InvokeInstances", itemsKept}},
		},
		{
			name: "two Invocations wrappers", member: "Invocations",
			json:  `{"Invocations":{"Invocation":[{"InvokeId":"a"}]},"TotalCount":2,"Invocations":{"Invocation":[{"InvokeId":"b"}]}}`,
			xml:   doc(`<Invocations><Invocation><InvokeId>a</InvokeId></Invocation></Invocations><TotalCount>2</TotalCount><Invocations><Invocation><InvokeId>b</InvokeId></Invocation></Invocations>`),
			want:  invocation.Response{TotalCount: 2, Invocations: []invocation.Invocation{{InvokeID: "a"}, {InvokeID: "b"}}},
			diags: []dup{{"Invocations", "Invocations", itemsKept}},
		},
		{
			name: "ExitCode in an instance", member: "ExitCode",
			json: `{"Invocations":{"Invocation":[{"InvokeInstances":{"InvokeInstance":[{},{"ExitCode":1,"ExitCode":2}]}}]}}`,
			xml:  doc(`<Invocations><Invocation><InvokeInstances><InvokeInstance/><InvokeInstance><ExitCode>1</ExitCode><ExitCode>2</ExitCode></InvokeInstance></InvokeInstances></Invocation></Invocations>`),
			want: invocation.Response{Invocations: []invocation.Invocation{{Instances: []invocation.InvokeInstance{{}, {ExitCode: invocation.Some[int64](2)}}}}},
			diags: []dup{{"Invocations.Invocation[0].InvokeInstances.InvokeInstance[1].ExitCode",
				"Invocations.Invocation[0].InvokeInstances.InvokeInstance[1].ExitCode", lastKept}},
		},
		{
			name: "TagKey in a tag", member: "TagKey",
			json:  `{"Invocations":{"Invocation":[{"Tags":{"Tag":[{"TagKey":"a","TagValue":"v","TagKey":"b"}]}}]}}`,
			xml:   doc(`<Invocations><Invocation><Tags><Tag><TagKey>a</TagKey><TagValue>v</TagValue><TagKey>b</TagKey></Tag></Tags></Invocation></Invocations>`),
			want:  invocation.Response{Invocations: []invocation.Invocation{{Tags: []invocation.Tag{{Key: "b", Value: "v"}}}}},
			diags: []dup{{"Invocations.Invocation[0].Tags.Tag[0].TagKey", "Invocations.Invocation[0].Tags.Tag[0].TagKey", lastKept}},
		},
		{
			name: "in other case", member: "(?i)TotalCount",
			json: `{"TotalCount":1,"totalcount":2}`,
			xml:  doc(`<TotalCount>1</TotalCount><totalcount>2</totalcount>`),
			want: invocation.Response{TotalCount: 2}, diags: []dup{{Path: "TotalCount"}, {"TotalCount", "TotalCount", lastKept}},
		},
		{
			name: "an error body", member: "Code", apiError: true,
			json: `{"RequestId":"r","Code":"A","Code":"B"}`,
			xml:  `<Error><RequestId>r</RequestId><Code>A</Code><Code>B</Code></Error>`,
			want: &apierror.Error{RequestID: "r", Code: "B"}, diags: []dup{{"Code", "Code", lastKept}},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []any
			var gotDiags [][]dup
			for _, f := range formats {
				data := map[string]string{"json": tt.json, "xml": tt.xml}[f.name]
				at := f.at(tt.member).FindAllStringIndex(data, -1)
				require.GreaterOrEqual(t, len(at), 2, "%s: the member twice", f.name)
				first, second := at[0][0], at[1][0]

				_, _, err := f.decode(data, false, tt.apiError)
				require.ErrorIs(t, err, wire.ErrSyntax, "%s: a duplicate is malformed input", f.name)
				path, off := f.where(err)
				if tt.diags[0].Keeps != "" { // else strict fails first at another defect
					require.ErrorIs(t, err, wire.ErrDuplicate, f.name)
					require.Equal(t, tt.diags[0].Path, path, f.name)
					require.Equal(t, second, off, "%s: at the second", f.name)
					line, col := wire.LineCol(data, first)
					require.ErrorContains(t, err, fmt.Sprintf("given twice, first at line %d, column %d", line, col), f.name)
				}

				v, notes, err := f.decode(data, true, tt.apiError)
				require.NoError(t, err, f.name)
				if diff := cmp.Diff(tt.want, v); diff != "" {
					t.Fatalf("%s: lenient (-want +got):\n%s", f.name, diff)
				}
				var dups []dup
				k := 1
				for _, n := range notes {
					dups = append(dups, n.dup)
					if n.Err == nil {
						continue
					}
					require.ErrorIs(t, n.Err, wire.ErrDuplicate, f.name)
					require.Equal(t, first, n.FirstOffset, "%s: the first", f.name)
					require.Equal(t, at[k][0], n.Offset, "%s: occurrence %d", f.name, k+1)
					require.Contains(t, n.Message, fmt.Sprintf("given again, first at line %d, column %d: ", n.FirstLine, n.FirstColumn), f.name)
					k++
				}
				require.Equal(t, tt.diags, dups, f.name)
				got = append(got, v)
				gotDiags = append(gotDiags, dups)
			}
			require.Equal(t, got[0], got[1], "the same model from both formats")
			require.Equal(t, gotDiags[0], gotDiags[1], "the same diagnostics from both formats")
		})
	}
}

// Members the schema does not know are kept, each of them, in both
// modes: the model keeps unknowns in order.
func TestDuplicateUnknownKept(t *testing.T) {
	for _, f := range formats {
		data := map[string]string{
			"json": `{"Future":"a","TotalCount":1,"Future":"b"}`,
			"xml":  `<DescribeInvocationsResponse><Future>a</Future><TotalCount>1</TotalCount><Future>b</Future></DescribeInvocationsResponse>`,
		}[f.name]
		for _, lenient := range []bool{false, true} {
			v, notes, err := f.decode(data, lenient, false)
			require.NoError(t, err, f.name)
			require.Empty(t, notes, f.name)
			require.Equal(t, []invocation.Member{{Name: "Future", Kind: invocation.String, Text: "a"}, {Name: "Future", Kind: invocation.String, Text: "b"}},
				v.(invocation.Response).Unknown, f.name)
		}
	}
}

// The oracles of the fuzz targets find the first member given twice, as
// strict decoding names it, and nothing in an unknown member.
func TestDuplicateOracles(t *testing.T) {
	for _, tt := range []struct {
		name, json, xml, want string
	}{
		{"none", `{"TotalCount":1,"Future":{"a":1,"a":2},"Future":3}`,
			`<DescribeInvocationsResponse><TotalCount>1</TotalCount><Future><a/><a/></Future><Future/></DescribeInvocationsResponse>`, ""},
		{"items are not members", `{"Invocations":{"Invocation":[{"InvokeId":"a"},{"InvokeId":"b"}]}}`,
			`<DescribeInvocationsResponse><Invocations><Invocation><InvokeId>a</InvokeId></Invocation><Invocation><InvokeId>b</InvokeId></Invocation></Invocations></DescribeInvocationsResponse>`, ""},
		{"nested", `{"Invocations":{"Invocation":[{},{"InvokeInstances":{"InvokeInstance":[{"ExitCode":1,"ExitCode":1}]}}]}}`,
			`<DescribeInvocationsResponse><Invocations><Invocation/><Invocation><InvokeInstances><InvokeInstance><ExitCode>1</ExitCode><ExitCode>1</ExitCode></InvokeInstance></InvokeInstances></Invocation></Invocations></DescribeInvocationsResponse>`,
			"Invocations.Invocation[1].InvokeInstances.InvokeInstance[0].ExitCode"},
		{"wrapper", `{"Invocations":{},"TotalCount":1,"Invocations":{}}`,
			`<DescribeInvocationsResponse><Invocations/><TotalCount>1</TotalCount><Invocations/></DescribeInvocationsResponse>`, "Invocations"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, found := DuplicateJSON([]byte(tt.json))
			require.Equal(t, tt.want, got, "json")
			require.Equal(t, tt.want != "", found, "json")
			got, found = DuplicateXML([]byte(tt.xml))
			require.Equal(t, tt.want, got, "xml")
			require.Equal(t, tt.want != "", found, "xml")
		})
	}
	got, _ := DuplicateJSON([]byte(`{"Invocations":{"Invocation":[{}],"Invocation":[]}}`))
	require.Equal(t, "Invocations.Invocation", got, "JSON's item key in a wrapper is a member of it")
}

// indexes are the list indexes of a path: without them, the same field
// of two items has the same path.
var indexes = regexp.MustCompile(`\[\d+\]`)

// objectAt returns the object of the schema that the path of a member's
// object leads to ("" for the response).
func objectAt(parent string) *wire.Object {
	switch {
	case parent == "":
		return wire.Response
	case strings.HasSuffix(parent, "]"):
		name := parent[strings.LastIndexAny(parent, ".")+1 : strings.LastIndex(parent, "[")]
		for _, o := range []*wire.Object{wire.Invocation, wire.Instance, wire.Tag} {
			if o.Name == name {
				return o
			}
		}
	}
	return nil
}

// split returns the path of a member's object and the member's name.
func split(path string) (parent, name string) {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[:i], path[i+1:]
	}
	return "", path
}

// xmlEnd returns where the element named name that starts at start in s
// ends, and its content.
func xmlEnd(s string, start int, name string) (end int, inner string) {
	open := "<" + name + ">"
	if !strings.HasPrefix(s[start:], open) {
		return start + len("<"+name+"/>"), "" // the encoder writes no attributes
	}
	i := strings.Index(s[start:], "</"+name+">")
	return start + i + len("</"+name+">"), s[start+len(open) : start+i]
}

// jsonEnd returns where the member whose key starts at start in s ends.
func jsonEnd(t *rapid.T, s string, start int) int {
	colon := start + strings.IndexByte(s[start:], ':')
	d := json.NewDecoder(strings.NewReader(s[colon+1:]))
	var v json.RawMessage
	require.NoError(t, d.Decode(&v))
	return colon + 1 + int(d.InputOffset())
}

// A member of the schema given again anywhere in a generated response,
// as the same text in both formats, decodes leniently to the same model
// and the same diagnostic in both: one, at the later of the two, naming
// the earlier. The model is what the XML text decodes to strictly with
// the member given once: the value that comes last, or the items of both
// lists in order. Strict decoding refuses both texts at the later one.
func TestDuplicateInjected(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := AcrossFormats(gen.Response(gen.Both).Draw(t, "r"))
		texts := map[string]string{
			"json": string(jsoncodec.AppendResponse(nil, &r)),
			"xml":  string(xmlcodec.AppendResponse(nil, &r)),
		}
		at := map[string]map[string]int{"json": {}, "xml": {}}
		for path, p := range jsoncodec.Positions([]byte(texts["json"])) {
			at["json"][path] = p.Offset
		}
		for path, p := range xmlcodec.Positions([]byte(texts["xml"])) {
			at["xml"][path] = p.Offset
		}
		// The members of the schema written in both formats, by the
		// path of their object.
		members := map[string][]string{}
		var paths []string
		for path := range at["xml"] {
			parent, name := split(path)
			if _, ok := at["json"][path]; !ok || strings.HasSuffix(path, "]") {
				continue
			}
			if o := objectAt(parent); o == nil || !o.Known(name) {
				continue
			}
			members[parent] = append(members[parent], path)
			paths = append(paths, path)
		}
		slices.Sort(paths)
		path := rapid.SampledFrom(paths).Draw(t, "path")
		parent, name := split(path)
		f, _ := objectAt(parent).Lookup(name, false)
		siblings := members[parent]
		slices.SortFunc(siblings, func(a, b string) int { return at["xml"][a] - at["xml"][b] })
		var donors []string
		for _, p := range paths {
			if indexes.ReplaceAllString(p, "[]") == indexes.ReplaceAllString(path, "[]") {
				donors = append(donors, p)
			}
		}
		donor := rapid.SampledFrom(donors).Draw(t, "donor")        // the same field, of this object or another
		where := rapid.IntRange(0, len(siblings)).Draw(t, "where") // before which member of the object, or after the last

		var expected string                                  // the XML text with the member given once
		for _, c := range []format{formats[1], formats[0]} { // XML first
			s, pos := texts[c.name], at[c.name]
			last := siblings[len(siblings)-1]
			_, lastName := split(last)
			var text string // the member given again
			var point int   // where it goes
			var injected int
			if c.name == "xml" {
				end, _ := xmlEnd(s, pos[donor], name)
				text = s[pos[donor]:end]
				if where < len(siblings) {
					point = pos[siblings[where]]
				} else {
					point, _ = xmlEnd(s, pos[last], lastName)
				}
				injected = point
			} else {
				text = s[pos[donor]:jsonEnd(t, s, pos[donor])]
				if where < len(siblings) {
					point, injected = pos[siblings[where]], pos[siblings[where]]
					text += ","
				} else {
					point = jsonEnd(t, s, pos[last])
					text, injected = ","+text, point+1
				}
			}
			original := pos[path]
			if point <= original {
				original += len(text)
			}
			data := s[:point] + text + s[point:]

			if c.name == "xml" {
				// The XML text with the member once: the later value,
				// or the two lists' items in order.
				end, inner := xmlEnd(s, pos[path], name)
				_, donorInner := xmlEnd(s, pos[donor], name)
				switch {
				case f.Kind == wire.List && injected > original:
					expected = s[:pos[path]] + "<" + name + ">" + inner + donorInner + "</" + name + ">" + s[end:]
				case f.Kind == wire.List:
					expected = s[:pos[path]] + "<" + name + ">" + donorInner + inner + "</" + name + ">" + s[end:]
				case injected > original:
					expected = s[:pos[path]] + text + s[end:]
				default:
					expected = s
				}
			}
			want, err := xmlcodec.DecodeResponse([]byte(expected))
			require.NoError(t, err, "the member once:\n%s", expected)

			_, _, err = c.decode(data, false, false)
			require.ErrorIs(t, err, wire.ErrDuplicate, "%s:\n%s", c.name, data)
			gotPath, off := c.where(err)
			require.Equal(t, path, gotPath, c.name)
			require.Equal(t, max(injected, original), off, c.name)

			got, notes, err := c.decode(data, true, false)
			require.NoError(t, err, c.name)
			keeps := lastKept
			if f.Kind == wire.List {
				keeps = itemsKept
			}
			require.Len(t, notes, 1, "%s: %v", c.name, notes)
			require.Equal(t, dup{path, path, keeps}, notes[0].dup, c.name)
			require.Equal(t, min(injected, original), notes[0].FirstOffset, c.name)
			require.Equal(t, max(injected, original), notes[0].Offset, c.name)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("%s (-want +got):\n%s\n%s", c.name, diff, data)
			}
		}
	})
}
