package fake_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// within runs f and fails the test if it has not returned after a
// second: a service that kept its lock across a panic would block it for
// good.
func within(t *testing.T, name string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatalf("%s did not return: the service's lock is held", name)
	}
}

// An outcome function that panics does not freeze the service: the
// operation that fired the run panics with an *OutcomePanic, the run ends
// as Error with ExecutionException, the other runs due at that instant
// still move on, and the next operation is served.
func TestOutcomePanicLeavesTheServiceServing(t *testing.T) {
	clock := fake.NewVirtualClock(t0)
	svc, err := fake.NewService(fake.Config{Clock: clock, Outcome: func(x fake.Execution) fake.Result {
		if strings.Contains(x.Content, "boom") && x.InstanceID == "i-2" {
			panic("scripted failure")
		}
		return fake.Result{Output: "ok"}
	}})
	require.NoError(t, err)
	_, id, err := svc.RunCommand(fake.RunCommandRequest{RegionID: hz, Type: invocation.RunShellScript,
		CommandContent: "echo boom", ContentEncoding: fake.PlainText, InstanceIDs: []string{"i-1", "i-2", "i-3"}})
	require.NoError(t, err)
	clock.Advance(time.Second) // delivery: the outcome function is called for each instance

	var recovered any
	within(t, "the operation that met the panic", func() {
		defer func() { recovered = recover() }()
		svc.DescribeInvocations(fake.DescribeInvocationsRequest{RegionID: hz, InvokeID: id})
	})
	p, ok := recovered.(*fake.OutcomePanic)
	require.True(t, ok, "panicked with %T %v", recovered, recovered)
	require.Equal(t, "scripted failure", p.Value)
	require.Contains(t, string(p.Stack), "panic_test.go", "the stack of the outcome function")

	clock.Advance(time.Second) // the runs end
	var r invocation.Response
	within(t, "the next operation", func() {
		r, err = svc.DescribeInvocations(fake.DescribeInvocationsRequest{RegionID: hz, InvokeID: id})
	})
	require.NoError(t, err)
	require.Len(t, r.Invocations, 1)
	got := map[string]status.Current{}
	for _, in := range r.Invocations[0].Instances {
		got[in.InstanceID] = in.InvocationStatus
		if in.InstanceID == "i-2" {
			require.Equal(t, invocation.ExecutionException, in.ErrorCode)
			require.Contains(t, in.ErrorInfo, "scripted failure")
		}
	}
	require.Equal(t, map[string]status.Current{"i-1": status.CurrentSuccess, "i-2": status.CurrentError, "i-3": status.CurrentSuccess}, got)
	require.Equal(t, status.CurrentPartialFailed, r.Invocations[0].InvocationStatus)
}
