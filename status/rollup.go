package status

import (
	"errors"
	"math/bits"
)

// Conditions reported by [Error]. Like strconv.ErrSyntax, their texts have
// no prefix: they end the text of the [*Error] that wraps them, which
// names the package and the operation.
var (
	// ErrNoInstances: a roll-up of no instances. An invocation without
	// instances has no overall status; a roll-up never guesses one.
	ErrNoInstances = errors.New("no instances")
	// ErrUnknown: a status that is not one of the family's known values.
	ErrUnknown = errors.New("unknown status")
	// ErrNotInstance: an overall-only status (PartialFailed) given as the
	// status of an instance.
	ErrNotInstance = errors.New("not a per-instance status")
	// ErrNotOverall: a per-instance-only status (such as Timeout) given as
	// an overall status.
	ErrNotOverall = errors.New("not an overall status")
)

// Bit masks of instance statuses in a set.
const (
	lmRunning  = 1 << lRunning
	lmStopping = 1 << lStopping
	lmStopped  = 1 << lStopped
	lmFailed   = 1 << lFailed
	lmFinished = 1 << lFinished

	cmPending   = 1 << cPending
	cmScheduled = 1 << cScheduled
	cmRunning   = 1 << cRunning
	cmStopping  = 1 << cStopping
	cmSuccess   = 1 << cSuccess
	// cmFailedBucket holds the statuses the current roll-up counts as failed.
	cmFailedBucket = 1<<cInvalid | 1<<cAborted | 1<<cFailed | 1<<cError | 1<<cTimeout
	// cmStoppedBucket holds the statuses the current roll-up counts as stopped.
	cmStoppedBucket = 1<<cCancelled | 1<<cTerminated | 1<<cStopped
)

// A LegacySet is a set of legacy per-instance statuses: the statuses present
// among an invocation's instances, which is all a roll-up depends on. Add
// each instance's status, then call [LegacySet.Rollup]. The zero value is
// the empty set, ready to use. LegacySet values are comparable.
type LegacySet struct{ bits uint8 }

// Add adds the instance status v to s. An unknown v, or
// [LegacyPartialFailed], which no instance can have, is an error wrapping
// [ErrUnknown] or [ErrNotInstance], and leaves s unchanged.
func (s *LegacySet) Add(v Legacy) error {
	c, ok := legacyCode(v)
	switch {
	case !ok:
		return &Error{Op: "LegacySet.Add", Value: string(v), Err: ErrUnknown}
	case c == lPartialFailed:
		return &Error{Op: "LegacySet.Add", Value: string(v), Err: ErrNotInstance}
	}
	s.bits |= 1 << c
	return nil
}

// Len returns the number of statuses in s.
func (s LegacySet) Len() int { return bits.OnesCount8(s.bits) }

// Rollup returns the overall legacy status of an invocation whose
// instances have the statuses in s. The first row that matches wins; only
// which statuses are present matters, not their order or count.
//
// A one-time invocation (timed false):
//
//	#  result         when
//	1  Running        any instance Running
//	2  Stopping       any instance Stopping
//	3  Stopped        all instances Stopped
//	4  Failed         every instance Failed or Stopped, at least one Failed
//	5  Finished       every instance Finished or Stopped, at least one Finished
//	6  PartialFailed  at least one Failed and at least one Finished
//
// A periodic invocation (timed true) runs until every instance is stopped,
// so it is never Finished, Failed or PartialFailed; an instance reported
// Finished or Failed counts as still running:
//
//	#  result    when
//	1  Running   any instance neither Stopping nor Stopped
//	2  Stopping  any instance Stopping
//	3  Stopped   all instances Stopped
//
// The empty set, an invocation with no instances, is an error wrapping
// [ErrNoInstances].
func (s LegacySet) Rollup(timed bool) (Legacy, error) {
	if s.bits == 0 {
		return "", &Error{Op: "LegacySet.Rollup", Err: ErrNoInstances}
	}
	return legacyRollup(s.bits, timed), nil
}

// legacyRollup applies the tables of LegacySet.Rollup to a non-empty set.
func legacyRollup(set uint8, timed bool) Legacy {
	if timed {
		switch {
		case set&^(lmStopping|lmStopped) != 0:
			return LegacyRunning
		case set&lmStopping != 0:
			return LegacyStopping
		default:
			return LegacyStopped
		}
	}
	switch {
	case set&lmRunning != 0:
		return LegacyRunning
	case set&lmStopping != 0:
		return LegacyStopping
	case set == lmStopped:
		return LegacyStopped
	// Only Stopped, Failed and Finished are left, and not Stopped alone.
	case set&lmFinished == 0:
		return LegacyFailed
	case set&lmFailed == 0:
		return LegacyFinished
	default:
		return LegacyPartialFailed
	}
}

// legacyWitness holds, for each overall status, the smallest set of
// instance statuses that rolls up to it in a one-time invocation.
var legacyWitness = [numLegacy]uint8{
	lRunning:       lmRunning,
	lStopping:      lmStopping,
	lStopped:       lmStopped,
	lFailed:        lmFailed,
	lFinished:      lmFinished,
	lPartialFailed: lmFailed | lmFinished,
}

// Combine returns the overall status of an invocation made of two disjoint
// groups of instances whose overall statuses are s and t: if x and y hold
// the statuses of the two groups, and xy those of all their instances,
//
//	xy.Rollup(timed) == x.Rollup(timed).Combine(y.Rollup(timed))
//
// for every non-empty x and y, one-time or periodic. Combine is
// commutative, associative and idempotent, and [LegacyStopped] is its
// identity: Running wins over Stopping, which wins over the outcomes, and
// the outcomes join as sets (Failed with Finished is PartialFailed). An
// unknown s or t is an error wrapping [ErrUnknown].
func (s Legacy) Combine(t Legacy) (Legacy, error) {
	a, okA := legacyCode(s)
	b, okB := legacyCode(t)
	switch {
	case !okA:
		return "", &Error{Op: "Legacy.Combine", Value: string(s), Err: ErrUnknown}
	case !okB:
		return "", &Error{Op: "Legacy.Combine", Value: string(t), Err: ErrUnknown}
	}
	return legacyRollup(legacyWitness[a]|legacyWitness[b], false), nil
}

// A CurrentSet is a set of current per-instance statuses: the statuses
// present among an invocation's instances, which is all a roll-up depends
// on. Add each instance's status, then call [CurrentSet.Rollup]. The zero
// value is the empty set, ready to use. CurrentSet values are comparable.
type CurrentSet struct{ bits uint16 }

// Add adds the instance status v to s. An unknown v, or
// [CurrentPartialFailed], which no instance can have, is an error wrapping
// [ErrUnknown] or [ErrNotInstance], and leaves s unchanged.
func (s *CurrentSet) Add(v Current) error {
	c, ok := currentCode(v)
	switch {
	case !ok:
		return &Error{Op: "CurrentSet.Add", Value: string(v), Err: ErrUnknown}
	case c == cPartialFailed:
		return &Error{Op: "CurrentSet.Add", Value: string(v), Err: ErrNotInstance}
	}
	s.bits |= 1 << c
	return nil
}

// Len returns the number of statuses in s.
func (s CurrentSet) Len() int { return bits.OnesCount16(s.bits) }

// Rollup returns the overall current status of an invocation whose
// instances have the statuses in s. The instance statuses fall in buckets:
//
//	failed   Invalid, Aborted, Failed, Error, Timeout
//	stopped  Cancelled, Terminated, Stopped
//
// and the first row that matches wins; only which statuses are present
// matters, not their order or count:
//
//	#  result         when
//	1  Pending        any instance Pending
//	2  Scheduled      any instance Scheduled
//	3  Running        any instance Running
//	4  Stopping       any instance Stopping
//	5  Stopped        all instances in the stopped bucket
//	6  Failed         all in the failed or stopped bucket, at least one failed
//	7  Success        all Success or in the stopped bucket, at least one Success
//	8  PartialFailed  at least one Success and at least one in the failed bucket
//
// Rows 1 to 4 follow the order in which the vendor lists these statuses; the
// vendor leaves their precedence open.
//
// The empty set, an invocation with no instances, is an error wrapping
// [ErrNoInstances].
func (s CurrentSet) Rollup() (Current, error) {
	if s.bits == 0 {
		return "", &Error{Op: "CurrentSet.Rollup", Err: ErrNoInstances}
	}
	return currentRollup(s.bits), nil
}

// currentRollup applies the table of CurrentSet.Rollup to a non-empty set.
func currentRollup(set uint16) Current {
	switch {
	case set&cmPending != 0:
		return CurrentPending
	case set&cmScheduled != 0:
		return CurrentScheduled
	case set&cmRunning != 0:
		return CurrentRunning
	case set&cmStopping != 0:
		return CurrentStopping
	case set&^cmStoppedBucket == 0:
		return CurrentStopped
	// Only the two buckets and Success are left, and not the stopped
	// bucket alone.
	case set&cmSuccess == 0:
		return CurrentFailed
	case set&cmFailedBucket == 0:
		return CurrentSuccess
	default:
		return CurrentPartialFailed
	}
}

// currentWitness holds, for each overall status, the smallest set of
// instance statuses that rolls up to it.
var currentWitness = [cPartialFailed + 1]uint16{
	cPending:       cmPending,
	cScheduled:     cmScheduled,
	cRunning:       cmRunning,
	cStopping:      cmStopping,
	cStopped:       1 << cStopped,
	cFailed:        1 << cFailed,
	cSuccess:       cmSuccess,
	cPartialFailed: 1<<cFailed | cmSuccess,
}

// Combine returns the overall status of an invocation made of two disjoint
// groups of instances whose overall statuses are s and t: if x and y hold
// the statuses of the two groups, and xy those of all their instances,
//
//	xy.Rollup() == x.Rollup().Combine(y.Rollup())
//
// for every non-empty x and y. Combine is commutative, associative and
// idempotent, and [CurrentStopped] is its identity: Pending wins over
// Scheduled, over Running, over Stopping, over the outcomes, and the
// outcomes join as sets (Failed with Success is PartialFailed). An unknown
// s or t is an error wrapping [ErrUnknown]; one that only an instance can
// have, such as Timeout, wraps [ErrNotOverall].
func (s Current) Combine(t Current) (Current, error) {
	a, err := overallCode(s)
	if err != nil {
		return "", err
	}
	b, err := overallCode(t)
	if err != nil {
		return "", err
	}
	return currentRollup(currentWitness[a] | currentWitness[b]), nil
}

func overallCode(s Current) (int, error) {
	c, ok := currentCode(s)
	switch {
	case !ok:
		return 0, &Error{Op: "Current.Combine", Value: string(s), Err: ErrUnknown}
	case c > cPartialFailed:
		return 0, &Error{Op: "Current.Combine", Value: string(s), Err: ErrNotOverall}
	}
	return c, nil
}
