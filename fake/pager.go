package fake

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/fnv"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/paging"
)

// A page token holds a position, the hash of the filters it was issued
// for, and the first bytes of a MAC that only the issuing service can
// make.
const (
	pageTokenBody = 8 + 8 + 4 + 4 + 8
	pageTokenMAC  = 16
)

// position is a place in the order of DescribeCommands and
// DescribeInvocationResults, which is the order of DescribeInvocations
// (CreationTime, newest first, and those created in the same second in
// the order they were created), then by instance in the invocation's
// order, then by run, newest first.
type position struct {
	created  int64  // CreationTime, in seconds since 1970
	seq      uint64 // the order of creation
	idx, run uint32
}

// before reports whether a comes before b in the order.
func (a position) before(b position) bool {
	switch {
	case a.created != b.created:
		return a.created > b.created
	case a.seq != b.seq:
		return a.seq < b.seq
	case a.idx != b.idx:
		return a.idx < b.idx
	}
	return a.run > b.run
}

// pager cuts one page out of a listing that is walked in order, in
// either paging style, and counts every item. A token marks a place in
// the order, as the store's tokens do, so that walking every page while
// items come and go returns none twice and skips none that was there for
// the whole walk.
type pager struct {
	s      *Service
	token  bool
	filter uint64    // the hash of the listing's filters
	after  *position // token paging: the page starts after this place
	skip   int       // page-number paging: the items before the page
	want   int
	n      int
	last   position // of the last item taken
	more   bool     // an item comes after the page
	total  int
}

// pager starts a page of p over the listing kind whose filters are
// filter. A NextToken that this service did not issue for kind and
// filter is InvalidParameter.NextToken.
func (s *Service) pager(p paging.Request, kind string, filter any) (*pager, error) {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s %#v", kind, filter)
	pg := &pager{s: s, token: p.ByToken, filter: h.Sum64()}
	if !p.ByToken {
		pg.skip, pg.want = p.Page.Offset(), p.Page.Size
		return pg, nil
	}
	pg.want = p.Cursor.MaxResults
	if tok := p.Cursor.NextToken; tok != "" {
		at, ok := s.parsePageToken(tok, pg.filter)
		if !ok {
			return nil, apierror.Invalid(apierror.InvalidParameterNextToken, "NextToken", tok, "a token this server issued for these filters")
		}
		pg.after = &at
	}
	return pg, nil
}

// take counts the item at pos, which comes after the items already
// counted, and reports whether it belongs on the page.
func (pg *pager) take(pos position) bool {
	pg.total++
	switch {
	case pg.after != nil && !pg.after.before(pos):
		return false
	case pg.skip > 0:
		pg.skip--
		return false
	case pg.n < pg.want:
		pg.n++
		pg.last = pos
		return true
	}
	pg.more = true
	return false
}

// next returns the NextToken of the page: empty on the last page, and in
// page-number paging.
func (pg *pager) next() string {
	if !pg.token || !pg.more {
		return ""
	}
	b := make([]byte, pageTokenBody, pageTokenBody+sha256.Size)
	binary.BigEndian.PutUint64(b[0:], uint64(pg.last.created))
	binary.BigEndian.PutUint64(b[8:], pg.last.seq)
	binary.BigEndian.PutUint32(b[16:], pg.last.idx)
	binary.BigEndian.PutUint32(b[20:], pg.last.run)
	binary.BigEndian.PutUint64(b[24:], pg.filter)
	m := hmac.New(sha256.New, pg.s.key[:])
	m.Write(b)
	return base64.RawURLEncoding.EncodeToString(m.Sum(b)[:pageTokenBody+pageTokenMAC])
}

// parsePageToken returns the place a token marks, if this service issued
// it for the filters whose hash is filter.
func (s *Service) parsePageToken(tok string, filter uint64) (position, bool) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil || len(b) != pageTokenBody+pageTokenMAC {
		return position{}, false
	}
	m := hmac.New(sha256.New, s.key[:])
	m.Write(b[:pageTokenBody])
	if !hmac.Equal(m.Sum(nil)[:pageTokenMAC], b[pageTokenBody:]) || binary.BigEndian.Uint64(b[24:]) != filter {
		return position{}, false
	}
	return position{
		created: int64(binary.BigEndian.Uint64(b[0:])), seq: binary.BigEndian.Uint64(b[8:]),
		idx: binary.BigEndian.Uint32(b[16:]), run: binary.BigEndian.Uint32(b[20:]),
	}, true
}
