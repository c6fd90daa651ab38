package fake_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// Loaded invocations of one second, with times finer than the API shows,
// are listed in the order they were loaded, by DescribeInvocations and
// DescribeInvocationResults alike: both order by CreationTime in seconds,
// the order their page tokens mark.
func TestOrderWithinASecond(t *testing.T) {
	f := newFake(t, fake.Config{})
	for _, inv := range []struct {
		id    string
		after time.Duration
	}{{"t-early", 100 * time.Millisecond}, {"t-late", 900 * time.Millisecond}} {
		require.NoError(t, f.svc.Load(invocation.Invocation{
			InvokeID: inv.id, CommandID: "c-1", CreationTime: t0.Add(-time.Hour + inv.after),
			Instances: []invocation.InvokeInstance{{InstanceID: "i-1", InstanceInvokeStatus: status.LegacyFinished}},
		}))
	}
	want := []string{"t-early", "t-late"}
	for _, byToken := range []bool{false, true} {
		var invs, results []string
		q := fake.Query{RegionID: hz}
		rq := fake.DescribeInvocationResultsRequest{RegionID: hz}
		if byToken {
			q.Paging.ByToken, q.Paging.Cursor.MaxResults = true, 1
			rq.Paging = q.Paging
		}
		for range 3 {
			r, err := f.svc.DescribeInvocations(q)
			require.NoError(t, err)
			for _, inv := range r.Invocations {
				invs = append(invs, inv.InvokeID)
			}
			rr, err := f.svc.DescribeInvocationResults(rq)
			require.NoError(t, err)
			for _, res := range rr.Results {
				results = append(results, res.InvokeID)
			}
			if !byToken || r.NextToken == "" {
				break
			}
			q.Paging.Cursor.NextToken, rq.Paging.Cursor.NextToken = r.NextToken, rr.NextToken
		}
		require.Equal(t, want, invs, "DescribeInvocations, by token: %t", byToken)
		require.Equal(t, want, results, "DescribeInvocationResults, by token: %t", byToken)
	}
}
