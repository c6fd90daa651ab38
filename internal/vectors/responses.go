package vectors

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ecsassist/cloudassistant/conform"
	"github.com/ecsassist/cloudassistant/internal/respfile"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/jsoncodec"
	"github.com/ecsassist/cloudassistant/status"
	"github.com/ecsassist/cloudassistant/xmlcodec"
)

// responsesFile is responses.json.
type responsesFile struct {
	Version     int
	Description string
	Vectors     []responseVector
}

// responseVector is a response document and what the library says of it.
type responseVector struct {
	Name         string
	File         string // the document, by its path under vectors/
	Format       string // XML or JSON
	Breaks       string `json:",omitempty"` // the one rule the document was built to break
	StrictError  *position
	LenientError *position  `json:",omitempty"`
	Diagnostics  []position `json:",omitempty"`
	Findings     *[]finding `json:",omitempty"`
}

// position is the place of a defect in a document; Condition, for the
// defect that stops decoding, is syntax (malformed), value (a well-formed
// value of the wrong form) or limit.
type position struct {
	Line      int
	Column    int
	Offset    int
	Path      string
	Condition string `json:",omitempty"`
}

// finding is a finding of conform.Check, without its message.
type finding struct {
	Rule     string
	Path     string
	Severity string
}

const responsesDescription = "DescribeInvocations response documents, XML and JSON, each in the File named, read as bytes, and what must be said of it. " +
	"StrictError is null when strict decoding accepts the document, else the place of the first defect: line and column (1-based, the column in bytes), " +
	"byte Offset (0-based), the Path of the field at fault (such as Invocations.Invocation[0].Timed; empty at the top) and its Condition. " +
	"Lenient decoding forgives the defects real responses have: Diagnostics lists each it recovered from, and LenientError is the defect neither mode gets past. " +
	"Findings are the rule violations of the leniently decoded response, in document order: the rule id, the path of the field and the severity " +
	"(error: the response breaks a rule of the API; warning: legal but suspect). Breaks names the one rule a document was built to break; " +
	"the seed's examples are the vendor's reference examples as published."

// seeds are the vendor's reference examples, by their paths under the
// repository's root.
var seeds = []string{
	"xmlcodec/testdata/seed-success.xml",
	"jsoncodec/testdata/seed-success.json",
	"xmlcodec/testdata/current-success.xml",
	"jsoncodec/testdata/current-success.json",
}

// document is a response document to be written under responses/.
type document struct {
	name   string // without the extension
	format respfile.Format
	data   []byte
	breaks string
}

// buildResponses returns responses.json and its documents, by path under
// vectors/. It fails when a document built to break a rule breaks
// another one too, or none.
func buildResponses(root string) (responsesFile, map[string][]byte, error) {
	f := responsesFile{Version: Version, Description: responsesDescription}
	var docs []document
	for _, path := range seeds {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(path)))
		if err != nil {
			return f, nil, fmt.Errorf("vectors: %w", err)
		}
		format, _ := respfile.Sniff(data)
		docs = append(docs, document{name: strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)), format: format, data: data})
	}
	built, err := builtDocuments()
	if err != nil {
		return f, nil, err
	}
	docs = append(docs, built...)

	files := map[string][]byte{}
	for _, d := range docs {
		file := "responses/" + d.name + "." + strings.ToLower(string(d.format))
		files[file] = d.data
		v := describe(d)
		v.File = file
		if d.breaks != "" {
			if got := ruleSet(v.Findings); !slices.Equal(got, []string{d.breaks}) {
				return f, nil, fmt.Errorf("vectors: %s, built to break %s alone, breaks %q", file, d.breaks, got)
			}
		}
		if d.name == "clean" && v.Findings != nil && len(*v.Findings) > 0 {
			return f, nil, fmt.Errorf("vectors: %s, built to break no rule, breaks %q", file, ruleSet(v.Findings))
		}
		f.Vectors = append(f.Vectors, v)
	}
	return f, files, nil
}

// ruleSet returns the rules of findings, sorted, without repeats.
func ruleSet(findings *[]finding) []string {
	var out []string
	if findings != nil {
		for _, f := range *findings {
			out = append(out, f.Rule)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// describe returns what the library says of d: strict decoding's verdict,
// and lenient decoding's diagnostics and the findings of conform.Check.
func describe(d document) responseVector {
	v := responseVector{Name: d.name, Format: string(d.format), Breaks: d.breaks}
	var err error
	if d.format == respfile.XML {
		_, err = xmlcodec.DecodeResponse(d.data)
	} else {
		_, err = jsoncodec.DecodeResponse(d.data)
	}
	if err != nil {
		v.StrictError = errorPosition(err)
	}
	file, err := respfile.Decode(d.data)
	for _, n := range file.Diagnostics {
		v.Diagnostics = append(v.Diagnostics, position{Line: n.Line, Column: n.Column, Offset: n.Offset, Path: n.Path})
	}
	if err != nil {
		v.LenientError = errorPosition(err)
		return v
	}
	findings := []finding{}
	for _, n := range file.Diagnostics {
		if n.Duplicate {
			f := conform.Duplicate(n.Path, n.Message)
			findings = append(findings, finding{Rule: f.Rule, Path: f.Path, Severity: string(f.Severity)})
		}
	}
	for _, f := range conform.Check(&file.Response, file.Aliases) {
		findings = append(findings, finding{Rule: f.Rule, Path: f.Path, Severity: string(f.Severity)})
	}
	v.Findings = &findings
	return v
}

// errorPosition returns the place and condition of a codec's error.
func errorPosition(err error) *position {
	p := &position{Condition: condition(err)}
	var xe *xmlcodec.DecodeError
	var je *jsoncodec.DecodeError
	switch {
	case errors.As(err, &xe):
		p.Line, p.Column, p.Offset, p.Path = xe.Line, xe.Column, xe.Offset, xe.Path
	case errors.As(err, &je):
		p.Line, p.Column, p.Offset, p.Path = je.Line, je.Column, je.Offset, je.Path
	}
	return p
}

// condition names the condition of a codec's error.
func condition(err error) string {
	switch {
	case errors.Is(err, xmlcodec.ErrSyntax):
		return "syntax"
	case errors.Is(err, xmlcodec.ErrValue):
		return "value"
	case errors.Is(err, xmlcodec.ErrLimit):
		return "limit"
	}
	return "other"
}

// t0 is the creation time of the built documents' invocations.
var t0 = time.Date(2024, 5, 11, 9, 1, 39, 0, time.UTC)

// clean returns a response of the current edition that breaks no rule:
// a one-time invocation that succeeded on two instances, and a periodic
// one running on one.
func clean() invocation.Response {
	instance := func(id string) invocation.InvokeInstance {
		return invocation.InvokeInstance{
			InstanceID: id, InstanceInvokeStatus: status.LegacyFinished, InvocationStatus: status.CurrentSuccess,
			Timed: invocation.Some(false), Repeats: invocation.Some[int32](1), ExitCode: invocation.Some[int64](0),
			Output: "aGVsbG8K", Dropped: invocation.Some[int32](0),
			CreationTime: t0, StartTime: t0.Add(time.Second), FinishTime: t0.Add(3 * time.Second), UpdateTime: t0.Add(3 * time.Second),
		}
	}
	return invocation.Response{
		RequestID: "E2C3A7F1-6C2B-4B8E-9A51-3D4F5E6A7B8C", TotalCount: 2, PageNumber: 1, PageSize: 10,
		Invocations: []invocation.Invocation{{
			InvokeID: "t-hz0jdfwd9f01", CommandID: "c-hz0jdfwcsr01", CommandName: "deploy", CommandType: invocation.RunShellScript,
			InvokeStatus: status.LegacyFinished, InvocationStatus: status.CurrentSuccess, RepeatMode: invocation.Once,
			CreationTime: t0, Timeout: invocation.Some[int64](60),
			Instances: []invocation.InvokeInstance{instance("i-bp1a01"), instance("i-bp1a02")},
		}, {
			InvokeID: "t-hz0jdfwd9f02", CommandID: "c-hz0jdfwcsr02", CommandName: "heartbeat", CommandType: invocation.RunShellScript,
			InvokeStatus: status.LegacyRunning, InvocationStatus: status.CurrentRunning, RepeatMode: invocation.Period,
			Timed: true, Frequency: "0 */20 * * * *", CreationTime: t0,
			Tags: []invocation.Tag{{Key: "env", Value: "prod"}},
			Instances: []invocation.InvokeInstance{{
				InstanceID: "i-bp1a03", InstanceInvokeStatus: status.LegacyRunning, InvocationStatus: status.CurrentRunning,
				Timed: invocation.Some(true), Repeats: invocation.Some[int32](4), CreationTime: t0, StartTime: t0.Add(time.Second),
			}},
		}},
	}
}

// breaker is a change to the clean response that breaks one rule; the
// text change, when set, is applied to the encoded document instead,
// for what the model cannot hold (a status written by an alias).
type breaker struct {
	rule   string
	change func(r *invocation.Response)
	text   func(data []byte, format respfile.Format) []byte
}

// breakers returns a change of the clean response for each rule.
func breakers() []breaker {
	one := func(r *invocation.Response) *invocation.Invocation { return &r.Invocations[0] }
	two := func(r *invocation.Response) *invocation.Invocation { return &r.Invocations[1] }
	return []breaker{
		{rule: conform.RuleRollup, change: func(r *invocation.Response) { one(r).InvokeStatus = status.LegacyRunning }},
		{rule: conform.RuleRollupCurrent, change: func(r *invocation.Response) { one(r).InvocationStatus = status.CurrentFailed }},
		{rule: conform.RuleUnknownStatus, change: func(r *invocation.Response) { one(r).Instances[0].InstanceInvokeStatus = "Exploded" }},
		{rule: conform.RuleFamilyMismatch, change: func(r *invocation.Response) { one(r).Instances[1].InstanceInvokeStatus = status.LegacyStopped }},
		{rule: conform.RuleNoInstances, change: func(r *invocation.Response) { one(r).Instances = nil }},
		{rule: conform.RuleDuplicateInstance, change: func(r *invocation.Response) { one(r).Instances[1].InstanceID = one(r).Instances[0].InstanceID }},
		{rule: conform.RuleDuplicateInvocation, change: func(r *invocation.Response) { two(r).InvokeID = one(r).InvokeID }},
		{rule: conform.RulePageSize, change: func(r *invocation.Response) { r.PageSize = 60 }},
		{rule: conform.RulePageOverflow, change: func(r *invocation.Response) { r.PageSize = 1 }},
		{rule: conform.RuleTotalCount, change: func(r *invocation.Response) { r.TotalCount = 5 }},
		{rule: conform.RuleMissingField, change: func(r *invocation.Response) { r.RequestID = "" }},
		{rule: conform.RulePeriodicTerminal, change: func(r *invocation.Response) {
			in := two(r).Instances[0]
			in.InstanceID, in.InstanceInvokeStatus, in.InvocationStatus = "i-bp1a04", status.LegacyFinished, status.CurrentSuccess
			two(r).Instances = append(two(r).Instances, in)
		}},
		{rule: conform.RuleStatusAlias, text: func(data []byte, format respfile.Format) []byte {
			if format == respfile.XML {
				return bytes.Replace(data, []byte("<InvokeStatus>Finished<"), []byte("<InvokeStatus>Success<"), 1)
			}
			return bytes.Replace(data, []byte(`"InvokeStatus": "Finished"`), []byte(`"InvokeStatus": "Success"`), 1)
		}},
		{rule: conform.RuleIDFormat, change: func(r *invocation.Response) { one(r).Instances[0].InstanceID = "host-1" }},
		{rule: conform.RuleCommandType, change: func(r *invocation.Response) { one(r).CommandType = "RunPythonScript" }},
		{rule: conform.RuleFrequency, change: func(r *invocation.Response) { one(r).Frequency = "0 0 * * * *" }},
		{rule: conform.RuleExitCode, change: func(r *invocation.Response) { one(r).Instances[0].ExitCode = invocation.Some[int64](1) }},
		{rule: conform.RuleTimes, change: func(r *invocation.Response) { one(r).Instances[0].StartTime = t0.Add(-time.Minute) }},
		{rule: conform.RuleDropped, change: func(r *invocation.Response) { one(r).Instances[0].Dropped = invocation.Some[int32](5) }},
		{rule: conform.RuleRepeatMode, change: func(r *invocation.Response) { two(r).RepeatMode = invocation.Once }},
		{rule: conform.RuleTags, change: func(r *invocation.Response) {
			two(r).Tags = append(two(r).Tags, invocation.Tag{Key: "env", Value: "test"})
		}},
		{rule: conform.RuleErrorCode, change: func(r *invocation.Response) { one(r).Instances[0].ErrorCode = "SomethingOdd" }},
		{rule: conform.RuleDuplicateMember, text: func(data []byte, format respfile.Format) []byte {
			if format == respfile.XML {
				return bytes.Replace(data, []byte("<TotalCount>2</TotalCount>"), []byte("<TotalCount>2</TotalCount><TotalCount>2</TotalCount>"), 1)
			}
			return bytes.Replace(data, []byte(`"TotalCount": 2,`), []byte(`"TotalCount": 2, "TotalCount": 2,`), 1)
		}},
	}
}

// refusal is a change to the clean document that strict decoding refuses.
type refusal struct {
	name   string
	format respfile.Format
	old    string // replaced by new, once
	new    string
}

// refusals are the documents built to be refused by strict decoding.
var refusals = []refusal{
	{"strict-boolean-case", respfile.XML, "<Timed>false</Timed>", "<Timed>False</Timed>"},
	{"strict-integer", respfile.XML, "<TotalCount>2</TotalCount>", "<TotalCount>two</TotalCount>"},
	{"strict-time", respfile.XML, "<CreationTime>2024-05-11T09:01:39Z</CreationTime>", "<CreationTime>2024-05-11 09:01:39</CreationTime>"},
	{"strict-element-case", respfile.XML, "<InstanceInvokeStatus>Finished</InstanceInvokeStatus>", "<Instanceinvokestatus>Finished</Instanceinvokestatus>"},
	{"strict-text-between", respfile.XML, "<InvokeInstance>", "sa<InvokeInstance>"},
	{"strict-unclosed", respfile.XML, "</DescribeInvocationsResponse>", ""},
	{"strict-broken-tag", respfile.XML, "<CommandName>deploy</CommandName>", "<CommandName>deploy</CommandName"},
	{"strict-boolean-string", respfile.JSON, `"Timed": false`, `"Timed": "false"`},
	{"strict-integer", respfile.JSON, `"TotalCount": 2`, `"TotalCount": "2"`},
	{"strict-time", respfile.JSON, `"CreationTime": "2024-05-11T09:01:39Z"`, `"CreationTime": "yesterday"`},
	{"strict-trailing-comma", respfile.JSON, `"PageSize": 10,`, `"PageSize": 10,,`},
	{"strict-unclosed", respfile.JSON, "\n}", "\n"},
	{"strict-array-for-text", respfile.JSON, `"TagKey": "env"`, `"TagKey": ["env"]`},
	{"strict-duplicate-member", respfile.XML, "<InvokeStatus>Finished</InvokeStatus>", "<InvokeStatus>Finished</InvokeStatus><InvokeStatus>Finished</InvokeStatus>"},
	{"strict-duplicate-member", respfile.JSON, `"InvokeStatus": "Finished"`, `"InvokeStatus": "Finished", "InvokeStatus": "Finished"`},
}

// builtDocuments returns the clean response, one response per rule that
// breaks it alone, and the refusals, each in XML and JSON.
func builtDocuments() ([]document, error) {
	var docs []document
	for _, format := range []respfile.Format{respfile.XML, respfile.JSON} {
		r := clean()
		cleanDoc := encode(&r, format)
		docs = append(docs, document{name: "clean", format: format, data: cleanDoc})
		for _, b := range breakers() {
			r := clean()
			var data []byte
			if b.text != nil {
				data = b.text(encode(&r, format), format)
			} else {
				b.change(&r)
				data = encode(&r, format)
			}
			docs = append(docs, document{name: "rule-" + b.rule, format: format, data: data, breaks: b.rule})
		}
		for _, rf := range refusals {
			if rf.format != format {
				continue
			}
			if !bytes.Contains(cleanDoc, []byte(rf.old)) {
				return nil, fmt.Errorf("vectors: refusal %s: the clean %s document has no %q", rf.name, format, rf.old)
			}
			data := bytes.Replace(cleanDoc, []byte(rf.old), []byte(rf.new), 1)
			docs = append(docs, document{name: rf.name, format: format, data: data})
		}
	}
	return docs, nil
}

// encode returns r in format, indented two spaces a level, with a final
// line end.
func encode(r *invocation.Response, format respfile.Format) []byte {
	var out bytes.Buffer
	if format == respfile.JSON {
		json.Indent(&out, jsoncodec.AppendResponse(nil, r), "", "  ")
	} else {
		indentXML(&out, xmlcodec.AppendResponse(nil, r))
	}
	out.WriteByte('\n')
	return out.Bytes()
}

// indentXML writes the compact XML that xmlcodec writes, elements of text
// only and elements of elements only, to out with one element a line.
func indentXML(out *bytes.Buffer, data []byte) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var toks []xml.Token
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		toks = append(toks, xml.CopyToken(tok))
	}
	depth := 0
	newline := func() {
		if out.Len() > 0 {
			out.WriteByte('\n')
		}
		out.WriteString(strings.Repeat("  ", depth))
	}
	for i := 0; i < len(toks); i++ {
		switch t := toks[i].(type) {
		case xml.StartElement:
			newline()
			out.WriteString("<" + t.Name.Local + ">")
			if i+2 < len(toks) {
				if text, ok := toks[i+1].(xml.CharData); ok {
					xml.EscapeText(out, text)
					out.WriteString("</" + t.Name.Local + ">")
					i += 2
					continue
				}
			}
			if _, ok := toks[i+1].(xml.EndElement); ok {
				out.WriteString("</" + t.Name.Local + ">")
				i++
				continue
			}
			depth++
		case xml.EndElement:
			depth--
			newline()
			out.WriteString("</" + t.Name.Local + ">")
		}
	}
}
