package mock

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

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
// response format. A zero filter field matches everything.
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

	Paging paging.Request
	Format Format
}

// ParseQuery reads a DescribeInvocations request from its parameters.
// Parameter names are case-sensitive, as the API's are; an absent
// parameter does not filter; a present one that is not valid is an *Error
// with the API's code and HTTP status:
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
//	PageNumber, PageSize, MaxResults, NextToken: as paging.Parse reads them
//
// regions lists the region ids a query may name; none means
// [KnownRegions]. The parameters are checked in the order above, so the
// error names the first that is wrong. The returned query's Format is set
// even with an error, so that the error can be answered in the format
// asked for (XML when Format itself is wrong).
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

	var err error
	if q.Paging, err = paging.Parse(v); err != nil {
		return q, err
	}
	return q, nil
}

func invalidParam(code apierror.Code, name, value, want string) *apierror.Error {
	return apierror.New(code, fmt.Sprintf("The specified parameter %q is not valid: %q is not %s.", name, value, want))
}

// Match reports whether inv passes q's filters. The status filters look
// at inv's overall statuses as they are; CommandName and the
// PartialFailed status filter are ignored when the query names an
// instance, as the API does.
func (q *Query) Match(inv *invocation.Invocation) bool {
	switch {
	case q.InvokeID != "" && inv.InvokeID != q.InvokeID,
		q.CommandID != "" && inv.CommandID != q.CommandID,
		q.CommandName != "" && q.InstanceID == "" && inv.CommandName != q.CommandName,
		q.CommandType != "" && inv.CommandType != q.CommandType,
		q.Timed != nil && inv.Timed != *q.Timed,
		q.InvocationStatus != "" && inv.InvocationStatus != q.InvocationStatus,
		q.InvokeStatus != "" && inv.InvokeStatus != q.InvokeStatus &&
			!(q.InvokeStatus == status.LegacyPartialFailed && q.InstanceID != ""):
		return false
	}
	if q.InstanceID == "" {
		return true
	}
	return slices.ContainsFunc(inv.Instances, func(in invocation.InvokeInstance) bool { return in.InstanceID == q.InstanceID })
}
