package journal_test

import (
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/fake/journal"
)

func seqs(reqs []journal.Request) []int64 {
	out := []int64{}
	for _, r := range reqs {
		out = append(out, r.Seq)
	}
	return out
}

// The journal keeps the last size requests, oldest first; Since skips
// the earlier ones; Delete keeps the numbering and Reset restarts it.
func TestRing(t *testing.T) {
	j := journal.New(3)
	for range 5 {
		j.Add(journal.Request{Action: "RunCommand"}, nil)
	}
	require.Equal(t, []int64{3, 4, 5}, seqs(j.Since(0)))
	require.Equal(t, []int64{5}, seqs(j.Since(4)))
	require.Empty(t, j.Since(5))
	j.Delete()
	require.Empty(t, j.Since(0))
	j.Add(journal.Request{}, nil)
	require.Equal(t, []int64{6}, seqs(j.Since(0)), "Seq keeps counting after a Delete")
	j.Reset()
	j.Add(journal.Request{}, nil)
	require.Equal(t, []int64{1}, seqs(j.Since(0)), "a Reset numbers the next request 1")
	require.Panics(t, func() { journal.New(0) })
}

// Params keep each parameter's first value but the secrets, and a
// request's RegionId; the Requests returned are the caller's to change.
func TestParams(t *testing.T) {
	j := journal.New(10)
	params := url.Values{"Action": {"RunCommand"}, "RegionId": {"cn-hangzhou"}, "InstanceId.1": {"i-1", "i-2"},
		"Signature": {"s"}, "SecurityToken": {"t"}}
	j.Add(journal.Request{Params: map[string]string{"ignored": "x"}}, params)
	got := j.Since(0)[0]
	require.Equal(t, map[string]string{"Action": "RunCommand", "RegionId": "cn-hangzhou", "InstanceId.1": "i-1"}, got.Params)
	require.Equal(t, "cn-hangzhou", got.RegionID)
	got.Params["Action"] = "changed"
	require.Equal(t, "RunCommand", j.Since(0)[0].Params["Action"])
	j.Add(journal.Request{}, nil)
	require.NotNil(t, j.Since(1)[0].Params, "never nil")
}

// Marshal writes requests as GET /_mock/requests answers them.
func ExampleMarshal() {
	start := time.Date(2025, 1, 2, 3, 4, 5, 600, time.UTC)
	j := journal.New(10)
	j.Add(journal.Request{Time: start, Now: start, Method: "POST", Action: "StopInvocation", HTTPStatus: 404,
		Code: "InvalidInvokeId.NotFound", Duration: 1500 * time.Microsecond}, url.Values{"RegionId": {"cn-hangzhou"}, "Signature": {"x"}})
	fmt.Println(string(journal.Marshal(j.Since(0))))
	fmt.Println(string(journal.Marshal(nil)))
	// Output:
	// {"Requests":[{"Seq":1,"Time":"2025-01-02T03:04:05.000000600Z","Now":"2025-01-02T03:04:05Z","Method":"POST","Action":"StopInvocation","RegionId":"cn-hangzhou","Params":{"RegionId":"cn-hangzhou"},"HTTPStatus":404,"Code":"InvalidInvokeId.NotFound","Fault":0,"DurationMs":1.5}]}
	// {"Requests":[]}
}
