package fake

import (
	"github.com/ecsassist/cloudassistant/fake/internal/index"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/paging"
	"github.com/ecsassist/cloudassistant/status"
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

// DescribeInvocationsRequest is a DescribeInvocations request: its
// filters and paging. A zero filter field matches everything and the zero
// Paging asks for the first page of the default size, so a request that
// names only its RegionID asks for the first page of every invocation of
// the region.
type DescribeInvocationsRequest struct {
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
	// group an invocation was put in (Service.LoadInGroup, or the ResourceGroupId of its RunCommand or InvokeCommand); every tag must be
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
}

// ContentEncoding is how a response carries command content and output.
type ContentEncoding string

// The content encodings. The zero value means Base64, the API's default.
const (
	Base64    ContentEncoding = "Base64"
	PlainText ContentEncoding = "PlainText"
)

// query is what the index of the region's invocations needs of req.
func (req *DescribeInvocationsRequest) query() index.Query {
	return index.Query{
		RegionID: req.RegionID, InvokeID: req.InvokeID, CommandID: req.CommandID, CommandName: req.CommandName,
		CommandType: req.CommandType, Timed: req.Timed, InstanceID: req.InstanceID,
		InvokeStatus: req.InvokeStatus, InvocationStatus: req.InvocationStatus,
		ResourceGroupID: req.ResourceGroupID, RepeatMode: req.RepeatMode, Tags: req.Tags,
		PlainText: req.ContentEncoding == PlainText, IncludeOutput: req.IncludeOutput,
		Paging: req.Paging,
	}
}

// Match reports whether inv passes q's filters. The status filters look
// at inv's overall statuses as they are; CommandName and the
// PartialFailed status filter are ignored when the query names an
// instance, as the API does; so is RepeatMode. ResourceGroupID is not the
// invocation's to match: the store that holds it matches it.
func (q *DescribeInvocationsRequest) Match(inv *invocation.Invocation) bool {
	iq := q.query()
	return iq.Match(inv)
}
