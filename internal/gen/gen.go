// Package gen holds rapid generators of the module's model, for tests.
package gen

import (
	"fmt"
	"time"

	"github.com/ecsassist/cloudassistant/apierror"

	"pgregory.net/rapid"

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

// Instance generates an InvokeInstance.
func Instance() *rapid.Generator[invocation.InvokeInstance] {
	return rapid.Custom(func(t *rapid.T) invocation.InvokeInstance {
		return invocation.InvokeInstance{
			InstanceID:           Text().Draw(t, "InstanceID"),
			InstanceInvokeStatus: Legacy().Draw(t, "InstanceInvokeStatus"),
			InvocationStatus:     Current().Draw(t, "InvocationStatus"),
		}
	})
}

// Invocation generates an Invocation with up to five instances (nil for
// none, as decoding yields).
func Invocation() *rapid.Generator[invocation.Invocation] {
	return rapid.Custom(func(t *rapid.T) invocation.Invocation {
		inv := invocation.Invocation{
			InvokeID:         Text().Draw(t, "InvokeID"),
			CommandID:        Text().Draw(t, "CommandID"),
			CommandName:      Text().Draw(t, "CommandName"),
			CommandType:      CommandType().Draw(t, "CommandType"),
			InvokeStatus:     Legacy().Draw(t, "InvokeStatus"),
			InvocationStatus: Current().Draw(t, "InvocationStatus"),
			Timed:            rapid.Bool().Draw(t, "Timed"),
			Frequency:        Text().Draw(t, "Frequency"),
			CreationTime:     Time().Draw(t, "CreationTime"),
		}
		if n := rapid.IntRange(0, 5).Draw(t, "instances"); n > 0 {
			inv.Instances = rapid.SliceOfN(Instance(), n, n).Draw(t, "Instances")
		}
		return inv
	})
}

// Response generates a Response with up to five invocations.
func Response() *rapid.Generator[invocation.Response] {
	return rapid.Custom(func(t *rapid.T) invocation.Response {
		r := invocation.Response{
			RequestID:  Text().Draw(t, "RequestID"),
			TotalCount: rapid.Int().Draw(t, "TotalCount"),
			PageNumber: rapid.Int().Draw(t, "PageNumber"),
			PageSize:   rapid.Int().Draw(t, "PageSize"),
			NextToken:  Text().Draw(t, "NextToken"),
		}
		if n := rapid.IntRange(0, 5).Draw(t, "invocations"); n > 0 {
			r.Invocations = rapid.SliceOfN(Invocation(), n, n).Draw(t, "Invocations")
		}
		return r
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
// at every call: realistic values (ids, canonical statuses of both
// families, times, a Frequency on every fourth, periodic, invocation), for
// tests that need a given size rather than variety.
func Fixed(n, m int) invocation.Response {
	legacy := status.LegacyValues()
	current := status.CurrentValues()
	types := invocation.CommandTypes()
	r := invocation.Response{RequestID: "12E7974A-5AA5-4933-A44C-A16C00000000", TotalCount: 3 * n, PageNumber: 1, PageSize: n}
	for i := range n {
		inv := invocation.Invocation{
			InvokeID:         fmt.Sprintf("t-%032x", i),
			CommandID:        fmt.Sprintf("c-%032x", i%7),
			CommandName:      fmt.Sprintf("command %d", i%7),
			CommandType:      types[i%len(types)],
			InvokeStatus:     legacy[i%len(legacy)],
			InvocationStatus: current[i%len(current)],
			Timed:            i%4 == 0,
			CreationTime:     time.Date(2020, 1, 19, 9, 15, 46, 0, time.UTC).Add(time.Duration(i) * time.Minute),
		}
		if inv.Timed {
			inv.Frequency = "0 */20 * * * *"
		}
		for j := range m {
			inv.Instances = append(inv.Instances, invocation.InvokeInstance{
				InstanceID:           fmt.Sprintf("i-%020x", i*m+j),
				InstanceInvokeStatus: legacy[(i+j)%len(legacy)],
				InvocationStatus:     current[(i+j)%len(current)],
			})
		}
		r.Invocations = append(r.Invocations, inv)
	}
	return r
}
