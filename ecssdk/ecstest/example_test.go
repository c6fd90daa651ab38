package ecstest_test

import (
	"context"
	"fmt"
	"log"
	"time"

	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/ecsassist/cloudassistant/ecssdk"
	"github.com/ecsassist/cloudassistant/ecssdk/ecstest"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fault"
)

// Run a script through the official client against a fresh fake, move
// the fake's clock past the run, and read what it did. A test calls
// ecstest.New(t, …) instead, which closes the server at the test's end.
func ExampleStart() {
	s, err := ecstest.Start(ecstest.Options{
		Instances: []fake.Instance{{InstanceID: "i-1"}, {InstanceID: "i-2"}},
		Outcome: fake.MatchScripts(
			fake.Script{Match: "hostname", InstanceID: "i-1", Output: "web-1\n"},
			fake.Script{Match: "hostname", InstanceID: "i-2", Output: "web-2\n", Duration: time.Minute},
		),
	})
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	ran, err := s.Client.RunCommand(&ecs.RunCommandRequest{
		RegionId:       dara.String(s.Region),
		Type:           dara.String("RunShellScript"),
		CommandContent: dara.String("hostname"),
		InstanceId:     dara.StringSlice([]string{"i-1", "i-2"}),
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range []time.Duration{5 * time.Second, time.Minute} {
		s.Advance(d)
		res, err := s.Client.DescribeInvocations(&ecs.DescribeInvocationsRequest{
			RegionId:        dara.String(s.Region),
			InvokeId:        ran.Body.InvokeId,
			IncludeOutput:   dara.Bool(true),
			ContentEncoding: dara.String("PlainText"),
		})
		if err != nil {
			log.Fatal(err)
		}
		inv := res.Body.Invocations.Invocation[0]
		fmt.Println(s.Clock.Now().Format(time.TimeOnly), dara.StringValue(inv.InvocationStatus))
		for _, ii := range inv.InvokeInstances.InvokeInstance {
			fmt.Printf("  %s %s %q\n", dara.StringValue(ii.InstanceId), dara.StringValue(ii.InvocationStatus), dara.StringValue(ii.Output))
		}
	}
	// Output:
	// 00:00:05 Running
	//   i-1 Success "web-1\n"
	//   i-2 Running ""
	// 00:01:05 Success
	//   i-1 Success "web-1\n"
	//   i-2 Success "web-2\n"
}

// A fake whose every request fails with a throttling error, as the
// official client sees it once it has given up retrying.
func ExampleOptions_faults() {
	s, err := ecstest.Start(ecstest.Options{FaultRate: 1, FaultCode: "Throttling.User"})
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	_, err = s.Client.DescribeInvocationsWithContext(context.Background(),
		&ecs.DescribeInvocationsRequest{RegionId: dara.String(s.Region)},
		&dara.RuntimeOptions{Autoretry: dara.Bool(false)})
	fmt.Println(code(err))
	// Output:
	// Throttling.User
}

// A fake that loses the answer of the first RunCommand after the run has
// started, as a network can. ecssdk's Run sends a ClientToken and retries
// with it, and the fake answers the retry with the run the lost answer
// started: the journal shows both requests, the service holds one run.
func ExampleOptions_lost() {
	s, err := ecstest.Start(ecstest.Options{Faults: []fault.Rule{
		{Action: "RunCommand", Effect: fault.EffectLost, Times: 1},
	}})
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	w := &ecssdk.Waiter{Sleep: s.Sleep} // waits on the fake's clock
	outcomes, err := w.Run(context.Background(), s.Client, &ecs.RunCommandRequest{
		RegionId:       dara.String(s.Region),
		Type:           dara.String("RunShellScript"),
		CommandContent: dara.String("uptime"),
		InstanceId:     dara.StringSlice([]string{"i-1"}),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(outcomes[0].InstanceID, outcomes[0].Status)
	var tokens []string
	for _, r := range s.Handler.Requests(0) {
		if r.Action == "RunCommand" {
			fmt.Printf("%s %d %q\n", r.Action, r.HTTPStatus, r.Code)
			tokens = append(tokens, r.Params["ClientToken"])
		}
	}
	fmt.Println("same ClientToken:", tokens[0] == tokens[1])
	fmt.Println("invocations:", len(s.Service.State().Invocations))
	// Output:
	// i-1 Success
	// RunCommand 500 "InternalError.Dispatch"
	// RunCommand 200 ""
	// same ClientToken: true
	// invocations: 1
}
