package invocation

import "strings"

// Optional is a value that a response may leave out. Set reports whether
// the response carried it, so that an absent ExitCode (a run that has not
// ended) is told apart from an exit code of 0 (a result). The zero value
// is absent.
type Optional[T any] struct {
	Value T
	Set   bool
}

// Some returns a present value v.
func Some[T any](v T) Optional[T] { return Optional[T]{Value: v, Set: true} }

// Get returns the value and whether it is present.
func (o Optional[T]) Get() (T, bool) { return o.Value, o.Set }

// Tag is a tag of an invocation: a key and a value.
type Tag struct {
	Key   string // TagKey
	Value string // TagValue
}

// Member is a member of a response object that this library does not
// know, such as a field of a newer edition of the API. Decoders keep
// them, in order, and the encoder of the same format writes them back, so
// that nothing is lost.
//
// A scalar member is carried across formats: Text is the text of a string
// (Kind String), or the literal of a JSON number or boolean (Number,
// Bool); XML, which has no types, gives every scalar as a String. A
// structured member (Kind Raw) is an XML element with children or a JSON
// object or array, kept verbatim in the format it came in (Format "xml" or
// "json"); it is written back only by that format's encoder.
type Member struct {
	Name   string
	Kind   MemberKind
	Text   string
	Format string // for Raw: "xml" or "json"
}

// MemberKind is the kind of value of a [Member].
type MemberKind uint8

// The kinds of unknown members.
const (
	String MemberKind = iota // a string, or any XML text
	Number                   // a JSON number, as written
	Bool                     // a JSON boolean, as written
	Null                     // a JSON null
	Raw                      // a structured value, verbatim in Format
)

// RepeatMode is how an invocation runs: once, periodically, or at reboots.
// Unknown values are kept verbatim; the zero value is the empty, unknown
// mode.
type RepeatMode string

// The known repeat modes.
const (
	Once           RepeatMode = "Once"           // runs once, now
	Period         RepeatMode = "Period"         // runs on Frequency until stopped
	NextRebootOnly RepeatMode = "NextRebootOnly" // runs once, at the instance's next start
	EveryReboot    RepeatMode = "EveryReboot"    // runs at every start of the instance
	DryRun         RepeatMode = "DryRun"         // checks the request and runs nothing
)

// ParseRepeatMode returns the mode that text spells, ignoring case and
// surrounding ASCII white space; other text is returned verbatim, for
// which Known reports false.
func ParseRepeatMode(text string) RepeatMode {
	return parseEnum(text, repeatModes[:])
}

// Known reports whether m is one of the RepeatMode constants.
func (m RepeatMode) Known() bool {
	return m == Once || m == Period || m == NextRebootOnly || m == EveryReboot || m == DryRun
}

// String returns m as it is.
func (m RepeatMode) String() string { return string(m) }

// TerminationMode is how a run is stopped: its process alone, or its
// process tree. Unknown values are kept verbatim; the zero value is the
// empty, unknown mode.
type TerminationMode string

// The known termination modes.
const (
	Process     TerminationMode = "Process"     // stop the script's process
	ProcessTree TerminationMode = "ProcessTree" // stop the script's process and its children
)

// ParseTerminationMode returns the mode that text spells, as
// ParseRepeatMode does.
func ParseTerminationMode(text string) TerminationMode {
	return parseEnum(text, terminationModes[:])
}

// Known reports whether m is one of the TerminationMode constants.
func (m TerminationMode) Known() bool { return m == Process || m == ProcessTree }

// String returns m as it is.
func (m TerminationMode) String() string { return string(m) }

// OssOutputStatus is the state of delivering a run's output to OSS.
// Unknown values are kept verbatim.
type OssOutputStatus string

// The known OSS delivery states.
const (
	OssInProgress OssOutputStatus = "InProgress"
	OssFinished   OssOutputStatus = "Finished"
	OssFailed     OssOutputStatus = "Failed"
)

// ParseOssOutputStatus returns the state that text spells, as
// ParseRepeatMode does.
func ParseOssOutputStatus(text string) OssOutputStatus {
	return parseEnum(text, ossOutputStatuses[:])
}

// Known reports whether s is one of the OssOutputStatus constants.
func (s OssOutputStatus) Known() bool {
	return s == OssInProgress || s == OssFinished || s == OssFailed
}

// String returns s as it is.
func (s OssOutputStatus) String() string { return string(s) }

// ErrorCode is why a run on an instance failed, as the API names it in
// ErrorCode. The set is open: codes are kept verbatim, exactly as
// written, and Known reports the documented ones.
type ErrorCode string

// The documented error codes of a run.
const (
	InstanceNotExists       ErrorCode = "InstanceNotExists"
	InstanceReleased        ErrorCode = "InstanceReleased"
	InstanceNotRunning      ErrorCode = "InstanceNotRunning"
	CommandNotApplicable    ErrorCode = "CommandNotApplicable"
	AccountNotExists        ErrorCode = "AccountNotExists"
	DirectoryNotExists      ErrorCode = "DirectoryNotExists"
	BadCronExpression       ErrorCode = "BadCronExpression"
	ClientNotRunning        ErrorCode = "ClientNotRunning"
	ClientNotResponse       ErrorCode = "ClientNotResponse"
	ClientIsUpgrading       ErrorCode = "ClientIsUpgrading"
	ClientNeedUpgrade       ErrorCode = "ClientNeedUpgrade"
	DeliveryTimeout         ErrorCode = "DeliveryTimeout"
	ExecutionTimeout        ErrorCode = "ExecutionTimeout"
	ExecutionException      ErrorCode = "ExecutionException"
	ExecutionInterrupted    ErrorCode = "ExecutionInterrupted"
	ExitCodeNonzero         ErrorCode = "ExitCodeNonzero"
	SecurityGroupRuleDenied ErrorCode = "SecurityGroupRuleDenied"
	TaskConcurrencyLimit    ErrorCode = "TaskConcurrencyLimit"
)

// ErrorCodes returns the documented error codes. Each call returns a new
// slice.
func ErrorCodes() []ErrorCode {
	return []ErrorCode{InstanceNotExists, InstanceReleased, InstanceNotRunning, CommandNotApplicable,
		AccountNotExists, DirectoryNotExists, BadCronExpression, ClientNotRunning, ClientNotResponse,
		ClientIsUpgrading, ClientNeedUpgrade, DeliveryTimeout, ExecutionTimeout, ExecutionException,
		ExecutionInterrupted, ExitCodeNonzero, SecurityGroupRuleDenied, TaskConcurrencyLimit}
}

// Known reports whether c is one of the documented codes, spelled exactly.
func (c ErrorCode) Known() bool {
	for _, k := range ErrorCodes() {
		if c == k {
			return true
		}
	}
	return false
}

// String returns c as it is.
func (c ErrorCode) String() string { return string(c) }

// The known values the parse functions look for, in arrays rather than
// variadic arguments, which a caller in another package would allocate.
var (
	repeatModes       = [...]RepeatMode{Once, Period, NextRebootOnly, EveryReboot, DryRun}
	terminationModes  = [...]TerminationMode{Process, ProcessTree}
	ossOutputStatuses = [...]OssOutputStatus{OssInProgress, OssFinished, OssFailed}
)

// Canonical returns the value of known that text spells, ignoring ASCII
// case and surrounding ASCII white space, and whether there is one: the
// one rule by which this module reads the values of an enumeration
// (repeat modes, termination modes, a fleet's OS, status and agent).
// Non-ASCII text spells none, so that no Unicode case folding (such as
// the Kelvin sign for K) makes a value of text the API would refuse.
func Canonical[T ~string](text string, known []T) (T, bool) {
	t := strings.Trim(text, " \t\n\r\v\f")
	if isASCII(t) {
		for _, k := range known {
			if strings.EqualFold(t, string(k)) {
				return k, true
			}
		}
	}
	return "", false
}

// parseEnum returns the value of known that text spells, as Canonical
// reads it, or text verbatim.
func parseEnum[T ~string](text string, known []T) T {
	if k, ok := Canonical(text, known); ok {
		return k
	}
	return T(text)
}

// MaxOutput is how many bytes of a run's output the API keeps: the last
// 24 KiB. Dropped counts the bytes before them.
const MaxOutput = 24 << 10
