package fakehttp

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/jsoncodec"
	"github.com/ecsassist/cloudassistant/paging"
	"github.com/ecsassist/cloudassistant/status"
	"github.com/ecsassist/cloudassistant/xmlcodec"
)

// The shell: each operation of a Service as the API takes it, its
// parameters read from a request's and its answer written as a body. It
// reads text into the types of the Service's requests and writes what the
// Service answers; it decides nothing else.

// operation reads a request of one action from its parameters, has the
// service answer it, and returns what writes the answer.
type operation func(s *fake.Service, v url.Values) (answer, error)

// answer appends the body of a successful answer to an action in a
// format, with its RequestId, to buf.
type answer func(buf []byte, f Format, action, requestID string) []byte

// members returns the answer whose body is the root element (XML) or
// object (JSON) actionResponse, with the RequestId and the members that
// fill writes.
func members(fill func(w *body)) answer {
	return func(buf []byte, f Format, action, requestID string) []byte {
		b := newBody(buf, f, action+"Response")
		b.str("RequestId", requestID)
		fill(b)
		return b.finish()
	}
}

// operations are the actions a Handler serves, each from its parameters.
var operations = map[string]operation{
	"DescribeInvocations":       describeInvocations,
	"CreateCommand":             createCommand,
	"DescribeCommands":          describeCommands,
	"DeleteCommand":             deleteCommand,
	"InvokeCommand":             invokeCommand,
	"RunCommand":                runCommand,
	"StopInvocation":            stopInvocation,
	"DescribeInvocationResults": describeInvocationResults,
}

// Actions returns the actions a Handler serves, in alphabetical order:
// the eight operations of the fake.
func Actions() []string { return slices.Sorted(maps.Keys(operations)) }

func describeInvocations(s *fake.Service, v url.Values) (answer, error) {
	req, err := ParseDescribeInvocations(v)
	if err != nil {
		return nil, err
	}
	resp, err := s.DescribeInvocations(req)
	if err != nil {
		return nil, err
	}
	return func(buf []byte, f Format, _, requestID string) []byte {
		resp.RequestID = requestID
		if f == FormatJSON {
			return jsoncodec.AppendResponse(buf, &resp)
		}
		return xmlcodec.AppendResponse(append(buf, xmlHeader...), &resp)
	}, nil
}

func createCommand(s *fake.Service, v url.Values) (answer, error) {
	req := fake.CreateCommandRequest{
		RegionID: v.Get("RegionId"), Name: v.Get("Name"), Type: invocation.CommandType(v.Get("Type")),
		CommandContent: v.Get("CommandContent"), ContentEncoding: fake.ContentEncoding(v.Get("ContentEncoding")),
		Description: v.Get("Description"), WorkingDir: v.Get("WorkingDir"), Launcher: v.Get("Launcher"),
		ResourceGroupID: v.Get("ResourceGroupId"),
	}
	var err error
	if req.Timeout, err = intParam(v, "Timeout", apierror.InvalidParamTimeout); err != nil {
		return nil, err
	}
	if req.EnableParameter, err = boolParam(v, "EnableParameter", apierror.InvalidParameterEnableParameter); err != nil {
		return nil, err
	}
	if req.Tags, err = parseTags(v); err != nil {
		return nil, err
	}
	id, err := s.CreateCommand(req)
	if err != nil {
		return nil, err
	}
	return members(func(w *body) { w.str("CommandId", id) }), nil
}

func describeCommands(s *fake.Service, v url.Values) (answer, error) {
	req := fake.DescribeCommandsRequest{
		RegionID: v.Get("RegionId"), CommandID: v.Get("CommandId"), Type: invocation.CommandType(v.Get("Type")),
		Name: v.Get("Name"), ResourceGroupID: v.Get("ResourceGroupId"), ContentEncoding: fake.ContentEncoding(v.Get("ContentEncoding")),
	}
	var err error
	if req.Tags, err = parseTags(v); err != nil {
		return nil, err
	}
	if req.Paging, err = paging.Parse(v); err != nil {
		return nil, err
	}
	resp, err := s.DescribeCommands(req)
	if err != nil {
		return nil, err
	}
	return members(func(w *body) {
		writePaging(w, resp.TotalCount, resp.PageNumber, resp.PageSize, resp.NextToken)
		w.list("Commands", "Command", len(resp.Commands), func(i int) {
			c := &resp.Commands[i]
			w.str("CommandId", c.CommandID)
			w.str("Name", c.Name)
			w.str("Type", string(c.Type))
			w.str("CommandContent", c.CommandContent)
			w.str("Description", c.Description)
			w.str("WorkingDir", c.WorkingDir)
			w.int("Timeout", c.Timeout)
			w.bool("EnableParameter", c.EnableParameter)
			w.strings("ParameterNames", "ParameterName", c.ParameterNames)
			w.str("Launcher", c.Launcher)
			w.int("InvokeTimes", int64(c.InvokeTimes))
			w.time("CreationTime", c.CreationTime)
			w.str("ResourceGroupId", c.ResourceGroupID)
			writeTags(w, c.Tags)
		})
	}), nil
}

func deleteCommand(s *fake.Service, v url.Values) (answer, error) {
	if err := s.DeleteCommand(fake.DeleteCommandRequest{RegionID: v.Get("RegionId"), CommandID: v.Get("CommandId")}); err != nil {
		return nil, err
	}
	return members(func(*body) {}), nil
}

func invokeCommand(s *fake.Service, v url.Values) (answer, error) {
	req := fake.InvokeCommandRequest{
		RegionID: v.Get("RegionId"), CommandID: v.Get("CommandId"),
		RepeatMode: invocation.RepeatMode(v.Get("RepeatMode")), Frequency: v.Get("Frequency"), Parameters: v.Get("Parameters"),
		Username: v.Get("Username"), WorkingDir: v.Get("WorkingDir"), TerminationMode: invocation.TerminationMode(v.Get("TerminationMode")),
		ContainerID: v.Get("ContainerId"), ContainerName: v.Get("ContainerName"), Launcher: v.Get("Launcher"),
		ResourceGroupID: v.Get("ResourceGroupId"), ClientToken: v.Get("ClientToken"),
	}
	var err error
	if req.InstanceIDs, err = listParam(v, "InstanceId"); err != nil {
		return nil, err
	}
	if req.Timeout, err = intParam(v, "Timeout", apierror.InvalidParamTimeout); err != nil {
		return nil, err
	}
	if req.Tags, err = parseTags(v); err != nil {
		return nil, err
	}
	id, err := s.InvokeCommand(req)
	if err != nil {
		return nil, err
	}
	return members(func(w *body) { w.str("InvokeId", id) }), nil
}

func runCommand(s *fake.Service, v url.Values) (answer, error) {
	req := fake.RunCommandRequest{
		RegionID: v.Get("RegionId"), Type: invocation.CommandType(v.Get("Type")), Name: v.Get("Name"),
		CommandContent: v.Get("CommandContent"), ContentEncoding: fake.ContentEncoding(v.Get("ContentEncoding")),
		Description: v.Get("Description"), WorkingDir: v.Get("WorkingDir"), Launcher: v.Get("Launcher"),
		RepeatMode: invocation.RepeatMode(v.Get("RepeatMode")), Frequency: v.Get("Frequency"), Parameters: v.Get("Parameters"),
		Username: v.Get("Username"), TerminationMode: invocation.TerminationMode(v.Get("TerminationMode")),
		ContainerID: v.Get("ContainerId"), ContainerName: v.Get("ContainerName"),
		ResourceGroupID: v.Get("ResourceGroupId"), ClientToken: v.Get("ClientToken"),
	}
	var err error
	if req.InstanceIDs, err = listParam(v, "InstanceId"); err != nil {
		return nil, err
	}
	if req.Timeout, err = intParam(v, "Timeout", apierror.InvalidParamTimeout); err != nil {
		return nil, err
	}
	if req.EnableParameter, err = boolParam(v, "EnableParameter", apierror.InvalidParameterEnableParameter); err != nil {
		return nil, err
	}
	if req.KeepCommand, err = boolParam(v, "KeepCommand", apierror.InvalidParameterKeepCommand); err != nil {
		return nil, err
	}
	if req.Tags, err = parseTags(v); err != nil {
		return nil, err
	}
	cmd, inv, err := s.RunCommand(req)
	if err != nil {
		return nil, err
	}
	return members(func(w *body) {
		w.str("CommandId", cmd)
		w.str("InvokeId", inv)
	}), nil
}

func stopInvocation(s *fake.Service, v url.Values) (answer, error) {
	req := fake.StopInvocationRequest{RegionID: v.Get("RegionId"), InvokeID: v.Get("InvokeId")}
	var err error
	if req.InstanceIDs, err = listParam(v, "InstanceId"); err != nil {
		return nil, err
	}
	if err := s.StopInvocation(req); err != nil {
		return nil, err
	}
	return members(func(*body) {}), nil
}

func describeInvocationResults(s *fake.Service, v url.Values) (answer, error) {
	req := fake.DescribeInvocationResultsRequest{
		RegionID: v.Get("RegionId"), InvokeID: v.Get("InvokeId"), InstanceID: v.Get("InstanceId"), CommandID: v.Get("CommandId"),
		ResourceGroupID: v.Get("ResourceGroupId"), ContentEncoding: fake.ContentEncoding(v.Get("ContentEncoding")),
	}
	if v.Has("InvokeRecordStatus") {
		// Read as any status is, in any case; the service says which it
		// takes.
		req.InvokeRecordStatus = status.ParseLegacy(v.Get("InvokeRecordStatus"))
		if req.InvokeRecordStatus == "" {
			req.InvokeRecordStatus = status.Legacy(v.Get("InvokeRecordStatus"))
		}
	}
	var err error
	if req.IncludeHistory, err = boolParam(v, "IncludeHistory", apierror.InvalidParameterIncludeHistory); err != nil {
		return nil, err
	}
	if req.Tags, err = parseTags(v); err != nil {
		return nil, err
	}
	if req.Paging, err = paging.Parse(v); err != nil {
		return nil, err
	}
	resp, err := s.DescribeInvocationResults(req)
	if err != nil {
		return nil, err
	}
	return members(func(w *body) {
		w.object("Invocation", func() {
			writePaging(w, resp.TotalCount, resp.PageNumber, resp.PageSize, resp.NextToken)
			w.list("InvocationResults", "InvocationResult", len(resp.Results), func(i int) {
				writeResult(w, &resp.Results[i])
			})
		})
	}), nil
}

// writeResult writes the members of a record of DescribeInvocationResults.
func writeResult(w *body, r *invocation.Result) {
	w.str("CommandId", r.CommandID)
	w.str("InvokeId", r.InvokeID)
	w.str("InstanceId", r.InstanceID)
	w.str("InvocationStatus", string(r.InvocationStatus))
	w.str("InvokeRecordStatus", string(r.InvokeRecordStatus))
	if x, ok := r.ExitCode.Get(); ok {
		w.int("ExitCode", x)
	}
	w.str("Output", r.Output)
	if d, ok := r.Dropped.Get(); ok {
		w.int("Dropped", int64(d))
	}
	if n, ok := r.Repeats.Get(); ok {
		w.int("Repeats", int64(n))
	}
	w.time("StartTime", r.StartTime)
	w.time("FinishedTime", r.FinishedTime)
	w.time("StopTime", r.StopTime)
	w.str("ErrorCode", string(r.ErrorCode))
	w.str("ErrorInfo", r.ErrorInfo)
	w.str("Username", r.Username)
	w.str("ContainerId", r.ContainerID)
	w.str("ContainerName", r.ContainerName)
	w.str("TerminationMode", string(r.TerminationMode))
	w.str("Launcher", r.Launcher)
	writeTags(w, r.Tags)
}

// writePaging writes the paging members of a page: TotalCount, and
// PageNumber and PageSize for page-number paging, or NextToken, on every
// page but the last, for token paging.
func writePaging(w *body, total, number, size int, next string) {
	w.int("TotalCount", int64(total))
	if number != 0 {
		w.int("PageNumber", int64(number))
		w.int("PageSize", int64(size))
	}
	if next != "" {
		w.str("NextToken", next)
	}
}

func writeTags(w *body, tags []invocation.Tag) {
	w.list("Tags", "Tag", len(tags), func(i int) {
		w.str("TagKey", tags[i].Key)
		w.str("TagValue", tags[i].Value)
	})
}

// boolParam reads the boolean parameter name: true or false, in any case,
// absent meaning false. Other text is code (400).
func boolParam(v url.Values, name string, code apierror.Code) (bool, error) {
	if !v.Has(name) {
		return false, nil
	}
	switch t := v.Get(name); {
	case strings.EqualFold(t, "true"):
		return true, nil
	case strings.EqualFold(t, "false"):
		return false, nil
	default:
		return false, apierror.Invalid(code, name, t, "true or false")
	}
}

// intParam reads the integer parameter name, in decimal with an optional
// sign; absent, it is not set. Other text, the empty text included, is
// code (400).
func intParam(v url.Values, name string, code apierror.Code) (invocation.Optional[int64], error) {
	if !v.Has(name) {
		return invocation.Optional[int64]{}, nil
	}
	t := v.Get(name)
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil {
		return invocation.Optional[int64]{}, apierror.Invalid(code, name, t, "an integer")
	}
	return invocation.Some(n), nil
}

// listParam reads the list parameter name: the values of name.1, name.2…
// in the order of N, which may skip numbers. name.0 is InvalidParameter
// (400); a name.N whose N is not a decimal number without a sign or a
// leading zero is not an item of the list, and is ignored as any unknown
// parameter is.
func listParam(v url.Values, name string) ([]string, error) {
	type item struct {
		n int
		v string
	}
	var items []item
	for k := range v {
		rest, ok := strings.CutPrefix(k, name+".")
		if !ok {
			continue
		}
		n, ok := listIndex(rest)
		switch {
		case !ok:
			continue
		case n < 1:
			return nil, apierror.New(apierror.InvalidParameter,
				fmt.Sprintf("The specified parameter %q is not valid: a list is numbered from %s.1.", k, name))
		}
		items = append(items, item{n, v.Get(k)})
	}
	slices.SortFunc(items, func(a, b item) int { return a.n - b.n })
	var out []string
	for _, it := range items {
		out = append(out, it.v)
	}
	return out, nil
}

// listIndex reads the N of a list parameter such as Tag.N.Key: decimal
// digits without a sign or a leading zero ("0" alone is 0). A number too
// large for an int is the largest int.
func listIndex(s string) (int, bool) {
	if s == "" || len(s) > 1 && s[0] == '0' {
		return 0, false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return int(^uint(0) >> 1), true
	}
	return n, true
}
