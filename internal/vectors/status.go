package vectors

import (
	"strings"

	"github.com/ecsassist/cloudassistant/status"
)

// statusFile is status.json.
type statusFile struct {
	Version     int
	Description string
	Legacy      statusFamily
	Current     statusFamily
}

// statusFamily holds the values of one family and the spellings parsed in
// it.
type statusFamily struct {
	Values  []statusValue
	Vectors []statusVector
}

// statusValue is a known value: whether an instance can have it, and, in
// the current family, whether an invocation as a whole can.
type statusValue struct {
	Value       string
	PerInstance bool
	Overall     *bool `json:",omitempty"`
}

// statusVector is one spelling and what parsing makes of it.
type statusVector struct {
	Text  string
	Known bool
	Value string
	Alias bool `json:",omitempty"`
}

const statusDescription = "Status parsing, per family: the known values, then spellings and what parsing makes of each. " +
	"A spelling is known when, with surrounding ASCII white space (space, tab, line feed, vertical tab, form feed, carriage return) trimmed, " +
	"it equals a value with ASCII letters compared in any case; Value is then the canonical value. " +
	"Other text is not known and is kept verbatim, untrimmed, as Value: an unknown value is not an error. " +
	"In the legacy family Success, in any case, is an alias of Finished (Alias true), which a conformance check reports. " +
	"The accepted spellings listed are every form of every value: canonical, lower case, upper case, mixed case and surrounded by each kind of ASCII white space; " +
	"the refused ones are a sample: non-ASCII white space, inner spaces, misspellings, Unicode case folding, the other family's names, empty text."

// spaces are the ASCII white space characters that parsing trims.
const spaces = " \t\n\v\f\r"

// buildStatus returns status.json: candidate spellings of every value of
// each family, each with what the library's parser returns for it.
func buildStatus() statusFile {
	var legacy statusFamily
	var legacyNames, currentNames []string
	for _, v := range status.LegacyValues() {
		legacy.Values = append(legacy.Values, statusValue{Value: string(v), PerInstance: v.PerInstance()})
		legacyNames = append(legacyNames, string(v))
	}
	var current statusFamily
	for _, v := range status.CurrentValues() {
		overall := v.Overall()
		current.Values = append(current.Values, statusValue{Value: string(v), PerInstance: v.PerInstance(), Overall: &overall})
		currentNames = append(currentNames, string(v))
	}
	for _, text := range candidates(append(legacyNames, "Success"), currentNames) {
		v := status.ParseLegacy(text)
		legacy.Vectors = append(legacy.Vectors, statusVector{Text: text, Known: v.Known(), Value: string(v), Alias: status.LegacyAlias(text)})
	}
	for _, text := range candidates(currentNames, legacyNames) {
		v := status.ParseCurrent(text)
		current.Vectors = append(current.Vectors, statusVector{Text: text, Known: v.Known(), Value: string(v)})
	}
	return statusFile{Version: Version, Description: statusDescription, Legacy: legacy, Current: current}
}

// candidates returns spellings of names, then of the names of the other
// family that names does not have, without repeats.
func candidates(names, other []string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, n := range names {
		add(n)
		add(strings.ToLower(n))
		add(strings.ToUpper(n))
		add(mixedCase(n))
		for _, c := range spaces {
			add(string(c) + n + string(c))
		}
		add(" \t" + mixedCase(n) + "\r\n")
		// Refusals: non-ASCII white space, an inner space, a letter
		// dropped.
		add("\u00a0" + n)
		add(n + "\u3000")
		add(n[:1] + " " + n[1:])
		add(n[:len(n)-1])
	}
	first := names[0]
	for _, s := range []string{
		"", " ", "\t\r\n",
		"\u200b" + first,                         // zero width space
		first + "\x00",                           // NUL
		"\uff32unning",                           // fullwidth R
		"\u017fuccess",                           // long s, which Unicode folds to s
		"\u017ftopped",                           // the same
		first + first,                            // doubled
		"PartialFailed" + "s",                    // longer than any value
		strings.Repeat(first, 40),                // far longer
		"\"" + first + "\"",                      // quoted
		"<" + first + ">",                        // markup
		strings.ReplaceAll(first, "n", "\u0144"), // a letter with an accent
	} {
		add(s)
	}
	for _, n := range other {
		add(n)
		add(strings.ToLower(n))
	}
	return out
}

// mixedCase returns s with its letters alternately lower and upper case,
// the first lower.
func mixedCase(s string) string {
	b := []byte(s)
	for i := range b {
		if i%2 == 0 {
			b[i] = strings.ToLower(string(b[i]))[0]
		} else {
			b[i] = strings.ToUpper(string(b[i]))[0]
		}
	}
	return string(b)
}
