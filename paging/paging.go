// Package paging implements the two paging styles of DescribeInvocations:
// page numbers (PageNumber, PageSize) and tokens (MaxResults, NextToken).
//
// On the server side, [Parse] reads either style from a request's
// parameters and validates it with the API's error codes, and [Slice]
// cuts one numbered page out of a list ([Pages] cuts them all). On the
// client side, [AllByPage] and [AllByToken] iterate over every item of
// every page from a given [Page] or [Cursor], the first or one a caller
// stopped at: a fetch function returns each page as an [Answer], whose
// items may each carry an error of their own, and the iterators validate
// the request before the first fetch, check the context before each, and
// stop where a walk would loop (a repeated NextToken) or report what page
// numbers can get wrong (an item seen twice).
//
// # Parameters
//
// An absent parameter takes its default; a present one that is not valid is
// an error, never clamped into range:
//
//	PageNumber  integer >= 1, default 1         InvalidParam.PageNumber      400
//	PageSize    integer 1..50, default 10       InvalidParam.PageSize        400
//	MaxResults  integer 1..50, default 10       InvalidParameter.MaxResults  400
//	NextToken   opaque text issued by a server  InvalidParameter.NextToken   400
//
// Integers are read as [strconv.Atoi] reads them (an optional sign, decimal
// digits); a present but empty value is not an integer. When a parameter is
// given more than once, its first value counts, as with [url.Values.Get].
// When MaxResults or NextToken is present the request uses token paging and
// PageNumber and PageSize are ignored altogether, valid or not. Errors are
// *apierror.Error values (see errors.As), with the code and HTTP status
// above.
package paging

import (
	"fmt"
	"net/url"
	"strconv"

	"github.com/ecsassist/cloudassistant/apierror"
)

// Limits and defaults of both styles.
const (
	DefaultPageSize   = 10
	MaxPageSize       = 50
	DefaultMaxResults = 10
	MaxMaxResults     = 50
)

// Page is a request for one numbered page: items (Number-1)*Size up to
// Number*Size-1 of the whole list. A Page is valid when Number >= 1 and
// Size is from 1 to [MaxPageSize]; the zero Page is not valid, and
// [DefaultPage] is what a request without paging parameters asks for.
type Page struct {
	Number int // 1-based page number
	Size   int // items per page
}

// DefaultPage is the page a request without PageNumber and PageSize asks
// for.
var DefaultPage = Page{Number: 1, Size: DefaultPageSize}

// Validate reports whether p is valid, with the error the API answers an
// invalid one with.
func (p Page) Validate() error {
	if p.Number < 1 {
		return invalid(apierror.InvalidParamPageNumber, "PageNumber", strconv.Itoa(p.Number), "an integer of at least 1")
	}
	if p.Size < 1 || p.Size > MaxPageSize {
		return invalid(apierror.InvalidParamPageSize, "PageSize", strconv.Itoa(p.Size), "an integer from 1 to 50")
	}
	return nil
}

// Offset returns the index in the whole list of the first item of page p.
// It saturates at the largest int rather than overflow.
func (p Page) Offset() int {
	if p.Number <= 1 || p.Size <= 0 {
		return 0
	}
	if p.Number-1 > maxInt/p.Size {
		return maxInt
	}
	return (p.Number - 1) * p.Size
}

const maxInt = int(^uint(0) >> 1)

// Next returns the page after p, and whether it holds any of total items.
func (p Page) Next(total int) (Page, bool) {
	if p.Number >= maxInt {
		return p, false
	}
	next := Page{Number: p.Number + 1, Size: p.Size}
	return next, next.Offset() < total
}

// Cursor is a request for one page in token style: at most MaxResults
// items from the position NextToken marks, or from the start when
// NextToken is empty. A Cursor is valid when MaxResults is from 1 to
// [MaxMaxResults]; the zero Cursor is not valid, and [DefaultCursor] is
// what a request with only NextToken asks for.
type Cursor struct {
	MaxResults int
	NextToken  string // opaque; empty for the first page
}

// DefaultCursor is the first page of token paging with the default
// MaxResults.
var DefaultCursor = Cursor{MaxResults: DefaultMaxResults}

// Validate reports whether c is valid, with the error the API answers an
// invalid one with. It cannot tell whether a server issued c.NextToken;
// the server that issued it can.
func (c Cursor) Validate() error {
	if c.MaxResults < 1 || c.MaxResults > MaxMaxResults {
		return invalid(apierror.InvalidParameterMaxResults, "MaxResults", strconv.Itoa(c.MaxResults), "an integer from 1 to 50")
	}
	return nil
}

// Request is a page request in either style: token paging when ByToken is
// set, with Cursor; else page-number paging, with Page. The zero Request
// is page-number paging with a zero, invalid Page.
type Request struct {
	ByToken bool
	Page    Page
	Cursor  Cursor
}

// Parse reads the paging parameters of q: token style when MaxResults or
// NextToken is present, else page-number style. Absent parameters take
// their defaults; a present one that is not valid is an
// *apierror.Error with the API's code and HTTP status, and its message
// quotes the value.
func Parse(q url.Values) (Request, error) {
	if q.Has("MaxResults") || q.Has("NextToken") {
		c := Cursor{MaxResults: DefaultMaxResults, NextToken: q.Get("NextToken")}
		if q.Has("MaxResults") {
			n, err := parseInt(q.Get("MaxResults"), 1, MaxMaxResults, apierror.InvalidParameterMaxResults, "MaxResults")
			if err != nil {
				return Request{}, err
			}
			c.MaxResults = n
		}
		return Request{ByToken: true, Cursor: c}, nil
	}
	p := DefaultPage
	if q.Has("PageNumber") {
		n, err := parseInt(q.Get("PageNumber"), 1, maxInt, apierror.InvalidParamPageNumber, "PageNumber")
		if err != nil {
			return Request{}, err
		}
		p.Number = n
	}
	if q.Has("PageSize") {
		n, err := parseInt(q.Get("PageSize"), 1, MaxPageSize, apierror.InvalidParamPageSize, "PageSize")
		if err != nil {
			return Request{}, err
		}
		p.Size = n
	}
	return Request{Page: p}, nil
}

// parseInt reads the value of the parameter name as an integer from lo to
// hi.
func parseInt(v string, lo, hi int, code apierror.Code, name string) (int, error) {
	want := fmt.Sprintf("an integer from %d to %d", lo, hi)
	if hi == maxInt {
		want = fmt.Sprintf("an integer of at least %d", lo)
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, invalid(code, name, v, want)
	}
	return n, nil
}

func invalid(code apierror.Code, name, value, want string) error {
	return apierror.New(code, fmt.Sprintf("The specified parameter %q is not valid: %q is not %s.", name, value, want))
}
