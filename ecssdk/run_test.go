package ecssdk_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/ecssdk"
	"github.com/ecsassist/cloudassistant/ecssdk/ecstest"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// waiter returns a Waiter on the fake's clock: each pause moves it, then
// calls during with the time waited so far, if during is not nil. Its
// jitter is random, from a fixed seed.
func waiter(s *ecstest.Server, during func(ctx context.Context, waited time.Duration) error) *ecssdk.Waiter {
	var waited time.Duration
	return &ecssdk.Waiter{
		Sleep: func(ctx context.Context, d time.Duration) error {
			if err := s.Sleep(ctx, d); err != nil {
				return err
			}
			waited += d
			if during != nil {
				return during(ctx, waited)
			}
			return nil
		},
		Rand: rand.New(rand.NewPCG(1, 2)).Float64,
	}
}

// command returns the request that runs script on instances.
func command(script string, instances ...string) *ecs.RunCommandRequest {
	return &ecs.RunCommandRequest{
		RegionId:       dara.String("cn-hangzhou"),
		Type:           dara.String("RunShellScript"),
		CommandContent: dara.String(script),
		InstanceId:     dara.StringSlice(instances),
	}
}

// apiCode is a wanted error: an answer of the API with this code.
type apiCode string

func (c apiCode) Error() string { return string(c) }

// checkErr fails t unless err is what want says: nil; a *RunError equal to
// want's; an apiCode, the code of an SDK error in err's chain; else a
// target of errors.Is.
func checkErr(t *testing.T, err, want error) {
	t.Helper()
	var wantRun *ecssdk.RunError
	var code apiCode
	switch {
	case want == nil:
		require.NoError(t, err)
	case errors.As(want, &wantRun):
		var got *ecssdk.RunError
		require.ErrorAs(t, err, &got)
		if diff := cmp.Diff(wantRun, got); diff != "" {
			t.Errorf("RunError (-want +got):\n%s", diff)
		}
	case errors.As(want, &code):
		var got *tea.SDKError
		require.ErrorAs(t, err, &got)
		require.Equal(t, string(code), tea.StringValue(got.Code))
	default:
		require.ErrorIs(t, err, want)
	}
}

// ok is a run that exited 0 on instance id with output.
func ok(id, output string) ecssdk.Outcome {
	return ecssdk.Outcome{
		InstanceID: id, Status: status.CurrentSuccess, ExitCode: invocation.Some(int64(0)),
		Output: output, Dropped: invocation.Some(int32(0)),
	}
}

// stopAll stops every invocation of the service.
func stopAll(t *testing.T, ctx context.Context, c *ecs.Client) {
	t.Helper()
	for inv, err := range ecssdk.AllInvocations(ctx, c, &ecs.DescribeInvocationsRequest{RegionId: dara.String("cn-hangzhou")}) {
		require.NoError(t, err)
		_, err := c.StopInvocationWithContext(ctx, &ecs.StopInvocationRequest{
			RegionId: dara.String("cn-hangzhou"), InvokeId: dara.String(inv.InvokeID),
		}, &dara.RuntimeOptions{})
		require.NoError(t, err)
	}
}

func withTimeout(r *ecs.RunCommandRequest, seconds int64) *ecs.RunCommandRequest {
	r.Timeout = dara.Int64(seconds)
	return r
}

func periodic(r *ecs.RunCommandRequest, frequency string) *ecs.RunCommandRequest {
	r.RepeatMode, r.Frequency = dara.String("Period"), dara.String(frequency)
	return r
}
