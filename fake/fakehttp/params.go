package fakehttp

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/paging"
	"github.com/ecsassist/cloudassistant/status"
)

// ParseDescribeInvocations reads a DescribeInvocations request from its
// parameters, as the Handler does. Parameter names are case-sensitive, as
// the API's are; an absent parameter does not filter; a present one that
// is not valid is an *apierror.Error with the API's code and HTTP status:
//
//	CommandType  RunBatScript, RunPowerShellScript or         InvalidParameter.CommandType 400
//	             RunShellScript, exactly; Type, the 2018 reference's name,
//	             is taken too, and must agree
//	Timed        true or false, any case                      InvalidParameter.Timed       400
//	InvokeStatus a status of either family, any case          InvalidParameter.InvokeStatus 400
//	RepeatMode   Once, Period, NextRebootOnly or EveryReboot,  InvalidParameter.RepeatMode  400
//	             any case
//	Tag.N.Key,   N from 1 to 20                               NumberExceed.Tags            400
//	Tag.N.Value  no value without its key                     MissingParameter.TagKey      400
//	ContentEncoding  PlainText or Base64, any case            InvalidParameter.ContentEncoding 400
//	IncludeOutput    true or false, any case; true only with  InvalidParameter.IncludeOutput   400
//	                 InvokeId or InstanceId
//	PageNumber, PageSize, MaxResults, NextToken: as paging.Parse reads them
//
// RegionId, InvokeId, CommandId, CommandName, InstanceId and
// ResourceGroupId are taken as they are: the Service checks the region,
// and the tags' keys and values, as it does for every operation. A Tag
// parameter whose N is not a decimal integer without a sign or a leading
// zero (Tag.+1, Tag.01) is not a Tag.N parameter, and is ignored as any
// unknown parameter is. Action and Format are the Handler's to read.
//
// The parameters are checked in the order above, so the error names the
// first that is wrong. A parameter given more than once counts by its
// first value; a Handler refuses such a request before it gets here.
func ParseDescribeInvocations(v url.Values) (fake.DescribeInvocationsRequest, error) {
	var q fake.DescribeInvocationsRequest
	var err error
	q.RegionID = v.Get("RegionId")
	q.InvokeID, q.CommandID, q.CommandName, q.InstanceID = v.Get("InvokeId"), v.Get("CommandId"), v.Get("CommandName"), v.Get("InstanceId")

	ct, typ := v.Get("CommandType"), v.Get("Type")
	switch {
	case v.Has("CommandType") && v.Has("Type") && ct != typ:
		return q, apierror.New(apierror.InvalidParameterCommandType, fmt.Sprintf("The specified parameters \"CommandType\" (%q) and \"Type\" (%q) disagree.", ct, typ))
	case !v.Has("CommandType"):
		ct = typ
	}
	if v.Has("CommandType") || v.Has("Type") {
		if q.CommandType = invocation.CommandType(ct); !q.CommandType.Known() {
			return q, apierror.Invalid(apierror.InvalidParameterCommandType, "CommandType", ct, "RunBatScript, RunPowerShellScript or RunShellScript")
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
			return q, apierror.Invalid(apierror.InvalidParameterTimed, "Timed", t, "true or false")
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
			return q, apierror.Invalid(apierror.InvalidParameterInvokeStatus, "InvokeStatus", s,
				"Running, Stopping, Stopped, Failed, Finished, PartialFailed, Success, Pending or Scheduled")
		}
	}

	if err := parseCurrent(&q, v); err != nil {
		return q, err
	}
	if q.Paging, err = paging.Parse(v); err != nil {
		return q, err
	}
	return q, nil
}

// parseCurrent reads the parameters of the current edition.
func parseCurrent(q *fake.DescribeInvocationsRequest, v url.Values) error {
	q.ResourceGroupID = v.Get("ResourceGroupId")
	if v.Has("RepeatMode") {
		m := v.Get("RepeatMode")
		switch q.RepeatMode = invocation.ParseRepeatMode(m); q.RepeatMode {
		case invocation.Once, invocation.Period, invocation.NextRebootOnly, invocation.EveryReboot:
		default:
			return apierror.Invalid(apierror.InvalidParameterRepeatMode, "RepeatMode", m, "Once, Period, NextRebootOnly or EveryReboot")
		}
	}
	tags, err := parseTags(v)
	if err != nil {
		return err
	}
	q.Tags = tags
	if v.Has("ContentEncoding") {
		switch e := v.Get("ContentEncoding"); {
		case strings.EqualFold(e, string(fake.Base64)):
			q.ContentEncoding = fake.Base64
		case strings.EqualFold(e, string(fake.PlainText)):
			q.ContentEncoding = fake.PlainText
		default:
			return apierror.Invalid(apierror.InvalidParameterContentEncoding, "ContentEncoding", e, "PlainText or Base64")
		}
	}
	if v.Has("IncludeOutput") {
		switch o := v.Get("IncludeOutput"); {
		case strings.EqualFold(o, "true"):
			q.IncludeOutput = true
		case strings.EqualFold(o, "false"):
		default:
			return apierror.Invalid(apierror.InvalidParameterIncludeOutput, "IncludeOutput", o, "true or false")
		}
		if q.IncludeOutput && q.InvokeID == "" && q.InstanceID == "" {
			return apierror.New(apierror.InvalidParameterIncludeOutput,
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
		n, ok := listIndex(num)
		if !ok {
			continue
		}
		if n < 1 || n > invocation.MaxTags {
			return nil, apierror.New(apierror.NumberExceedTags,
				fmt.Sprintf("The specified parameter %q is not valid: a request carries Tag.1 to Tag.%d.", name, invocation.MaxTags))
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
	for _, n := range ns {
		t := byN[n]
		if !t.hasKey {
			return nil, apierror.New(apierror.MissingParameterTagKey, fmt.Sprintf("The input parameter \"Tag.%d.Key\" that is mandatory for processing this request is not supplied.", n))
		}
		tags = append(tags, invocation.Tag{Key: t.key, Value: t.value})
	}
	return tags, nil
}
