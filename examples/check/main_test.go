package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/internal/golden"
)

func runCheck(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), code
}

// The reference's examples: the XML one breaks rules and is malformed (1),
// the JSON one only draws warnings (0).
func TestSeeds(t *testing.T) {
	out, _, code := runCheck(t, "", "testdata/seed-success.xml")
	require.Equal(t, 1, code)
	golden.Check(t, "testdata/seed-success.xml.golden", []byte(out))

	out, _, code = runCheck(t, "", "-json", "testdata/seed-success.json")
	require.Equal(t, 0, code, "warnings only")
	golden.Check(t, "testdata/seed-success.json.golden", []byte(out))
	var reports []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &reports))
	require.NotEmpty(t, reports)
	for _, r := range reports {
		for _, k := range []string{"file", "line", "column", "severity", "rule", "path", "message"} {
			require.Contains(t, r, k)
		}
	}
}

func TestExitStatus(t *testing.T) {
	out, _, code := runCheck(t, "", "testdata/clean.json")
	require.Equal(t, 0, code)
	require.Empty(t, out)

	out, _, code = runCheck(t, "", "-json", "testdata/clean.json")
	require.Equal(t, 0, code)
	require.Equal(t, "[]\n", out, "an empty array, not null")

	clean := `<DescribeInvocationsResponse><RequestId>R</RequestId><Invocations><Invocation><InvokeId>t-1</InvokeId>` +
		`<CommandId>c-1</CommandId><InvokeStatus>Running</InvokeStatus><InvokeInstances><InvokeInstance><InstanceId>i-1</InstanceId>` +
		`<InstanceInvokeStatus>Finished</InstanceInvokeStatus></InvokeInstance></InvokeInstances></Invocation></Invocations></DescribeInvocationsResponse>`
	out, _, code = runCheck(t, clean)
	require.Equal(t, 1, code, "read from standard input; Running is not the roll-up")
	require.Equal(t, "-:1:129: error rollup Invocations.Invocation[0].InvokeStatus: InvokeStatus is Running; the instances roll up to Finished\n", out)

	out, _, code = runCheck(t, "", "testdata/seed-error.json")
	require.Equal(t, 2, code, "an input that cannot be decoded at all")
	require.Equal(t, `testdata/seed-error.json:3:33: error decode: missing ',' or '}' after the value of "HostId"; found "\"Code\": \"Missing" at line 4, column 5`+"\n", firstLine(out),
		"the reference's error example lacks commas")

	out, _, code = runCheck(t, "hello")
	require.Equal(t, 2, code)
	require.Contains(t, out, "-:1:1: error decode: neither XML nor JSON")

	_, errOut, code := runCheck(t, "", "testdata/missing.xml", "testdata/clean.json")
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "check: open testdata/missing.xml: no such file or directory")

	_, errOut, code = runCheck(t, "", "-bogus")
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "usage: check [-json] [FILE ...]")

	_, errOut, code = runCheck(t, "", "-h")
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "from standard input when no FILE is given")
	require.Contains(t, errOut, "Exit status: 0 when nothing of error severity was found, 1 when something\nwas, 2 when")
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line + "\n"
}

// A member given twice is a finding of its own, duplicate-member, at the
// second, in text and in -json; the lenient decoder's other defects stay
// decode.
func TestDuplicates(t *testing.T) {
	in := `{"RequestId":"R1","TotalCount":1,"PageNumber":1,"PageSize":10,"Invocations":{"Invocation":[{"InvokeId":"t-1","CommandId":"c-1",` +
		`"InvokeStatus":"Finished","invokeid":"t-1","InvokeInstances":{"InvokeInstance":[{"InstanceId":"i-1","InstanceInvokeStatus":"Finished"}]}}]},"TotalCount":1}`
	out, _, code := runCheck(t, in)
	require.Equal(t, 1, code, "a duplicate is an error")
	require.Equal(t, `-:1:154: error decode Invocations.Invocation[0].InvokeId: key "invokeid" taken as "InvokeId"`+"\n"+
		`-:1:154: error duplicate-member Invocations.Invocation[0].InvokeId: key "invokeid" given again, first at line 1, column 93: the last value is kept`+"\n"+
		`-:1:268: error duplicate-member TotalCount: key "TotalCount" given again, first at line 1, column 19: the last value is kept`+"\n", out)

	xml := `<DescribeInvocationsResponse><RequestId>R1</RequestId><TotalCount>1</TotalCount><Invocations><Invocation><InvokeId>t-1</InvokeId><CommandId>c-1</CommandId>` +
		`<InvokeStatus>Finished</InvokeStatus><InvokeInstances><InvokeInstance><InstanceId>i-1</InstanceId><InstanceInvokeStatus>Finished</InstanceInvokeStatus></InvokeInstance></InvokeInstances>` +
		`<InvokeInstances/></Invocation></Invocations></DescribeInvocationsResponse>`
	out, _, code = runCheck(t, xml, "-json")
	require.Equal(t, 1, code)
	var reports []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &reports))
	require.Equal(t, []map[string]any{{"file": "-", "line": 1.0, "column": 342.0, "severity": "error", "rule": "duplicate-member",
		"path":    "Invocations.Invocation[0].InvokeInstances",
		"message": "element <InvokeInstances> given again, first at line 1, column 193: its items are added to the list"}}, reports)
}
