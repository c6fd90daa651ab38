package fake_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/paging"
	"github.com/ecsassist/cloudassistant/status"
)

// After a reset the service is as NewService made it, loaded fixtures
// included, on the same clock: the same calls give the same ids and the
// same state as after a start.
func TestReset(t *testing.T) {
	fixture := invocation.Invocation{InvokeID: "t-fixture", CommandID: "c-fixture",
		Instances: []invocation.InvokeInstance{{InstanceID: "i-1", InstanceInvokeStatus: status.LegacyFinished}}}
	calls := func(f *tfake) (ids []string) {
		cmd, err := f.svc.CreateCommand(fake.CreateCommandRequest{RegionID: hz, Name: "n", Type: invocation.RunShellScript,
			CommandContent: "echo", ContentEncoding: fake.PlainText})
		require.NoError(t, err)
		inv, err := f.svc.InvokeCommand(fake.InvokeCommandRequest{RegionID: hz, CommandID: cmd, InstanceIDs: []string{"i-1"}, ClientToken: "once"})
		require.NoError(t, err)
		return []string{cmd, inv, f.run("uptime", "i-1")}
	}
	f := newFake(t, fake.Config{Seed: 7, Instances: []fake.Instance{{InstanceID: "i-1"}}})
	require.NoError(t, f.svc.Load(fixture))
	first := calls(f)
	f.clock.Advance(time.Minute)
	_, err := f.svc.ChangeInstances([]fake.InstanceChange{{InstanceID: "i-2"}})
	require.NoError(t, err)

	f.svc.Reset()
	st := f.svc.State()
	require.Equal(t, t0.Add(time.Minute), st.Now, "the clock is not moved")
	require.Empty(t, st.Commands)
	require.Len(t, st.Invocations, 1, "only the loaded fixture")
	require.Equal(t, "t-fixture", st.Invocations[0].InvokeID)
	require.Equal(t, []string{"i-1"}, []string{st.Instances[0].InstanceID}, "the fleet is back as configured")
	require.Len(t, st.Instances, 1)

	second := calls(f)
	require.Equal(t, first, second, "the same ids as after a start, and the ClientToken forgotten")

	g := newFake(t, fake.Config{Seed: 7, Instances: []fake.Instance{{InstanceID: "i-1"}}})
	g.clock.Advance(time.Minute)
	require.NoError(t, g.svc.Load(fixture))
	calls(g)
	want, got := g.svc.State(), f.svc.State()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("state after a reset, and after a start (-start +reset):\n%s", diff)
	}
}

// A page token issued before a reset is refused after it.
func TestResetForgetsPageTokens(t *testing.T) {
	f := newFake(t, fake.Config{})
	f.run("a", "i-1")
	f.run("b", "i-1")
	r, err := f.svc.DescribeInvocations(fake.DescribeInvocationsRequest{RegionID: hz, Paging: pagingByToken(1, "")})
	require.NoError(t, err)
	require.NotEmpty(t, r.NextToken)
	f.svc.Reset()
	f.run("a", "i-1")
	f.run("b", "i-1")
	_, err = f.svc.DescribeInvocations(fake.DescribeInvocationsRequest{RegionID: hz, Paging: pagingByToken(1, r.NextToken)})
	require.Error(t, err)
}

func pagingByToken(max int, token string) paging.Request {
	return paging.Request{ByToken: true, Cursor: paging.Cursor{MaxResults: max, NextToken: token}}
}
