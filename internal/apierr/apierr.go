// Package apierr defines the DescribeInvocations API error, shared by the
// paging and invocation packages. Package invocation re-exports it as
// invocation.Error and invocation.Code; paging returns it from validation
// without importing invocation, which imports paging.
package apierr

import (
	"net/http"
	"strconv"
	"strings"
)

// Code is an API error code, such as "MissingParameter.RegionId". Codes
// that this package does not name are kept as they are.
type Code string

// The error codes of DescribeInvocations.
const (
	InvalidAction       Code = "InvalidAction.NotFound"
	MissingRegionID     Code = "MissingParameter.RegionId"
	InvalidRegionID     Code = "InvalidRegionId.NotFound"
	InvalidCommandType  Code = "InvalidParameter.CommandType"
	InvalidInvokeStatus Code = "InvalidParameter.InvokeStatus"
	InvalidPageNumber   Code = "InvalidParam.PageNumber"
	InvalidPageSize     Code = "InvalidParam.PageSize"
	InvalidMaxResults   Code = "InvalidParameter.MaxResults"
	InvalidNextToken    Code = "InvalidParameter.NextToken"
	InvalidFormat       Code = "InvalidParameter.Format"
	InvalidTimed        Code = "InvalidParameter.Timed"
	InternalError       Code = "InternalError.Dispatch"
)

// HTTPStatus returns the HTTP status the API answers c with: 404 for the
// NotFound codes, 500 for InternalError.Dispatch, 400 for the other named
// codes and every MissingParameter code, and 0 for any other code.
func (c Code) HTTPStatus() int {
	switch c {
	case InvalidAction, InvalidRegionID, InvalidAccessKeyNotFound:
		return http.StatusNotFound
	case InternalError:
		return http.StatusInternalServerError
	case MissingRegionID, InvalidCommandType, InvalidInvokeStatus, InvalidPageNumber,
		InvalidPageSize, InvalidMaxResults, InvalidNextToken, InvalidFormat, InvalidTimed,
		IncompleteSignature, SignatureDoesNotMatch, SignatureNonceUsed, InvalidTimeStampExpired, InvalidTimeStampFormat:
		return http.StatusBadRequest
	}
	if strings.HasPrefix(string(c), "MissingParameter.") {
		return http.StatusBadRequest
	}
	return 0
}

// Error is an error answered by the API: its code, message and HTTP status,
// and the RequestId and HostId of the response that carried it.
type Error struct {
	Code       Code
	Message    string
	HTTPStatus int    // the HTTP status of the response, such as 400
	RequestID  string // the response's RequestId; empty before it is sent
	HostID     string // the response's HostId, such as "ecs.aliyuncs.com"
}

// New returns an error with code and message, and the HTTP status of code.
func New(code Code, message string) *Error {
	return &Error{Code: code, Message: message, HTTPStatus: code.HTTPStatus()}
}

// Error returns the code, the HTTP status, the message and, when known, the
// RequestId, as in
//
//	invocation: InvalidParam.PageSize (HTTP 400): The specified parameter "PageSize" is not valid. (RequestId 12E7…)
func (e *Error) Error() string {
	b := make([]byte, 0, 64+len(e.Message))
	b = append(b, "invocation: "...)
	b = append(b, e.Code...)
	if e.HTTPStatus != 0 {
		b = append(b, " (HTTP "...)
		b = strconv.AppendInt(b, int64(e.HTTPStatus), 10)
		b = append(b, ')')
	}
	if e.Message != "" {
		b = append(b, ": "...)
		b = append(b, e.Message...)
	}
	if e.RequestID != "" {
		b = append(b, " (RequestId "...)
		b = append(b, e.RequestID...)
		b = append(b, ')')
	}
	return string(b)
}
