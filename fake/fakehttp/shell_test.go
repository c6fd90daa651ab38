package fakehttp_test

import (
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/jsoncodec"
	"github.com/ecsassist/cloudassistant/xmlcodec"
)

// The body of any operation but DescribeInvocations, in either format:
// each field named as on the wire, so that encoding/xml and encoding/json
// read the same struct from the two formats.
type wireBody struct {
	RequestId  string
	CommandId  string
	InvokeId   string
	TotalCount *int
	PageNumber *int
	PageSize   *int
	NextToken  string
	Commands   *struct{ Command []wireCommand }
	Invocation *struct {
		TotalCount        int
		PageNumber        *int
		PageSize          *int
		NextToken         string
		InvocationResults struct{ InvocationResult []wireResult }
	}
}

type wireCommand struct {
	CommandId, Name, Type, CommandContent, Description, WorkingDir string
	Timeout                                                        int64
	EnableParameter                                                bool
	ParameterNames                                                 struct{ ParameterName []string }
	Launcher                                                       string
	InvokeTimes                                                    int
	CreationTime, ResourceGroupId                                  string
	Tags                                                           wireTags
}

type wireResult struct {
	CommandId, InvokeId, InstanceId, InvocationStatus, InvokeRecordStatus string
	ExitCode                                                              *int64
	Output                                                                string
	Dropped, Repeats                                                      *int32
	StartTime, FinishedTime, StopTime                                     string
	ErrorCode, ErrorInfo, Username, ContainerId, ContainerName            string
	TerminationMode, Launcher                                             string
	Tags                                                                  wireTags
}

type wireTags struct {
	Tag []struct{ TagKey, TagValue string }
}

// A style of request: how its parameters are sent and signed.
type style int

const (
	styleGet  style = iota // GET, the parameters in the query string
	stylePost              // POST, the parameters in a form body
	styleV1                // GET signed with HMAC-SHA1, as the older SDK signs
	styleV3                // POST signed with ACS3-HMAC-SHA256, the action in x-acs-action, as today's SDKs send
)

func (s style) String() string { return [...]string{"GET", "POST", "HMAC-SHA1", "ACS3"}[s] }

// shellFake is a Service behind two Handlers, one that checks signatures
// and one that does not, on a virtual clock.
type shellFake struct {
	t        *testing.T
	clock    *fake.VirtualClock
	svc      *fake.Service
	open     *httptest.Server
	signed   *httptest.Server
	nonce    atomic.Int64
	lastBody []byte
}

func newShellFake(t *testing.T, cfg fake.Config) *shellFake {
	t.Helper()
	f := &shellFake{t: t, clock: fake.NewVirtualClock(t0)}
	cfg.Clock = f.clock
	svc, err := fake.NewService(cfg)
	require.NoError(t, err)
	f.svc = svc
	f.open = httptest.NewServer(&fakehttp.Handler{Service: svc})
	f.signed = httptest.NewServer(&fakehttp.Handler{Service: svc, AccessKeys: map[string]string{"ak": "secret"}, Now: func() time.Time { return clock }})
	t.Cleanup(f.open.Close)
	t.Cleanup(f.signed.Close)
	return f
}

// call sends the action with params in the style st, asking for format
// (empty: none, the style's default), and returns the status, whether the
// answer says it is JSON, and the body.
func (f *shellFake) call(st style, format, action string, params url.Values) (int, bool, []byte) {
	f.t.Helper()
	v := url.Values{}
	for k, vs := range params {
		v[k] = vs
	}
	if format != "" {
		v.Set("Format", format)
	}
	var req *http.Request
	var err error
	switch st {
	case styleGet, stylePost:
		v.Set("Action", action)
		if st == styleGet {
			req, err = http.NewRequest(http.MethodGet, f.open.URL+"/?"+v.Encode(), nil)
		} else {
			req, err = http.NewRequest(http.MethodPost, f.open.URL+"/", strings.NewReader(v.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	case styleV1:
		v.Set("Action", action)
		for k, vs := range v1Params(fmt.Sprint("n1-", f.nonce.Add(1)), clock) {
			if k != "Action" && k != "RegionId" && k != "Format" {
				v[k] = vs
			}
		}
		req, err = http.NewRequest(http.MethodGet, f.signed.URL+"/?"+signV1(v, "secret"), nil)
	case styleV3:
		req, err = http.NewRequest(http.MethodPost, f.signed.URL+"/?"+v.Encode(), nil)
		require.NoError(f.t, err)
		req.Header.Set("x-acs-action", action)
		req.Header.Set("x-acs-version", "2014-05-26")
		req.Header.Set("x-acs-date", clock.Format("2006-01-02T15:04:05Z"))
		req.Header.Set("x-acs-signature-nonce", fmt.Sprint("n3-", f.nonce.Add(1)))
		signV3(req, nil, "ak", "secret")
	}
	require.NoError(f.t, err)
	res, err := http.DefaultClient.Do(req)
	require.NoError(f.t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(f.t, err)
	f.lastBody = body
	return res.StatusCode, strings.HasPrefix(res.Header.Get("Content-Type"), "application/json"), body
}

// ok sends a request that must succeed and decodes its body.
func (f *shellFake) ok(st style, format, action string, params url.Values) wireBody {
	f.t.Helper()
	status, isJSON, body := f.call(st, format, action, params)
	require.Equal(f.t, 200, status, "%s %s: %s", st, action, body)
	require.Equal(f.t, format == "JSON" || format == "" && st == styleV3, isJSON, "%s %s answered in the format asked for", st, action)
	var b wireBody
	if isJSON {
		require.NoError(f.t, json.Unmarshal(body, &b), "%s", body)
	} else {
		require.True(f.t, strings.HasPrefix(string(body), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<"+action+"Response>"), "%s", body)
		require.NoError(f.t, xml.Unmarshal(body, &b), "%s", body)
	}
	require.Regexp(f.t, requestID, b.RequestId)
	return b
}

// fail sends a request that must fail and decodes its error.
func (f *shellFake) fail(st style, format, action string, params url.Values) (int, *apierror.Error) {
	f.t.Helper()
	status, isJSON, body := f.call(st, format, action, params)
	require.NotEqual(f.t, 200, status, "%s %s: %s", st, action, body)
	var e *apierror.Error
	var err error
	if isJSON {
		e, err = jsoncodec.DecodeAPIError(body)
	} else {
		e, err = xmlcodec.DecodeAPIError(body)
	}
	require.NoError(f.t, err, "%s", body)
	require.Regexp(f.t, requestID, e.RequestID)
	return status, e
}

func (f *shellFake) advance(by string) {
	f.t.Helper()
	res, err := http.Post(f.open.URL+"/_mock/advance?by="+by, "", nil)
	require.NoError(f.t, err)
	res.Body.Close()
	require.Equal(f.t, 200, res.StatusCode)
}

// values makes url.Values of name, value pairs.
func values(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

var b64 = base64.StdEncoding.EncodeToString

// Every operation, in every style and format, from a service in the same
// state: the answers are the same in all eight, and carry what the
// service did.
func TestShellOperations(t *testing.T) {
	var first []wireBody
	var firstInvocations []invocation.Response
	for _, st := range []style{styleGet, stylePost, styleV1, styleV3} {
		for _, format := range []string{"XML", "JSON"} {
			t.Run(fmt.Sprintf("%s %s", st, format), func(t *testing.T) {
				f := newShellFake(t, fake.Config{Seed: 7, Outcome: fake.MatchScripts(
					fake.Script{Match: "exit 3", InstanceID: "i-2", ExitCode: 3, Output: "three"},
					fake.Script{Output: "ok <&> ü\r\n"},
				)})
				var got []wireBody
				call := func(action string, kv ...string) wireBody {
					t.Helper()
					b := f.ok(st, format, action, values(append([]string{"RegionId", "cn-hangzhou"}, kv...)...))
					got = append(got, b)
					return b
				}

				created := call("CreateCommand", "Name", "greet", "Type", "RunShellScript", "CommandContent", b64([]byte("echo {{name}}")),
					"EnableParameter", "TRUE", "Timeout", "30", "Description", "says hello", "WorkingDir", "/tmp", "Launcher", "bash",
					"ResourceGroupId", "rg-1", "Tag.1.Key", "team", "Tag.1.Value", "ops")
				require.Regexp(t, `^c-[0-9a-f]{32}$`, created.CommandId)
				cmd := created.CommandId

				listed := call("DescribeCommands", "CommandId", cmd, "ContentEncoding", "PlainText")
				require.Equal(t, 1, *listed.TotalCount)
				require.Equal(t, []wireCommand{{
					CommandId: cmd, Name: "greet", Type: "RunShellScript", CommandContent: "echo {{name}}", Description: "says hello",
					WorkingDir: "/tmp", Timeout: 30, EnableParameter: true, ParameterNames: struct{ ParameterName []string }{[]string{"name"}},
					Launcher: "bash", CreationTime: "2025-01-02T03:04:05Z", ResourceGroupId: "rg-1",
					Tags: wireTags{[]struct{ TagKey, TagValue string }{{"team", "ops"}}},
				}}, listed.Commands.Command)

				invoked := call("InvokeCommand", "CommandId", cmd, "InstanceId.10", "i-2", "InstanceId.1", "i-3", "InstanceId.2", "i-1",
					"Parameters", `{"name":"world"}`, "Username", "root", "ContainerName", "web", "Tag.1.Key", "k")
				require.Regexp(t, `^t-[0-9a-f]{32}$`, invoked.InvokeId)
				ran := call("RunCommand", "Type", "RunShellScript", "CommandContent", "exit 3", "InstanceId.1", "i-1", "InstanceId.2", "i-2",
					"Name", "three", "Timeout", "10", "KeepCommand", "false", "ClientToken", "tok-1")
				require.Regexp(t, `^c-[0-9a-f]{32}$`, ran.CommandId)
				again := call("RunCommand", "Type", "RunShellScript", "CommandContent", "exit 3", "InstanceId.1", "i-1", "InstanceId.2", "i-2",
					"Name", "three", "Timeout", "10", "KeepCommand", "false", "ClientToken", "tok-1")
				require.Equal(t, ran.InvokeId, again.InvokeId, "the same ClientToken and parameters: the same invocation")

				running := call("DescribeInvocationResults", "InvokeId", invoked.InvokeId)
				require.Equal(t, 3, running.Invocation.TotalCount)
				require.Equal(t, "Pending", running.Invocation.InvocationResults.InvocationResult[0].InvocationStatus)
				require.Nil(t, running.Invocation.InvocationResults.InvocationResult[0].ExitCode, "no ExitCode before the run ends")
				f.advance("1s")
				call("DescribeInvocationResults", "InvokeId", invoked.InvokeId, "InstanceId", "i-1")
				f.advance("5s")

				done := call("DescribeInvocationResults", "InvokeId", invoked.InvokeId, "ContentEncoding", "PlainText", "IncludeHistory", "false")
				var instances []string
				for _, r := range done.Invocation.InvocationResults.InvocationResult {
					instances = append(instances, r.InstanceId)
					require.Equal(t, "Success", r.InvocationStatus)
					require.Equal(t, "Finished", r.InvokeRecordStatus)
					require.Equal(t, int64(0), *r.ExitCode)
					require.Equal(t, "ok <&> ü\r\n", r.Output, "plain, as asked")
					require.Equal(t, "2025-01-02T03:04:06Z", r.StartTime)
					require.Equal(t, "2025-01-02T03:04:07Z", r.FinishedTime)
					require.Equal(t, "root", r.Username)
					require.Equal(t, "web", r.ContainerName)
					require.Equal(t, "Process", r.TerminationMode)
				}
				require.Equal(t, []string{"i-3", "i-1", "i-2"}, instances, "in the numeric order of InstanceId.N")

				failed := call("DescribeInvocationResults", "InvokeId", ran.InvokeId, "InstanceId", "i-2")
				r := failed.Invocation.InvocationResults.InvocationResult[0]
				require.Equal(t, "Failed", r.InvocationStatus)
				require.Equal(t, "ExitCodeNonzero", r.ErrorCode)
				require.Equal(t, int64(3), *r.ExitCode)
				require.Equal(t, b64([]byte("three")), r.Output, "Base64 by default")

				paged := call("DescribeInvocationResults", "MaxResults", "2")
				require.Equal(t, 5, paged.Invocation.TotalCount)
				require.NotEmpty(t, paged.Invocation.NextToken)
				require.Nil(t, paged.Invocation.PageNumber, "token paging has no page number")
				last := call("DescribeInvocationResults", "MaxResults", "2", "NextToken", paged.Invocation.NextToken)
				last = call("DescribeInvocationResults", "MaxResults", "2", "NextToken", last.Invocation.NextToken)
				require.Len(t, last.Invocation.InvocationResults.InvocationResult, 1)
				require.Empty(t, last.Invocation.NextToken, "the last page has no NextToken")

				call("StopInvocation", "InvokeId", invoked.InvokeId, "InstanceId.1", "i-2")
				call("StopInvocation", "InvokeId", ran.InvokeId)
				pages := call("DescribeCommands", "PageNumber", "1", "PageSize", "1")
				require.Equal(t, 1, *pages.TotalCount, "RunCommand did not keep its command")
				require.Equal(t, [2]int{1, 1}, [2]int{*pages.PageNumber, *pages.PageSize})
				require.Equal(t, 1, pages.Commands.Command[0].InvokeTimes)
				call("DeleteCommand", "CommandId", cmd)
				none := call("DescribeCommands")
				require.Equal(t, 0, *none.TotalCount)
				require.Empty(t, none.Commands.Command)

				// DescribeInvocations, computed from the same runs, through
				// the codecs.
				var invs []invocation.Response
				for _, id := range []string{invoked.InvokeId, ran.InvokeId} {
					status, isJSON, body := f.call(st, format, "DescribeInvocations", values("RegionId", "cn-hangzhou", "InvokeId", id))
					require.Equal(t, 200, status, "%s", body)
					var resp invocation.Response
					var err error
					if isJSON {
						resp, err = jsoncodec.DecodeResponse(body)
					} else {
						resp, err = xmlcodec.DecodeResponse(body)
					}
					require.NoError(t, err)
					resp.RequestID = ""
					invs = append(invs, resp)
				}
				require.Equal(t, "Success", string(invs[0].Invocations[0].InvocationStatus))
				require.Equal(t, "Finished", string(invs[0].Invocations[0].InvokeStatus))
				require.Equal(t, "PartialFailed", string(invs[1].Invocations[0].InvocationStatus))

				// Page tokens are signed with a key of each service's own.
				for i := range got {
					got[i].RequestId = ""
					if got[i].Invocation != nil && got[i].Invocation.NextToken != "" {
						got[i].Invocation.NextToken = "(a token)"
					}
				}
				if first == nil {
					first, firstInvocations = got, invs
					return
				}
				if diff := cmp.Diff(first, got, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("not the answers of GET in XML (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(firstInvocations, invs, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("DescribeInvocations: not the answers of GET in XML (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// The setup of the error table: a fleet, a command with a parameter, one
// without that runs for an hour on i-1, a ClientToken used, and the quota
// of commands used up.
func errorSetup(t *testing.T) (*shellFake, map[string]string) {
	f := newShellFake(t, fake.Config{
		Instances:    []fake.Instance{{InstanceID: "i-1"}, {InstanceID: "i-2"}, {InstanceID: "i-win", OS: fake.Windows}},
		Outcome:      fake.MatchScripts(fake.Script{Match: "sleep", Duration: time.Hour}),
		CommandQuota: 2,
	})
	param, err := f.svc.CreateCommand(fake.CreateCommandRequest{RegionID: "cn-hangzhou", Name: "greet", Type: invocation.RunShellScript,
		CommandContent: "echo {{name}}", ContentEncoding: fake.PlainText, EnableParameter: true})
	require.NoError(t, err)
	plain, err := f.svc.CreateCommand(fake.CreateCommandRequest{RegionID: "cn-hangzhou", Name: "sleep", Type: invocation.RunShellScript,
		CommandContent: "sleep 3600", ContentEncoding: fake.PlainText})
	require.NoError(t, err)
	inv, err := f.svc.InvokeCommand(fake.InvokeCommandRequest{RegionID: "cn-hangzhou", CommandID: plain, InstanceIDs: []string{"i-1"}})
	require.NoError(t, err)
	_, _, err = f.svc.RunCommand(fake.RunCommandRequest{RegionID: "cn-hangzhou", Type: invocation.RunShellScript, CommandContent: "true",
		InstanceIDs: []string{"i-1"}, ClientToken: "tok"})
	require.NoError(t, err)
	return f, map[string]string{"{param}": param, "{cmd}": plain, "{inv}": inv}
}

// An error case: an action and its parameters ("&"-joined, with
// placeholders of errorSetup), the code and status it is answered with.
type errorCase struct {
	name   string
	action string
	params string
	code   apierror.Code
	status int
}

// errorCases has every code of the operations, and the shell's own.
func errorCases() []errorCase {
	many := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "&InstanceId.%d=i-1", i+1)
		}
		return b.String()
	}
	run := "Type=RunShellScript&CommandContent=true&InstanceId.1=i-1"
	create := "Name=n&Type=RunShellScript&ContentEncoding=PlainText&CommandContent=true"
	return []errorCase{
		// The shell's: the action, lists, integers and booleans.
		{"no action", "", "", apierror.InvalidActionNotFound, 404},
		{"an unknown action", "RebootInstance", "", apierror.InvalidActionNotFound, 404},
		{"a format that is neither", "RunCommand", run + "&Format=YAML", apierror.InvalidParameterFormat, 400},
		{"a Timeout that is not an integer", "CreateCommand", create + "&Timeout=1m", apierror.InvalidParamTimeout, 400},
		{"an empty Timeout", "RunCommand", run + "&Timeout=", apierror.InvalidParamTimeout, 400},
		{"a Timeout too short", "InvokeCommand", "CommandId={cmd}&InstanceId.1=i-2&Timeout=9", apierror.InvalidParamTimeout, 400},
		{"EnableParameter not a boolean", "CreateCommand", create + "&EnableParameter=yes", apierror.InvalidParameterEnableParameter, 400},
		{"KeepCommand not a boolean", "RunCommand", run + "&KeepCommand=1", apierror.InvalidParameterKeepCommand, 400},
		{"IncludeHistory not a boolean", "DescribeInvocationResults", "IncludeHistory=maybe", apierror.InvalidParameterIncludeHistory, 400},
		{"InstanceId.0", "RunCommand", "Type=RunShellScript&CommandContent=true&InstanceId.0=i-1", apierror.InvalidParameter, 400},
		{"InstanceId without N is not the list", "RunCommand", "Type=RunShellScript&CommandContent=true&InstanceId=i-1&InstanceId.01=i-1", apierror.MissingParamInstanceID, 400},
		{"a PageSize too large", "DescribeCommands", "PageSize=51", apierror.InvalidParamPageSize, 400},
		{"a PageNumber of 0", "DescribeInvocationResults", "PageNumber=0", apierror.InvalidParamPageNumber, 400},
		{"MaxResults of 0", "DescribeCommands", "MaxResults=0", apierror.InvalidParameterMaxResults, 400},
		{"a forged NextToken", "DescribeInvocationResults", "NextToken=forged", apierror.InvalidParameterNextToken, 400},
		{"an InvokeRecordStatus that is no instance's", "DescribeInvocationResults", "InvokeRecordStatus=PartialFailed", apierror.InvalidParameterInvokeRecordStatus, 400},
		{"a ContentEncoding that is neither", "DescribeCommands", "ContentEncoding=rot13", apierror.InvalidParameterContentEncoding, 400},

		// The region, for every operation.
		{"no region: CreateCommand", "CreateCommand", create + "&RegionId=", apierror.MissingParameterRegionID, 400},
		{"no region: DescribeCommands", "DescribeCommands", "RegionId=", apierror.MissingParameterRegionID, 400},
		{"no region: DeleteCommand", "DeleteCommand", "RegionId=&CommandId={cmd}", apierror.MissingParameterRegionID, 400},
		{"no region: InvokeCommand", "InvokeCommand", "RegionId=&CommandId={cmd}&InstanceId.1=i-1", apierror.MissingParameterRegionID, 400},
		{"no region: StopInvocation", "StopInvocation", "RegionId=&InvokeId={inv}", apierror.MissingParameterRegionID, 400},
		{"no region: DescribeInvocationResults", "DescribeInvocationResults", "RegionId=", apierror.MissingParameterRegionID, 400},
		{"no region: DescribeInvocations", "DescribeInvocations", "RegionId=", apierror.MissingParameterRegionID, 400},
		{"an unknown region", "RunCommand", run + "&RegionId=mars-1", apierror.InvalidRegionIDNotFound, 404},

		// The operations' codes.
		{"MissingParam.InstanceId", "InvokeCommand", "CommandId={cmd}", apierror.MissingParamInstanceID, 400},
		{"InstanceIds.ExceedLimit", "RunCommand", "Type=RunShellScript&CommandContent=true" + many(101), apierror.InstanceIDsExceedLimit, 403},
		{"InstanceIds.ExceedLimit of StopInvocation", "StopInvocation", "InvokeId={inv}" + many(51), apierror.InstanceIDsExceedLimit, 403},
		{"InvalidInstance.NotFound", "RunCommand", "Type=RunShellScript&CommandContent=true&InstanceId.1=i-9", apierror.InvalidInstanceNotFound, 404},
		{"InvalidInstanceId.NotFound", "StopInvocation", "InvokeId={inv}&InstanceId.1=i-2", apierror.InvalidInstanceIDNotFound, 404},
		{"InvalidInstance.NotMatch", "RunCommand", "Type=RunShellScript&CommandContent=true&InstanceId.1=i-win", apierror.InvalidInstanceNotMatch, 400},
		{"InvalidCmdId.NotFound", "InvokeCommand", "CommandId=c-nope&InstanceId.1=i-1", apierror.InvalidCmdIDNotFound, 404},
		{"InvalidCmdId.NotFound of DeleteCommand", "DeleteCommand", "CommandId=c-nope", apierror.InvalidCmdIDNotFound, 404},
		{"InvalidCmdType.NotFound", "CreateCommand", "Name=n&Type=RunPythonScript&CommandContent=dHJ1ZQ==", apierror.InvalidCmdTypeNotFound, 404},
		{"InvalidCmdType.NotFound of DescribeCommands", "DescribeCommands", "Type=RunPythonScript", apierror.InvalidCmdTypeNotFound, 404},
		{"InvalidInvokeId.NotFound", "StopInvocation", "InvokeId=t-nope", apierror.InvalidInvokeIDNotFound, 404},
		{"InvalidRepeatMode.NotFound", "RunCommand", run + "&RepeatMode=Sometimes", apierror.InvalidRepeatModeNotFound, 404},
		{"InvalidTerminationMode.NotFound", "RunCommand", run + "&TerminationMode=Kill", apierror.InvalidTerminationModeNotFound, 404},
		{"MissingParam.Frequency", "RunCommand", run + "&RepeatMode=Period", apierror.MissingParamFrequency, 400},
		{"InvalidParam.Frequency", "InvokeCommand", "CommandId={cmd}&InstanceId.1=i-1&Frequency=rate(1s)", apierror.InvalidParamFrequency, 400},
		{"InvalidParameter.Parameters", "InvokeCommand", "CommandId={param}&InstanceId.1=i-1&Parameters=name%3Dx", apierror.InvalidParameterParameters, 400},
		{"Parameter.Disabled", "InvokeCommand", "CommandId={cmd}&InstanceId.1=i-1&Parameters=%7B%22name%22%3A%22x%22%7D", apierror.ParameterDisabled, 400},
		{"Parameter.MissingValue", "InvokeCommand", "CommandId={param}&InstanceId.1=i-1", apierror.ParameterMissingValue, 400},
		{"Parameter.NotMatched", "InvokeCommand", "CommandId={param}&InstanceId.1=i-1&Parameters=%7B%22name%22%3A%22x%22%2C%22other%22%3A1%7D", apierror.ParameterNotMatched, 403},
		{"ParameterCount.ExceedLimit", "InvokeCommand", "CommandId={param}&InstanceId.1=i-1&Parameters=" + url.QueryEscape(`{"a":1,"b":1,"c":1,"d":1,"e":1,"f":1,"g":1,"h":1,"i":1,"j":1,"k":1}`), apierror.ParameterCountExceedLimit, 403},
		{"ParameterKey.ExceedLimit", "InvokeCommand", "CommandId={param}&InstanceId.1=i-1&Parameters=" + url.QueryEscape(`{"`+strings.Repeat("k", 65)+`":1}`), apierror.ParameterKeyExceedLimit, 403},
		{"CmdContent.ExceedLimit", "RunCommand", "Type=RunShellScript&InstanceId.1=i-1&CommandContent=" + strings.Repeat("x", 19_000) + "&KeepCommand=true", apierror.CmdContentExceedLimit, 403},
		{"CmdContent.DecodeError", "CreateCommand", "Name=n&Type=RunShellScript&CommandContent=not*base64", apierror.CmdContentDecodeError, 400},
		{"CmdName.ExceedLimit", "RunCommand", run + "&Name=" + strings.Repeat("n", 129), apierror.CmdNameExceedLimit, 403},
		{"CmdDesc.ExceedLimit", "CreateCommand", create + "&Description=" + strings.Repeat("d", 513), apierror.CmdDescExceedLimit, 403},
		{"CmdCount.ExceedQuota", "CreateCommand", create, apierror.CmdCountExceedQuota, 403},
		{"Username.ExceedLimit", "RunCommand", run + "&Username=" + strings.Repeat("u", 256), apierror.UsernameExceedLimit, 403},
		{"IdempotentParameterMismatch", "RunCommand", run + "&ClientToken=tok&Name=other", apierror.IdempotentParameterMismatch, 403},
		{"InvalidStatus.CmdIdInUse", "DeleteCommand", "CommandId={cmd}", apierror.InvalidStatusCmdIDInUse, 403},
		{"NumberExceed.Tags", "RunCommand", run + "&Tag.21.Key=k", apierror.NumberExceedTags, 400},
		{"Duplicate.TagKey", "CreateCommand", create + "&Tag.1.Key=k&Tag.2.Key=k", apierror.DuplicateTagKey, 400},
		{"InvalidTagKey.Malformed", "DescribeCommands", "Tag.1.Key=", apierror.InvalidTagKeyMalformed, 400},
		{"InvalidTagValue.Malformed", "DescribeInvocationResults", "Tag.1.Key=k&Tag.1.Value=" + strings.Repeat("v", 129), apierror.InvalidTagValueMalformed, 400},
		{"MissingParameter.TagKey", "InvokeCommand", "CommandId={cmd}&InstanceId.1=i-1&Tag.1.Value=v", apierror.MissingParameterTagKey, 400},
		{"MissingParameter.Name", "CreateCommand", "Type=RunShellScript&CommandContent=dHJ1ZQ==", "MissingParameter.Name", 400},
		{"MissingParameter.Type", "RunCommand", "CommandContent=true&InstanceId.1=i-1", "MissingParameter.Type", 400},
		{"MissingParameter.CommandContent", "CreateCommand", "Name=n&Type=RunShellScript", "MissingParameter.CommandContent", 400},
		{"MissingParameter.CommandId", "InvokeCommand", "InstanceId.1=i-1", "MissingParameter.CommandId", 400},
		{"MissingParameter.InvokeId", "StopInvocation", "", "MissingParameter.InvokeId", 400},
		{"InvalidParam.WorkingDir", "RunCommand", run + "&WorkingDir=" + strings.Repeat("w", 201), apierror.InvalidParamWorkingDir, 400},
		{"InvalidParam.Launcher", "CreateCommand", create + "&Launcher=" + strings.Repeat("l", 1025), apierror.InvalidParamLauncher, 400},
	}
}

// expand replaces the placeholders of errorSetup in params, and adds the
// region unless params names one.
func expand(params string, ids map[string]string) url.Values {
	for k, v := range ids {
		params = strings.ReplaceAll(params, k, v)
	}
	v, err := url.ParseQuery(params)
	if err != nil {
		panic(err)
	}
	if !v.Has("RegionId") {
		v.Set("RegionId", "cn-hangzhou")
	}
	return v
}

// Every parameter error, with its code and status, in both formats and
// every style; an error changes nothing.
func TestShellErrors(t *testing.T) {
	f, ids := errorSetup(t)
	for _, tt := range errorCases() {
		t.Run(tt.name, func(t *testing.T) {
			parent := f.t
			f.t = t
			defer func() { f.t = parent }()
			for _, st := range []style{styleGet, stylePost, styleV1, styleV3} {
				for _, format := range []string{"", "XML", "JSON"} {
					v := expand(tt.params, ids)
					if v.Has("Format") { // the case's own
						if format != "" {
							continue
						}
						format = v.Get("Format")
						v.Del("Format")
					}
					action := tt.action
					if action == "" && (st == styleV3 || st == styleV1) {
						continue // signed styles always name an action
					}
					status, e := f.fail(st, format, action, v)
					require.Equal(t, tt.code, e.Code, "%s %s: %s", st, format, e.Message)
					require.Equal(t, tt.status, status, "%s %s", st, format)
					// A Format that is neither is answered in XML.
					wantJSON := format == "JSON" || format == "" && st == styleV3
					require.Equal(t, wantJSON, strings.HasPrefix(string(f.lastBody), "{"), "%s %s in the format asked for", st, format)
				}
			}
		})
	}
	commands, err := f.svc.DescribeCommands(fake.DescribeCommandsRequest{RegionID: "cn-hangzhou"})
	require.NoError(t, err)
	require.Equal(t, 3, commands.TotalCount, "no request that failed made a command: two created, one of a run")
}

func TestActions(t *testing.T) {
	require.Equal(t, []string{"CreateCommand", "DeleteCommand", "DescribeCommands", "DescribeInvocationResults", "DescribeInvocations",
		"InvokeCommand", "RunCommand", "StopInvocation"}, fakehttp.Actions())
}
