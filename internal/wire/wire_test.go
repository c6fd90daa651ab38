package wire

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

func TestConfigResolve(t *testing.T) {
	c := Config{}.Resolve()
	if c != (Config{false, DefaultMaxBytes, DefaultMaxDepth, DefaultMaxItems, DefaultMaxDiagnostics}) {
		t.Errorf("defaults: %+v", c)
	}
	c = Config{true, 1, 2, 3, 4}.Resolve()
	if c != (Config{true, 1, 2, 3, 4}) {
		t.Errorf("kept: %+v", c)
	}
}

func TestPositionsAndErrors(t *testing.T) {
	s := "ab\ncd\n"
	for off, want := range map[int][2]int{0: {1, 1}, 2: {1, 3}, 3: {2, 1}, 4: {2, 2}, 6: {3, 1}, 99: {3, 1}, -1: {1, 1}} {
		l, c := LineCol(s, off)
		if [2]int{l, c} != want {
			t.Errorf("LineCol(%d) = %d, %d, want %v", off, l, c, want)
		}
	}
	if got := FormatPosition(2, 3, "Invocations.Invocation[4].InvokeId"); got != "line 2, column 3, Invocations.Invocation[4].InvokeId" {
		t.Errorf("FormatPosition = %q", got)
	}
	if got := FormatPosition(1, 1, ""); got != "line 1, column 1" {
		t.Errorf("FormatPosition = %q", got)
	}
	e := &Error{Msg: "bad", Err: ErrValue}
	if e.Error() != "bad" {
		t.Errorf("Error() = %q", e.Error())
	}
}

func TestSchema(t *testing.T) {
	f, exact := Invocation.Lookup("InvokeId", false)
	if f == nil || !exact || f.Name != "InvokeId" || f.Kind != String || f.Index != 0 {
		t.Errorf("exact lookup: %+v", f)
	}
	f, exact = Invocation.Lookup("invokeid", true)
	if f == nil || exact || f.Name != "InvokeId" {
		t.Error("folded lookup")
	}
	if f, _ := Invocation.Lookup("invokeid", false); f != nil {
		t.Error("no fold")
	}
	if f, _ := Instance.Lookup("InvokeId", true); f != nil {
		t.Error("other object")
	}
	if !Invocation.HasList() || Instance.HasList() {
		t.Error("HasList")
	}
	list, _ := Response.Lookup("Invocations", false)
	if list.Kind != List || list.Item != Invocation || list.Wrapper.Name != "Invocations" ||
		len(list.Wrapper.Fields) != 1 || list.Wrapper.Fields[0].Name != "Invocation" || list.Wrapper.Fields[0].Kind != Items {
		t.Errorf("list wrapper: %+v", list)
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
	if got := TrimSpace(" \t\r\na b\n"); got != "a b" {
		t.Errorf("TrimSpace = %q", got)
	}
	long := strings.Repeat("é", 40)
	if got := Clip(long); got != strings.Repeat("é", 32)+"…" {
		t.Errorf("Clip = %q", got)
	}
	if got := Quote("a\x01"); got != `"a\x01"` {
		t.Errorf("Quote = %q", got)
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

func TestVocabularies(t *testing.T) {
	for _, c := range []struct {
		v     *Vocabulary
		in    string
		want  string
		known bool
	}{
		{LegacyStatus, " success ", "Finished", true}, {LegacyStatus, "x", "x", false},
		{CurrentStatus, "TIMEOUT", "Timeout", true}, {CurrentStatus, "", "", false},
		{CommandType, "runshellscript", "RunShellScript", true}, {CommandType, "Run", "Run", false},
	} {
		if got, known := c.v.Parse(c.in); got != c.want || known != c.known {
			t.Errorf("Parse(%q) = %q, %v", c.in, got, known)
		}
	}
	if !LegacyStatus.Alias("Success") || LegacyStatus.Alias("Finished") || CurrentStatus.Alias != nil {
		t.Error("Alias")
	}
}

func TestReadAndCheck(t *testing.T) {
	c := Config{MaxBytes: 5}
	if err := c.Check(5); err != nil {
		t.Error(err)
	}
	err := c.Check(6)
	var e *Error
	if !errors.As(err, &e) || !errors.Is(e.Err, ErrLimit) || e.Msg != "input of 6 bytes exceeds the limit of 5" {
		t.Errorf("Check(6) = %v", err)
	}
	if s, err := c.Read(strings.NewReader("hello")); s != "hello" || err != nil {
		t.Errorf("Read = %q, %v", s, err)
	}
	if s, err := c.Input([]byte("hello")); s != "hello" || err != nil {
		t.Errorf("Input = %q, %v", s, err)
	}
	if _, err := c.Input([]byte("hello!")); err == nil {
		t.Error("Input of 6 bytes")
	}
	if _, err := c.Read(strings.NewReader("hello!")); !errors.As(err, &e) || e.Err != ErrLimit {
		t.Errorf("Read of 6 bytes = %v", err)
	}
	boom := errors.New("boom")
	if _, err := c.Read(iotest.ErrReader(boom)); !errors.As(err, &e) || e.Err != boom || e.Msg != "reading input: boom" {
		t.Errorf("Read of a failing reader = %v", err)
	}
}

// Positions in one pass agree with LineCol, offsets sorted or not.
func TestPositionsAgreeWithLineCol(t *testing.T) {
	s := "ab\n\ncd\nefg"
	offsets := map[string]int{}
	for off := 0; off <= len(s); off++ {
		offsets[fmt.Sprint(off)] = off
	}
	st := &State{S: s, where: offsets}
	for path, p := range PositionsAs[Position](st) {
		line, col := LineCol(s, p.Offset)
		if p.Line != line || p.Column != col || p.Path != path {
			t.Errorf("offset %d: %+v, LineCol gives %d:%d", p.Offset, p, line, col)
		}
	}
	offs := []int{7, 0, 3, 3, 10, 1}
	positions(s, offs, func(i, line, col int) {
		if l, c := LineCol(s, offs[i]); l != line || c != col {
			t.Errorf("offset %d: %d:%d, LineCol gives %d:%d", offs[i], line, col, l, c)
		}
	})
}

func TestAt(t *testing.T) {
	for _, c := range []struct {
		s, open, name string
		close         byte
		end           int
		ok            bool
	}{
		{"x<ab>", "<", "ab", '>', 5, true},
		{"x</ab>", "</", "ab", '>', 6, true},
		{`x"ab":`, `"`, "ab", '"', 5, true},
		{"x<ab", "<", "ab", '>', 0, false},
		{"x<ac>", "<", "ab", '>', 0, false},
		{"x[ab>", "<", "ab", '>', 0, false},
		{"x<ab/>", "<", "ab", '>', 0, false},
	} {
		i := 1
		if ok := At(c.s, &i, c.open, c.name, c.close); ok != c.ok || ok && i != c.end || !ok && i != 1 {
			t.Errorf("At(%q, 1, %q, %q, %q) = %v, moving to %d", c.s, c.open, c.name, c.close, ok, i)
		}
	}
}
