package apierror

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestHTTPStatus(t *testing.T) {
	tests := []struct {
		code Code
		want int
	}{
		{InvalidActionNotFound, 404}, {MissingParameterRegionID, 400}, {InvalidRegionIDNotFound, 404},
		{InvalidParameterCommandType, 400}, {InvalidParameterInvokeStatus, 400}, {InvalidParamPageNumber, 400},
		{InvalidParamPageSize, 400}, {InvalidParameterMaxResults, 400}, {InvalidParameterNextToken, 400},
		{InvalidParameterFormat, 400}, {InvalidParameterTimed, 400}, {InternalErrorDispatch, 500},
		{IncompleteSignature, 400}, {InvalidAccessKeyIDNotFound, 404}, {SignatureDoesNotMatch, 400},
		{SignatureNonceUsed, 400}, {InvalidTimeStampExpired, 400}, {InvalidTimeStampFormat, 400},
		{"MissingParameter.Timestamp", 400}, {"MissingParam.Name", 400}, {"Throttling.User", 400},
		{InvalidCmdIDNotFound, 404}, {InstanceIDsExceedLimit, 403}, {MethodNotAllowed, 405},
		{"Unknown.Code", 0}, {"", 0},
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
		{"new", New(InvalidParamPageSize, "bad"), "apierror: InvalidParam.PageSize (HTTP 400): bad"},
		{"with request", &Error{Code: MissingParameterRegionID, Message: "m", HTTPStatus: 400, RequestID: "R-1"},
			"apierror: MissingParameter.RegionId (HTTP 400): m (RequestId R-1)"},
		{"bare", &Error{Code: "Throttling"}, "apierror: Throttling"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("%s: Error() = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// Every named code has a status the API answers with, and the status of a
// code follows its family: NotFound codes are 404, ExceedLimit codes 403 or
// 400, and so on, as the vendor documents them.
func TestCodesHaveStatuses(t *testing.T) {
	codes := Codes()
	if len(codes) < 50 {
		t.Fatalf("Codes() = %d codes, want every named code", len(codes))
	}
	for _, c := range codes {
		s := c.HTTPStatus()
		switch {
		case s == 0:
			t.Errorf("%s has no HTTP status", c)
		case strings.HasSuffix(string(c), ".NotFound") && s != 404:
			t.Errorf("%s.HTTPStatus() = %d, want 404 for a NotFound code", c, s)
		case strings.HasPrefix(string(c), "Missing") && s != 400:
			t.Errorf("%s.HTTPStatus() = %d, want 400 for a Missing code", c, s)
		}
	}
}

func TestInvalidAndMissing(t *testing.T) {
	e := Invalid(InvalidParamPageSize, "PageSize", "0", "an integer from 1 to 50")
	want := &Error{Code: InvalidParamPageSize, HTTPStatus: 400,
		Message: `The specified parameter "PageSize" is not valid: "0" is not an integer from 1 to 50.`}
	if diff := cmp.Diff(want, e); diff != "" {
		t.Errorf("Invalid (-want +got):\n%s", diff)
	}
	m := Missing("Type")
	want = &Error{Code: "MissingParameter.Type", HTTPStatus: 400,
		Message: `The input parameter "Type" that is mandatory for processing this request is not supplied.`}
	if diff := cmp.Diff(want, m); diff != "" {
		t.Errorf("Missing (-want +got):\n%s", diff)
	}
	if e := Invalid("X", "a\"b", "\x00", "y"); e.Message != `The specified parameter "a\"b" is not valid: "\x00" is not y.` {
		t.Errorf("Invalid quotes its input: %s", e.Message)
	}
}

// Codes are in the order of their text, the same on every call.
func TestCodesSorted(t *testing.T) {
	codes := Codes()
	if !slices.IsSorted(codes) {
		t.Errorf("Codes() is not sorted: %v", codes)
	}
	if !slices.Equal(codes, Codes()) {
		t.Error("Codes() differs between calls")
	}
}
