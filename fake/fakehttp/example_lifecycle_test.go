package fakehttp_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
)

// What the example reads of RunCommand's answer and of
// DescribeInvocationResults'.
type (
	ranAnswer struct{ InvokeId string }

	resultsAnswer struct {
		Invocation struct {
			InvocationResults struct {
				InvocationResult []struct {
					InstanceId, InvocationStatus, ErrorCode, Output string
					ExitCode                                        int
				}
			}
		}
	}
)

// fetchJSON sends a request to the server and decodes its JSON answer
// into v.
func fetchJSON(ts *httptest.Server, method, target string, v any) error {
	req, err := http.NewRequest(method, ts.URL+target, nil)
	if err != nil {
		return err
	}
	res, err := ts.Client().Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %s", method, target, res.Status)
	}
	return json.NewDecoder(res.Body).Decode(v)
}

// A test serves a fake fleet of two instances on a virtual clock, runs a
// script on both through the API, moves the clock over HTTP (as a test in
// any language can), and reads how each run ended.
func ExampleHandler_lifecycle() {
	svc, err := fake.NewService(fake.Config{
		Clock:     fake.NewVirtualClock(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)),
		Instances: []fake.Instance{{InstanceID: "i-1"}, {InstanceID: "i-2"}},
		Outcome: fake.MatchScripts(
			fake.Script{Match: "deploy", InstanceID: "i-2", ExitCode: 3, Output: "disk full"},
			fake.Script{Match: "deploy", Output: "deployed"},
		),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ts := httptest.NewServer(&fakehttp.Handler{Service: svc})
	defer ts.Close()

	const api = "/?RegionId=cn-hangzhou&Format=JSON"
	var ran ranAnswer
	if err := fetchJSON(ts, "GET", api+"&Action=RunCommand&Type=RunShellScript&CommandContent=deploy&InstanceId.1=i-1&InstanceId.2=i-2", &ran); err != nil {
		fmt.Println(err)
		return
	}
	var now struct{ Now string }
	if err := fetchJSON(ts, "POST", "/_mock/advance?by=2s", &now); err != nil {
		fmt.Println(err)
		return
	}
	var results resultsAnswer
	if err := fetchJSON(ts, "GET", api+"&Action=DescribeInvocationResults&ContentEncoding=PlainText&InvokeId="+ran.InvokeId, &results); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("now", now.Now)
	for _, r := range results.Invocation.InvocationResults.InvocationResult {
		fmt.Printf("%s %s exit=%d output=%q error=%q\n", r.InstanceId, r.InvocationStatus, r.ExitCode, r.Output, r.ErrorCode)
	}
	// Output:
	// now 2025-01-02T03:04:07Z
	// i-1 Success exit=0 output="deployed" error=""
	// i-2 Failed exit=3 output="disk full" error="ExitCodeNonzero"
}
