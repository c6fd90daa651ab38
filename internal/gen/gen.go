// Package gen holds rapid generators of the module's model, for tests.
package gen

import (
	"fmt"
	"time"

	"github.com/ecsassist/cloudassistant/apierror"

	"pgregory.net/rapid"

	"github.com/ecsassist/cloudassistant/internal/wire"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// xmlChar reports whether XML 1.0 allows r.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// Text generates strings that both codecs carry unchanged: valid UTF-8 of
// characters XML 1.0 allows, with markup characters, white space and
// carriage returns well represented.
func Text() *rapid.Generator[string] {
	special := rapid.SampledFrom([]rune{'<', '>', '&', '"', '\'', '\\', '/', ' ', '\t', '\n', '\r', 'é', '中', '😀', '\uFFFD'})
	char := rapid.OneOf(rapid.RuneFrom([]rune("abcxyzABCXYZ0189-_.:*")), special, rapid.Rune().Filter(xmlChar))
	return rapid.Custom(func(t *rapid.T) string {
		return string(rapid.SliceOfN(char, 0, 12).Draw(t, "runes"))
	})
}

// Legacy generates legacy statuses as decoding yields them: a known value,
// the empty status, or unknown text kept verbatim.
func Legacy() *rapid.Generator[status.Legacy] {
	return rapid.OneOf(
		rapid.SampledFrom(status.LegacyValues()),
		rapid.Map(Text(), status.ParseLegacy),
	)
}

// Current generates current statuses as decoding yields them.
func Current() *rapid.Generator[status.Current] {
	return rapid.OneOf(
		rapid.SampledFrom(status.CurrentValues()),
		rapid.Map(Text(), status.ParseCurrent),
	)
}

// CommandType generates command types as decoding yields them.
func CommandType() *rapid.Generator[invocation.CommandType] {
	return rapid.OneOf(
		rapid.SampledFrom(invocation.CommandTypes()),
		rapid.Map(Text(), invocation.ParseCommandType),
	)
}

// Time generates zero or UTC times of second precision.
func Time() *rapid.Generator[time.Time] {
	return rapid.Custom(func(t *rapid.T) time.Time {
		if rapid.Bool().Draw(t, "zero") {
			return time.Time{}
		}
		return time.Unix(rapid.Int64Range(0, 4102444800).Draw(t, "unix"), 0).UTC()
	})
}

// Optional generates an absent value, or a present one of g.
func Optional[T any](g *rapid.Generator[T]) *rapid.Generator[invocation.Optional[T]] {
	return rapid.Custom(func(t *rapid.T) invocation.Optional[T] {
		if rapid.Bool().Draw(t, "absent") {
			return invocation.Optional[T]{}
		}
		return invocation.Some(g.Draw(t, "value"))
	})
}

// Enum generates values of a string type as decoding yields them: a
// known value, or any text through its parse function (empty, in other
// case, or unknown and kept verbatim).
func Enum[S ~string](known []S, parse func(string) S) *rapid.Generator[S] {
	return rapid.OneOf(rapid.SampledFrom(known), rapid.Map(Text(), parse))
}

// Instance generates an InvokeInstance with every field, each absent or
// present, and unknown members as a decoding of format keeps them
// (Members).
func Instance(format string) *rapid.Generator[invocation.InvokeInstance] {
	return rapid.Custom(func(t *rapid.T) invocation.InvokeInstance {
		return invocation.InvokeInstance{
			InstanceID:           Text().Draw(t, "InstanceID"),
			InstanceInvokeStatus: Legacy().Draw(t, "InstanceInvokeStatus"),
			InvocationStatus:     Current().Draw(t, "InvocationStatus"),
			Timed:                Optional(rapid.Bool()).Draw(t, "Timed"),
			Repeats:              Optional(rapid.Int32()).Draw(t, "Repeats"),
			ExitCode:             Optional(rapid.Int64()).Draw(t, "ExitCode"),
			Output:               Text().Draw(t, "Output"),
			Dropped:              Optional(rapid.Int32()).Draw(t, "Dropped"),
			ErrorCode:            Enum(invocation.ErrorCodes(), func(s string) invocation.ErrorCode { return invocation.ErrorCode(s) }).Draw(t, "ErrorCode"),
			ErrorInfo:            Text().Draw(t, "ErrorInfo"),
			CreationTime:         Time().Draw(t, "CreationTime"),
			StartTime:            Time().Draw(t, "StartTime"),
			FinishTime:           Time().Draw(t, "FinishTime"),
			StopTime:             Time().Draw(t, "StopTime"),
			UpdateTime:           Time().Draw(t, "UpdateTime"),
			OssOutputStatus: Enum([]invocation.OssOutputStatus{invocation.OssInProgress, invocation.OssFinished, invocation.OssFailed},
				invocation.ParseOssOutputStatus).Draw(t, "OssOutputStatus"),
			OssOutputURI:       Text().Draw(t, "OssOutputURI"),
			OssOutputErrorCode: Text().Draw(t, "OssOutputErrorCode"),
			OssOutputErrorInfo: Text().Draw(t, "OssOutputErrorInfo"),
			Unknown:            Members(format, wire.Instance).Draw(t, "Unknown"),
		}
	})
}

// Tags generates the tags of an invocation: none (nil), or up to four.
func Tags() *rapid.Generator[[]invocation.Tag] {
	tag := rapid.Custom(func(t *rapid.T) invocation.Tag {
		return invocation.Tag{Key: Text().Draw(t, "Key"), Value: Text().Draw(t, "Value")}
	})
	return rapid.Custom(func(t *rapid.T) []invocation.Tag {
		if n := rapid.IntRange(0, 4).Draw(t, "tags"); n > 0 {
			return rapid.SliceOfN(tag, n, n).Draw(t, "Tags")
		}
		return nil
	})
}

// Invocation generates an Invocation with every field, each absent or
// present, up to five instances (nil for none, as decoding yields), and
// unknown members as a decoding of format keeps them (Members).
func Invocation(format string) *rapid.Generator[invocation.Invocation] {
	return rapid.Custom(func(t *rapid.T) invocation.Invocation {
		inv := invocation.Invocation{
			InvokeID:           Text().Draw(t, "InvokeID"),
			CommandID:          Text().Draw(t, "CommandID"),
			CommandName:        Text().Draw(t, "CommandName"),
			CommandType:        CommandType().Draw(t, "CommandType"),
			InvokeStatus:       Legacy().Draw(t, "InvokeStatus"),
			InvocationStatus:   Current().Draw(t, "InvocationStatus"),
			Timed:              rapid.Bool().Draw(t, "Timed"),
			Frequency:          Text().Draw(t, "Frequency"),
			CreationTime:       Time().Draw(t, "CreationTime"),
			RepeatMode:         Enum(repeatModes, invocation.ParseRepeatMode).Draw(t, "RepeatMode"),
			CommandContent:     Text().Draw(t, "CommandContent"),
			CommandDescription: Text().Draw(t, "CommandDescription"),
			Parameters:         rapid.OneOf(Text(), rapid.Just(`{"name":"x","n":1}`)).Draw(t, "Parameters"),
			Timeout:            Optional(rapid.Int64()).Draw(t, "Timeout"),
			Username:           Text().Draw(t, "Username"),
			WorkingDir:         Text().Draw(t, "WorkingDir"),
			Launcher:           Text().Draw(t, "Launcher"),
			TerminationMode:    Enum([]invocation.TerminationMode{invocation.Process, invocation.ProcessTree}, invocation.ParseTerminationMode).Draw(t, "TerminationMode"),
			ContainerID:        Text().Draw(t, "ContainerID"),
			ContainerName:      Text().Draw(t, "ContainerName"),
			OssOutputDelivery:  Text().Draw(t, "OssOutputDelivery"),
			Tags:               Tags().Draw(t, "Tags"),
			Unknown:            Members(format, wire.Invocation).Draw(t, "Unknown"),
		}
		if n := rapid.IntRange(0, 5).Draw(t, "instances"); n > 0 {
			inv.Instances = rapid.SliceOfN(Instance(format), n, n).Draw(t, "Instances")
		}
		return inv
	})
}

var repeatModes = []invocation.RepeatMode{invocation.Once, invocation.Period, invocation.NextRebootOnly, invocation.EveryReboot, invocation.DryRun}

// Response generates a Response with every field, each absent or
// present, up to five invocations, and unknown members as a decoding of
// format keeps them (Members).
func Response(format string) *rapid.Generator[invocation.Response] {
	return rapid.Custom(func(t *rapid.T) invocation.Response {
		r := invocation.Response{
			RequestID:  Text().Draw(t, "RequestID"),
			TotalCount: rapid.Int().Draw(t, "TotalCount"),
			PageNumber: rapid.Int().Draw(t, "PageNumber"),
			PageSize:   rapid.Int().Draw(t, "PageSize"),
			NextToken:  Text().Draw(t, "NextToken"),
			Unknown:    Members(format, wire.Response).Draw(t, "Unknown"),
		}
		if n := rapid.IntRange(0, 5).Draw(t, "invocations"); n > 0 {
			r.Invocations = rapid.SliceOfN(Invocation(format), n, n).Draw(t, "Invocations")
		}
		return r
	})
}

// The formats of Members: what a decoding of JSON, or of XML, keeps; or
// Both, members of every kind of either, named as both write them.
const (
	JSON = wire.JSON
	XML  = wire.XML
	Both = ""
)

// Members generates the unknown members of an object of o, none (nil) or
// up to four, as a decoding of format keeps them:
//
//   - JSON: strings, numbers, booleans and nulls, and objects and arrays
//     verbatim (Raw, "json"), named by any text that is not a field of o;
//   - XML: strings, and elements with children or attributes verbatim
//     (Raw, "xml"), named by ASCII XML names that are not fields of o;
//   - Both: every kind of both, named by such XML names.
func Members(format string, o *wire.Object) *rapid.Generator[[]invocation.Member] {
	name := rapid.SampledFrom([]string{"Future", "NextEdition", "x", "_a.b-1", "Tag", "Invocation", "ZZ9"})
	if format == JSON {
		name = rapid.OneOf(name, Text())
	}
	name = name.Filter(func(s string) bool { return !o.Known(s) })
	member := rapid.Custom(func(t *rapid.T) invocation.Member {
		n := name.Draw(t, "Name")
		kinds := []invocation.MemberKind{invocation.String, invocation.Raw}
		if format != XML {
			kinds = append(kinds, invocation.Number, invocation.Bool, invocation.Null)
		}
		m := invocation.Member{Name: n, Kind: rapid.SampledFrom(kinds).Draw(t, "Kind")}
		switch m.Kind {
		case invocation.String:
			m.Text = Text().Draw(t, "Text")
		case invocation.Number:
			m.Text = rapid.SampledFrom([]string{"0", "-1", "12.5", "1e3", "-0.25E-7", "123456789012345678901234567890"}).Draw(t, "Text")
		case invocation.Bool:
			m.Text = rapid.SampledFrom([]string{"true", "false"}).Draw(t, "Text")
		case invocation.Raw:
			m.Format = format
			if format == Both {
				m.Format = rapid.SampledFrom([]string{JSON, XML}).Draw(t, "Format")
			}
			if m.Format == JSON {
				m.Text = rapid.SampledFrom([]string{`{}`, `[]`, `{"a":[1,2.5e3,true,null,"x\"y"],"b":{}}`, `[{"k":"v"},-0]`}).Draw(t, "Text")
				break
			}
			m.Name = rapid.SampledFrom([]string{"Future", "NextEdition", "ZZ9"}).Draw(t, "Name")
			m.Text = fmt.Sprintf(rapid.SampledFrom([]string{
				"<%s><a>1</a><b/></%[1]s>", `<%s x="1">text</%[1]s>`, "<%s><!-- c --><a><![CDATA[<&>]]></a>&amp;</%[1]s>", "<%s a='&lt;'/>",
			}).Draw(t, "Text"), m.Name)
		}
		return m
	})
	return rapid.Custom(func(t *rapid.T) []invocation.Member {
		if n := rapid.IntRange(0, 4).Draw(t, "members"); n > 0 {
			return rapid.SliceOfN(member, n, n).Draw(t, "Members")
		}
		return nil
	})
}

// APIError generates an API error as a body carries it: without an HTTP
// status.
func APIError() *rapid.Generator[*apierror.Error] {
	return rapid.Custom(func(t *rapid.T) *apierror.Error {
		return &apierror.Error{
			Code:      apierror.Code(Text().Draw(t, "Code")),
			Message:   Text().Draw(t, "Message"),
			RequestID: Text().Draw(t, "RequestID"),
			HostID:    Text().Draw(t, "HostID"),
		}
	})
}

// Fixed returns a response of n invocations of m instances each, the same
// at every call: realistic values of every field of the current edition
// (ids, canonical statuses of both families, times, a Frequency on every
// fourth, periodic, invocation, Base64 content and output, JSON
// parameters, two tags; an exit code, output and error code on instances
// that ended), for tests that need a given size rather than variety. It
// has no unknown members.
func Fixed(n, m int) invocation.Response {
	legacy := status.LegacyValues()
	current := status.CurrentValues()
	types := invocation.CommandTypes()
	r := invocation.Response{RequestID: "12E7974A-5AA5-4933-A44C-A16C00000000", TotalCount: 3 * n, PageNumber: 1, PageSize: n}
	for i := range n {
		created := time.Date(2020, 1, 19, 9, 15, 46, 0, time.UTC).Add(time.Duration(i) * time.Minute)
		inv := invocation.Invocation{
			InvokeID:           fmt.Sprintf("t-%032x", i),
			CommandID:          fmt.Sprintf("c-%032x", i%7),
			CommandName:        fmt.Sprintf("command %d", i%7),
			CommandType:        types[i%len(types)],
			InvokeStatus:       legacy[i%len(legacy)],
			InvocationStatus:   current[i%len(current)],
			Timed:              i%4 == 0,
			CreationTime:       created,
			RepeatMode:         invocation.Once,
			CommandContent:     "ZWNobyBoZWxsbyB3b3JsZDsgc3lzdGVtY3RsIHJlc3RhcnQgbmdpbng=",
			CommandDescription: "restart the web tier",
			Parameters:         fmt.Sprintf(`{"name":"web-%d","retries":3}`, i%7),
			Timeout:            invocation.Some[int64](60),
			Username:           "root",
			WorkingDir:         "/root",
			TerminationMode:    invocation.ProcessTree,
			Tags:               []invocation.Tag{{Key: "team", Value: "web"}, {Key: "release", Value: fmt.Sprintf("r%d", i%5)}},
		}
		if inv.Timed {
			inv.Frequency = "0 */20 * * * *"
			inv.RepeatMode = invocation.Period
		}
		for j := range m {
			in := invocation.InvokeInstance{
				InstanceID:           fmt.Sprintf("i-%020x", i*m+j),
				InstanceInvokeStatus: legacy[(i+j)%len(legacy)],
				InvocationStatus:     current[(i+j)%len(current)],
				Timed:                invocation.Some(inv.Timed),
				Repeats:              invocation.Some[int32](1),
				CreationTime:         created,
				StartTime:            created.Add(time.Second),
				UpdateTime:           created.Add(time.Second),
			}
			if (i+j)%3 != 0 { // ended
				in.ExitCode = invocation.Some(int64((i + j) % 2))
				in.Output = "aGVsbG8gd29ybGQK"
				in.Dropped = invocation.Some[int32](0)
				in.FinishTime = created.Add(2 * time.Second)
				in.UpdateTime = in.FinishTime
				if in.ExitCode.Value != 0 {
					in.ErrorCode, in.ErrorInfo = invocation.ExitCodeNonzero, "the command exited with a non-zero code"
				}
			}
			inv.Instances = append(inv.Instances, in)
		}
		r.Invocations = append(r.Invocations, inv)
	}
	return r
}
