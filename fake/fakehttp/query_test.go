package fakehttp_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
	"github.com/ecsassist/cloudassistant/jsoncodec"
	"github.com/ecsassist/cloudassistant/xmlcodec"

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
		want       fake.DescribeInvocationsRequest
		wantCode   apierror.Code
		wantStatus int
		wantFormat fakehttp.Format
		reason     string
	}{
		{name: "the seed's request", query: baseQuery,
			want: fake.DescribeInvocationsRequest{RegionID: "cn-hangzhou", Paging: defaultPaging}},
		{name: "every filter", query: baseQuery + "&InvokeId=t-1&CommandId=c-1&CommandName=n&CommandType=RunShellScript&Timed=TRUE&InstanceId=i-1&InvokeStatus=finished&PageNumber=2&PageSize=5&Format=json",
			want: fake.DescribeInvocationsRequest{RegionID: "cn-hangzhou", InvokeID: "t-1", CommandID: "c-1", CommandName: "n",
				CommandType: invocation.RunShellScript, Timed: ptr(true), InstanceID: "i-1", InvokeStatus: status.LegacyFinished,
				Paging: paging.Request{Page: paging.Page{Number: 2, Size: 5}}}},
		{name: "seed's Type", query: baseQuery + "&Type=RunBatScript",
			want: fake.DescribeInvocationsRequest{RegionID: "cn-hangzhou", CommandType: invocation.RunBatScript, Paging: defaultPaging}},
		{name: "Type and CommandType agree", query: baseQuery + "&Type=RunBatScript&CommandType=RunBatScript",
			want: fake.DescribeInvocationsRequest{RegionID: "cn-hangzhou", CommandType: invocation.RunBatScript, Paging: defaultPaging}},
		{name: "Timed false", query: baseQuery + "&Timed=False",
			want: fake.DescribeInvocationsRequest{RegionID: "cn-hangzhou", Timed: ptr(false), Paging: defaultPaging}},
		{name: "Success filters the current status", query: baseQuery + "&InvokeStatus=Success",
			want:   fake.DescribeInvocationsRequest{RegionID: "cn-hangzhou", InvocationStatus: status.CurrentSuccess, Paging: defaultPaging},
			reason: "Success, Pending and Scheduled are current statuses only"},
		{name: "Scheduled", query: baseQuery + "&InvokeStatus=scheduled",
			want: fake.DescribeInvocationsRequest{RegionID: "cn-hangzhou", InvocationStatus: status.CurrentScheduled, Paging: defaultPaging}},
		{name: "token paging", query: baseQuery + "&MaxResults=3",
			want: fake.DescribeInvocationsRequest{RegionID: "cn-hangzhou",
				Paging: paging.Request{ByToken: true, Cursor: paging.Cursor{MaxResults: 3}}}},
		{name: "own regions", query: "Action=DescribeInvocations&RegionId=local-1", regions: []string{"local-1"},
			want: fake.DescribeInvocationsRequest{RegionID: "local-1", Paging: defaultPaging}},

		{name: "bad format", query: baseQuery + "&Format=YAML", wantCode: apierror.InvalidParameterFormat, wantStatus: 400, wantFormat: fakehttp.FormatXML},
		{name: "no action", query: "RegionId=cn-hangzhou&Format=JSON", wantCode: apierror.InvalidActionNotFound, wantStatus: 404,
			wantFormat: fakehttp.FormatJSON, reason: "the error is answered in the format asked for"},
		{name: "other action", query: "Action=RunPythonScript&RegionId=cn-hangzhou", wantCode: apierror.InvalidActionNotFound, wantStatus: 404},
		{name: "action case", query: "Action=describeinvocations&RegionId=cn-hangzhou", wantCode: apierror.InvalidActionNotFound, wantStatus: 404},
		{name: "no region", query: "Action=DescribeInvocations", wantCode: apierror.MissingParameterRegionID, wantStatus: 400},
		{name: "empty region", query: "Action=DescribeInvocations&RegionId=", wantCode: apierror.MissingParameterRegionID, wantStatus: 400},
		{name: "unknown region", query: "Action=DescribeInvocations&RegionId=mars-1", wantCode: apierror.InvalidRegionIDNotFound, wantStatus: 404},
		{name: "region not in own list", query: baseQuery, regions: []string{"local-1"}, wantCode: apierror.InvalidRegionIDNotFound, wantStatus: 404},
		{name: "types disagree", query: baseQuery + "&Type=RunBatScript&CommandType=RunShellScript", wantCode: apierror.InvalidParameterCommandType, wantStatus: 400},
		{name: "unknown type", query: baseQuery + "&CommandType=RunPythonScript", wantCode: apierror.InvalidParameterCommandType, wantStatus: 400},
		{name: "type case", query: baseQuery + "&CommandType=runshellscript", wantCode: apierror.InvalidParameterCommandType, wantStatus: 400,
			reason: "values of request parameters are exact, as the API's enumerations are"},
		{name: "bad timed", query: baseQuery + "&Timed=yes", wantCode: apierror.InvalidParameterTimed, wantStatus: 400},
		{name: "unknown status", query: baseQuery + "&InvokeStatus=Done", wantCode: apierror.InvalidParameterInvokeStatus, wantStatus: 400},
		{name: "instance-only status", query: baseQuery + "&InvokeStatus=Timeout", wantCode: apierror.InvalidParameterInvokeStatus, wantStatus: 400},
		{name: "bad page size", query: baseQuery + "&PageSize=51", wantCode: apierror.InvalidParamPageSize, wantStatus: 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Every case is answered by a Handler: the errors of Format,
			// Action and RegionId are the Handler's and the Service's.
			svc, err := fake.NewService(fake.Config{Regions: tt.regions})
			require.NoError(t, err)
			rec := httptest.NewRecorder()
			(&fakehttp.Handler{Service: svc}).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/?"+tt.query, nil))
			if tt.wantCode != "" {
				require.Equal(t, tt.wantStatus, rec.Code, "%s (%s)", rec.Body, tt.reason)
				wantType := "text/xml;charset=utf-8"
				if tt.wantFormat == fakehttp.FormatJSON {
					wantType = "application/json;charset=utf-8"
				}
				require.Equal(t, wantType, rec.Header().Get("Content-Type"), tt.reason)
				var e *apierror.Error
				if tt.wantFormat == fakehttp.FormatJSON {
					e, err = jsoncodec.DecodeAPIError(rec.Body.Bytes())
				} else {
					e, err = xmlcodec.DecodeAPIError(rec.Body.Bytes())
				}
				require.NoError(t, err)
				require.Equal(t, tt.wantCode, e.Code, e.Message)
				return
			}
			require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
			v, err := url.ParseQuery(tt.query)
			require.NoError(t, err)
			got, err := fakehttp.ParseDescribeInvocations(v)
			require.NoError(t, err)
			require.Equal(t, tt.want, got, tt.reason)
		})
	}
	require.Len(t, fake.KnownRegions(), 27)
	fake.KnownRegions()[0] = "x"
	require.Equal(t, "cn-qingdao", fake.KnownRegions()[0])
}

func TestQueryMatch(t *testing.T) {
	inv := invocation.Invocation{InvokeID: "t-1", CommandID: "c-1", CommandName: "deploy", CommandType: invocation.RunShellScript,
		InvokeStatus: status.LegacyPartialFailed, InvocationStatus: status.CurrentPartialFailed, Timed: false,
		Instances: []invocation.InvokeInstance{{InstanceID: "i-1"}, {InstanceID: "i-2"}}}
	tests := []struct {
		name   string
		q      fake.DescribeInvocationsRequest
		want   bool
		reason string
	}{
		{"no filter", fake.DescribeInvocationsRequest{}, true, ""},
		{"invoke id", fake.DescribeInvocationsRequest{InvokeID: "t-1"}, true, ""},
		{"other invoke id", fake.DescribeInvocationsRequest{InvokeID: "t-2"}, false, ""},
		{"command id", fake.DescribeInvocationsRequest{CommandID: "c-2"}, false, ""},
		{"command name", fake.DescribeInvocationsRequest{CommandName: "deploy"}, true, ""},
		{"other command name", fake.DescribeInvocationsRequest{CommandName: "other"}, false, ""},
		{"command name ignored with instance", fake.DescribeInvocationsRequest{CommandName: "other", InstanceID: "i-2"}, true,
			"the API ignores CommandName when InstanceId is given"},
		{"command type", fake.DescribeInvocationsRequest{CommandType: invocation.RunBatScript}, false, ""},
		{"timed", fake.DescribeInvocationsRequest{Timed: ptr(true)}, false, ""},
		{"one-time", fake.DescribeInvocationsRequest{Timed: ptr(false)}, true, ""},
		{"legacy status", fake.DescribeInvocationsRequest{InvokeStatus: status.LegacyPartialFailed}, true, ""},
		{"other legacy status", fake.DescribeInvocationsRequest{InvokeStatus: status.LegacyRunning}, false, ""},
		{"partial failed ignored with instance", fake.DescribeInvocationsRequest{InvokeStatus: status.LegacyFinished, InstanceID: "i-1"}, false,
			"only PartialFailed is ignored"},
		{"partial failed filter ignored with instance", fake.DescribeInvocationsRequest{InvokeStatus: status.LegacyPartialFailed, InstanceID: "i-1"}, true, ""},
		{"current status", fake.DescribeInvocationsRequest{InvocationStatus: status.CurrentSuccess}, false, ""},
		{"instance", fake.DescribeInvocationsRequest{InstanceID: "i-2"}, true, ""},
		{"other instance", fake.DescribeInvocationsRequest{InstanceID: "i-3"}, false, ""},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, tt.q.Match(&inv), "%s %s", tt.name, tt.reason)
	}
	periodic := invocation.Invocation{InvokeStatus: status.LegacyRunning, Timed: true, Instances: []invocation.InvokeInstance{{InstanceID: "i-1"}}}
	q := fake.DescribeInvocationsRequest{InvokeStatus: status.LegacyPartialFailed, InstanceID: "i-1"}
	require.True(t, q.Match(&periodic), "PartialFailed is ignored when InstanceId is given")
}
