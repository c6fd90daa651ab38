package ecstest_test

import (
	"context"
	"errors"
	"testing"

	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/ecsassist/cloudassistant/ecssdk"
	"github.com/ecsassist/cloudassistant/ecssdk/ecstest"
	"github.com/ecsassist/cloudassistant/fake"
)

// TestDeploy is the test of a service that the README shows: a fresh
// fake and an official client in one call, a run that fails on one
// instance, and the error that names it.
func TestDeploy(t *testing.T) {
	s := ecstest.New(t, ecstest.Options{
		Instances: []fake.Instance{{InstanceID: "i-1"}, {InstanceID: "i-2"}},
		Outcome:   fake.MatchScripts(fake.Script{Match: "deploy", InstanceID: "i-2", ExitCode: 1, Output: "disk full\n"}),
	})
	w := &ecssdk.Waiter{Sleep: s.Sleep} // minutes of waiting take milliseconds
	_, err := w.Run(context.Background(), s.Client, &ecs.RunCommandRequest{
		RegionId:       dara.String(s.Region),
		Type:           dara.String("RunShellScript"),
		CommandContent: dara.String("deploy"),
		InstanceId:     dara.StringSlice([]string{"i-1", "i-2"}),
	})
	var runErr *ecssdk.RunError
	if !errors.As(err, &runErr) || runErr.Failures[0].InstanceID != "i-2" {
		t.Fatalf("want i-2 to fail, got %v", err)
	}
}
