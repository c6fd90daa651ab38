package ecssdk_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/ecsassist/cloudassistant/ecssdk"
	"github.com/ecsassist/cloudassistant/ecssdk/ecstest"
	"github.com/ecsassist/cloudassistant/fake"
)

// A service runs a script on two instances and prints each one's exit
// code and output. It needs credentials and instances of its own, so this
// example is compiled, not run.
func Example_fromAService() {
	client, err := ecs.NewClient(&openapi.Config{
		AccessKeyId:     dara.String(os.Getenv("ALIBABA_CLOUD_ACCESS_KEY_ID")),
		AccessKeySecret: dara.String(os.Getenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET")),
		Endpoint:        dara.String("ecs.cn-hangzhou.aliyuncs.com"),
	})
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()

	outcomes, err := ecssdk.Run(ctx, client, &ecs.RunCommandRequest{
		RegionId:       dara.String("cn-hangzhou"),
		Type:           dara.String("RunShellScript"),
		CommandContent: dara.String("uname -r"),
		InstanceId:     dara.StringSlice([]string{"i-bp1example0000000001", "i-bp1example0000000002"}),
	})
	for _, o := range outcomes {
		fmt.Printf("%s: %s, exit code %d\n%s", o.InstanceID, o.Status, o.ExitCode.Value, o.Output)
	}
	if err != nil {
		log.Fatal(err)
	}
}

// Run a script on two instances, wait, and print each one's exit code
// and output. The client here is the official *ecs.Client of a fake of
// the service started by package ecstest, whose clock moves only when the
// Waiter sleeps; a service passes its own client and leaves Sleep unset,
// and its tests call ecstest.New(t, …), which closes the fake at the
// test's end.
func ExampleWaiter_Run() {
	server, err := ecstest.Start(ecstest.Options{Outcome: fake.MatchScripts(
		fake.Script{Match: "hostname", InstanceID: "i-1", Output: "web-1\n"},
		fake.Script{Match: "hostname", InstanceID: "i-2", Output: "web-2\n"},
	)})
	if err != nil {
		log.Fatal(err)
	}
	defer server.Close()
	w := &ecssdk.Waiter{Sleep: server.Sleep}

	outcomes, err := w.Run(context.Background(), server.Client, &ecs.RunCommandRequest{
		RegionId:       dara.String("cn-hangzhou"),
		Type:           dara.String("RunShellScript"),
		CommandContent: dara.String("hostname"),
		InstanceId:     dara.StringSlice([]string{"i-1", "i-2"}),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, o := range outcomes {
		fmt.Printf("%s %s, exit code %d: %s", o.InstanceID, o.Status, o.ExitCode.Value, o.Output)
	}
	// Output:
	// i-1 Success, exit code 0: web-1
	// i-2 Success, exit code 0: web-2
}

// A run that fails on some instances returns their outcomes too, and a
// *RunError that lists each instance that did not succeed.
func ExampleRunError() {
	server, err := ecstest.Start(ecstest.Options{
		Instances: []fake.Instance{{InstanceID: "i-1"}, {InstanceID: "i-2"}, {InstanceID: "i-3", Agent: fake.AgentStopped}},
		Outcome:   fake.MatchScripts(fake.Script{Match: "migrate", InstanceID: "i-2", ExitCode: 3, Output: "lock held\n"}),
	})
	if err != nil {
		log.Fatal(err)
	}
	defer server.Close()
	w := &ecssdk.Waiter{Sleep: server.Sleep}

	_, err = w.Run(context.Background(), server.Client, &ecs.RunCommandRequest{
		RegionId:       dara.String("cn-hangzhou"),
		Type:           dara.String("RunShellScript"),
		CommandContent: dara.String("migrate"),
		InstanceId:     dara.StringSlice([]string{"i-1", "i-2", "i-3"}),
	})
	var runErr *ecssdk.RunError
	if errors.As(err, &runErr) {
		fmt.Println(runErr.Status)
		for _, f := range runErr.Failures {
			fmt.Println(f)
		}
	}
	// Output:
	// PartialFailed
	// i-2 Failed (ExitCodeNonzero, exit code 3): "the command exited with a non-zero code"
	// i-3 Aborted (ClientNotRunning): "the Cloud Assistant agent is not running"
}

// Wait for an invocation started elsewhere, by its InvokeId.
func ExampleWaiter_Wait() {
	server, err := ecstest.Start(ecstest.Options{Outcome: fake.MatchScripts(fake.Script{Match: "backup", Duration: 90 * time.Second})})
	if err != nil {
		log.Fatal(err)
	}
	defer server.Close()
	ran, err := server.Client.RunCommand(&ecs.RunCommandRequest{
		RegionId:       dara.String("cn-hangzhou"),
		Type:           dara.String("RunShellScript"),
		CommandContent: dara.String("backup"),
		InstanceId:     dara.StringSlice([]string{"i-1"}),
		Timeout:        dara.Int64(600),
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	w := &ecssdk.Waiter{Sleep: server.Sleep}
	inv, err := w.Wait(context.Background(), server.Client, &ecs.DescribeInvocationsRequest{
		RegionId: dara.String("cn-hangzhou"),
		InvokeId: ran.Body.InvokeId,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ii := inv.Instances[0]
	fmt.Println(inv.InvocationStatus, ii.FinishTime.Sub(ii.StartTime))
	// Output:
	// Success 1m30s
}

// Walk every invocation of a request, page by page: here two a page,
// newest first.
func ExampleAllInvocations() {
	server, err := ecstest.Start(ecstest.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer server.Close()
	for _, name := range []string{"first", "second", "third"} {
		server.Advance(time.Minute)
		_, err := server.Client.RunCommand(&ecs.RunCommandRequest{
			RegionId: dara.String("cn-hangzhou"), Name: dara.String(name), Type: dara.String("RunShellScript"),
			CommandContent: dara.String("true"), InstanceId: dara.StringSlice([]string{"i-1"}),
		})
		if err != nil {
			fmt.Println(err)
			return
		}
	}

	req := &ecs.DescribeInvocationsRequest{RegionId: dara.String("cn-hangzhou"), MaxResults: dara.Int32(2)}
	for inv, err := range ecssdk.AllInvocations(context.Background(), server.Client, req) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(inv.CommandName, inv.CreationTime.Format(time.TimeOnly), inv.InvocationStatus)
	}
	// Output:
	// third 00:03:00 Pending
	// second 00:02:00 Success
	// first 00:01:00 Success
}

// Convert an SDK body into the model: statuses typed and parsed in any
// case, numbers absent or present, times as time.Time.
func ExampleResponseFrom() {
	body := &ecs.DescribeInvocationsResponseBody{
		Invocations: &ecs.DescribeInvocationsResponseBodyInvocations{
			Invocation: []*ecs.DescribeInvocationsResponseBodyInvocationsInvocation{{
				InvokeId:         dara.String("t-1"),
				InvocationStatus: dara.String("running"),
				CreationTime:     dara.String("2025-01-01T08:00:00Z"),
				InvokeInstances: &ecs.DescribeInvocationsResponseBodyInvocationsInvocationInvokeInstances{
					InvokeInstance: []*ecs.DescribeInvocationsResponseBodyInvocationsInvocationInvokeInstancesInvokeInstance{
						{InstanceId: dara.String("i-1"), InvocationStatus: dara.String("Success"), ExitCode: dara.Int64(0)},
						{InstanceId: dara.String("i-2"), InvocationStatus: dara.String("Running")},
					},
				},
			}},
		},
	}
	resp, err := ecssdk.ResponseFrom(body)
	if err != nil {
		fmt.Println(err)
		return
	}
	inv := resp.Invocations[0]
	fmt.Println(inv.InvokeID, inv.InvocationStatus, inv.CreationTime.Format(time.Kitchen))
	for _, ii := range inv.Instances {
		code, ok := ii.ExitCode.Get()
		fmt.Println(ii.InstanceID, ii.InvocationStatus, code, ok)
	}
	// Output:
	// t-1 Running 8:00AM
	// i-1 Success 0 true
	// i-2 Running 0 false
}
