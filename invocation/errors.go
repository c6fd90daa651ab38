package invocation

import "github.com/ecsassist/cloudassistant/internal/apierr"

// Error is an error answered by the API. Its fields:
//
//	Code        Code    the API's error code, such as CodeMissingRegionID
//	Message     string  the API's message
//	HTTPStatus  int     the HTTP status of the response, such as 400
//	RequestID   string  the response's RequestId; empty before it is sent
//	HostID      string  the response's HostId, such as "ecs.aliyuncs.com"
//
// Its Error method gives the code, HTTP status, message and RequestId, as
// in
//
//	invocation: InvalidParam.PageSize (HTTP 400): The specified parameter "PageSize" is not valid: "51" is not an integer from 1 to 50.
//
// Use errors.As to reach it from a returned error. It is defined in an
// internal package so that package paging, which this package imports, can
// return it too.
type Error = apierr.Error

// Code is an API error code. Codes not named here are kept as they are;
// Code.HTTPStatus gives the HTTP status of a named code (404 for the
// NotFound codes, 500 for CodeInternalError, 400 for the others) and 0 for
// any other.
type Code = apierr.Code

// The error codes of DescribeInvocations, with the HTTP status of each.
const (
	CodeInvalidAction       = apierr.InvalidAction       // 404: Action missing or not DescribeInvocations
	CodeMissingRegionID     = apierr.MissingRegionID     // 400: RegionId missing
	CodeInvalidRegionID     = apierr.InvalidRegionID     // 404: RegionId not a known region
	CodeInvalidCommandType  = apierr.InvalidCommandType  // 400: CommandType (or Type) unknown or contradictory
	CodeInvalidInvokeStatus = apierr.InvalidInvokeStatus // 400: InvokeStatus unknown
	CodeInvalidPageNumber   = apierr.InvalidPageNumber   // 400: PageNumber not an integer >= 1
	CodeInvalidPageSize     = apierr.InvalidPageSize     // 400: PageSize not an integer from 1 to 50
	CodeInvalidMaxResults   = apierr.InvalidMaxResults   // 400: MaxResults not an integer from 1 to 50
	CodeInvalidNextToken    = apierr.InvalidNextToken    // 400: NextToken not issued, or issued for other filters
	CodeInvalidFormat       = apierr.InvalidFormat       // 400: Format neither XML nor JSON
	CodeInvalidTimed        = apierr.InvalidTimed        // 400: Timed neither true nor false (a decision: the API names no code)
	CodeInternalError       = apierr.InternalError       // 500: server-side failure
)

// The error codes of signature checking, with their HTTP statuses. A
// missing piece of a signature is one of these or a MissingParameter code
// naming the piece (400).
const (
	CodeIncompleteSignature      = apierr.IncompleteSignature      // 400: an Authorization header that cannot be read
	CodeInvalidAccessKeyNotFound = apierr.InvalidAccessKeyNotFound // 404: an AccessKeyId the server does not know
	CodeSignatureDoesNotMatch    = apierr.SignatureDoesNotMatch    // 400: a wrong signature
	CodeSignatureNonceUsed       = apierr.SignatureNonceUsed       // 400: a nonce used within 15 minutes
	CodeInvalidTimeStampExpired  = apierr.InvalidTimeStampExpired  // 400: a time more than 15 minutes off
	CodeInvalidTimeStampFormat   = apierr.InvalidTimeStampFormat   // 400: a time that cannot be read
)

// NewError returns an API error with code and message and the HTTP status
// of code.
func NewError(code Code, message string) *Error { return apierr.New(code, message) }
