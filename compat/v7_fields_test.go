package compat

import (
	"errors"
	"strings"
	"testing"
	"time"

	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/google/go-cmp/cmp"

	"github.com/ecsassist/cloudassistant/ecssdk"
	"github.com/ecsassist/cloudassistant/ecssdk/ecstest"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// everyField is an invocation with every field of the current edition set,
// as a fixture the fake serves unchanged.
func everyField() invocation.Invocation {
	t0 := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	return invocation.Invocation{
		InvokeID: "t-0123456789abcdef0123456789abcdef", CommandID: "c-0123456789abcdef0123456789abcdef", CommandName: "deploy",
		CommandType: invocation.RunShellScript, InvokeStatus: status.LegacyFinished, InvocationStatus: status.CurrentPartialFailed,
		Timed: false, Frequency: "", CreationTime: t0, RepeatMode: invocation.Once, CommandContent: "./deploy.sh --all",
		CommandDescription: "roll out", Parameters: `{"version":"2"}`, Timeout: invocation.Some[int64](90), Username: "root",
		WorkingDir: "/opt", Launcher: "bash", TerminationMode: invocation.ProcessTree, ContainerID: "ctr-1", ContainerName: "web",
		OssOutputDelivery: "oss://bucket/prefix", Tags: []invocation.Tag{{Key: "team", Value: "web"}, {Key: "env", Value: "prod"}},
		Instances: []invocation.InvokeInstance{
			{InstanceID: "i-1", InstanceInvokeStatus: status.LegacyFinished, InvocationStatus: status.CurrentSuccess,
				Timed: invocation.Some(false), Repeats: invocation.Some[int32](1), ExitCode: invocation.Some[int64](0), Output: "done\n",
				Dropped: invocation.Some[int32](0), ErrorCode: "", ErrorInfo: "", CreationTime: t0, StartTime: t0.Add(time.Second),
				FinishTime: t0.Add(3 * time.Second), UpdateTime: t0.Add(3 * time.Second), OssOutputStatus: invocation.OssFinished,
				OssOutputURI: "oss://bucket/prefix/i-1", OssOutputErrorCode: "", OssOutputErrorInfo: ""},
			{InstanceID: "i-2", InstanceInvokeStatus: status.LegacyFinished, InvocationStatus: status.CurrentFailed,
				Timed: invocation.Some(false), Repeats: invocation.Some[int32](1), ExitCode: invocation.Some[int64](3), Output: "disk full\n",
				Dropped: invocation.Some[int32](0), ErrorCode: invocation.ExitCodeNonzero, ErrorInfo: "exit 3", CreationTime: t0,
				StartTime: t0.Add(time.Second), FinishTime: t0.Add(2 * time.Second), UpdateTime: t0.Add(2 * time.Second),
				OssOutputStatus: invocation.OssFailed, OssOutputURI: "oss://bucket/prefix/i-2", OssOutputErrorCode: "AccessDenied",
				OssOutputErrorInfo: "no permission"},
		},
	}
}

// serveEveryField serves everyField from a fake on a virtual clock, for
// the every-field tests of both SDKs.
func serveEveryField(t *testing.T) (*fake.Service, *ecstest.Server, invocation.Invocation) {
	t.Helper()
	stored := everyField()
	s := serveLoaded(t, ecstest.Options{Start: fieldsT0}, stored)
	return s.Service, s, stored
}

// fieldsT0 is the fake's clock in the tests of fields and describe
// errors.
var fieldsT0 = time.Date(2025, 3, 4, 6, 0, 0, 0, time.UTC)

// The v7 SDK reads back every field of DescribeInvocations' body as the
// fake holds it, in both content encodings and with output on and off:
// the body the SDK decoded, converted to the model field by field
// (ecssdk.ResponseFrom), equals the fake's own answer to the same query.
func TestV7EveryFieldOfDescribeInvocations(t *testing.T) {
	svc, ts, stored := serveEveryField(t)
	c := client(t, ts.URL)
	for _, tt := range []struct {
		name     string
		encoding string
		output   bool
	}{{"Base64 with output", "", true}, {"plain text with output", "PlainText", true}, {"without output", "Base64", false}} {
		t.Run(tt.name, func(t *testing.T) {
			req := &ecs.DescribeInvocationsRequest{RegionId: region, InvokeId: dara.String(stored.InvokeID), IncludeOutput: dara.Bool(tt.output)}
			q := fake.DescribeInvocationsRequest{RegionID: "cn-hangzhou", InvokeID: stored.InvokeID, IncludeOutput: tt.output, ContentEncoding: fake.Base64}
			if tt.encoding != "" {
				req.ContentEncoding = dara.String(tt.encoding)
				q.ContentEncoding = fake.ContentEncoding(tt.encoding)
			}
			res, err := c.DescribeInvocations(req)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ecssdk.ResponseFrom(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			want, err := svc.DescribeInvocations(q)
			if err != nil {
				t.Fatal(err)
			}
			got.RequestID, want.RequestID = "", ""
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("the SDK's body differs from the fake's answer (-want +got):\n%s", diff)
			}
			if !tt.output && (got.Invocations[0].Instances[0].Output != "" || got.Invocations[0].Instances[0].Dropped.Set) {
				t.Errorf("output without IncludeOutput: %+v", got.Invocations[0].Instances[0])
			}
			if tt.encoding == "PlainText" && got.Invocations[0].Instances[1].Output != "disk full\n" {
				t.Errorf("plain output %q", got.Invocations[0].Instances[1].Output)
			}
		})
	}
}

// Every error code of the current edition's DescribeInvocations
// parameters reaches the v7 SDK's error with its code and HTTP status.
func TestV7CurrentDescribeErrors(t *testing.T) {
	ts := ecstest.New(t, ecstest.Options{Start: fieldsT0})
	c := client(t, ts.URL)
	tag := func(k, v *string) *ecs.DescribeInvocationsRequestTag {
		return &ecs.DescribeInvocationsRequestTag{Key: k, Value: v}
	}
	var many []*ecs.DescribeInvocationsRequestTag
	for i := range 21 {
		many = append(many, tag(dara.String(string(rune('a'+i))), nil))
	}
	long := func(n int) *string { return dara.String(strings.Repeat("k", n)) }
	for _, tt := range []struct {
		name string
		req  *ecs.DescribeInvocationsRequest
		code string
	}{
		{"an unknown content encoding", &ecs.DescribeInvocationsRequest{ContentEncoding: dara.String("hex")}, "InvalidParameter.ContentEncoding"},
		{"output of everything", &ecs.DescribeInvocationsRequest{IncludeOutput: dara.Bool(true)}, "InvalidParameter.IncludeOutput"},
		{"an unknown repeat mode", &ecs.DescribeInvocationsRequest{RepeatMode: dara.String("Weekly")}, "InvalidParameter.RepeatMode"},
		{"21 tags", &ecs.DescribeInvocationsRequest{Tag: many}, "NumberExceed.Tags"},
		{"a tag key twice", &ecs.DescribeInvocationsRequest{Tag: []*ecs.DescribeInvocationsRequestTag{tag(dara.String("k"), nil), tag(dara.String("k"), nil)}}, "Duplicate.TagKey"},
		{"a tag key of 65 characters", &ecs.DescribeInvocationsRequest{Tag: []*ecs.DescribeInvocationsRequestTag{tag(long(65), nil)}}, "InvalidTagKey.Malformed"},
		{"a tag value of 129 characters", &ecs.DescribeInvocationsRequest{Tag: []*ecs.DescribeInvocationsRequestTag{tag(dara.String("k"), long(129))}}, "InvalidTagValue.Malformed"},
		{"a tag value without its key", &ecs.DescribeInvocationsRequest{Tag: []*ecs.DescribeInvocationsRequestTag{tag(nil, dara.String("v"))}}, "MissingParameter.TagKey"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.req.RegionId = region
			_, err := c.DescribeInvocations(tt.req)
			var sdkErr *tea.SDKError
			if !errors.As(err, &sdkErr) {
				t.Fatalf("error %T: %v", err, err)
			}
			if dara.StringValue(sdkErr.Code) != tt.code || dara.IntValue(sdkErr.StatusCode) != 400 {
				t.Errorf("got %s %d, want %s 400", dara.StringValue(sdkErr.Code), dara.IntValue(sdkErr.StatusCode), tt.code)
			}
		})
	}
}
