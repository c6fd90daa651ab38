package gen

import (
	"reflect"
	"testing"
	"unicode/utf8"

	"pgregory.net/rapid"

	"github.com/ecsassist/cloudassistant/internal/wire"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// The generators yield values as decoding would: valid XML text, statuses
// that parse to themselves, UTC times of second precision, unknown
// members that are not named as fields.
func TestGenerators(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := Response(rapid.SampledFrom([]string{JSON, XML, Both}).Draw(t, "format")).Draw(t, "response")
		texts := []string{r.RequestID, r.NextToken}
		unknown := func(o *wire.Object, ms []invocation.Member) {
			for _, m := range ms {
				if o.Known(m.Name) {
					t.Fatalf("unknown member %q of %s is a field", m.Name, o.Name)
				}
			}
		}
		unknown(wire.Response, r.Unknown)
		for _, inv := range r.Invocations {
			unknown(wire.Invocation, inv.Unknown)
			if got := invocation.ParseRepeatMode(string(inv.RepeatMode)); got != inv.RepeatMode {
				t.Fatalf("RepeatMode %q parses to %q", inv.RepeatMode, got)
			}
			texts = append(texts, inv.InvokeID, inv.CommandID, inv.CommandName, inv.Frequency)
			if got := status.ParseLegacy(string(inv.InvokeStatus)); got != inv.InvokeStatus {
				t.Fatalf("InvokeStatus %q parses to %q", inv.InvokeStatus, got)
			}
			if got := status.ParseCurrent(string(inv.InvocationStatus)); got != inv.InvocationStatus {
				t.Fatalf("InvocationStatus %q parses to %q", inv.InvocationStatus, got)
			}
			if !inv.CreationTime.IsZero() && (inv.CreationTime.Location().String() != "UTC" || inv.CreationTime.Nanosecond() != 0) {
				t.Fatalf("CreationTime %v is not UTC seconds", inv.CreationTime)
			}
			if len(inv.Instances) == 0 && inv.Instances != nil {
				t.Fatal("no instances must be nil")
			}
			for _, in := range inv.Instances {
				texts = append(texts, in.InstanceID, in.Output)
				unknown(wire.Instance, in.Unknown)
			}
		}
		e := APIError().Draw(t, "error")
		texts = append(texts, string(e.Code), e.Message)
		for _, s := range texts {
			if !utf8.ValidString(s) {
				t.Fatalf("%q is not valid UTF-8", s)
			}
			for _, r := range s {
				if !xmlChar(r) {
					t.Fatalf("%q holds %U, which XML does not allow", s, r)
				}
			}
		}
	})
	for _, r := range []rune{0x00, 0x1F, 0xFFFE, 0xD800} {
		if xmlChar(r) {
			t.Errorf("xmlChar(%U) = true", r)
		}
	}
}

func TestFixed(t *testing.T) {
	r := Fixed(5, 3)
	if len(r.Invocations) != 5 || len(r.Invocations[4].Instances) != 3 || r.PageNumber != 1 || r.PageSize != 5 {
		t.Fatalf("Fixed(5, 3) = %+v", r)
	}
	if r.Invocations[0].Frequency == "" || r.Invocations[1].Frequency != "" || r.Invocations[2].InvokeID == r.Invocations[3].InvokeID {
		t.Errorf("Fixed(5, 3) = %+v", r.Invocations)
	}
	again := Fixed(5, 3)
	if !reflect.DeepEqual(again, r) {
		t.Error("Fixed is not deterministic")
	}
}
