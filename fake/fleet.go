package fake

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// OS is the operating system of an instance, which decides the command
// types it runs: RunShellScript on Linux, RunBatScript and
// RunPowerShellScript on Windows. The zero value means Linux.
type OS string

// The operating systems, spelled as ECS spells an instance's OSType.
const (
	Linux   OS = "linux"
	Windows OS = "windows"
)

// runs reports whether an instance with the operating system os can run
// a command of type t.
func (os OS) runs(t invocation.CommandType) bool {
	if os == Windows {
		return t == invocation.RunBatScript || t == invocation.RunPowerShellScript
	}
	return t == invocation.RunShellScript
}

// UnmarshalText sets *os to the operating system text names, in any case.
// Empty text is the zero OS, Linux; other text is an error.
func (os *OS) UnmarshalText(text []byte) error {
	return parseEnum(os, "OS", text, Linux, Windows)
}

// InstanceStatus is the status of an instance as ECS reports it. Only a
// Running instance is delivered commands. The zero value means
// InstanceRunning.
type InstanceStatus string

// The statuses of an instance.
const (
	InstancePending  InstanceStatus = "Pending"
	InstanceRunning  InstanceStatus = "Running"
	InstanceStarting InstanceStatus = "Starting"
	InstanceStopping InstanceStatus = "Stopping"
	InstanceStopped  InstanceStatus = "Stopped"
)

// UnmarshalText sets *s to the status text names, in any case. Empty text
// is the zero status, Running; other text is an error.
func (s *InstanceStatus) UnmarshalText(text []byte) error {
	return parseEnum(s, "Status", text, InstancePending, InstanceRunning, InstanceStarting, InstanceStopping, InstanceStopped)
}

// AgentStatus is the state of the Cloud Assistant agent on an instance.
// The zero value means AgentRunning.
type AgentStatus string

// The states of the agent. A stopped agent is never delivered a command;
// one that needs an upgrade refuses it.
const (
	AgentRunning     AgentStatus = "Running"
	AgentStopped     AgentStatus = "Stopped"
	AgentNeedUpgrade AgentStatus = "NeedUpgrade"
)

// UnmarshalText sets *s to the state text names, in any case. Empty text
// is the zero state, Running; other text is an error.
func (s *AgentStatus) UnmarshalText(text []byte) error {
	return parseEnum(s, "Agent", text, AgentRunning, AgentStopped, AgentNeedUpgrade)
}

func parseEnum[T ~string](p *T, field string, text []byte, values ...T) error {
	if strings.TrimSpace(string(text)) == "" {
		*p = ""
		return nil
	}
	if v, ok := invocation.Canonical(string(text), values); ok {
		*p = v
		return nil
	}
	return &valueError{fmt.Sprintf("%s %q is not one of %q", field, text, values)}
}

// Instance is an instance of the fake's fleet. Its zero fields mean a
// running Linux instance with a running agent, so that
// Instance{InstanceID: "i-1"} is one that runs shell scripts.
//
// ResourceGroupID and Tags describe the instance; they do not decide
// which invocations reach it.
type Instance struct {
	InstanceID      string `json:"InstanceId"`
	OS              OS
	Status          InstanceStatus
	Agent           AgentStatus
	ResourceGroupID string `json:"ResourceGroupId"`
	Tags            map[string]string
}

// notRunning reports why a command cannot be delivered to in: the error
// code of the run that will be aborted, or "" when it can be delivered.
func (in *Instance) notRunning() invocation.ErrorCode {
	switch {
	case in.Status != "" && in.Status != InstanceRunning:
		return invocation.InstanceNotRunning
	case in.Agent == AgentStopped:
		return invocation.ClientNotRunning
	}
	return ""
}

// validInstanceID reports whether id is a well-formed instance id: "i-"
// and 1 to 62 ASCII letters or digits.
func validInstanceID(id string) bool {
	rest, ok := strings.CutPrefix(id, "i-")
	if !ok || len(rest) == 0 || len(rest) > 62 {
		return false
	}
	for _, c := range []byte(rest) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// Execution is one run of a command on one instance, as the function
// that scripts its outcome sees it.
type Execution struct {
	InvokeID    string
	CommandID   string
	InstanceID  string
	RegionID    string
	CommandType invocation.CommandType
	Content     string    // the command content, plain, after parameter substitution
	Run         int       // 1 for an invocation's first run on this instance, 2 for its second…
	Start       time.Time // when the run starts: its StartTime
	Username    string
	WorkingDir  string
}

// Result is how a run ends, as the function that scripts it decides.
// The zero Result is a run of 1 s that exits 0 with no output.
type Result struct {
	ExitCode int64
	Output   string        // plain text; only the last invocation.MaxOutput bytes are kept
	Duration time.Duration // how long the run takes; zero or less means 1 s, and a fraction of a second counts as a second

	// Status, when set, is how the run ends instead of by its exit code:
	// Success, Failed, Error, Invalid or Timeout. ErrorCode and ErrorInfo,
	// when set, replace those the status implies (ExitCodeNonzero for
	// Failed, ExecutionException for Error, CommandNotApplicable for
	// Invalid, ExecutionTimeout for Timeout).
	Status    status.Current
	ErrorCode invocation.ErrorCode
	ErrorInfo string
}

// Script scripts the runs whose content contains Match (every run when
// Match is empty) and, when InstanceID is set, that run on that instance.
// It is an entry of the Outcomes list of a fleet file:
//
//	{"Match":"exit 3","InstanceId":"i-2","ExitCode":3,"Output":"boom","Duration":"90s"}
//
// where Duration is written in Go's syntax (90s, 10m) and Status and
// ErrorCode override how the run ends (see Result).
type Script struct {
	Match      string
	InstanceID string
	ExitCode   int64
	Output     string
	Duration   time.Duration
	Status     status.Current
	ErrorCode  invocation.ErrorCode
}

// Result returns the result a run matched by o has.
func (o Script) Result() Result {
	return Result{ExitCode: o.ExitCode, Output: o.Output, Duration: o.Duration, Status: o.Status, ErrorCode: o.ErrorCode}
}

// UnmarshalJSON reads o from a fleet file's JSON, where Duration is text
// such as "90s" and Status is read in any case. An unknown member is an
// error.
func (o *Script) UnmarshalJSON(data []byte) error {
	var v struct {
		Match      string
		InstanceID string `json:"InstanceId"`
		ExitCode   int64
		Output     string
		Duration   string
		Status     string
		ErrorCode  invocation.ErrorCode
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return &valueError{"outcome: " + err.Error()}
	}
	*o = Script{Match: v.Match, InstanceID: v.InstanceID, ExitCode: v.ExitCode, Output: v.Output, ErrorCode: v.ErrorCode}
	if v.Duration != "" {
		d, err := time.ParseDuration(v.Duration)
		if err != nil || d < 0 {
			return &valueError{fmt.Sprintf("outcome: Duration %q is not a duration such as 90s or 10m", v.Duration)}
		}
		o.Duration = d
	}
	if v.Status != "" {
		o.Status = status.ParseCurrent(v.Status)
		if !endStatus(o.Status) {
			return &valueError{fmt.Sprintf("outcome: Status %q is not one of Success, Failed, Error, Invalid or Timeout", v.Status)}
		}
	}
	return nil
}

// valueError is why a value of a fleet file cannot be read.
type valueError struct{ msg string }

func (e *valueError) Error() string { return "fake: " + e.msg }

// endStatus reports whether a scripted run may end in s.
func endStatus(s status.Current) bool {
	switch s {
	case status.CurrentSuccess, status.CurrentFailed, status.CurrentError, status.CurrentInvalid, status.CurrentTimeout:
		return true
	}
	return false
}

// MatchScripts returns a function that scripts each run with the first
// of scripts that matches it, and with the zero Result (exit 0 after
// 1 s, no output) when none does.
func MatchScripts(scripts ...Script) func(Execution) Result {
	scripts = append([]Script(nil), scripts...)
	return func(x Execution) Result {
		for _, o := range scripts {
			if strings.Contains(x.Content, o.Match) && (o.InstanceID == "" || o.InstanceID == x.InstanceID) {
				return o.Result()
			}
		}
		return Result{}
	}
}

// Fleet is what a fleet file describes: the instances of a fake and how
// their runs end.
type Fleet struct {
	Instances []Instance
	Outcomes  []Script
}

// ParseFleet reads a fleet file:
//
//	{"Instances":[{"InstanceId":"i-1","OS":"linux","Status":"Running","Agent":"Running",
//	               "ResourceGroupId":"rg-1","Tags":{"env":"test"}}],
//	 "Outcomes":[{"Match":"exit 3","ExitCode":3,"Duration":"2s"}]}
//
// OS, Status and Agent are read in any case, and their absence means a
// running Linux instance with a running agent. An unknown member, a
// malformed or repeated InstanceId, or a value that names nothing is an
// error.
func ParseFleet(data []byte) (Fleet, error) {
	var f Fleet
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		if ve := (*valueError)(nil); errors.As(err, &ve) {
			return Fleet{}, fmt.Errorf("fake: ParseFleet: %s", ve.msg)
		}
		return Fleet{}, fmt.Errorf("fake: ParseFleet: %w", err)
	}
	if dec.More() {
		return Fleet{}, fmt.Errorf("fake: ParseFleet: more than one JSON value")
	}
	if _, err := fleetIndex(f.Instances); err != nil {
		return Fleet{}, fmt.Errorf("fake: ParseFleet: %w", err)
	}
	return f, nil
}

// fleetIndex indexes instances by InstanceId, and checks them.
func fleetIndex(instances []Instance) (map[string]*Instance, error) {
	m := make(map[string]*Instance, len(instances))
	for i := range instances {
		in := instances[i]
		if !validInstanceID(in.InstanceID) {
			return nil, fmt.Errorf("instance %d: InstanceId %q is not \"i-\" and 1 to 62 letters or digits", i, in.InstanceID)
		}
		if _, dup := m[in.InstanceID]; dup {
			return nil, fmt.Errorf("instance %d: InstanceId %q is given twice", i, in.InstanceID)
		}
		for _, check := range []error{
			parseEnum(&in.OS, "OS", []byte(in.OS), Linux, Windows),
			parseEnum(&in.Status, "Status", []byte(in.Status), InstancePending, InstanceRunning, InstanceStarting, InstanceStopping, InstanceStopped),
			parseEnum(&in.Agent, "Agent", []byte(in.Agent), AgentRunning, AgentStopped, AgentNeedUpgrade),
		} {
			if ve := (*valueError)(nil); errors.As(check, &ve) {
				return nil, fmt.Errorf("instance %q: %s", in.InstanceID, ve.msg)
			}
		}
		in.OS = cmp.Or(in.OS, Linux)
		in.Status = cmp.Or(in.Status, InstanceRunning)
		in.Agent = cmp.Or(in.Agent, AgentRunning)
		m[in.InstanceID] = &in
	}
	return m, nil
}
