// Package codectest holds what the tests of both codecs share: their fuzz
// seed corpora, the checks of a decoding's errors and diagnostics, and the
// canonical form of a decoded response.
package codectest

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

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
	out.Unknown = nilIfEmpty(r.Unknown)
	for _, inv := range r.Invocations {
		inv.CommandType = invocation.ParseCommandType(string(inv.CommandType))
		inv.InvokeStatus = status.ParseLegacy(string(inv.InvokeStatus))
		inv.InvocationStatus = status.ParseCurrent(string(inv.InvocationStatus))
		inv.RepeatMode = invocation.ParseRepeatMode(string(inv.RepeatMode))
		inv.TerminationMode = invocation.ParseTerminationMode(string(inv.TerminationMode))
		inv.Tags = nilIfEmpty(inv.Tags)
		inv.Unknown = nilIfEmpty(inv.Unknown)
		var ins []invocation.InvokeInstance
		for _, in := range inv.Instances {
			in.InstanceInvokeStatus = status.ParseLegacy(string(in.InstanceInvokeStatus))
			in.InvocationStatus = status.ParseCurrent(string(in.InvocationStatus))
			in.OssOutputStatus = invocation.ParseOssOutputStatus(string(in.OssOutputStatus))
			in.Unknown = nilIfEmpty(in.Unknown)
			ins = append(ins, in)
		}
		inv.Instances = ins
		out.Invocations = append(out.Invocations, inv)
	}
	return out
}

func nilIfEmpty[E any](s []E) []E {
	if len(s) == 0 {
		return nil
	}
	return s
}

// Known returns r without its unknown members: what a decoder that knows
// only the schema, such as encoding/json into structs, yields.
func Known(r invocation.Response) invocation.Response {
	out := r
	out.Unknown = nil
	out.Invocations = nil
	for _, inv := range r.Invocations {
		inv.Unknown = nil
		var ins []invocation.InvokeInstance
		for _, in := range inv.Instances {
			in.Unknown = nil
			ins = append(ins, in)
		}
		inv.Instances = ins
		out.Invocations = append(out.Invocations, inv)
	}
	return out
}

// AcrossFormats returns r, whose unknown members are named as both
// formats write them, as it comes back from the other format: encoded in
// XML and decoded, then encoded in JSON and decoded, or the other way
// round. Its known fields are r's, canonical; its unknown scalars come
// back in order as strings (XML has no types; null is empty text), and
// the structured ones, which each format writes only in its own, are
// gone.
func AcrossFormats(r invocation.Response) invocation.Response {
	r = Canonical(r)
	members := func(ms []invocation.Member) []invocation.Member {
		var out []invocation.Member
		for _, m := range ms {
			if m.Kind == invocation.Raw {
				continue
			}
			if m.Kind == invocation.Null {
				m.Text = ""
			}
			m.Kind = invocation.String
			out = append(out, m)
		}
		return out
	}
	out := r
	out.Unknown = members(r.Unknown)
	out.Invocations = nil
	for _, inv := range r.Invocations {
		inv.Unknown = members(inv.Unknown)
		var ins []invocation.InvokeInstance
		for _, in := range inv.Instances {
			in.Unknown = members(in.Unknown)
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

// Names returns every name of the schema: of the roots, fields, list
// wrappers and items.
func Names() []string {
	var names []string
	var walk func(o *wire.Object)
	walk = func(o *wire.Object) {
		names = append(names, o.Name)
		for _, f := range o.Fields {
			names = append(names, f.Name)
			if f.Item != nil {
				walk(f.Item)
			}
		}
	}
	walk(wire.Response)
	walk(wire.APIError)
	return names
}

// CurrentSample is the response of testdata/current-success.json and
// .xml in both codecs: the vendor's documented sample of the current
// edition, with every field of the current edition, decoded. Its second instance is
// still running: no ExitCode, no FinishTime.
func CurrentSample() invocation.Response {
	at := func(s string) time.Time { t, _ := wire.ParseTime(s); return t }
	return invocation.Response{
		RequestID: "634562E9-F291-4289-B60B-FC511A43CD34", TotalCount: 5, PageNumber: 1, PageSize: 1,
		NextToken: "AAAAAdDWBF2****",
		Invocations: []invocation.Invocation{{
			InvokeID: "t-hz0jdfwd9f****", CommandID: "c-hz0jdfwcsr****", CommandName: "AutoTest",
			CommandType: invocation.RunShellScript, InvokeStatus: status.LegacyFinished, InvocationStatus: status.CurrentFailed,
			CreationTime: at("2020-05-11T09:01:39Z"), RepeatMode: invocation.Once,
			CommandContent: "cnBtIC1xYSB8IGdyZXAgdnNm****", CommandDescription: "Lists the installed packages.",
			Parameters: `{"name":"Jack"}`, Timeout: invocation.Some[int64](60), Username: "root", WorkingDir: "/home/",
			TerminationMode: invocation.ProcessTree, Tags: []invocation.Tag{{Key: "owner", Value: "zhangsan"}},
			Instances: []invocation.InvokeInstance{{
				InstanceID: "i-bp1i7gg30r52z2em****", InstanceInvokeStatus: status.LegacyFinished, InvocationStatus: status.CurrentFailed,
				Timed: invocation.Some(false), Repeats: invocation.Some[int32](1), ExitCode: invocation.Some[int64](1),
				Dropped: invocation.Some[int32](0), ErrorCode: invocation.ExitCodeNonzero,
				ErrorInfo: "the command execution exit code is not zero.", CreationTime: at("2020-05-11T09:01:39Z"),
				StartTime: at("2020-05-11T09:01:40Z"), FinishTime: at("2020-05-11T09:01:41Z"), UpdateTime: at("2020-05-11T09:01:41Z"),
				OssOutputStatus: invocation.OssFinished,
			}, {
				InstanceID: "i-bp67acfmxazb4p****", InstanceInvokeStatus: status.LegacyRunning, InvocationStatus: status.CurrentRunning,
				Timed: invocation.Some(false), Repeats: invocation.Some[int32](0), Output: "aGVsbG8K", Dropped: invocation.Some[int32](0),
				CreationTime: at("2020-05-11T09:01:39Z"), StartTime: at("2020-05-11T09:01:40Z"), UpdateTime: at("2020-05-11T09:01:41Z"),
				OssOutputStatus: invocation.OssInProgress,
			}},
		}},
	}
}

// DuplicateJSON returns the path of the first member of the schema that
// the JSON text data gives twice in one object, in the order of the
// input, as strict decoding names it (Invocations.Invocation[0].InvokeId),
// and whether there is one. It reads data with encoding/json's tokenizer,
// knowing of the schema only its names and where its objects and lists
// are, up to the first defect that encoding/json or strict decoding
// finds.
func DuplicateJSON(data []byte) (path string, found bool) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var object func(o *wire.Object, at string) bool
	value := func(f *wire.Field, at string) bool {
		tok, err := d.Token()
		if err != nil {
			return false
		}
		switch {
		case tok == json.Delim('{') && f != nil && f.Kind == wire.List:
			return object(f.Wrapper, at+".")
		case tok == json.Delim('[') && f != nil && f.Kind == wire.Items:
			for i := 0; d.More(); i++ {
				tok, err := d.Token()
				if err != nil {
					return false
				}
				if tok != json.Delim('{') {
					return true // not an item, which strict decoding refuses: stop
				}
				if object(f.Item, fmt.Sprintf("%s[%d].", at, i)) {
					return true
				}
			}
			_, _ = d.Token()
			return false
		case tok == json.Delim('{') || tok == json.Delim('['):
			skipJSON(d)
		}
		return false
	}
	object = func(o *wire.Object, at string) bool {
		var seen uint64
		for d.More() {
			tok, err := d.Token()
			if err != nil {
				return false
			}
			name, _ := tok.(string)
			f, _ := o.Lookup(name, false)
			if f != nil {
				if seen&(1<<f.Index) != 0 {
					path, found = at+f.Name, true
					return true
				}
				seen |= 1 << f.Index
			}
			var fat string
			if f != nil {
				fat = at + f.Name
			}
			if value(f, fat) {
				return true
			}
		}
		_, _ = d.Token()
		return false
	}
	if tok, err := d.Token(); err == nil && tok == json.Delim('{') {
		object(wire.Response, "")
	}
	return path, found
}

// skipJSON reads the rest of an object or array whose opening d has read.
func skipJSON(d *json.Decoder) {
	for depth := 1; depth > 0; {
		tok, err := d.Token()
		if err != nil {
			return
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
}

// DuplicateXML is DuplicateJSON of an XML document, read with
// encoding/xml's tokenizer: the path of the first element of the schema
// that an element gives twice among its children. The items of a list
// wrapper are not members of it, and may come any number of times.
func DuplicateXML(data []byte) (path string, found bool) {
	d := xml.NewDecoder(bytes.NewReader(data))
	var object func(o *wire.Object, at string) bool
	object = func(o *wire.Object, at string) bool {
		var seen uint64
		for {
			tok, err := d.Token()
			if err != nil {
				return false
			}
			switch tok := tok.(type) {
			case xml.EndElement:
				return false
			case xml.StartElement:
				f, _ := o.Lookup(tok.Name.Local, false)
				if f == nil {
					if d.Skip() != nil {
						return false
					}
					continue
				}
				if seen&(1<<f.Index) != 0 {
					path, found = at+f.Name, true
					return true
				}
				seen |= 1 << f.Index
				if f.Kind != wire.List {
					if d.Skip() != nil {
						return false
					}
					continue
				}
				if list(f, at+f.Name+"."+f.Item.Name, d, object) {
					return true
				}
			}
		}
	}
	for {
		tok, err := d.Token()
		if err != nil {
			return "", false
		}
		if s, ok := tok.(xml.StartElement); ok {
			if s.Name.Local == wire.Response.Name {
				object(wire.Response, "")
			}
			return path, found
		}
	}
}

// list reads the children of a list wrapper of f, whose start tag d has
// read: the items, each an object, and elements it passes over.
func list(f *wire.Field, at string, d *xml.Decoder, object func(o *wire.Object, at string) bool) bool {
	for i := 0; ; {
		tok, err := d.Token()
		if err != nil {
			return false
		}
		switch tok := tok.(type) {
		case xml.EndElement:
			return false
		case xml.StartElement:
			if tok.Name.Local != f.Item.Name {
				if d.Skip() != nil {
					return false
				}
				continue
			}
			if object(f.Item, fmt.Sprintf("%s[%d].", at, i)) {
				return true
			}
			i++
		}
	}
}
