package xmlcodec_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/xmlcodec"
)

// instance puts an instance's elements into a response.
func instance(elements string) string {
	return doc("<Invocations><Invocation><InvokeInstances><InvokeInstance>" + elements +
		"</InvokeInstance></InvokeInstances></Invocation></Invocations>")
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// The current edition's values as text: each absent, zero or set; an
// empty element is absent, after a value of the same name too.
func TestCurrentValues(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		want     invocation.InvokeInstance
	}{
		{"absent", instance(`<InstanceId>i</InstanceId>`), invocation.InvokeInstance{InstanceID: "i"}},
		{"empty", instance(`<ExitCode></ExitCode><Repeats/><Timed></Timed><StopTime></StopTime><ErrorCode/>`), invocation.InvokeInstance{}},
		{"zeros", instance(`<ExitCode>0</ExitCode><Repeats> 0 </Repeats><Dropped>0</Dropped><Timed>0</Timed>`), invocation.InvokeInstance{
			ExitCode: invocation.Some[int64](0), Repeats: invocation.Some[int32](0), Dropped: invocation.Some[int32](0), Timed: invocation.Some(false)}},
		{"limits", instance(`<ExitCode>-9223372036854775808</ExitCode><Repeats>2147483647</Repeats><Timed>true</Timed>`), invocation.InvokeInstance{
			ExitCode: invocation.Some[int64](-1 << 63), Repeats: invocation.Some[int32](1<<31 - 1), Timed: invocation.Some(true)}},
		{"times", instance(`<FinishTime> 2020-05-11T09:01:41Z </FinishTime>`), invocation.InvokeInstance{FinishTime: mustTime("2020-05-11T09:01:41Z")}},
		{"codes verbatim, states canonical", instance(`<ErrorCode> exitcodenonzero</ErrorCode><OssOutputStatus>FAILED</OssOutputStatus>`), invocation.InvokeInstance{
			ErrorCode: " exitcodenonzero", OssOutputStatus: invocation.OssFailed}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, err := xmlcodec.DecodeResponse([]byte(tt.in))
			require.NoError(t, err)
			if diff := cmp.Diff(tt.want, r.Invocations[0].Instances[0]); diff != "" {
				t.Fatalf("(-want +got):\n%s", diff)
			}
		})
	}

	r, err := xmlcodec.DecodeResponse([]byte(inv(`<Timeout>0</Timeout><RepeatMode>everyreboot</RepeatMode><TerminationMode>Process</TerminationMode>` +
		`<Tags><Tag><TagKey>k</TagKey><TagValue/></Tag><Tag><TagKey>k2</TagKey><TagValue>v</TagValue></Tag></Tags>`)))
	require.NoError(t, err)
	v := r.Invocations[0]
	require.Equal(t, invocation.Some[int64](0), v.Timeout)
	require.Equal(t, invocation.EveryReboot, v.RepeatMode)
	require.Equal(t, invocation.Process, v.TerminationMode)
	require.Equal(t, []invocation.Tag{{Key: "k"}, {Key: "k2", Value: "v"}}, v.Tags)
}

// Values of the wrong form or range: strict fails at them, lenient takes
// them as absent or converts them, with a diagnostic.
func TestCurrentDefects(t *testing.T) {
	for _, tt := range []struct {
		name, in, strictErr, wantDiag string
		want                          invocation.InvokeInstance
	}{
		{"int32 range", instance(`<Dropped>2147483648</Dropped>`), `"2147483648" is not a 32-bit integer`,
			`"2147483648" is not a 32-bit integer, taken as absent`, invocation.InvokeInstance{}},
		{"not a number", instance(`<ExitCode>one</ExitCode>`), `"one" is not an integer`,
			`"one" is not an integer, taken as absent`, invocation.InvokeInstance{}},
		{"boolean case", instance(`<Timed>True</Timed>`), `"True" is not a boolean`,
			`boolean written as "True"`, invocation.InvokeInstance{Timed: invocation.Some(true)}},
		{"name case", instance(`<exitCode>1</exitCode>`), `element <exitCode> differs from <ExitCode> only in case`,
			`element <exitCode> taken as <ExitCode>`, invocation.InvokeInstance{ExitCode: invocation.Some[int64](1)}},
		{"end tag case", instance(`<Repeats>2</repeats>`), `end tag </repeats> does not match <Repeats>`,
			`end tag </repeats> closes <Repeats>`, invocation.InvokeInstance{Repeats: invocation.Some[int32](2)}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := xmlcodec.DecodeResponse([]byte(tt.in))
			require.ErrorContains(t, err, tt.strictErr)
			r, diags, err := lenient.DecodeResponse([]byte(tt.in))
			require.NoError(t, err)
			require.Len(t, diags, 1, "%v", diags)
			require.Equal(t, tt.wantDiag, diags[0].Message)
			require.Equal(t, tt.want, r.Invocations[0].Instances[0])
		})
	}
}

// Elements the schema does not know are kept in order, per response,
// invocation and instance: text elements as strings, others verbatim; and
// written back after the known fields, in the same order.
func TestUnknownElements(t *testing.T) {
	in := doc(`<Note>a&amp;b</Note><TotalCount>1</TotalCount><Future a="1"><b>x</b></Future>` +
		`<Invocations><Skipped>in a wrapper</Skipped><Invocation><InvokeId>t-1</InvokeId><Level>3</Level><Empty/><Data><![CDATA[<x>]]> y</Data>` +
		`<InvokeInstances><InvokeInstance><InstanceId>i-1</InstanceId><ns:Ext>p</ns:Ext><Seq><i>1</i><!-- c --></Seq></InvokeInstance></InvokeInstances>` +
		`</Invocation></Invocations>`)
	r, err := xmlcodec.DecodeResponse([]byte(in))
	require.NoError(t, err)
	require.Equal(t, []invocation.Member{
		{Name: "Note", Kind: invocation.String, Text: "a&b"},
		{Name: "Future", Kind: invocation.Raw, Text: `<Future a="1"><b>x</b></Future>`, Format: "xml"},
	}, r.Unknown)
	require.Equal(t, []invocation.Member{
		{Name: "Level", Kind: invocation.String, Text: "3"},
		{Name: "Empty", Kind: invocation.String},
		{Name: "Data", Kind: invocation.String, Text: "<x> y"},
	}, r.Invocations[0].Unknown)
	require.Equal(t, []invocation.Member{
		{Name: "Ext", Kind: invocation.Raw, Text: `<ns:Ext>p</ns:Ext>`, Format: "xml"},
		{Name: "Seq", Kind: invocation.Raw, Text: `<Seq><i>1</i><!-- c --></Seq>`, Format: "xml"},
	}, r.Invocations[0].Instances[0].Unknown)

	out := string(xmlcodec.AppendResponse(nil, &r))
	require.Contains(t, out, `<RequestId></RequestId><Note>a&amp;b</Note><Future a="1"><b>x</b></Future></DescribeInvocationsResponse>`)
	require.Contains(t, out, `<InstanceInvokeStatus></InstanceInvokeStatus><ns:Ext>p</ns:Ext><Seq><i>1</i><!-- c --></Seq></InvokeInstance>`)
	require.Contains(t, out, `</InvokeInstances><Level>3</Level><Empty></Empty><Data>&lt;x&gt; y</Data></Invocation>`)
	back, err := xmlcodec.DecodeResponse([]byte(out))
	require.NoError(t, err)
	require.Equal(t, r, back)
	require.Empty(t, xmlcodec.Unwritten(&r))

	// Leniently, text with defects is kept as lenient mode reads it; an
	// element with children that only lenient mode reads is passed over,
	// with a diagnostic.
	r, diags, err := lenient.DecodeResponse([]byte(doc("<A>x\x01y</A><B><c></C></B><D>ok</D>")))
	require.NoError(t, err)
	require.Len(t, diags, 3, "%v", diags)
	require.Equal(t, "unknown element <B> passed over: it is well-formed only in lenient mode", diags[2].Message)
	require.Equal(t, []invocation.Member{{Name: "A", Kind: invocation.String, Text: "x\uFFFDy"}, {Name: "D", Kind: invocation.String, Text: "ok"}}, r.Unknown)
}

// A member from JSON whose name is not an XML name, or a JSON value kept
// verbatim, is not written; null is an empty element.
func TestUnknownFromJSON(t *testing.T) {
	r := invocation.Response{RequestID: "r", Unknown: []invocation.Member{
		{Name: "n", Kind: invocation.Number, Text: "1.5"}, {Name: "z", Kind: invocation.Null}, {Name: "a b", Kind: invocation.String, Text: "x"},
		{Name: "o", Kind: invocation.Raw, Text: "{}", Format: "json"}, {Name: "t", Kind: invocation.Bool, Text: "true"},
	}}
	out := string(xmlcodec.AppendResponse(nil, &r))
	require.Contains(t, out, `<RequestId>r</RequestId><n>1.5</n><z></z><t>true</t></DescribeInvocationsResponse>`)
	require.Equal(t, []string{"a b", "o"}, xmlcodec.Unwritten(&r))
}
