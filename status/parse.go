package status

// Parsing trims the text, writes it in ASCII lower case to an array on
// the stack and switches on the result, which allocates nothing. Only
// ASCII letters are folded, so non-ASCII text, which strings.EqualFold
// would fold (the Kelvin sign to k, ſ to s), never names a known value.

// text is the wire text a status is parsed from, so that the same code
// serves ParseLegacy's strings and UnmarshalText's byte slices without a
// conversion.
type text interface{ ~string | ~[]byte }

// maxLen is the length of the longest known spelling, PartialFailed.
const maxLen = len(LegacyPartialFailed)

// lookupLegacy returns the legacy value that s spells, with surrounding
// white space and case ignored and Success an alias of Finished.
func lookupLegacy[T text](s T) (Legacy, bool) {
	var buf [maxLen]byte
	t, ok := lower(&buf, trimSpace(s))
	if !ok {
		return "", false
	}
	switch string(t) {
	case "running":
		return LegacyRunning, true
	case "stopping":
		return LegacyStopping, true
	case "stopped":
		return LegacyStopped, true
	case "failed":
		return LegacyFailed, true
	case "finished", "success":
		return LegacyFinished, true
	case "partialfailed":
		return LegacyPartialFailed, true
	}
	return "", false
}

// lookupCurrent returns the current value that s spells, with surrounding
// white space and case ignored.
func lookupCurrent[T text](s T) (Current, bool) {
	var buf [maxLen]byte
	t, ok := lower(&buf, trimSpace(s))
	if !ok {
		return "", false
	}
	switch string(t) {
	case "pending":
		return CurrentPending, true
	case "scheduled":
		return CurrentScheduled, true
	case "running":
		return CurrentRunning, true
	case "stopping":
		return CurrentStopping, true
	case "stopped":
		return CurrentStopped, true
	case "failed":
		return CurrentFailed, true
	case "success":
		return CurrentSuccess, true
	case "partialfailed":
		return CurrentPartialFailed, true
	case "invalid":
		return CurrentInvalid, true
	case "aborted":
		return CurrentAborted, true
	case "error":
		return CurrentError, true
	case "timeout":
		return CurrentTimeout, true
	case "cancelled":
		return CurrentCancelled, true
	case "terminated":
		return CurrentTerminated, true
	}
	return "", false
}

// lower writes s in ASCII lower case to buf and returns that part of buf.
// It reports false when s is too long to be a known spelling.
func lower[T text](buf *[maxLen]byte, s T) ([]byte, bool) {
	if len(s) > len(buf) {
		return nil, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return buf[:len(s)], true
}

// trimSpace removes surrounding ASCII white space, as strings.TrimSpace
// does without the Unicode spaces.
func trimSpace[T text](s T) T {
	for len(s) > 0 && isSpace(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

// isSpace reports whether c is ASCII white space: space, \t, \n, \v, \f
// or \r.
func isSpace(c byte) bool {
	return c == ' ' || '\t' <= c && c <= '\r'
}

// legacyCode returns the code of a canonical legacy value.
func legacyCode(s Legacy) (int, bool) {
	switch s {
	case LegacyRunning:
		return lRunning, true
	case LegacyStopping:
		return lStopping, true
	case LegacyStopped:
		return lStopped, true
	case LegacyFailed:
		return lFailed, true
	case LegacyFinished:
		return lFinished, true
	case LegacyPartialFailed:
		return lPartialFailed, true
	}
	return 0, false
}

// currentCode returns the code of a canonical current value.
func currentCode(s Current) (int, bool) {
	switch s {
	case CurrentPending:
		return cPending, true
	case CurrentScheduled:
		return cScheduled, true
	case CurrentRunning:
		return cRunning, true
	case CurrentStopping:
		return cStopping, true
	case CurrentStopped:
		return cStopped, true
	case CurrentFailed:
		return cFailed, true
	case CurrentSuccess:
		return cSuccess, true
	case CurrentPartialFailed:
		return cPartialFailed, true
	case CurrentInvalid:
		return cInvalid, true
	case CurrentAborted:
		return cAborted, true
	case CurrentError:
		return cError, true
	case CurrentTimeout:
		return cTimeout, true
	case CurrentCancelled:
		return cCancelled, true
	case CurrentTerminated:
		return cTerminated, true
	}
	return 0, false
}
