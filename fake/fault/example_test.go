package fault_test

import (
	"fmt"

	"github.com/ecsassist/cloudassistant/fake/fault"
)

// Fail the second and third RunCommand of a test, then let every later
// one pass.
func ExampleSet_Draw() {
	s := fault.NewSet(1, []string{"RunCommand", "DescribeInvocations"})
	if _, err := s.Add(fault.Rule{Action: "RunCommand", Skip: 1, Times: 2, Code: "Throttling.User"}); err != nil {
		panic(err)
	}
	for i := 1; i <= 4; i++ {
		if a := s.Draw("RunCommand", "cn-hangzhou", func(string) bool { return false }); a != nil {
			fmt.Println(i, a.Effect, a.Err.Code, a.Err.HTTPStatus)
		} else {
			fmt.Println(i, "served")
		}
	}
	fmt.Println("hits:", s.List()[0].Hits)
	// Output:
	// 1 served
	// 2 error Throttling.User 400
	// 3 error Throttling.User 400
	// 4 served
	// hits: 2
}
