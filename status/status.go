// Package status provides the two status vocabularies of Cloud Assistant
// command invocations and the roll-up that derives an invocation's overall
// status from the statuses of its instances.
//
// # Families
//
// The API reports statuses in two families that must not be mixed:
//
//   - [Legacy], the InvokeStatus and InstanceInvokeStatus fields: Running,
//     Stopping, Stopped, Failed, Finished and, overall only, PartialFailed.
//     Finished means the process ran to completion, not that it succeeded.
//   - [Current], the InvocationStatus field of invocations and instances:
//     Pending, Scheduled, Running, Stopping, Stopped, Failed, Success and,
//     overall only, PartialFailed; per instance also Invalid, Aborted, Error,
//     Timeout, Cancelled and Terminated.
//
// Both families share names such as Running and Failed, so the constants
// carry the family in their names: [LegacyRunning], [CurrentRunning].
//
// # Parsing and unknown values
//
// [ParseLegacy] and [ParseCurrent] trim surrounding ASCII white space and
// ignore the case of ASCII letters, returning the canonical constant for
// any spelling of a known value without allocating; UnmarshalText does the
// same for wire bytes. In the legacy family, Success (in any case) is an
// alias of [LegacyFinished], which [LegacyAlias] detects. Text that names
// no known value is kept verbatim, untrimmed, and [Legacy.Known] reports
// false for it: the API keeps adding values, so an unknown value is not a
// parse error, and nothing is ever mapped to a value it does not name.
//
// A value made by a conversion such as Legacy("running") is not parsed: only
// the canonical spellings are known, so convert wire text with the Parse
// functions or UnmarshalText.
//
// The zero value of each type is the empty status: absent, and unknown.
//
// # Roll-up
//
// An invocation's overall status derives from the statuses of its
// instances by one ordered table per family, documented on
// [LegacySet.Rollup] and [CurrentSet.Rollup]. The result depends only on
// which statuses are present, so a set of them is the roll-up's one entry
// point: add each instance's status to a [LegacySet] or [CurrentSet] with
// Add, then call Rollup. Callers keep instances in their own shapes (the
// invocation model's structs, a decoder's stream), so a set takes statuses
// one at a time rather than asking for a slice to be built; it allocates
// nothing, and Add refuses a status that cannot take part (an unknown one,
// or PartialFailed) while the caller still knows which instance it came
// from. No instances is an error, never a guess.
//
// Overall statuses of disjoint shards of a fleet merge with
// [Legacy.Combine] and [Current.Combine] without the instance lists:
//
//	Rollup(x ∪ y) == Combine(Rollup(x), Rollup(y))
//
// Each Combine is commutative, associative and idempotent, with Stopped as
// its identity.
//
// [Current.Legacy] maps an instance status of the current family to the
// legacy one.
//
// # Errors
//
// Errors are [*Error] values naming the operation and the offending
// status, such as
//
//	status: LegacySet.Add: unknown status "Exploded"
//
// and wrap one of the conditions [ErrUnknown], [ErrNotInstance],
// [ErrNotOverall] and [ErrNoInstances], for errors.Is.
package status

import (
	"fmt"
	"strings"
)

// Legacy is a status of the legacy family, as found in the InvokeStatus and
// InstanceInvokeStatus fields. Its known values are the Legacy constants;
// any other value is wire text kept verbatim. The zero value is the empty,
// unknown status.
type Legacy string

// The known values of the legacy family.
const (
	LegacyRunning       Legacy = "Running"
	LegacyStopping      Legacy = "Stopping"
	LegacyStopped       Legacy = "Stopped"
	LegacyFailed        Legacy = "Failed"
	LegacyFinished      Legacy = "Finished"
	LegacyPartialFailed Legacy = "PartialFailed" // overall only
)

// Current is a status of the current family, as found in the
// InvocationStatus field of invocations and instances. Its known values are
// the Current constants; any other value is wire text kept verbatim. The
// zero value is the empty, unknown status.
type Current string

// The known values of the current family.
const (
	CurrentPending       Current = "Pending"
	CurrentScheduled     Current = "Scheduled"
	CurrentRunning       Current = "Running"
	CurrentStopping      Current = "Stopping"
	CurrentStopped       Current = "Stopped"
	CurrentFailed        Current = "Failed"
	CurrentSuccess       Current = "Success"
	CurrentPartialFailed Current = "PartialFailed" // overall only
	CurrentInvalid       Current = "Invalid"       // per instance only
	CurrentAborted       Current = "Aborted"       // per instance only
	CurrentError         Current = "Error"         // per instance only
	CurrentTimeout       Current = "Timeout"       // per instance only
	CurrentCancelled     Current = "Cancelled"     // per instance only
	CurrentTerminated    Current = "Terminated"    // per instance only
)

// Codes: the index of each known value in its family's table. The roll-up
// sets keep one bit per code.
const (
	lRunning = iota
	lStopping
	lStopped
	lFailed
	lFinished
	lPartialFailed
	numLegacy
)

const (
	cPending = iota
	cScheduled
	cRunning
	cStopping
	cStopped
	cFailed
	cSuccess
	cPartialFailed
	cInvalid
	cAborted
	cError
	cTimeout
	cCancelled
	cTerminated
	numCurrent
)

var legacyNames = [numLegacy]Legacy{
	lRunning:       LegacyRunning,
	lStopping:      LegacyStopping,
	lStopped:       LegacyStopped,
	lFailed:        LegacyFailed,
	lFinished:      LegacyFinished,
	lPartialFailed: LegacyPartialFailed,
}

var currentNames = [numCurrent]Current{
	cPending:       CurrentPending,
	cScheduled:     CurrentScheduled,
	cRunning:       CurrentRunning,
	cStopping:      CurrentStopping,
	cStopped:       CurrentStopped,
	cFailed:        CurrentFailed,
	cSuccess:       CurrentSuccess,
	cPartialFailed: CurrentPartialFailed,
	cInvalid:       CurrentInvalid,
	cAborted:       CurrentAborted,
	cError:         CurrentError,
	cTimeout:       CurrentTimeout,
	cCancelled:     CurrentCancelled,
	cTerminated:    CurrentTerminated,
}

// LegacyValues returns the known values of the legacy family in roll-up
// precedence order. Each call returns a new slice.
func LegacyValues() []Legacy {
	v := legacyNames
	return v[:]
}

// CurrentValues returns the known values of the current family: the
// overall values in roll-up precedence order, then the values that occur
// only per instance. Each call returns a new slice.
func CurrentValues() []Current {
	v := currentNames
	return v[:]
}

// Known reports whether s is one of the Legacy constants.
func (s Legacy) Known() bool {
	_, ok := legacyCode(s)
	return ok
}

// PerInstance reports whether s is a known value that an instance can have:
// any known value but [LegacyPartialFailed].
func (s Legacy) PerInstance() bool {
	c, ok := legacyCode(s)
	return ok && c != lPartialFailed
}

// String returns s: the canonical spelling of a known value, or the
// verbatim wire text of an unknown one.
func (s Legacy) String() string { return string(s) }

// AppendText appends the text of s, as [Legacy.String] returns it, to b.
func (s Legacy) AppendText(b []byte) ([]byte, error) { return append(b, s...), nil }

// MarshalText returns the text of s, as [Legacy.String] returns it. The
// empty status marshals to empty text.
func (s Legacy) MarshalText() ([]byte, error) { return []byte(s), nil }

// UnmarshalText sets *s to the status that text spells, as [ParseLegacy]
// does: it never fails, and keeps unknown text verbatim. Empty text gives
// the empty status.
func (s *Legacy) UnmarshalText(text []byte) error {
	if v, ok := lookupLegacy(text); ok {
		*s = v
	} else {
		*s = Legacy(text)
	}
	return nil
}

// ParseLegacy returns the legacy status that text spells. It trims
// surrounding ASCII white space, ignores case and treats Success as an
// alias of [LegacyFinished]; for any spelling of a known value it returns
// the canonical constant without allocating. Text that names no known
// value is returned verbatim, for which [Legacy.Known] reports false.
func ParseLegacy(text string) Legacy {
	if v, ok := lookupLegacy(text); ok {
		return v
	}
	return Legacy(text)
}

// LegacyAlias reports whether text spells a legacy value by an alias
// rather than by its name: Success (in any case, with surrounding white
// space) for Finished. ParseLegacy takes the alias silently; a conformance
// check reports it.
func LegacyAlias(text string) bool {
	t := trimSpace(text)
	// Equal lengths keep EqualFold's Unicode folding out: a non-ASCII
	// letter takes more than one byte.
	return len(t) == len("Success") && strings.EqualFold(t, "Success")
}

// Known reports whether s is one of the Current constants.
func (s Current) Known() bool {
	_, ok := currentCode(s)
	return ok
}

// PerInstance reports whether s is a known value that an instance can have:
// any known value but [CurrentPartialFailed].
func (s Current) PerInstance() bool {
	c, ok := currentCode(s)
	return ok && c != cPartialFailed
}

// Overall reports whether s is a known value that an invocation as a whole
// can have: Pending, Scheduled, Running, Stopping, Stopped, Failed, Success
// or PartialFailed.
func (s Current) Overall() bool {
	c, ok := currentCode(s)
	return ok && c <= cPartialFailed
}

// String returns s: the canonical spelling of a known value, or the
// verbatim wire text of an unknown one.
func (s Current) String() string { return string(s) }

// AppendText appends the text of s, as [Current.String] returns it, to b.
func (s Current) AppendText(b []byte) ([]byte, error) { return append(b, s...), nil }

// MarshalText returns the text of s, as [Current.String] returns it. The
// empty status marshals to empty text.
func (s Current) MarshalText() ([]byte, error) { return []byte(s), nil }

// UnmarshalText sets *s to the status that text spells, as [ParseCurrent]
// does: it never fails, and keeps unknown text verbatim. Empty text gives
// the empty status.
func (s *Current) UnmarshalText(text []byte) error {
	if v, ok := lookupCurrent(text); ok {
		*s = v
	} else {
		*s = Current(text)
	}
	return nil
}

// ParseCurrent returns the current status that text spells. It trims
// surrounding ASCII white space and ignores case; for any spelling of a
// known value it returns the canonical constant without allocating. Text
// that names no known value is returned verbatim, for which
// [Current.Known] reports false.
func ParseCurrent(text string) Current {
	if v, ok := lookupCurrent(text); ok {
		return v
	}
	return Current(text)
}

// Legacy returns the legacy status that the current per-instance status s
// maps to:
//
//	Pending, Scheduled, Running           → Running
//	Stopping                              → Stopping
//	Success, Failed                       → Finished
//	Invalid, Aborted, Error, Timeout      → Failed
//	Cancelled, Terminated, Stopped        → Stopped
//
// Success and Failed both map to Finished because a legacy Finished only
// says that the process ran to completion. An unknown s, or
// [CurrentPartialFailed], which no instance can have, is an error wrapping
// [ErrUnknown] or [ErrNotInstance].
func (s Current) Legacy() (Legacy, error) {
	c, ok := currentCode(s)
	if !ok {
		return s2lUnknown(s, ErrUnknown)
	}
	switch c {
	case cPending, cScheduled, cRunning:
		return LegacyRunning, nil
	case cStopping:
		return LegacyStopping, nil
	case cSuccess, cFailed:
		return LegacyFinished, nil
	case cInvalid, cAborted, cError, cTimeout:
		return LegacyFailed, nil
	case cCancelled, cTerminated, cStopped:
		return LegacyStopped, nil
	}
	return s2lUnknown(s, ErrNotInstance)
}

func s2lUnknown(s Current, err error) (Legacy, error) {
	return "", &Error{Op: "Current.Legacy", Value: string(s), Err: err}
}

// Error describes a status that an operation cannot use, or a roll-up of no
// instances. Err is one of [ErrUnknown], [ErrNotInstance], [ErrNotOverall]
// or [ErrNoInstances], for use with errors.Is.
type Error struct {
	Op    string // the function or method, such as "LegacySet.Add"
	Value string // the offending status text, verbatim; empty for ErrNoInstances
	Err   error  // the condition
}

func (e *Error) Error() string {
	if e.Err == ErrNoInstances {
		return "status: " + e.Op + ": " + e.Err.Error()
	}
	return fmt.Sprintf("status: %s: %v %q", e.Op, e.Err, e.Value)
}

// Unwrap returns e.Err.
func (e *Error) Unwrap() error { return e.Err }
