package fakehttp_test

import (
	"fmt"
	"io"
	"net/http/httptest"
	"time"

	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/jsoncodec"
	"github.com/ecsassist/cloudassistant/status"
)

// A test mounts the handler in its own server, with a service loaded with
// a fixture's invocations.
func ExampleHandler() {
	svc, _ := fake.NewService(fake.Config{})
	svc.Load(invocation.Invocation{
		InvokeID: "t-1", CommandID: "c-1", CommandType: invocation.RunShellScript,
		Instances: []invocation.InvokeInstance{{InstanceID: "i-1", InstanceInvokeStatus: status.LegacyFinished}},
	})
	ts := httptest.NewServer(&fakehttp.Handler{Service: svc})
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

// A request read from its parameters is answered as the API does;
// overall statuses are rolled up from the instances, whatever a loaded
// fixture said.
func ExampleParseDescribeInvocations() {
	svc, _ := fake.NewService(fake.Config{})
	for i, s := range []status.Legacy{status.LegacyFinished, status.LegacyFailed, status.LegacyRunning} {
		svc.Load(invocation.Invocation{
			InvokeID: fmt.Sprintf("t-%d", i), CommandID: "c-1", InvokeStatus: status.LegacyStopped, // ignored
			Instances: []invocation.InvokeInstance{{InstanceID: "i-1", InstanceInvokeStatus: s}},
		})
	}
	q, _ := fakehttp.ParseDescribeInvocations(map[string][]string{
		"Action": {"DescribeInvocations"}, "RegionId": {"cn-hangzhou"}, "InstanceId": {"i-1"}, "PageSize": {"2"},
	})
	r, _ := svc.DescribeInvocations(q)
	fmt.Println("TotalCount", r.TotalCount)
	for _, inv := range r.Invocations {
		fmt.Println(inv.InvokeID, inv.InvokeStatus)
	}
	// Output:
	// TotalCount 3
	// t-0 Finished
	// t-1 Failed
}

// A script outside Go moves a virtual clock from one transition to the
// next until nothing is due; the fake's page, for a person to look at
// the same, is at /_mock/.
func ExampleControl_advanceToNext() {
	svc, _ := fake.NewService(fake.Config{Clock: fake.NewVirtualClock(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))})
	svc.RunCommand(fake.RunCommandRequest{RegionID: "cn-hangzhou", Type: invocation.RunShellScript, CommandContent: "uptime", InstanceIDs: []string{"i-1"}})
	ts := httptest.NewServer(&fakehttp.Handler{Service: svc})
	defer ts.Close()

	for range 3 {
		res, err := ts.Client().Post(ts.URL+"/_mock/advance?to=next", "", nil)
		if err != nil {
			fmt.Println(err)
			return
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		fmt.Print(res.StatusCode, " ", string(body))
	}
	res, err := ts.Client().Get(ts.URL + "/_mock/")
	if err != nil {
		fmt.Println(err)
		return
	}
	res.Body.Close()
	fmt.Println(res.StatusCode, res.Header.Get("Content-Type"))
	// Output:
	// 200 {"Now":"2025-01-02T03:04:06Z"}
	// 200 {"Now":"2025-01-02T03:04:07Z"}
	// 409 {"Code":"OperationDenied.NothingDue","Message":"No transition is due: every execution has ended, or waits for a reboot."}
	// 200 text/html; charset=utf-8
}
