package apierr

// The error codes of signature checking.
const (
	IncompleteSignature      Code = "IncompleteSignature"
	InvalidAccessKeyNotFound Code = "InvalidAccessKeyId.NotFound"
	SignatureDoesNotMatch    Code = "SignatureDoesNotMatch"
	SignatureNonceUsed       Code = "SignatureNonceUsed"
	InvalidTimeStampExpired  Code = "InvalidTimeStamp.Expired"
	InvalidTimeStampFormat   Code = "InvalidTimeStamp.Format"
)
