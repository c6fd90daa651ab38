package fake

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/internal/listing"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/schedule"
	"github.com/ecsassist/cloudassistant/status"
)

// InvokeCommandRequest is an InvokeCommand request: run a command on
// instances.
type InvokeCommandRequest struct {
	RegionID    string
	CommandID   string   // required
	InstanceIDs []string // InstanceId.N: 1 to 100; an id given twice counts once

	// RepeatMode is Once (the default), Period, NextRebootOnly,
	// EveryReboot or DryRun, which checks the request and runs nothing.
	// A Frequency makes any mode but DryRun Period.
	RepeatMode invocation.RepeatMode
	Frequency  string // rate(5m), at(2030-01-02 03:04:05 Asia/Shanghai), or a cron expression such as "0 */20 * * * ?"

	// Parameters gives the values of the command's parameters: a JSON
	// object, such as {"name":"x"}, of at most 10 keys of at most 64
	// characters, whose values are strings, numbers or booleans.
	Parameters string

	Timeout         invocation.Optional[int64] // seconds, from 10 to 86,400; absent means the command's
	Username        string                     // at most 255 characters
	WorkingDir      string                     // empty means the command's
	TerminationMode invocation.TerminationMode // Process (the default) or ProcessTree
	ContainerID     string
	ContainerName   string
	Launcher        string // empty means the command's
	ResourceGroupID string
	Tags            []invocation.Tag

	// ClientToken makes the request idempotent: the same token with the
	// same parameters gives the invocation the first request made, for as
	// long as it is kept; with other parameters it is
	// IdempotentParameterMismatch.
	ClientToken string
}

// RunCommandRequest is a RunCommand request: make a command and run it
// on instances in one call. The command is kept, and counts against the
// quota, only with KeepCommand; else it goes when its invocation ends.
type RunCommandRequest struct {
	RegionID string
	Type     invocation.CommandType // required
	Name     string                 // at most 128 characters

	// CommandContent is the script: plain text unless ContentEncoding is
	// Base64 (in any case; other text means PlainText, as the API takes
	// it). Its Base64 form is at most 24 KB, and 18 KB with KeepCommand.
	CommandContent  string
	ContentEncoding ContentEncoding

	Description     string
	WorkingDir      string
	Timeout         invocation.Optional[int64] // seconds, from 10 to 86,400; absent means 60
	EnableParameter bool
	Launcher        string
	KeepCommand     bool

	// The rest is as in InvokeCommandRequest.
	InstanceIDs     []string
	RepeatMode      invocation.RepeatMode
	Frequency       string
	Parameters      string
	Username        string
	TerminationMode invocation.TerminationMode
	ContainerID     string
	ContainerName   string
	ResourceGroupID string
	Tags            []invocation.Tag
	ClientToken     string
}

// invokeParams are the parameters of an invocation, from either request.
type invokeParams struct {
	instances                  []string
	mode                       invocation.RepeatMode
	frequency                  string
	parameters                 string
	timeout                    invocation.Optional[int64]
	username, workingDir       string
	termination                invocation.TerminationMode
	containerID, containerName string
	launcher, group            string
	tags                       []invocation.Tag
}

// InvokeCommand runs a command on instances and returns the InvokeId of
// the invocation, or "" for a DryRun. The errors are, beside those of the
// region and of ClientToken, in the order they are checked:
//
//	CommandId       required, a command of the region  MissingParameter.CommandId 400, InvalidCmdId.NotFound 404
//	InstanceIDs     1 to 100                          MissingParam.InstanceId 400, InstanceIds.ExceedLimit 403
//	RepeatMode      a mode                            InvalidRepeatMode.NotFound 404
//	Frequency       required by Period; a schedule    MissingParam.Frequency 400, InvalidParam.Frequency 400
//	                with a run due after now
//	TerminationMode Process or ProcessTree            InvalidTerminationMode.NotFound 404
//	WorkingDir, Launcher, Timeout: as CreateCommand checks them
//	Username        at most 255 characters            Username.ExceedLimit 403
//	Tags            as Tag.N                          the tag errors of DescribeInvocations
//	Parameters      a JSON object                     InvalidParameter.Parameters 400
//	                only for a command that enables   Parameter.Disabled 400
//	                them; at most 10 keys             ParameterCount.ExceedLimit 403
//	                of 1 to 64 characters             ParameterKey.ExceedLimit 403
//	                that the content names            Parameter.NotMatched 403
//	                a value for every name            Parameter.MissingValue 400
//	InstanceIDs     each in the fleet                 InvalidInstance.NotFound 404
//	                whose OS runs the command's type  InvalidInstance.NotMatch 400
func (s *Service) InvokeCommand(req InvokeCommandRequest) (string, error) {
	now := s.begin()
	defer s.end()
	s.changed()
	if err := s.checkRegion(req.RegionID); err != nil {
		return "", err
	}
	key, print := tokenKey(req.RegionID, req.ClientToken), req.fingerprint()
	if l, err := s.idempotent(key, print); l != nil || err != nil {
		return invokeIDOf(l), err
	}
	c, err := s.command(req.RegionID, req.CommandID)
	if err != nil {
		return "", err
	}
	l, err := s.plan(c, invokeParams{
		instances: req.InstanceIDs, mode: req.RepeatMode, frequency: req.Frequency, parameters: req.Parameters,
		timeout: req.Timeout, username: req.Username, workingDir: req.WorkingDir, termination: req.TerminationMode,
		containerID: req.ContainerID, containerName: req.ContainerName, launcher: req.Launcher,
		group: req.ResourceGroupID, tags: req.Tags,
	}, now)
	if err != nil || l == nil {
		return "", err
	}
	s.commit(l, key, print, now)
	req.InstanceIDs, req.Tags = slices.Clone(req.InstanceIDs), slices.Clone(req.Tags)
	s.record(now, Call{InvokeCommand: &req})
	return l.view.InvokeID, nil
}

// RunCommand makes a command, runs it on instances, and returns the
// CommandId and the InvokeId, or two empty ids for a DryRun. Its errors
// are those of CreateCommand for the command (but Name is not required,
// and the content may take 24 KB as Base64 without KeepCommand), then
// those of InvokeCommand for the invocation, then CmdCount.ExceedQuota
// for a command to keep.
func (s *Service) RunCommand(req RunCommandRequest) (commandID, invokeID string, err error) {
	now := s.begin()
	defer s.end()
	s.changed()
	if err := s.checkRegion(req.RegionID); err != nil {
		return "", "", err
	}
	key, print := tokenKey(req.RegionID, req.ClientToken), req.fingerprint()
	if l, err := s.idempotent(key, print); l != nil || err != nil {
		if l != nil {
			return l.view.CommandID, l.view.InvokeID, nil
		}
		return "", "", err
	}
	max := maxRunContent
	if req.KeepCommand {
		max = maxCreateContent
	}
	c, err := s.newCommand(CreateCommandRequest{
		RegionID: req.RegionID, Name: req.Name, Type: req.Type, CommandContent: req.CommandContent,
		Description: req.Description, WorkingDir: req.WorkingDir, Timeout: req.Timeout,
		EnableParameter: req.EnableParameter, Launcher: req.Launcher, ResourceGroupID: req.ResourceGroupID,
	}, now, false, max, req.ContentEncoding.plain(true))
	if err != nil {
		return "", "", err
	}
	c.keep = req.KeepCommand
	l, err := s.plan(c, invokeParams{
		instances: req.InstanceIDs, mode: req.RepeatMode, frequency: req.Frequency, parameters: req.Parameters,
		timeout: req.Timeout, username: req.Username, termination: req.TerminationMode,
		containerID: req.ContainerID, containerName: req.ContainerName, group: req.ResourceGroupID, tags: req.Tags,
	}, now)
	if err != nil || l == nil {
		return "", "", err
	}
	if err := s.add(c); err != nil {
		return "", "", err
	}
	s.commit(l, key, print, now)
	req.InstanceIDs, req.Tags = slices.Clone(req.InstanceIDs), slices.Clone(req.Tags)
	s.record(now, Call{RunCommand: &req})
	return c.id, l.view.InvokeID, nil
}

// invokeIDOf returns the InvokeId of l, or "" when l is nil.
func invokeIDOf(l *live) string {
	if l == nil {
		return ""
	}
	return l.view.InvokeID
}

// clientToken is what a ClientToken was first used for.
type clientToken struct {
	inv   *live
	print listing.Sum // the request's parameters
}

func tokenKey(region, token string) string {
	if token == "" {
		return ""
	}
	return region + "\x00" + token
}

// fingerprint identifies req by every parameter but its ClientToken,
// when it has one: a retry is the same request when it asks for the same,
// whatever the order of its tags, and whether a list it leaves empty is
// nil or not. Without a ClientToken it is the zero Sum, unused.
func (req *InvokeCommandRequest) fingerprint() listing.Sum {
	if req.ClientToken == "" {
		return listing.Sum{}
	}
	f := listing.NewFingerprint("InvokeCommand")
	f.String("RegionId", req.RegionID)
	f.String("CommandId", req.CommandID)
	f.Strings("InstanceId", req.InstanceIDs)
	f.String("RepeatMode", string(req.RepeatMode))
	f.String("Frequency", req.Frequency)
	f.String("Parameters", req.Parameters)
	f.OptionalInt("Timeout", req.Timeout)
	f.String("Username", req.Username)
	f.String("WorkingDir", req.WorkingDir)
	f.String("TerminationMode", string(req.TerminationMode))
	f.String("ContainerId", req.ContainerID)
	f.String("ContainerName", req.ContainerName)
	f.String("Launcher", req.Launcher)
	f.String("ResourceGroupId", req.ResourceGroupID)
	f.Tags("Tag", req.Tags)
	return f.Sum()
}

// fingerprint identifies req as InvokeCommandRequest.fingerprint does.
func (req *RunCommandRequest) fingerprint() listing.Sum {
	if req.ClientToken == "" {
		return listing.Sum{}
	}
	f := listing.NewFingerprint("RunCommand")
	f.String("RegionId", req.RegionID)
	f.String("Type", string(req.Type))
	f.String("Name", req.Name)
	f.String("CommandContent", req.CommandContent)
	f.String("ContentEncoding", string(req.ContentEncoding))
	f.String("Description", req.Description)
	f.String("WorkingDir", req.WorkingDir)
	f.OptionalInt("Timeout", req.Timeout)
	f.Bool("EnableParameter", req.EnableParameter)
	f.String("Launcher", req.Launcher)
	f.Bool("KeepCommand", req.KeepCommand)
	f.Strings("InstanceId", req.InstanceIDs)
	f.String("RepeatMode", string(req.RepeatMode))
	f.String("Frequency", req.Frequency)
	f.String("Parameters", req.Parameters)
	f.String("Username", req.Username)
	f.String("TerminationMode", string(req.TerminationMode))
	f.String("ContainerId", req.ContainerID)
	f.String("ContainerName", req.ContainerName)
	f.String("ResourceGroupId", req.ResourceGroupID)
	f.Tags("Tag", req.Tags)
	return f.Sum()
}

// idempotent returns the invocation that the ClientToken key was first
// used for, if any, and IdempotentParameterMismatch when it was used with
// other parameters.
func (s *Service) idempotent(key string, print listing.Sum) (*live, error) {
	if key == "" {
		return nil, nil
	}
	t, ok := s.tokens[key]
	switch {
	case !ok:
		return nil, nil
	case t.print != print:
		return nil, apierror.New(apierror.IdempotentParameterMismatch,
			"The request uses the same client token as a previous, but non-identical request.")
	}
	return t.inv, nil
}

// plan checks an invocation of c with the parameters p, and makes it,
// without making it known yet; a DryRun makes nothing.
func (s *Service) plan(c *command, p invokeParams, now time.Time) (*live, error) {
	switch {
	case len(p.instances) == 0:
		return nil, apierror.New(apierror.MissingParamInstanceID, "The input parameter \"InstanceId\" that is mandatory for processing this request is not supplied.")
	case len(p.instances) > maxInstances:
		return nil, apierror.New(apierror.InstanceIDsExceedLimit, fmt.Sprintf("The number of instance IDs exceeds the upper limit of %d.", maxInstances))
	}
	mode := p.mode
	if mode == "" {
		mode = invocation.Once
	}
	if !mode.Known() {
		return nil, apierror.New(apierror.InvalidRepeatModeNotFound, fmt.Sprintf("The specified RepeatMode %q does not exist.", p.mode))
	}
	freq := strings.TrimSpace(p.frequency)
	if freq != "" && mode != invocation.DryRun {
		mode = invocation.Period
	}
	var sched schedule.Schedule
	if mode == invocation.Period || freq != "" {
		if freq == "" {
			return nil, apierror.New(apierror.MissingParamFrequency, "The frequency must be specified when you create a timed task.")
		}
		var err error
		if sched, err = schedule.Parse(freq); err != nil {
			reason := err.Error()
			if pe, ok := err.(*schedule.ParseError); ok {
				reason = pe.Reason
			}
			return nil, apierror.New(apierror.InvalidParamFrequency, fmt.Sprintf("The specified frequency %q is invalid: %s.", freq, reason))
		}
		if _, ok := sched.Next(now); !ok {
			return nil, apierror.New(apierror.InvalidParamFrequency, fmt.Sprintf("The specified frequency %q is invalid: no run is due after %s.", freq, now.Format(time.RFC3339)))
		}
	}
	termination := p.termination
	if termination == "" {
		termination = invocation.Process
	}
	if !termination.Known() {
		return nil, apierror.New(apierror.InvalidTerminationModeNotFound, fmt.Sprintf("The specified TerminationMode %q does not exist.", p.termination))
	}
	if err := checkCommon(p.workingDir, p.launcher, p.timeout); err != nil {
		return nil, err
	}
	if runes(p.username) > maxUsernameLen {
		return nil, tooLong(apierror.UsernameExceedLimit, "Username", maxUsernameLen)
	}
	if err := checkTags(p.tags); err != nil {
		return nil, err
	}
	params, err := parseParameters(p.parameters, c)
	if err != nil {
		return nil, err
	}
	var instances []*Instance
	var ids []string
	for _, id := range p.instances {
		if slices.Contains(ids, id) {
			continue
		}
		in, err := s.instance(id)
		if err != nil {
			return nil, err
		}
		if !in.OS.runs(c.typ) {
			return nil, apierror.New(apierror.InvalidInstanceNotMatch,
				fmt.Sprintf("The instance %q, a %s instance, cannot run a command of type %s.", id, orLinux(in.OS), c.typ))
		}
		ids, instances = append(ids, id), append(instances, in)
	}
	if mode == invocation.DryRun {
		return nil, nil
	}

	timeout := c.timeout
	if t, ok := p.timeout.Get(); ok {
		timeout = t
	}
	l := &live{
		region: c.region, group: p.group, cmd: c, content: c.content, params: params, mode: mode, sched: sched,
		periodic: mode == invocation.Period || mode == invocation.EveryReboot, timeout: time.Duration(timeout) * time.Second,
	}
	if mode != invocation.Period {
		freq = ""
	}
	l.view = invocation.Invocation{
		CommandName: c.name, CommandType: c.typ, Frequency: freq, CreationTime: now, RepeatMode: mode,
		CommandContent: c.content, CommandDescription: c.description, Parameters: strings.TrimSpace(p.parameters),
		Timeout: invocation.Some(timeout), Username: p.username, WorkingDir: cmp.Or(p.workingDir, c.workingDir),
		Launcher: cmp.Or(p.launcher, c.launcher), TerminationMode: termination, ContainerID: p.containerID,
		ContainerName: p.containerName, Tags: slices.Clone(p.tags),
		Instances: make([]invocation.InvokeInstance, len(ids)),
	}
	l.execs = make([]exec, len(ids))
	for i, id := range ids {
		l.view.Instances[i] = invocation.InvokeInstance{
			InstanceID: id, CreationTime: now, Repeats: invocation.Some(int32(0)), Timed: invocation.Some(l.periodic),
		}
		l.execs[i] = exec{inv: l, i: i, inst: instances[i], at: -1}
	}
	return l, nil
}

func orLinux(os OS) OS {
	if os == "" {
		return Linux
	}
	return os
}

// commit makes the planned invocation l known, remembers the ClientToken
// key for it, and starts its executions.
func (s *Service) commit(l *live, key string, print listing.Sum, now time.Time) {
	s.makeRoom()
	l.seq = s.nextSeq()
	for l.view.InvokeID == "" || s.invs[l.view.InvokeID] != nil || s.loadedID[l.view.InvokeID] {
		l.view.InvokeID = s.newID("t-")
	}
	l.view.CommandID = l.cmd.id
	s.invs[l.view.InvokeID] = l
	s.all.Add(l)
	r := l.region
	r.index(l)
	if key != "" {
		l.token = key
		s.tokens[key] = clientToken{inv: l, print: print}
	}
	l.cmd.invokeTimes++
	l.cmd.running++
	l.open = len(l.execs)
	for i := range l.execs {
		e := &l.execs[i]
		e.seq = s.nextSeq()
		switch l.mode {
		case invocation.Period:
			s.setStatus(e, status.CurrentScheduled, now)
			next, _ := l.sched.Next(now)
			s.arm(e, evFire, next)
		case invocation.NextRebootOnly, invocation.EveryReboot:
			s.setStatus(e, status.CurrentScheduled, now)
			s.wait(e)
		default:
			s.setStatus(e, status.CurrentPending, now)
			s.armDelivery(e, now)
		}
	}
}

// parseParameters reads the Parameters of an invocation of c: the value
// of each of the content's parameters, or nil when c does not enable
// parameters.
func parseParameters(text string, c *command) (map[string]string, error) {
	text = strings.TrimSpace(text)
	values := map[string]string{}
	if text != "" {
		dec := json.NewDecoder(strings.NewReader(text))
		dec.UseNumber()
		var obj map[string]any
		if err := dec.Decode(&obj); err != nil || dec.More() || obj == nil {
			return nil, apierror.Invalid(apierror.InvalidParameterParameters, "Parameters", text, "a JSON object")
		}
		for k, v := range obj {
			switch v := v.(type) {
			case string:
				values[k] = v
			case json.Number:
				values[k] = v.String()
			case bool:
				values[k] = strconv.FormatBool(v)
			default:
				return nil, apierror.Invalid(apierror.InvalidParameterParameters, "Parameters", text, "a JSON object of strings, numbers and booleans")
			}
		}
	}
	if len(values) > 0 && !c.enableParam {
		return nil, apierror.New(apierror.ParameterDisabled, "Parameters cannot be passed in when the command customization function is disabled.")
	}
	if len(values) > maxParameters {
		return nil, apierror.New(apierror.ParameterCountExceedLimit, fmt.Sprintf("The maximum number of parameters, %d, is exceeded.", maxParameters))
	}
	for _, k := range slices.Sorted(maps.Keys(values)) {
		switch {
		case k == "":
			return nil, apierror.Invalid(apierror.InvalidParameterParameters, "Parameters", text, "an object whose keys are not empty")
		case runes(k) > maxParameterKeyLen:
			return nil, apierror.New(apierror.ParameterKeyExceedLimit, fmt.Sprintf("The parameter name %q is longer than %d characters.", k, maxParameterKeyLen))
		case !slices.Contains(c.params, k):
			return nil, apierror.New(apierror.ParameterNotMatched, fmt.Sprintf("The parameter %q is not a parameter of the command.", k))
		}
	}
	if !c.enableParam {
		return nil, nil
	}
	for _, n := range c.params {
		if _, ok := values[n]; !ok {
			return nil, apierror.New(apierror.ParameterMissingValue, fmt.Sprintf("The parameter %q of the command has no value.", n))
		}
	}
	return values, nil
}

// substitute returns the content of l as it runs on the instance
// instanceID: with the values of its parameters and of the built-in
// ACS::InstanceId, ACS::InvokeId, ACS::CommandId and ACS::RegionId, when
// the command enables parameters. Other built-in names stay as they are.
func (l *live) substitute(instanceID string) string {
	if l.params == nil {
		return l.content
	}
	return paramRE.ReplaceAllStringFunc(l.content, func(m string) string {
		name := paramRE.FindStringSubmatch(m)[1]
		switch name {
		case "ACS::InstanceId":
			return instanceID
		case "ACS::InvokeId":
			return l.view.InvokeID
		case "ACS::CommandId":
			return l.view.CommandID
		case "ACS::RegionId":
			return l.region.name
		}
		if v, ok := l.params[name]; ok {
			return v
		}
		return m
	})
}
