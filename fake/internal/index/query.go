package index

import (
	"encoding/base64"
	"slices"
	"sort"

	"github.com/ecsassist/cloudassistant/internal/listing"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/paging"
	"github.com/ecsassist/cloudassistant/status"
)

// Query is what a Store needs of a DescribeInvocations request: its
// filters, its paging and how the answer is shown. A zero filter field
// matches everything and the zero Paging asks for the first page of the
// default size, so the zero Query asks for the first page of every
// invocation.
type Query struct {
	RegionID    string // counts only in the fingerprint: a Store holds one region
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
	// group an invocation was put in (PutInGroup, PutLive); every tag
	// must be carried by a matching invocation, and a tag with an empty
	// Value matches any value of its key.
	ResourceGroupID string
	RepeatMode      invocation.RepeatMode
	Tags            []invocation.Tag

	// How the response carries what the Store keeps as plain text:
	// CommandContent and Output are Base64 unless PlainText is set, and
	// Output and Dropped are left out unless IncludeOutput is set.
	PlainText     bool
	IncludeOutput bool

	Paging paging.Request
}

// HasTags reports whether have carries every tag of want; a wanted tag
// with an empty value matches any value of its key.
func HasTags(have, want []invocation.Tag) bool {
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
// invocation's to match: the Store that holds it matches it.
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
		!HasTags(inv.Tags, q.Tags):
		return false
	}
	if q.InstanceID == "" {
		return true
	}
	return slices.ContainsFunc(inv.Instances, func(in invocation.InvokeInstance) bool { return in.InstanceID == q.InstanceID })
}

// Describe answers q with one page of the stored invocations that match
// it, in the API's order: by page number, or by token when q asks for
// token paging. TotalCount counts every match. The response's RequestID
// is left for the caller.
//
// The zero q.Paging asks for [paging.DefaultPage], so that the zero Query
// asks for the first page of every invocation; any other q.Paging must be
// valid (see [paging.Page.Validate] and [paging.Cursor.Validate]), and an
// invalid one is the *apierror.Error the API answers it with. So is a
// NextToken this Store did not issue, or issued for other filters
// (InvalidParameter.NextToken): the filters are every field but the
// paging, PlainText and IncludeOutput, and the order of the tags does not
// count, so that a token stays valid when only those change.
//
// A token marks a place in the order, not an offset: walking every page
// while invocations are put and removed returns none twice and skips none
// that was stored for the whole walk.
func (s *Store) Describe(q *Query) (invocation.Response, error) {
	switch {
	case q.Paging == paging.Request{}:
		withDefault := *q
		withDefault.Paging.Page = paging.DefaultPage
		q = &withDefault
	case q.Paging.ByToken:
		if err := q.Paging.Cursor.Validate(); err != nil {
			return invocation.Response{}, err
		}
	default:
		if err := q.Paging.Page.Validate(); err != nil {
			return invocation.Response{}, err
		}
	}
	var print listing.Sum // tokens only
	if q.Paging.ByToken {
		print = q.Fingerprint()
	}
	pg, err := NewPager(s.sealer(), q.Paging, print)
	if err != nil {
		return invocation.Response{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var r invocation.Response
	var page []*entry
	if !q.Paging.ByToken {
		r.PageNumber, r.PageSize = q.Paging.Page.Number, q.Paging.Page.Size
	}
	list, exact := s.exact(q)
	switch {
	case exact && !q.Paging.ByToken:
		// Every entry of list matches: the page is found by position.
		r.TotalCount = len(list)
		want := q.Paging.Page.Size
		for j := len(list) - 1 - q.Paging.Page.Offset(); j >= 0 && len(page) < want; j-- {
			page = append(page, list[j])
		}
	case exact:
		// Every entry of list matches: the total is known, and the place
		// after the token is found by binary search.
		r.TotalCount = len(list)
		end := len(list)
		if after, ok := pg.After(); ok {
			end = sort.Search(len(list), func(j int) bool { return !after.Before(list[j].pos()) })
		}
		for j := end - 1; j >= 0 && !pg.More(); j-- {
			if pg.Take(list[j].pos()) {
				page = append(page, list[j])
			}
		}
	default:
		for _, e := range slices.Backward(s.candidates(q)) {
			if q.match(e) && pg.Take(e.pos()) {
				page = append(page, e)
			}
		}
		r.TotalCount = pg.Total()
	}
	// The page is a copy: one allocation for the invocations and one for
	// all their instances, each list's capacity ending where it does.
	n := 0
	for _, e := range page {
		n += len(e.inv.Instances)
	}
	if len(page) > 0 {
		r.Invocations = make([]invocation.Invocation, len(page))
	}
	slab := make([]invocation.InvokeInstance, 0, n)
	for i, e := range page {
		r.Invocations[i] = e.inv
		if len(e.inv.Instances) > 0 {
			mark := len(slab)
			slab = append(slab, e.inv.Instances...)
			r.Invocations[i].Instances = slab[mark:len(slab):len(slab)]
		}
		q.present(&r.Invocations[i])
	}
	r.NextToken = pg.Next()
	return r, nil
}

// present turns a stored invocation into what q's response shows: content
// and output Base64-encoded unless q asks for plain text, and output only
// when q asks for it. inv's instances are its own copy.
func (q *Query) present(inv *invocation.Invocation) {
	plain := q.PlainText
	if !plain && inv.CommandContent != "" {
		inv.CommandContent = base64.StdEncoding.EncodeToString([]byte(inv.CommandContent))
	}
	for j := range inv.Instances {
		in := &inv.Instances[j]
		switch {
		case !q.IncludeOutput:
			in.Output, in.Dropped = "", invocation.Optional[int32]{}
		case !plain && in.Output != "":
			in.Output = base64.StdEncoding.EncodeToString([]byte(in.Output))
		}
	}
}

// candidates returns the entries that the most selective index q names
// holds, or every entry, in the API's order reversed.
func (s *Store) candidates(q *Query) []*entry {
	switch {
	case q.InvokeID != "":
		if e, ok := s.byID[q.InvokeID]; ok {
			return []*entry{e}
		}
		return nil
	case q.InstanceID != "":
		return s.byIns[q.InstanceID]
	case q.CommandID != "":
		return s.byCmd[q.CommandID]
	}
	return s.order
}

// exact returns the candidates of q when every one of them matches q:
// when q filters on nothing but what selected them.
func (s *Store) exact(q *Query) ([]*entry, bool) {
	rest := *q
	switch {
	case q.InvokeID != "":
		rest.InvokeID = ""
	case q.InstanceID != "":
		rest.InstanceID = ""
	case q.CommandID != "":
		rest.CommandID = ""
	}
	if !rest.unfiltered() {
		return nil, false
	}
	return s.candidates(q), true
}

// match reports whether e passes q's filters.
func (q *Query) match(e *entry) bool {
	return (q.ResourceGroupID == "" || e.group == q.ResourceGroupID) && q.Match(&e.inv)
}

// unfiltered reports whether q matches every invocation.
func (q *Query) unfiltered() bool {
	return q.InvokeID == "" && q.CommandID == "" && q.CommandName == "" && q.CommandType == "" && q.Timed == nil &&
		q.InstanceID == "" && q.InvokeStatus == "" && q.InvocationStatus == "" && q.ResourceGroupID == "" &&
		(q.RepeatMode == "" || q.InstanceID != "") && len(q.Tags) == 0
}

// Fingerprint identifies q's filters, so that a token is only taken
// back for the filters it was issued for: every field but the paging,
// PlainText and IncludeOutput, which only change how the answer is
// shown. The order of the tags does not count.
func (q *Query) Fingerprint() listing.Sum {
	f := listing.NewFingerprint("DescribeInvocations")
	f.String("RegionId", q.RegionID)
	f.String("InvokeId", q.InvokeID)
	f.String("CommandId", q.CommandID)
	f.String("CommandName", q.CommandName)
	f.String("CommandType", string(q.CommandType))
	f.OptionalBool("Timed", q.Timed)
	f.String("InstanceId", q.InstanceID)
	f.String("InvokeStatus", string(q.InvokeStatus))
	f.String("InvocationStatus", string(q.InvocationStatus))
	f.String("ResourceGroupId", q.ResourceGroupID)
	f.String("RepeatMode", string(q.RepeatMode))
	f.Tags("Tag", q.Tags)
	return f.Sum()
}
