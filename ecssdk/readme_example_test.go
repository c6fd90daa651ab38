package ecssdk_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"
	"strings"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/ecsassist/cloudassistant/ecssdk"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
)

// The official SDK drives the fake as it drives the service: the fake
// serves HTTP on a local port, the client's Endpoint is that host and
// port and its Protocol is HTTP, and any key will do. The fake's clock is
// virtual and moves only when the Waiter sleeps, so the run takes no
// time.
func Example_officialSDKAgainstTheFake() {
	clock := fake.NewVirtualClock(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))
	svc, err := fake.NewService(fake.Config{
		Clock: clock,
		Outcome: fake.MatchScripts(
			fake.Script{Match: "deploy", InstanceID: "i-2", ExitCode: 3, Output: "disk full\n"},
			fake.Script{Match: "deploy", Output: "deployed\n", Duration: 5 * time.Second},
		),
	})
	if err != nil {
		log.Fatal(err)
	}
	ts := httptest.NewServer(&fakehttp.Handler{Service: svc})
	defer ts.Close()

	client, err := ecs.NewClient(&openapi.Config{
		AccessKeyId:     dara.String("test"),
		AccessKeySecret: dara.String("test"),
		Endpoint:        dara.String(strings.TrimPrefix(ts.URL, "http://")),
		Protocol:        dara.String("HTTP"),
		RegionId:        dara.String("cn-hangzhou"),
	})
	if err != nil {
		log.Fatal(err)
	}
	w := &ecssdk.Waiter{Sleep: func(ctx context.Context, d time.Duration) error {
		clock.Advance(d)
		return ctx.Err()
	}}
	outcomes, err := w.Run(context.Background(), client, &ecs.RunCommandRequest{
		RegionId:       dara.String("cn-hangzhou"),
		Type:           dara.String("RunShellScript"),
		CommandContent: dara.String("./deploy.sh"),
		InstanceId:     dara.StringSlice([]string{"i-1", "i-2"}),
	})
	for _, o := range outcomes {
		fmt.Printf("%s: %s, exit code %d: %s", o.InstanceID, o.Status, o.ExitCode.Value, o.Output)
	}
	fmt.Println(err)
	// Output:
	// i-1: Success, exit code 0: deployed
	// i-2: Failed, exit code 3: disk full
	// ecssdk: invocation "t-3d62daa2103de5d8748f271d7d0b0e85" ended PartialFailed: i-2 Failed (ExitCodeNonzero, exit code 3): "the command exited with a non-zero code"
}
