package fake

import (
	"encoding/base64"
	"fmt"
	"slices"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake/internal/index"
	"github.com/ecsassist/cloudassistant/internal/listing"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/paging"
	"github.com/ecsassist/cloudassistant/status"
)

// StopInvocationRequest is a StopInvocation request.
type StopInvocationRequest struct {
	RegionID    string
	InvokeID    string   // required
	InstanceIDs []string // InstanceId.N: at most 50; none means every instance
}

// StopInvocation stops an invocation on some or all of its instances, at
// once: a run not yet started (Pending, Scheduled) becomes Cancelled; a
// running one Stopping, then Terminated a second later; either has the
// StopTime of the call, and a periodic invocation runs no more on those
// instances. An execution that has ended does not change, and stopping it
// succeeds. The errors are those of the region, then:
//
//	InvokeId     required, an invocation of the region  MissingParameter.InvokeId 400, InvalidInvokeId.NotFound 404
//	InstanceIDs  at most 50                             InstanceIds.ExceedLimit 403
//	             each an instance of the invocation     InvalidInstanceId.NotFound 404
func (s *Service) StopInvocation(req StopInvocationRequest) error {
	now := s.begin()
	defer s.end()
	s.changed()
	if err := s.checkRegion(req.RegionID); err != nil {
		return err
	}
	if req.InvokeID == "" {
		return apierror.Missing("InvokeId")
	}
	l := s.lookup(s.region(req.RegionID), req.InvokeID)
	if l == nil {
		return apierror.New(apierror.InvalidInvokeIDNotFound, fmt.Sprintf("The specified InvokeId %q does not exist.", req.InvokeID))
	}
	if len(req.InstanceIDs) > maxStopInstances {
		return apierror.New(apierror.InstanceIDsExceedLimit, fmt.Sprintf("The number of instance IDs exceeds the upper limit of %d.", maxStopInstances))
	}
	targets := make([]*exec, 0, len(l.execs))
	for _, id := range req.InstanceIDs {
		i := slices.IndexFunc(l.view.Instances, func(in invocation.InvokeInstance) bool { return in.InstanceID == id })
		if i < 0 {
			return apierror.New(apierror.InvalidInstanceIDNotFound, fmt.Sprintf("The specified instance %q is not an instance of the invocation %q.", id, req.InvokeID))
		}
		targets = append(targets, &l.execs[i])
	}
	if len(req.InstanceIDs) == 0 {
		for i := range l.execs {
			targets = append(targets, &l.execs[i])
		}
	}
	for _, e := range targets {
		s.stop(e, now)
	}
	req.InstanceIDs = slices.Clone(req.InstanceIDs)
	s.record(now, Call{StopInvocation: &req})
	return nil
}

// DescribeInvocationResultsRequest is a DescribeInvocationResults request.
// A zero filter matches every record.
type DescribeInvocationResultsRequest struct {
	RegionID           string
	InvokeID           string
	InstanceID         string
	CommandID          string
	InvokeRecordStatus status.Legacy // a per-instance legacy status: Running, Stopping, Stopped, Failed or Finished
	ResourceGroupID    string
	Tags               []invocation.Tag // every one must be carried; one with an empty Value matches any value of its key

	// IncludeHistory lists every run of a periodic invocation that has
	// started, newest first, instead of the instance's latest state.
	IncludeHistory bool

	ContentEncoding ContentEncoding // how Output is shown: Base64 (the default) or PlainText
	Paging          paging.Request  // zero means the first page of 10
}

// DescribeInvocationResultsResponse is a page of DescribeInvocationResults.
type DescribeInvocationResultsResponse struct {
	TotalCount int
	PageNumber int    // page-number paging
	PageSize   int    // page-number paging
	NextToken  string // token paging: empty on the last page
	Results    []invocation.Result
}

// DescribeInvocationResults returns a page of the records of the
// region's runs that match req: one per invocation and instance, as
// DescribeInvocations shows them at the same instant and in its order,
// each invocation's instances in their order; with IncludeHistory, one per
// run that has started instead (an instance none of whose runs has
// started gives its latest state). An unknown InvokeId gives an empty
// page. The errors are those of the region, of InvokeRecordStatus
// (InvalidParameter.InvokeRecordStatus 400, a decision), of the tags, of
// ContentEncoding and of the paging (a NextToken not issued for these
// filters is InvalidParameter.NextToken 400). The filters are every field
// but the paging and ContentEncoding, IncludeHistory among them, and the
// order of the tags does not count: a token stays valid when only those
// change.
func (s *Service) DescribeInvocationResults(req DescribeInvocationResultsRequest) (DescribeInvocationResultsResponse, error) {
	s.begin()
	defer s.end()
	var resp DescribeInvocationResultsResponse
	if err := s.checkRegion(req.RegionID); err != nil {
		return resp, err
	}
	if req.InvokeRecordStatus != "" && !req.InvokeRecordStatus.PerInstance() {
		return resp, apierror.Invalid(apierror.InvalidParameterInvokeRecordStatus, "InvokeRecordStatus", string(req.InvokeRecordStatus),
			"Running, Stopping, Stopped, Failed or Finished")
	}
	if err := checkTags(req.Tags); err != nil {
		return resp, err
	}
	plain, err := req.ContentEncoding.parse()
	if err != nil {
		return resp, err
	}
	p, err := defaultPaging(req.Paging)
	if err != nil {
		return resp, err
	}
	var print listing.Sum
	if p.ByToken {
		print = req.fingerprint()
	}
	pg, err := index.NewPager(&s.key, p, print)
	if err != nil {
		return resp, err
	}
	if !p.ByToken {
		resp.PageNumber, resp.PageSize = p.Page.Number, p.Page.Size
	}
	// Filtered through an index alone, and without history, the records
	// are counted without a walk, and the walk starts at the page: at the
	// token's place, or past whole invocations before the page.
	indexOnly := req.CommandID == "" && req.ResourceGroupID == "" && len(req.Tags) == 0 &&
		req.InvokeRecordStatus == "" && !req.IncludeHistory
	start := listing.Top()
	if at, ok := pg.After(); ok && indexOnly {
		start = at
	}
	for l := range s.candidates(req, start) {
		if req.CommandID != "" && l.view.CommandID != req.CommandID ||
			req.ResourceGroupID != "" && l.group != req.ResourceGroupID ||
			!index.HasTags(l.view.Tags, req.Tags) {
			continue
		}
		if indexOnly {
			if pg.Skip(l.recordsOf(req.InstanceID)) {
				continue
			}
			if pg.More() {
				break
			}
		}
		for i := range l.execs {
			e := &l.execs[i]
			in := e.view()
			if req.InstanceID != "" && in.InstanceID != req.InstanceID {
				continue
			}
			if req.IncludeHistory && len(e.history) > 0 {
				for k := len(e.history) - 1; k >= 0; k-- {
					r := &e.history[k]
					legacy, _ := r.status.Legacy()
					if (req.InvokeRecordStatus == "" || legacy == req.InvokeRecordStatus) &&
						pg.Take(l.at(i, r.n)) {
						resp.Results = append(resp.Results, e.record(r, plain))
					}
				}
				continue
			}
			if (req.InvokeRecordStatus == "" || in.InstanceInvokeStatus == req.InvokeRecordStatus) &&
				pg.Take(l.at(i, 0)) {
				resp.Results = append(resp.Results, e.record(nil, plain))
			}
		}
	}
	resp.TotalCount, resp.NextToken = pg.Total(), pg.Next()
	if indexOnly {
		resp.TotalCount = s.countRecords(req)
	}
	return resp, nil
}

// fingerprint identifies req's filters, so that a token is only taken
// back for the filters it was issued for: every field but the paging and
// ContentEncoding, which only changes how the answer is shown.
// IncludeHistory is a filter: it lists other records.
func (req *DescribeInvocationResultsRequest) fingerprint() listing.Sum {
	f := listing.NewFingerprint("DescribeInvocationResults")
	f.String("RegionId", req.RegionID)
	f.String("InvokeId", req.InvokeID)
	f.String("InstanceId", req.InstanceID)
	f.String("CommandId", req.CommandID)
	f.String("InvokeRecordStatus", string(req.InvokeRecordStatus))
	f.String("ResourceGroupId", req.ResourceGroupID)
	f.Tags("Tag", req.Tags)
	f.Bool("IncludeHistory", req.IncludeHistory)
	return f.Sum()
}

// recordsOf returns how many records l has without history: one per
// instance, or one for the instance instanceID, which l has.
func (l *live) recordsOf(instanceID string) int {
	if instanceID != "" {
		return 1
	}
	return len(l.execs)
}

// countRecords counts the records of a request that filters through an
// index alone, without history.
func (s *Service) countRecords(req DescribeInvocationResultsRequest) int {
	r := s.region(req.RegionID)
	switch {
	case req.InvokeID != "":
		n := 0
		if l := s.lookup(r, req.InvokeID); l != nil {
			for _, in := range l.view.Instances {
				if req.InstanceID == "" || in.InstanceID == req.InstanceID {
					n++
				}
			}
		}
		return n
	case req.InstanceID != "":
		if list := r.byIns[req.InstanceID]; list != nil {
			return list.Len()
		}
		return 0
	}
	return r.records
}

// candidates returns the invocations that req may match, in the API's
// order from start (see listing.List.From): through the most selective
// index req names.
func (s *Service) candidates(req DescribeInvocationResultsRequest, start listing.Position) func(yield func(*live) bool) {
	r := s.region(req.RegionID)
	switch {
	case req.InvokeID != "":
		return func(yield func(*live) bool) {
			if l := s.lookup(r, req.InvokeID); l != nil {
				yield(l)
			}
		}
	case req.InstanceID != "":
		if list := r.byIns[req.InstanceID]; list != nil {
			return list.From(start)
		}
		return func(func(*live) bool) {}
	}
	return r.invs.From(start)
}

// record is the record of the run r of e, or of e's latest state when r
// is nil, with its output in Base64 unless plain.
func (e *exec) record(r *run, plain bool) invocation.Result {
	l, in := e.inv, e.view()
	rec := invocation.Result{
		CommandID: l.view.CommandID, InvokeID: l.view.InvokeID, InstanceID: in.InstanceID,
		InvocationStatus: in.InvocationStatus, InvokeRecordStatus: in.InstanceInvokeStatus,
		ExitCode: in.ExitCode, Output: in.Output, Dropped: in.Dropped, Repeats: in.Repeats,
		StartTime: in.StartTime, FinishedTime: in.FinishTime, StopTime: in.StopTime,
		ErrorCode: in.ErrorCode, ErrorInfo: in.ErrorInfo,
		Username: l.view.Username, ContainerID: l.view.ContainerID, ContainerName: l.view.ContainerName,
		TerminationMode: l.view.TerminationMode, Launcher: l.view.Launcher, Tags: slices.Clone(l.view.Tags),
	}
	if r != nil {
		rec.InvocationStatus = r.status
		rec.InvokeRecordStatus, _ = r.status.Legacy()
		rec.Repeats = invocation.Some(r.n)
		rec.StartTime, rec.FinishedTime, rec.StopTime = r.start, r.finish, r.stop
		rec.ExitCode, rec.Output, rec.Dropped = r.end.exitCode, r.end.output, invocation.Optional[int32]{}
		rec.ErrorCode, rec.ErrorInfo = r.end.errorCode, r.end.errorInfo
		if !r.finish.IsZero() && r.status != status.CurrentTerminated {
			rec.Dropped = invocation.Some(r.end.dropped)
		}
	}
	if !plain && rec.Output != "" {
		rec.Output = base64.StdEncoding.EncodeToString([]byte(rec.Output))
	}
	return rec
}
