package ecstest_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/ecssdk/ecstest"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fault"
	"github.com/ecsassist/cloudassistant/status"
)

// run starts "uptime" on ids through the server's Client and returns
// the InvokeId.
func run(t testing.TB, s *ecstest.Server, ids ...string) string {
	t.Helper()
	ran, err := s.Client.RunCommand(&ecs.RunCommandRequest{RegionId: dara.String(s.Region), Type: dara.String("RunShellScript"),
		CommandContent: dara.String("uptime"), InstanceId: dara.StringSlice(ids)})
	require.NoError(t, err)
	return dara.StringValue(ran.Body.InvokeId)
}

// describe returns the invocation id as DescribeInvocations answers it
// through the server's Client, with its output.
func describe(t testing.TB, s *ecstest.Server, id string) *ecs.DescribeInvocationsResponseBodyInvocationsInvocation {
	t.Helper()
	res, err := s.Client.DescribeInvocations(&ecs.DescribeInvocationsRequest{RegionId: dara.String(s.Region),
		InvokeId: dara.String(id), IncludeOutput: dara.Bool(true), ContentEncoding: dara.String("PlainText")})
	require.NoError(t, err)
	require.Len(t, res.Body.Invocations.Invocation, 1)
	return res.Body.Invocations.Invocation[0]
}

// code returns the API's error code of err, an error of the SDK.
func code(err error) string {
	var sdkErr *tea.SDKError
	if errors.As(err, &sdkErr) {
		return dara.StringValue(sdkErr.Code)
	}
	return ""
}

// The zero Options: a signed client, no fleet, runs that succeed after a
// second, the clock at its documented start.
func TestNewZeroOptions(t *testing.T) {
	s := ecstest.New(t, ecstest.Options{})
	require.Equal(t, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), s.Clock.Now())
	require.Equal(t, ecstest.DefaultRegion, s.Region)
	require.Same(t, s.Service, s.Handler.Service)
	require.Equal(t, map[string]string{ecstest.AccessKeyID: ecstest.AccessKeySecret}, s.Handler.AccessKeys)
	require.True(t, strings.HasPrefix(s.URL, "http://127.0.0.1:"), s.URL)

	id := run(t, s, "i-1", "i-abc")
	require.Equal(t, "Pending", dara.StringValue(describe(t, s, id).InvocationStatus))
	require.Equal(t, s.Clock.Now().Add(2*time.Second), s.Advance(2*time.Second))
	require.Equal(t, "Success", dara.StringValue(describe(t, s, id).InvocationStatus))
	require.Equal(t, s.Clock.Now(), s.Service.Now())
}

// Each option reaches the fake.
func TestNewOptions(t *testing.T) {
	start := time.Date(2030, 6, 7, 8, 9, 10, 0, time.UTC)
	tests := []struct {
		name       string
		opts       ecstest.Options
		ids        []string
		advance    time.Duration
		wantStatus string // of the instance
		wantOutput string
		wantErr    string // the API's code
	}{{
		name:    "a fleet refuses other instances",
		opts:    ecstest.Options{Instances: []fake.Instance{{InstanceID: "i-1"}}},
		ids:     []string{"i-2"},
		wantErr: "InvalidInstance.NotFound",
	}, {
		name:       "an instance whose agent is stopped is aborted after a minute",
		opts:       ecstest.Options{Instances: []fake.Instance{{InstanceID: "i-1", Agent: fake.AgentStopped}}},
		ids:        []string{"i-1"},
		advance:    time.Minute,
		wantStatus: "Aborted",
	}, {
		name: "scripted outcomes",
		opts: ecstest.Options{Outcome: fake.MatchScripts(fake.Script{Match: "uptime", ExitCode: 2, Output: "up\n", Duration: time.Minute})},
		ids:  []string{"i-1"}, advance: time.Minute + time.Second,
		wantStatus: "Failed", wantOutput: "up\n",
	}, {
		name:       "a run not yet ended",
		opts:       ecstest.Options{Outcome: fake.MatchScripts(fake.Script{Duration: time.Hour}), Start: start},
		ids:        []string{"i-1"},
		advance:    time.Minute,
		wantStatus: "Running",
	}, {
		name:       "another region",
		opts:       ecstest.Options{Regions: []string{"eu-central-1", "cn-hangzhou"}},
		ids:        []string{"i-1"},
		advance:    2 * time.Second,
		wantStatus: "Success",
	}, {
		name:    "every request a fault",
		opts:    ecstest.Options{FaultRate: 1, FaultCode: "Throttling.User"},
		ids:     []string{"i-1"},
		wantErr: "Throttling.User",
	}, {
		name:    "every request a fault, by default a 500",
		opts:    ecstest.Options{FaultRate: 1},
		ids:     []string{"i-1"},
		wantErr: "InternalError.Dispatch",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ecstest.New(t, tt.opts)
			ran, err := s.Client.RunCommandWithContext(context.Background(), &ecs.RunCommandRequest{RegionId: dara.String(s.Region),
				Type: dara.String("RunShellScript"), CommandContent: dara.String("uptime"), InstanceId: dara.StringSlice(tt.ids)},
				&dara.RuntimeOptions{Autoretry: dara.Bool(false)})
			if tt.wantErr != "" {
				require.Error(t, err)
				require.Equal(t, tt.wantErr, code(err), "%v", err)
				return
			}
			require.NoError(t, err)
			if !tt.opts.Start.IsZero() {
				require.Equal(t, tt.opts.Start, s.Service.Now())
			}
			s.Advance(tt.advance)
			inv := describe(t, s, dara.StringValue(ran.Body.InvokeId))
			ii := inv.InvokeInstances.InvokeInstance[0]
			require.Equal(t, tt.wantStatus, dara.StringValue(ii.InvocationStatus))
			require.Equal(t, tt.wantOutput, dara.StringValue(ii.Output))
		})
	}
}

// The Client's region is the first of Regions, and a region not among
// them is refused.
func TestNewRegions(t *testing.T) {
	s := ecstest.New(t, ecstest.Options{Regions: []string{"eu-central-1"}})
	require.Equal(t, "eu-central-1", s.Region)
	require.Equal(t, "eu-central-1", dara.StringValue(s.Client.RegionId))
	_, err := s.Client.DescribeInvocations(&ecs.DescribeInvocationsRequest{RegionId: dara.String("cn-hangzhou")})
	require.Equal(t, "InvalidRegionId.NotFound", code(err), "%v", err)
}

// The same Seed gives the same InvokeIds; another, others.
func TestNewSeed(t *testing.T) {
	ids := func(seed uint64) []string {
		s := ecstest.New(t, ecstest.Options{Seed: seed})
		return []string{run(t, s, "i-1"), run(t, s, "i-1")}
	}
	a := ids(7)
	require.Equal(t, a, ids(7))
	require.NotEqual(t, a, ids(8))
}

// clientFor returns a v7 client of s that signs with id and secret.
func clientFor(t *testing.T, s *ecstest.Server, id, secret string) *ecs.Client {
	t.Helper()
	c, err := ecs.NewClient(&openapi.Config{AccessKeyId: dara.String(id), AccessKeySecret: dara.String(secret),
		Endpoint: dara.String(strings.TrimPrefix(s.URL, "http://")), Protocol: dara.String("HTTP"), RegionId: dara.String(s.Region)})
	require.NoError(t, err)
	return c
}

// Signatures are checked by default, by the documented key, and not
// when Unsigned.
func TestNewSignatures(t *testing.T) {
	tests := []struct {
		name     string
		unsigned bool
		id       string
		secret   string
		wantErr  string
	}{
		{name: "the documented key", id: ecstest.AccessKeyID, secret: ecstest.AccessKeySecret},
		{name: "a wrong secret", id: ecstest.AccessKeyID, secret: "wrong", wantErr: "SignatureDoesNotMatch"},
		{name: "an unknown key", id: "other", secret: ecstest.AccessKeySecret, wantErr: "InvalidAccessKeyId.NotFound"},
		{name: "a wrong secret, unsigned", unsigned: true, id: ecstest.AccessKeyID, secret: "wrong"},
		{name: "an unknown key, unsigned", unsigned: true, id: "other", secret: "other"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ecstest.New(t, ecstest.Options{Unsigned: tt.unsigned})
			_, err := clientFor(t, s, tt.id, tt.secret).DescribeInvocations(&ecs.DescribeInvocationsRequest{RegionId: dara.String(s.Region)})
			if tt.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.Equal(t, tt.wantErr, code(err), "%v", err)
		})
	}
	// Unsigned: a request with no signature at all is answered.
	s := ecstest.New(t, ecstest.Options{Unsigned: true})
	res, err := http.Get(s.URL + "/?Action=DescribeInvocations&RegionId=cn-hangzhou")
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
}

// The virtual clock does not age signatures: a request signed now is
// accepted with the fake's clock a year ahead.
func TestSignaturesOnRealTime(t *testing.T) {
	s := ecstest.New(t, ecstest.Options{})
	s.Advance(365 * 24 * time.Hour)
	_, err := s.Client.DescribeInvocations(&ecs.DescribeInvocationsRequest{RegionId: dara.String(s.Region)})
	require.NoError(t, err)
}

// The server closes at the end of the test that made it, and not before.
func TestNewClosesAtCleanup(t *testing.T) {
	var url string
	t.Run("inner", func(t *testing.T) {
		s := ecstest.New(t, ecstest.Options{Unsigned: true})
		url = s.URL
		res, err := http.Get(url + "/_mock/now")
		require.NoError(t, err)
		res.Body.Close()
		require.Equal(t, http.StatusOK, res.StatusCode)
	})
	_, err := http.Get(url + "/_mock/now")
	require.Error(t, err, "the server still answers after its test ended")
}

// Close answers the requests in flight, leaves the service usable in
// Go, and may be called again.
func TestClose(t *testing.T) {
	s, err := ecstest.Start(ecstest.Options{})
	require.NoError(t, err)
	id := run(t, s, "i-1")
	s.Close()
	s.Close()
	_, err = s.Client.DescribeInvocations(&ecs.DescribeInvocationsRequest{RegionId: dara.String(s.Region)})
	require.Error(t, err)
	s.Advance(time.Minute)
	res, err := s.Service.DescribeInvocations(fake.DescribeInvocationsRequest{RegionID: s.Region, InvokeID: id})
	require.NoError(t, err)
	require.Equal(t, status.CurrentSuccess, res.Invocations[0].InvocationStatus)
}

// Options the fake refuses: Start returns the error, New fails the test.
func TestBadOptions(t *testing.T) {
	bad := ecstest.Options{Instances: []fake.Instance{{InstanceID: "i-1"}, {InstanceID: "i-1"}}}
	s, err := ecstest.Start(bad)
	require.Nil(t, s)
	require.ErrorContains(t, err, "ecstest: ")
	require.ErrorContains(t, err, `"i-1"`)

	rec := &recorder{TB: t}
	done := make(chan struct{})
	go func() { // Fatal ends the goroutine that calls it
		defer close(done)
		ecstest.New(rec, bad)
		rec.Errorf("New returned after Fatal")
	}()
	<-done
	require.Equal(t, []string{err.Error()}, rec.fatal)
	require.Zero(t, rec.cleanups, "a cleanup registered for a server that did not start")
}

// recorder is a testing.TB that records Fatal and Cleanup instead of
// acting on them.
type recorder struct {
	testing.TB
	mu       sync.Mutex
	fatal    []string
	cleanups int
}

func (r *recorder) Helper() {}

func (r *recorder) Fatal(args ...any) {
	r.mu.Lock()
	r.fatal = append(r.fatal, fmt.Sprint(args...))
	r.mu.Unlock()
	runtime.Goexit()
}

func (r *recorder) Cleanup(func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cleanups++
}

// Sleep moves the clock, at once, unless the context is done.
func TestSleep(t *testing.T) {
	s := ecstest.New(t, ecstest.Options{})
	t0 := s.Clock.Now()
	require.NoError(t, s.Sleep(context.Background(), 90*time.Second))
	require.Equal(t, t0.Add(90*time.Second), s.Clock.Now())
	require.NoError(t, s.Sleep(context.Background(), -time.Second), "a negative sleep is none")
	require.Equal(t, t0.Add(90*time.Second), s.Clock.Now())

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.ErrorIs(t, s.Sleep(ctx, time.Minute), context.Canceled)
	require.Equal(t, t0.Add(90*time.Second), s.Clock.Now(), "a cancelled sleep moved the clock")
}

// The Logger gets a line for each request, with the code of an error.
func TestLogger(t *testing.T) {
	var b strings.Builder
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(&lockedWriter{&mu, &b}, nil))
	s := ecstest.New(t, ecstest.Options{Logger: logger, Instances: []fake.Instance{{InstanceID: "i-1"}}})
	_, err := s.Client.RunCommand(&ecs.RunCommandRequest{RegionId: dara.String(s.Region), Type: dara.String("RunShellScript"),
		CommandContent: dara.String("true"), InstanceId: dara.StringSlice([]string{"i-9"})})
	require.Equal(t, "InvalidInstance.NotFound", code(err))
	mu.Lock()
	defer mu.Unlock()
	require.Contains(t, b.String(), "action=RunCommand status=404")
	require.Contains(t, b.String(), "code=InvalidInstance.NotFound")
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *strings.Builder
}

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

// Options.Faults are the server's rules from its start: here the answer
// of the first RunCommand is lost, and the SDK's retry with the same
// ClientToken gets the run that answer started, and no second one.
func TestNewFaults(t *testing.T) {
	s := ecstest.New(t, ecstest.Options{Faults: []fault.Rule{
		{Action: "RunCommand", Effect: fault.EffectLost, Times: 1},
		{Action: "DescribeInvocations", Code: "Throttling.User", Times: 1},
	}})
	rules := s.Handler.Faults()
	require.Len(t, rules, 2)
	require.Equal(t, int64(1), rules[0].ID)
	require.Equal(t, fault.EffectLost, rules[0].Effect)
	require.Equal(t, 400, rules[1].HTTPStatus, "the default status of a Throttling code")

	req := &ecs.RunCommandRequest{RegionId: dara.String(s.Region), Type: dara.String("RunShellScript"),
		CommandContent: dara.String("uptime"), InstanceId: dara.StringSlice([]string{"i-1"}), ClientToken: dara.String("once")}
	noRetry := &dara.RuntimeOptions{Autoretry: dara.Bool(false)}
	_, err := s.Client.RunCommandWithContext(context.Background(), req, noRetry)
	require.Equal(t, "InternalError.Dispatch", code(err), "%v", err)
	ran, err := s.Client.RunCommandWithContext(context.Background(), req, noRetry)
	require.NoError(t, err)
	_, err = s.Client.DescribeInvocationsWithContext(context.Background(),
		&ecs.DescribeInvocationsRequest{RegionId: dara.String(s.Region)}, noRetry)
	require.Equal(t, "Throttling.User", code(err), "%v", err)
	require.Equal(t, "Pending", dara.StringValue(describe(t, s, dara.StringValue(ran.Body.InvokeId)).InvocationStatus))

	res, err := s.Service.DescribeInvocations(fake.DescribeInvocationsRequest{RegionID: s.Region})
	require.NoError(t, err)
	require.Equal(t, 1, res.TotalCount, "the retry ran the command again")
	var faults []int64
	for _, r := range s.Handler.Requests(0) {
		faults = append(faults, r.Fault)
	}
	require.Equal(t, []int64{1, 0, 2, 0}, faults, "the rule that applied to each request")
	for _, r := range s.Handler.Faults() {
		require.Equal(t, int64(1), r.Hits, "rule %d", r.ID)
	}
}

// A rule that AddFaults refuses: Start returns its error, and nothing is
// started.
func TestNewBadFaults(t *testing.T) {
	tests := []struct {
		name    string
		faults  []fault.Rule
		wantErr string
	}{{
		name:    "an unknown action",
		faults:  []fault.Rule{{Action: "RunCommand"}, {Action: "Reboot"}},
		wantErr: `ecstest: fault: rule 1: Action: "Reboot" is not an action the fake serves: *, `,
	}, {
		name:    "a probability out of range",
		faults:  []fault.Rule{{Probability: ptr(1.5)}},
		wantErr: "ecstest: fault: rule 0: Probability: 1.5 is not from 0 to 1",
	}, {
		name:    "a delay too long",
		faults:  []fault.Rule{{Effect: fault.EffectDelay, Delay: time.Hour}},
		wantErr: `ecstest: fault: rule 0: Delay: "1h0m0s" is not above 0s and at most 1m0s`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ecstest.Start(ecstest.Options{Faults: tt.faults})
			require.Nil(t, s)
			require.ErrorContains(t, err, tt.wantErr)
			var ruleErr *fault.RuleError
			require.ErrorAs(t, err, &ruleErr)
		})
	}
}

func ptr[T any](v T) *T { return &v }
