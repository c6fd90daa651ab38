package fakehttp_test

import (
	"fmt"
	"net/http/httptest"
	"strings"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
	"github.com/ecsassist/cloudassistant/fake/fault"
)

// A test makes only the third DescribeInvocations fail, with the
// vendor's throttling error, and then checks from the journal what its
// client sent: here, a client that retries once.
func ExampleHandler_AddFaults() {
	svc, _ := fake.NewService(fake.Config{})
	h := &fakehttp.Handler{Service: svc}
	rules, _ := h.AddFaults(fault.Rule{Action: "DescribeInvocations", Skip: 2, Times: 1, Code: apierror.Throttling})
	fmt.Println("rule", rules[0].ID, rules[0].Effect, rules[0].HTTPStatus)
	ts := httptest.NewServer(h)
	defer ts.Close()

	for range 3 {
		for attempt := 1; ; attempt++ {
			res, err := ts.Client().Get(ts.URL + "/?Action=DescribeInvocations&RegionId=cn-hangzhou&Format=JSON")
			if err != nil {
				fmt.Println(err)
				return
			}
			res.Body.Close()
			if res.StatusCode == 200 || attempt == 2 {
				break
			}
		}
	}
	var calls []string
	for _, r := range h.Requests(0) {
		calls = append(calls, fmt.Sprintf("%d:%s:%d", r.Seq, r.Code, r.Fault))
	}
	fmt.Println(strings.Join(calls, " "))
	fmt.Println("hits", h.Faults()[0].Hits)
	// Output:
	// rule 1 error 400
	// 1::0 2::0 3:Throttling:1 4::0
	// hits 1
}
