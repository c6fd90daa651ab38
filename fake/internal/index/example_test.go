package index_test

import (
	"fmt"
	"time"

	"github.com/ecsassist/cloudassistant/fake/internal/index"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/paging"
	"github.com/ecsassist/cloudassistant/status"
)

// A Store lists its invocations newest first, with their overall
// statuses rolled up from their instances, a page at a time: here by
// token, two at a time.
func ExampleStore_Describe() {
	var s index.Store
	for i, st := range []status.Legacy{status.LegacyFinished, status.LegacyFailed, status.LegacyRunning} {
		s.Put(invocation.Invocation{
			InvokeID: fmt.Sprintf("t-%d", i), CommandID: "c-1", CreationTime: time.Unix(int64(1000+i), 0),
			Instances: []invocation.InvokeInstance{{InstanceID: "i-1", InstanceInvokeStatus: st}},
		})
	}
	q := index.Query{Paging: paging.Request{ByToken: true, Cursor: paging.Cursor{MaxResults: 2}}}
	for {
		r, err := s.Describe(&q)
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, inv := range r.Invocations {
			fmt.Println(inv.InvokeID, inv.InvokeStatus)
		}
		if r.NextToken == "" {
			break
		}
		q.Paging.Cursor.NextToken = r.NextToken
	}
	// Output:
	// t-2 Running
	// t-1 Failed
	// t-0 Finished
}
