package fake_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/paging"
	"github.com/ecsassist/cloudassistant/status"
)

// Clients run, stop and describe at once while the clock advances. Run
// with -race: the state they see is consistent. No execution goes back,
// a record read after an invocation is never behind it, no invocation is
// lost or made twice, and when the clock has moved on everything has
// ended.
func TestServiceConcurrent(t *testing.T) {
	clock := fake.NewVirtualClock(t0)
	svc, err := fake.NewService(fake.Config{Clock: clock, Instances: machineFleet[:4], Outcome: script})
	require.NoError(t, err)

	const workers, rounds = 4, 150
	var made atomic.Int64
	var wg sync.WaitGroup
	done := make(chan struct{})
	go func() { // the clock
		for {
			select {
			case <-done:
				return
			default:
				clock.Advance(time.Second)
				time.Sleep(50 * time.Microsecond)
			}
		}
	}()
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- func() error {
				seen := map[string]int{}
				var mine []string
				for r := range rounds {
					_, id, err := svc.RunCommand(fake.RunCommandRequest{
						RegionID: hz, Type: invocation.RunShellScript, CommandContent: fmt.Sprintf("exit=%d dur=%d", r%3, 1+r%5),
						InstanceIDs: []string{"i-1", "i-2", "i-3", "i-4"}[:1+(w+r)%4], ClientToken: fmt.Sprintf("w%d-r%d", w, r),
					})
					if err != nil {
						return err
					}
					mine = append(mine, id)
					made.Add(1)
					if r%4 == 0 {
						if err := svc.StopInvocation(fake.StopInvocationRequest{RegionID: hz, InvokeID: mine[len(mine)/2]}); err != nil {
							return err
						}
					}
					id = mine[r%len(mine)]
					q := fake.Query{RegionID: hz, InvokeID: id}
					inv, err := svc.DescribeInvocations(q)
					if err != nil {
						return err
					}
					if len(inv.Invocations) != 1 {
						return fmt.Errorf("%s: %d invocations", id, len(inv.Invocations))
					}
					res, err := svc.DescribeInvocationResults(fake.DescribeInvocationResultsRequest{RegionID: hz, InvokeID: id})
					if err != nil {
						return err
					}
					if len(res.Results) != len(inv.Invocations[0].Instances) {
						return fmt.Errorf("%s: %d records for %d instances", id, len(res.Results), len(inv.Invocations[0].Instances))
					}
					for i, in := range inv.Invocations[0].Instances {
						key := id + " " + in.InstanceID
						p := progress(in)
						if p < seen[key] {
							return fmt.Errorf("%s went back to %s", key, in.InvocationStatus)
						}
						rec := res.Results[i]
						later := progress(invocation.InvokeInstance{InvocationStatus: rec.InvocationStatus, Repeats: rec.Repeats})
						if later < p {
							return fmt.Errorf("%s: the record (%s) is behind the invocation read before it (%s)", key, rec.InvocationStatus, in.InvocationStatus)
						}
						seen[key] = later
					}
				}
				return nil
			}()
		}()
	}
	wg.Wait()
	close(done)
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}

	clock.Advance(time.Hour)
	q := fake.Query{RegionID: hz, Paging: paging.Request{ByToken: true, Cursor: paging.Cursor{MaxResults: 50}}}
	ids := map[string]bool{}
	for {
		r, err := svc.DescribeInvocations(q)
		require.NoError(t, err)
		require.Equal(t, int(made.Load()), r.TotalCount)
		for _, inv := range r.Invocations {
			require.False(t, ids[inv.InvokeID], "%s twice", inv.InvokeID)
			ids[inv.InvokeID] = true
			switch inv.InvocationStatus {
			case status.CurrentSuccess, status.CurrentFailed, status.CurrentPartialFailed, status.CurrentStopped:
			default:
				t.Fatalf("%s is %s an hour later", inv.InvokeID, inv.InvocationStatus)
			}
		}
		if r.NextToken == "" {
			break
		}
		q.Paging.Cursor.NextToken = r.NextToken
	}
	require.Len(t, ids, workers*rounds)
}
