package vectors

// This file is the only one of the package that uses the fake, whose
// Handler answers a request and whose parser normalises it: the tests
// reach them through parseQuery and the types below.

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/jsoncodec"
	"github.com/ecsassist/cloudassistant/xmlcodec"
)

// The types of a request's answer.
type (
	format          = fakehttp.Format
	contentEncoding = fake.ContentEncoding
)

// query is a DescribeInvocations request as the fake reads it, and the
// format it answers in.
type query struct {
	Format format
	fake.DescribeInvocationsRequest
}

// parseQuery answers a DescribeInvocations request of the parameters v
// as the fake does, in a fresh service with the default regions: the
// error the Handler answers, with its HTTP status and the format it is
// written in, or the request as fakehttp.ParseDescribeInvocations
// normalises it.
func parseQuery(v url.Values) (query, error) {
	var q query
	svc, err := fake.NewService(fake.Config{})
	if err != nil {
		return q, err
	}
	rec := httptest.NewRecorder()
	(&fakehttp.Handler{Service: svc}).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/?"+v.Encode(), nil))
	q.Format = fakehttp.FormatXML
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		q.Format = fakehttp.FormatJSON
	}
	if rec.Code != http.StatusOK {
		var e *apierror.Error
		if q.Format == fakehttp.FormatJSON {
			e, err = jsoncodec.DecodeAPIError(rec.Body.Bytes())
		} else {
			e, err = xmlcodec.DecodeAPIError(rec.Body.Bytes())
		}
		if err != nil {
			return q, fmt.Errorf("vectors: the fake's error body: %w", err)
		}
		e.HTTPStatus = rec.Code
		return q, e
	}
	r, err := fakehttp.ParseDescribeInvocations(v)
	if err != nil {
		return q, fmt.Errorf("vectors: the fake answered %v, and its parser refuses it: %w", v, err)
	}
	q.DescribeInvocationsRequest = r
	return q, nil
}

// knownRegions returns the regions a request may name by default.
func knownRegions() []string { return fake.KnownRegions() }

// maxTags and the tag lengths are the tag rules' limits.
const (
	maxTags        = invocation.MaxTags
	maxTagKeyLen   = invocation.MaxTagKeyLen
	maxTagValueLen = invocation.MaxTagValueLen
)

// requestsFile is requests.json.
type requestsFile struct {
	Version     int
	Description string
	Regions     []string
	Vectors     []requestVector
}

// requestVector is a parameter set and the answer to it: the query it
// asks for, or an error code with its HTTP status.
type requestVector struct {
	Name       string
	Edition    string // "2018" or "current": the edition that brought what the vector is about
	Parameters map[string]string
	Query      *normQuery `json:",omitempty"`
	Code       string     `json:",omitempty"`
	HTTPStatus int        `json:",omitempty"`
	Format     string     `json:",omitempty"` // of an error: the format to answer it in
}

// normQuery is a query as the parser normalises it, named by the API's
// parameters; an absent member does not filter. Paging is page-number
// style (PageNumber and PageSize) or token style (MaxResults, with
// NextToken when given).
type normQuery struct {
	Format           string
	RegionId         string
	InvokeId         string `json:",omitempty"`
	CommandId        string `json:",omitempty"`
	CommandName      string `json:",omitempty"`
	CommandType      string `json:",omitempty"`
	Timed            *bool  `json:",omitempty"`
	InstanceId       string `json:",omitempty"`
	InvokeStatus     string `json:",omitempty"`
	InvocationStatus string `json:",omitempty"`
	ResourceGroupId  string `json:",omitempty"`
	RepeatMode       string `json:",omitempty"`
	Tags             []tag  `json:",omitempty"`
	ContentEncoding  string `json:",omitempty"`
	IncludeOutput    bool   `json:",omitempty"`
	PageNumber       int    `json:",omitempty"`
	PageSize         int    `json:",omitempty"`
	MaxResults       int    `json:",omitempty"`
	NextToken        string `json:",omitempty"`
}

// tag is a tag filter; an empty Value matches any value of the key.
type tag struct {
	Key   string
	Value string
}

const requestsDescription = "DescribeInvocations requests: each vector's Parameters, one value each, and the answer: " +
	"the normalised Query it asks for (absent members do not filter; InvokeStatus is a legacy status, InvocationStatus the current one that only " +
	"the current family has: Success, Pending, Scheduled), or the error Code with its HTTPStatus and the Format to answer it in. " +
	"Parameter names are case-sensitive; unknown parameters are ignored; a request may name the Regions listed. " +
	"Parameters are checked in this order and the first wrong one is answered: Format, Action, then each parameter as it is read: CommandType and Type, Timed, InvokeStatus, " +
	"RepeatMode, Tag.N (numbering and keys present), ContentEncoding, IncludeOutput, paging (MaxResults or NextToken select token paging, and PageNumber and PageSize are then ignored), " +
	"then what the service checks, as for every operation: RegionId (missing or unknown), the tag rules (key and value lengths, a key twice), and the NextToken (one the server did not issue for these filters; every token here is one it did not). " +
	"Not covered, as no set of one value per parameter causes them: InvalidParameter (a parameter given twice) and InternalError.Dispatch (a server failure)."

// base is the least a valid request carries.
var base = map[string]string{"Action": "DescribeInvocations", "RegionId": "cn-hangzhou"}

// with returns base with the parameters kv, name then value, added; a
// value of "\x00" removes the parameter instead.
func with(kv ...string) map[string]string {
	p := map[string]string{}
	for k, v := range base {
		p[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "\x00" {
			delete(p, kv[i])
		} else {
			p[kv[i]] = kv[i+1]
		}
	}
	return p
}

// requestCase is a vector before it is answered.
type requestCase struct {
	name, edition string
	params        map[string]string
}

// requestCases returns the parameter sets of requests.json.
func requestCases() []requestCase {
	var cs []requestCase
	add := func(edition, name string, params map[string]string) {
		cs = append(cs, requestCase{name, edition, params})
	}
	old := func(name string, kv ...string) { add("2018", name, with(kv...)) }
	cur := func(name string, kv ...string) { add("current", name, with(kv...)) }

	old("the least a request carries")
	old("Action missing", "Action", "\x00")
	old("Action naming an operation the API does not have", "Action", "StartInstance")
	old("Action in other case", "Action", "describeinvocations")
	old("RegionId missing", "RegionId", "\x00")
	old("RegionId empty", "RegionId", "")
	old("RegionId unknown", "RegionId", "cn-nowhere")
	old("RegionId in other case", "RegionId", "CN-HANGZHOU")
	for _, r := range knownRegions() {
		old("RegionId "+r, "RegionId", r)
	}
	for _, f := range []string{"XML", "JSON", "json", "Xml", "YAML", ""} {
		old(fmt.Sprintf("Format %q", f), "Format", f)
	}
	old("a wrong Format is answered before a missing Action", "Format", "YAML", "Action", "\x00")
	old("a wrong Action is answered in the Format asked for", "Format", "JSON", "Action", "Describe")
	old("the filters taken as they are", "InvokeId", "t-1", "CommandId", "c-1", "CommandName", "deploy app", "InstanceId", "i-1")
	old("ids with spaces and in any case, taken as they are", "InvokeId", " T-1 ", "CommandId", "C-1", "InstanceId", "I-1 ")
	for _, ct := range []string{"RunShellScript", "RunBatScript", "RunPowerShellScript", "runshellscript", "RunPythonScript", ""} {
		old(fmt.Sprintf("CommandType %q", ct), "CommandType", ct)
	}
	old("Type, the reference's name, alone", "Type", "RunBatScript")
	old("Type unknown", "Type", "RunBash")
	old("CommandType and Type agreeing", "CommandType", "RunShellScript", "Type", "RunShellScript")
	old("CommandType and Type disagreeing", "CommandType", "RunShellScript", "Type", "RunBatScript")
	for _, t := range []string{"true", "false", "TRUE", "False", "yes", "1", ""} {
		old(fmt.Sprintf("Timed %q", t), "Timed", t)
	}
	for _, s := range []string{"Running", "Stopping", "Stopped", "Failed", "Finished", "PartialFailed",
		"finished", " running ", "Success", "success", "Pending", "Scheduled", "Timeout", "Cancelled", "Exploded", ""} {
		add(editionOfStatus(s), fmt.Sprintf("InvokeStatus %q", s), with("InvokeStatus", s))
	}
	for _, n := range []string{"1", "2", "1000000", "+3", "0", "-1", "1.5", "abc", ""} {
		old(fmt.Sprintf("PageNumber %q", n), "PageNumber", n)
	}
	for _, n := range []string{"1", "10", "50", "0", "51", "-5", "10.0", ""} {
		old(fmt.Sprintf("PageSize %q", n), "PageSize", n)
	}
	old("PageNumber and PageSize", "PageNumber", "3", "PageSize", "20")

	for _, n := range []string{"1", "50", "0", "51", "x", ""} {
		cur(fmt.Sprintf("MaxResults %q", n), "MaxResults", n)
	}
	cur("NextToken the server did not issue", "NextToken", "AAAAAdDWBF2")
	cur("NextToken the server did not issue, with MaxResults", "NextToken", "AAAAAdDWBF2", "MaxResults", "5")
	cur("NextToken empty: token paging from the start", "NextToken", "")
	cur("token paging ignores PageNumber and PageSize, valid or not", "MaxResults", "5", "PageNumber", "0", "PageSize", "99")
	cur("ResourceGroupId taken as it is", "ResourceGroupId", "rg-acfmzw2jz2z****")
	for _, m := range []string{"Once", "Period", "NextRebootOnly", "EveryReboot", "period", " Once ", "DryRun", "Daily", ""} {
		cur(fmt.Sprintf("RepeatMode %q", m), "RepeatMode", m)
	}
	cur("a tag key alone matches any value", "Tag.1.Key", "env")
	cur("a tag key and value", "Tag.1.Key", "env", "Tag.1.Value", "prod")
	cur("tags in the order of N, not of the request", "Tag.2.Key", "b", "Tag.1.Key", "a", "Tag.1.Value", "1")
	cur(fmt.Sprintf("Tag.%d, the last allowed", maxTags), fmt.Sprintf("Tag.%d.Key", maxTags), "k")
	cur(fmt.Sprintf("Tag.%d, one too many", maxTags+1), fmt.Sprintf("Tag.%d.Key", maxTags+1), "k")
	cur("Tag.0", "Tag.0.Key", "k")
	cur("Tag.01 is not a Tag.N parameter, and is ignored", "Tag.01.Key", "k")
	cur("Tag.+1 is not a Tag.N parameter, and is ignored", "Tag.+1.Key", "k")
	cur("Tag.1.Other is ignored", "Tag.1.Other", "k")
	cur("a tag value without its key", "Tag.1.Value", "prod")
	cur("an empty tag key", "Tag.1.Key", "")
	cur(fmt.Sprintf("a tag key of %d characters", maxTagKeyLen), "Tag.1.Key", strings.Repeat("k", maxTagKeyLen))
	cur(fmt.Sprintf("a tag key of %d characters", maxTagKeyLen+1), "Tag.1.Key", strings.Repeat("k", maxTagKeyLen+1))
	cur(fmt.Sprintf("a tag key of %d characters, not bytes", maxTagKeyLen), "Tag.1.Key", strings.Repeat("键", maxTagKeyLen))
	cur(fmt.Sprintf("a tag value of %d characters", maxTagValueLen), "Tag.1.Key", "k", "Tag.1.Value", strings.Repeat("v", maxTagValueLen))
	cur(fmt.Sprintf("a tag value of %d characters", maxTagValueLen+1), "Tag.1.Key", "k", "Tag.1.Value", strings.Repeat("v", maxTagValueLen+1))
	cur("a tag key twice", "Tag.1.Key", "env", "Tag.2.Key", "env")
	for _, e := range []string{"PlainText", "Base64", "plaintext", "Hex", ""} {
		cur(fmt.Sprintf("ContentEncoding %q", e), "ContentEncoding", e)
	}
	cur("IncludeOutput true with InvokeId", "IncludeOutput", "true", "InvokeId", "t-1")
	cur("IncludeOutput true with InstanceId", "IncludeOutput", "TRUE", "InstanceId", "i-1")
	cur("IncludeOutput true alone", "IncludeOutput", "true")
	cur("IncludeOutput false alone", "IncludeOutput", "false")
	cur("IncludeOutput not a boolean", "IncludeOutput", "yes", "InvokeId", "t-1")
	cur("every filter at once",
		"Format", "JSON", "InvokeId", "t-1", "CommandId", "c-1", "CommandName", "deploy", "CommandType", "RunShellScript",
		"Timed", "false", "InstanceId", "i-1", "InvokeStatus", "Success", "ResourceGroupId", "rg-1", "RepeatMode", "Once",
		"Tag.1.Key", "env", "Tag.1.Value", "prod", "ContentEncoding", "PlainText", "IncludeOutput", "true",
		"MaxResults", "20")
	cur("the first wrong parameter is answered: InvokeStatus before RepeatMode", "InvokeStatus", "Exploded", "RepeatMode", "Daily")
	cur("parameters are read before the tag rules are checked: paging first", "Tag.1.Key", "", "PageSize", "0")
	return cs
}

// editionOfStatus returns the edition that brought a status filter: the
// current family's own values came with the current edition.
func editionOfStatus(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "success", "pending", "scheduled":
		return "current"
	}
	return "2018"
}

// notByParameters lists the error codes of DescribeInvocations that no
// parameter set alone causes.
var notByParameters = []apierror.Code{apierror.InvalidParameter, apierror.InternalErrorDispatch}

// describeCodes returns the error codes of DescribeInvocations.
func describeCodes() []apierror.Code {
	return []apierror.Code{
		apierror.InvalidActionNotFound, apierror.MissingParameterRegionID, apierror.InvalidRegionIDNotFound, apierror.InvalidParameterCommandType,
		apierror.InvalidParameterInvokeStatus, apierror.InvalidParamPageNumber, apierror.InvalidParamPageSize, apierror.InvalidParameterMaxResults,
		apierror.InvalidParameterNextToken, apierror.InvalidParameterFormat, apierror.InvalidParameterTimed, apierror.InvalidParameter, apierror.InternalErrorDispatch,
		apierror.InvalidParameterContentEncoding, apierror.InvalidParameterIncludeOutput, apierror.InvalidParameterRepeatMode, apierror.NumberExceedTags,
		apierror.DuplicateTagKey, apierror.InvalidTagKeyMalformed, apierror.InvalidTagValueMalformed, apierror.MissingParameterTagKey,
	}
}

// buildRequests returns requests.json: each parameter set with what the
// request parser answers. It fails when an error code of
// DescribeInvocations that parameters can cause is not caused by any.
func buildRequests() (requestsFile, error) {
	f := requestsFile{Version: Version, Description: requestsDescription, Regions: knownRegions()}
	seen := map[apierror.Code]bool{}
	for _, c := range requestCases() {
		v := requestVector{Name: c.name, Edition: c.edition, Parameters: c.params}
		vals := url.Values{}
		for k, p := range c.params {
			vals.Set(k, p)
		}
		q, err := parseQuery(vals)
		var apiErr *apierror.Error
		switch {
		case errors.As(err, &apiErr):
			v.Code, v.HTTPStatus, v.Format = string(apiErr.Code), apiErr.HTTPStatus, string(q.Format)
			seen[apiErr.Code] = true
		case err != nil:
			return f, fmt.Errorf("vectors: request %q: %w", c.name, err)
		default:
			v.Query = normalise(q)
		}
		f.Vectors = append(f.Vectors, v)
	}
	for _, code := range describeCodes() {
		if !seen[code] && !slices.Contains(notByParameters, code) {
			return f, fmt.Errorf("vectors: no request is answered with %s", code)
		}
	}
	return f, nil
}

// normalise returns q in the shape of the vectors.
func normalise(q query) *normQuery {
	n := &normQuery{
		Format: string(q.Format), RegionId: q.RegionID, InvokeId: q.InvokeID, CommandId: q.CommandID,
		CommandName: q.CommandName, CommandType: string(q.CommandType), Timed: q.Timed, InstanceId: q.InstanceID,
		InvokeStatus: string(q.InvokeStatus), InvocationStatus: string(q.InvocationStatus),
		ResourceGroupId: q.ResourceGroupID, RepeatMode: string(q.RepeatMode),
		ContentEncoding: string(q.ContentEncoding), IncludeOutput: q.IncludeOutput,
	}
	for _, t := range q.Tags {
		n.Tags = append(n.Tags, tag{t.Key, t.Value})
	}
	if q.Paging.ByToken {
		n.MaxResults, n.NextToken = q.Paging.Cursor.MaxResults, q.Paging.Cursor.NextToken
	} else {
		n.PageNumber, n.PageSize = q.Paging.Page.Number, q.Paging.Page.Size
	}
	return n
}
