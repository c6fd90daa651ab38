package fake_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/apierror"

	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/paging"
	"github.com/ecsassist/cloudassistant/status"
)

// loadedInvocation is a fixture of one instance created at t.
func loadedInvocation(id string, t time.Time, legacy status.Legacy, current status.Current) invocation.Invocation {
	return invocation.Invocation{InvokeID: id, CommandID: "c-fixture", CommandName: "fixture", CommandType: invocation.RunShellScript,
		CreationTime: t, Instances: []invocation.InvokeInstance{{InstanceID: "i-1", InstanceInvokeStatus: legacy, InvocationStatus: current}}}
}

// Loaded invocations are served in every region, in the API's order by
// their own CreationTime among the invocations the service makes, by
// DescribeInvocations and DescribeInvocationResults alike; they never
// change.
func TestLoad(t *testing.T) {
	f := newFake(t, fake.Config{})
	svc := f.svc
	// One before the clock, one after it (the fake's clock may stand
	// anywhere), one without a time.
	require.NoError(t, svc.Load(loadedInvocation("t-old", t0.Add(-time.Hour), status.LegacyFinished, status.CurrentSuccess)))
	require.NoError(t, svc.Load(loadedInvocation("t-future", t0.Add(time.Hour), status.LegacyRunning, status.CurrentRunning)))
	first := f.run("echo 1", "i-1")
	require.NoError(t, svc.Load(loadedInvocation("t-none", time.Time{}, status.LegacyFailed, "")), "loaded after a region is in use")
	f.clock.Advance(time.Minute)
	second := f.run("echo 2", "i-1", "i-2")

	want := []string{"t-future", second, first, "t-old", "t-none"}
	for _, region := range []string{hz, "cn-beijing"} {
		r, err := svc.DescribeInvocations(fake.DescribeInvocationsRequest{RegionID: region})
		require.NoError(t, err)
		var got []string
		for _, inv := range r.Invocations {
			got = append(got, inv.InvokeID)
		}
		if region == hz {
			require.Equal(t, want, got, "newest first, by CreationTime")
		} else {
			require.Equal(t, []string{"t-future", "t-old", "t-none"}, got, "served in every region")
		}
	}

	var ids []string
	for _, rec := range f.results(fake.DescribeInvocationResultsRequest{}) {
		ids = append(ids, rec.InvokeID+" "+rec.InstanceID)
	}
	require.Equal(t, []string{"t-future i-1", second + " i-1", second + " i-2", first + " i-1", "t-old i-1", "t-none i-1"}, ids,
		"the records in DescribeInvocations' order")

	// Walking the records a page at a time gives the same.
	var walked []string
	req := fake.DescribeInvocationResultsRequest{RegionID: hz, Paging: paging.Request{ByToken: true, Cursor: paging.Cursor{MaxResults: 1}}}
	for range 10 {
		r, err := svc.DescribeInvocationResults(req)
		require.NoError(t, err)
		require.Equal(t, 6, r.TotalCount)
		for _, rec := range r.Results {
			walked = append(walked, rec.InvokeID+" "+rec.InstanceID)
		}
		if r.NextToken == "" {
			break
		}
		req.Paging.Cursor.NextToken = r.NextToken
	}
	require.Equal(t, ids, walked)

	recs := f.results(fake.DescribeInvocationResultsRequest{InvokeID: "t-future"})
	require.Len(t, recs, 1)
	require.Equal(t, status.CurrentRunning, recs[0].InvocationStatus)
	require.Equal(t, status.LegacyRunning, recs[0].InvokeRecordStatus)
	require.Equal(t, "c-fixture", recs[0].CommandID)
	recs = f.results(fake.DescribeInvocationResultsRequest{InstanceID: "i-1", InvokeRecordStatus: status.LegacyFailed})
	require.Len(t, recs, 1)
	require.Equal(t, "t-none", recs[0].InvokeID)

	// Stopping a loaded invocation succeeds and changes nothing; it never
	// runs on.
	require.NoError(t, svc.StopInvocation(fake.StopInvocationRequest{RegionID: hz, InvokeID: "t-future"}))
	f.clock.Advance(48 * time.Hour)
	require.Equal(t, "Running/Running", brief(f.invocation("t-future").Instances[0]))
	_, err := svc.DescribeCommands(fake.DescribeCommandsRequest{RegionID: hz, CommandID: "c-fixture"})
	require.NoError(t, err)
	require.Equal(t, apierror.InvalidCmdIDNotFound, code(svc.DeleteCommand(fake.DeleteCommandRequest{RegionID: hz, CommandID: "c-fixture"})),
		"its CommandId names no command")

	f.clock.Advance(60 * 24 * time.Hour)
	r, err := svc.DescribeInvocations(fake.DescribeInvocationsRequest{RegionID: hz})
	require.NoError(t, err)
	require.Equal(t, 3, r.TotalCount, "retention drops the service's own, not the loaded")
}

func TestLoadErrors(t *testing.T) {
	svc, err := fake.NewService(fake.Config{})
	require.NoError(t, err)
	require.NoError(t, svc.Load(loadedInvocation("t-1", t0, status.LegacyRunning, "")))
	twice := loadedInvocation("t-2", t0, status.LegacyRunning, "")
	twice.Instances = append(twice.Instances, twice.Instances[0])
	tests := []struct {
		name    string
		inv     invocation.Invocation
		wantErr string
	}{
		{"no InvokeId", invocation.Invocation{}, `fake: Service.Load: empty InvokeId`},
		{"taken", loadedInvocation("t-1", t0, status.LegacyFinished, ""), `fake: Service.Load: InvokeId "t-1" is taken`},
		{"no instances", invocation.Invocation{InvokeID: "t-2"}, `fake: Service.Load: t-2: `},
		{"an unknown status", loadedInvocation("t-2", t0, "Exploded", ""), `fake: Service.Load: t-2: `},
		{"an instance twice", twice, `fake: Service.Load: t-2 lists the instance "i-1" twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := svc.Load(tt.inv)
			require.Error(t, err)
			require.Contains(t, err.Error(), tt.wantErr)
		})
	}
	r, err := svc.DescribeInvocations(fake.DescribeInvocationsRequest{RegionID: hz})
	require.NoError(t, err)
	require.Equal(t, 1, r.TotalCount, "nothing refused is served")
}

// A run the service makes never takes the InvokeId of a loaded one.
func TestLoadIDs(t *testing.T) {
	f := newFake(t, fake.Config{Seed: 3})
	id := f.run("x", "i-1")
	g := newFake(t, fake.Config{Seed: 3})
	require.NoError(t, g.svc.Load(loadedInvocation(id, t0, status.LegacyFinished, "")))
	require.NotEqual(t, id, g.run("x", "i-1"))
	require.Equal(t, fmt.Sprint(g.svc.Regions()), fmt.Sprint(fake.KnownRegions()))
}
