package apierr

import "testing"

func TestHTTPStatus(t *testing.T) {
	tests := []struct {
		code Code
		want int
	}{
		{InvalidAction, 404}, {MissingRegionID, 400}, {InvalidRegionID, 404},
		{InvalidCommandType, 400}, {InvalidInvokeStatus, 400}, {InvalidPageNumber, 400},
		{InvalidPageSize, 400}, {InvalidMaxResults, 400}, {InvalidNextToken, 400},
		{InvalidFormat, 400}, {InvalidTimed, 400}, {InternalError, 500},
		{IncompleteSignature, 400}, {InvalidAccessKeyNotFound, 404}, {SignatureDoesNotMatch, 400},
		{SignatureNonceUsed, 400}, {InvalidTimeStampExpired, 400}, {InvalidTimeStampFormat, 400},
		{"MissingParameter.Timestamp", 400}, {"Throttling.User", 0},
	}
	for _, tt := range tests {
		if got := tt.code.HTTPStatus(); got != tt.want {
			t.Errorf("%s.HTTPStatus() = %d, want %d", tt.code, got, tt.want)
		}
	}
}

func TestError(t *testing.T) {
	tests := []struct {
		name string
		err  *Error
		want string
	}{
		{"new", New(InvalidPageSize, "bad"), "invocation: InvalidParam.PageSize (HTTP 400): bad"},
		{"with request", &Error{Code: MissingRegionID, Message: "m", HTTPStatus: 400, RequestID: "R-1"},
			"invocation: MissingParameter.RegionId (HTTP 400): m (RequestId R-1)"},
		{"bare", &Error{Code: "Throttling"}, "invocation: Throttling"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("%s: Error() = %q, want %q", tt.name, got, tt.want)
		}
	}
}
