package apierror

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestErrorCodes pins the wire spelling and HTTP status of the codes of
// DescribeInvocations.
func TestErrorCodes(t *testing.T) {
	tests := []struct {
		code Code
		wire string
		want int
	}{
		{InvalidActionNotFound, "InvalidAction.NotFound", 404},
		{MissingParameterRegionID, "MissingParameter.RegionId", 400},
		{InvalidRegionIDNotFound, "InvalidRegionId.NotFound", 404},
		{InvalidParameterCommandType, "InvalidParameter.CommandType", 400},
		{InvalidParameterInvokeStatus, "InvalidParameter.InvokeStatus", 400},
		{InvalidParamPageNumber, "InvalidParam.PageNumber", 400},
		{InvalidParamPageSize, "InvalidParam.PageSize", 400},
		{InvalidParameterMaxResults, "InvalidParameter.MaxResults", 400},
		{InvalidParameterNextToken, "InvalidParameter.NextToken", 400},
		{InvalidParameterFormat, "InvalidParameter.Format", 400},
		{InvalidParameterTimed, "InvalidParameter.Timed", 400},
		{InternalErrorDispatch, "InternalError.Dispatch", 500},
		{ThrottlingUser, "Throttling.User", 400},
		{InvalidParameter, "InvalidParameter", 400},
		{InvalidAPINotFound, "InvalidApi.NotFound", 404},
		{MethodNotAllowed, "MethodNotAllowed", 405},
		{InvalidParameterParameterLimit, "InvalidParameter.ParameterLimit", 400},
		{InvalidParameterRequestTooLarge, "InvalidParameter.RequestTooLarge", 413},
		{InvalidParameterSignatureNonce, "InvalidParameter.SignatureNonce", 400},
		{Throttling, "Throttling", 400},
		{ThrottlingAPI, "Throttling.Api", 400},
		{InvalidParamTimeout, "InvalidParam.Timeout", 400},
		{InvalidParamWorkingDir, "InvalidParam.WorkingDir", 400},
		{InvalidParamLauncher, "InvalidParam.Launcher", 400},
		{InvalidParameterInvokeRecordStatus, "InvalidParameter.InvokeRecordStatus", 400},
		{InvalidParameterEnableParameter, "InvalidParameter.EnableParameter", 400},
		{InvalidParameterKeepCommand, "InvalidParameter.KeepCommand", 400},
		{InvalidParameterIncludeHistory, "InvalidParameter.IncludeHistory", 400},
	}
	for _, tt := range tests {
		if string(tt.code) != tt.wire {
			t.Errorf("%s spelled %q", tt.wire, tt.code)
		}
		require.Equal(t, tt.want, tt.code.HTTPStatus(), tt.wire)
		err := error(New(tt.code, "message"))
		var apiErr *Error
		require.True(t, errors.As(err, &apiErr))
		require.Equal(t, tt.code, apiErr.Code)
		require.Equal(t, tt.want, apiErr.HTTPStatus)
	}
	// The seed's error example, as a client decodes it.
	seed := &Error{
		Code: MissingParameterRegionID, HTTPStatus: 400, HostID: "ecs.aliyuncs.com",
		RequestID: "540CFF28-407A-40B5-B6A5-74Bxxxxxxxxx",
		Message:   "The input parameter “RegionId” that is mandatory for processing this request is not supplied.",
	}
	require.EqualError(t, seed, "apierror: MissingParameter.RegionId (HTTP 400): The input parameter “RegionId” that is mandatory for processing this request is not supplied. (RequestId 540CFF28-407A-40B5-B6A5-74Bxxxxxxxxx)")
}
