package fake_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/paging"
)

// Every error code of the operations, each from one case, with its HTTP status.
func TestServiceErrors(t *testing.T) {
	// A service with a fleet, a command with a parameter, one without,
	// and an invocation that is running.
	setup := func(t *testing.T) (*tfake, string, string, string) {
		f := newFake(t, fake.Config{
			Instances: []fake.Instance{{InstanceID: "i-1"}, {InstanceID: "i-2"}, {InstanceID: "i-win", OS: fake.Windows}},
			Outcome:   fake.MatchScripts(fake.Script{Duration: 3600e9}),
		})
		withParam, err := f.svc.CreateCommand(fake.CreateCommandRequest{RegionID: hz, Name: "greet", Type: invocation.RunShellScript,
			CommandContent: "echo {{name}}", ContentEncoding: fake.PlainText, EnableParameter: true})
		require.NoError(t, err)
		plain, err := f.svc.CreateCommand(fake.CreateCommandRequest{RegionID: hz, Name: "up", Type: invocation.RunShellScript,
			CommandContent: "dXB0aW1l"})
		require.NoError(t, err)
		invokeID, err := f.svc.InvokeCommand(fake.InvokeCommandRequest{RegionID: hz, CommandID: plain, InstanceIDs: []string{"i-1"}})
		require.NoError(t, err)
		return f, withParam, plain, invokeID
	}
	ids := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = "i-1"
		}
		return out
	}
	run := func(req fake.RunCommandRequest) func(*tfake, string, string, string) error {
		return func(f *tfake, _, _, _ string) error {
			if req.RegionID == "" {
				req.RegionID = hz
			}
			if req.Type == "" {
				req.Type = invocation.RunShellScript
			}
			if req.CommandContent == "" {
				req.CommandContent = "true"
			}
			if req.InstanceIDs == nil {
				req.InstanceIDs = []string{"i-1"}
			}
			_, _, err := f.svc.RunCommand(req)
			return err
		}
	}
	invoke := func(param bool, req fake.InvokeCommandRequest) func(*tfake, string, string, string) error {
		return func(f *tfake, withParam, plain, _ string) error {
			req.RegionID = hz
			if req.CommandID == "" {
				req.CommandID = plain
				if param {
					req.CommandID = withParam
				}
			}
			if req.InstanceIDs == nil {
				req.InstanceIDs = []string{"i-1"}
			}
			_, err := f.svc.InvokeCommand(req)
			return err
		}
	}
	create := func(req fake.CreateCommandRequest) func(*tfake, string, string, string) error {
		return func(f *tfake, _, _, _ string) error {
			req.RegionID = hz
			if req.Name == "" {
				req.Name = "n"
			}
			if req.Type == "" {
				req.Type = invocation.RunShellScript
			}
			if req.CommandContent == "" {
				req.CommandContent, req.ContentEncoding = "true", fake.PlainText
			}
			_, err := f.svc.CreateCommand(req)
			return err
		}
	}
	tags := func(n int) []invocation.Tag {
		out := make([]invocation.Tag, n)
		for i := range out {
			out[i] = invocation.Tag{Key: strings.Repeat("k", i+1)}
		}
		return out
	}
	tests := []struct {
		name       string
		op         func(f *tfake, withParam, plain, invokeID string) error
		wantCode   apierror.Code
		wantStatus int
	}{
		{"MissingParameter.RegionId", func(f *tfake, _, _, _ string) error {
			_, _, err := f.svc.RunCommand(fake.RunCommandRequest{Type: invocation.RunShellScript, CommandContent: "x", InstanceIDs: []string{"i-1"}})
			return err
		}, apierror.MissingParameterRegionID, 400},
		{"InvalidRegionId.NotFound", run(fake.RunCommandRequest{RegionID: "mars-1"}), apierror.InvalidRegionIDNotFound, 404},
		{"MissingParam.InstanceId", run(fake.RunCommandRequest{InstanceIDs: []string{}}), apierror.MissingParamInstanceID, 400},
		{"InstanceIds.ExceedLimit, over 100", run(fake.RunCommandRequest{InstanceIDs: ids(101)}), apierror.InstanceIDsExceedLimit, 403},
		{"InstanceIds.ExceedLimit, over 50 to stop", func(f *tfake, _, _, id string) error {
			return f.svc.StopInvocation(fake.StopInvocationRequest{RegionID: hz, InvokeID: id, InstanceIDs: ids(51)})
		}, apierror.InstanceIDsExceedLimit, 403},
		{"InvalidInstance.NotFound", run(fake.RunCommandRequest{InstanceIDs: []string{"i-1", "i-9"}}), apierror.InvalidInstanceNotFound, 404},
		{"InvalidInstanceId.NotFound", func(f *tfake, _, _, id string) error {
			return f.svc.StopInvocation(fake.StopInvocationRequest{RegionID: hz, InvokeID: id, InstanceIDs: []string{"i-2"}})
		}, apierror.InvalidInstanceIDNotFound, 404},
		{"InvalidInstance.NotMatch, a shell script on Windows", run(fake.RunCommandRequest{InstanceIDs: []string{"i-1", "i-win"}}), apierror.InvalidInstanceNotMatch, 400},
		{"InvalidInstance.NotMatch, a Bat script on Linux", run(fake.RunCommandRequest{Type: invocation.RunBatScript}), apierror.InvalidInstanceNotMatch, 400},
		{"InvalidCmdId.NotFound", invoke(false, fake.InvokeCommandRequest{CommandID: "c-nope"}), apierror.InvalidCmdIDNotFound, 404},
		{"InvalidCmdId.NotFound to delete", func(f *tfake, _, _, _ string) error {
			return f.svc.DeleteCommand(fake.DeleteCommandRequest{RegionID: hz, CommandID: "c-nope"})
		}, apierror.InvalidCmdIDNotFound, 404},
		{"InvalidCmdType.NotFound", create(fake.CreateCommandRequest{Type: "RunPythonScript"}), apierror.InvalidCmdTypeNotFound, 404},
		{"InvalidInvokeId.NotFound", func(f *tfake, _, _, _ string) error {
			return f.svc.StopInvocation(fake.StopInvocationRequest{RegionID: hz, InvokeID: "t-nope"})
		}, apierror.InvalidInvokeIDNotFound, 404},
		{"InvalidRepeatMode.NotFound", invoke(false, fake.InvokeCommandRequest{RepeatMode: "Hourly"}), apierror.InvalidRepeatModeNotFound, 404},
		{"InvalidTerminationMode.NotFound", invoke(false, fake.InvokeCommandRequest{TerminationMode: "Kill"}), apierror.InvalidTerminationModeNotFound, 404},
		{"MissingParam.Frequency", invoke(false, fake.InvokeCommandRequest{RepeatMode: invocation.Period}), apierror.MissingParamFrequency, 400},
		{"InvalidParam.Frequency", invoke(false, fake.InvokeCommandRequest{Frequency: "rate(1s)"}), apierror.InvalidParamFrequency, 400},
		{"InvalidParam.Frequency, no run after now", invoke(false, fake.InvokeCommandRequest{Frequency: "at(2020-01-01 00:00:00)"}), apierror.InvalidParamFrequency, 400},
		{"InvalidParameter.Parameters", invoke(true, fake.InvokeCommandRequest{Parameters: `["x"]`}), apierror.InvalidParameterParameters, 400},
		{"InvalidParameter.Parameters, a value that is an object", invoke(true, fake.InvokeCommandRequest{Parameters: `{"name":{}}`}), apierror.InvalidParameterParameters, 400},
		{"Parameter.Disabled", invoke(false, fake.InvokeCommandRequest{Parameters: `{"name":"x"}`}), apierror.ParameterDisabled, 400},
		{"Parameter.MissingValue", invoke(true, fake.InvokeCommandRequest{}), apierror.ParameterMissingValue, 400},
		{"Parameter.NotMatched", invoke(true, fake.InvokeCommandRequest{Parameters: `{"name":"x","other":"y"}`}), apierror.ParameterNotMatched, 403},
		{"ParameterCount.ExceedLimit", invoke(true, fake.InvokeCommandRequest{Parameters: `{"a":"","b":"","c":"","d":"","e":"","f":"","g":"","h":"","i":"","j":"","name":""}`}), apierror.ParameterCountExceedLimit, 403},
		{"ParameterKey.ExceedLimit", invoke(true, fake.InvokeCommandRequest{Parameters: `{"` + strings.Repeat("k", 65) + `":"x"}`}), apierror.ParameterKeyExceedLimit, 403},
		{"CmdContent.ExceedLimit, CreateCommand over 18 KB", create(fake.CreateCommandRequest{CommandContent: strings.Repeat("x", 13825), ContentEncoding: fake.PlainText}), apierror.CmdContentExceedLimit, 403},
		{"CmdContent.ExceedLimit, RunCommand over 24 KB", run(fake.RunCommandRequest{CommandContent: strings.Repeat("x", 18433)}), apierror.CmdContentExceedLimit, 403},
		{"CmdContent.ExceedLimit, RunCommand to keep over 18 KB", run(fake.RunCommandRequest{CommandContent: strings.Repeat("x", 13825), KeepCommand: true}), apierror.CmdContentExceedLimit, 403},
		{"CmdContent.DecodeError", create(fake.CreateCommandRequest{CommandContent: "not base64!"}), apierror.CmdContentDecodeError, 400},
		{"CmdName.ExceedLimit", create(fake.CreateCommandRequest{Name: strings.Repeat("n", 129)}), apierror.CmdNameExceedLimit, 403},
		{"CmdDesc.ExceedLimit", run(fake.RunCommandRequest{Description: strings.Repeat("d", 513)}), apierror.CmdDescExceedLimit, 403},
		{"CmdCount.ExceedQuota", func(f *tfake, _, _, _ string) error {
			for {
				if _, err := f.svc.CreateCommand(fake.CreateCommandRequest{RegionID: hz, Name: "n", Type: invocation.RunShellScript, CommandContent: "dHJ1ZQ=="}); err != nil {
					return err
				}
			}
		}, apierror.CmdCountExceedQuota, 403},
		{"Username.ExceedLimit", run(fake.RunCommandRequest{Username: strings.Repeat("u", 256)}), apierror.UsernameExceedLimit, 403},
		{"IdempotentParameterMismatch", func(f *tfake, _, plain, _ string) error {
			req := fake.InvokeCommandRequest{RegionID: hz, CommandID: plain, InstanceIDs: []string{"i-1"}, ClientToken: "tok"}
			if _, err := f.svc.InvokeCommand(req); err != nil {
				return err
			}
			req.InstanceIDs = []string{"i-2"}
			_, err := f.svc.InvokeCommand(req)
			return err
		}, apierror.IdempotentParameterMismatch, 403},
		{"InvalidStatus.CmdIdInUse", func(f *tfake, _, plain, _ string) error {
			return f.svc.DeleteCommand(fake.DeleteCommandRequest{RegionID: hz, CommandID: plain})
		}, apierror.InvalidStatusCmdIDInUse, 403},
		{"MissingParameter.Name", func(f *tfake, _, _, _ string) error {
			_, err := f.svc.CreateCommand(fake.CreateCommandRequest{RegionID: hz, Type: invocation.RunShellScript, CommandContent: "eA=="})
			return err
		}, "MissingParameter.Name", 400},
		{"MissingParameter.Type", func(f *tfake, _, _, _ string) error {
			_, err := f.svc.CreateCommand(fake.CreateCommandRequest{RegionID: hz, Name: "n", CommandContent: "eA=="})
			return err
		}, "MissingParameter.Type", 400},
		{"MissingParameter.CommandContent", func(f *tfake, _, _, _ string) error {
			_, _, err := f.svc.RunCommand(fake.RunCommandRequest{RegionID: hz, Type: invocation.RunShellScript, InstanceIDs: []string{"i-1"}})
			return err
		}, "MissingParameter.CommandContent", 400},
		{"MissingParameter.CommandId", func(f *tfake, _, _, _ string) error {
			_, err := f.svc.InvokeCommand(fake.InvokeCommandRequest{RegionID: hz, InstanceIDs: []string{"i-1"}})
			return err
		}, "MissingParameter.CommandId", 400},
		{"MissingParameter.InvokeId", func(f *tfake, _, _, _ string) error {
			return f.svc.StopInvocation(fake.StopInvocationRequest{RegionID: hz})
		}, "MissingParameter.InvokeId", 400},
		{"NumberExceed.Tags", run(fake.RunCommandRequest{Tags: tags(21)}), apierror.NumberExceedTags, 400},
		{"Duplicate.TagKey", create(fake.CreateCommandRequest{Tags: []invocation.Tag{{Key: "k"}, {Key: "k"}}}), apierror.DuplicateTagKey, 400},
		{"InvalidTagKey.Malformed", invoke(false, fake.InvokeCommandRequest{Tags: []invocation.Tag{{Key: ""}}}), apierror.InvalidTagKeyMalformed, 400},
		{"InvalidTagValue.Malformed", invoke(false, fake.InvokeCommandRequest{Tags: []invocation.Tag{{Key: "k", Value: strings.Repeat("v", 129)}}}), apierror.InvalidTagValueMalformed, 400},
		{"InvalidParam.Timeout (decision)", invoke(false, fake.InvokeCommandRequest{Timeout: invocation.Some[int64](9)}), "InvalidParam.Timeout", 400},
		{"InvalidParam.WorkingDir (decision)", create(fake.CreateCommandRequest{WorkingDir: strings.Repeat("/", 201)}), "InvalidParam.WorkingDir", 400},
		{"InvalidParam.Launcher (decision)", invoke(false, fake.InvokeCommandRequest{Launcher: strings.Repeat("l", 1025)}), "InvalidParam.Launcher", 400},
		{"InvalidParameter.InvokeRecordStatus (decision)", func(f *tfake, _, _, _ string) error {
			_, err := f.svc.DescribeInvocationResults(fake.DescribeInvocationResultsRequest{RegionID: hz, InvokeRecordStatus: "PartialFailed"})
			return err
		}, "InvalidParameter.InvokeRecordStatus", 400},
		{"InvalidParameter.ContentEncoding", func(f *tfake, _, _, _ string) error {
			_, err := f.svc.DescribeCommands(fake.DescribeCommandsRequest{RegionID: hz, ContentEncoding: "hex"})
			return err
		}, apierror.InvalidParameterContentEncoding, 400},
		{"InvalidParam.PageSize", func(f *tfake, _, _, _ string) error {
			_, err := f.svc.DescribeInvocationResults(fake.DescribeInvocationResultsRequest{RegionID: hz, Paging: paging.Request{Page: paging.Page{Number: 1, Size: 51}}})
			return err
		}, apierror.InvalidParamPageSize, 400},
		{"InvalidParameter.NextToken", func(f *tfake, _, _, _ string) error {
			_, err := f.svc.DescribeCommands(fake.DescribeCommandsRequest{RegionID: hz, Paging: paging.Request{ByToken: true, Cursor: paging.Cursor{NextToken: "made-up"}}})
			return err
		}, apierror.InvalidParameterNextToken, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, withParam, plain, invokeID := setup(t)
			err := tt.op(f, withParam, plain, invokeID)
			var apiErr *apierror.Error
			require.True(t, errors.As(err, &apiErr), "an *apierror.Error, not %v", err)
			require.Equal(t, tt.wantCode, apiErr.Code, apiErr.Message)
			require.Equal(t, tt.wantStatus, apiErr.HTTPStatus)
			require.NotEmpty(t, apiErr.Message)
		})
	}
}

// The spellings the vendor uses differ between operations: the fake keeps
// them.
func TestServiceErrorsSpelling(t *testing.T) {
	f := newFake(t, fake.Config{Instances: []fake.Instance{{InstanceID: "i-1"}}})
	_, _, err := f.svc.RunCommand(fake.RunCommandRequest{RegionID: hz, Type: invocation.RunShellScript, CommandContent: "x", InstanceIDs: []string{"i-2"}})
	require.ErrorContains(t, err, "InvalidInstance.NotFound")
	id := f.run("x", "i-1")
	err = f.svc.StopInvocation(fake.StopInvocationRequest{RegionID: hz, InvokeID: id, InstanceIDs: []string{"i-2"}})
	require.ErrorContains(t, err, "InvalidInstanceId.NotFound")
}

// Without a fleet every well-formed instance id is a running Linux
// instance; an id that is not well formed does not exist.
func TestNoFleet(t *testing.T) {
	f := newFake(t, fake.Config{})
	f.run("x", "i-bp1abc", "i-XYZ123")
	for _, bad := range []string{"bp1abc", "i-", "i-a_b", "i-" + strings.Repeat("a", 63)} {
		_, _, err := f.svc.RunCommand(fake.RunCommandRequest{RegionID: hz, Type: invocation.RunShellScript, CommandContent: "x", InstanceIDs: []string{bad}})
		var apiErr *apierror.Error
		require.True(t, errors.As(err, &apiErr), bad)
		require.Equal(t, apierror.InvalidInstanceNotFound, apiErr.Code, bad)
	}
	_, _, err := f.svc.RunCommand(fake.RunCommandRequest{RegionID: hz, Type: invocation.RunPowerShellScript, CommandContent: "x", InstanceIDs: []string{"i-1"}})
	require.ErrorContains(t, err, "InvalidInstance.NotMatch", "no fleet: Linux")
	require.ErrorContains(t, f.svc.Reboot("nope"), "InvalidInstance.NotFound")
}
