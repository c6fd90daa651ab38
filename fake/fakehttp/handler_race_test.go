package fakehttp_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
	"github.com/ecsassist/cloudassistant/jsoncodec"
	"github.com/ecsassist/cloudassistant/status"
)

var raceRounds = flag.Int("race-rounds", 60, "rounds each of TestHandlerUnderLoad's clients plays")

// execProgress places an instance's state in the order its statuses come in:
// a state never comes before one seen earlier. A periodic execution's
// runs are ordered by Repeats, the runs that have started; final reports
// whether nothing can come after the state.
func execProgress(st status.Current, repeats int32, periodic bool) (rank [2]int, final bool) {
	phase := 0
	switch st {
	case status.CurrentPending, status.CurrentScheduled:
		if repeats > 0 { // waiting for the next run, after the end of the last
			phase = 4
		}
	case status.CurrentRunning:
		phase = 1
	case status.CurrentStopping:
		phase = 2
	case status.CurrentCancelled:
		phase, final = 5, true
	case status.CurrentTerminated:
		phase, final = 3, true
	default: // a run's end
		phase, final = 3, !periodic
	}
	return [2]int{int(repeats), phase}, final
}

// execState is what a client saw last of an execution.
type execState struct {
	status status.Current
	rank   [2]int
	final  bool
}

// raceClient is one client of the load test: its own invocations, and
// what it saw of each of their executions.
type raceClient struct {
	t        *testing.T
	url      string
	http     *http.Client
	rng      *rand.Rand
	invs     []raceInvocation
	seen     map[string]execState // by InvokeId and InstanceId
	agreed   *atomic.Int64        // comparisons made at one instant
	ordered  *atomic.Int64        // comparisons made across instants
	requests *atomic.Int64
}

type raceInvocation struct {
	id        string
	instances []string
	periodic  bool
}

func (c *raceClient) get(params url.Values, v any) int {
	params.Set("RegionId", "cn-hangzhou")
	params.Set("Format", "JSON")
	res, err := c.http.PostForm(c.url+"/", params)
	require.NoError(c.t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(c.t, err)
	c.requests.Add(1)
	if res.StatusCode == 200 && v != nil {
		if r, ok := v.(*describeAnswer); ok {
			resp, err := jsoncodec.DecodeResponse(body)
			require.NoError(c.t, err, "%s", body)
			r.statuses = map[string]status.Current{}
			for _, inv := range resp.Invocations {
				for _, in := range inv.Instances {
					r.statuses[inv.InvokeID+" "+in.InstanceID] = in.InvocationStatus
				}
			}
			r.total = resp.TotalCount
		} else {
			require.NoError(c.t, json.Unmarshal(body, v), "%s", body)
		}
	}
	if res.StatusCode != 200 {
		return res.StatusCode
	}
	return 200
}

type describeAnswer struct {
	statuses map[string]status.Current
	total    int
}

// results returns the latest records of an invocation.
func (c *raceClient) results(inv raceInvocation) map[string]wireResult {
	var b wireBody
	require.Equal(c.t, 200, c.get(url.Values{"Action": {"DescribeInvocationResults"}, "InvokeId": {inv.id}}, &b))
	out := map[string]wireResult{}
	for _, r := range b.Invocation.InvocationResults.InvocationResult {
		out[inv.id+" "+r.InstanceId] = r
	}
	require.Len(c.t, out, len(inv.instances), "one record per instance")
	return out
}

// describe returns the instances' statuses as DescribeInvocations shows
// them.
func (c *raceClient) describe(inv raceInvocation) map[string]status.Current {
	var a describeAnswer
	require.Equal(c.t, 200, c.get(url.Values{"Action": {"DescribeInvocations"}, "InvokeId": {inv.id}}, &a))
	require.Equal(c.t, 1, a.total)
	return a.statuses
}

// observe checks a state of an execution against the last one seen.
func (c *raceClient) observe(key string, st status.Current, repeats int32, periodic bool) {
	rank, final := execProgress(st, repeats, periodic)
	prev, ok := c.seen[key]
	switch {
	case !ok:
	case prev.final && st != prev.status:
		c.t.Errorf("%s: %s after %s, which is final", key, st, prev.status)
	case rank[0] < prev.rank[0] || rank[0] == prev.rank[0] && rank[1] < prev.rank[1]:
		c.t.Errorf("%s: %s (repeats %d) after %s %v: back to an earlier status", key, st, repeats, prev.status, prev.rank)
	}
	c.seen[key] = execState{st, rank, final}
}

func (c *raceClient) round() {
	switch n := c.rng.IntN(10); {
	case n < 4 || len(c.invs) == 0:
		c.run()
	case n < 5:
		inv := c.invs[c.rng.IntN(len(c.invs))]
		params := url.Values{"Action": {"StopInvocation"}, "InvokeId": {inv.id}}
		if c.rng.IntN(2) == 0 {
			params.Set("InstanceId.1", inv.instances[0])
		}
		require.Equal(c.t, 200, c.get(params, nil))
	default:
		inv := c.invs[c.rng.IntN(len(c.invs))]
		c.check(inv)
	}
}

// run runs a script on one to three instances: once, or every minute.
func (c *raceClient) run() {
	instances := []string{"i-1", "i-2", "i-3", "i-4", "i-5", "i-6"}
	c.rng.Shuffle(len(instances), func(i, j int) { instances[i], instances[j] = instances[j], instances[i] })
	instances = instances[:1+c.rng.IntN(3)]
	params := url.Values{"Action": {"RunCommand"}, "Type": {"RunShellScript"}, "Timeout": {"10"},
		"CommandContent": {fmt.Sprintf("sleep %d; exit %d", c.rng.IntN(14), c.rng.IntN(3))}}
	for i, id := range instances {
		params.Set(fmt.Sprintf("InstanceId.%d", i+1), id)
	}
	periodic := c.rng.IntN(5) == 0
	if periodic {
		params.Set("Frequency", "rate(1m)")
	}
	var b wireBody
	require.Equal(c.t, 200, c.get(params, &b))
	c.invs = append(c.invs, raceInvocation{id: b.InvokeId, instances: instances, periodic: periodic})
}

// check reads an invocation three times: DescribeInvocations,
// DescribeInvocationResults, DescribeInvocations. Each state comes no
// earlier than the one before; when the first and the last agree on a
// one-time invocation, no execution moved in between, and the records
// must say the same.
func (c *raceClient) check(inv raceInvocation) {
	before := c.describe(inv)
	if !inv.periodic {
		for k, st := range before {
			c.observe(k, st, 0, false)
		}
	}
	records := c.results(inv)
	for k, r := range records {
		var repeats int32
		if r.Repeats != nil {
			repeats = *r.Repeats
		}
		if !inv.periodic {
			repeats = 0
		}
		c.observe(k, status.Current(r.InvocationStatus), repeats, inv.periodic)
		if legacy, _ := status.Current(r.InvocationStatus).Legacy(); string(legacy) != r.InvokeRecordStatus {
			c.t.Errorf("%s: InvokeRecordStatus %s with InvocationStatus %s", k, r.InvokeRecordStatus, r.InvocationStatus)
		}
	}
	after := c.describe(inv)
	if !inv.periodic {
		for k, st := range after {
			c.observe(k, st, 0, false)
		}
	}
	// Between two reads of a periodic invocation that agree a whole run
	// may have come and gone (DescribeInvocations shows no Repeats yet):
	// only a one-time invocation's agree at one instant.
	same := !inv.periodic
	for k, st := range before {
		same = same && after[k] == st
	}
	if !same {
		c.ordered.Add(1)
		return
	}
	c.agreed.Add(1)
	for k, st := range before {
		if got := status.Current(records[k].InvocationStatus); got != st {
			c.t.Errorf("%s: DescribeInvocationResults says %s, DescribeInvocations %s, at one instant", k, got, st)
		}
	}
}

// Clients run, stop and describe invocations over HTTP while another
// advances the clock, under the race detector: no execution goes back to
// an earlier status, DescribeInvocations and DescribeInvocationResults
// agree, and at the end no invocation is lost or counted twice. Run it
// longer by hand, as in
//
//	go test -race -run TestHandlerUnderLoad -v -race-rounds 500 ./fake/fakehttp
func TestHandlerUnderLoad(t *testing.T) {
	const clients = 8
	svc, err := fake.NewService(fake.Config{
		Clock: fake.NewVirtualClock(t0),
		Instances: []fake.Instance{{InstanceID: "i-1"}, {InstanceID: "i-2"}, {InstanceID: "i-3"}, {InstanceID: "i-4"},
			{InstanceID: "i-5"}, {InstanceID: "i-6", Agent: fake.AgentStopped}},
		Outcome: func(x fake.Execution) fake.Result {
			var d, code int
			fmt.Sscanf(x.Content, "sleep %d; exit %d", &d, &code)
			return fake.Result{Duration: time.Duration(d) * time.Second, ExitCode: int64(code)}
		},
	})
	require.NoError(t, err)
	ts := httptest.NewServer(&fakehttp.Handler{Service: svc})
	defer ts.Close()
	transport := &http.Transport{MaxIdleConnsPerHost: clients + 1}
	defer transport.CloseIdleConnections()
	hc := &http.Client{Transport: transport, Timeout: time.Minute}

	var agreed, ordered, requests, advances atomic.Int64
	done := make(chan struct{})
	var advancer sync.WaitGroup
	advancer.Add(1)
	go func() {
		defer advancer.Done()
		for i := 0; ; i++ {
			select {
			case <-done:
				return
			default:
			}
			res, err := hc.Post(ts.URL+"/_mock/advance?by="+[]string{"5s", "2s", "500ms", "0s", "20s"}[i%5], "", nil)
			if err != nil {
				t.Error(err)
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			advances.Add(1)
			time.Sleep(time.Millisecond) // instants that last, for the clients to meet
		}
	}()

	start := time.Now()
	var wg sync.WaitGroup
	all := make([][]raceInvocation, clients)
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := &raceClient{t: t, url: ts.URL, http: hc, rng: rand.New(rand.NewPCG(uint64(i), 1)), seen: map[string]execState{},
				agreed: &agreed, ordered: &ordered, requests: &requests}
			defer func() { all[i] = c.invs }()
			for range *raceRounds {
				if t.Failed() {
					return
				}
				c.round()
			}
			all[i] = c.invs
		}()
	}
	wg.Wait()
	close(done)
	advancer.Wait()
	elapsed := time.Since(start)

	// Every invocation made is there once, with one record per instance.
	want := map[string]bool{}
	records := 0
	for _, invs := range all {
		for _, inv := range invs {
			require.False(t, want[inv.id], "an InvokeId given twice")
			want[inv.id] = true
			records += len(inv.instances)
		}
	}
	c := &raceClient{t: t, url: ts.URL, http: hc, requests: &requests}
	got := map[string]bool{}
	params := url.Values{"Action": {"DescribeInvocations"}, "MaxResults": {"50"}}
	for {
		res, err := hc.PostForm(ts.URL+"/", url.Values{"Action": {"DescribeInvocations"}, "RegionId": {"cn-hangzhou"}, "Format": {"JSON"},
			"MaxResults": {"50"}, "NextToken": {params.Get("NextToken")}})
		require.NoError(t, err)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		resp, err := jsoncodec.DecodeResponse(body)
		require.NoError(t, err, "%s", body)
		for _, inv := range resp.Invocations {
			require.False(t, got[inv.InvokeID], "%s listed twice", inv.InvokeID)
			got[inv.InvokeID] = true
		}
		if resp.NextToken == "" {
			break
		}
		params.Set("NextToken", resp.NextToken)
	}
	require.Equal(t, want, got, "no invocation lost or counted twice")
	var b wireBody
	require.Equal(t, 200, c.get(url.Values{"Action": {"DescribeInvocationResults"}, "PageSize": {"1"}}, &b))
	require.Equal(t, records, b.Invocation.TotalCount, "one record per invocation and instance")

	n := requests.Load()
	t.Logf("%d clients × %d rounds: %d requests and %d advances of the clock in %v (%.0f requests/s); clock at %s",
		clients, *raceRounds, n, advances.Load(), elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds(), svc.Now().Format(time.RFC3339))
	t.Logf("checks of DescribeInvocations against DescribeInvocationResults: %d at one instant, %d across instants", agreed.Load(), ordered.Load())
	require.NotZero(t, agreed.Load(), "some checks met at one instant")
	require.NotZero(t, ordered.Load(), "some checks met a moving clock")
}
