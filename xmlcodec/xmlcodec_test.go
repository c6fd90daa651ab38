package xmlcodec_test

import (
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/ecsassist/cloudassistant/apierror"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ecsassist/cloudassistant/internal/codectest"
	"github.com/ecsassist/cloudassistant/internal/gen"
	"github.com/ecsassist/cloudassistant/internal/golden"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/jsoncodec"
	"github.com/ecsassist/cloudassistant/status"
	"github.com/ecsassist/cloudassistant/xmlcodec"
)

var lenient = xmlcodec.Decoder{Lenient: true}

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	require.NoError(t, err)
	return b
}

// The reference's examples and the current edition's sample, decoded in
// both modes, against golden files.
func TestSeedGolden(t *testing.T) {
	for _, name := range []string{"seed-success.xml", "seed-error.xml", "current-success.xml"} {
		for _, mode := range []struct {
			name string
			dec  xmlcodec.Decoder
		}{{"strict", xmlcodec.Decoder{}}, {"lenient", lenient}} {
			t.Run(name+"/"+mode.name, func(t *testing.T) {
				data := read(t, name)
				var got []byte
				if strings.Contains(name, "error") {
					e, diags, err := mode.dec.DecodeAPIError(data)
					got = codectest.Dump(e, diags, err)
				} else {
					r, diags, err := mode.dec.DecodeResponse(data)
					got = codectest.Dump(r, diags, err)
				}
				golden.Check(t, "testdata/"+strings.TrimSuffix(name, ".xml")+"."+mode.name+".golden", got)
			})
		}
	}
}

// The reference's XML success example decodes leniently into all five
// invocations and all eight instances it holds, with one diagnostic per
// defect, and strictly into an error at the first defect.
func TestSeedSuccess(t *testing.T) {
	data := read(t, "seed-success.xml")
	r, diags, err := lenient.DecodeResponse(data)
	require.NoError(t, err)
	require.Len(t, r.Invocations, 5)
	var ids []string
	instances := 0
	for _, inv := range r.Invocations {
		ids = append(ids, inv.InvokeID)
		instances += len(inv.Instances)
	}
	require.Equal(t, 8, instances, "the example holds eight <InvokeInstance> elements; none is dropped")
	require.Equal(t, "t-e733d4172fee452c98106f58xxxxxxxx", ids[4], "the fifth is recovered from <InstanceId>Invention>")
	fifth := r.Invocations[4]
	require.Equal(t, invocation.RunBatScript, fifth.CommandType)
	require.Equal(t, status.LegacyRunning, fifth.Instances[0].InstanceInvokeStatus)
	require.Equal(t, "i-uf64isakb713xxxxxxxx", r.Invocations[2].Instances[1].InstanceID, "the instance after the stray text")
	require.Equal(t, " ", r.Invocations[2].Frequency, "text is kept as it is")
	require.True(t, r.Invocations[0].Timed)

	type at struct {
		line, col int
		path, msg string
	}
	want := []at{
		{22, 24, "Invocations.Invocation[0].Timed", `boolean written as "True"`},
		{41, 24, "Invocations.Invocation[1].Timed", `boolean written as "True"`},
		{55, 21, "Invocations.Invocation[2].InvokeInstances", `text "sa" in <InvokeInstances> passed over`},
		{78, 9, "Invocations.Invocation[4]", `broken start tag <InstanceId> recovered as <Invocation>, closed by </Invocation>`},
		{87, 25, "Invocations.Invocation[4].InvokeInstances.InvokeInstance[0].InstanceInvokeStatus", `element <Instanceinvokestatus> taken as <InstanceInvokeStatus>`},
		{87, 56, "Invocations.Invocation[4].InvokeInstances.InvokeInstance[0].InstanceInvokeStatus", `end tag </instanceinvokestatus> closes <Instanceinvokestatus>`},
	}
	var got []at
	for _, d := range diags {
		got = append(got, at{d.Line, d.Column, d.Path, d.Message})
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(at{})); diff != "" {
		t.Errorf("diagnostics mismatch (-want +got):\n%s", diff)
	}

	_, err = xmlcodec.DecodeResponse(data)
	var de *xmlcodec.DecodeError
	require.True(t, errors.As(err, &de))
	require.ErrorIs(t, err, xmlcodec.ErrValue)
	require.Equal(t, [2]int{22, 24}, [2]int{de.Line, de.Column})
	require.Equal(t, "Invocations.Invocation[0].Timed", de.Path)
	require.EqualError(t, err, `xmlcodec: line 22, column 24, Invocations.Invocation[0].Timed: "True" is not a boolean (true, false, 1 or 0)`)
}

func TestSeedError(t *testing.T) {
	e, err := xmlcodec.DecodeAPIError(read(t, "seed-error.xml"))
	require.NoError(t, err)
	require.Equal(t, &apierror.Error{
		Code: apierror.MissingParameterRegionID, HostID: "ecs.aliyuncs.com", RequestID: "540CFF28-407A-40B5-B6A5-74Bxxxxxxxxx",
		Message: "The input parameter “RegionId” that is mandatory for processing this request is not supplied.",
	}, e)
}

func doc(body string) string {
	return "<DescribeInvocationsResponse>" + body + "</DescribeInvocationsResponse>"
}

func inv(body string) string {
	return doc("<RequestId>r</RequestId><Invocations><Invocation><InvokeId>t-1</InvokeId>" + body + "</Invocation></Invocations>")
}

// Each defect that lenient mode forgives: strict fails on it, lenient
// decodes it with one diagnostic saying what it did.
func TestLenientDefects(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		strictErr string
		wantDiag  string
		more      int // diagnostics after wantDiag: one for each enclosing element left open
		check     func(t *testing.T, r invocation.Response)
	}{
		{name: "element case", in: inv("<invokestatus>Running</invokestatus>"),
			strictErr: `element <invokestatus> differs from <InvokeStatus> only in case`,
			wantDiag:  `element <invokestatus> taken as <InvokeStatus>`,
			check: func(t *testing.T, r invocation.Response) {
				require.Equal(t, status.LegacyRunning, r.Invocations[0].InvokeStatus)
			}},
		{name: "item case", in: doc("<Invocations><invocation><InvokeId>t</InvokeId></invocation></Invocations>"),
			strictErr: `element <invocation> differs from <Invocation> only in case`,
			wantDiag:  `element <invocation> taken as <Invocation>`},
		{name: "end tag case", in: inv("<Frequency>x</frequency>"),
			strictErr: `end tag </frequency> does not match <Frequency>`, wantDiag: `end tag </frequency> closes <Frequency>`},
		{name: "stray text", in: doc("<Invocations>sa<Invocation/></Invocations>"),
			strictErr: `text "sa" in <Invocations>, which holds elements`, wantDiag: `text "sa" in <Invocations> passed over`,
			check: func(t *testing.T, r invocation.Response) { require.Len(t, r.Invocations, 1) }},
		{name: "stray text in object", in: inv("xx<Frequency>f</Frequency>"),
			strictErr: `text "xx" in <Invocation>, which holds elements`, wantDiag: `text "xx" in <Invocation> passed over`},
		{name: "broken item", in: doc("<Invocations><Foo>bar>\n<InvokeId>t-9</InvokeId></Invocation></Invocations>"),
			strictErr: `end tag </Invocation> does not match <Foo>`,
			wantDiag:  `broken start tag <Foo> recovered as <Invocation>, closed by </Invocation>`,
			check: func(t *testing.T, r invocation.Response) {
				require.Equal(t, "t-9", r.Invocations[0].InvokeID)
			}},
		{name: "unclosed at end", in: "<DescribeInvocationsResponse><RequestId>r</RequestId>",
			strictErr: `unexpected end of input: <DescribeInvocationsResponse> is not closed`,
			wantDiag:  `<DescribeInvocationsResponse> not closed at the end of the input`,
			check:     func(t *testing.T, r invocation.Response) { require.Equal(t, "r", r.RequestID) }},
		{name: "unclosed leaf", in: "<DescribeInvocationsResponse><RequestId>r",
			strictErr: `unexpected end of input: <RequestId> is not closed`, wantDiag: `<RequestId> not closed at the end of the input`,
			more: 1, check: func(t *testing.T, r invocation.Response) { require.Equal(t, "r", r.RequestID) }},
		{name: "unclosed list", in: "<DescribeInvocationsResponse><Invocations>",
			strictErr: `unexpected end of input: <Invocations> is not closed`, wantDiag: `<Invocations> not closed at the end of the input`,
			more: 1},
		{name: "unclosed unknown", in: "<DescribeInvocationsResponse><Future><x>",
			strictErr: `unexpected end of input: <x> is not closed`, wantDiag: `<x> not closed at the end of the input`,
			more:  2, // one more: the unknown element, which strict mode cannot read, passed over
			check: func(t *testing.T, r invocation.Response) { require.Empty(t, r.Unknown) }},
		{name: "boolean case", in: inv("<Timed>TRUE</Timed>"),
			strictErr: `"TRUE" is not a boolean (true, false, 1 or 0)`, wantDiag: `boolean written as "TRUE"`,
			check: func(t *testing.T, r invocation.Response) { require.True(t, r.Invocations[0].Timed) }},
		{name: "False", in: inv("<Timed>False</Timed>"),
			strictErr: `"False" is not a boolean`, wantDiag: `boolean written as "False"`},
		{name: "not a boolean", in: inv("<Timed>yes</Timed>"),
			strictErr: `"yes" is not a boolean`, wantDiag: `"yes" is not a boolean, taken as absent`},
		{name: "not an integer", in: doc("<TotalCount>5.0</TotalCount>"),
			strictErr: `"5.0" is not an integer`, wantDiag: `"5.0" is not an integer, taken as absent`},
		{name: "time with offset", in: inv("<CreationTime>2020-01-19T17:15:46+08:00</CreationTime>"),
			strictErr: `CreationTime "2020-01-19T17:15:46+08:00" is not a UTC time like 2020-01-19T09:15:46Z`,
			wantDiag:  `CreationTime "2020-01-19T17:15:46+08:00" converted to UTC second precision`,
			check: func(t *testing.T, r invocation.Response) {
				require.Equal(t, time.Date(2020, 1, 19, 9, 15, 46, 0, time.UTC), r.Invocations[0].CreationTime)
			}},
		{name: "not a time", in: inv("<CreationTime>soon</CreationTime>"),
			strictErr: `CreationTime "soon" is not a UTC time`, wantDiag: `CreationTime "soon" is not a time, taken as absent`},
		{name: "invalid UTF-8", in: doc("<RequestId>a\xffb</RequestId>"),
			strictErr: `text holds a character XML does not allow, or invalid UTF-8, at byte 1`,
			wantDiag:  "text \"a\\xffb\" holds characters XML does not allow, or invalid UTF-8, replaced by U+FFFD",
			check:     func(t *testing.T, r invocation.Response) { require.Equal(t, "a\uFFFDb", r.RequestID) }},
		{name: "control character", in: doc("<RequestId>a\x01b</RequestId>"),
			strictErr: `text holds a character XML does not allow`,
			wantDiag:  "text \"a\\x01b\" holds characters XML does not allow, or invalid UTF-8, replaced by U+FFFD",
			check:     func(t *testing.T, r invocation.Response) { require.Equal(t, "a\uFFFDb", r.RequestID) }},
		{name: "element in text", in: doc("<RequestId>r<b>x</b></RequestId>"),
			strictErr: `element <b> in <RequestId>, which holds text`, wantDiag: `element <b> in <RequestId>, which holds text, passed over`,
			check: func(t *testing.T, r invocation.Response) { require.Equal(t, "r", r.RequestID) }},
		{name: "root case", in: "<describeinvocationsresponse></describeinvocationsresponse>",
			strictErr: `root element <describeinvocationsresponse>, want <DescribeInvocationsResponse>`,
			wantDiag:  `root element <describeinvocationsresponse> taken as <DescribeInvocationsResponse>`},
		{name: "text before root", in: "x" + doc(""),
			strictErr: `text "x" before the root element`, wantDiag: `text "x" before the root element, passed over`},
		{name: "data after root", in: doc("") + "<x>y</x>",
			strictErr: `data after the root element: "<x>y</x>"`, wantDiag: `data after the root element passed over: "<x>y</x>"`},
		{name: "encoding", in: `<?xml version="1.0" encoding="ISO-8859-1"?>` + doc(""),
			strictErr: `encoding "ISO-8859-1" is not supported: the input must be UTF-8`,
			wantDiag:  `encoding "ISO-8859-1" declared, input read as UTF-8`},
		{name: "non-ASCII name", in: doc("<Zukunft-ä>x</Zukunft-ä>"),
			strictErr: `non-ASCII name "Zukunft-ä"`, wantDiag: `unknown element <Zukunft-ä> passed over: its name cannot be written back`,
			check: func(t *testing.T, r invocation.Response) { require.Empty(t, r.Unknown) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := xmlcodec.DecodeResponse([]byte(tt.in))
			require.Error(t, err)
			require.Contains(t, err.Error(), tt.strictErr)
			r, diags, err := lenient.DecodeResponse([]byte(tt.in))
			require.NoError(t, err)
			if tt.wantDiag == "" {
				require.Empty(t, diags)
				return
			}
			require.Len(t, diags, 1+tt.more, "%v", diags)
			require.Equal(t, tt.wantDiag, diags[0].Message)
			if tt.check != nil {
				tt.check(t, r)
			}
		})
	}
}

// Defects no mode forgives, each at its place.
func TestErrors(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		line, col int
		path      string
		wantMsg   string
	}{
		{"empty", ``, 1, 1, "", `no root element`},
		{"end tag first", `</a>`, 1, 1, "", `end tag </a> before the root element`},
		{"other root", `<Error/>`, 1, 1, "", `root element <Error>, want <DescribeInvocationsResponse>`},
		{"mismatched", doc("<RequestId>r</Request>"), 1, 42, "RequestId", `end tag </Request> does not match <RequestId>`},
		{"mismatched list", doc("<Invocations></Invocation>"), 1, 43, "Invocations", `end tag </Invocation> does not match <Invocations>`},
		{"mismatched in skip", doc("<Other><a></b></Other>"), 1, 40, "", `end tag </b> does not match <a>`},
		{"bad name", doc("<1a/>"), 1, 31, "", `expected a name, found "1a/>`},
		{"unterminated tag", `<DescribeInvocationsResponse`, 1, 29, "", `unterminated start tag <DescribeInvocationsResponse`},
		{"bad attribute", `<DescribeInvocationsResponse a>`, 1, 31, "", `expected '=' after the attribute a`},
		{"unquoted attribute", `<DescribeInvocationsResponse a=b>`, 1, 32, "", `expected a quoted value for the attribute a`},
		{"unterminated attribute", `<DescribeInvocationsResponse a="b>`, 1, 32, "", `unterminated value of the attribute a`},
		{"lt in attribute", `<DescribeInvocationsResponse a="<"/>`, 1, 32, "", `'<' in the value of the attribute a`},
		{"bad entity in attribute", `<DescribeInvocationsResponse a="&x;"/>`, 1, 33, "", `unknown reference &x;`},
		{"attributes run together", `<DescribeInvocationsResponse a="1"b="2"/>`, 1, 35, "", `expected white space, '>' or '/>'`},
		{"bad self-close", `<DescribeInvocationsResponse /x>`, 1, 30, "", `expected '/>' in the start tag`},
		{"bad end tag", doc("<RequestId>r</RequestId x>"), 1, 54, "RequestId", `expected '>' to end the end tag </RequestId>`},
		{"unknown entity", doc("<RequestId>&nbsp;</RequestId>"), 1, 41, "RequestId", `unknown reference &nbsp;`},
		{"bare ampersand", doc("<RequestId>a & b</RequestId>"), 1, 43, "RequestId", `'&' that starts no reference`},
		{"bad char ref", doc("<RequestId>&#0;</RequestId>"), 1, 41, "RequestId", `unknown reference &#0;`},
		{"bad hex ref", doc("<RequestId>&#xZZ;</RequestId>"), 1, 41, "RequestId", `unknown reference &#xZZ;`},
		{"empty ref", doc("<RequestId>&#;</RequestId>"), 1, 41, "RequestId", `unknown reference &#;`},
		{"huge ref", doc("<RequestId>&#x1100000;</RequestId>"), 1, 41, "RequestId", `unknown reference &#x1100000;`},
		{"unterminated comment", doc("<!-- x"), 1, 30, "", `unterminated comment`},
		{"double hyphen", doc("<!-- a -- b -->"), 1, 37, "", `"--" inside a comment`},
		{"unterminated cdata", doc("<RequestId><![CDATA[x"), 1, 41, "RequestId", `unterminated CDATA section`},
		{"unterminated PI", `<?xml version="1.0"`, 1, 1, "", `unterminated processing instruction`},
		{"PI without target", `<? x?>`, 1, 3, "", `expected a name, found " x?>"`},
		{"bad declaration", `<?xml encoding=x?>` + doc(""), 1, 1, "", `malformed XML declaration`},
		{"unterminated declaration value", `<?xml encoding="x?>` + doc(""), 1, 1, "", `malformed XML declaration`},
		{"internal subset", `<!DOCTYPE x [<!ENTITY a "b">]>` + doc(""), 1, 1, "", `unsupported document type declaration`},
		{"overflow", doc("<PageSize>99999999999999999999</PageSize>"), 1, 40, "PageSize", `"99999999999999999999" is not an integer`},
		{"deep path", doc("<Invocations><Invocation/><Invocation><InvokeInstances><InvokeInstance><InstanceId><x/></InstanceId>"),
			1, 113, "Invocations.Invocation[1].InvokeInstances.InvokeInstance[0].InstanceId", `element <x> in <InstanceId>, which holds text`},
		{"second line", "<DescribeInvocationsResponse>\n  <TotalCount>x</TotalCount>", 2, 15, "TotalCount", `"x" is not an integer`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := xmlcodec.DecodeResponse([]byte(tt.in))
			var de *xmlcodec.DecodeError
			require.True(t, errors.As(err, &de), "%v", err)
			require.Equal(t, [2]int{tt.line, tt.col}, [2]int{de.Line, de.Column}, "%v", err)
			require.Equal(t, tt.path, de.Path)
			require.Contains(t, de.Message, tt.wantMsg)
			require.Equal(t, fmt.Sprintf("xmlcodec: %s: %s", xmlcodec.Position{Line: de.Line, Column: de.Column, Path: de.Path}, de.Message), err.Error())
			require.True(t, errors.Is(err, xmlcodec.ErrSyntax) || errors.Is(err, xmlcodec.ErrValue))
		})
	}
}

// Strict mode passes over elements it does not know, attributes,
// namespaces, comments, processing instructions and a document type
// declaration; it reads references, CDATA and normalizes line ends.
func TestWellFormedVariety(t *testing.T) {
	in := "<?xml version='1.0' encoding='utf-8'?>\n<!DOCTYPE DescribeInvocationsResponse>\n<!-- a response -->\n" +
		`<DescribeInvocationsResponse xmlns="urn:x" a:b='c'>` +
		"<Future><Deep x=\"1\"><Deeper/>text</Deep></Future><?pi data?>" +
		"<RequestId>a&lt;&gt;&amp;&apos;&quot;&#65;&#x42;<![CDATA[<&]]>\r\nz<!-- c --></RequestId>" +
		"<x:TotalCount> 7 </x:TotalCount><PageSize/>" +
		"<Invocations><Other/><Invocation><Timed> 1 </Timed><InvokeInstances/><CreationTime>2020-01-19T09:15:46Z</CreationTime></Invocation>" +
		"<Invocation><Timed>0</Timed></Invocation></Invocations>" +
		"</DescribeInvocationsResponse>\n<!-- after -->\n"
	r, err := xmlcodec.DecodeResponse([]byte(in))
	require.NoError(t, err)
	require.Equal(t, "a<>&'\"AB<&\nz", r.RequestID)
	require.Equal(t, 7, r.TotalCount)
	require.Len(t, r.Invocations, 2)
	require.True(t, r.Invocations[0].Timed)
	require.Nil(t, r.Invocations[0].Instances)
	require.Equal(t, time.Date(2020, 1, 19, 9, 15, 46, 0, time.UTC), r.Invocations[0].CreationTime)

	var ref struct {
		RequestId  string
		TotalCount int
	}
	require.NoError(t, xml.Unmarshal([]byte(in), &ref))
	require.Equal(t, ref.RequestId, r.RequestID, "agrees with encoding/xml")
	require.Equal(t, ref.TotalCount, r.TotalCount)
}

// A broken tag in a list that its own end tag closes is an unknown
// element: lenient mode passes over it without a trace, as strict does.
func TestLenientUnknownListElement(t *testing.T) {
	in := doc("<Invocations><Future>x<InvokeId>no</InvokeId></Future><Invocation><InvokeId>t-1</InvokeId></Invocation></Invocations>")
	for _, dec := range []xmlcodec.Decoder{{}, lenient} {
		r, diags, err := dec.DecodeResponse([]byte(in))
		require.NoError(t, err)
		require.Empty(t, diags)
		require.Len(t, r.Invocations, 1)
		require.Equal(t, "t-1", r.Invocations[0].InvokeID)
	}
	// One that fails as an item is passed over as it would be strictly.
	in = doc("<Invocations><Future><Timed><x/></Timed></Future></Invocations>")
	r, diags, err := lenient.DecodeResponse([]byte(in))
	require.NoError(t, err)
	require.Empty(t, diags)
	require.Empty(t, r.Invocations)
	_, _, err = lenient.DecodeResponse([]byte(doc("<Invocations><Future><Timed></x></Future></Invocations>")))
	require.ErrorIs(t, err, xmlcodec.ErrSyntax)
}

func TestLimits(t *testing.T) {
	deep := doc(strings.Repeat("<a>", 10) + strings.Repeat("</a>", 10))
	_, _, err := xmlcodec.Decoder{MaxDepth: 5}.DecodeResponse([]byte(deep))
	require.ErrorIs(t, err, xmlcodec.ErrLimit)
	require.Contains(t, err.Error(), "elements nested deeper than 5")
	_, _, err = xmlcodec.Decoder{MaxDepth: 12}.DecodeResponse([]byte(deep))
	require.NoError(t, err)
	_, _, err = xmlcodec.Decoder{MaxDepth: 2}.DecodeResponse([]byte(inv("")))
	require.ErrorIs(t, err, xmlcodec.ErrLimit)
	_, _, err = xmlcodec.Decoder{MaxDepth: 3}.DecodeResponse([]byte(inv("<InvokeId>x</InvokeId>")))
	require.ErrorIs(t, err, xmlcodec.ErrLimit)

	many := doc("<Invocations><Invocation/><Invocation/><Invocation/></Invocations>")
	_, _, err = xmlcodec.Decoder{MaxItems: 2}.DecodeResponse([]byte(many))
	require.ErrorIs(t, err, xmlcodec.ErrLimit)
	require.Contains(t, err.Error(), "more than 2 list items in the response")

	_, _, err = xmlcodec.Decoder{MaxBytes: 10}.DecodeResponse([]byte(many))
	require.EqualError(t, err, fmt.Sprintf("xmlcodec: line 1, column 1: input of %d bytes exceeds the limit of 10", len(many)))
	for _, f := range []func() error{
		func() error { _, _, err := xmlcodec.Decoder{MaxBytes: 10}.DecodeResponseString(many); return err },
		func() error {
			_, _, err := xmlcodec.Decoder{MaxBytes: 10}.ReadResponse(strings.NewReader(many))
			return err
		},
		func() error { _, _, err := xmlcodec.Decoder{MaxBytes: 10}.DecodeAPIError([]byte(many)); return err },
		func() error {
			_, _, err := xmlcodec.Decoder{MaxBytes: 10}.ReadAPIError(strings.NewReader(many))
			return err
		},
	} {
		require.ErrorIs(t, f(), xmlcodec.ErrLimit)
	}
}

func TestRead(t *testing.T) {
	data := read(t, "seed-success.xml")
	want, diags, err := lenient.DecodeResponse(data)
	require.NoError(t, err)
	got, diags2, err := lenient.ReadResponse(iotest.OneByteReader(strings.NewReader(string(data))))
	require.NoError(t, err)
	require.Equal(t, want, got)
	require.Equal(t, diags, diags2)

	boom := errors.New("boom")
	_, _, err = xmlcodec.Decoder{}.ReadResponse(iotest.ErrReader(boom))
	require.ErrorIs(t, err, boom)
	require.EqualError(t, err, "xmlcodec: line 1, column 1: reading input: boom")
	_, _, err = xmlcodec.Decoder{}.ReadAPIError(iotest.ErrReader(boom))
	require.ErrorIs(t, err, boom)
	e, _, err := xmlcodec.Decoder{}.ReadAPIError(strings.NewReader(string(read(t, "seed-error.xml"))))
	require.NoError(t, err)
	require.Equal(t, apierror.MissingParameterRegionID, e.Code)
	_, _, err = xmlcodec.Decoder{}.DecodeAPIError([]byte("<Error><Code>x</Code></Error><x/>"))
	require.ErrorIs(t, err, xmlcodec.ErrSyntax)
}

func TestEncode(t *testing.T) {
	r := invocation.Response{
		RequestID: "r", TotalCount: 1, PageNumber: 1, PageSize: 10, NextToken: "n",
		Invocations: []invocation.Invocation{{
			InvokeID: "t-<&>\"'\r\n\t\x01", CommandType: "runshellscript", InvokeStatus: "success",
			InvocationStatus: "success", Frequency: "a\xffb\uFFFE", CreationTime: time.Date(2020, 1, 19, 17, 15, 46, 0, time.FixedZone("", 8*3600)),
			Instances: []invocation.InvokeInstance{{InstanceID: "i", InstanceInvokeStatus: "running", InvocationStatus: "TIMEOUT"}},
		}},
	}
	got := string(xmlcodec.AppendResponse(nil, &r))
	want := `<DescribeInvocationsResponse><TotalCount>1</TotalCount><PageNumber>1</PageNumber><PageSize>10</PageSize>` +
		`<NextToken>n</NextToken><Invocations><Invocation><InvokeId>t-&lt;&amp;&gt;&#34;&#39;&#xD;&#xA;&#x9;` + "\uFFFD" + `</InvokeId>` +
		`<CommandId></CommandId><CommandName></CommandName><CommandType>RunShellScript</CommandType>` +
		`<InvokeStatus>Finished</InvokeStatus><InvocationStatus>Success</InvocationStatus><Timed>false</Timed>` +
		"<Frequency>a\uFFFDb\uFFFD</Frequency><CreationTime>2020-01-19T09:15:46Z</CreationTime><InvokeInstances><InvokeInstance>" +
		`<InstanceId>i</InstanceId><InstanceInvokeStatus>Running</InstanceInvokeStatus><InvocationStatus>Timeout</InvocationStatus>` +
		`</InvokeInstance></InvokeInstances></Invocation></Invocations><RequestId>r</RequestId></DescribeInvocationsResponse>`
	require.Equal(t, want, got)
	require.NoError(t, xml.Unmarshal([]byte(got), new(struct{})), "well-formed")

	var b strings.Builder
	require.NoError(t, xmlcodec.WriteResponse(&b, &r))
	require.Equal(t, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+want, b.String())

	e := &apierror.Error{Code: apierror.InvalidParamPageSize, Message: `"x"<`, RequestID: "r", HostID: "h"}
	require.Equal(t, `<Error><RequestId>r</RequestId><HostId>h</HostId><Code>InvalidParam.PageSize</Code><Message>&#34;x&#34;&lt;</Message></Error>`,
		string(xmlcodec.AppendAPIError(nil, e)))
	b.Reset()
	require.NoError(t, xmlcodec.WriteAPIError(&b, e))
	require.True(t, strings.HasSuffix(b.String(), string(xmlcodec.AppendAPIError(nil, e))))

	boom := errors.New("boom")
	require.ErrorIs(t, xmlcodec.WriteResponse(failWriter{boom}, &r), boom)
	require.ErrorIs(t, xmlcodec.WriteAPIError(failWriter{boom}, e), boom)
}

type failWriter struct{ err error }

func (w failWriter) Write([]byte) (int, error) { return 0, w.err }

// decode(encode(r)) == r in both modes, every field and unknown member
// of what XML decoding keeps; XML → model → JSON → model keeps every
// known field and the unknown text; strict-accepted input decodes
// identically in lenient mode.
func TestRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := gen.Response(gen.XML).Draw(t, "response")
		data := xmlcodec.AppendResponse(nil, &r)
		got, err := xmlcodec.DecodeResponse(data)
		require.NoError(t, err)
		if diff := cmp.Diff(r, got); diff != "" {
			t.Fatalf("round trip mismatch (-want +got):\n%s\n%s", diff, data)
		}
		lgot, diags, err := lenient.DecodeResponse(data)
		require.NoError(t, err)
		require.Empty(t, diags)
		require.Equal(t, got, lgot)

		viaJSON, err := jsoncodec.DecodeResponse(jsoncodec.AppendResponse(nil, &got))
		require.NoError(t, err)
		require.Equal(t, codectest.AcrossFormats(got), viaJSON, "XML → model → JSON → model")

		e := gen.APIError().Draw(t, "error")
		ge, err := xmlcodec.DecodeAPIError(xmlcodec.AppendAPIError(nil, e))
		require.NoError(t, err)
		require.Equal(t, e, ge)
	})
}

// An empty number or boolean element is absent, as encoding/xml takes it;
// one of white space only is not a number or boolean, as encoding/xml
// refuses it too (a regression found by FuzzStdlib).
func TestEmptyScalars(t *testing.T) {
	r, err := xmlcodec.DecodeResponse([]byte(inv("<Timed></Timed>") + ""))
	require.NoError(t, err)
	require.False(t, r.Invocations[0].Timed)
	r, err = xmlcodec.DecodeResponse([]byte(doc("<TotalCount/><PageSize></PageSize>")))
	require.NoError(t, err)
	require.Zero(t, r.TotalCount)
	for _, in := range []string{doc("<TotalCount> </TotalCount>"), inv("<Timed>\n</Timed>")} {
		_, err := xmlcodec.DecodeResponse([]byte(in))
		require.ErrorIs(t, err, xmlcodec.ErrValue, in)
		_, diags, err := lenient.DecodeResponse([]byte(in))
		require.NoError(t, err)
		require.Len(t, diags, 1)
	}
}

func TestPositions(t *testing.T) {
	pos := xmlcodec.Positions(read(t, "seed-success.xml"))
	for path, want := range map[string][2]int{
		"Invocations":                     {5, 5},
		"Invocations.Invocation[0].Timed": {22, 17},
		"Invocations.Invocation[4]":       {78, 9},
		"Invocations.Invocation[4].InvokeInstances.InvokeInstance[0].InstanceInvokeStatus": {87, 25},
		"RequestId": {94, 5},
	} {
		p, ok := pos[path]
		require.True(t, ok, path)
		require.Equal(t, want, [2]int{p.Line, p.Column}, path)
		require.Equal(t, path, p.Path)
	}
	require.Empty(t, xmlcodec.Positions([]byte("not xml")))
}

// Attribute values are passed over, but must hold characters XML allows,
// as encoding/xml requires (a regression found by FuzzStdlib).
func TestAttributeCharacters(t *testing.T) {
	in := "<DescribeInvocationsResponse a=\"\x00\"></DescribeInvocationsResponse>"
	_, err := xmlcodec.DecodeResponse([]byte(in))
	require.ErrorIs(t, err, xmlcodec.ErrSyntax)
	_, diags, err := lenient.DecodeResponse([]byte(in))
	require.NoError(t, err)
	require.Len(t, diags, 1)
}

// A page of token paging carries NextToken and no PageNumber or PageSize
// (token paging): the encoder omits them when 0, which no page of page-number
// paging has, and decoding their absence gives 0.
func TestTokenPage(t *testing.T) {
	r := invocation.Response{RequestID: "r", TotalCount: 3, NextToken: "n"}
	got := string(xmlcodec.AppendResponse(nil, &r))
	require.Equal(t, doc(`<TotalCount>3</TotalCount><NextToken>n</NextToken><Invocations></Invocations><RequestId>r</RequestId>`), got)
	back, err := xmlcodec.DecodeResponse([]byte(got))
	require.NoError(t, err)
	require.Equal(t, r, back)

	r = invocation.Response{RequestID: "r", TotalCount: 3, PageNumber: 1, PageSize: 10}
	require.Equal(t, doc(`<TotalCount>3</TotalCount><PageNumber>1</PageNumber><PageSize>10</PageSize><Invocations></Invocations><RequestId>r</RequestId>`),
		string(xmlcodec.AppendResponse(nil, &r)))
}

// The vendor's documented sample of the current edition, with every field
// of the current edition: both modes decode it to the same response, with no
// diagnostic, absent values told from zeros (the running instance has no
// ExitCode; the other's Dropped is a present 0), and the encoder writes it
// as the golden file has it, which decodes back to the same.
func TestCurrentSample(t *testing.T) {
	data := read(t, "current-success.xml")
	r, err := xmlcodec.DecodeResponse(data)
	require.NoError(t, err)
	if diff := cmp.Diff(codectest.CurrentSample(), r); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	lr, diags, err := lenient.DecodeResponse(data)
	require.NoError(t, err)
	require.Empty(t, diags)
	require.Equal(t, r, lr)

	out := xmlcodec.AppendResponse(nil, &r)
	golden.Check(t, "testdata/current-success.encoded.xml", out)
	back, err := xmlcodec.DecodeResponse(out)
	require.NoError(t, err)
	require.Equal(t, r, back)
}
