package vectors

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/scenario"
)

// scenarioStart is the instant the generator's fake starts at. The
// scenarios speak of times relative to their own start, so that another
// server may start at any instant.
var scenarioStart = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

// A story is a scenario being written: its steps, each with the checks
// whose values the generator records from the fake's answer.
type story struct {
	name, desc string
	rules      []string
	steps      []*act
}

// An act is a step being written.
type act struct {
	step scenario.Step
	// checks are the step's checks in order; a check with record set has
	// its Equals (or Len) filled from the fake's answer.
	checks []pending
}

type pending struct {
	check  scenario.Check
	record bool // Equals is the fake's answer at Path
}

func tell(name, desc string, rules []string, acts ...*act) story {
	return story{name: name, desc: desc, rules: rules, steps: acts}
}

// call is an API call with its parameters given as name, value pairs.
func call(action string, kv ...string) *act {
	p := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		p[kv[i]] = kv[i+1]
	}
	return &act{step: scenario.Step{Action: action, Params: p}}
}

// control is a control request.
func control(req string) *act { return &act{step: scenario.Step{Control: req}} }

func advance(by string) *act { return control("POST /_mock/advance?by=" + by) }

func (a *act) body(v any) *act {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	a.step.Body = b
	return a
}

// fails expects the error answer code, with the status the API answers
// it with.
func (a *act) fails(code apierror.Code) *act {
	a.step.Save = nil // an error answer has nothing to save
	a.step.Expect.Code = string(code)
	a.step.Expect.HTTPStatus = code.HTTPStatus()
	if a.step.Expect.HTTPStatus == 0 {
		panic("vectors: no HTTP status for " + string(code))
	}
	return a
}

// status expects an HTTP status, for control requests.
func (a *act) status(code int, errCode string) *act {
	a.step.Expect.HTTPStatus, a.step.Expect.Code = code, errCode
	return a
}

func (a *act) dropped() *act { a.step.Expect.Dropped = true; return a }

// is expects the value v at path, which the fake must agree with.
func (a *act) is(path string, v any) *act {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	a.checks = append(a.checks, pending{check: scenario.Check{Path: path, Equals: b}})
	return a
}

// rec expects at each path what the fake answers there.
func (a *act) rec(paths ...string) *act {
	for _, p := range paths {
		a.checks = append(a.checks, pending{check: scenario.Check{Path: p}, record: true})
	}
	return a
}

// length expects n elements (or members, or bytes) at path.
func (a *act) length(path string, n int) *act {
	a.checks = append(a.checks, pending{check: scenario.Check{Path: path, Len: &n}})
	return a
}

func (a *act) absent(path string) *act {
	a.checks = append(a.checks, pending{check: scenario.Check{Path: path, Absent: true}})
	return a
}

func (a *act) matches(path, re string) *act {
	a.checks = append(a.checks, pending{check: scenario.Check{Path: path, Matches: re}})
	return a
}

func (a *act) save(name, path string) *act {
	if a.step.Save == nil {
		a.step.Save = map[string]string{}
	}
	a.step.Save[name] = path
	return a
}

// buildScenarios writes the scenario file: it plays each story against
// the library's fake, started as the file's fleet says, and records the
// answers the stories ask for; the checks the stories state themselves
// must hold there already. Then it plays the whole file again, which must
// pass.
func buildScenarios() (*scenario.File, error) {
	fleet, err := json.Marshal(scenarioFleet())
	if err != nil {
		return nil, err
	}
	srv, err := scenarioServer(fleet)
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	file := &scenario.File{
		Version: scenario.Version,
		Description: "Scenarios of the fake Cloud Assistant's lifecycle: requests, with what their answers must hold. " +
			"Start the server under test with Fleet as its fleet file and a virtual clock; the runner resets it before each scenario. " +
			"${name} is a value an earlier step saved, ${T} the scenario's start and ${T+90s} a time after it, as the API writes times.",
		Fleet: fleet,
		Rules: scenarioRules,
	}
	ctx := context.Background()
	for _, st := range stories() {
		sc := scenario.Scenario{Name: st.name, Description: st.desc, Rules: st.rules}
		for _, a := range st.steps {
			step := a.step
			for _, p := range a.checks {
				if !p.record {
					step.Expect.Checks = append(step.Expect.Checks, p.check)
				}
			}
			sc.Steps = append(sc.Steps, step)
		}
		traces := map[int]scenario.Trace{}
		r := scenario.Runner{Endpoint: srv.URL, Client: srv.Client(), Trace: func(t scenario.Trace) { traces[t.Step] = t }}
		if res := r.Run(ctx, sc); res.Outcome != scenario.Passed {
			return nil, fmt.Errorf("vectors: scenario %s: the fake does not do what it states: step %d (%s): %s; the answer before: %s", st.name, res.Step, res.Request, res.Reason, traces[res.Step-1].Body)
		}
		for i, a := range st.steps {
			sc.Steps[i].Expect.Checks = nil
			for _, p := range a.checks {
				c := p.check
				if p.record {
					v, err := recorded(traces[i], c.Path)
					if err != nil {
						return nil, fmt.Errorf("vectors: scenario %s: step %d: %w", st.name, i, err)
					}
					c.Equals = v
				}
				sc.Steps[i].Expect.Checks = append(sc.Steps[i].Expect.Checks, c)
			}
		}
		file.Scenarios = append(file.Scenarios, sc)
	}
	// The file as written must pass against the fake it was recorded from.
	data, err := render(file)
	if err != nil {
		return nil, err
	}
	again, err := scenario.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("vectors: the scenario file does not parse: %w", err)
	}
	r := scenario.Runner{Endpoint: srv.URL, Client: srv.Client()}
	for _, sc := range again.Scenarios {
		if res := r.Run(ctx, sc); res.Outcome != scenario.Passed {
			return nil, fmt.Errorf("vectors: scenario %s as written: step %d (%s): %s", sc.Name, res.Step, res.Request, res.Reason)
		}
	}
	return file, nil
}

// scenarioServer starts the library's fake as the fake server does with
// the fleet file fleet and a virtual clock.
func scenarioServer(fleetJSON []byte) (*httptest.Server, error) {
	fleet, err := fake.ParseFleet(fleetJSON)
	if err != nil {
		return nil, fmt.Errorf("vectors: the scenarios' fleet: %w", err)
	}
	svc, err := fake.NewService(fake.Config{
		Clock:     fake.NewVirtualClock(scenarioStart),
		Instances: fleet.Instances,
		Outcome:   fake.MatchScripts(fleet.Outcomes...),
		Seed:      1,
	})
	if err != nil {
		return nil, err
	}
	return httptest.NewServer(&fakehttp.Handler{Service: svc, Seed: 1}), nil
}

// recorded returns the answer's value at path, written with references:
// a string that a step saved is ${name}, and a time of the API's layout
// is ${T+…} after the scenario's start.
func recorded(t scenario.Trace, path string) (json.RawMessage, error) {
	var doc any
	dec := json.NewDecoder(strings.NewReader(string(t.Body)))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("the answer is not JSON: %w", err)
	}
	v, ok := scenario.Lookup(doc, path)
	if !ok {
		return nil, fmt.Errorf("nothing at %s to record in %s", path, t.Body)
	}
	names := make([]string, 0, len(t.Vars))
	for k := range t.Vars {
		names = append(names, k)
	}
	slices.Sort(names)
	var refer func(any) any
	refer = func(v any) any {
		switch x := v.(type) {
		case string:
			for _, n := range names {
				if t.Vars[n] == x && x != "" {
					return "${" + n + "}"
				}
			}
			if tm, err := time.Parse(invocation.TimeLayout, x); err == nil {
				switch d := tm.Sub(t.T); {
				case d == 0:
					return "${T}"
				case d > 0:
					return "${T+" + d.String() + "}"
				default:
					return "${T" + d.String() + "}"
				}
			}
			return x
		case []any:
			for i := range x {
				x[i] = refer(x[i])
			}
		case map[string]any:
			for k := range x {
				x[k] = refer(x[k])
			}
		}
		return v
	}
	b, err := json.Marshal(refer(v))
	if err != nil {
		return nil, err
	}
	// An id another server would make differently must be saved by a
	// step and referred to, never recorded as it is.
	if id := idPattern.Find(b); id != nil {
		return nil, fmt.Errorf("the value at %s holds the id %s, which no earlier step saved", path, id)
	}
	return b, nil
}

// idPattern matches the ids the fake makes.
var idPattern = regexp.MustCompile(`\b[ct]-[0-9a-f]{32}\b`)

// times sends the step n times.
func (a *act) times(n int) *act { a.step.Repeat = n; return a }
