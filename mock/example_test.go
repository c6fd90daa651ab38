package mock_test

import (
	"fmt"
	"io"
	"net/http/httptest"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/jsoncodec"
	"github.com/ecsassist/cloudassistant/mock"
	"github.com/ecsassist/cloudassistant/status"
)

// A test mounts the handler in its own server, with its own store.
func ExampleHandler() {
	store := mock.NewStore()
	store.Put(invocation.Invocation{
		InvokeID: "t-1", CommandID: "c-1", CommandType: invocation.RunShellScript,
		Instances: []invocation.InvokeInstance{{InstanceID: "i-1", InstanceInvokeStatus: status.LegacyFinished}},
	})
	ts := httptest.NewServer(&mock.Handler{Store: store})
	defer ts.Close()

	res, err := ts.Client().Get(ts.URL + "/?Action=DescribeInvocations&RegionId=cn-hangzhou&Format=JSON&PageSize=51")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	e, err := jsoncodec.DecodeAPIError(body)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.StatusCode, res.Header.Get("Content-Type"))
	fmt.Println(e.Code, e.HostID, len(e.RequestID))
	// Output:
	// 400 application/json;charset=utf-8
	// InvalidParam.PageSize ecs.aliyuncs.com 36
}

// A store answers queries as the API does; overall statuses are rolled up
// from the instances, whatever the input said.
func ExampleStore() {
	store := mock.NewStore()
	for i, s := range []status.Legacy{status.LegacyFinished, status.LegacyFailed, status.LegacyRunning} {
		store.Put(invocation.Invocation{
			InvokeID: fmt.Sprintf("t-%d", i), CommandID: "c-1", InvokeStatus: status.LegacyStopped, // ignored
			Instances: []invocation.InvokeInstance{{InstanceID: "i-1", InstanceInvokeStatus: s}},
		})
	}
	q, _ := mock.ParseQuery(map[string][]string{
		"Action": {"DescribeInvocations"}, "RegionId": {"cn-hangzhou"}, "InstanceId": {"i-1"}, "PageSize": {"2"},
	})
	r, _ := store.Describe(&q)
	fmt.Println("TotalCount", r.TotalCount)
	for _, inv := range r.Invocations {
		fmt.Println(inv.InvokeID, inv.InvokeStatus)
	}
	// Output:
	// TotalCount 3
	// t-0 Finished
	// t-1 Failed
}
