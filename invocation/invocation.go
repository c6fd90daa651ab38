package invocation

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ecsassist/cloudassistant/status"
)

// Invocation is one run of a command on one or more instances. It is plain
// data; the zero value is an invocation with no fields set.
type Invocation struct {
	InvokeID    string // InvokeId, such as "t-a8935b93739442e5"
	CommandID   string // CommandId, such as "c-e67505b2be3e477d"
	CommandName string
	CommandType CommandType

	// The overall statuses, as reported. RollupLegacy and RollupCurrent
	// give what they must be.
	InvokeStatus     status.Legacy
	InvocationStatus status.Current

	Timed        bool   // periodic: runs on Frequency until stopped
	Frequency    string // the schedule of a periodic invocation; see HasFrequency
	CreationTime time.Time

	Instances []InvokeInstance

	// The current edition's fields; a response of the 2018 edition has
	// none of them.
	RepeatMode         RepeatMode
	CommandContent     string // as the response wrote it: Base64 unless PlainText was asked for
	CommandDescription string
	Parameters         string          // a JSON object as text, such as {"name":"x"}
	Timeout            Optional[int64] // seconds
	Username           string
	WorkingDir         string
	Launcher           string
	TerminationMode    TerminationMode
	ContainerID        string // ContainerId
	ContainerName      string
	OssOutputDelivery  string
	Tags               []Tag

	// Unknown lists the members of the Invocation object that this
	// library does not know, in order (see Member).
	Unknown []Member
}

// InvokeInstance is the part of an invocation that runs on one instance.
type InvokeInstance struct {
	InstanceID           string        // InstanceId, such as "i-uf614fhehhzm"
	InstanceInvokeStatus status.Legacy // the legacy status on this instance
	InvocationStatus     status.Current

	// The current edition's fields; a response of the 2018 edition has
	// none of them. Times are UTC with second precision, zero when
	// absent.
	Timed              Optional[bool]
	Repeats            Optional[int32] // runs so far: 0 or 1 for a one-time invocation
	ExitCode           Optional[int64] // absent until the run ends
	Output             string          // as the response wrote it: Base64 unless PlainText was asked for
	Dropped            Optional[int32] // bytes of output before the last MaxOutput kept
	ErrorCode          ErrorCode
	ErrorInfo          string
	CreationTime       time.Time
	StartTime          time.Time
	FinishTime         time.Time
	StopTime           time.Time
	UpdateTime         time.Time
	OssOutputStatus    OssOutputStatus
	OssOutputURI       string // OssOutputUri
	OssOutputErrorCode string
	OssOutputErrorInfo string

	// Unknown lists the members of the InvokeInstance object that this
	// library does not know, in order (see Member).
	Unknown []Member
}

// HasFrequency reports whether inv has a schedule: a Frequency that is not
// empty or white space only.
func (inv *Invocation) HasFrequency() bool {
	return strings.TrimSpace(inv.Frequency) != ""
}

// RollupLegacy returns the overall legacy status that inv's instances roll
// up to, by [status.LegacySet.Rollup] with inv.Timed. An instance without an
// InstanceInvokeStatus takes part with its InvocationStatus mapped to
// legacy. No instances, or an instance whose status is unknown, is a
// [*RollupError].
func (inv *Invocation) RollupLegacy() (status.Legacy, error) {
	var set status.LegacySet
	for i := range inv.Instances {
		in := &inv.Instances[i]
		s := in.InstanceInvokeStatus
		if s == "" && in.InvocationStatus != "" {
			var err error
			if s, err = in.InvocationStatus.Legacy(); err != nil {
				return "", inv.rollupError("legacy", i, err)
			}
		}
		if err := set.Add(s); err != nil {
			return "", inv.rollupError("legacy", i, err)
		}
	}
	if set.Len() == 0 {
		return "", inv.rollupError("legacy", -1, status.ErrNoInstances)
	}
	return set.Rollup(inv.Timed)
}

// RollupCurrent returns the overall current status that inv's instances
// roll up to, by [status.CurrentSet.Rollup]. No instances, or an instance whose
// InvocationStatus is missing or unknown, is a [*RollupError].
func (inv *Invocation) RollupCurrent() (status.Current, error) {
	var set status.CurrentSet
	for i := range inv.Instances {
		if err := set.Add(inv.Instances[i].InvocationStatus); err != nil {
			return "", inv.rollupError("current", i, err)
		}
	}
	if set.Len() == 0 {
		return "", inv.rollupError("current", -1, status.ErrNoInstances)
	}
	return set.Rollup()
}

func (inv *Invocation) rollupError(family string, i int, err error) error {
	e := &RollupError{Family: family, InvokeID: inv.InvokeID, Index: i, Err: err}
	if i >= 0 {
		e.InstanceID = inv.Instances[i].InstanceID
	}
	return e
}

// RollupError reports why an invocation has no roll-up: it has no
// instances, or an instance's status is unknown or overall-only. Err wraps
// the status package's condition (status.ErrNoInstances, ErrUnknown or
// ErrNotInstance), for errors.Is.
type RollupError struct {
	Family     string // "legacy" or "current"
	InvokeID   string
	Index      int    // the position of the instance at fault, or -1
	InstanceID string // the InstanceId of the instance at fault
	Err        error
}

func (e *RollupError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "invocation: %s roll-up of %q: ", e.Family, e.InvokeID)
	if e.Index >= 0 {
		fmt.Fprintf(&b, "instance %d (%q): ", e.Index, e.InstanceID)
	}
	var se *status.Error
	if errors.As(e.Err, &se) && se.Err != status.ErrNoInstances {
		fmt.Fprintf(&b, "%v %q", se.Err, se.Value)
	} else {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns e.Err.
func (e *RollupError) Unwrap() error { return e.Err }

// CommandType is the kind of script a command runs. Its known values are
// the constants below; any other value is wire text kept verbatim. The
// zero value is the empty, unknown type.
type CommandType string

// The known command types.
const (
	RunBatScript        CommandType = "RunBatScript"        // a Bat script, on Windows
	RunPowerShellScript CommandType = "RunPowerShellScript" // a PowerShell script, on Windows
	RunShellScript      CommandType = "RunShellScript"      // a shell script, on Linux
)

// CommandTypes returns the known command types. Each call returns a new
// slice.
func CommandTypes() []CommandType {
	return []CommandType{RunBatScript, RunPowerShellScript, RunShellScript}
}

// ParseCommandType returns the command type that text spells, ignoring
// case and surrounding ASCII white space. Text that names no known type is
// returned verbatim, for which [CommandType.Known] reports false.
func ParseCommandType(text string) CommandType {
	t := strings.Trim(text, " \t\n\r\v\f")
	for _, c := range [...]CommandType{RunBatScript, RunPowerShellScript, RunShellScript} {
		if strings.EqualFold(t, string(c)) && isASCII(t) {
			return c
		}
	}
	return CommandType(text)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// Known reports whether c is one of the CommandType constants.
func (c CommandType) Known() bool {
	return c == RunBatScript || c == RunPowerShellScript || c == RunShellScript
}

// String returns c: the canonical spelling of a known type, or the verbatim
// wire text of an unknown one.
func (c CommandType) String() string { return string(c) }

// AppendText appends the text of c, as [CommandType.String] returns it, to
// b.
func (c CommandType) AppendText(b []byte) ([]byte, error) { return append(b, c...), nil }

// MarshalText returns the text of c, as [CommandType.String] returns it.
func (c CommandType) MarshalText() ([]byte, error) { return []byte(c), nil }

// UnmarshalText sets *c to the type that text spells, as
// [ParseCommandType] does; it never fails.
func (c *CommandType) UnmarshalText(text []byte) error {
	*c = ParseCommandType(string(text))
	return nil
}

// Response is the body of a DescribeInvocations answer: one page of
// invocations and its paging fields. Fields the response did not carry are
// zero. A page of token paging has no PageNumber or PageSize (both 0).
type Response struct {
	RequestID   string // RequestId
	TotalCount  int    // all matches, on every page
	PageNumber  int    // page-number paging: the page's number
	PageSize    int    // page-number paging: the page's size
	NextToken   string // token paging: the next page's token; empty on the last
	Invocations []Invocation

	// Unknown lists the members of the response object that this library
	// does not know, in order (see Member).
	Unknown []Member
}
