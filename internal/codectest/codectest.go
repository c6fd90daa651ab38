// Package codectest holds what the tests of both codecs share: their fuzz
// seed corpora, the checks of a decoding's errors and diagnostics, and the
// canonical form of a decoded response.
package codectest

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/ecsassist/cloudassistant/internal/wire"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// Seeds adds every file that matches each pattern to f's corpus, failing
// if a pattern matches none.
func Seeds(f *testing.F, patterns ...string) {
	for _, pattern := range patterns {
		files, _ := filepath.Glob(pattern)
		if len(files) == 0 {
			f.Fatalf("codectest: no seeds in %s", pattern)
		}
		for _, name := range files {
			b, err := os.ReadFile(name)
			if err != nil {
				f.Fatalf("codectest: %v", err)
			}
			f.Add(b)
		}
	}
}

// Place is where a codec placed a diagnostic or an error.
type Place struct{ Line, Column, Offset int }

// Codec is what CheckDecoding needs of a codec: its decoders, in strict
// or lenient mode with the limits a fuzz target wants, returning the
// places of their diagnostics; its encoder; and the place of its
// *DecodeError (false for an error of another type).
type Codec struct {
	Response func(data []byte, lenient bool) (invocation.Response, []Place, error)
	APIError func(data []byte, lenient bool) error
	Encode   func(r *invocation.Response) []byte
	Error    func(err error) (Place, bool)
}

// CheckError fails t unless err is nil or a DecodeError of c, of a
// documented condition, placed inside data.
func (c Codec) CheckError(t testing.TB, data []byte, err error) {
	t.Helper()
	if err == nil {
		return
	}
	p, ok := c.Error(err)
	if !ok {
		t.Fatalf("error of type %T: %v", err, err)
		return
	}
	if !errors.Is(err, wire.ErrSyntax) && !errors.Is(err, wire.ErrValue) && !errors.Is(err, wire.ErrLimit) {
		t.Fatalf("error of no documented condition: %v", err)
		return
	}
	if !p.inside(data) {
		t.Fatalf("error outside the input: %+v: %v", p, err)
	}
}

func (p Place) inside(data []byte) bool {
	return p.Offset >= 0 && p.Offset <= len(data) && p.Line >= 1 && p.Column >= 1
}

// CheckDiagnostics fails t unless every diagnostic lies inside data.
func CheckDiagnostics(t testing.TB, data []byte, places []Place) {
	t.Helper()
	for _, p := range places {
		if !p.inside(data) {
			t.Fatalf("diagnostic outside the input: %+v", p)
			return
		}
	}
}

// Canonical returns r as decoding its encoding yields it: canonical
// spellings and nil for empty lists.
func Canonical(r invocation.Response) invocation.Response {
	out := r
	out.Invocations = nil
	for _, inv := range r.Invocations {
		inv.CommandType = invocation.ParseCommandType(string(inv.CommandType))
		inv.InvokeStatus = status.ParseLegacy(string(inv.InvokeStatus))
		inv.InvocationStatus = status.ParseCurrent(string(inv.InvocationStatus))
		var ins []invocation.InvokeInstance
		for _, in := range inv.Instances {
			in.InstanceInvokeStatus = status.ParseLegacy(string(in.InstanceInvokeStatus))
			in.InvocationStatus = status.ParseCurrent(string(in.InvocationStatus))
			ins = append(ins, in)
		}
		inv.Instances = ins
		out.Invocations = append(out.Invocations, inv)
	}
	return out
}

// Dump renders a decoding's outcome for a golden file: the value, or the
// error, and the diagnostics, as indented JSON.
func Dump[D fmt.Stringer](v any, diags []D, err error) []byte {
	out := struct {
		Value       any      `json:",omitempty"`
		Diagnostics []string `json:",omitempty"`
		Error       string   `json:",omitempty"`
	}{Value: v}
	for _, d := range diags {
		out.Diagnostics = append(out.Diagnostics, d.String())
	}
	if err != nil {
		out.Value = nil
		out.Error = err.Error()
	}
	b, _ := json.MarshalIndent(out, "", "  ")
	return append(b, '\n')
}

// CheckDecoding decodes data in both modes and fails t unless: errors are
// of the documented type, inside data; what strict mode accepts, lenient
// mode decodes the same with no diagnostic; and whatever decodes, encodes
// and decodes strictly again to its canonical form. It is the body of
// both codecs' FuzzDecode.
func CheckDecoding(t testing.TB, c Codec, data []byte) {
	t.Helper()
	strict, _, err := c.Response(data, false)
	c.CheckError(t, data, err)
	lr, diags, lerr := c.Response(data, true)
	c.CheckError(t, data, lerr)
	CheckDiagnostics(t, data, diags)
	if err == nil && (lerr != nil || len(diags) != 0 || !reflect.DeepEqual(strict, lr)) {
		t.Fatalf("strict accepts, lenient differs: %v %v", lerr, diags)
	}
	if lerr == nil {
		again, _, err := c.Response(c.Encode(&lr), false)
		if err != nil {
			t.Fatalf("re-encoding does not decode: %v", err)
		}
		if !reflect.DeepEqual(Canonical(lr), again) {
			t.Fatalf("re-encoding changed the response:\n%+v\n%+v", lr, again)
		}
	}
	c.CheckError(t, data, c.APIError(data, false))
	c.CheckError(t, data, c.APIError(data, true))
}
