package ecssdk

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"

	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// Outcome is how a run ended on one instance, with its output decoded.
type Outcome struct {
	InstanceID string
	Status     status.Current             // the instance's InvocationStatus
	ExitCode   invocation.Optional[int64] // absent when the run did not end by itself
	Output     string                     // the output, decoded: the last invocation.MaxOutput bytes
	Dropped    invocation.Optional[int32] // bytes of output before those kept
	ErrorCode  invocation.ErrorCode
	ErrorInfo  string
}

// Outcomes returns the outcome of each instance of inv, in order, with
// each Output decoded from Base64, as DescribeInvocations writes it unless
// asked for PlainText. An Output that is not Base64 is kept as written,
// and reported by an error naming each such instance.
func Outcomes(inv invocation.Invocation) ([]Outcome, error) {
	outs := make([]Outcome, len(inv.Instances))
	var errs []error
	for i, ii := range inv.Instances {
		out := Outcome{
			InstanceID: ii.InstanceID,
			Status:     ii.InvocationStatus,
			ExitCode:   ii.ExitCode,
			Output:     ii.Output,
			Dropped:    ii.Dropped,
			ErrorCode:  ii.ErrorCode,
			ErrorInfo:  ii.ErrorInfo,
		}
		if b, err := base64.StdEncoding.DecodeString(ii.Output); err != nil {
			errs = append(errs, fmt.Errorf("ecssdk: the output of instance %q is not Base64: %w", ii.InstanceID, err))
		} else {
			out.Output = string(b)
		}
		outs[i] = out
	}
	return outs, errors.Join(errs...)
}

// Run runs a command with a zero [Waiter]: the default schedule.
func Run(ctx context.Context, c RunAPI, req *ecs.RunCommandRequest) ([]Outcome, error) {
	var w Waiter
	return w.Run(ctx, c, req)
}

// Run runs the command that req describes with RunCommand, waits for the
// invocation as [Waiter.Wait] does, and returns the outcome on each
// instance, with its output, in the invocation's order of instances.
//
// req is not modified. Without a ClientToken, Run sends a random one, so
// that RunCommand is idempotent and a throttled or failed (5xx) call is
// retried, as the polls are, without running the command twice.
//
// Once the invocation has settled, one more DescribeInvocations asks for
// the output (IncludeOutput, ContentEncoding Base64), which Run decodes
// ([Outcomes]); the polls before it leave the output out, which can be
// large. A run that ended Failed, PartialFailed or Stopped returns the
// outcomes and the *[RunError] that [Waiter.Wait] returns, and a bad time
// the outcomes and the *[TimeError]. Any other error of the wait returns
// no outcomes. An error of that last call or of decoding returns the
// outcomes without, or with undecoded, output, and the error, joined to
// the wait's if there is one.
func (w *Waiter) Run(ctx context.Context, c RunAPI, req *ecs.RunCommandRequest) ([]Outcome, error) {
	if req == nil {
		return nil, errors.New("ecssdk: Run: nil request")
	}
	s := w.schedule()
	r := *req
	if r.ClientToken == nil {
		token := rand.Text()
		r.ClientToken = &token
	}
	resp, err := retry(ctx, &s, func() (*ecs.RunCommandResponse, error) {
		return c.RunCommandWithContext(ctx, &r, runtime())
	})
	if err != nil {
		return nil, fmt.Errorf("ecssdk: Run: %w", err)
	}
	var id string
	if resp != nil && resp.Body != nil {
		id = str(resp.Body.InvokeId)
	}
	if id == "" {
		return nil, errors.New("ecssdk: Run: RunCommand answered without an InvokeId")
	}

	d := &ecs.DescribeInvocationsRequest{
		RegionId:             r.RegionId,
		InvokeId:             &id,
		OwnerId:              r.OwnerId,
		OwnerAccount:         r.OwnerAccount,
		ResourceOwnerId:      r.ResourceOwnerId,
		ResourceOwnerAccount: r.ResourceOwnerAccount,
	}
	inv, waitErr := s.wait(ctx, c, d)
	var runErr *RunError
	if waitErr != nil && !errors.As(waitErr, &runErr) {
		var timeErr *TimeError
		if !errors.As(waitErr, &timeErr) {
			return nil, waitErr
		}
	}

	withOutput := *d
	yes, base64Encoding := true, "Base64"
	withOutput.IncludeOutput, withOutput.ContentEncoding = &yes, &base64Encoding
	final, err := retry(ctx, &s, func() (invocation.Invocation, error) {
		inv, found, _, err := describe(ctx, c, &withOutput, id)
		if err == nil && !found {
			err = ErrNotFound
		}
		return inv, err
	})
	if err != nil {
		outs, _ := Outcomes(inv) // polled without output
		return outs, join(waitErr, fmt.Errorf("ecssdk: Run(%q): the output: %w", id, err))
	}
	outs, err := Outcomes(final)
	return outs, join(waitErr, err)
}

// retry calls f until it succeeds, fails with an error that is not worth
// retrying (see Waiter), has been retried s.retries times, or ctx is done;
// it pauses between calls as the polls of a wait do.
func retry[T any](ctx context.Context, s *schedule, f func() (T, error)) (T, error) {
	for n := 0; ; n++ {
		v, err := f()
		switch {
		case err == nil:
			return v, nil
		case ctx.Err() != nil:
			return v, ctx.Err()
		case !(retryable(err) || errors.Is(err, ErrNotFound)) || n >= s.retries:
			return v, err
		}
		if err := s.sleep(ctx, s.pause(n)); err != nil {
			return v, err
		}
	}
}
