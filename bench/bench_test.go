package bench

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"testing"

	"github.com/bytedance/sonic"
	v2 "github.com/go-json-experiment/json"
	goccy "github.com/goccy/go-json"
	"github.com/google/go-cmp/cmp"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/jsoncodec"
	"github.com/ecsassist/cloudassistant/xmlcodec"
)

// A decoder turns a body into the model, through its own structs.
type decoder struct {
	name   string
	decode func([]byte) (invocation.Response, error)
}

func viaRef(unmarshal func([]byte, any) error) func([]byte) (invocation.Response, error) {
	return func(b []byte) (invocation.Response, error) {
		var ref refResponse
		if err := unmarshal(b, &ref); err != nil {
			return invocation.Response{}, err
		}
		return fromRef(&ref)
	}
}

var jsonDecoders = []decoder{
	{"lib-strict", func(b []byte) (invocation.Response, error) {
		r, _, err := jsoncodec.Decoder{}.DecodeResponse(b)
		return r, err
	}},
	{"lib-lenient", func(b []byte) (invocation.Response, error) {
		r, _, err := jsoncodec.Decoder{Lenient: true}.DecodeResponse(b)
		return r, err
	}},
	{"encoding-json", viaRef(json.Unmarshal)},
	{"json-v2", viaRef(func(b []byte, v any) error { return v2.Unmarshal(b, v) })},
	{"goccy", viaRef(goccy.Unmarshal)},
	{"sonic", viaRef(sonic.Unmarshal)},
	{"sdk", func(b []byte) (invocation.Response, error) {
		res, err := sdkDecode(b)
		if err != nil {
			return invocation.Response{}, err
		}
		return fromSDK(res)
	}},
}

var xmlDecoders = []decoder{
	{"lib-strict", func(b []byte) (invocation.Response, error) {
		r, _, err := xmlcodec.Decoder{}.DecodeResponse(b)
		return r, err
	}},
	{"lib-lenient", func(b []byte) (invocation.Response, error) {
		r, _, err := xmlcodec.Decoder{Lenient: true}.DecodeResponse(b)
		return r, err
	}},
	{"encoding-xml", viaRef(xml.Unmarshal)},
}

// Every decoder returns the model the payload was generated from, every
// field of it: the benchmarks below compare like with like.
func TestSameContent(t *testing.T) {
	for _, p := range payloads {
		if len(p.want.Invocations) != 50 || len(p.want.Invocations[49].Instances) == 0 {
			t.Fatalf("%s: payload has %d invocations", p.name, len(p.want.Invocations))
		}
		for _, set := range []struct {
			decoders []decoder
			body     []byte
		}{{jsonDecoders, p.json}, {xmlDecoders, p.xml}} {
			for _, d := range set.decoders {
				got, err := d.decode(set.body)
				if err != nil {
					t.Fatalf("%s %s: %v", p.name, d.name, err)
				}
				if !cmp.Equal(p.want, got) {
					t.Errorf("%s %s differs:\n%s", p.name, d.name, firstDiff(p.want, got))
				}
			}
		}
	}
}

// firstDiff reports the first invocation that differs between want and
// got, which is faster to read (and to compute) than a diff of the whole.
func firstDiff(want, got invocation.Response) string {
	if len(want.Invocations) != len(got.Invocations) {
		return fmt.Sprintf("%d invocations, want %d", len(got.Invocations), len(want.Invocations))
	}
	for i := range want.Invocations {
		if diff := cmp.Diff(want.Invocations[i], got.Invocations[i]); diff != "" {
			return fmt.Sprintf("Invocations[%d] (-want +got):\n%s", i, diff)
		}
	}
	w, g := want, got
	w.Invocations, g.Invocations = nil, nil
	return cmp.Diff(w, g)
}

// impls returns a function that runs one implementation as a
// sub-benchmark named impl=NAME, over an input of size bytes.
func impls(b *testing.B, size int) func(name string, f func() error) {
	return func(name string, f func() error) {
		b.Run("impl="+name, func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if err := f(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// The decode benchmarks measure each decoder into its own structs, as its
// users would call it: the peers into reference structs with raw status
// strings, this library into the model with parsed statuses.
func BenchmarkDecodeJSON(b *testing.B) {
	for _, p := range payloads {
		b.Run("size="+p.name, func(b *testing.B) {
			bench := impls(b, len(p.json))
			bench("lib-strict", func() error { _, _, err := jsoncodec.Decoder{}.DecodeResponse(p.json); return err })
			bench("lib-lenient", func() error { _, _, err := jsoncodec.Decoder{Lenient: true}.DecodeResponse(p.json); return err })
			bench("encoding-json", func() error { var r refResponse; return json.Unmarshal(p.json, &r) })
			bench("json-v2", func() error { var r refResponse; return v2.Unmarshal(p.json, &r) })
			bench("goccy", func() error { var r refResponse; return goccy.Unmarshal(p.json, &r) })
			bench("sonic", func() error { var r refResponse; return sonic.Unmarshal(p.json, &r) })
			bench("sdk", func() error { _, err := sdkDecode(p.json); return err })
		})
	}
}

func BenchmarkDecodeXML(b *testing.B) {
	for _, p := range payloads {
		b.Run("size="+p.name, func(b *testing.B) {
			bench := impls(b, len(p.xml))
			bench("lib-strict", func() error { _, _, err := xmlcodec.Decoder{}.DecodeResponse(p.xml); return err })
			bench("lib-lenient", func() error { _, _, err := xmlcodec.Decoder{Lenient: true}.DecodeResponse(p.xml); return err })
			bench("encoding-xml", func() error { var r refResponse; return xml.Unmarshal(p.xml, &r) })
		})
	}
}

// The encode benchmarks encode the same content: this library from the
// model into a new buffer each time (lib: the headline, like with like
// against the peers' Marshal, which returns a new slice) and into a reused
// buffer (lib-reuse, reported separately), the peers from reference
// structs.
func BenchmarkEncodeJSON(b *testing.B) {
	for _, p := range payloads {
		m := p.want
		var ref refResponse
		if err := json.Unmarshal(p.json, &ref); err != nil {
			b.Fatal(err)
		}
		b.Run("size="+p.name, func(b *testing.B) {
			bench := impls(b, len(p.json))
			buf := make([]byte, 0, 2*len(p.json))
			bench("lib", func() error { _ = jsoncodec.AppendResponse(nil, &m); return nil })
			bench("lib-reuse", func() error { buf = jsoncodec.AppendResponse(buf[:0], &m); return nil })
			bench("encoding-json", func() error { _, err := json.Marshal(&ref); return err })
			bench("json-v2", func() error { _, err := v2.Marshal(&ref); return err })
			bench("goccy", func() error { _, err := goccy.Marshal(&ref); return err })
			bench("sonic", func() error { _, err := sonic.Marshal(&ref); return err })
		})
	}
}

func BenchmarkEncodeXML(b *testing.B) {
	for _, p := range payloads {
		m := p.want
		var ref refResponse
		if err := xml.Unmarshal(p.xml, &ref); err != nil {
			b.Fatal(err)
		}
		b.Run("size="+p.name, func(b *testing.B) {
			bench := impls(b, len(p.xml))
			buf := make([]byte, 0, 2*len(p.xml))
			bench("lib", func() error { _ = xmlcodec.AppendResponse(nil, &m); return nil })
			bench("lib-reuse", func() error { buf = xmlcodec.AppendResponse(buf[:0], &m); return nil })
			bench("encoding-xml", func() error { _, err := xml.Marshal(&ref); return err })
		})
	}
}
