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
		{InvalidAction, "InvalidAction.NotFound", 404},
		{MissingRegionID, "MissingParameter.RegionId", 400},
		{InvalidRegionID, "InvalidRegionId.NotFound", 404},
		{InvalidCommandType, "InvalidParameter.CommandType", 400},
		{InvalidInvokeStatus, "InvalidParameter.InvokeStatus", 400},
		{InvalidPageNumber, "InvalidParam.PageNumber", 400},
		{InvalidPageSize, "InvalidParam.PageSize", 400},
		{InvalidMaxResults, "InvalidParameter.MaxResults", 400},
		{InvalidNextToken, "InvalidParameter.NextToken", 400},
		{InvalidFormat, "InvalidParameter.Format", 400},
		{InvalidTimed, "InvalidParameter.Timed", 400},
		{InternalError, "InternalError.Dispatch", 500},
		{ThrottlingUser, "Throttling.User", 400},
		{InvalidParameter, "InvalidParameter", 400},
		{InvalidAPI, "InvalidApi.NotFound", 404},
		{MethodNotAllowed, "MethodNotAllowed", 405},
		{ParameterLimitExceeded, "InvalidParameter.ParameterLimit", 400},
		{RequestTooLarge, "InvalidParameter.RequestTooLarge", 413},
		{InvalidSignatureNonce, "InvalidParameter.SignatureNonce", 400},
		{Throttling, "Throttling", 400},
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
		Code: MissingRegionID, HTTPStatus: 400, HostID: "ecs.aliyuncs.com",
		RequestID: "540CFF28-407A-40B5-B6A5-74Bxxxxxxxxx",
		Message:   "The input parameter “RegionId” that is mandatory for processing this request is not supplied.",
	}
	require.EqualError(t, seed, "apierror: MissingParameter.RegionId (HTTP 400): The input parameter “RegionId” that is mandatory for processing this request is not supplied. (RequestId 540CFF28-407A-40B5-B6A5-74Bxxxxxxxxx)")
}
