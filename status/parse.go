package status

// Lookup tables. Each family's known spellings sit in a small table indexed
// by a hash of the first two bytes and the length. Changing the case of an
// ASCII letter changes its byte by 32, a multiple of each table's size, so
// the hash ignores case: a text needs one case-insensitive comparison, with
// the one spelling its hash selects.

// text is the wire text a status is parsed from, so that the same lookup
// serves strings and byte slices without a conversion.
type text interface{ ~string | ~[]byte }

type legacyEntry struct {
	exact Legacy // the canonical spelling; "" for an alias, which is never exact
	lower string // the spelling in lower case
	code  int
}

type currentEntry struct {
	exact Current
	lower string
	code  int
}

// legacyTable is indexed by legacyHash. An entry away from its hash would
// never be found, which TestParseEverySpelling would report.
var legacyTable = [8]legacyEntry{
	7: {LegacyRunning, "running", lRunning},
	6: {LegacyStopping, "stopping", lStopping},
	3: {LegacyStopped, "stopped", lStopped},
	4: {LegacyFailed, "failed", lFailed},
	2: {LegacyFinished, "finished", lFinished},
	5: {LegacyPartialFailed, "partialfailed", lPartialFailed},
	1: {"", "success", lFinished}, // alias
}

// currentTable is indexed by currentHash.
var currentTable = [32]currentEntry{
	19: {CurrentPending, "pending", cPending},
	24: {CurrentScheduled, "scheduled", cScheduled},
	5:  {CurrentRunning, "running", cRunning},
	7:  {CurrentStopping, "stopping", cStopping},
	1:  {CurrentStopped, "stopped", cStopped},
	15: {CurrentFailed, "failed", cFailed},
	6:  {CurrentSuccess, "success", cSuccess},
	3:  {CurrentPartialFailed, "partialfailed", cPartialFailed},
	25: {CurrentInvalid, "invalid", cInvalid},
	21: {CurrentAborted, "aborted", cAborted},
	29: {CurrentError, "error", cError},
	11: {CurrentTimeout, "timeout", cTimeout},
	30: {CurrentCancelled, "cancelled", cCancelled},
	9:  {CurrentTerminated, "terminated", cTerminated},
}

// legacyHash and currentHash need len(s) >= 2.
func legacyHash[T text](s T) int {
	return int(2*uint(s[0])+6*uint(s[1])+3*uint(len(s))) & (len(legacyTable) - 1)
}

func currentHash[T text](s T) int {
	return int(uint(s[0])+5*uint(s[1])+6*uint(len(s))) & (len(currentTable) - 1)
}

// legacyCode returns the code of a canonical legacy value. A switch on
// constant strings compiles to comparisons of a few machine words, which
// beats a table probe followed by a general byte comparison.
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

// legacyLookup returns the code of the legacy value that s spells, with
// surrounding white space and case ignored and Success an alias of
// Finished.
func legacyLookup[T text](s T) (int, bool) {
	s = trimSpace(s)
	if len(s) < 2 {
		return 0, false
	}
	e := &legacyTable[legacyHash(s)]
	return e.code, fold(s, e.lower)
}

// currentLookup returns the code of the current value that s spells, with
// surrounding white space and case ignored.
func currentLookup[T text](s T) (int, bool) {
	s = trimSpace(s)
	if len(s) < 2 {
		return 0, false
	}
	e := &currentTable[currentHash(s)]
	return e.code, fold(s, e.lower)
}

// isSpace reports whether c is ASCII white space.
func isSpace(c byte) bool {
	return c == ' ' || c-'\t' <= '\r'-'\t'
}

// trimSpace removes surrounding ASCII white space.
func trimSpace[T text](s T) T {
	for len(s) > 0 && s[0] <= ' ' && isSpace(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && s[len(s)-1] <= ' ' && isSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

// fold reports whether s equals lower, a lower-case ASCII word, ignoring
// case. Because every byte of lower is a letter, c|0x20 equals it only when
// c is that letter in either case. An empty lower (an unused table slot)
// never matches, since s is never empty here. The loop has no early exit:
// its one branch is then as predictable as the length, which measured
// faster on a mix of spellings than stopping at the first difference.
func fold[T text](s T, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	var diff byte
	for i := 0; i < len(s); i++ {
		diff |= (s[i] | 0x20) ^ lower[i]
	}
	return diff == 0
}
