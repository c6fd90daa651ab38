package compat

import (
	"errors"
	"testing"

	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	oldecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"

	"github.com/ecsassist/cloudassistant/ecssdk/ecstest"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
	"github.com/ecsassist/cloudassistant/fake/fault"
)

// retryingClient is the v7 client with its own retries on (its
// RetryOptions): up to three attempts of a request answered with
// InternalError.Dispatch.
func retryingClient(t *testing.T, url string) *ecs.Client {
	t.Helper()
	c := client(t, url)
	c.RetryOptions = &dara.RetryOptions{Retryable: true, RetryCondition: []*dara.RetryCondition{{
		MaxAttempts: 3, ErrorCode: []string{"InternalError.Dispatch"},
	}}}
	return c
}

// calls counts the journaled requests of action.
func calls(h *fakehttp.Handler, action string) int {
	n := 0
	for _, r := range h.Requests(0) {
		if r.Action == action {
			n++
		}
	}
	return n
}

func describeV7(c *ecs.Client) error {
	_, err := c.DescribeInvocations(&ecs.DescribeInvocationsRequest{RegionId: region})
	return err
}

// The v7 SDK's own retries survive two errors of DescribeInvocations: the
// third attempt succeeds. They do not retry a dropped connection: the
// SDK retries only errors it can name (an error code or an exception
// name; since darabonba-openapi v2 a transport error is neither), so a
// drop reaches the caller after one attempt, with nothing done, and the
// caller's own retry succeeds.
func TestV7RetriesAndFaults(t *testing.T) {
	bothLifecycles(t, ecstest.Options{Instances: lifecycleFleet}, func(t *testing.T, l *lifecycle) {
		if _, err := l.h.AddFaults(fault.Rule{Action: "DescribeInvocations", Times: 2}); err != nil {
			t.Fatal(err)
		}
		if err := describeV7(retryingClient(t, l.ts.URL)); err != nil {
			t.Fatal(err)
		}
		if n := calls(l.h, "DescribeInvocations"); n != 3 {
			t.Errorf("error: %d DescribeInvocations sent, want 3", n)
		}

		l.h.DeleteFaults()
		l.h.DeleteRequests()
		if _, err := l.h.AddFaults(fault.Rule{Action: "DescribeInvocations", Effect: fault.EffectDrop, Times: 2}); err != nil {
			t.Fatal(err)
		}
		c := retryingClient(t, l.ts.URL)
		err := describeV7(c)
		var sdkErr *tea.SDKError
		if err == nil || errors.As(err, &sdkErr) && dara.StringValue(sdkErr.Code) != "" {
			t.Fatalf("drop: %v, want the transport's error", err)
		}
		if n := calls(l.h, "DescribeInvocations"); n != 1 {
			t.Errorf("drop: %d DescribeInvocations sent, want 1", n)
		}
		for attempt := 2; ; attempt++ {
			if err := describeV7(c); err == nil {
				break
			} else if attempt == 3 {
				t.Fatal(err)
			}
		}
		if n := calls(l.h, "DescribeInvocations"); n != 3 {
			t.Errorf("drop: %d DescribeInvocations sent, want 3", n)
		}
	})
}

// The older SDK's own retries (AutoRetry, MaxRetryTime) survive two
// errors and two dropped connections of DescribeInvocations: it retries
// any transport error and any 5xx, signing each attempt anew.
func TestOldSDKRetriesSurviveFaults(t *testing.T) {
	for _, effect := range []fault.Effect{fault.EffectError, fault.EffectDrop} {
		t.Run(string(effect), func(t *testing.T) {
			bothLifecycles(t, ecstest.Options{Instances: lifecycleFleet}, func(t *testing.T, l *lifecycle) {
				if _, err := l.h.AddFaults(fault.Rule{Action: "DescribeInvocations", Effect: effect, Times: 2}); err != nil {
					t.Fatal(err)
				}
				c, err := oldecs.NewClientWithOptions("cn-hangzhou", sdk.NewConfig().WithAutoRetry(true).WithMaxRetryTime(3),
					credentials.NewAccessKeyCredential("test-key", "test-secret"))
				if err != nil {
					t.Fatal(err)
				}
				req := at(l, oldecs.CreateDescribeInvocationsRequest())
				req.RegionId = "cn-hangzhou"
				if _, err := c.DescribeInvocations(req); err != nil {
					t.Fatal(err)
				}
				if n := calls(l.h, "DescribeInvocations"); n != 3 {
					t.Errorf("%d DescribeInvocations sent, want 3", n)
				}
			})
		})
	}
}

// A RunCommand whose answer is lost has run; retried by its caller with
// the same ClientToken, it makes no second invocation, and the retry
// answers the first one's id.
func TestV7LostRunCommandRetriedWithClientToken(t *testing.T) {
	bothLifecycles(t, ecstest.Options{Instances: lifecycleFleet, Outcome: lifecycleOutcomes}, func(t *testing.T, l *lifecycle) {
		if _, err := l.h.AddFaults(fault.Rule{Action: "RunCommand", Effect: fault.EffectLost, Times: 1}); err != nil {
			t.Fatal(err)
		}
		c := client(t, l.ts.URL)
		req := &ecs.RunCommandRequest{RegionId: region, Type: dara.String("RunShellScript"), CommandContent: dara.String("echo hello"),
			InstanceId: strs("i-1", "i-2"), ClientToken: dara.String("token-lost-1")}
		_, err := c.RunCommand(req)
		var sdkErr *tea.SDKError
		if !errors.As(err, &sdkErr) || dara.StringValue(sdkErr.Code) != "InternalError.Dispatch" {
			t.Fatalf("first RunCommand: %v, want InternalError.Dispatch", err)
		}
		res, err := c.RunCommand(req)
		if err != nil {
			t.Fatal(err)
		}
		list, err := c.DescribeInvocations(&ecs.DescribeInvocationsRequest{RegionId: region})
		if err != nil {
			t.Fatal(err)
		}
		invs := list.Body.Invocations.Invocation
		if len(invs) != 1 || dara.StringValue(invs[0].InvokeId) != dara.StringValue(res.Body.InvokeId) {
			t.Fatalf("%d invocations, want the one the retry answered, %s", len(invs), dara.StringValue(res.Body.InvokeId))
		}
		if n := calls(l.h, "RunCommand"); n != 2 {
			t.Errorf("%d RunCommand sent, want 2", n)
		}
	})
}
