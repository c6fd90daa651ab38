package ecstest_test

import (
	"bufio"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/ecsassist/cloudassistant/ecssdk/ecstest"
)

// BenchmarkNewServer measures what a test pays for its fake: a fresh
// server and its client, a first RunCommand and a DescribeInvocations
// of it, and the close.
func BenchmarkNewServer(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		s, err := ecstest.Start(ecstest.Options{})
		if err != nil {
			b.Fatal(err)
		}
		ran, err := s.Client.RunCommand(&ecs.RunCommandRequest{RegionId: dara.String(s.Region), Type: dara.String("RunShellScript"),
			CommandContent: dara.String("uptime"), InstanceId: dara.StringSlice([]string{"i-1"})})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Client.DescribeInvocations(&ecs.DescribeInvocationsRequest{RegionId: dara.String(s.Region),
			InvokeId: ran.Body.InvokeId}); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

// BenchmarkStartOnly is the server alone, without a call: where
// BenchmarkNewServer's time goes.
func BenchmarkStartOnly(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		s, err := ecstest.Start(ecstest.Options{})
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

// BenchmarkSDKClient is the construction of the SDK's client alone.
func BenchmarkSDKClient(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, err := ecs.NewClient(&openapi.Config{AccessKeyId: dara.String(ecstest.AccessKeyID),
			AccessKeySecret: dara.String(ecstest.AccessKeySecret), Endpoint: dara.String("127.0.0.1:1"),
			Protocol: dara.String("HTTP"), RegionId: dara.String("cn-hangzhou")})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCallsOnly is a RunCommand and a DescribeInvocations on a server
// already started, which keeps one invocation so that its work does not
// grow with b.N: where BenchmarkNewServer's time goes.
func BenchmarkCallsOnly(b *testing.B) {
	b.ReportAllocs()
	s := ecstest.New(b, ecstest.Options{MaxInvocations: 1})
	for b.Loop() {
		ran, err := s.Client.RunCommand(&ecs.RunCommandRequest{RegionId: dara.String(s.Region), Type: dara.String("RunShellScript"),
			CommandContent: dara.String("uptime"), InstanceId: dara.StringSlice([]string{"i-1"})})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Client.DescribeInvocations(&ecs.DescribeInvocationsRequest{RegionId: dara.String(s.Region),
			InvokeId: ran.Body.InvokeId}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkServerBinary is BenchmarkNewServer's work done with the
// server as a command instead: start fake-cloudassistant on a free port,
// wait until it answers GET /_mock/now, make the client, RunCommand and
// DescribeInvocations, and stop it. It runs when ECSTEST_SERVER_BINARY
// names the command, built once with
//
//	go build -o /tmp/fake-cloudassistant ./cmd/fake-cloudassistant
func BenchmarkServerBinary(b *testing.B) {
	bin := os.Getenv("ECSTEST_SERVER_BINARY")
	if bin == "" {
		b.Skip("ECSTEST_SERVER_BINARY does not name the fake-cloudassistant command")
	}
	b.ReportAllocs()
	for b.Loop() {
		cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-clock", "virtual",
			"-access-key", ecstest.AccessKeyID+":"+ecstest.AccessKeySecret)
		out, err := cmd.StdoutPipe()
		if err != nil {
			b.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		line, err := bufio.NewReader(out).ReadString('\n')
		if err != nil {
			b.Fatal(err)
		}
		url := strings.TrimSpace(strings.TrimPrefix(line, "listening on "))
		for {
			res, err := http.Get(url + "/_mock/now")
			if err == nil {
				res.Body.Close()
				if res.StatusCode == http.StatusOK {
					break
				}
			}
		}
		c, err := ecs.NewClient(&openapi.Config{AccessKeyId: dara.String(ecstest.AccessKeyID),
			AccessKeySecret: dara.String(ecstest.AccessKeySecret), Endpoint: dara.String(strings.TrimPrefix(url, "http://")),
			Protocol: dara.String("HTTP"), RegionId: dara.String(ecstest.DefaultRegion)})
		if err != nil {
			b.Fatal(err)
		}
		ran, err := c.RunCommand(&ecs.RunCommandRequest{RegionId: dara.String(ecstest.DefaultRegion), Type: dara.String("RunShellScript"),
			CommandContent: dara.String("uptime"), InstanceId: dara.StringSlice([]string{"i-1"})})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.DescribeInvocations(&ecs.DescribeInvocationsRequest{RegionId: dara.String(ecstest.DefaultRegion),
			InvokeId: ran.Body.InvokeId}); err != nil {
			b.Fatal(err)
		}
		if err := cmd.Process.Kill(); err != nil {
			b.Fatal(err)
		}
		_ = cmd.Wait() // killed: the error says so
	}
}
