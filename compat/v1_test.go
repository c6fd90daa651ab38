package compat

import (
	"errors"
	"slices"
	"strings"
	"testing"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	oldecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"

	"github.com/ecsassist/cloudassistant/ecssdk/ecstest"
)

// oldRequest returns a request of the older SDK pointed at the server. It
// sends Action, Version, Format=JSON and the HMAC-SHA1 signature's
// parameters, as an RPC request.
func oldRequest(url string) *oldecs.DescribeInvocationsRequest {
	req := oldecs.CreateDescribeInvocationsRequest()
	req.Scheme = "http"
	req.Domain = strings.TrimPrefix(url, "http://")
	req.RegionId = "cn-hangzhou"
	return req
}

func oldClient(t *testing.T) *oldecs.Client {
	t.Helper()
	c, err := oldecs.NewClientWithAccessKey("cn-hangzhou", "test-key", "test-secret")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func oldIDs(res *oldecs.DescribeInvocationsResponse) []string {
	var out []string
	for _, inv := range res.Invocations.Invocation {
		out = append(out, inv.InvokeId)
	}
	return out
}

func TestOldSDK(t *testing.T) {
	bothModes(t, func(t *testing.T, opts ecstest.Options) {
		ts := serveLoaded(t, opts, fleet...)
		c := oldClient(t)

		for _, tt := range []struct {
			name string
			set  func(r *oldecs.DescribeInvocationsRequest)
			want []string
		}{
			{"none", func(*oldecs.DescribeInvocationsRequest) {}, []string{"t-1", "t-2"}},
			{"InvokeId", func(r *oldecs.DescribeInvocationsRequest) { r.InvokeId = "t-2" }, []string{"t-2"}},
			{"CommandId", func(r *oldecs.DescribeInvocationsRequest) { r.CommandId = "c-1" }, []string{"t-1"}},
			{"CommandName", func(r *oldecs.DescribeInvocationsRequest) { r.CommandName = "backup" }, []string{"t-2"}},
			{"CommandType", func(r *oldecs.DescribeInvocationsRequest) { r.CommandType = "RunShellScript" }, []string{"t-1"}},
			{"Timed", func(r *oldecs.DescribeInvocationsRequest) { r.Timed = requests.NewBoolean(true) }, []string{"t-2"}},
			{"InvokeStatus", func(r *oldecs.DescribeInvocationsRequest) { r.InvokeStatus = "PartialFailed" }, []string{"t-1"}},
			{"InstanceId", func(r *oldecs.DescribeInvocationsRequest) { r.InstanceId = "i-2" }, []string{"t-1"}},
			{"page", func(r *oldecs.DescribeInvocationsRequest) {
				r.PageNumber = requests.NewInteger(2)
				r.PageSize = requests.NewInteger(1)
			}, []string{"t-2"}},
		} {
			req := oldRequest(ts.URL)
			tt.set(req)
			res, err := c.DescribeInvocations(req)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if got := oldIDs(res); !slices.Equal(got, tt.want) {
				t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
			}
		}

		// Token paging.
		var walked []string
		req := oldRequest(ts.URL)
		req.MaxResults = requests.NewInteger(1)
		for range 5 {
			res, err := c.DescribeInvocations(req)
			if err != nil {
				t.Fatal(err)
			}
			walked = append(walked, oldIDs(res)...)
			if res.NextToken == "" {
				break
			}
			req = oldRequest(ts.URL)
			req.MaxResults = requests.NewInteger(1)
			req.NextToken = res.NextToken
		}
		if !slices.Equal(walked, []string{"t-1", "t-2"}) {
			t.Errorf("walked %v", walked)
		}

		req = oldRequest(ts.URL)
		req.InvokeId = "t-1"
		res, err := c.DescribeInvocations(req)
		if err != nil {
			t.Fatal(err)
		}
		inv := res.Invocations.Invocation[0]
		if inv.InvokeStatus != "PartialFailed" || inv.InvocationStatus != "PartialFailed" || inv.InvokeInstances.InvokeInstance[1].InvocationStatus != "Timeout" {
			t.Errorf("statuses %s %s %s", inv.InvokeStatus, inv.InvocationStatus, inv.InvokeInstances.InvokeInstance[1].InvocationStatus)
		}
		if res.TotalCount != 1 || res.RequestId == "" {
			t.Errorf("TotalCount %d, RequestId %q", res.TotalCount, res.RequestId)
		}

		req = oldRequest(ts.URL)
		req.PageSize = requests.NewInteger(51)
		_, err = c.DescribeInvocations(req)
		var serverErr *sdkerrors.ServerError
		if !errors.As(err, &serverErr) {
			t.Fatalf("error %T: %v", err, err)
		}
		if serverErr.ErrorCode() != "InvalidParam.PageSize" || serverErr.HttpStatus() != 400 {
			t.Errorf("got %s %d", serverErr.ErrorCode(), serverErr.HttpStatus())
		}
	})
}

func TestOldSDKSigned(t *testing.T) {
	ts := serveLoaded(t, ecstest.Options{}, fleet...)
	req := oldRequest(ts.URL)
	req.InvokeId = "t-2"
	res, err := oldClient(t).DescribeInvocations(req)
	if err != nil {
		t.Fatal(err)
	}
	if got := oldIDs(res); !slices.Equal(got, []string{"t-2"}) {
		t.Errorf("got %v", got)
	}

	wrong, err := oldecs.NewClientWithAccessKey("cn-hangzhou", "test-key", "wrong-secret")
	if err != nil {
		t.Fatal(err)
	}
	_, err = wrong.DescribeInvocations(oldRequest(ts.URL))
	var serverErr *sdkerrors.ServerError
	if !errors.As(err, &serverErr) || serverErr.ErrorCode() != "SignatureDoesNotMatch" || serverErr.HttpStatus() != 400 {
		t.Fatalf("error %v", err)
	}
	if !strings.Contains(serverErr.Message(), "server string to sign is:POST&%2F&") {
		t.Errorf("message %q", serverErr.Message())
	}
}
