package listing

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/ecsassist/cloudassistant/paging"
)

// Key is the secret under which a service seals its page tokens. A
// service draws one at random when it starts, so that its tokens mean
// nothing to another service, nor to itself after a restart. The zero Key
// works, but is no secret.
type Key [32]byte

// The layout of a token, before base64url: the position (Created,
// Order, Index, Run, big-endian), the first 8 bytes of the fingerprint it
// was issued for, and the first 16 bytes of the HMAC-SHA256 of the two
// under the key. The MAC is checked first, so that a token issued for
// other filters is told from one that is not a token at all.
const (
	tokenPosition = 8 + 8 + 4 + 4
	tokenPrint    = 8
	tokenMAC      = 16
	tokenLen      = tokenPosition + tokenPrint + tokenMAC
	tokenText     = tokenLen / 3 * 4 // base64url: tokenLen is a multiple of 3
)

// The errors of [Key.Open]: callers answer either as the API does, with
// InvalidParameter.NextToken, and may tell them apart in a message.
var (
	// ErrToken is the error of a token that the key did not seal: one
	// made up, changed, cut, or issued by another service.
	ErrToken = errors.New("not a page token sealed by this key")

	// ErrFilter is the error of a token that the key sealed for another
	// fingerprint: another operation, region or set of filters.
	ErrFilter = errors.New("a page token issued for other filters")
)

// Seal returns the token of the position at, issued for the filters
// whose fingerprint is print.
func (k *Key) Seal(at Position, print Sum) string {
	var b [tokenLen]byte
	binary.BigEndian.PutUint64(b[0:], uint64(at.Created))
	binary.BigEndian.PutUint64(b[8:], at.Order)
	binary.BigEndian.PutUint32(b[16:], at.Index)
	binary.BigEndian.PutUint32(b[20:], at.Run)
	copy(b[tokenPosition:], print[:tokenPrint])
	mac := k.mac(b[:tokenPosition+tokenPrint])
	copy(b[tokenPosition+tokenPrint:], mac[:tokenMAC])
	var text [tokenText]byte
	base64.RawURLEncoding.Encode(text[:], b[:])
	return string(text[:])
}

// Open returns the position that tok marks, if k sealed it for the
// filters whose fingerprint is print. Any other text is an error that
// wraps [ErrToken], or [ErrFilter] for a token sealed by k for another
// fingerprint.
func (k *Key) Open(tok string, print Sum) (Position, error) {
	var b [tokenLen]byte
	if len(tok) != tokenText {
		return Position{}, fmt.Errorf("listing: Open(%q): %w", tok, ErrToken)
	}
	if n, err := base64.RawURLEncoding.Decode(b[:], []byte(tok)); err != nil || n != tokenLen {
		return Position{}, fmt.Errorf("listing: Open(%q): %w", tok, ErrToken)
	}
	mac := k.mac(b[:tokenPosition+tokenPrint])
	switch {
	case !hmac.Equal(mac[:tokenMAC], b[tokenPosition+tokenPrint:]):
		return Position{}, fmt.Errorf("listing: Open(%q): %w", tok, ErrToken)
	case string(b[tokenPosition:tokenPosition+tokenPrint]) != string(print[:tokenPrint]):
		return Position{}, fmt.Errorf("listing: Open(%q): %w", tok, ErrFilter)
	}
	return Position{
		Created: int64(binary.BigEndian.Uint64(b[0:])), Order: binary.BigEndian.Uint64(b[8:]),
		Index: binary.BigEndian.Uint32(b[16:]), Run: binary.BigEndian.Uint32(b[20:]),
	}, nil
}

// mac returns the HMAC-SHA256 under k of body, a token's position and
// fingerprint, as RFC 2104 defines it, without the allocations of
// crypto/hmac: a key of 32 bytes is shorter than SHA-256's block of 64,
// and is padded with zeros.
func (k *Key) mac(body []byte) [sha256.Size]byte {
	const block = 64
	var inner [block + tokenPosition + tokenPrint]byte
	var outer [block + sha256.Size]byte
	for i := range block {
		var kb byte
		if i < len(k) {
			kb = k[i]
		}
		inner[i], outer[i] = kb^0x36, kb^0x5c
	}
	copy(inner[block:], body)
	sum := sha256.Sum256(inner[:])
	copy(outer[block:], sum[:])
	return sha256.Sum256(outer[:])
}

// Pager cuts one page out of a listing that is walked in the API's
// order, in either paging style, and counts every item: a caller walks
// the items that match its filters and calls [Pager.Take] with each
// one's position. Build one with [NewPager]; the zero Pager takes
// nothing.
type Pager struct {
	key   *Key
	print Sum
	token bool
	after Position // token paging: the page starts after this place
	from  bool     // after is set
	skip  int      // page-number paging: the items before the page
	want  int
	n     int
	last  Position // of the last item taken
	more  bool     // an item comes after the page
	total int
}

// NewPager starts a page of p, which must be valid (see
// [paging.Page.Validate] and [paging.Cursor.Validate]), over a listing
// whose filters have the fingerprint print; only token paging uses key
// and print. A NextToken that key did not seal for print is an error
// from [Key.Open].
func NewPager(key *Key, p paging.Request, print Sum) (Pager, error) {
	pg := Pager{key: key, print: print, token: p.ByToken}
	if !p.ByToken {
		pg.skip, pg.want = p.Page.Offset(), p.Page.Size
		return pg, nil
	}
	pg.want = p.Cursor.MaxResults
	if tok := p.Cursor.NextToken; tok != "" {
		at, err := key.Open(tok, print)
		if err != nil {
			return Pager{}, err
		}
		pg.after, pg.from = at, true
	}
	return pg, nil
}

// After returns the place that the page's NextToken marks: the page
// starts after it. It reports false for the first page, and in
// page-number paging.
func (pg *Pager) After() (Position, bool) { return pg.after, pg.from }

// Take counts the item at pos, which comes after the items already
// counted, and reports whether it belongs on the page.
func (pg *Pager) Take(pos Position) bool {
	pg.total++
	switch {
	case pg.from && !pg.after.Before(pos):
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

// Skip counts n items that come after the items already counted, all at
// once, and reports whether none of them belongs on the page: then the
// caller need not walk them. It reports false, and counts nothing, when
// one of them may belong on the page.
func (pg *Pager) Skip(n int) bool {
	if pg.from || pg.skip < n {
		return false
	}
	pg.skip -= n
	pg.total += n
	return true
}

// More reports whether an item that comes after the page has been
// counted: the page is full, and walking on only counts.
func (pg *Pager) More() bool { return pg.more }

// Total returns the number of items counted.
func (pg *Pager) Total() int { return pg.total }

// Next returns the NextToken of the page: the position of its last item
// sealed for the listing's fingerprint, or empty on the last page and in
// page-number paging.
func (pg *Pager) Next() string {
	if !pg.token || !pg.more || pg.n == 0 {
		return ""
	}
	return pg.key.Seal(pg.last, pg.print)
}
