// Package apierror is the error that the Cloud Assistant API answers with:
// an [Error] carries the API's [Code], its message, the HTTP status of the
// response, and the response's RequestId and HostId.
//
// Every function of this module that validates a request returns an
// *Error (package paging's Parse, the fake's request parsing in package fakehttp), so
// that a server can answer it as it is and a client can branch on it with
// errors.As:
//
//	var apiErr *apierror.Error
//	if errors.As(err, &apiErr) && apiErr.Code == apierror.InvalidParamPageSize { … }
//
// The codecs decode and encode it as the API's error body
// (<Error><RequestId/><HostId/><Code/><Message/></Error> in XML, an object
// with the same four keys in JSON).
//
// # Codes
//
// The constants name every code this module answers with, spelled as the
// vendor spells it (the spellings differ between operations:
// InvalidParam.PageSize but InvalidParameter.MaxResults). [Code.HTTPStatus]
// gives the status the API answers each with. A code that is not named
// here is kept as it is and has no known status; every MissingParameter.*
// and MissingParam.* code is 400.
//
// Each constant is named after its code: the code without its dots, with
// Id written ID and Api written API (InvalidParam.PageSize is
// InvalidParamPageSize, InvalidInstanceId.NotFound is
// InvalidInstanceIDNotFound), so that two codes that differ on the wire
// never share a name, and a name tells its code.
//
// Where the vendor names no code for a condition, this package decides
// (each such constant says "decision"): the condition is reported with the
// code of the same family the vendor uses for its neighbours.
package apierror

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Code is an API error code, such as "MissingParameter.RegionId". Codes
// that this package does not name are kept as they are. The zero Code is
// the empty, unknown code.
type Code string

// The codes of DescribeInvocations (the vendor's DescribeInvocations reference, the 2018 and current editions).
const (
	InvalidActionNotFound        Code = "InvalidAction.NotFound"        // 404: Action missing or not an operation of the service (decision)
	MissingParameterRegionID     Code = "MissingParameter.RegionId"     // 400: RegionId missing
	InvalidRegionIDNotFound      Code = "InvalidRegionId.NotFound"      // 404: RegionId not a known region
	InvalidParameterCommandType  Code = "InvalidParameter.CommandType"  // 400: CommandType (or Type) unknown or contradictory (decision)
	InvalidParameterInvokeStatus Code = "InvalidParameter.InvokeStatus" // 400: InvokeStatus unknown (decision)
	InvalidParamPageNumber       Code = "InvalidParam.PageNumber"       // 400: PageNumber not an integer >= 1
	InvalidParamPageSize         Code = "InvalidParam.PageSize"         // 400: PageSize not an integer from 1 to 50
	InvalidParameterMaxResults   Code = "InvalidParameter.MaxResults"   // 400: MaxResults not an integer from 1 to 50
	InvalidParameterNextToken    Code = "InvalidParameter.NextToken"    // 400: NextToken not issued, or issued for other filters
	InvalidParameterFormat       Code = "InvalidParameter.Format"       // 400: Format neither XML nor JSON (decision)
	InvalidParameterTimed        Code = "InvalidParameter.Timed"        // 400: Timed neither true nor false (decision)
	InvalidParameter             Code = "InvalidParameter"              // 400: parameters that cannot be read, or one given twice (decision)
	InternalErrorDispatch        Code = "InternalError.Dispatch"        // 500: a server-side failure, and what fault injection answers

	InvalidParameterContentEncoding Code = "InvalidParameter.ContentEncoding" // 400: ContentEncoding neither PlainText nor Base64 (decision)
	InvalidParameterIncludeOutput   Code = "InvalidParameter.IncludeOutput"   // 400: IncludeOutput true without InvokeId or InstanceId, or not a boolean (decision)
	InvalidParameterRepeatMode      Code = "InvalidParameter.RepeatMode"      // 400: a RepeatMode filter that names no mode (decision)
	NumberExceedTags                Code = "NumberExceed.Tags"                // 400: a Tag.N with N over 20
	DuplicateTagKey                 Code = "Duplicate.TagKey"                 // 400: the same tag key twice
	InvalidTagKeyMalformed          Code = "InvalidTagKey.Malformed"          // 400: an empty tag key, or one over 64 characters
	InvalidTagValueMalformed        Code = "InvalidTagValue.Malformed"        // 400: a tag value over 128 characters
	MissingParameterTagKey          Code = "MissingParameter.TagKey"          // 400: a Tag.N.Value without its Tag.N.Key
)

// The codes of signature checking. A missing piece of a signature is one
// of these or a MissingParameter code naming the piece (400).
const (
	IncompleteSignature        Code = "IncompleteSignature"         // 400: an Authorization header that cannot be read
	InvalidAccessKeyIDNotFound Code = "InvalidAccessKeyId.NotFound" // 404: an AccessKeyId the server does not know
	SignatureDoesNotMatch      Code = "SignatureDoesNotMatch"       // 400: a wrong signature
	SignatureNonceUsed         Code = "SignatureNonceUsed"          // 400: a nonce used within 15 minutes
	InvalidTimeStampExpired    Code = "InvalidTimeStamp.Expired"    // 400: a time more than 15 minutes off
	InvalidTimeStampFormat     Code = "InvalidTimeStamp.Format"     // 400: a time that cannot be read
)

// The codes of the other Cloud Assistant operations (the vendor's reference of each), with the
// vendor's spellings.
const (
	MissingParamInstanceID          Code = "MissingParam.InstanceId"          // 400: no InstanceId.N
	InstanceIDsExceedLimit          Code = "InstanceIds.ExceedLimit"          // 403: over 100 instances (over 50 for StopInvocation)
	InvalidInstanceNotFound         Code = "InvalidInstance.NotFound"         // 404: an instance the fleet does not have (InvokeCommand, RunCommand)
	InvalidInstanceIDNotFound       Code = "InvalidInstanceId.NotFound"       // 404: an instance the invocation does not have (StopInvocation)
	InvalidInstanceNotMatch         Code = "InvalidInstance.NotMatch"         // 400: a script type the instance's OS cannot run
	InvalidCmdIDNotFound            Code = "InvalidCmdId.NotFound"            // 404: an unknown CommandId
	InvalidCmdTypeNotFound          Code = "InvalidCmdType.NotFound"          // 404: an unknown command Type
	InvalidInvokeIDNotFound         Code = "InvalidInvokeId.NotFound"         // 404: an unknown InvokeId (StopInvocation)
	InvalidRepeatModeNotFound       Code = "InvalidRepeatMode.NotFound"       // 404: an unknown RepeatMode
	InvalidTerminationModeNotFound  Code = "InvalidTerminationMode.NotFound"  // 404: an unknown TerminationMode
	MissingParamFrequency           Code = "MissingParam.Frequency"           // 400: a periodic invocation without Frequency
	InvalidParamFrequency           Code = "InvalidParam.Frequency"           // 400: a Frequency that cannot be read
	InvalidParameterParameters      Code = "InvalidParameter.Parameters"      // 400: Parameters that are not one JSON object of strings
	ParameterDisabled               Code = "Parameter.Disabled"               // 400: Parameters for a command without EnableParameter
	ParameterMissingValue           Code = "Parameter.MissingValue"           // 400: a {{name}} without a value
	ParameterNotMatched             Code = "Parameter.NotMatched"             // 403: a parameter the content does not name
	ParameterCountExceedLimit       Code = "ParameterCount.ExceedLimit"       // 403: over 10 parameters
	ParameterKeyExceedLimit         Code = "ParameterKey.ExceedLimit"         // 403: a parameter name over 64 characters
	CmdContentExceedLimit           Code = "CmdContent.ExceedLimit"           // 403: CommandContent over its size limit
	CmdContentDecodeError           Code = "CmdContent.DecodeError"           // 400: CommandContent that is not Base64
	CmdNameExceedLimit              Code = "CmdName.ExceedLimit"              // 403: Name over 128 characters
	CmdDescExceedLimit              Code = "CmdDesc.ExceedLimit"              // 403: Description over 512 characters
	CmdCountExceedQuota             Code = "CmdCount.ExceedQuota"             // 403: more commands than the quota
	UsernameExceedLimit             Code = "Username.ExceedLimit"             // 403: Username over 255 characters
	IdempotentParameterMismatch     Code = "IdempotentParameterMismatch"      // 403: a ClientToken reused with other parameters
	InvalidStatusCmdIDInUse         Code = "InvalidStatus.CmdIdInUse"         // 403: DeleteCommand of a command an unfinished invocation uses
	Throttling                      Code = "Throttling"                       // 400: too many requests
	ThrottlingUser                  Code = "Throttling.User"                  // 400: too many requests from one user
	ThrottlingAPI                   Code = "Throttling.Api"                   // 400: too many requests to one operation
	InvalidParameterParameterLimit  Code = "InvalidParameter.ParameterLimit"  // 400: more or larger parameters than a request may carry (decision)
	InvalidParameterRequestTooLarge Code = "InvalidParameter.RequestTooLarge" // 413: a body over the size limit (decision)
)

// The codes of limits and values of the other operations that the vendor
// does not name (decisions, in the family of their neighbours).
const (
	InvalidParamTimeout                Code = "InvalidParam.Timeout"                // 400: Timeout not an integer from 10 to 86,400 seconds (decision)
	InvalidParamWorkingDir             Code = "InvalidParam.WorkingDir"             // 400: WorkingDir over 200 characters (decision)
	InvalidParamLauncher               Code = "InvalidParam.Launcher"               // 400: Launcher over 1 KB (decision)
	InvalidParameterInvokeRecordStatus Code = "InvalidParameter.InvokeRecordStatus" // 400: an InvokeRecordStatus that names no per-instance status (decision)
	InvalidParameterEnableParameter    Code = "InvalidParameter.EnableParameter"    // 400: EnableParameter neither true nor false (decision)
	InvalidParameterKeepCommand        Code = "InvalidParameter.KeepCommand"        // 400: KeepCommand neither true nor false (decision)
	InvalidParameterIncludeHistory     Code = "InvalidParameter.IncludeHistory"     // 400: IncludeHistory neither true nor false (decision)
)

// The codes of the API's front end: what it answers before a request
// reaches an operation.
const (
	// InvalidAPINotFound is 404: a URL path that names no API. The vendor's gateway
	// answers it with "Specified api is not found, please check your url
	// and method."
	InvalidAPINotFound Code = "InvalidApi.NotFound"
	// MethodNotAllowed is 405: a method other than GET, POST or HEAD.
	// Decision: the vendor's gateway answers a wrong method as InvalidAPINotFound
	// (404); a 405 with an Allow header tells a client more, and takes the
	// code the vendor's OSS answers a 405 with.
	MethodNotAllowed Code = "MethodNotAllowed"
	// InvalidParameterSignatureNonce is 400: a signature nonce longer than a server
	// keeps (decision: the vendor documents no limit, and no code).
	InvalidParameterSignatureNonce Code = "InvalidParameter.SignatureNonce"
)

var statuses = map[Code]int{
	InvalidActionNotFound: http.StatusNotFound, MissingParameterRegionID: 400, InvalidRegionIDNotFound: 404, InvalidParameterCommandType: 400,
	InvalidParameterInvokeStatus: 400, InvalidParamPageNumber: 400, InvalidParamPageSize: 400, InvalidParameterMaxResults: 400,
	InvalidParameterNextToken: 400, InvalidParameterFormat: 400, InvalidParameterTimed: 400, InvalidParameter: 400, InternalErrorDispatch: 500,

	InvalidParameterContentEncoding: 400, InvalidParameterIncludeOutput: 400, InvalidParameterRepeatMode: 400, NumberExceedTags: 400,
	DuplicateTagKey: 400, InvalidTagKeyMalformed: 400, InvalidTagValueMalformed: 400, MissingParameterTagKey: 400,

	IncompleteSignature: 400, InvalidAccessKeyIDNotFound: 404, SignatureDoesNotMatch: 400, SignatureNonceUsed: 400,
	InvalidTimeStampExpired: 400, InvalidTimeStampFormat: 400,

	MissingParamInstanceID: 400, InstanceIDsExceedLimit: 403, InvalidInstanceNotFound: 404, InvalidInstanceIDNotFound: 404,
	InvalidInstanceNotMatch: 400, InvalidCmdIDNotFound: 404, InvalidCmdTypeNotFound: 404, InvalidInvokeIDNotFound: 404,
	InvalidRepeatModeNotFound: 404, InvalidTerminationModeNotFound: 404, MissingParamFrequency: 400, InvalidParamFrequency: 400,
	InvalidParameterParameters: 400, ParameterDisabled: 400, ParameterMissingValue: 400, ParameterNotMatched: 403,
	ParameterCountExceedLimit: 403, ParameterKeyExceedLimit: 403, CmdContentExceedLimit: 403, CmdContentDecodeError: 400,
	CmdNameExceedLimit: 403, CmdDescExceedLimit: 403, CmdCountExceedQuota: 403, UsernameExceedLimit: 403,
	IdempotentParameterMismatch: 403, InvalidStatusCmdIDInUse: 403, Throttling: 400, ThrottlingUser: 400, ThrottlingAPI: 400,
	InvalidParameterParameterLimit: 400, InvalidParameterRequestTooLarge: http.StatusRequestEntityTooLarge,

	InvalidParamTimeout: 400, InvalidParamWorkingDir: 400, InvalidParamLauncher: 400, InvalidParameterInvokeRecordStatus: 400,
	InvalidParameterEnableParameter: 400, InvalidParameterKeepCommand: 400, InvalidParameterIncludeHistory: 400,

	InvalidAPINotFound: http.StatusNotFound, MethodNotAllowed: http.StatusMethodNotAllowed, InvalidParameterSignatureNonce: 400,
}

// HTTPStatus returns the HTTP status the API answers c with: the status
// documented on each named code, 400 for any other MissingParameter.* or
// MissingParam.* code, and 0 for a code this package does not know.
func (c Code) HTTPStatus() int {
	if s, ok := statuses[c]; ok {
		return s
	}
	if strings.HasPrefix(string(c), "MissingParameter.") || strings.HasPrefix(string(c), "MissingParam.") {
		return http.StatusBadRequest
	}
	return 0
}

// Codes returns every code this package names, in the order of their
// text. Each call returns a new slice.
func Codes() []Code { return slices.Sorted(maps.Keys(statuses)) }

// Error is an error answered by the API: its code, message and HTTP status,
// and the RequestId and HostId of the response that carried it. A decoded
// error body carries no HTTP status; the caller sets it from the response.
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
//	apierror: InvalidParam.PageSize (HTTP 400): The specified parameter "PageSize" is not valid. (RequestId 12E7…)
func (e *Error) Error() string {
	b := make([]byte, 0, 64+len(e.Message))
	b = append(b, "apierror: "...)
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

// Invalid returns the error code for the parameter name whose value is
// not valid, with a message that quotes both and says what was wanted,
// as in
//
//	The specified parameter "PageSize" is not valid: "0" is not an integer from 1 to 50.
func Invalid(code Code, name, value, want string) *Error {
	return New(code, "The specified parameter "+strconv.Quote(name)+" is not valid: "+strconv.Quote(value)+" is not "+want+".")
}

// Missing returns MissingParameter.name (400), for a required parameter
// that is not given, with the message the vendor words it with.
func Missing(name string) *Error {
	return New(Code("MissingParameter."+name),
		"The input parameter "+strconv.Quote(name)+" that is mandatory for processing this request is not supplied.")
}
