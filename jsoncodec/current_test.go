package jsoncodec_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ecsassist/cloudassistant/internal/codectest"
	"github.com/ecsassist/cloudassistant/internal/gen"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/jsoncodec"
	"github.com/ecsassist/cloudassistant/xmlcodec"
)

// instance puts an instance's members into a response.
func instance(members string) string {
	return `{"Invocations":{"Invocation":[{"InvokeInstances":{"InvokeInstance":[{` + members + `}]}}]}}`
}

// The current edition's values on the wire: numbers and booleans as JSON
// has them, each absent, zero or set; an empty time is absent, as the
// vendor's sample writes a StopTime not yet set.
func TestCurrentValues(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		want     invocation.InvokeInstance
	}{
		{"absent", instance(`"InstanceId":"i"`), invocation.InvokeInstance{InstanceID: "i"}},
		{"zeros", instance(`"ExitCode":0,"Repeats":0,"Dropped":0,"Timed":false`), invocation.InvokeInstance{
			ExitCode: invocation.Some[int64](0), Repeats: invocation.Some[int32](0), Dropped: invocation.Some[int32](0), Timed: invocation.Some(false)}},
		{"limits", instance(`"ExitCode":-9223372036854775808,"Repeats":2147483647,"Dropped":-2147483648,"Timed":true`), invocation.InvokeInstance{
			ExitCode: invocation.Some[int64](-1 << 63), Repeats: invocation.Some[int32](1<<31 - 1), Dropped: invocation.Some[int32](-1 << 31), Timed: invocation.Some(true)}},
		{"Windows exit code", instance(`"ExitCode":3221225477`), invocation.InvokeInstance{ExitCode: invocation.Some[int64](3221225477)}},
		{"empty time", instance(`"StopTime":"","FinishTime":"2020-05-11T09:01:41Z"`), invocation.InvokeInstance{FinishTime: mustTime("2020-05-11T09:01:41Z")}},
		{"codes verbatim, states canonical", instance(`"ErrorCode":" exitcodenonzero","OssOutputStatus":" inprogress "`), invocation.InvokeInstance{
			ErrorCode: " exitcodenonzero", OssOutputStatus: invocation.OssInProgress}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, err := jsoncodec.DecodeResponse([]byte(tt.in))
			require.NoError(t, err)
			if diff := cmp.Diff(tt.want, r.Invocations[0].Instances[0]); diff != "" {
				t.Fatalf("(-want +got):\n%s", diff)
			}
		})
	}

	r, err := jsoncodec.DecodeResponse([]byte(wrap(`"Timeout":0,"RepeatMode":"period","TerminationMode":"processtree","Tags":{"Tag":[{"TagKey":"k","TagValue":""},{"TagKey":"k2","TagValue":"v"}]}`)))
	require.NoError(t, err)
	inv := r.Invocations[0]
	require.Equal(t, invocation.Some[int64](0), inv.Timeout)
	require.Equal(t, invocation.Period, inv.RepeatMode)
	require.Equal(t, invocation.ProcessTree, inv.TerminationMode)
	require.Equal(t, []invocation.Tag{{Key: "k"}, {Key: "k2", Value: "v"}}, inv.Tags)
}

// Values of the wrong type or range: strict fails at them, lenient takes
// them as absent or converts them, with a diagnostic, as for the seed's
// fields.
func TestCurrentDefects(t *testing.T) {
	for _, tt := range []struct {
		name, in, strictErr, wantDiag string
		want                          invocation.InvokeInstance
	}{
		{"int32 range", instance(`"Repeats":2147483648`), `2147483648 is not a 32-bit integer`,
			`2147483648 is not a 32-bit integer, taken as absent`, invocation.InvokeInstance{}},
		{"number as string", instance(`"ExitCode":"7"`), `expected an integer, found "\"7\"`,
			`integer written as the string "7"`, invocation.InvokeInstance{ExitCode: invocation.Some[int64](7)}},
		{"boolean as string", instance(`"Timed":"True"`), `expected a boolean, found "\"True\"`,
			`boolean written as the string "True"`, invocation.InvokeInstance{Timed: invocation.Some(true)}},
		{"null", instance(`"Dropped":null`), `expected an integer, found "null`,
			`null for an integer, taken as absent`, invocation.InvokeInstance{}},
		{"key case", instance(`"exitcode":1`), `key "exitcode" differs from "ExitCode" only in case`,
			`key "exitcode" taken as "ExitCode"`, invocation.InvokeInstance{ExitCode: invocation.Some[int64](1)}},
		{"fraction", instance(`"ExitCode":1.5`), `1.5 is not an integer`,
			`1.5 is not an integer, taken as absent`, invocation.InvokeInstance{}},
		{"time with offset", instance(`"StartTime":"2020-05-11T17:01:40+08:00"`), `StartTime "2020-05-11T17:01:40+08:00" is not a UTC time`,
			`StartTime "2020-05-11T17:01:40+08:00" converted to UTC second precision`, invocation.InvokeInstance{StartTime: mustTime("2020-05-11T09:01:40Z")}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := jsoncodec.DecodeResponse([]byte(tt.in))
			require.ErrorContains(t, err, tt.strictErr)
			r, diags, err := lenient.DecodeResponse([]byte(tt.in))
			require.NoError(t, err)
			require.Len(t, diags, 1, "%v", diags)
			require.Equal(t, tt.wantDiag, diags[0].Message)
			require.Equal(t, tt.want, r.Invocations[0].Instances[0])
		})
	}

	// A single tag object where a list is expected, and null tags.
	_, err := jsoncodec.DecodeResponse([]byte(wrap(`"Tags":{"Tag":{"TagKey":"k","TagValue":"v"}}`)))
	require.ErrorContains(t, err, `expected an array`)
	r, diags, err := lenient.DecodeResponse([]byte(wrap(`"Tags":{"Tag":{"TagKey":"k","TagValue":"v"}}`)))
	require.NoError(t, err)
	require.Len(t, diags, 1)
	require.Equal(t, []invocation.Tag{{Key: "k", Value: "v"}}, r.Invocations[0].Tags)
	r, diags, err = lenient.DecodeResponse([]byte(wrap(`"Tags":{"Tag":null}`)))
	require.NoError(t, err)
	require.Len(t, diags, 1)
	require.Nil(t, r.Invocations[0].Tags)
}

// Members the schema does not know are kept in order, per response,
// invocation and instance, with their kind, and written back after the
// known fields, in the same order.
func TestUnknownMembers(t *testing.T) {
	in := `{"Future":{"a":[1,2.5e3,-0,true,false,null,"x\"y",{"b":{}},[]]},"TotalCount":1,"Note":"n\u00e9",` +
		`"Invocations":{"Invocation":[{"InvokeId":"t-1","Level":3,"Flag":true,"Gone":null,"InvokeInstances":{"InvokeInstance":[` +
		`{"InstanceId":"i-1","Seq":[1,2],"Big":123456789012345678901234567890,"Off":false}]},"Last":"z"}],"Other":1},"RequestId":"r"}`
	r, err := jsoncodec.DecodeResponse([]byte(in))
	require.NoError(t, err)
	require.Equal(t, []invocation.Member{
		{Name: "Future", Kind: invocation.Raw, Text: `{"a":[1,2.5e3,-0,true,false,null,"x\"y",{"b":{}},[]]}`, Format: "json"},
		{Name: "Note", Kind: invocation.String, Text: "né"},
	}, r.Unknown)
	require.Equal(t, []invocation.Member{
		{Name: "Level", Kind: invocation.Number, Text: "3"},
		{Name: "Flag", Kind: invocation.Bool, Text: "true"},
		{Name: "Gone", Kind: invocation.Null},
		{Name: "Last", Kind: invocation.String, Text: "z"},
	}, r.Invocations[0].Unknown)
	require.Equal(t, []invocation.Member{
		{Name: "Seq", Kind: invocation.Raw, Text: `[1,2]`, Format: "json"},
		{Name: "Big", Kind: invocation.Number, Text: "123456789012345678901234567890"},
		{Name: "Off", Kind: invocation.Bool, Text: "false"},
	}, r.Invocations[0].Instances[0].Unknown)

	out := string(jsoncodec.AppendResponse(nil, &r))
	require.Contains(t, out, `"RequestId":"r","Future":{"a":[1,2.5e3,-0,true,false,null,"x\"y",{"b":{}},[]]},"Note":"né"}`)
	require.Contains(t, out, `"InvokeInstances":{"InvokeInstance":[{"InstanceId":"i-1","InstanceInvokeStatus":"","Seq":[1,2],"Big":123456789012345678901234567890,"Off":false}]},"Level":3,"Flag":true,"Gone":null,"Last":"z"}`)
	back, err := jsoncodec.DecodeResponse([]byte(out))
	require.NoError(t, err)
	require.Equal(t, r, back)
	require.Empty(t, jsoncodec.Unwritten(&r))

	// Leniently: literals in other case are canonical, and a structured
	// member that only lenient mode reads is kept as strict mode would
	// read it.
	r, diags, err := lenient.DecodeResponse([]byte(`{"A":TRUE,"B":Null,"C":{"x":[FALSE,"a` + "\xff" + `"]}}`))
	require.NoError(t, err)
	require.Len(t, diags, 4, "%v", diags)
	require.Equal(t, []invocation.Member{
		{Name: "A", Kind: invocation.Bool, Text: "true"},
		{Name: "B", Kind: invocation.Null},
		{Name: "C", Kind: invocation.Raw, Text: `{"x":[false,"a` + "\uFFFD" + `"]}`, Format: "json"},
	}, r.Unknown)
	_, err = jsoncodec.DecodeResponse(jsoncodec.AppendResponse(nil, &r))
	require.NoError(t, err)

	// Members in a list wrapper or a tag are passed over: the model has
	// no place for them.
	r, err = jsoncodec.DecodeResponse([]byte(wrap(`"Tags":{"Tag":[{"TagKey":"k","Color":"red","TagValue":"v"}],"More":1}`)))
	require.NoError(t, err)
	require.Equal(t, []invocation.Tag{{Key: "k", Value: "v"}}, r.Invocations[0].Tags)
	require.Empty(t, r.Invocations[0].Unknown)
}

// Kept members count against MaxItems with the list items.
func TestUnknownMembersLimit(t *testing.T) {
	in := `{"A":1,"B":2,"Invocations":{"Invocation":[{}]}}`
	_, _, err := jsoncodec.Decoder{MaxItems: 2}.DecodeResponse([]byte(in))
	require.ErrorIs(t, err, jsoncodec.ErrLimit)
	require.ErrorContains(t, err, "more than 2 list items in the response")
	_, _, err = jsoncodec.Decoder{MaxItems: 3}.DecodeResponse([]byte(in))
	require.NoError(t, err)
}

// What the JSON encoder leaves out of a response decoded from XML: the
// elements kept verbatim, which it cannot write; and what XML leaves out
// of one decoded from JSON: JSON values kept verbatim, and scalars whose
// names are not XML names.
func TestUnwritten(t *testing.T) {
	x := `<DescribeInvocationsResponse><Invocations><Invocation><InvokeInstances><InvokeInstance><Note>n</Note>` +
		`<Future a="1"/></InvokeInstance></InvokeInstances><Extra><b/></Extra></Invocation></Invocations></DescribeInvocationsResponse>`
	r, err := xmlcodec.DecodeResponse([]byte(x))
	require.NoError(t, err)
	require.Equal(t, []string{"Invocations.Invocation[0].InvokeInstances.InvokeInstance[0].Future", "Invocations.Invocation[0].Extra"},
		jsoncodec.Unwritten(&r))
	require.Empty(t, xmlcodec.Unwritten(&r))
	require.NotContains(t, string(jsoncodec.AppendResponse(nil, &r)), "Future")

	j := `{"Seq":[1],"a b":1,"ok":2,"Invocations":{"Invocation":[{"x:y":"z","InvokeInstances":{"InvokeInstance":[{"Obj":{}}]}}]}}`
	r, err = jsoncodec.DecodeResponse([]byte(j))
	require.NoError(t, err)
	require.Equal(t, []string{"Invocations.Invocation[0].InvokeInstances.InvokeInstance[0].Obj", "Invocations.Invocation[0].x:y", "Seq", "a b"},
		xmlcodec.Unwritten(&r))
	require.Empty(t, jsoncodec.Unwritten(&r))
	out, err := xmlcodec.DecodeResponse(xmlcodec.AppendResponse(nil, &r))
	require.NoError(t, err)
	require.Equal(t, []invocation.Member{{Name: "ok", Kind: invocation.String, Text: "2"}}, out.Unknown)
}

// A member kept by one codec and named as a field, which no decoding
// yields but a caller may build, is never written: it would be read back
// as the field.
func TestUnknownNamedAsField(t *testing.T) {
	r := invocation.Response{RequestID: "r", Unknown: []invocation.Member{{Name: "requestid", Text: "x"}, {Name: "Kept", Text: "y"}}}
	out := string(jsoncodec.AppendResponse(nil, &r))
	require.NotContains(t, out, "requestid")
	require.Contains(t, out, `"Kept":"y"`)
	require.Equal(t, []string{"requestid"}, jsoncodec.Unwritten(&r))
}

// decode_json(encode_json(decode_xml(encode_xml(x)))) keeps every known
// field and scalar unknown member of x, and so does the other way round:
// scalars come back as text, structured members stay in their format.
func TestAcrossFormats(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := gen.Response(gen.Both).Draw(t, "response")
		want := codectest.AcrossFormats(r)

		x, err := xmlcodec.DecodeResponse(xmlcodec.AppendResponse(nil, &r))
		require.NoError(t, err)
		viaXML, err := jsoncodec.DecodeResponse(jsoncodec.AppendResponse(nil, &x))
		require.NoError(t, err)
		if diff := cmp.Diff(want, viaXML); diff != "" {
			t.Fatalf("XML then JSON (-want +got):\n%s", diff)
		}

		j, err := jsoncodec.DecodeResponse(jsoncodec.AppendResponse(nil, &r))
		require.NoError(t, err)
		viaJSON, err := xmlcodec.DecodeResponse(xmlcodec.AppendResponse(nil, &j))
		require.NoError(t, err)
		back, err := jsoncodec.DecodeResponse(jsoncodec.AppendResponse(nil, &viaJSON))
		require.NoError(t, err)
		if diff := cmp.Diff(want, back); diff != "" {
			t.Fatalf("JSON, XML, then JSON (-want +got):\n%s", diff)
		}
	})
}

func TestUnknownInvalidNumbers(t *testing.T) {
	// A caller's Number or Bool whose text is not one is written as a
	// string, so that the output stays JSON.
	r := invocation.Response{Unknown: []invocation.Member{{Name: "n", Kind: invocation.Number, Text: "12abc"}, {Name: "b", Kind: invocation.Bool, Text: "yes"}}}
	out := jsoncodec.AppendResponse(nil, &r)
	require.True(t, strings.Contains(string(out), `"n":"12abc","b":"yes"`), "%s", out)
	_, err := jsoncodec.DecodeResponse(out)
	require.NoError(t, err)
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}
