package respfile

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/jsoncodec"
	"github.com/ecsassist/cloudassistant/xmlcodec"
)

func TestSniff(t *testing.T) {
	tests := []struct {
		in   string
		want Format
		ok   bool
	}{
		{"<DescribeInvocationsResponse/>", XML, true},
		{" \r\n\t<x/>", XML, true},
		{"\ufeff<x/>", XML, true},
		{"\n\ufeff {}", JSON, true},
		{"{}", JSON, true},
		{"[1]", JSON, true},
		{"", "", false},
		{"   ", "", false},
		{"hello", "", false},
		{"\xef<x/>", "", false},
	}
	for _, tt := range tests {
		got, ok := Sniff([]byte(tt.in))
		require.Equal(t, tt.want, got, "%q", tt.in)
		require.Equal(t, tt.ok, ok, "%q", tt.in)
	}
}

func TestDecode(t *testing.T) {
	f, err := Decode([]byte("<DescribeInvocationsResponse><RequestId>R</RequestId><Invocations><Invocation><InvokeId>t-1</InvokeId>" +
		"<InvokeStatus>success</InvokeStatus><Timed>True</Timed><Future><a>1</a></Future></Invocation></Invocations></DescribeInvocationsResponse>"))
	require.NoError(t, err)
	require.Equal(t, XML, f.Format)
	require.Equal(t, "t-1", f.Response.Invocations[0].InvokeID)
	require.Len(t, f.Diagnostics, 1, "True")
	require.Equal(t, "Invocations.Invocation[0].Timed", f.Diagnostics[0].Path)
	require.Equal(t, []string{"Invocations.Invocation[0].InvokeStatus"}, f.Aliases)
	require.Equal(t, []string{"Invocations.Invocation[0].Future"}, f.Unwritten, "an element with children is not written in JSON")
	require.Equal(t, 1, f.Positions["Invocations.Invocation[0].InvokeId"].Line)

	f, err = Decode([]byte(`{"RequestId":"R","Invocations":{"Invocation":[{"InvokeId":"t-1","Future":{"a":1}}]}}`))
	require.NoError(t, err)
	require.Equal(t, JSON, f.Format)
	require.Equal(t, []string{"Invocations.Invocation[0].Future"}, f.Unwritten, "a JSON object is not written in XML")

	_, err = Decode([]byte("hello"))
	require.ErrorIs(t, err, ErrFormat)

	_, err = Decode([]byte("{\n  \"RequestId\": 5"))
	var e *Error
	require.True(t, errors.As(err, &e))
	require.Equal(t, 2, e.Line)
	var jde *jsoncodec.DecodeError
	require.True(t, errors.As(err, &jde), "the codec's error is wrapped")

	_, err = Decode([]byte("<DescribeInvocationsResponse><a b></DescribeInvocationsResponse>"))
	require.True(t, errors.As(err, &e))
	var xde *xmlcodec.DecodeError
	require.True(t, errors.As(err, &xde))
	require.Equal(t, e.Message, xde.Message)
}
