package ecssdk

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// The defaults of a [Waiter]'s schedule. FirstDelay and Interval are
// terraform-provider-alicloud's for the same wait (its Delay and
// MinTimeout), and MaxInterval is where its backoff stops growing.
const (
	DefaultFirstDelay  = 5 * time.Second
	DefaultInterval    = 3 * time.Second
	DefaultMaxInterval = 10 * time.Second
	DefaultJitter      = 0.2
	DefaultRetries     = 10
)

// ErrNotFound: DescribeInvocations answered without the invocation asked
// for, for more polls in a row than a [Waiter] retries.
var ErrNotFound = errors.New("invocation not found")

// A Waiter polls an invocation with DescribeInvocations until it settles,
// and runs commands and waits for them. Its fields set the schedule; the
// zero value waits with the defaults, and a Waiter is safe for concurrent
// use when its Sleep and Rand are.
//
// # Schedule
//
// The first poll comes FirstDelay after the call. The pause after poll n
// (from 0) is Interval·2ⁿ, at most MaxInterval, plus a random part of up
// to Jitter of it, so that many waiters do not poll in step; it is never
// less than Interval. With the defaults the polls come at 5 s, then 3, 6,
// 10, 10 … s apart, each pause up to a fifth longer.
//
// There is no deadline of its own: the wait ends when ctx is done, with
// ctx's error. Give ctx a deadline (context.WithTimeout).
//
// # Retries
//
// An answer that is a throttling error (the codes Throttling,
// Throttling.User and Throttling.Api, the ones the SDK itself calls
// throttling) or a server error (HTTP status 500 to 599) is retried at the
// next poll; so is an answer that does not hold the invocation yet, as
// right after it was created. More than Retries of them in a row end the
// wait with the last error, or one wrapping [ErrNotFound]. Any other
// error, such as a 4xx answer or a failure to reach the server, ends the
// wait at once; the SDK's own retry options (openapi.Config's RetryOptions)
// cover failures of the network.
//
// The errors are the SDK's: *tea.SDKError, or, with the client's
// DisableSDKError set, the openapi package's ThrottlingError, ClientError
// and ServerError, read through their GetCode and GetStatusCode methods.
type Waiter struct {
	// FirstDelay is the pause before the first poll: 0 means
	// DefaultFirstDelay, a negative value none.
	FirstDelay time.Duration
	// Interval is the first pause between polls and the least: 0 or less
	// means DefaultInterval.
	Interval time.Duration
	// MaxInterval is the most a pause grows to, before jitter: 0 means
	// DefaultMaxInterval; less than Interval means no growth.
	MaxInterval time.Duration
	// Jitter is the most of each pause added at random, as a fraction:
	// 0 means DefaultJitter, a negative value none.
	Jitter float64
	// Retries is how many throttled, failed (5xx) or empty answers in a
	// row are retried: 0 means DefaultRetries, a negative value none.
	Retries int

	// Sleep pauses for d, or until ctx is done, when it returns ctx's
	// error. Nil means a timer. Tests inject one that moves a fake clock.
	Sleep func(ctx context.Context, d time.Duration) error
	// Rand returns a number in [0, 1) for the jitter. Nil means
	// math/rand/v2's Float64.
	Rand func() float64
}

// schedule is a Waiter's settings with the defaults applied.
type schedule struct {
	first, interval, max time.Duration
	jitter               float64
	retries              int
	sleep                func(ctx context.Context, d time.Duration) error
	rand                 func() float64
}

func (w *Waiter) schedule() schedule {
	s := schedule{
		first: w.FirstDelay, interval: w.Interval, max: w.MaxInterval,
		jitter: w.Jitter, retries: w.Retries, sleep: w.Sleep, rand: w.Rand,
	}
	switch {
	case s.first == 0:
		s.first = DefaultFirstDelay
	case s.first < 0:
		s.first = 0
	}
	if s.interval <= 0 {
		s.interval = DefaultInterval
	}
	if s.max == 0 {
		s.max = DefaultMaxInterval
	}
	if s.max < s.interval {
		s.max = s.interval
	}
	switch {
	case s.jitter == 0:
		s.jitter = DefaultJitter
	case s.jitter < 0:
		s.jitter = 0
	}
	switch {
	case s.retries == 0:
		s.retries = DefaultRetries
	case s.retries < 0:
		s.retries = 0
	}
	if s.sleep == nil {
		s.sleep = sleep
	}
	if s.rand == nil {
		s.rand = rand.Float64
	}
	return s
}

// pause returns the pause after poll n, counted from 0.
func (s *schedule) pause(n int) time.Duration {
	d := s.interval
	for i := 0; i < n && d < s.max; i++ {
		d *= 2
	}
	d = min(d, s.max)
	return d + time.Duration(s.jitter*s.rand()*float64(d))
}

// sleep pauses for d, or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Wait polls the invocation that req names by its InvokeId with a zero
// [Waiter]: the default schedule.
func Wait(ctx context.Context, c InvocationsAPI, req *ecs.DescribeInvocationsRequest) (invocation.Invocation, error) {
	var w Waiter
	return w.Wait(ctx, c, req)
}

// Wait polls the invocation that req names by its InvokeId, on w's
// schedule, until its overall current status (InvocationStatus) settles,
// and returns it as last polled. req is not modified; its other
// parameters (RegionId, IncludeOutput, ContentEncoding …) are sent as
// they are, but for the paging ones, which are left out.
//
// The status settles at Success, Failed, PartialFailed or Stopped, or at
// Scheduled when the invocation is periodic: Timed, or a RepeatMode of
// Period, NextRebootOnly or EveryReboot, which wait for a time or a
// reboot that may be far off. Success and Scheduled return a nil error;
// Failed, PartialFailed and Stopped a *[RunError] that lists each instance
// that did not succeed.
//
// The status is the invocation's InvocationStatus as the API reports it;
// when the answer has none, the roll-up of its instances' statuses
// ([invocation.Invocation.RollupCurrent]), and when that fails too, as for
// a server that reports only the legacy family, the wait ends with the
// roll-up's error. A status this package does not know, or one that only
// an instance can have, is not settled: the wait goes on, since the API
// adds busy states, until ctx is done.
//
// A time in the last answer that is not in [invocation.TimeLayout] is
// absent in the result and reported by a *[TimeError], joined to the
// *RunError if there is one (errors.As finds both). Any other error
// returns the invocation as last polled, or the zero Invocation, with the
// error: ctx's when it is done, and see [Waiter] for the errors of the
// API. A request without an InvokeId is an error, and nothing is polled.
func (w *Waiter) Wait(ctx context.Context, c InvocationsAPI, req *ecs.DescribeInvocationsRequest) (invocation.Invocation, error) {
	if req == nil || str(req.InvokeId) == "" {
		return invocation.Invocation{}, errors.New("ecssdk: Wait: the request has no InvokeId")
	}
	s := w.schedule()
	return s.wait(ctx, c, req)
}

func (s *schedule) wait(ctx context.Context, c InvocationsAPI, req *ecs.DescribeInvocationsRequest) (invocation.Invocation, error) {
	id := *req.InvokeId
	r := *req
	r.PageNumber, r.PageSize, r.MaxResults, r.NextToken = nil, nil, nil, nil
	fail := func(err error) error { return fmt.Errorf("ecssdk: Wait(%q): %w", id, err) }

	var last invocation.Invocation
	delay := s.first
	misses := 0 // retried answers in a row
	for n := 0; ; n++ {
		if err := s.sleep(ctx, delay); err != nil {
			return last, fail(err)
		}
		delay = s.pause(n)
		inv, found, timeErr, err := describe(ctx, c, &r, id)
		switch {
		case err != nil && ctx.Err() != nil:
			return last, fail(ctx.Err())
		case err != nil && (!retryable(err) || misses >= s.retries):
			return last, fail(err)
		case err != nil:
			misses++
			continue
		case !found && misses >= s.retries:
			return last, fail(ErrNotFound)
		case !found:
			misses++
			continue
		}
		misses = 0
		last = inv
		st := inv.InvocationStatus
		if st == "" {
			var err error
			if st, err = inv.RollupCurrent(); err != nil {
				return last, fail(err)
			}
		}
		switch st {
		case status.CurrentSuccess:
			return last, timeErr
		case status.CurrentScheduled:
			if periodic(&inv) {
				return last, timeErr
			}
		case status.CurrentFailed, status.CurrentPartialFailed, status.CurrentStopped:
			return last, join(runError(&inv, st), timeErr)
		}
	}
}

// describe asks for one page of DescribeInvocations with r and returns
// the invocation id from it, whether it was there, and its *TimeError.
func describe(ctx context.Context, c InvocationsAPI, r *ecs.DescribeInvocationsRequest, id string) (inv invocation.Invocation, found bool, timeErr, err error) {
	resp, err := c.DescribeInvocationsWithContext(ctx, r, runtime())
	if err != nil || resp == nil || resp.Body == nil || resp.Body.Invocations == nil {
		return inv, false, nil, err
	}
	for i, in := range resp.Body.Invocations.Invocation {
		if in != nil && str(in.InvokeId) == id {
			var ts times
			inv = invocationFrom(&ts, fmt.Sprintf("Invocations.Invocation[%d]", i), in)
			return inv, true, ts.err(), nil
		}
	}
	return inv, false, nil, nil
}

// periodic reports whether inv runs on a schedule or at reboots, so that
// Scheduled is where it rests.
func periodic(inv *invocation.Invocation) bool {
	switch inv.RepeatMode {
	case invocation.Period, invocation.NextRebootOnly, invocation.EveryReboot:
		return true
	}
	return inv.Timed
}

// join returns a and b joined, or the one that is not nil.
func join(a, b error) error {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return errors.Join(a, b)
}

// retryable reports whether err is an answer of the API worth asking
// again: a throttling code or a server error.
func retryable(err error) bool {
	code, httpStatus, ok := apiError(err)
	if !ok {
		return false
	}
	switch code {
	case "Throttling", "Throttling.User", "Throttling.Api":
		return true
	}
	return httpStatus >= 500 && httpStatus <= 599
}

// apiError returns the code and HTTP status of an error of the SDK, and
// whether err is one.
func apiError(err error) (code string, httpStatus int, ok bool) {
	var sdkErr *tea.SDKError
	if errors.As(err, &sdkErr) {
		return tea.StringValue(sdkErr.Code), tea.IntValue(sdkErr.StatusCode), true
	}
	var respErr interface {
		GetCode() *string
		GetStatusCode() *int
	}
	if errors.As(err, &respErr) {
		return tea.StringValue(respErr.GetCode()), tea.IntValue(respErr.GetStatusCode()), true
	}
	return "", 0, false
}

// A RunError reports an invocation that ended Failed, PartialFailed or
// Stopped, with each instance that did not succeed. [Waiter.Wait] and
// [Waiter.Run] return it; use errors.As to read it.
type RunError struct {
	InvokeID string
	Status   status.Current // the overall status: Failed, PartialFailed or Stopped
	Failures []Failure      // in the invocation's order of instances
}

// Failure is an instance of an invocation whose InvocationStatus is not
// Success: how its run ended and why.
type Failure struct {
	InstanceID       string
	InvocationStatus status.Current
	ErrorCode        invocation.ErrorCode
	ErrorInfo        string
	ExitCode         invocation.Optional[int64] // absent when the run did not end by itself
}

// runError returns the *RunError of inv, which ended with status st.
func runError(inv *invocation.Invocation, st status.Current) *RunError {
	e := &RunError{InvokeID: inv.InvokeID, Status: st}
	for _, ii := range inv.Instances {
		if ii.InvocationStatus != status.CurrentSuccess {
			e.Failures = append(e.Failures, Failure{
				InstanceID:       ii.InstanceID,
				InvocationStatus: ii.InvocationStatus,
				ErrorCode:        ii.ErrorCode,
				ErrorInfo:        ii.ErrorInfo,
				ExitCode:         ii.ExitCode,
			})
		}
	}
	return e
}

// Error reads like
//
//	ecssdk: invocation "t-1" ended PartialFailed: i-2 Failed (ExitCodeNonzero, exit code 1): "the process exited with 1"
func (e *RunError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "ecssdk: invocation %q ended %s", e.InvokeID, e.Status)
	for i, f := range e.Failures {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(f.String())
	}
	return b.String()
}

// String reads like
//
//	i-2 Failed (ExitCodeNonzero, exit code 1): "the process exited with 1"
//
// leaving out what the instance did not report.
func (f Failure) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", f.InstanceID, f.InvocationStatus)
	var why []string
	if f.ErrorCode != "" {
		why = append(why, string(f.ErrorCode))
	}
	if f.ExitCode.Set {
		why = append(why, fmt.Sprintf("exit code %d", f.ExitCode.Value))
	}
	if len(why) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(why, ", "))
	}
	if f.ErrorInfo != "" {
		fmt.Fprintf(&b, ": %q", f.ErrorInfo)
	}
	return b.String()
}
