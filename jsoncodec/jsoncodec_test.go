package jsoncodec_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
)

var lenient = jsoncodec.Decoder{Lenient: true}

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	require.NoError(t, err)
	return b
}

// The reference's examples and the current edition's sample, decoded in
// both modes, against golden files.
func TestSeedGolden(t *testing.T) {
	for _, name := range []string{"seed-success.json", "seed-error.json", "current-success.json"} {
		for _, mode := range []struct {
			name string
			dec  jsoncodec.Decoder
		}{{"strict", jsoncodec.Decoder{}}, {"lenient", lenient}} {
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
				golden.Check(t, "testdata/"+strings.TrimSuffix(name, ".json")+"."+mode.name+".golden", got)
			})
		}
	}
}

// The reference's JSON success example is valid: both modes decode all of
// it, the same, with no diagnostic.
func TestSeedSuccess(t *testing.T) {
	data := read(t, "seed-success.json")
	strict, err := jsoncodec.DecodeResponse(data)
	require.NoError(t, err)
	r, diags, err := lenient.DecodeResponse(data)
	require.NoError(t, err)
	require.Empty(t, diags)
	require.Equal(t, strict, r)

	require.Len(t, r.Invocations, 5)
	instances := 0
	for _, inv := range r.Invocations {
		instances += len(inv.Instances)
	}
	require.Equal(t, 8, instances)
	require.Equal(t, "12E7974A-5AA5-4933-A44C-A16Cxxxxxxxx", r.RequestID)
	require.Equal(t, []int{5, 1, 10}, []int{r.TotalCount, r.PageNumber, r.PageSize})
	first := r.Invocations[0]
	require.Equal(t, "t-a8935b93739442e59ed621a6xxxxxxxx", first.InvokeID)
	require.True(t, first.Timed)
	require.Equal(t, "0 */20 * * * *", first.Frequency)
	require.Equal(t, invocation.RunShellScript, first.CommandType)
	require.Equal(t, status.LegacyFinished, first.Instances[0].InstanceInvokeStatus, `"finished" parses to Finished`)
	require.Equal(t, status.LegacyFinished, r.Invocations[2].InvokeStatus, `"success" is an alias of Finished`)
}

// The reference's JSON error example lacks commas: both modes fail at the
// first missing one, right after "ecs.aliyuncs.com" on line 3.
func TestSeedErrorMissingComma(t *testing.T) {
	data := read(t, "seed-error.json")
	for _, dec := range []jsoncodec.Decoder{{}, lenient} {
		_, _, err := dec.DecodeAPIError(data)
		var de *jsoncodec.DecodeError
		require.True(t, errors.As(err, &de), "%v", err)
		require.ErrorIs(t, err, jsoncodec.ErrSyntax)
		require.Equal(t, 3, de.Line)
		require.Equal(t, 33, de.Column)
		require.Equal(t, 3+len("{\n")+len(`    "RequestId": "540CFF28-407A-40B5-B6A5-74Bxxxxxxxxx",`+"\n")+len(`    "HostId": "ecs.aliyuncs.com"`)-3, de.Offset)
		require.Contains(t, err.Error(), `missing ',' or '}' after the value of "HostId"`)
	}
	// With the commas, it decodes.
	fixed := strings.Replace(strings.Replace(string(data), `.com"`, `.com",`, 1), `RegionId"`, `RegionId",`, 1)
	e, err := jsoncodec.DecodeAPIError([]byte(fixed))
	require.NoError(t, err)
	require.Equal(t, apierror.MissingParameterRegionID, e.Code)
	require.Equal(t, "ecs.aliyuncs.com", e.HostID)
	require.Zero(t, e.HTTPStatus, "a body carries no HTTP status")
}

// wrap puts an invocation's members into a response.
func wrap(members string) string {
	return `{"RequestId":"r","Invocations":{"Invocation":[{"InvokeId":"t-1",` + members + `}]}}`
}

// Each defect that lenient mode forgives: strict fails on it where it
// stands, lenient decodes it with one diagnostic saying what it did.
func TestLenientDefects(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		strictErr string // the strict error's message, after the position
		wantDiag  string
		check     func(t *testing.T, r invocation.Response)
	}{
		{name: "key case", in: wrap(`"invokestatus":"Running"`),
			strictErr: `key "invokestatus" differs from "InvokeStatus" only in case`, wantDiag: `key "invokestatus" taken as "InvokeStatus"`,
			check: func(t *testing.T, r invocation.Response) {
				require.Equal(t, status.LegacyRunning, r.Invocations[0].InvokeStatus)
			}},
		{name: "number as string", in: `{"TotalCount":"5"}`,
			strictErr: `expected an integer, found "\"5\"}"`, wantDiag: `integer written as the string "5"`,
			check: func(t *testing.T, r invocation.Response) { require.Equal(t, 5, r.TotalCount) }},
		{name: "bad number string", in: `{"TotalCount":"five"}`,
			strictErr: `expected an integer, found "\"five\"}"`, wantDiag: `string "five" is not an integer, taken as absent`,
			check: func(t *testing.T, r invocation.Response) { require.Zero(t, r.TotalCount) }},
		{name: "fraction", in: `{"PageSize":2.5}`,
			strictErr: `2.5 is not an integer`, wantDiag: `2.5 is not an integer, taken as absent`},
		{name: "boolean as string", in: wrap(`"Timed":"True"`),
			strictErr: `expected a boolean, found "\"True\"}]}}"`, wantDiag: `boolean written as the string "True"`,
			check: func(t *testing.T, r invocation.Response) { require.True(t, r.Invocations[0].Timed) }},
		{name: "false as string", in: wrap(`"Timed":" false "`),
			strictErr: `expected a boolean`, wantDiag: `boolean written as the string " false "`},
		{name: "bad boolean string", in: wrap(`"Timed":"yes"`),
			strictErr: `expected a boolean`, wantDiag: `string "yes" is not a boolean, taken as absent`},
		{name: "boolean literal case", in: wrap(`"Timed":True`),
			strictErr: `expected a boolean, found "True}]}}"`, wantDiag: `boolean written as True`,
			check: func(t *testing.T, r invocation.Response) { require.True(t, r.Invocations[0].Timed) }},
		{name: "FALSE literal", in: wrap(`"Timed":FALSE`),
			strictErr: `expected a boolean`, wantDiag: `boolean written as FALSE`},
		{name: "null string", in: `{"RequestId":null}`,
			strictErr: `expected a string, found "null}"`, wantDiag: `null for a string, taken as absent`},
		{name: "null integer", in: `{"PageNumber":null}`,
			strictErr: `expected an integer`, wantDiag: `null for an integer, taken as absent`},
		{name: "null boolean", in: wrap(`"Timed":null`),
			strictErr: `expected a boolean`, wantDiag: `null for a boolean, taken as absent`},
		{name: "null list", in: `{"Invocations":{"Invocation":null}}`,
			strictErr: `expected an array, found "null}}"`, wantDiag: `null for a list, taken as empty`},
		{name: "null object", in: `{"Invocations":null}`,
			strictErr: `expected an object, found "null}"`, wantDiag: `null for an object, taken as absent`},
		{name: "string for object", in: `{"Invocations":""}`,
			strictErr: `expected an object`, wantDiag: `string "" where an object is expected, taken as absent`},
		{name: "single object for list", in: wrap(`"InvokeInstances":{"InvokeInstance":{"InstanceId":"i-1","InstanceInvokeStatus":"running"}}`),
			strictErr: `expected an array, found "{\"InstanceId\":\"i"`,
			wantDiag:  `a single object where a list is expected, taken as a list of one`,
			check: func(t *testing.T, r invocation.Response) {
				require.Equal(t, []invocation.InvokeInstance{{InstanceID: "i-1", InstanceInvokeStatus: status.LegacyRunning}}, r.Invocations[0].Instances)
			}},
		{name: "number for string", in: `{"RequestId":12}`,
			strictErr: `expected a string, found "12}"`, wantDiag: `12 where a string is expected, taken as its text`,
			check: func(t *testing.T, r invocation.Response) { require.Equal(t, "12", r.RequestID) }},
		{name: "time with offset", in: wrap(`"CreationTime":"2020-01-19T17:15:46.5+08:00"`),
			strictErr: `CreationTime "2020-01-19T17:15:46.5+08:00" is not a UTC time like 2020-01-19T09:15:46Z`,
			wantDiag:  `CreationTime "2020-01-19T17:15:46.5+08:00" converted to UTC second precision`,
			check: func(t *testing.T, r invocation.Response) {
				require.Equal(t, time.Date(2020, 1, 19, 9, 15, 46, 0, time.UTC), r.Invocations[0].CreationTime)
			}},
		{name: "not a time", in: wrap(`"CreationTime":"yesterday"`),
			strictErr: `CreationTime "yesterday" is not a UTC time`, wantDiag: `CreationTime "yesterday" is not a time, taken as absent`},
		{name: "invalid UTF-8", in: "{\"RequestId\":\"a\xffb\"}",
			strictErr: `invalid UTF-8 in a string`, wantDiag: `invalid UTF-8 byte 0xff in a string, replaced by U+FFFD`,
			check: func(t *testing.T, r invocation.Response) { require.Equal(t, "a\uFFFDb", r.RequestID) }},
		{name: "unknown literal case", in: `{"Other":NULL}`,
			strictErr: `expected a value, found "NULL}"`, wantDiag: `literal written as NULL`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := jsoncodec.DecodeResponse([]byte(tt.in))
			require.Error(t, err)
			require.Contains(t, err.Error(), tt.strictErr)
			var de *jsoncodec.DecodeError
			require.True(t, errors.As(err, &de))
			require.Equal(t, 1, de.Line)
			r, diags, err := lenient.DecodeResponse([]byte(tt.in))
			require.NoError(t, err)
			require.Len(t, diags, 1, "%v", diags)
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
		wantIs    error
	}{
		{"empty", ``, 1, 1, "", `expected an object, found end of input`, jsoncodec.ErrSyntax},
		{"array root", `[]`, 1, 1, "", `expected an object, found "[]"`, jsoncodec.ErrSyntax},
		{"trailing data", `{} {}`, 1, 4, "", `data after the top-level value: "{}"`, jsoncodec.ErrSyntax},
		{"missing colon", `{"RequestId" "x"}`, 1, 14, "", `expected ':' after key "RequestId"`, jsoncodec.ErrSyntax},
		{"unquoted key", `{RequestId:1}`, 1, 2, "", `expected a key, found "RequestId:1}"`, jsoncodec.ErrSyntax},
		{"trailing comma", `{"RequestId":"x",}`, 1, 18, "", `expected a key, found "}"`, jsoncodec.ErrSyntax},
		{"truncated", `{"RequestId":"x"`, 1, 17, "", `unexpected end of input in an object`, jsoncodec.ErrSyntax},
		{"unterminated string", `{"RequestId":"x`, 1, 14, "RequestId", `unterminated string`, jsoncodec.ErrSyntax},
		{"control character", "{\"RequestId\":\"a\nb\"}", 1, 16, "RequestId", `control character '\n' in a string`, jsoncodec.ErrSyntax},
		{"bad escape", `{"RequestId":"\q"}`, 1, 15, "RequestId", `invalid escape "\\q\"}"`, jsoncodec.ErrSyntax},
		{"bad unicode escape", `{"RequestId":"\u12"}`, 1, 15, "RequestId", `malformed \u escape`, jsoncodec.ErrSyntax},
		{"bad number", `{"TotalCount":-}`, 1, 15, "TotalCount", `malformed number "-}"`, jsoncodec.ErrSyntax},
		{"leading zero", `{"TotalCount":01}`, 1, 16, "", `missing ',' or '}' after the value of "TotalCount"`, jsoncodec.ErrSyntax},
		{"overflow", `{"TotalCount":99999999999999999999}`, 1, 15, "TotalCount", `99999999999999999999 is not an integer`, jsoncodec.ErrValue},
		{"missing comma in array", `{"Invocations":{"Invocation":[{} {}]}}`, 1, 33, "Invocations.Invocation[0]", `missing ',' or ']' after an array item`, jsoncodec.ErrSyntax},
		{"truncated array", `{"Invocations":{"Invocation":[{}`, 1, 33, "Invocations.Invocation[0]", `unexpected end of input in an array`, jsoncodec.ErrSyntax},
		{"bad unknown value", `{"Other":[1,}`, 1, 13, "Other", `expected a value, found "}"`, jsoncodec.ErrSyntax},
		{"bad unknown object", `{"Other":{"a" 1}}`, 1, 15, "Other", `expected ':', found "1}}"`, jsoncodec.ErrSyntax},
		{"unknown object missing comma", `{"Other":{"a":1 "b":2}}`, 1, 16, "Other", `missing ',' or '}' in an object`, jsoncodec.ErrSyntax},
		{"unknown array missing comma", `{"Other":[1 2]}`, 1, 12, "Other", `missing ',' or ']' in an array`, jsoncodec.ErrSyntax},
		{"unknown object bad key", `{"Other":{1:2}}`, 1, 11, "Other", `expected a key, found "1:2}}"`, jsoncodec.ErrSyntax},
		{"deep instance path", `{"Invocations":{"Invocation":[{},{"InvokeInstances":{"InvokeInstance":[{"InstanceId":1}]}}]}}`,
			1, 86, "Invocations.Invocation[1].InvokeInstances.InvokeInstance[0].InstanceId", `expected a string, found "1}]}}]}}"`, jsoncodec.ErrValue},
		{"second line", "{\n  \"TotalCount\": true\n}", 2, 17, "TotalCount", `expected an integer, found "true"`, jsoncodec.ErrValue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, dec := range []jsoncodec.Decoder{{}, lenient} {
				_, _, err := dec.DecodeResponse([]byte(tt.in))
				if dec.Lenient && tt.wantIs == jsoncodec.ErrValue {
					continue // lenient mode recovers from these
				}
				var de *jsoncodec.DecodeError
				require.True(t, errors.As(err, &de), "lenient=%v: %v", dec.Lenient, err)
				require.ErrorIs(t, err, tt.wantIs)
				require.Equal(t, [2]int{tt.line, tt.col}, [2]int{de.Line, de.Column}, "%v", err)
				require.Equal(t, tt.path, de.Path)
				require.Contains(t, de.Message, tt.wantMsg)
				require.Equal(t, fmt.Sprintf("jsoncodec: %s: %s", jsoncodec.Position{Line: de.Line, Column: de.Column, Path: de.Path}, de.Message), err.Error())
			}
		})
	}
}

// Strict mode keeps keys it does not know, of any shape, and those given
// twice, both.
func TestForwardCompatible(t *testing.T) {
	in := `{"Future":{"a":[1,2.5e3,-0,true,false,null,"x\"y",{"b":{}},[]]},"RequestId":"r1",
	"Invocations":{"Invocation":[{"InvokeId":"t-1","RepeatMode":"Once","InvokeInstances":{"InvokeInstance":[{"InstanceId":"i-1","ExitCode":0}]}}],"Other":1},
	"Future":2,"InvocationStatus":"x"}`
	r, err := jsoncodec.DecodeResponse([]byte(in))
	require.NoError(t, err)
	require.Equal(t, "r1", r.RequestID)
	require.Equal(t, []string{"Future", "Future", "InvocationStatus"}, []string{r.Unknown[0].Name, r.Unknown[1].Name, r.Unknown[2].Name})
	require.Len(t, r.Invocations, 1)
	require.Equal(t, "i-1", r.Invocations[0].Instances[0].InstanceID)
}

func TestEscapes(t *testing.T) {
	in := `{"RequestId":"a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00\ud800x\u0041"}`
	r, err := jsoncodec.DecodeResponse([]byte(in))
	require.NoError(t, err)
	require.Equal(t, "a\"\\/\b\f\n\r\té😀\uFFFDxA", r.RequestID)
	var std struct{ RequestId string }
	require.NoError(t, json.Unmarshal([]byte(in), &std))
	require.Equal(t, std.RequestId, r.RequestID, "agrees with encoding/json")

	// A lone high surrogate at the end, and one followed by a non-low one.
	for in, want := range map[string]string{`{"RequestId":"\ud800"}`: "\uFFFD", `{"RequestId":"\ud800\u0041"}`: "\uFFFDA"} {
		r, err := jsoncodec.DecodeResponse([]byte(in))
		require.NoError(t, err)
		require.Equal(t, want, r.RequestID, in)
	}
}

func TestLimits(t *testing.T) {
	deep := `{"Other":` + strings.Repeat("[", 10) + strings.Repeat("]", 10) + `}`
	_, _, err := jsoncodec.Decoder{MaxDepth: 5}.DecodeResponse([]byte(deep))
	require.ErrorIs(t, err, jsoncodec.ErrLimit)
	require.Contains(t, err.Error(), "nesting deeper than 5")
	_, _, err = jsoncodec.Decoder{MaxDepth: 11}.DecodeResponse([]byte(deep))
	require.NoError(t, err)

	many := `{"Invocations":{"Invocation":[{},{},{}]}}`
	_, _, err = jsoncodec.Decoder{MaxItems: 2}.DecodeResponse([]byte(many))
	require.ErrorIs(t, err, jsoncodec.ErrLimit)
	require.Contains(t, err.Error(), "more than 2 list items in the response")

	_, _, err = jsoncodec.Decoder{MaxBytes: 10}.DecodeResponse([]byte(many))
	require.ErrorIs(t, err, jsoncodec.ErrLimit)
	require.EqualError(t, err, "jsoncodec: line 1, column 1: input of 41 bytes exceeds the limit of 10")
	_, _, err = jsoncodec.Decoder{MaxBytes: 10}.DecodeResponseString(many)
	require.ErrorIs(t, err, jsoncodec.ErrLimit)
	_, _, err = jsoncodec.Decoder{MaxBytes: 10}.ReadResponse(strings.NewReader(many))
	require.ErrorIs(t, err, jsoncodec.ErrLimit)
	_, _, err = jsoncodec.Decoder{MaxBytes: 10}.DecodeAPIError([]byte(many))
	require.ErrorIs(t, err, jsoncodec.ErrLimit)
	_, _, err = jsoncodec.Decoder{MaxBytes: 10}.ReadAPIError(strings.NewReader(many))
	require.ErrorIs(t, err, jsoncodec.ErrLimit)
}

func TestRead(t *testing.T) {
	data := read(t, "seed-success.json")
	want, err := jsoncodec.DecodeResponse(data)
	require.NoError(t, err)
	got, _, err := jsoncodec.Decoder{}.ReadResponse(iotest.OneByteReader(strings.NewReader(string(data))))
	require.NoError(t, err)
	require.Equal(t, want, got)

	boom := errors.New("boom")
	_, _, err = jsoncodec.Decoder{}.ReadResponse(iotest.ErrReader(boom))
	require.ErrorIs(t, err, boom)
	require.EqualError(t, err, "jsoncodec: line 1, column 1: reading input: boom")
	_, _, err = jsoncodec.Decoder{}.ReadAPIError(iotest.ErrReader(boom))
	require.ErrorIs(t, err, boom)

	e, _, err := jsoncodec.Decoder{}.ReadAPIError(strings.NewReader(`{"Code":"X","Message":"m","HostId":"h","RequestId":"r"}`))
	require.NoError(t, err)
	require.Equal(t, &apierror.Error{Code: "X", Message: "m", HostID: "h", RequestID: "r"}, e)
	_, _, err = jsoncodec.Decoder{}.DecodeAPIError([]byte(`{"Code":1}`))
	require.ErrorIs(t, err, jsoncodec.ErrValue)
}

func TestEncode(t *testing.T) {
	r := invocation.Response{
		RequestID: "r", TotalCount: 1, PageNumber: 1, PageSize: 10, NextToken: "n",
		Invocations: []invocation.Invocation{{
			InvokeID: "t-\"<\\>\x01\n\r\t\u2028", CommandType: "runshellscript", InvokeStatus: "success",
			InvocationStatus: "success", Frequency: "a\xffb", CreationTime: time.Date(2020, 1, 19, 17, 15, 46, 0, time.FixedZone("", 8*3600)),
			Instances: []invocation.InvokeInstance{{InstanceID: "i", InstanceInvokeStatus: "running", InvocationStatus: "TIMEOUT"}},
		}},
	}
	got := string(jsoncodec.AppendResponse(nil, &r))
	want := `{"TotalCount":1,"PageNumber":1,"PageSize":10,"NextToken":"n","Invocations":{"Invocation":[{` +
		`"InvokeId":"t-\"<\\>\u0001\n\r\t\u2028","CommandId":"","CommandName":"","CommandType":"RunShellScript",` +
		`"InvokeStatus":"Finished","InvocationStatus":"Success","Timed":false,"Frequency":"a\ufffdb",` +
		`"CreationTime":"2020-01-19T09:15:46Z","InvokeInstances":{"InvokeInstance":[{"InstanceId":"i",` +
		`"InstanceInvokeStatus":"Running","InvocationStatus":"Timeout"}]}}]},"RequestId":"r"}`
	require.Equal(t, want, got, "canonical spellings, escapes, U+FFFD for invalid UTF-8, UTC time")
	require.True(t, json.Valid([]byte(got)))

	var b strings.Builder
	require.NoError(t, jsoncodec.WriteResponse(&b, &r))
	require.Equal(t, want, b.String())

	e := &apierror.Error{Code: apierror.InvalidParamPageSize, Message: `"x"`, RequestID: "r", HostID: "h"}
	require.Equal(t, `{"RequestId":"r","HostId":"h","Code":"InvalidParam.PageSize","Message":"\"x\""}`, string(jsoncodec.AppendAPIError(nil, e)))
	b.Reset()
	require.NoError(t, jsoncodec.WriteAPIError(&b, e))
	require.Equal(t, string(jsoncodec.AppendAPIError(nil, e)), b.String())

	boom := errors.New("boom")
	require.ErrorIs(t, jsoncodec.WriteResponse(failWriter{boom}, &r), boom)
	require.ErrorIs(t, jsoncodec.WriteAPIError(failWriter{boom}, e), boom)
}

type failWriter struct{ err error }

func (w failWriter) Write([]byte) (int, error) { return 0, w.err }

var _ io.Writer = failWriter{}

// decode(encode(r)) == r, in both modes, for generated responses, and
// strict decoding of what the encoder writes yields no diagnostic in
// lenient mode either.
func TestRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := gen.Response(gen.JSON).Draw(t, "response")
		data := jsoncodec.AppendResponse(nil, &r)
		got, err := jsoncodec.DecodeResponse(data)
		require.NoError(t, err)
		if diff := cmp.Diff(r, got); diff != "" {
			t.Fatalf("round trip mismatch (-want +got):\n%s\n%s", diff, data)
		}
		lgot, diags, err := lenient.DecodeResponse(data)
		require.NoError(t, err)
		require.Empty(t, diags)
		require.Equal(t, got, lgot)

		e := gen.APIError().Draw(t, "error")
		ge, err := jsoncodec.DecodeAPIError(jsoncodec.AppendAPIError(nil, e))
		require.NoError(t, err)
		require.Equal(t, e, ge)
	})
}

// JSON carries control characters, which XML cannot: strings of any valid
// UTF-8 round-trip.
func TestRoundTripAnyText(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.String().Draw(t, "s")
		r := invocation.Response{RequestID: s, NextToken: s}
		got, err := jsoncodec.DecodeResponse(jsoncodec.AppendResponse(nil, &r))
		require.NoError(t, err)
		require.Equal(t, r, got)
	})
}

// Every way of writing the same instance decodes the same: with white
// space, in another order, with escapes, with unknown keys.
func TestInstanceWritings(t *testing.T) {
	want := invocation.InvokeInstance{InstanceID: "i-1", InstanceInvokeStatus: status.LegacyRunning, InvocationStatus: status.CurrentTimeout}
	for _, in := range []string{
		`{"InstanceId":"i-1","InstanceInvokeStatus":"Running","InvocationStatus":"Timeout"}`,
		`{ "InstanceId" : "i-1" , "InstanceInvokeStatus" : " running " , "InvocationStatus" : "TIMEOUT" }`,
		`{"InvocationStatus":"Timeout","InstanceId":"i-1","InstanceInvokeStatus":"Running"}`,
		`{"InstanceId":"i-\u0031","InstanceInvokeStatus":"Running","InvocationStatus":"Timeout"}`,
		`{"InstanceId":"i-1","InstanceInvokeStatus":"Running","InvocationStatus":"Timeout","Output":""}`,
		`{"InstanceId":"i-1","OssOutputUri":"","InstanceInvokeStatus":"Running","InvocationStatus":"Timeout"}`,
	} {
		for _, data := range []string{in, strings.ReplaceAll(in, ",", ",\n\t")} {
			r, err := jsoncodec.DecodeResponse([]byte(`{"Invocations":{"Invocation":[{"InvokeInstances":{"InvokeInstance":[` + data + `]}}]}}`))
			require.NoError(t, err, data)
			require.Equal(t, []invocation.InvokeInstance{want}, r.Invocations[0].Instances, data)
		}
	}
	// A defect in an instance fails where it stands.
	for in, msg := range map[string]string{
		`{"InstanceId":"i-1","InstanceInvokeStatus":"Running","InvocationStatus":"Timeout"`: `missing ',' or '}' after the value of "InvocationStatus"`,
		`{"InstanceId":"i-1" "InstanceInvokeStatus":"Running"}`:                             `missing ',' or '}' after the value of "InstanceId"`,
		`{"InstanceId":1,"InstanceInvokeStatus":"Running","InvocationStatus":"Timeout"}`:    `expected a string, found "1,`,
	} {
		_, err := jsoncodec.DecodeResponse([]byte(`{"Invocations":{"Invocation":[{"InvokeInstances":{"InvokeInstance":[` + in + `]}}]}}`))
		require.ErrorContains(t, err, msg, in)
	}
	// The depth limit holds in instances too.
	_, _, err := jsoncodec.Decoder{MaxDepth: 6}.DecodeResponse([]byte(`{"Invocations":{"Invocation":[{"InvokeInstances":{"InvokeInstance":[{"InstanceId":"i","InstanceInvokeStatus":"Running","InvocationStatus":"Timeout"}]}}]}}`))
	require.ErrorIs(t, err, jsoncodec.ErrLimit)
}

// A diagnostic inside an unknown key's value names the key as written; the
// key itself may hold what the diagnostic is about (a regression: making
// the path decoded the key again, which made a diagnostic again).
func TestPathOfUnknownKey(t *testing.T) {
	_, diags, err := lenient.DecodeResponse([]byte("{\"Fu\xffture\":\"a\xffb\",\"x\\\"y\":{\"Timed\":1}}"))
	require.NoError(t, err)
	require.Len(t, diags, 2)
	require.Equal(t, "", diags[0].Path, "the key's own defect is reported before the key is on the path")
	require.Equal(t, "Fu\xffture", diags[1].Path)
}

func TestPositions(t *testing.T) {
	pos := jsoncodec.Positions(read(t, "seed-success.json"))
	for path, want := range map[string][2]int{
		"Invocations":                            {5, 5},
		"Invocations.Invocation[2]":              {49, 13},
		"Invocations.Invocation[2].InvokeStatus": {50, 17},
		"Invocations.Invocation[0].InvokeInstances.InvokeInstance[1].InstanceInvokeStatus": {21, 29},
		"RequestId": {106, 5},
	} {
		p, ok := pos[path]
		require.True(t, ok, path)
		require.Equal(t, want, [2]int{p.Line, p.Column}, path)
	}
	require.Empty(t, jsoncodec.Positions([]byte("[")))
}

// A page of token paging carries NextToken and no PageNumber or PageSize
// (token paging): the encoder omits them when 0, which no page of page-number
// paging has, and decoding their absence gives 0.
func TestTokenPage(t *testing.T) {
	r := invocation.Response{RequestID: "r", TotalCount: 3, NextToken: "n"}
	got := string(jsoncodec.AppendResponse(nil, &r))
	require.Equal(t, `{"TotalCount":3,"NextToken":"n","Invocations":{"Invocation":[]},"RequestId":"r"}`, got)
	back, err := jsoncodec.DecodeResponse([]byte(got))
	require.NoError(t, err)
	require.Equal(t, r, back)

	r = invocation.Response{RequestID: "r", TotalCount: 3, PageNumber: 1, PageSize: 10}
	require.Equal(t, `{"TotalCount":3,"PageNumber":1,"PageSize":10,"Invocations":{"Invocation":[]},"RequestId":"r"}`,
		string(jsoncodec.AppendResponse(nil, &r)))
}

// The vendor's documented sample of the current edition, with every field
// of the current edition: both modes decode it to the same response, with no
// diagnostic, absent values told from zeros (the running instance has no
// ExitCode; the other's Dropped is a present 0), and the encoder writes it
// as the golden file has it, which decodes back to the same.
func TestCurrentSample(t *testing.T) {
	data := read(t, "current-success.json")
	r, err := jsoncodec.DecodeResponse(data)
	require.NoError(t, err)
	if diff := cmp.Diff(codectest.CurrentSample(), r); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	lr, diags, err := lenient.DecodeResponse(data)
	require.NoError(t, err)
	require.Empty(t, diags)
	require.Equal(t, r, lr)

	out := jsoncodec.AppendResponse(nil, &r)
	golden.Check(t, "testdata/current-success.encoded.json", out)
	back, err := jsoncodec.DecodeResponse(out)
	require.NoError(t, err)
	require.Equal(t, r, back)
}
