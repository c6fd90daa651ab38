package mock_test

import (
	"errors"
	"net/url"
	"testing"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/mock"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/paging"
	"github.com/ecsassist/cloudassistant/status"
)

const baseQuery = "Action=DescribeInvocations&RegionId=cn-hangzhou"

func ptr[T any](v T) *T { return &v }

func TestParseQuery(t *testing.T) {
	defaultPaging := paging.Request{Page: paging.DefaultPage}
	tests := []struct {
		name       string
		query      string
		regions    []string
		want       mock.Query
		wantCode   apierror.Code
		wantStatus int
		wantFormat mock.Format
		reason     string
	}{
		{name: "the seed's request", query: baseQuery,
			want: mock.Query{RegionID: "cn-hangzhou", Format: mock.FormatXML, Paging: defaultPaging}},
		{name: "every filter", query: baseQuery + "&InvokeId=t-1&CommandId=c-1&CommandName=n&CommandType=RunShellScript&Timed=TRUE&InstanceId=i-1&InvokeStatus=finished&PageNumber=2&PageSize=5&Format=json",
			want: mock.Query{RegionID: "cn-hangzhou", InvokeID: "t-1", CommandID: "c-1", CommandName: "n",
				CommandType: invocation.RunShellScript, Timed: ptr(true), InstanceID: "i-1", InvokeStatus: status.LegacyFinished,
				Paging: paging.Request{Page: paging.Page{Number: 2, Size: 5}}, Format: mock.FormatJSON}},
		{name: "seed's Type", query: baseQuery + "&Type=RunBatScript",
			want: mock.Query{RegionID: "cn-hangzhou", CommandType: invocation.RunBatScript, Format: mock.FormatXML, Paging: defaultPaging}},
		{name: "Type and CommandType agree", query: baseQuery + "&Type=RunBatScript&CommandType=RunBatScript",
			want: mock.Query{RegionID: "cn-hangzhou", CommandType: invocation.RunBatScript, Format: mock.FormatXML, Paging: defaultPaging}},
		{name: "Timed false", query: baseQuery + "&Timed=False",
			want: mock.Query{RegionID: "cn-hangzhou", Timed: ptr(false), Format: mock.FormatXML, Paging: defaultPaging}},
		{name: "Success filters the current status", query: baseQuery + "&InvokeStatus=Success",
			want:   mock.Query{RegionID: "cn-hangzhou", InvocationStatus: status.CurrentSuccess, Format: mock.FormatXML, Paging: defaultPaging},
			reason: "SPEC §4: Success, Pending and Scheduled filter the current status"},
		{name: "Scheduled", query: baseQuery + "&InvokeStatus=scheduled",
			want: mock.Query{RegionID: "cn-hangzhou", InvocationStatus: status.CurrentScheduled, Format: mock.FormatXML, Paging: defaultPaging}},
		{name: "token paging", query: baseQuery + "&MaxResults=3&NextToken=abc",
			want: mock.Query{RegionID: "cn-hangzhou", Format: mock.FormatXML,
				Paging: paging.Request{ByToken: true, Cursor: paging.Cursor{MaxResults: 3, NextToken: "abc"}}}},
		{name: "own regions", query: "Action=DescribeInvocations&RegionId=local-1", regions: []string{"local-1"},
			want: mock.Query{RegionID: "local-1", Format: mock.FormatXML, Paging: defaultPaging}},

		{name: "bad format", query: baseQuery + "&Format=YAML", wantCode: apierror.InvalidFormat, wantStatus: 400, wantFormat: mock.FormatXML},
		{name: "no action", query: "RegionId=cn-hangzhou&Format=JSON", wantCode: apierror.InvalidAction, wantStatus: 404,
			wantFormat: mock.FormatJSON, reason: "the error is answered in the format asked for"},
		{name: "other action", query: "Action=RunCommand&RegionId=cn-hangzhou", wantCode: apierror.InvalidAction, wantStatus: 404},
		{name: "action case", query: "Action=describeinvocations&RegionId=cn-hangzhou", wantCode: apierror.InvalidAction, wantStatus: 404},
		{name: "no region", query: "Action=DescribeInvocations", wantCode: apierror.MissingRegionID, wantStatus: 400},
		{name: "empty region", query: "Action=DescribeInvocations&RegionId=", wantCode: apierror.MissingRegionID, wantStatus: 400},
		{name: "unknown region", query: "Action=DescribeInvocations&RegionId=mars-1", wantCode: apierror.InvalidRegionID, wantStatus: 404},
		{name: "region not in own list", query: baseQuery, regions: []string{"local-1"}, wantCode: apierror.InvalidRegionID, wantStatus: 404},
		{name: "types disagree", query: baseQuery + "&Type=RunBatScript&CommandType=RunShellScript", wantCode: apierror.InvalidCommandType, wantStatus: 400},
		{name: "unknown type", query: baseQuery + "&CommandType=RunPythonScript", wantCode: apierror.InvalidCommandType, wantStatus: 400},
		{name: "type case", query: baseQuery + "&CommandType=runshellscript", wantCode: apierror.InvalidCommandType, wantStatus: 400,
			reason: "values of request parameters are exact, as the API's enumerations are"},
		{name: "bad timed", query: baseQuery + "&Timed=yes", wantCode: apierror.InvalidTimed, wantStatus: 400},
		{name: "unknown status", query: baseQuery + "&InvokeStatus=Done", wantCode: apierror.InvalidInvokeStatus, wantStatus: 400},
		{name: "instance-only status", query: baseQuery + "&InvokeStatus=Timeout", wantCode: apierror.InvalidInvokeStatus, wantStatus: 400},
		{name: "bad page size", query: baseQuery + "&PageSize=51", wantCode: apierror.InvalidPageSize, wantStatus: 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := url.ParseQuery(tt.query)
			require.NoError(t, err)
			got, err := mock.ParseQuery(v, tt.regions...)
			if tt.wantCode != "" {
				var apiErr *apierror.Error
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
	require.Len(t, mock.KnownRegions(), 27)
	mock.KnownRegions()[0] = "x"
	require.Equal(t, "cn-qingdao", mock.KnownRegions()[0])
}

func TestQueryMatch(t *testing.T) {
	inv := invocation.Invocation{InvokeID: "t-1", CommandID: "c-1", CommandName: "deploy", CommandType: invocation.RunShellScript,
		InvokeStatus: status.LegacyPartialFailed, InvocationStatus: status.CurrentPartialFailed, Timed: false,
		Instances: []invocation.InvokeInstance{{InstanceID: "i-1"}, {InstanceID: "i-2"}}}
	tests := []struct {
		name   string
		q      mock.Query
		want   bool
		reason string
	}{
		{"no filter", mock.Query{}, true, ""},
		{"invoke id", mock.Query{InvokeID: "t-1"}, true, ""},
		{"other invoke id", mock.Query{InvokeID: "t-2"}, false, ""},
		{"command id", mock.Query{CommandID: "c-2"}, false, ""},
		{"command name", mock.Query{CommandName: "deploy"}, true, ""},
		{"other command name", mock.Query{CommandName: "other"}, false, ""},
		{"command name ignored with instance", mock.Query{CommandName: "other", InstanceID: "i-2"}, true,
			"SPEC §4: CommandName is ignored when InstanceId is given"},
		{"command type", mock.Query{CommandType: invocation.RunBatScript}, false, ""},
		{"timed", mock.Query{Timed: ptr(true)}, false, ""},
		{"one-time", mock.Query{Timed: ptr(false)}, true, ""},
		{"legacy status", mock.Query{InvokeStatus: status.LegacyPartialFailed}, true, ""},
		{"other legacy status", mock.Query{InvokeStatus: status.LegacyRunning}, false, ""},
		{"partial failed ignored with instance", mock.Query{InvokeStatus: status.LegacyFinished, InstanceID: "i-1"}, false,
			"only PartialFailed is ignored"},
		{"partial failed filter ignored with instance", mock.Query{InvokeStatus: status.LegacyPartialFailed, InstanceID: "i-1"}, true, ""},
		{"current status", mock.Query{InvocationStatus: status.CurrentSuccess}, false, ""},
		{"instance", mock.Query{InstanceID: "i-2"}, true, ""},
		{"other instance", mock.Query{InstanceID: "i-3"}, false, ""},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, tt.q.Match(&inv), "%s %s", tt.name, tt.reason)
	}
	periodic := invocation.Invocation{InvokeStatus: status.LegacyRunning, Timed: true, Instances: []invocation.InvokeInstance{{InstanceID: "i-1"}}}
	q := mock.Query{InvokeStatus: status.LegacyPartialFailed, InstanceID: "i-1"}
	require.True(t, q.Match(&periodic), "PartialFailed is ignored when InstanceId is given")
}
