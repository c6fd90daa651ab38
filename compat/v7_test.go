package compat

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/ecsassist/cloudassistant/ecssdk/ecstest"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// fleet are the invocations the filter tests load into the fake.
var fleet = []invocation.Invocation{
	{InvokeID: "t-1", CommandID: "c-1", CommandName: "deploy", CommandType: invocation.RunShellScript,
		Instances: []invocation.InvokeInstance{
			{InstanceID: "i-1", InstanceInvokeStatus: status.LegacyFinished, InvocationStatus: status.CurrentSuccess},
			{InstanceID: "i-2", InstanceInvokeStatus: status.LegacyFailed, InvocationStatus: status.CurrentTimeout},
		}},
	{InvokeID: "t-2", CommandID: "c-2", CommandName: "backup", CommandType: invocation.RunBatScript, Timed: true, Frequency: "0 */20 * * * *",
		Instances: []invocation.InvokeInstance{{InstanceID: "i-1", InstanceInvokeStatus: status.LegacyRunning, InvocationStatus: status.CurrentRunning}}},
}

// serveLoaded starts the fake that opts configure, with invs loaded into
// it as they are.
func serveLoaded(t *testing.T, opts ecstest.Options, invs ...invocation.Invocation) *ecstest.Server {
	t.Helper()
	s := ecstest.New(t, opts)
	for _, inv := range invs {
		if err := s.Service.Load(inv); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// bothModes runs test with the Options of a server without signature
// checking and of one that checks signatures, knowing the key the
// clients sign with.
func bothModes(t *testing.T, test func(t *testing.T, opts ecstest.Options)) {
	for _, signed := range []bool{false, true} {
		t.Run(fmt.Sprintf("signed=%v", signed), func(t *testing.T) {
			test(t, ecstest.Options{Unsigned: !signed})
		})
	}
}

// client returns the official v7 ECS client pointed at the server,
// signing with the key the signed servers know.
func client(t *testing.T, url string) *ecs.Client {
	return clientWith(t, url, "test-key", "test-secret")
}

// clientWith returns the client signing with the key id and secret.
func clientWith(t *testing.T, url, id, secret string) *ecs.Client {
	t.Helper()
	c, err := ecs.NewClient(&openapi.Config{
		AccessKeyId:     dara.String(id),
		AccessKeySecret: dara.String(secret),
		Endpoint:        dara.String(strings.TrimPrefix(url, "http://")),
		Protocol:        dara.String("HTTP"),
		RegionId:        dara.String("cn-hangzhou"),
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ids(b *ecs.DescribeInvocationsResponseBody) []string {
	var out []string
	if b.Invocations != nil {
		for _, inv := range b.Invocations.Invocation {
			out = append(out, dara.StringValue(inv.InvokeId))
		}
	}
	return out
}

// Every filter, through the SDK's own request type.
func TestV7Filters(t *testing.T) {
	bothModes(t, func(t *testing.T, opts ecstest.Options) {
		ts := serveLoaded(t, opts, fleet...)
		c := client(t, ts.URL)
		region := dara.String("cn-hangzhou")
		tests := []struct {
			name string
			req  *ecs.DescribeInvocationsRequest
			want []string
		}{
			{"none", &ecs.DescribeInvocationsRequest{RegionId: region}, []string{"t-1", "t-2"}},
			{"InvokeId", &ecs.DescribeInvocationsRequest{RegionId: region, InvokeId: dara.String("t-2")}, []string{"t-2"}},
			{"CommandId", &ecs.DescribeInvocationsRequest{RegionId: region, CommandId: dara.String("c-1")}, []string{"t-1"}},
			{"CommandName", &ecs.DescribeInvocationsRequest{RegionId: region, CommandName: dara.String("backup")}, []string{"t-2"}},
			{"CommandType", &ecs.DescribeInvocationsRequest{RegionId: region, CommandType: dara.String("RunBatScript")}, []string{"t-2"}},
			{"Timed", &ecs.DescribeInvocationsRequest{RegionId: region, Timed: dara.Bool(false)}, []string{"t-1"}},
			{"InvokeStatus", &ecs.DescribeInvocationsRequest{RegionId: region, InvokeStatus: dara.String("Running")}, []string{"t-2"}},
			{"InvokeStatus current", &ecs.DescribeInvocationsRequest{RegionId: region, InvokeStatus: dara.String("Success")}, nil},
			{"InstanceId", &ecs.DescribeInvocationsRequest{RegionId: region, InstanceId: dara.String("i-2")}, []string{"t-1"}},
			{"InstanceId ignores CommandName", &ecs.DescribeInvocationsRequest{RegionId: region, InstanceId: dara.String("i-1"), CommandName: dara.String("x")}, []string{"t-1", "t-2"}},
			{"page", &ecs.DescribeInvocationsRequest{RegionId: region, PageNumber: dara.Int64(2), PageSize: dara.Int64(1)}, []string{"t-2"}},
		}
		for _, tt := range tests {
			res, err := c.DescribeInvocations(tt.req)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if got := ids(res.Body); !slices.Equal(got, tt.want) {
				t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
			}
		}
		res, err := c.DescribeInvocations(&ecs.DescribeInvocationsRequest{RegionId: region, InvokeId: dara.String("t-1")})
		if err != nil {
			t.Fatal(err)
		}
		inv := res.Body.Invocations.Invocation[0]
		for name, got := range map[string]string{
			"InvokeStatus": dara.StringValue(inv.InvokeStatus), "InvocationStatus": dara.StringValue(inv.InvocationStatus),
			"CommandType": dara.StringValue(inv.CommandType), "instance InvocationStatus": dara.StringValue(inv.InvokeInstances.InvokeInstance[1].InvocationStatus),
			"instance InstanceInvokeStatus": dara.StringValue(inv.InvokeInstances.InvokeInstance[1].InstanceInvokeStatus),
		} {
			want := map[string]string{"InvokeStatus": "PartialFailed", "InvocationStatus": "PartialFailed", "CommandType": "RunShellScript",
				"instance InvocationStatus": "Timeout", "instance InstanceInvokeStatus": "Failed"}[name]
			if got != want {
				t.Errorf("%s = %q, want %q", name, got, want)
			}
		}
		if dara.Int64Value(res.Body.TotalCount) != 1 || dara.StringValue(res.Body.RequestId) == "" {
			t.Errorf("TotalCount %d, RequestId %q", dara.Int64Value(res.Body.TotalCount), dara.StringValue(res.Body.RequestId))
		}
	})
}

// Token paging through the SDK: MaxResults and NextToken.
func TestV7Tokens(t *testing.T) {
	bothModes(t, func(t *testing.T, opts ecstest.Options) {
		var invs []invocation.Invocation
		for i := range 7 {
			invs = append(invs, invocation.Invocation{InvokeID: fmt.Sprintf("t-%d", i), CommandID: "c-1",
				Instances: []invocation.InvokeInstance{{InstanceID: "i-1", InstanceInvokeStatus: status.LegacyRunning}}})
		}
		ts := serveLoaded(t, opts, invs...)
		c := client(t, ts.URL)
		var got []string
		req := &ecs.DescribeInvocationsRequest{RegionId: dara.String("cn-hangzhou"), MaxResults: dara.Int32(3)}
		for range 10 {
			res, err := c.DescribeInvocations(req)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, ids(res.Body)...)
			if dara.StringValue(res.Body.NextToken) == "" {
				break
			}
			req.NextToken = res.Body.NextToken
		}
		if want := []string{"t-0", "t-1", "t-2", "t-3", "t-4", "t-5", "t-6"}; !slices.Equal(got, want) {
			t.Errorf("walked %v, want %v", got, want)
		}
	})
}

// Bad parameters come back as the SDK's own error, with the code and HTTP
// status.
func TestV7Errors(t *testing.T) {
	bothModes(t, func(t *testing.T, opts ecstest.Options) {
		ts := serveLoaded(t, opts, fleet...)
		c := client(t, ts.URL)
		region := dara.String("cn-hangzhou")
		tests := []struct {
			req    *ecs.DescribeInvocationsRequest
			code   string
			status int
		}{
			{&ecs.DescribeInvocationsRequest{RegionId: region, PageSize: dara.Int64(51)}, "InvalidParam.PageSize", 400},
			{&ecs.DescribeInvocationsRequest{RegionId: region, PageNumber: dara.Int64(0)}, "InvalidParam.PageNumber", 400},
			{&ecs.DescribeInvocationsRequest{RegionId: region, MaxResults: dara.Int32(99)}, "InvalidParameter.MaxResults", 400},
			{&ecs.DescribeInvocationsRequest{RegionId: region, NextToken: dara.String("forged")}, "InvalidParameter.NextToken", 400},
			{&ecs.DescribeInvocationsRequest{RegionId: region, InvokeStatus: dara.String("Done")}, "InvalidParameter.InvokeStatus", 400},
			{&ecs.DescribeInvocationsRequest{RegionId: region, CommandType: dara.String("RunPythonScript")}, "InvalidParameter.CommandType", 400},
			{&ecs.DescribeInvocationsRequest{RegionId: dara.String("mars-1")}, "InvalidRegionId.NotFound", 404},
		}
		for _, tt := range tests {
			_, err := c.DescribeInvocations(tt.req)
			var sdkErr *tea.SDKError
			if !errors.As(err, &sdkErr) {
				t.Fatalf("%s: error %T: %v", tt.code, err, err)
			}
			if dara.StringValue(sdkErr.Code) != tt.code || dara.IntValue(sdkErr.StatusCode) != tt.status {
				t.Errorf("got %s %d, want %s %d", dara.StringValue(sdkErr.Code), dara.IntValue(sdkErr.StatusCode), tt.code, tt.status)
			}
		}
	})
}

// With signature checking on, the right key passes and a wrong secret is
// SignatureDoesNotMatch, with the server's string to sign in the message.
func TestV7Signed(t *testing.T) {
	ts := serveLoaded(t, ecstest.Options{}, fleet...)
	res, err := client(t, ts.URL).DescribeInvocations(&ecs.DescribeInvocationsRequest{RegionId: dara.String("cn-hangzhou"), InvokeId: dara.String("t-1")})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(res.Body); !slices.Equal(got, []string{"t-1"}) {
		t.Errorf("got %v", got)
	}

	wrong := clientWith(t, ts.URL, "test-key", "wrong-secret")
	_, err = wrong.DescribeInvocations(&ecs.DescribeInvocationsRequest{RegionId: dara.String("cn-hangzhou")})
	var sdkErr *tea.SDKError
	if !errors.As(err, &sdkErr) || dara.StringValue(sdkErr.Code) != "SignatureDoesNotMatch" || dara.IntValue(sdkErr.StatusCode) != 400 {
		t.Fatalf("error %v", err)
	}
	if !strings.Contains(dara.StringValue(sdkErr.Message), "server string to sign is:ACS3-HMAC-SHA256\n") {
		t.Errorf("message %q", dara.StringValue(sdkErr.Message))
	}

	unknown := clientWith(t, ts.URL, "other-key", "test-secret")
	_, err = unknown.DescribeInvocations(&ecs.DescribeInvocationsRequest{RegionId: dara.String("cn-hangzhou")})
	if !errors.As(err, &sdkErr) || dara.StringValue(sdkErr.Code) != "InvalidAccessKeyId.NotFound" || dara.IntValue(sdkErr.StatusCode) != 404 {
		t.Fatalf("error %v", err)
	}
}
