package invocation_test

import (
	"errors"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/paging"
	"github.com/ecsassist/cloudassistant/status"
)

const base = "Action=DescribeInvocations&RegionId=cn-hangzhou"

func ptr[T any](v T) *T { return &v }

func TestParseQuery(t *testing.T) {
	defaultPaging := paging.Request{Page: paging.DefaultPage}
	tests := []struct {
		name       string
		query      string
		regions    []string
		want       invocation.Query
		wantCode   invocation.Code
		wantStatus int
		wantFormat invocation.Format
		reason     string
	}{
		{name: "the seed's request", query: base,
			want: invocation.Query{RegionID: "cn-hangzhou", Format: invocation.FormatXML, Paging: defaultPaging}},
		{name: "every filter", query: base + "&InvokeId=t-1&CommandId=c-1&CommandName=n&CommandType=RunShellScript&Timed=TRUE&InstanceId=i-1&InvokeStatus=finished&PageNumber=2&PageSize=5&Format=json",
			want: invocation.Query{RegionID: "cn-hangzhou", InvokeID: "t-1", CommandID: "c-1", CommandName: "n",
				CommandType: invocation.RunShellScript, Timed: ptr(true), InstanceID: "i-1", InvokeStatus: status.LegacyFinished,
				Paging: paging.Request{Page: paging.Page{Number: 2, Size: 5}}, Format: invocation.FormatJSON}},
		{name: "seed's Type", query: base + "&Type=RunBatScript",
			want: invocation.Query{RegionID: "cn-hangzhou", CommandType: invocation.RunBatScript, Format: invocation.FormatXML, Paging: defaultPaging}},
		{name: "Type and CommandType agree", query: base + "&Type=RunBatScript&CommandType=RunBatScript",
			want: invocation.Query{RegionID: "cn-hangzhou", CommandType: invocation.RunBatScript, Format: invocation.FormatXML, Paging: defaultPaging}},
		{name: "Timed false", query: base + "&Timed=False",
			want: invocation.Query{RegionID: "cn-hangzhou", Timed: ptr(false), Format: invocation.FormatXML, Paging: defaultPaging}},
		{name: "Success filters the current status", query: base + "&InvokeStatus=Success",
			want:   invocation.Query{RegionID: "cn-hangzhou", InvocationStatus: status.CurrentSuccess, Format: invocation.FormatXML, Paging: defaultPaging},
			reason: "SPEC §4: Success, Pending and Scheduled filter the current status"},
		{name: "Scheduled", query: base + "&InvokeStatus=scheduled",
			want: invocation.Query{RegionID: "cn-hangzhou", InvocationStatus: status.CurrentScheduled, Format: invocation.FormatXML, Paging: defaultPaging}},
		{name: "token paging", query: base + "&MaxResults=3&NextToken=abc",
			want: invocation.Query{RegionID: "cn-hangzhou", Format: invocation.FormatXML,
				Paging: paging.Request{ByToken: true, Cursor: paging.Cursor{MaxResults: 3, NextToken: "abc"}}}},
		{name: "own regions", query: "Action=DescribeInvocations&RegionId=local-1", regions: []string{"local-1"},
			want: invocation.Query{RegionID: "local-1", Format: invocation.FormatXML, Paging: defaultPaging}},

		{name: "bad format", query: base + "&Format=YAML", wantCode: invocation.CodeInvalidFormat, wantStatus: 400, wantFormat: invocation.FormatXML},
		{name: "no action", query: "RegionId=cn-hangzhou&Format=JSON", wantCode: invocation.CodeInvalidAction, wantStatus: 404,
			wantFormat: invocation.FormatJSON, reason: "the error is answered in the format asked for"},
		{name: "other action", query: "Action=RunCommand&RegionId=cn-hangzhou", wantCode: invocation.CodeInvalidAction, wantStatus: 404},
		{name: "action case", query: "Action=describeinvocations&RegionId=cn-hangzhou", wantCode: invocation.CodeInvalidAction, wantStatus: 404},
		{name: "no region", query: "Action=DescribeInvocations", wantCode: invocation.CodeMissingRegionID, wantStatus: 400},
		{name: "empty region", query: "Action=DescribeInvocations&RegionId=", wantCode: invocation.CodeMissingRegionID, wantStatus: 400},
		{name: "unknown region", query: "Action=DescribeInvocations&RegionId=mars-1", wantCode: invocation.CodeInvalidRegionID, wantStatus: 404},
		{name: "region not in own list", query: base, regions: []string{"local-1"}, wantCode: invocation.CodeInvalidRegionID, wantStatus: 404},
		{name: "types disagree", query: base + "&Type=RunBatScript&CommandType=RunShellScript", wantCode: invocation.CodeInvalidCommandType, wantStatus: 400},
		{name: "unknown type", query: base + "&CommandType=RunPythonScript", wantCode: invocation.CodeInvalidCommandType, wantStatus: 400},
		{name: "type case", query: base + "&CommandType=runshellscript", wantCode: invocation.CodeInvalidCommandType, wantStatus: 400,
			reason: "values of request parameters are exact, as the API's enumerations are"},
		{name: "bad timed", query: base + "&Timed=yes", wantCode: invocation.CodeInvalidTimed, wantStatus: 400},
		{name: "unknown status", query: base + "&InvokeStatus=Done", wantCode: invocation.CodeInvalidInvokeStatus, wantStatus: 400},
		{name: "instance-only status", query: base + "&InvokeStatus=Timeout", wantCode: invocation.CodeInvalidInvokeStatus, wantStatus: 400},
		{name: "bad page size", query: base + "&PageSize=51", wantCode: invocation.CodeInvalidPageSize, wantStatus: 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := url.ParseQuery(tt.query)
			require.NoError(t, err)
			got, err := invocation.ParseQuery(v, tt.regions...)
			if tt.wantCode != "" {
				var apiErr *invocation.Error
				require.True(t, errors.As(err, &apiErr), "%v (%s)", err, tt.reason)
				require.Equal(t, tt.wantCode, apiErr.Code, apiErr.Message)
				require.Equal(t, tt.wantStatus, apiErr.HTTPStatus)
				if tt.wantFormat != "" {
					require.Equal(t, tt.wantFormat, got.Format, tt.reason)
				}
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got, tt.reason)
		})
	}
	require.Len(t, invocation.KnownRegions(), 27)
	invocation.KnownRegions()[0] = "x"
	require.Equal(t, "cn-qingdao", invocation.KnownRegions()[0])
}

func TestQueryMatch(t *testing.T) {
	inv := invocation.Invocation{InvokeID: "t-1", CommandID: "c-1", CommandName: "deploy", CommandType: invocation.RunShellScript,
		InvokeStatus: status.LegacyPartialFailed, InvocationStatus: status.CurrentPartialFailed, Timed: false,
		Instances: []invocation.InvokeInstance{{InstanceID: "i-1"}, {InstanceID: "i-2"}}}
	tests := []struct {
		name   string
		q      invocation.Query
		want   bool
		reason string
	}{
		{"no filter", invocation.Query{}, true, ""},
		{"invoke id", invocation.Query{InvokeID: "t-1"}, true, ""},
		{"other invoke id", invocation.Query{InvokeID: "t-2"}, false, ""},
		{"command id", invocation.Query{CommandID: "c-2"}, false, ""},
		{"command name", invocation.Query{CommandName: "deploy"}, true, ""},
		{"other command name", invocation.Query{CommandName: "other"}, false, ""},
		{"command name ignored with instance", invocation.Query{CommandName: "other", InstanceID: "i-2"}, true,
			"SPEC §4: CommandName is ignored when InstanceId is given"},
		{"command type", invocation.Query{CommandType: invocation.RunBatScript}, false, ""},
		{"timed", invocation.Query{Timed: ptr(true)}, false, ""},
		{"one-time", invocation.Query{Timed: ptr(false)}, true, ""},
		{"legacy status", invocation.Query{InvokeStatus: status.LegacyPartialFailed}, true, ""},
		{"other legacy status", invocation.Query{InvokeStatus: status.LegacyRunning}, false, ""},
		{"partial failed ignored with instance", invocation.Query{InvokeStatus: status.LegacyFinished, InstanceID: "i-1"}, false,
			"only PartialFailed is ignored"},
		{"partial failed filter ignored with instance", invocation.Query{InvokeStatus: status.LegacyPartialFailed, InstanceID: "i-1"}, true, ""},
		{"current status", invocation.Query{InvocationStatus: status.CurrentSuccess}, false, ""},
		{"instance", invocation.Query{InstanceID: "i-2"}, true, ""},
		{"other instance", invocation.Query{InstanceID: "i-3"}, false, ""},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, tt.q.Match(&inv), "%s %s", tt.name, tt.reason)
	}
	periodic := invocation.Invocation{InvokeStatus: status.LegacyRunning, Timed: true, Instances: []invocation.InvokeInstance{{InstanceID: "i-1"}}}
	q := invocation.Query{InvokeStatus: status.LegacyPartialFailed, InstanceID: "i-1"}
	require.True(t, q.Match(&periodic), "PartialFailed is ignored when InstanceId is given")
}
