// Package conform is the spec oracle: [Check] lists every place where a
// decoded DescribeInvocations response breaks the rules of the API, each
// as a [Finding] with a stable rule id, the path of the field at fault
// (such as
// Invocations.Invocation[2].InvokeInstances.InvokeInstance[0].InstanceInvokeStatus)
// and a [Severity]. Tests use it to ask "does this response break the
// rules?"; the command examples/check runs it over files and places each
// finding at a line and column of the input.
//
// An error breaks a rule of the API; a warning is legal but suspect, such
// as a status written by an alias or an id without its usual prefix. The
// rule ids are the Rule constants, and never change meaning.
//
// The overall statuses a response must report are the roll-ups of package
// status, applied by the invocation model ([invocation.Invocation.RollupLegacy],
// [invocation.Invocation.RollupCurrent]); a response that reports another
// is at fault (rules rollup and rollup-current).
//
// One rule concerns the text rather than the model: a member of the
// schema given twice in one object (rule duplicate-member), which strict
// decoding refuses and lenient decoding reads, keeping one value, with a
// diagnostic of ErrDuplicate (packages jsoncodec and xmlcodec). The model
// cannot show it; [Duplicate] makes the finding from that diagnostic.
package conform

import (
	"fmt"
	"strings"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// Severity is how bad a Finding is.
type Severity string

// The severities: an error breaks a rule of the API; a warning is legal
// but suspect.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Finding is one place where a response breaks a rule: the rule's stable
// id, the path of the field, such as
// Invocations.Invocation[2].InvokeInstances.InvokeInstance[0].InstanceInvokeStatus,
// its severity and a message.
type Finding struct {
	Rule     string
	Path     string
	Severity Severity
	Message  string
}

func (f Finding) String() string {
	return fmt.Sprintf("%s %s %s: %s", f.Severity, f.Rule, f.Path, f.Message)
}

// The rules Check applies, by id.
const (
	RuleRollup              = "rollup"               // error: InvokeStatus is not the roll-up of the instances
	RuleRollupCurrent       = "rollup-current"       // error: InvocationStatus is not the roll-up of the instances
	RuleUnknownStatus       = "unknown-status"       // error: a status no family knows, or one out of place
	RuleFamilyMismatch      = "family-mismatch"      // error: an instance's two statuses disagree under the mapping
	RuleNoInstances         = "no-instances"         // error: an invocation without instances
	RuleDuplicateInstance   = "duplicate-instance"   // error: an instance twice in one invocation
	RuleDuplicateInvocation = "duplicate-invocation" // error: an invocation twice in one response
	RulePageSize            = "page-size"            // error: PageSize outside 1..50
	RulePageOverflow        = "page-overflow"        // error: more invocations than PageSize
	RuleTotalCount          = "total-count"          // error: TotalCount impossible for the page
	RuleMissingField        = "missing-field"        // error: a required field absent or blank
	RulePeriodicTerminal    = "periodic-terminal"    // warning: Finished, Failed or PartialFailed in a periodic invocation
	RuleStatusAlias         = "status-alias"         // warning: Success written for Finished in a legacy field
	RuleIDFormat            = "id-format"            // warning: an id without its prefix (t-, c-, i-)
	RuleCommandType         = "command-type"         // warning: an unknown CommandType
	RuleFrequency           = "frequency"            // warning: a one-time invocation with a Frequency, or a periodic one (Timed, or RepeatMode Period) without
	RuleDuplicateMember     = "duplicate-member"     // error: a member of the schema given twice in one object (from lenient decoding's diagnostics: see Duplicate)

	// The rules of the current edition's fields.
	RuleExitCode   = "exit-code"   // error: a Success with a non-zero ExitCode, or ExitCodeNonzero without one
	RuleTimes      = "times"       // error: times out of order, or a StopTime on an instance that is not stopping or stopped
	RuleDropped    = "dropped"     // error: a negative Dropped, or Dropped with less than MaxOutput bytes of Output
	RuleRepeatMode = "repeat-mode" // error: RepeatMode Once on a periodic (Timed) invocation or instance
	RuleTags       = "tags"        // error: more than 20 tags, a key twice, or a key or value over its length
	RuleErrorCode  = "error-code"  // warning: an ErrorCode outside the documented set, or one on a Success
)

// Check lists every place where r breaks the rules of DescribeInvocations,
// in the order of the response. It never fails: a response it cannot make
// sense of yields findings.
//
// Required fields are RequestId; per invocation InvokeId, CommandId and
// InvokeStatus; per instance InstanceId and InstanceInvokeStatus. The
// fields of the current family (InvocationStatus, CreationTime, NextToken)
// are optional: responses of the reference's edition have none, and are
// not at fault for it. The page rules apply to page-number paging, when
// the response has a PageSize.
//
// The status-alias rule (Success written for Finished) needs the text as
// the response wrote it, which the model does not keep: aliases lists the
// paths of the legacy status fields written by an alias, as
// xmlcodec.Aliases and jsoncodec.Aliases return them from the input. Pass
// nil for a response that did not come from the wire.
func Check(r *invocation.Response, aliases []string) []Finding {
	c := checker{aliases: map[string]bool{}}
	for _, path := range aliases {
		c.aliases[path] = true
	}
	if strings.TrimSpace(r.RequestID) == "" {
		c.add(RuleMissingField, SeverityError, "RequestId", "RequestId is missing")
	}
	if r.PageSize != 0 || r.PageNumber != 0 {
		c.page(r)
	}
	seen := map[string]int{}
	for i := range r.Invocations {
		inv := &r.Invocations[i]
		at := fmt.Sprintf("Invocations.Invocation[%d]", i)
		if first, dup := seen[inv.InvokeID]; dup && inv.InvokeID != "" {
			c.add(RuleDuplicateInvocation, SeverityError, at+".InvokeId",
				fmt.Sprintf("InvokeId %q is also Invocations.Invocation[%d]", inv.InvokeID, first))
		} else {
			seen[inv.InvokeID] = i
		}
		c.invocation(inv, at)
	}
	return c.findings
}

// Duplicate returns the finding of the rule duplicate-member about a
// member of the schema given again in one object, at path (as in
// Invocations.Invocation[0].InvokeId), as lenient decoding reports it: a
// Diagnostic whose Err is jsoncodec.ErrDuplicate or xmlcodec.ErrDuplicate.
// detail is that diagnostic's message, which places the first occurrence
// and says what decoding kept. Check cannot see such a member: the model
// holds one value of it.
func Duplicate(path, detail string) Finding {
	return Finding{Rule: RuleDuplicateMember, Path: path, Severity: SeverityError, Message: detail}
}

type checker struct {
	findings []Finding
	aliases  map[string]bool // paths written with an alias
}

func (c *checker) add(rule string, sev Severity, path, msg string) {
	c.findings = append(c.findings, Finding{Rule: rule, Path: path, Severity: sev, Message: msg})
}

func (c *checker) page(r *invocation.Response) {
	n := len(r.Invocations)
	if r.PageSize < 1 || r.PageSize > 50 {
		c.add(RulePageSize, SeverityError, "PageSize", fmt.Sprintf("PageSize %d is not from 1 to 50", r.PageSize))
		return
	}
	if n > r.PageSize {
		c.add(RulePageOverflow, SeverityError, "Invocations", fmt.Sprintf("%d invocations on a page of %d", n, r.PageSize))
	}
	if r.PageNumber < 1 {
		c.add(RuleTotalCount, SeverityError, "PageNumber", fmt.Sprintf("PageNumber %d is not at least 1", r.PageNumber))
		return
	}
	// Page N of size S holds min(S, TotalCount-(N-1)*S) items, and none
	// when that is negative.
	offset := (r.PageNumber - 1) * r.PageSize
	want := min(r.PageSize, max(r.TotalCount-offset, 0))
	if r.TotalCount < 0 || n != want && n <= r.PageSize {
		c.add(RuleTotalCount, SeverityError, "TotalCount", fmt.Sprintf(
			"TotalCount %d with page %d of size %d means %d invocations on the page, not %d", r.TotalCount, r.PageNumber, r.PageSize, want, n))
	}
}

func (c *checker) invocation(inv *invocation.Invocation, at string) {
	for _, f := range []struct{ name, value string }{{"InvokeId", inv.InvokeID}, {"CommandId", inv.CommandID}, {"InvokeStatus", string(inv.InvokeStatus)}} {
		if strings.TrimSpace(f.value) == "" {
			c.add(RuleMissingField, SeverityError, at+"."+f.name, f.name+" is missing")
		}
	}
	c.id(at+".InvokeId", inv.InvokeID, "t-")
	c.id(at+".CommandId", inv.CommandID, "c-")
	if inv.CommandType != "" && !inv.CommandType.Known() {
		c.add(RuleCommandType, SeverityWarning, at+".CommandType", fmt.Sprintf("unknown CommandType %q", inv.CommandType))
	}
	switch {
	case inv.Timed && !inv.HasFrequency():
		c.add(RuleFrequency, SeverityWarning, at+".Frequency", "a periodic invocation without a Frequency")
	case inv.RepeatMode == invocation.Period && !inv.HasFrequency():
		c.add(RuleFrequency, SeverityWarning, at+".Frequency", "RepeatMode Period without a Frequency")
	case !inv.Timed && inv.HasFrequency():
		c.add(RuleFrequency, SeverityWarning, at+".Frequency", fmt.Sprintf("a one-time invocation with the Frequency %q", inv.Frequency))
	}
	legacyOK := c.legacy(inv.InvokeStatus, at+".InvokeStatus", false)
	currentOK := inv.InvocationStatus == "" || c.current(inv.InvocationStatus, at+".InvocationStatus", false)
	if inv.Timed && isTerminal(inv.InvokeStatus) {
		c.add(RulePeriodicTerminal, SeverityWarning, at+".InvokeStatus",
			fmt.Sprintf("a periodic invocation reported %s, which it can never be", inv.InvokeStatus))
	}
	c.currentInvocation(inv, at)
	if len(inv.Instances) == 0 {
		c.add(RuleNoInstances, SeverityError, at+".InvokeInstances", "an invocation without instances")
		return
	}
	seen := map[string]int{}
	allLegacy, allCurrent := true, true
	for j := range inv.Instances {
		in := &inv.Instances[j]
		iat := fmt.Sprintf("%s.InvokeInstances.InvokeInstance[%d]", at, j)
		if strings.TrimSpace(in.InstanceID) == "" {
			c.add(RuleMissingField, SeverityError, iat+".InstanceId", "InstanceId is missing")
		} else if first, dup := seen[in.InstanceID]; dup {
			c.add(RuleDuplicateInstance, SeverityError, iat+".InstanceId",
				fmt.Sprintf("InstanceId %q is also InvokeInstance[%d]", in.InstanceID, first))
		} else {
			seen[in.InstanceID] = j
		}
		c.id(iat+".InstanceId", in.InstanceID, "i-")
		if in.InstanceInvokeStatus == "" {
			c.add(RuleMissingField, SeverityError, iat+".InstanceInvokeStatus", "InstanceInvokeStatus is missing")
			allLegacy = false
		} else if !c.legacy(in.InstanceInvokeStatus, iat+".InstanceInvokeStatus", true) {
			allLegacy = false
		}
		if in.InvocationStatus == "" || !c.current(in.InvocationStatus, iat+".InvocationStatus", true) {
			allCurrent = false
		}
		if inv.Timed && (in.InstanceInvokeStatus == status.LegacyFinished || in.InstanceInvokeStatus == status.LegacyFailed) {
			c.add(RulePeriodicTerminal, SeverityWarning, iat+".InstanceInvokeStatus",
				fmt.Sprintf("an instance of a periodic invocation reported %s, which it can never be", in.InstanceInvokeStatus))
		}
		c.currentInstance(inv, in, iat)
		if in.InstanceInvokeStatus.PerInstance() && in.InvocationStatus.PerInstance() {
			if mapped, _ := in.InvocationStatus.Legacy(); mapped != in.InstanceInvokeStatus {
				c.add(RuleFamilyMismatch, SeverityError, iat, fmt.Sprintf(
					"InvocationStatus %s means InstanceInvokeStatus %s, not %s", in.InvocationStatus, mapped, in.InstanceInvokeStatus))
			}
		}
	}
	if legacyOK && allLegacy {
		if want, err := inv.RollupLegacy(); err == nil && want != inv.InvokeStatus {
			c.add(RuleRollup, SeverityError, at+".InvokeStatus", fmt.Sprintf("InvokeStatus is %s; the instances roll up to %s", inv.InvokeStatus, want))
		}
	}
	if inv.InvocationStatus != "" && currentOK && allCurrent {
		if want, err := inv.RollupCurrent(); err == nil && want != inv.InvocationStatus {
			c.add(RuleRollupCurrent, SeverityError, at+".InvocationStatus", fmt.Sprintf("InvocationStatus is %s; the instances roll up to %s", inv.InvocationStatus, want))
		}
	}
}

func isTerminal(s status.Legacy) bool {
	return s == status.LegacyFinished || s == status.LegacyFailed || s == status.LegacyPartialFailed
}

// legacy checks a legacy status, reporting an unknown one or one out of
// place, and reports whether it is usable.
func (c *checker) legacy(s status.Legacy, path string, instance bool) bool {
	if c.aliases[path] {
		c.add(RuleStatusAlias, SeverityWarning, path, fmt.Sprintf("written as an alias of %s, not by its name", s))
	}
	switch {
	case s == "":
		return false
	case !s.Known():
		c.add(RuleUnknownStatus, SeverityError, path, fmt.Sprintf("unknown legacy status %q", s))
		return false
	case instance && !s.PerInstance():
		c.add(RuleUnknownStatus, SeverityError, path, fmt.Sprintf("%s is an overall status, not an instance's", s))
		return false
	}
	return true
}

// current checks a current status as legacy does.
func (c *checker) current(s status.Current, path string, instance bool) bool {
	switch {
	case !s.Known():
		c.add(RuleUnknownStatus, SeverityError, path, fmt.Sprintf("unknown status %q", s))
		return false
	case instance && !s.PerInstance():
		c.add(RuleUnknownStatus, SeverityError, path, fmt.Sprintf("%s is an overall status, not an instance's", s))
		return false
	case !instance && !s.Overall():
		c.add(RuleUnknownStatus, SeverityError, path, fmt.Sprintf("%s is an instance's status, not an overall one", s))
		return false
	}
	return true
}

// id reports an id without its prefix.
func (c *checker) id(path, id, prefix string) {
	if strings.TrimSpace(id) != "" && !strings.HasPrefix(id, prefix) {
		c.add(RuleIDFormat, SeverityWarning, path, fmt.Sprintf("%q does not start with %q", id, prefix))
	}
}
