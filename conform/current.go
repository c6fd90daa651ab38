package conform

import (
	"encoding/base64"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// currentInvocation checks the current edition's fields of an invocation.
func (c *checker) currentInvocation(inv *invocation.Invocation, at string) {
	if inv.RepeatMode == invocation.Once && inv.Timed {
		c.add(RuleRepeatMode, SeverityError, at+".RepeatMode", "RepeatMode Once on a periodic (Timed) invocation")
	}
	for _, e := range invocation.TagErrors(inv.Tags) {
		tat := fmt.Sprintf("%s.Tags.Tag[%d]", at, e.Index)
		switch e.Fault {
		case invocation.TooManyTags:
			c.add(RuleTags, SeverityError, at+".Tags", fmt.Sprintf("%d tags, more than %d", e.Count, invocation.MaxTags))
		case invocation.EmptyTagKey:
			c.add(RuleTags, SeverityError, tat+".TagKey", "empty TagKey")
		case invocation.LongTagKey:
			c.add(RuleTags, SeverityError, tat+".TagKey", fmt.Sprintf("TagKey of %d characters, more than %d", utf8.RuneCountInString(e.Tag.Key), invocation.MaxTagKeyLen))
		case invocation.LongTagValue:
			c.add(RuleTags, SeverityError, tat+".TagValue", fmt.Sprintf("TagValue of %d characters, more than %d", utf8.RuneCountInString(e.Tag.Value), invocation.MaxTagValueLen))
		case invocation.DuplicateTagKey:
			c.add(RuleTags, SeverityError, tat+".TagKey", fmt.Sprintf("TagKey %q is also Tag[%d]", e.Tag.Key, e.First))
		}
	}
}

// currentInstance checks the current edition's fields of an instance.
func (c *checker) currentInstance(inv *invocation.Invocation, in *invocation.InvokeInstance, at string) {
	exit, hasExit := in.ExitCode.Get()
	if in.InvocationStatus == status.CurrentSuccess && hasExit && exit != 0 {
		c.add(RuleExitCode, SeverityError, at+".ExitCode", fmt.Sprintf("InvocationStatus Success with ExitCode %d", exit))
	}
	if in.ErrorCode == invocation.ExitCodeNonzero && (!hasExit || exit == 0) {
		c.add(RuleExitCode, SeverityError, at+".ErrorCode", "ErrorCode ExitCodeNonzero without a non-zero ExitCode")
	}
	switch {
	case in.ErrorCode == "":
	case !in.ErrorCode.Known():
		c.add(RuleErrorCode, SeverityWarning, at+".ErrorCode", fmt.Sprintf("ErrorCode %q is not a documented code", in.ErrorCode))
	case in.InvocationStatus == status.CurrentSuccess:
		c.add(RuleErrorCode, SeverityWarning, at+".ErrorCode", fmt.Sprintf("ErrorCode %s on a Success", in.ErrorCode))
	}
	c.times(in, at)
	if d, ok := in.Dropped.Get(); ok {
		switch n := outputLen(in.Output); {
		case d < 0:
			c.add(RuleDropped, SeverityError, at+".Dropped", fmt.Sprintf("Dropped %d is negative", d))
		case d > 0 && n < invocation.MaxOutput:
			c.add(RuleDropped, SeverityError, at+".Dropped", fmt.Sprintf(
				"Dropped %d with %d bytes of Output: output is dropped only beyond the last %d bytes kept", d, n, invocation.MaxOutput))
		}
	}
	if timed, ok := in.Timed.Get(); ok && timed && (inv.RepeatMode == invocation.Once) {
		c.add(RuleRepeatMode, SeverityError, at+".Timed", "a Timed instance of an invocation with RepeatMode Once")
	}
}

// times checks that CreationTime, StartTime and FinishTime come in that
// order where present, and that only a stopping or stopped instance has a
// StopTime.
func (c *checker) times(in *invocation.InvokeInstance, at string) {
	order := []struct {
		name string
		t    time.Time
	}{{"CreationTime", in.CreationTime}, {"StartTime", in.StartTime}, {"FinishTime", in.FinishTime}}
	for i := range order {
		for j := i + 1; j < len(order); j++ {
			a, b := order[i], order[j]
			if !a.t.IsZero() && !b.t.IsZero() && b.t.Before(a.t) {
				c.add(RuleTimes, SeverityError, at+"."+b.name, fmt.Sprintf("%s %s is before %s %s",
					b.name, b.t.UTC().Format(time.RFC3339), a.name, a.t.UTC().Format(time.RFC3339)))
			}
		}
	}
	if !in.StopTime.IsZero() && !stopped(in) {
		c.add(RuleTimes, SeverityError, at+".StopTime", "a StopTime on an instance that is neither stopping nor stopped")
	}
}

// stopped reports whether either family says the instance is stopping or
// stopped.
func stopped(in *invocation.InvokeInstance) bool {
	switch in.InstanceInvokeStatus {
	case status.LegacyStopping, status.LegacyStopped:
		return true
	}
	switch in.InvocationStatus {
	case status.CurrentStopping, status.CurrentStopped, status.CurrentCancelled, status.CurrentTerminated:
		return true
	}
	return false
}

// outputLen returns the length of a run's output: of its Base64 decoding
// when Output is valid Base64 (the API's default encoding), else of the
// text itself (ContentEncoding PlainText).
func outputLen(out string) int {
	if n, err := base64.StdEncoding.DecodeString(out); err == nil {
		return len(n)
	}
	return len(out)
}
