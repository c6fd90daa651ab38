package codectest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/jsoncodec"
	"github.com/ecsassist/cloudassistant/status"
)

// recorder is a testing.TB that records the first failure instead of
// stopping.
type recorder struct {
	testing.TB
	failed string
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(format string, args ...any) {
	if r.failed == "" {
		r.failed = fmt.Sprintf(format, args...)
	}
}

// jsonCodec is jsoncodec as CheckDecoding takes it.
var jsonCodec = Codec{
	Response: func(data []byte, lenient bool) (invocation.Response, []Place, error) {
		r, diags, err := jsoncodec.Decoder{Lenient: lenient}.DecodeResponse(data)
		var places []Place
		for _, d := range diags {
			places = append(places, Place{d.Line, d.Column, d.Offset})
		}
		return r, places, err
	},
	APIError: func(data []byte, lenient bool) error {
		_, _, err := jsoncodec.Decoder{Lenient: lenient}.DecodeAPIError(data)
		return err
	},
	Encode: func(r *invocation.Response) []byte { return jsoncodec.AppendResponse(nil, r) },
	Error: func(err error) (Place, bool) {
		var de *jsoncodec.DecodeError
		if !errors.As(err, &de) {
			return Place{}, false
		}
		return Place{de.Line, de.Column, de.Offset}, true
	},
}

func TestCheckError(t *testing.T) {
	data := []byte("abc")
	for _, tt := range []struct {
		err  error
		want string
	}{
		{nil, ""},
		{&jsoncodec.DecodeError{Line: 1, Column: 2, Offset: 1, Err: jsoncodec.ErrSyntax}, ""},
		{errors.New("x"), "error of type *errors.errorString: x"},
		{&jsoncodec.DecodeError{Line: 1, Column: 1, Message: "m", Err: errors.New("y")}, "error of no documented condition: jsoncodec: line 1, column 1: m"},
		{&jsoncodec.DecodeError{Line: 1, Column: 1, Offset: 9, Err: jsoncodec.ErrLimit}, "error outside the input: {Line:1 Column:1 Offset:9}: jsoncodec: line 1, column 1: "},
	} {
		r := &recorder{TB: t}
		jsonCodec.CheckError(r, data, tt.err)
		if r.failed != tt.want {
			t.Errorf("CheckError(%v) failed with %q, want %q", tt.err, r.failed, tt.want)
		}
	}
	r := &recorder{TB: t}
	CheckDiagnostics(r, data, []Place{{Line: 1, Column: 1, Offset: 3}})
	if r.failed != "" {
		t.Error(r.failed)
	}
	CheckDiagnostics(r, data, []Place{{Line: 0, Column: 1}})
	if r.failed == "" {
		t.Error("a diagnostic at line 0 must fail")
	}
}

func TestCanonical(t *testing.T) {
	r := invocation.Response{Invocations: []invocation.Invocation{{
		CommandType: "runbatscript", InvokeStatus: "success", InvocationStatus: "error",
		Instances: []invocation.InvokeInstance{{InstanceInvokeStatus: " running", InvocationStatus: "x"}},
	}, {Instances: []invocation.InvokeInstance{}}}}
	got := Canonical(r)
	want := invocation.Response{Invocations: []invocation.Invocation{{
		CommandType: invocation.RunBatScript, InvokeStatus: status.LegacyFinished, InvocationStatus: status.CurrentError,
		Instances: []invocation.InvokeInstance{{InstanceInvokeStatus: status.LegacyRunning, InvocationStatus: "x"}},
	}, {}}}
	if fmt.Sprint(got) != fmt.Sprint(want) || got.Invocations[1].Instances != nil {
		t.Errorf("Canonical = %+v, want %+v", got, want)
	}
}

func FuzzSeeds(f *testing.F) {
	dir := f.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("seed"), 0o644); err != nil {
		f.Fatal(err)
	}
	Seeds(f, filepath.Join(dir, "*.txt"))
	f.Fuzz(func(t *testing.T, b []byte) {})
}

type stringer string

func (s stringer) String() string { return string(s) }

func TestDump(t *testing.T) {
	got := string(Dump(1, []stringer{"line 1, column 2: m"}, nil))
	want := "{\n  \"Value\": 1,\n  \"Diagnostics\": [\n    \"line 1, column 2: m\"\n  ]\n}\n"
	if got != want {
		t.Errorf("Dump = %q, want %q", got, want)
	}
	if got := string(Dump[stringer](1, nil, errors.New("x"))); got != "{\n  \"Error\": \"x\"\n}\n" {
		t.Errorf("Dump of an error = %q", got)
	}
}

// CheckDecoding passes a codec that keeps its promises, on input it
// accepts and on input it refuses.
func TestCheckDecoding(t *testing.T) {
	for _, in := range []string{`{"RequestId":"r","Invocations":{"Invocation":[{"InvokeId":"t","InvokeStatus":"success"}]}}`, `{`, `{"TotalCount":"1"}`} {
		CheckDecoding(t, jsonCodec, []byte(in))
	}
}

// It fails one that does not: lenient mode reporting a diagnostic on
// input strict mode accepts.
func TestCheckDecodingFails(t *testing.T) {
	c := Codec{
		Response: func(data []byte, lenient bool) (invocation.Response, []Place, error) {
			if lenient {
				return invocation.Response{}, []Place{{Line: 1, Column: 1}}, nil
			}
			return invocation.Response{}, nil, nil
		},
		APIError: func([]byte, bool) error { return nil },
		Encode:   func(*invocation.Response) []byte { return nil },
	}
	r := &recorder{TB: t}
	CheckDecoding(r, c, []byte("{}"))
	if !strings.HasPrefix(r.failed, "strict accepts, lenient differs") {
		t.Errorf("failed with %q", r.failed)
	}
}
