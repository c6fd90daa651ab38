package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
)

// Version is the version of the scenario file format this package reads
// and writes. A file with a greater Version is refused: its steps may
// mean what this package cannot tell.
const Version = 1

// A File is a scenario file: the scenarios, and the fleet that a server
// under test is to be started with, in the fake server's fleet-file shape
// (instances and scripted outcomes).
type File struct {
	Version     int
	Description string
	// Fleet is the fleet file the scenarios assume, as it is: the
	// instances they name and the outcomes that end their runs.
	Fleet json.RawMessage `json:",omitempty"`
	// Rules names each rule that a scenario may check, with its text.
	Rules     map[string]string `json:",omitempty"`
	Scenarios []Scenario
}

// A Scenario is one story of the service's lifecycle, told as requests and
// what their answers must hold. Before its first step the runner resets
// the server (POST /_mock/reset) and takes the time it answers as the
// scenario's start, T.
type Scenario struct {
	Name        string
	Description string `json:",omitempty"`
	// Rules are the ids of the rules the scenario checks: a server that
	// breaks one of them fails the scenario, and one that keeps them all
	// passes it.
	Rules []string `json:",omitempty"`
	Steps []Step
}

// A Step is one request and what its answer must hold: an API call when
// Action is set, a control request when Control is.
//
// Strings of Params, Control, Body and the Equals of Checks may hold
// references, replaced before the step runs: ${name} by the value saved
// under name by an earlier step's Save, ${T} by the scenario's start and
// ${T+90s} or ${T-1m30s} by the start plus or minus a duration in Go's
// syntax (a sequence of numbers with units ns, us, ms, s, m, h), all
// written as the API writes times (2006-01-02T15:04:05Z). $${ is a
// literal ${. Values are put in as they are, not escaped: a reference in
// Control's query must be one that needs no escaping, as ids do.
type Step struct {
	// Action is the API operation to call, such as "RunCommand", with
	// Params as its parameters (one value each). The runner adds
	// Format=JSON when Params has no Format, and signs the request when
	// it has a key.
	Action string            `json:",omitempty"`
	Params map[string]string `json:",omitempty"`
	// Control is a control request, "METHOD /_mock/PATH?QUERY", such as
	// "POST /_mock/advance?by=1s", with Body as its JSON body.
	Control string          `json:",omitempty"`
	Body    json.RawMessage `json:",omitempty"`
	// Expect is what the answer must hold; absent, a 200 answer.
	Expect Expect `json:",omitzero"`
	// Save saves the values at paths of the answer under names, for
	// later steps' references: {"invoke": "InvokeId"}.
	Save map[string]string `json:",omitempty"`
	// Repeat sends the step Repeat times, each to be answered as Expect
	// says (MaxRepeat at most); 0 and 1 send it once.
	Repeat int `json:",omitempty"`
}

// MaxRepeat is the most times a step may be repeated, so that a file
// cannot ask for unbounded work.
const MaxRepeat = 10000

// Expect is what an answer must hold. Its zero value expects a 200 answer
// and nothing of its body.
type Expect struct {
	// HTTPStatus is the answer's status; 0 means 200.
	HTTPStatus int `json:",omitempty"`
	// Code is the error code the body's Code must be, when set.
	Code string `json:",omitempty"`
	// Dropped expects the server to close the connection without an
	// answer, as a fault rule with the drop effect does.
	Dropped bool `json:",omitempty"`
	// Checks are what the body must hold, in order.
	Checks []Check `json:",omitempty"`
}

// A Check is one thing an answer's body must hold at Path: Equals, Len,
// Matches or Absent, exactly one of them.
//
// A path names a value of the JSON body by its members, separated by dots,
// with [N] for the element N (from 0) of an array:
// "Invocation.InvocationResults.InvocationResult[0].ExitCode". The empty
// path is the whole body.
type Check struct {
	Path string
	// Equals is the value, compared as JSON values are: objects by their
	// members whatever their order, arrays in order, numbers by their
	// exact value. Its strings may hold references (see Step).
	Equals json.RawMessage `json:",omitempty"`
	// Len is the number of elements of an array, members of an object,
	// or bytes of a string in UTF-8.
	Len *int `json:",omitempty"`
	// Matches is a regular expression (RE2, unanchored) the value, a
	// string or a number in its JSON text, must match.
	Matches string `json:",omitempty"`
	// Absent expects no value at Path: an absent member, or an index past
	// the end.
	Absent bool `json:",omitempty"`
}

// Parse reads a scenario file. It refuses unknown members, a Version
// greater than this package's, and a scenario, step or check that is not
// well formed, with an error that names where: the line and column of a
// JSON fault, or the scenario, step and check of a step's.
func Parse(data []byte) (*File, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f File
	if err := dec.Decode(&f); err != nil {
		return nil, newError(data, offset(dec, data, err), err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, newError(data, dec.InputOffset(), errors.New("data after the file's object"))
	}
	if f.Version < 1 || f.Version > Version {
		return nil, fmt.Errorf("scenario: Version %d: this package reads versions 1 to %d", f.Version, Version)
	}
	names := map[string]bool{}
	for i, s := range f.Scenarios {
		where := fmt.Sprintf("Scenarios[%d]", i)
		if s.Name == "" {
			return nil, fmt.Errorf("scenario: %s: no Name", where)
		}
		if strings.Trim(s.Name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != "" {
			return nil, fmt.Errorf("scenario: %s: Name %q has other characters than letters, digits, '.', '_' and '-'", where, s.Name)
		}
		if names[s.Name] {
			return nil, fmt.Errorf("scenario: %s: Name %q is used twice", where, s.Name)
		}
		names[s.Name] = true
		if len(s.Steps) == 0 {
			return nil, fmt.Errorf("scenario: %s (%s): no Steps", where, s.Name)
		}
		for _, r := range s.Rules {
			if f.Rules != nil && f.Rules[r] == "" {
				return nil, fmt.Errorf("scenario: %s (%s): rule %q is not among the file's Rules", where, s.Name, r)
			}
		}
		saved := map[string]bool{}
		for j, st := range s.Steps {
			if err := st.check(); err != nil {
				return nil, fmt.Errorf("scenario: %s (%s): Steps[%d]: %w", where, s.Name, j, err)
			}
			if err := st.checkRefs(saved); err != nil {
				return nil, fmt.Errorf("scenario: %s (%s): Steps[%d]: %w", where, s.Name, j, err)
			}
			for name := range st.Save {
				saved[name] = true
			}
			if len(st.Expect.Checks) == 0 {
				s.Steps[j].Expect.Checks = nil // "Checks": [] is no check, as no Checks is
			}
		}
	}
	return &f, nil
}

// checkRefs reports a reference of the step that is malformed, or names
// a value no earlier step saves.
func (st Step) checkRefs(saved map[string]bool) error {
	known := func(name string) error {
		switch {
		case name == "T":
		case strings.HasPrefix(name, "T+") || strings.HasPrefix(name, "T-"):
			if _, err := time.ParseDuration(name[1:]); err != nil {
				return fmt.Errorf("${%s}: %v", name, err)
			}
		case !saved[name]:
			return fmt.Errorf("${%s}: no earlier step saves %q", name, name)
		}
		return nil
	}
	inString := func(s string) error { return scanRefs(s, func(string) {}, known) }
	inJSON := func(raw json.RawMessage) error {
		if !bytes.Contains(raw, []byte("${")) {
			return nil
		}
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			return err
		}
		_, err := mapStrings(v, func(s string) (string, error) { return s, inString(s) })
		return err
	}
	for _, k := range sortedKeys(st.Params) {
		if err := inString(st.Params[k]); err != nil {
			return fmt.Errorf("%s[%q]: %w", "Params", k, err)
		}
	}
	if err := inString(st.Control); err != nil {
		return fmt.Errorf("%s: %w", "Control", err)
	}
	if err := inJSON(st.Body); err != nil {
		return fmt.Errorf("%s: %w", "Body", err)
	}
	for k, c := range st.Expect.Checks {
		if err := inJSON(c.Equals); err != nil {
			return fmt.Errorf("%s[%d].Equals: %w", "Expect.Checks", k, err)
		}
	}
	return nil
}

// scanRefs reads s as text with references: it calls lit with each
// piece of literal text ($${ as ${) and ref with each reference's name.
func scanRefs(s string, lit func(string), ref func(name string) error) error {
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			lit(s)
			return nil
		}
		if i > 0 && s[i-1] == '$' {
			lit(s[:i-1] + "${")
			s = s[i+2:]
			continue
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return fmt.Errorf("%q: ${ without }", s)
		}
		lit(s[:i])
		if err := ref(s[i+2 : i+j]); err != nil {
			return err
		}
		s = s[i+j+1:]
	}
}

// check reports what makes a step malformed.
func (st Step) check() error {
	switch {
	case st.Action == "" && st.Control == "":
		return errors.New("neither Action nor Control")
	case st.Action != "" && st.Control != "":
		return errors.New("both Action and Control")
	case st.Action != "" && len(st.Body) > 0:
		return errors.New("a Body with an Action: an API call's parameters are its Params")
	case st.Control != "" && len(st.Params) > 0:
		return fmt.Errorf("%s with a Control: a control request's parameters are in its query", "Params")
	}
	if st.Control != "" {
		if _, _, err := splitControl(st.Control); err != nil {
			return err
		}
	}
	if st.Repeat < 0 || st.Repeat > MaxRepeat {
		return fmt.Errorf("%s %d is not from 0 to %d", "Repeat", st.Repeat, MaxRepeat)
	}
	if len(st.Body) > 0 && !json.Valid(st.Body) {
		return fmt.Errorf("%s is not JSON", "Body")
	}
	if st.Expect.HTTPStatus != 0 && (st.Expect.HTTPStatus < 100 || st.Expect.HTTPStatus > 599) {
		return fmt.Errorf("Expect.HTTPStatus %d is not an HTTP status", st.Expect.HTTPStatus)
	}
	for k, c := range st.Expect.Checks {
		if err := c.check(); err != nil {
			return fmt.Errorf("Expect.Checks[%d] (%q): %w", k, c.Path, err)
		}
	}
	for name, path := range st.Save {
		if !validName(name) {
			return fmt.Errorf("%s: %q is not a name (letters, digits and _)", "Save", name)
		}
		if _, err := parsePath(path); err != nil {
			return fmt.Errorf("%s[%q]: %w", "Save", name, err)
		}
	}
	return nil
}

func (c Check) check() error {
	if _, err := parsePath(c.Path); err != nil {
		return err
	}
	n := 0
	if len(c.Equals) > 0 {
		n++
		if !json.Valid(c.Equals) {
			return fmt.Errorf("%s is not JSON", "Equals")
		}
	}
	if c.Len != nil {
		n++
		if *c.Len < 0 {
			return fmt.Errorf("%s %d is negative", "Len", *c.Len)
		}
	}
	if c.Matches != "" {
		n++
		if _, err := regexp.Compile(c.Matches); err != nil {
			return fmt.Errorf("%s: %w", "Matches", err)
		}
	}
	if c.Absent {
		n++
	}
	if n != 1 {
		return fmt.Errorf("%d of Equals, Len, Matches and Absent: a check has exactly one", n)
	}
	return nil
}

// splitControl splits a step's Control into its method and its target,
// which must start with /_mock/.
func splitControl(s string) (method, target string, err error) {
	method, target, ok := strings.Cut(s, " ")
	if !ok || method == "" || strings.Trim(method, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		return "", "", fmt.Errorf("%s %q is not \"METHOD /_mock/PATH\"", "Control", s)
	}
	if !strings.HasPrefix(target, "/_mock/") || strings.ContainsAny(target, " \t\r\n") {
		return "", "", fmt.Errorf("%s %q: the target must start with /_mock/ and hold no space", "Control", s)
	}
	return method, target, nil
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// An Error is a fault of a scenario file's JSON, with its place.
type Error struct {
	// Line and Column are where the fault is, from 1; Column counts bytes.
	Line, Column int
	Err          error
}

func newError(data []byte, off int64, err error) *Error {
	before := data[:min(int(max(off, 0)), len(data))]
	return &Error{
		Line:   bytes.Count(before, []byte("\n")) + 1,
		Column: len(before) - (bytes.LastIndexByte(before, '\n') + 1) + 1,
		Err:    err,
	}
}

func (e *Error) Error() string {
	return fmt.Sprintf("scenario: line %d, column %d: %v", e.Line, e.Column, e.Err)
}

// Unwrap returns the JSON decoder's error.
func (e *Error) Unwrap() error { return e.Err }

// offset returns where in the input a decoding error is.
func offset(dec *json.Decoder, data []byte, err error) int64 {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return syn.Offset - 1 // the offending byte, which the decoder has read
	case errors.As(err, &typ):
		return typ.Offset
	}
	end := dec.InputOffset()
	// An unknown member is reported after its value: point at its name.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if i := bytes.LastIndex(data[:min(int(end), len(data))], []byte(name)); i >= 0 {
			return int64(i)
		}
	}
	return end
}
