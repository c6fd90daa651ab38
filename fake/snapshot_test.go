package fake_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/paging"
)

// answers is every answer a test reads of a service at an instant.
func answers(t *testing.T, svc *fake.Service) any {
	t.Helper()
	inv, err := svc.DescribeInvocations(fake.DescribeInvocationsRequest{RegionID: hz, IncludeOutput: true, InstanceID: "i-1",
		Paging: paging.Request{Page: paging.Page{Number: 1, Size: 50}}})
	require.NoError(t, err)
	res, err := svc.DescribeInvocationResults(fake.DescribeInvocationResultsRequest{RegionID: hz, IncludeHistory: true,
		Paging: paging.Request{Page: paging.Page{Number: 1, Size: 50}}})
	require.NoError(t, err)
	cmds, err := svc.DescribeCommands(fake.DescribeCommandsRequest{RegionID: hz, Paging: paging.Request{Page: paging.Page{Number: 1, Size: 50}}})
	require.NoError(t, err)
	return []any{inv, res, cmds, svc.State()}
}

// A service restored from a snapshot answers every call as the one it
// was taken of, at the snapshot's instant and after: runs in flight end
// as they would have, ClientTokens and page tokens are known, and the
// next ids are the same.
func TestSnapshotRestore(t *testing.T) {
	cfg := func(clock *fake.VirtualClock) fake.Config {
		return fake.Config{Clock: clock, Seed: 9, Snapshots: true, Instances: []fake.Instance{{InstanceID: "i-1"}, {InstanceID: "i-2"}},
			Outcome: fake.MatchScripts(fake.Script{Match: "slow", Duration: time.Minute, Output: "done\n"}, fake.Script{Match: "fail", ExitCode: 2})}
	}
	clock := fake.NewVirtualClock(t0)
	svc, err := fake.NewService(cfg(clock))
	require.NoError(t, err)
	require.NoError(t, svc.LoadInGroup("rg-fixture", invocation.Invocation{InvokeID: "t-fixture", CommandID: "c-fixture",
		Instances: []invocation.InvokeInstance{{InstanceID: "i-1", InstanceInvokeStatus: "Finished"}}}))
	cmd, err := svc.CreateCommand(fake.CreateCommandRequest{RegionID: hz, Name: "n", Type: invocation.RunShellScript, CommandContent: "fail", ContentEncoding: fake.PlainText})
	require.NoError(t, err)
	_, err = svc.InvokeCommand(fake.InvokeCommandRequest{RegionID: hz, CommandID: cmd, InstanceIDs: []string{"i-1", "i-2"}})
	require.NoError(t, err)
	run := fake.RunCommandRequest{RegionID: hz, Type: invocation.RunShellScript, CommandContent: "slow", ContentEncoding: fake.PlainText,
		InstanceIDs: []string{"i-1"}, ClientToken: "once"}
	_, slow, err := svc.RunCommand(run)
	require.NoError(t, err)
	_, _, err = svc.RunCommand(fake.RunCommandRequest{RegionID: hz, Type: invocation.RunShellScript, CommandContent: "tick", ContentEncoding: fake.PlainText,
		InstanceIDs: []string{"i-2"}, Frequency: "rate(1m)"})
	require.NoError(t, err)
	clock.Advance(90 * time.Second)
	_, err = svc.ChangeInstances([]fake.InstanceChange{{InstanceID: "i-2", Agent: ptrTo(fake.AgentStopped)}})
	require.NoError(t, err)
	require.NoError(t, svc.StopInvocation(fake.StopInvocationRequest{RegionID: hz, InvokeID: slow}))
	clock.Advance(5 * time.Second)
	page, err := svc.DescribeInvocations(fake.DescribeInvocationsRequest{RegionID: hz, Paging: paging.Request{ByToken: true, Cursor: paging.Cursor{MaxResults: 1}}})
	require.NoError(t, err)

	taken, err := svc.Snapshot()
	require.NoError(t, err)
	b, err := json.Marshal(taken)
	require.NoError(t, err)
	var snap fake.Snapshot
	require.NoError(t, json.Unmarshal(b, &snap))
	clock2 := fake.NewVirtualClock(t0)
	restored, err := fake.Restore(cfg(clock2), snap)
	require.NoError(t, err)
	require.Equal(t, clock.Now(), clock2.Now(), "the virtual clock resumes at the snapshot's time")

	if diff := cmp.Diff(answers(t, svc), answers(t, restored)); diff != "" {
		t.Fatalf("answers after a restore (-before +after):\n%s", diff)
	}
	next := func(s *fake.Service) any {
		p, err := s.DescribeInvocations(fake.DescribeInvocationsRequest{RegionID: hz, Paging: paging.Request{ByToken: true, Cursor: paging.Cursor{MaxResults: 1, NextToken: page.NextToken}}})
		require.NoError(t, err, "the page token stays valid")
		return p
	}
	require.Equal(t, next(svc), next(restored))
	for _, s := range []*fake.Service{svc, restored} {
		_, id, err := s.RunCommand(run)
		require.NoError(t, err)
		require.Equal(t, slow, id, "the ClientToken is remembered")
	}
	clock.Advance(10 * time.Minute)
	clock2.Advance(10 * time.Minute)
	_, a, err := svc.RunCommand(fake.RunCommandRequest{RegionID: hz, Type: invocation.RunShellScript, CommandContent: "x", InstanceIDs: []string{"i-1"}})
	require.NoError(t, err)
	_, b2, err := restored.RunCommand(fake.RunCommandRequest{RegionID: hz, Type: invocation.RunShellScript, CommandContent: "x", InstanceIDs: []string{"i-1"}})
	require.NoError(t, err)
	require.Equal(t, a, b2, "the next id is the same")
	if diff := cmp.Diff(answers(t, svc), answers(t, restored)); diff != "" {
		t.Fatalf("answers ten minutes later (-before +after):\n%s", diff)
	}
}

// Snapshots that cannot be restored say why.
func TestRestoreRefuses(t *testing.T) {
	good := func() fake.Snapshot {
		svc, err := fake.NewService(fake.Config{Snapshots: true})
		require.NoError(t, err)
		snap, err := svc.Snapshot()
		require.NoError(t, err)
		return snap
	}
	tests := []struct {
		name    string
		change  func(*fake.Snapshot)
		wantErr string
	}{
		{"newer", func(s *fake.Snapshot) { s.Version = 2 }, "fake: Restore: the snapshot is of version 2, newer than 1"},
		{"no version", func(s *fake.Snapshot) { s.Version = 0 }, "fake: Restore: the snapshot has no version"},
		{"short key", func(s *fake.Snapshot) { s.Key = s.Key[:5] }, "fake: Restore: the snapshot's key is 5 bytes, not 32"},
		{"a call of no request", func(s *fake.Snapshot) { s.Calls = []fake.Call{{Time: t0}} },
			"fake: Restore: call 0, at 2025-01-02T03:04:05Z: a call names one request, and this one names 0"},
		{"a call the service refuses", func(s *fake.Snapshot) {
			s.Calls = []fake.Call{{Time: t0, DeleteCommand: &fake.DeleteCommandRequest{RegionID: hz, CommandID: "c-none"}}}
		}, `fake: Restore: call 0, at 2025-01-02T03:04:05Z: apierror: InvalidCmdId.NotFound (HTTP 404): The specified command ID "c-none" does not exist.`},
		{"a bad fleet", func(s *fake.Snapshot) { s.Instances = []fake.Instance{{InstanceID: "x"}} }, `fake: Restore: fake: NewService: instance 0: InstanceId "x" is not "i-" and 1 to 62 letters or digits`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap := good()
			tt.change(&snap)
			_, err := fake.Restore(fake.Config{}, snap)
			require.EqualError(t, err, tt.wantErr)
		})
	}
}

// A service that does not keep its calls keeps none, and says so.
func TestSnapshotNeedsCalls(t *testing.T) {
	f := newFake(t, fake.Config{})
	f.run("uptime", "i-1")
	_, err := f.svc.Snapshot()
	require.ErrorIs(t, err, fake.ErrNoSnapshots)
}
