package invocation

import (
	"time"

	"github.com/ecsassist/cloudassistant/status"
)

// TimeLayout is the layout, in the sense of package time, of every time
// the API writes, in both operations and both wire formats: UTC, to the
// whole second, with the zone written as the letter Z, such as
// "2025-01-01T00:00:21Z". Text in any other form (another offset, a
// fraction of a second) is not in the layout.
//
// The Z is a literal, not a zone: format t.UTC(), never a local time. And
// [time.Parse] accepts a fraction of a second after the seconds whatever
// the layout says, so a reader that holds to this one also checks that
// the text is len(TimeLayout) bytes long.
const TimeLayout = "2006-01-02T15:04:05Z"

// Result is one execution of an invocation on one instance, as
// DescribeInvocationResults reports it in the vendor's current reference:
// the latest run on the instance, or, with IncludeHistory, any run of a
// periodic invocation. Its fields mean what the fields of the same names
// mean on an [InvokeInstance]; the API spells FinishTime FinishedTime
// here. It is plain data; the zero value is a record with no fields set.
type Result struct {
	CommandID  string // CommandId
	InvokeID   string // InvokeId
	InstanceID string // InstanceId

	InvocationStatus   status.Current
	InvokeRecordStatus status.Legacy // the legacy status of this run

	ExitCode     Optional[int64] // absent until the run ends
	Output       string          // as the answer wrote it: Base64 unless PlainText was asked for
	Dropped      Optional[int32] // bytes of output before the last MaxOutput kept
	Repeats      Optional[int32] // runs so far
	StartTime    time.Time       // UTC, zero when absent, as the other times
	FinishedTime time.Time
	StopTime     time.Time
	ErrorCode    ErrorCode
	ErrorInfo    string

	Username        string
	ContainerID     string // ContainerId
	ContainerName   string
	TerminationMode TerminationMode
	Launcher        string

	OssOutputDelivery  string
	OssOutputStatus    OssOutputStatus
	OssOutputURI       string // OssOutputUri
	OssOutputErrorCode string
	OssOutputErrorInfo string

	Tags []Tag
}
