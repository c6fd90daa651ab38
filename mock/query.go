package mock

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/paging"
	"github.com/ecsassist/cloudassistant/status"
)

// Format is the format a response is asked for: FormatXML or FormatJSON.
type Format string

// The response formats.
const (
	FormatXML  Format = "XML"
	FormatJSON Format = "JSON"
)

// KnownRegions returns the public ECS region ids that a query may name by
// default. Each call returns a new slice.
func KnownRegions() []string {
	return []string{
		"cn-qingdao", "cn-beijing", "cn-zhangjiakou", "cn-huhehaote", "cn-wulanchabu", "cn-hangzhou", "cn-shanghai",
		"cn-nanjing", "cn-fuzhou", "cn-shenzhen", "cn-heyuan", "cn-guangzhou", "cn-chengdu", "cn-hongkong",
		"ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-3", "ap-southeast-5", "ap-southeast-6",
		"ap-southeast-7", "us-east-1", "us-west-1", "eu-west-1", "eu-central-1", "me-east-1", "me-central-1",
	}
}

// Query is a DescribeInvocations request: its filters, paging and
// response format. A zero filter field matches everything; the zero
// Paging asks for the first page of the default size (see
// [Store.Describe]) and the zero Format means XML, so the zero Query asks
// for the first page of every invocation.
type Query struct {
	RegionID    string
	InvokeID    string
	CommandID   string
	CommandName string // ignored when InstanceID is set, as the API does
	CommandType invocation.CommandType
	Timed       *bool // nil: periodic and one-time alike
	InstanceID  string

	// The status filter: at most one of the two is set. InvokeStatus
	// filters the legacy overall status, InvocationStatus the current one
	// (for Success, Pending and Scheduled, which only it has).
	InvokeStatus     status.Legacy
	InvocationStatus status.Current

	// The current edition's filters. RepeatMode is ignored when
	// InstanceID is set, as the API does; ResourceGroupID matches the
	// group an invocation was put in (Store.PutInGroup); every tag must be
	// carried by a matching invocation, and a tag with an empty Value
	// matches any value of its key.
	ResourceGroupID string
	RepeatMode      invocation.RepeatMode
	Tags            []invocation.Tag

	// How the response carries what the store keeps as plain text:
	// CommandContent and Output are Base64 unless ContentEncoding is
	// PlainText (the zero value is Base64), and Output and Dropped are
	// left out unless IncludeOutput is set.
	ContentEncoding ContentEncoding
	IncludeOutput   bool

	Paging paging.Request
	Format Format
}

// ContentEncoding is how a response carries command content and output.
type ContentEncoding string

// The content encodings. The zero value means Base64, the API's default.
const (
	Base64    ContentEncoding = "Base64"
	PlainText ContentEncoding = "PlainText"
)

// MaxTags is how many Tag.N a request may carry, and an invocation.
const MaxTags = 20

// The longest tag key and value, in characters.
const (
	MaxTagKeyLen   = 64
	MaxTagValueLen = 128
)

// ParseQuery reads a DescribeInvocations request from its parameters.
// Parameter names are case-sensitive, as the API's are; an absent
// parameter does not filter; a present one that is not valid is an
// *apierror.Error with the API's code and HTTP status:
//
//	Format       XML (default) or JSON, any case              InvalidParameter.Format      400
//	Action       DescribeInvocations                          InvalidAction.NotFound       404
//	RegionId     required, one of regions                     MissingParameter.RegionId    400
//	                                                          InvalidRegionId.NotFound     404
//	CommandType  RunBatScript, RunPowerShellScript or         InvalidParameter.CommandType 400
//	             RunShellScript, exactly; Type, the reference's name,
//	             is taken too, and must agree
//	Timed        true or false, any case                      InvalidParameter.Timed       400
//	InvokeStatus a status of either family, any case          InvalidParameter.InvokeStatus 400
//	RepeatMode   Once, Period, NextRebootOnly or EveryReboot,  InvalidParameter.RepeatMode  400
//	             any case
//	Tag.N.Key,   N from 1 to 20                               NumberExceed.Tags            400
//	Tag.N.Value  a key once                                   Duplicate.TagKey             400
//	             a key of 1 to 64 characters                  InvalidTagKey.Malformed      400
//	             a value of at most 128 characters            InvalidTagValue.Malformed    400
//	             no value without its key                     MissingParameter.TagKey      400
//	ContentEncoding  PlainText or Base64, any case            InvalidParameter.ContentEncoding 400
//	IncludeOutput    true or false, any case; true only with  InvalidParameter.IncludeOutput   400
//	                 InvokeId or InstanceId
//	PageNumber, PageSize, MaxResults, NextToken: as paging.Parse reads them
//
// InvokeId, CommandId, CommandName, InstanceId and ResourceGroupId are
// taken as they are. A Tag parameter whose N is not a decimal integer is
// not a Tag.N parameter, and is ignored as any unknown parameter is.
//
// regions lists the region ids a query may name; none means
// [KnownRegions]. The parameters are checked in the order above, so the
// error names the first that is wrong. The returned query's Format is set
// even with an error, so that the error can be answered in the format
// asked for (XML when Format itself is wrong). A parameter given more than
// once counts by its first value; a Handler refuses such a request before
// it gets here.
func ParseQuery(v url.Values, regions ...string) (Query, error) {
	q := Query{Format: FormatXML}
	if v.Has("Format") {
		switch f := v.Get("Format"); {
		case strings.EqualFold(f, "XML"):
		case strings.EqualFold(f, "JSON"):
			q.Format = FormatJSON
		default:
			return q, invalidParam(apierror.InvalidFormat, "Format", f, "XML or JSON")
		}
	}
	if a := v.Get("Action"); a != "DescribeInvocations" {
		if !v.Has("Action") {
			return q, apierror.New(apierror.InvalidAction, "The specified action is not found: the parameter \"Action\" is missing.")
		}
		return q, apierror.New(apierror.InvalidAction, fmt.Sprintf("The specified action %q is not found.", a))
	}
	q.RegionID = v.Get("RegionId")
	if q.RegionID == "" {
		return q, apierror.New(apierror.MissingRegionID, "The input parameter “RegionId” that is mandatory for processing this request is not supplied.")
	}
	if len(regions) == 0 {
		regions = KnownRegions()
	}
	if !slices.Contains(regions, q.RegionID) {
		return q, apierror.New(apierror.InvalidRegionID, fmt.Sprintf("The RegionId provided does not exist in our items: %q.", q.RegionID))
	}
	q.InvokeID, q.CommandID, q.CommandName, q.InstanceID = v.Get("InvokeId"), v.Get("CommandId"), v.Get("CommandName"), v.Get("InstanceId")

	ct, typ := v.Get("CommandType"), v.Get("Type")
	switch {
	case v.Has("CommandType") && v.Has("Type") && ct != typ:
		return q, apierror.New(apierror.InvalidCommandType, fmt.Sprintf("The specified parameters \"CommandType\" (%q) and \"Type\" (%q) disagree.", ct, typ))
	case !v.Has("CommandType"):
		ct = typ
	}
	if v.Has("CommandType") || v.Has("Type") {
		if q.CommandType = invocation.CommandType(ct); !q.CommandType.Known() {
			return q, invalidParam(apierror.InvalidCommandType, "CommandType", ct, "RunBatScript, RunPowerShellScript or RunShellScript")
		}
	}

	if v.Has("Timed") {
		switch t := v.Get("Timed"); {
		case strings.EqualFold(t, "true"):
			q.Timed = new(bool)
			*q.Timed = true
		case strings.EqualFold(t, "false"):
			q.Timed = new(bool)
		default:
			return q, invalidParam(apierror.InvalidTimed, "Timed", t, "true or false")
		}
	}

	if v.Has("InvokeStatus") {
		s := v.Get("InvokeStatus")
		l, c := status.ParseLegacy(s), status.ParseCurrent(s)
		switch {
		case c == status.CurrentSuccess || c == status.CurrentPending || c == status.CurrentScheduled:
			q.InvocationStatus = c
		case l.Known():
			q.InvokeStatus = l
		default:
			return q, invalidParam(apierror.InvalidInvokeStatus, "InvokeStatus", s,
				"Running, Stopping, Stopped, Failed, Finished, PartialFailed, Success, Pending or Scheduled")
		}
	}

	if err := q.parseCurrent(v); err != nil {
		return q, err
	}
	var err error
	if q.Paging, err = paging.Parse(v); err != nil {
		return q, err
	}
	return q, nil
}

// parseCurrent reads the parameters of the current edition.
func (q *Query) parseCurrent(v url.Values) error {
	q.ResourceGroupID = v.Get("ResourceGroupId")
	if v.Has("RepeatMode") {
		m := v.Get("RepeatMode")
		switch q.RepeatMode = invocation.ParseRepeatMode(m); q.RepeatMode {
		case invocation.Once, invocation.Period, invocation.NextRebootOnly, invocation.EveryReboot:
		default:
			return invalidParam(apierror.InvalidRepeatModeParam, "RepeatMode", m, "Once, Period, NextRebootOnly or EveryReboot")
		}
	}
	tags, err := parseTags(v)
	if err != nil {
		return err
	}
	q.Tags = tags
	if v.Has("ContentEncoding") {
		switch e := v.Get("ContentEncoding"); {
		case strings.EqualFold(e, string(Base64)):
			q.ContentEncoding = Base64
		case strings.EqualFold(e, string(PlainText)):
			q.ContentEncoding = PlainText
		default:
			return invalidParam(apierror.InvalidContentEncoding, "ContentEncoding", e, "PlainText or Base64")
		}
	}
	if v.Has("IncludeOutput") {
		switch o := v.Get("IncludeOutput"); {
		case strings.EqualFold(o, "true"):
			q.IncludeOutput = true
		case strings.EqualFold(o, "false"):
		default:
			return invalidParam(apierror.InvalidIncludeOutput, "IncludeOutput", o, "true or false")
		}
		if q.IncludeOutput && q.InvokeID == "" && q.InstanceID == "" {
			return apierror.New(apierror.InvalidIncludeOutput,
				"The specified parameter \"IncludeOutput\" is valid only with \"InvokeId\" or \"InstanceId\".")
		}
	}
	return nil
}

// parseTags reads Tag.N.Key and Tag.N.Value, in the order of N.
func parseTags(v url.Values) ([]invocation.Tag, error) {
	type tag struct {
		key, value       string
		hasKey, hasValue bool
	}
	var byN map[int]*tag
	for name := range v {
		rest, ok := strings.CutPrefix(name, "Tag.")
		if !ok {
			continue
		}
		num, field, ok := strings.Cut(rest, ".")
		if !ok || (field != "Key" && field != "Value") {
			continue
		}
		n, err := strconv.Atoi(num)
		if err != nil || num[0] == '+' || num[0] == '-' {
			continue
		}
		if n < 1 || n > MaxTags {
			return nil, apierror.New(apierror.NumberExceedTags,
				fmt.Sprintf("The specified parameter %q is not valid: a request carries Tag.1 to Tag.%d.", name, MaxTags))
		}
		if byN == nil {
			byN = map[int]*tag{}
		}
		t := byN[n]
		if t == nil {
			t = &tag{}
			byN[n] = t
		}
		if field == "Key" {
			t.key, t.hasKey = v.Get(name), true
		} else {
			t.value, t.hasValue = v.Get(name), true
		}
	}
	if len(byN) == 0 {
		return nil, nil
	}
	ns := slices.Sorted(maps.Keys(byN))
	tags := make([]invocation.Tag, 0, len(ns))
	seen := map[string]int{}
	for _, n := range ns {
		t := byN[n]
		switch {
		case !t.hasKey:
			return nil, apierror.New(apierror.MissingTagKey, fmt.Sprintf("The input parameter \"Tag.%d.Key\" that is mandatory for processing this request is not supplied.", n))
		case t.key == "" || utf8.RuneCountInString(t.key) > MaxTagKeyLen:
			return nil, invalidParam(apierror.InvalidTagKey, fmt.Sprintf("Tag.%d.Key", n), t.key, fmt.Sprintf("a key of 1 to %d characters", MaxTagKeyLen))
		case utf8.RuneCountInString(t.value) > MaxTagValueLen:
			return nil, invalidParam(apierror.InvalidTagValue, fmt.Sprintf("Tag.%d.Value", n), t.value, fmt.Sprintf("a value of at most %d characters", MaxTagValueLen))
		}
		if first, dup := seen[t.key]; dup {
			return nil, apierror.New(apierror.DuplicateTagKey, fmt.Sprintf("The tag key %q is given twice, as Tag.%d.Key and Tag.%d.Key.", t.key, first, n))
		}
		seen[t.key] = n
		tags = append(tags, invocation.Tag{Key: t.key, Value: t.value})
	}
	return tags, nil
}

func invalidParam(code apierror.Code, name, value, want string) *apierror.Error {
	return apierror.New(code, fmt.Sprintf("The specified parameter %q is not valid: %q is not %s.", name, value, want))
}

// hasTags reports whether have carries every tag of want; a wanted tag
// with an empty value matches any value of its key.
func hasTags(have, want []invocation.Tag) bool {
	for _, w := range want {
		if !slices.ContainsFunc(have, func(h invocation.Tag) bool { return h.Key == w.Key && (w.Value == "" || h.Value == w.Value) }) {
			return false
		}
	}
	return true
}

// Match reports whether inv passes q's filters. The status filters look
// at inv's overall statuses as they are; CommandName and the
// PartialFailed status filter are ignored when the query names an
// instance, as the API does; so is RepeatMode. ResourceGroupID is not the
// invocation's to match: the store that holds it matches it.
func (q *Query) Match(inv *invocation.Invocation) bool {
	switch {
	case q.InvokeID != "" && inv.InvokeID != q.InvokeID,
		q.CommandID != "" && inv.CommandID != q.CommandID,
		q.CommandName != "" && q.InstanceID == "" && inv.CommandName != q.CommandName,
		q.CommandType != "" && inv.CommandType != q.CommandType,
		q.Timed != nil && inv.Timed != *q.Timed,
		q.InvocationStatus != "" && inv.InvocationStatus != q.InvocationStatus,
		q.InvokeStatus != "" && inv.InvokeStatus != q.InvokeStatus &&
			!(q.InvokeStatus == status.LegacyPartialFailed && q.InstanceID != ""),
		q.RepeatMode != "" && q.InstanceID == "" && inv.RepeatMode != q.RepeatMode,
		!hasTags(inv.Tags, q.Tags):
		return false
	}
	if q.InstanceID == "" {
		return true
	}
	return slices.ContainsFunc(inv.Instances, func(in invocation.InvokeInstance) bool { return in.InstanceID == q.InstanceID })
}
