package ecssdk

import (
	"context"

	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"
)

// InvocationsAPI is the part of the SDK's client that [AllInvocations] and
// [Waiter.Wait] call. *ecs.Client implements it; so can a fake in tests.
type InvocationsAPI interface {
	DescribeInvocationsWithContext(ctx context.Context, req *ecs.DescribeInvocationsRequest, runtime *dara.RuntimeOptions) (*ecs.DescribeInvocationsResponse, error)
}

// ResultsAPI is the part of the SDK's client that [AllResults] calls.
// *ecs.Client implements it.
type ResultsAPI interface {
	DescribeInvocationResultsWithContext(ctx context.Context, req *ecs.DescribeInvocationResultsRequest, runtime *dara.RuntimeOptions) (*ecs.DescribeInvocationResultsResponse, error)
}

// RunAPI is the part of the SDK's client that [Waiter.Run] calls: RunCommand
// to start a run, DescribeInvocations to wait for it. *ecs.Client
// implements it.
type RunAPI interface {
	InvocationsAPI
	RunCommandWithContext(ctx context.Context, req *ecs.RunCommandRequest, runtime *dara.RuntimeOptions) (*ecs.RunCommandResponse, error)
}

var (
	_ InvocationsAPI = (*ecs.Client)(nil)
	_ ResultsAPI     = (*ecs.Client)(nil)
	_ RunAPI         = (*ecs.Client)(nil)
)

// runtime returns the runtime options of a call: none of its own, so that
// the client's configuration (timeouts, proxies, the SDK's own retry
// options) applies.
func runtime() *dara.RuntimeOptions { return &dara.RuntimeOptions{} }
