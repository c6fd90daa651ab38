package wire

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/ecsassist/cloudassistant/status"
)

func TestArena(t *testing.T) {
	var a Arena
	if a.Keep("") != "" {
		t.Fatal("empty")
	}
	src := []byte("hello world")
	s := Alias(src)
	k1 := a.Keep(s[:5])
	k2 := a.Keep(s[6:])
	big := a.Keep(strings.Repeat("x", 1000)) // larger than a chunk
	copy(src, "XXXXXXXXXXX")
	if k1 != "hello" || k2 != "world" || len(big) != 1000 {
		t.Fatalf("kept strings changed with their source: %q %q", k1, k2)
	}
	if Alias(nil) != "" {
		t.Fatal("Alias(nil)")
	}
	for range 200 {
		a.Keep(strings.Repeat("y", 300))
	}
	if a.Size != 64<<10 {
		t.Errorf("chunk size grows to 64 KiB, is %d", a.Size)
	}
}

func TestLimitsResolve(t *testing.T) {
	l := Limits{}.Resolve()
	if l != (Limits{DefaultMaxBytes, DefaultMaxDepth, DefaultMaxItems}) {
		t.Errorf("defaults: %+v", l)
	}
	l = Limits{MaxBytes: 1, MaxDepth: 2, MaxItems: 3}.Resolve()
	if l != (Limits{1, 2, 3}) {
		t.Errorf("kept: %+v", l)
	}
}

func TestPositionsAndErrors(t *testing.T) {
	s := "ab\ncd\n"
	for off, want := range map[int][2]int{0: {1, 1}, 2: {1, 3}, 3: {2, 1}, 4: {2, 2}, 6: {3, 1}, 99: {3, 1}} {
		l, c := LineCol(s, off)
		if [2]int{l, c} != want {
			t.Errorf("LineCol(%d) = %d, %d, want %v", off, l, c, want)
		}
	}
	p := Position{Line: 2, Column: 3, Offset: 9, Path: Path([]Frame{{"Invocations", -1}, {"Invocation", 4}, {"InvokeId", -1}})}
	if got := p.String(); got != "line 2, column 3, Invocations.Invocation[4].InvokeId" {
		t.Errorf("Position.String() = %q", got)
	}
	if got := (Position{Line: 1, Column: 1}).String(); got != "line 1, column 1" {
		t.Errorf("Position.String() = %q", got)
	}
	d := Diagnostic{Position: p, Message: "m"}
	if d.String() != p.String()+": m" {
		t.Errorf("Diagnostic.String() = %q", d.String())
	}
	e := &DecodeError{Codec: "x", Position: p, Msg: "bad", Err: ErrValue}
	if e.Error() != "x: "+p.String()+": bad" || !errors.Is(e, ErrValue) {
		t.Errorf("DecodeError: %v", e)
	}
}

func TestSchema(t *testing.T) {
	if InvocationObject.Index(Timed) != 6 || InstanceObject.Index(Timed) != -1 {
		t.Error("Index")
	}
	f, exact := InvocationObject.Lookup("InvokeId", false)
	if f != InvokeID || !exact || f.Name() != "InvokeId" {
		t.Error("exact lookup")
	}
	f, exact = InvocationObject.Lookup("invokeid", true)
	if f != InvokeID || exact {
		t.Error("folded lookup")
	}
	if f, _ := InvocationObject.Lookup("invokeid", false); f != Unknown {
		t.Error("no fold")
	}
	if f, _ := InstanceObject.Lookup("InvokeId", true); f != Unknown {
		t.Error("other object")
	}
	for _, c := range []struct {
		a, b string
		want bool
	}{{"Ab", "aB", true}, {"Ab", "Ac", false}, {"A", "AB", false}, {"[", "{", false}} {
		if EqualFoldASCII(c.a, c.b) != c.want {
			t.Errorf("EqualFoldASCII(%q, %q)", c.a, c.b)
		}
	}
	for s, want := range map[string]bool{"12": true, "-3": true, "+3": false, "": false, "-": false, "1.0": false, "99999999999999999999": false} {
		if _, ok := ParseInt(s); ok != want {
			t.Errorf("ParseInt(%q) ok = %v", s, ok)
		}
	}
	if tm, ok := ParseTime("2020-01-19T09:15:46Z"); !ok || tm != time.Date(2020, 1, 19, 9, 15, 46, 0, time.UTC) {
		t.Error("ParseTime")
	}
	for _, s := range []string{"2020-01-19T09:15:46+00:00", "2020-01-19 09:15:46Z", "2020-13-19T09:15:46Z"} {
		if _, ok := ParseTime(s); ok {
			t.Errorf("ParseTime(%q) accepted", s)
		}
	}
	if tm, ok := ParseTimeLenient("2020-01-19T17:15:46.9+08:00"); !ok || tm != time.Date(2020, 1, 19, 9, 15, 46, 0, time.UTC) {
		t.Error("ParseTimeLenient")
	}
	if _, ok := ParseTimeLenient("x"); ok {
		t.Error("ParseTimeLenient(x)")
	}
	if got := string(AppendTime(nil, time.Date(2020, 1, 19, 17, 15, 46, 0, time.FixedZone("", 8*3600)))); got != "2020-01-19T09:15:46Z" {
		t.Errorf("AppendTime = %q", got)
	}
}

// ParseTime agrees with time.Parse of TimeLayout on any text.
func TestParseTimeAgreesWithTimeParse(t *testing.T) {
	inputs := []string{"2020-01-19T09:15:46Z", "2020-02-29T00:00:00Z", "2019-02-29T00:00:00Z", "2020-04-31T00:00:00Z",
		"2020-01-19T24:00:00Z", "2020-01-19T23:60:00Z", "2020-01-19T23:59:60Z", "0000-01-01T00:00:00Z", "2020-1-19T09:15:46Z",
		"2020-01-19T09:15:4xZ", "2020-01-19t09:15:46Z", "+020-01-19T09:15:46Z"}
	for y := 0; y < 3000; y += 7 {
		inputs = append(inputs, fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", y, y%14, y%33, y%25, y%61, y%62))
	}
	for _, s := range inputs {
		want, err := time.Parse(TimeLayout, s)
		got, ok := ParseTime(s)
		if ok != (err == nil) || ok && !got.Equal(want) {
			t.Errorf("ParseTime(%q) = %v, %v; time.Parse gives %v, %v", s, got, ok, want, err)
		}
	}
}

func TestCanonical(t *testing.T) {
	if CanonicalLegacy("success") != status.LegacyFinished || CanonicalLegacy(status.LegacyRunning) != status.LegacyRunning ||
		CanonicalLegacy("x") != "x" {
		t.Error("CanonicalLegacy")
	}
	if CanonicalCurrent("TIMEOUT") != status.CurrentTimeout || CanonicalCurrent(status.CurrentError) != status.CurrentError ||
		CanonicalCurrent("x") != "x" {
		t.Error("CanonicalCurrent")
	}
}

func TestReadAndCheckSize(t *testing.T) {
	l := Limits{MaxBytes: 5}.Resolve()
	if err := l.CheckSize("c", 5); err != nil {
		t.Error(err)
	}
	err := l.CheckSize("c", 6)
	if !errors.Is(err, ErrLimit) || err.Error() != "c: line 1, column 1: input of 6 bytes exceeds the limit of 5" {
		t.Errorf("CheckSize(6) = %v", err)
	}
	if s, err := l.Read("c", strings.NewReader("hello")); s != "hello" || err != nil {
		t.Errorf("Read = %q, %v", s, err)
	}
	if _, err := l.Read("c", strings.NewReader("hello!")); !errors.Is(err, ErrLimit) {
		t.Errorf("Read of 6 bytes = %v", err)
	}
	boom := errors.New("boom")
	if _, err := l.Read("c", iotest.ErrReader(boom)); !errors.Is(err, boom) || err.Error() != "c: line 1, column 1: reading input: boom" {
		t.Errorf("Read of a failing reader = %v", err)
	}
}

func TestPositionsAgreeWithLineCol(t *testing.T) {
	s := "ab\n\ncd\nefg"
	offsets := map[string]int{}
	for off := 0; off <= len(s); off++ {
		offsets[fmt.Sprint(off)] = off
	}
	for path, p := range Positions(s, offsets) {
		line, col := LineCol(s, p.Offset)
		if p.Line != line || p.Column != col || p.Path != path {
			t.Errorf("offset %d: %+v, LineCol gives %d:%d", p.Offset, p, line, col)
		}
	}
}
