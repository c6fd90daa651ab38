package wire

import (
	"strconv"
	"time"

	"github.com/ecsassist/cloudassistant/status"
)

// Field identifies a name of the DescribeInvocations schema.
type Field uint8

// The fields, by the object they belong to.
const (
	Unknown Field = iota

	// DescribeInvocationsResponse
	RequestID
	TotalCount
	PageNumber
	PageSize
	NextToken
	Invocations // wrapper of Invocation items

	Invocation // an item of Invocations

	// Invocation
	InvokeID
	CommandID
	CommandName
	CommandType
	InvokeStatus
	InvocationStatus // also on InvokeInstance
	Timed
	Frequency
	CreationTime
	InvokeInstances // wrapper of InvokeInstance items

	InvokeInstance // an item of InvokeInstances

	// InvokeInstance
	InstanceID
	InstanceInvokeStatus

	// Error
	HostID
	Code
	Message
)

// Name returns the wire name of f.
func (f Field) Name() string { return names[f] }

var names = [...]string{
	Unknown: "", RequestID: "RequestId", TotalCount: "TotalCount", PageNumber: "PageNumber",
	PageSize: "PageSize", NextToken: "NextToken", Invocations: "Invocations", Invocation: "Invocation",
	InvokeID: "InvokeId", CommandID: "CommandId", CommandName: "CommandName", CommandType: "CommandType",
	InvokeStatus: "InvokeStatus", InvocationStatus: "InvocationStatus", Timed: "Timed", Frequency: "Frequency",
	CreationTime: "CreationTime", InvokeInstances: "InvokeInstances", InvokeInstance: "InvokeInstance",
	InstanceID: "InstanceId", InstanceInvokeStatus: "InstanceInvokeStatus", HostID: "HostId", Code: "Code",
	Message: "Message",
}

// Object is a kind of object of the schema; its fields are the names it
// may hold.
type Object []Field

// The objects of the schema.
var (
	ResponseObject    = Object{RequestID, TotalCount, PageNumber, PageSize, NextToken, Invocations}
	InvocationsObject = Object{Invocation}
	InvocationObject  = Object{InvokeID, CommandID, CommandName, CommandType, InvokeStatus, InvocationStatus,
		Timed, Frequency, CreationTime, InvokeInstances}
	InstancesObject = Object{InvokeInstance}
	InstanceObject  = Object{InstanceID, InstanceInvokeStatus, InvocationStatus}
	ErrorObject     = Object{RequestID, HostID, Code, Message}
)

// Index returns the position of f in o, or -1.
func (o Object) Index(f Field) int {
	for i, g := range o {
		if g == f {
			return i
		}
	}
	return -1
}

// Lookup returns the field of o that name names: exactly, or, when fold is
// set, ignoring ASCII case, in which case exact reports whether the case
// matched. It returns Unknown for any other name.
func (o Object) Lookup(name string, fold bool) (f Field, exact bool) {
	for _, f := range o {
		if names[f] == name {
			return f, true
		}
	}
	if fold {
		for _, f := range o {
			if EqualFoldASCII(names[f], name) {
				return f, false
			}
		}
	}
	return Unknown, false
}

// EqualFoldASCII reports whether a and b are equal ignoring ASCII case.
func EqualFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// ParseInt parses a decimal integer: an optional minus sign and digits,
// nothing else.
func ParseInt(s string) (int, bool) {
	if s == "" || s == "-" || s[0] == '+' {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// TimeLayout is the layout of CreationTime: UTC, second precision.
const TimeLayout = "2006-01-02T15:04:05Z"

// ParseTime parses text in TimeLayout. It reads the fixed layout itself,
// which is several times faster than time.Parse, and checks the date as
// time.Parse does.
func ParseTime(s string) (time.Time, bool) {
	if len(s) != len(TimeLayout) || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z' {
		return time.Time{}, false
	}
	num := func(i, n int) int {
		v := 0
		for _, c := range []byte(s[i : i+n]) {
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	year, month, day := num(0, 4), num(5, 2), num(8, 2)
	hour, minute, sec := num(11, 2), num(14, 2), num(17, 2)
	if year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || sec < 0 || sec > 59 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.UTC)
	if t.Day() != day { // February 30 and the like
		return time.Time{}, false
	}
	return t, true
}

// ParseTimeLenient parses text as RFC 3339 with any offset and fraction,
// returning it in UTC truncated to the second.
func ParseTimeLenient(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC().Truncate(time.Second), true
}

// AppendTime appends t in TimeLayout, in UTC.
func AppendTime(b []byte, t time.Time) []byte {
	return t.UTC().AppendFormat(b, TimeLayout)
}

// CanonicalLegacy returns the canonical spelling of s: the constant of a
// known value whatever its spelling, and s itself otherwise.
func CanonicalLegacy(s status.Legacy) status.Legacy {
	if s.Known() {
		return s
	}
	return status.ParseLegacy(string(s))
}

// CanonicalCurrent is CanonicalLegacy for the current family.
func CanonicalCurrent(s status.Current) status.Current {
	if s.Known() {
		return s
	}
	return status.ParseCurrent(string(s))
}
