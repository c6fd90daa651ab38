package xmlcodec

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ecsassist/cloudassistant/apierror"

	"github.com/ecsassist/cloudassistant/internal/wire"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// Decoder decodes DescribeInvocations responses and API errors from XML.
// The zero Decoder is strict, with the default limits.
type Decoder struct {
	// Lenient makes the decoder recover from the defects real responses
	// and the vendor's reference examples contain, reporting each as a
	// Diagnostic with its position and path. It forgives exactly these:
	//
	//   - an element name in other case than the schema's
	//     (<Instanceinvokestatus>), which strict mode refuses rather than
	//     pass over as unknown, and an end tag whose name differs from its
	//     start tag's only in case (</instanceinvokestatus>);
	//   - text between elements (sa<InvokeInstance>), passed over;
	//   - a broken start tag where a list item is expected, closed by the
	//     item's end tag (<InstanceId>Invention> … </Invocation>): it is
	//     recovered as that item, and the text right after it is taken as
	//     part of the broken tag;
	//   - elements left open at the end of the input, closed there;
	//   - a boolean in other case (True, FALSE);
	//   - an integer or boolean that is not one, taken as absent;
	//   - a CreationTime that is RFC 3339 but not UTC second precision
	//     (converted), or not a time at all (taken as absent);
	//   - invalid UTF-8 or characters XML does not allow, in text, replaced
	//     by U+FFFD;
	//   - an element inside one that holds text, passed over;
	//   - a root element name in other case, and data after the root
	//     element, passed over;
	//   - an XML declaration naming an encoding other than UTF-8 (the
	//     input is read as UTF-8);
	//   - non-ASCII element names.
	//
	// Anything else, such as a malformed tag or reference, is an error in
	// both modes.
	Lenient bool

	// Limits; zero means the default.
	MaxBytes int // input size, default 64 MiB
	MaxDepth int // element nesting, default 64
	MaxItems int // items in one list, default 100000
}

// DecodeResponse decodes a DescribeInvocations response from data with the
// strict Decoder.
func DecodeResponse(data []byte) (invocation.Response, error) {
	r, _, err := Decoder{}.DecodeResponse(data)
	return r, err
}

// DecodeAPIError decodes an API error body from data with the strict
// Decoder.
func DecodeAPIError(data []byte) (*apierror.Error, error) {
	e, _, err := Decoder{}.DecodeAPIError(data)
	return e, err
}

// DecodeResponse decodes a DescribeInvocations response from data. The
// response keeps nothing of data: the strings it holds are copied into a
// few large blocks, and known status values are the status constants. In
// lenient mode the diagnostics list every defect recovered from; in strict
// mode there are none. The error, if any, is a *DecodeError.
func (d Decoder) DecodeResponse(data []byte) (invocation.Response, []Diagnostic, error) {
	if err := d.checkSize(len(data)); err != nil {
		return invocation.Response{}, nil, err
	}
	return d.decodeResponse(wire.Alias(data), false)
}

// DecodeResponseString is DecodeResponse of a string. A string cannot
// change, so the response's strings share s and nothing is copied.
func (d Decoder) DecodeResponseString(s string) (invocation.Response, []Diagnostic, error) {
	if err := d.checkSize(len(s)); err != nil {
		return invocation.Response{}, nil, err
	}
	return d.decodeResponse(s, true)
}

func (d Decoder) decodeResponse(s string, own bool) (invocation.Response, []Diagnostic, error) {
	p := d.newParser(s, own)
	var r invocation.Response
	if err := p.document("DescribeInvocationsResponse", func(root token) error { return p.response(root, &r) }); err != nil {
		return invocation.Response{}, p.diags, err
	}
	return r, p.diags, nil
}

// Positions returns where each field and list item of the response in
// data starts, by path (as in Invocations.Invocation[4].InvokeId), as
// lenient decoding reads it, so that a finding about a path can be placed
// in the input. What lenient decoding cannot reach has no position.
func Positions(data []byte) map[string]Position {
	p := inspect(data)
	return wire.Positions(p.s, p.where)
}

// Aliases returns the paths of the legacy status fields that the response
// in data writes by an alias rather than by its name (success for
// Finished), in the order of the input, as lenient decoding reads it.
// Decoding keeps the canonical value only; package conform takes these
// paths to report the spelling.
func Aliases(data []byte) []string { return inspect(data).aliases }

// inspect runs a lenient decoding of data that records where each path
// starts and which statuses are written by an alias.
func inspect(data []byte) *parser {
	p := Decoder{Lenient: true}.newParser(wire.Alias(data), false)
	p.where = map[string]int{}
	var r invocation.Response
	p.document("DescribeInvocationsResponse", func(root token) error { return p.response(root, &r) })
	return p
}

// ReadResponse decodes a DescribeInvocations response read from r, reading
// at most MaxBytes.
func (d Decoder) ReadResponse(r io.Reader) (invocation.Response, []Diagnostic, error) {
	s, err := d.read(r)
	if err != nil {
		return invocation.Response{}, nil, err
	}
	return d.DecodeResponseString(s)
}

// DecodeAPIError decodes an API error body, <Error>…</Error>. The body
// carries no HTTP status: HTTPStatus is left zero for the caller to set
// from the response.
func (d Decoder) DecodeAPIError(data []byte) (*apierror.Error, []Diagnostic, error) {
	if err := d.checkSize(len(data)); err != nil {
		return nil, nil, err
	}
	p := d.newParser(wire.Alias(data), false)
	var e apierror.Error
	if err := p.document("Error", func(root token) error { return p.apiError(root, &e) }); err != nil {
		return nil, p.diags, err
	}
	return &e, p.diags, nil
}

// ReadAPIError decodes an API error body read from r, reading at most
// MaxBytes.
func (d Decoder) ReadAPIError(r io.Reader) (*apierror.Error, []Diagnostic, error) {
	s, err := d.read(r)
	if err != nil {
		return nil, nil, err
	}
	return d.DecodeAPIError([]byte(s))
}

func (d Decoder) limits() wire.Limits {
	return wire.Limits{MaxBytes: d.MaxBytes, MaxDepth: d.MaxDepth, MaxItems: d.MaxItems}.Resolve()
}

func (d Decoder) checkSize(n int) error { return d.limits().CheckSize(codec, n) }

func (d Decoder) read(r io.Reader) (string, error) { return d.limits().Read(codec, r) }

const codec = "xmlcodec"

// parser is the state of one decoding.
type parser struct {
	s       string
	i       int
	own     bool       // s may be kept: it is a string the caller gave
	arena   wire.Arena // where strings of s are copied when it is not owned
	lenient bool
	lim     wire.Limits
	depth   int
	path    []wire.Frame
	diags   []wire.Diagnostic
	insts   []invocation.InvokeInstance // scratch for one instance list
	aliases []string                    // for Aliases: paths of legacy statuses written with an alias
	where   map[string]int              // for Positions: where each path starts
}

func (d Decoder) newParser(s string, own bool) *parser {
	return &parser{s: s, own: own, arena: wire.Arena{Size: min(max(len(s)/8, 256), 16<<10)},
		lenient: d.Lenient, lim: d.limits(), path: make([]wire.Frame, 0, 8)}
}

// keep returns s, text read from the input, as the response may hold it:
// a copy, unless the input is an owned string.
func (p *parser) keep(s string) string {
	if p.own {
		return s
	}
	return p.arena.Keep(s)
}

func (p *parser) position(off int) wire.Position {
	line, col := wire.LineCol(p.s, off)
	return wire.Position{Line: line, Column: col, Offset: off, Path: wire.Path(p.path)}
}

// mark records that the current path starts at off, when positions are
// asked for.
func (p *parser) mark(off int) {
	if p.where != nil {
		p.where[wire.Path(p.path)] = off
	}
}

func (p *parser) fail(off int, cond error, format string, args ...any) error {
	return &DecodeError{Codec: codec, Position: p.position(off), Msg: fmt.Sprintf(format, args...), Err: cond}
}

func (p *parser) diag(off int, format string, args ...any) {
	p.diags = append(p.diags, wire.Diagnostic{Position: p.position(off), Message: fmt.Sprintf(format, args...)})
}

func (p *parser) describe(off int) string {
	if off >= len(p.s) {
		return "end of input"
	}
	end := off + 1
	for end < len(p.s) && end-off < 16 && p.s[end] != '\n' {
		end++
	}
	return fmt.Sprintf("%q", p.s[off:end])
}

func (p *parser) push(name string, index int) {
	p.path = append(p.path, wire.Frame{Name: name, Index: index})
}
func (p *parser) pop() { p.path = p.path[:len(p.path)-1] }

func (p *parser) enter(t token) error {
	p.depth++
	if p.depth > p.lim.MaxDepth {
		return p.fail(t.off, ErrLimit, "elements nested deeper than %d", p.lim.MaxDepth)
	}
	return nil
}

func blank(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isSpace(s[i]) {
			return false
		}
	}
	return true
}

// document decodes a document whose root element is named root.
func (p *parser) document(root string, body func(token) error) error {
	var t token
	for {
		var err error
		if t, err = p.next(); err != nil {
			return err
		}
		if t.kind == tStart {
			break
		}
		switch {
		case t.kind == tEOF:
			return p.fail(t.off, ErrSyntax, "no root element")
		case t.kind == tEnd:
			return p.fail(t.off, ErrSyntax, "end tag </%s> before the root element", t.raw)
		case !blank(t.raw) && !p.lenient:
			return p.fail(textOff(t), ErrSyntax, "text %q before the root element", clip(t.raw))
		case !blank(t.raw):
			p.diag(textOff(t), "text %q before the root element, passed over", clip(t.raw))
		}
	}
	switch {
	case t.name == root:
	case p.lenient && wire.EqualFoldASCII(t.name, root):
		p.diag(t.off, "root element <%s> taken as <%s>", t.raw, root)
	default:
		return p.fail(t.off, ErrSyntax, "root element <%s>, want <%s>", t.raw, root)
	}
	if err := body(t); err != nil {
		return err
	}
	for {
		t, err := p.next()
		if err != nil {
			return err
		}
		switch {
		case t.kind == tEOF:
			return nil
		case t.kind == tText && blank(t.raw):
		case !p.lenient:
			return p.fail(textOff(t), ErrSyntax, "data after the root element: %s", p.describe(textOff(t)))
		default:
			p.diag(textOff(t), "data after the root element passed over: %s", p.describe(textOff(t)))
			if t.kind == tStart {
				if err := p.skip(t); err != nil {
					return err
				}
			}
		}
	}
}

// textOff returns where the text of t starts after its leading white
// space, which is where a message about it points.
func textOff(t token) int {
	i := 0
	for i < len(t.raw) && isSpace(t.raw[i]) {
		i++
	}
	return t.off + i
}

// clip shortens text for a message.
func clip(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return s
}

// closes reports whether the end tag t closes the element open, and
// reports a difference in case (lenient).
func (p *parser) closes(t, open token) bool {
	if t.raw == open.raw {
		return true
	}
	if p.lenient && wire.EqualFoldASCII(t.raw, open.raw) {
		p.diag(t.off, "end tag </%s> closes <%s>", t.raw, open.raw)
		return true
	}
	return false
}

// atStart reports whether the input at p.i is the start tag <name>,
// without attributes, and consumes it if so: the common case, matched
// without scanning the name.
func (p *parser) atStart(name string) bool {
	end := p.i + 1 + len(name)
	if end >= len(p.s) || p.s[p.i] != '<' || p.s[end] != '>' || p.s[p.i+1:end] != name {
		return false
	}
	p.i = end + 1
	return true
}

// atEnd reports whether the input at p.i is the end tag </name> and
// consumes it if so.
func (p *parser) atEnd(name string) bool {
	end := p.i + 2 + len(name)
	if end >= len(p.s) || p.s[p.i] != '<' || p.s[p.i+1] != '/' || p.s[end] != '>' || p.s[p.i+2:end] != name {
		return false
	}
	p.i = end + 1
	return true
}

// object decodes the content of the element open as an object whose
// fields are those of obj, calling child for each child element that is a
// field, with the path at it. Unknown child elements are passed over.
//
// recoverAs names a list item's element when open is a broken start tag
// being tried as that item (lenient): then the end tag </recoverAs> also
// closes the element, and the text right after the start tag is part of
// the broken tag. object reports which name closed the element.
func (p *parser) object(open token, obj wire.Object, recoverAs string, child func(wire.Field, token) error) (string, error) {
	if err := p.enter(open); err != nil {
		return "", err
	}
	defer func() { p.depth-- }()
	if open.self {
		return open.raw, nil
	}
	guess := 0 // responses write elements in the schema's order: try the next first
	for first := true; ; first = false {
		if p.atEnd(open.raw) {
			return open.raw, nil
		}
		var t token
		if f := obj[guess%len(obj)]; f != wire.Unknown && p.atStart(f.Name()) {
			t = token{kind: tStart, name: f.Name(), raw: f.Name(), off: p.i - len(f.Name()) - 2}
		} else {
			var err error
			if t, err = p.next(); err != nil {
				return "", err
			}
		}
		switch t.kind {
		case tText:
			if blank(t.raw) || first && recoverAs != "" {
				continue
			}
			if !p.lenient {
				return "", p.fail(textOff(t), ErrSyntax, "text %q in <%s>, which holds elements", clip(t.raw), open.raw)
			}
			p.diag(textOff(t), "text %q in <%s> passed over", clip(t.raw), open.raw)
		case tStart:
			// A name that differs from the schema's only in case is a
			// defect, not a new element: strict mode stops at it.
			f, exact := obj.Lookup(t.name, true)
			if f == wire.Unknown {
				if err := p.skip(t); err != nil {
					return "", err
				}
				continue
			}
			guess = obj.Index(f) + 1
			p.push(f.Name(), -1)
			p.mark(t.off)
			if !exact {
				if !p.lenient {
					return "", p.fail(t.off, ErrSyntax, "element <%s> differs from <%s> only in case", t.raw, f.Name())
				}
				p.diag(t.off, "element <%s> taken as <%s>", t.raw, f.Name())
			}
			err := child(f, t)
			p.pop()
			if err != nil {
				return "", err
			}
		case tEnd:
			if p.closes(t, open) {
				return t.raw, nil
			}
			if recoverAs != "" && (t.raw == recoverAs || p.lenient && wire.EqualFoldASCII(t.raw, recoverAs)) {
				return recoverAs, nil
			}
			return "", p.fail(t.off, ErrSyntax, "end tag </%s> does not match <%s>", t.raw, open.raw)
		case tEOF:
			if !p.lenient {
				return "", p.fail(t.off, ErrSyntax, "unexpected end of input: <%s> is not closed", open.raw)
			}
			p.diag(t.off, "<%s> not closed at the end of the input", open.raw)
			return open.raw, nil
		}
	}
}

// list decodes the content of the list wrapper open, whose items are the
// elements named item. For each, add appends a new item and decodes it
// from t (trying a broken start tag as the item when recoverAs is set),
// reporting the name that closed it; drop removes the last item added.
// Unknown elements are passed over; leniently, one that a </item> end tag
// closes is recovered as an item.
func (p *parser) list(open token, item string, add func(t token, recoverAs string) (string, error), drop func()) error {
	if err := p.enter(open); err != nil {
		return err
	}
	defer func() { p.depth-- }()
	if open.self {
		return nil
	}
	n := 0
	for {
		if p.atEnd(open.raw) {
			return nil
		}
		var t token
		var err error
		if p.atStart(item) {
			t = token{kind: tStart, name: item, raw: item, off: p.i - len(item) - 2}
		} else if t, err = p.next(); err != nil {
			return err
		}
		switch t.kind {
		case tText:
			if blank(t.raw) {
				continue
			}
			if !p.lenient {
				return p.fail(textOff(t), ErrSyntax, "text %q in <%s>, which holds elements", clip(t.raw), open.raw)
			}
			p.diag(textOff(t), "text %q in <%s> passed over", clip(t.raw), open.raw)
		case tStart:
			exact := t.name == item
			folded := !exact && wire.EqualFoldASCII(t.name, item)
			if !exact && !p.lenient {
				if folded {
					return p.fail(t.off, ErrSyntax, "element <%s> differs from <%s> only in case", t.raw, item)
				}
				if err := p.skip(t); err != nil {
					return err
				}
				continue
			}
			if n >= p.lim.MaxItems {
				return p.fail(t.off, ErrLimit, "more than %d items in <%s>", p.lim.MaxItems, open.raw)
			}
			p.push(item, n)
			p.mark(t.off)
			if exact || folded {
				if !exact {
					p.diag(t.off, "element <%s> taken as <%s>", t.raw, item)
				}
				_, err = add(t, "")
			} else {
				err = p.recover(t, item, add, drop)
			}
			p.pop()
			switch {
			case err == errNotItem:
			case err != nil:
				return err
			default:
				n++
			}
		case tEnd:
			if p.closes(t, open) {
				return nil
			}
			return p.fail(t.off, ErrSyntax, "end tag </%s> does not match <%s>", t.raw, open.raw)
		case tEOF:
			if !p.lenient {
				return p.fail(t.off, ErrSyntax, "unexpected end of input: <%s> is not closed", open.raw)
			}
			p.diag(t.off, "<%s> not closed at the end of the input", open.raw)
			return nil
		}
	}
}

// errNotItem reports that an unknown element in a list was passed over
// rather than recovered as an item.
var errNotItem = fmt.Errorf("not an item")

// recover tries the unknown element t, found where a list item is
// expected, as a broken start tag of that item: it keeps the item if a
// </item> end tag closes it, and otherwise passes over the element as
// unknown, leaving no trace of the try.
func (p *parser) recover(t token, item string, add func(token, string) (string, error), drop func()) error {
	at, diags, depth := p.i, len(p.diags), p.depth
	closedBy, err := add(t, item)
	if err == nil && closedBy == item {
		// The diagnostic goes before those of the item's content, in
		// the order of the input.
		d := wire.Diagnostic{Position: p.position(t.off),
			Message: fmt.Sprintf("broken start tag <%s> recovered as <%s>, closed by </%s>", t.raw, item, item)}
		p.diags = slices.Insert(p.diags, diags, d)
		return nil
	}
	drop()
	p.diags = p.diags[:diags]
	p.depth = depth
	if err == nil {
		return errNotItem // closed by its own end tag: an unknown element
	}
	p.i = at
	if err := p.skip(t); err != nil {
		return err
	}
	return errNotItem
}

// skip passes over the element t and its content, checking that its tags
// balance.
func (p *parser) skip(t token) error {
	if t.self {
		return nil
	}
	open := []token{t}
	for {
		if len(open)+p.depth > p.lim.MaxDepth {
			return p.fail(t.off, ErrLimit, "elements nested deeper than %d", p.lim.MaxDepth)
		}
		u, err := p.next()
		if err != nil {
			return err
		}
		switch u.kind {
		case tStart:
			if !u.self {
				open = append(open, u)
			}
		case tEnd:
			if !p.closes(u, open[len(open)-1]) {
				return p.fail(u.off, ErrSyntax, "end tag </%s> does not match <%s>", u.raw, open[len(open)-1].raw)
			}
			open = open[:len(open)-1]
			if len(open) == 0 {
				return nil
			}
		case tEOF:
			if !p.lenient {
				return p.fail(u.off, ErrSyntax, "unexpected end of input: <%s> is not closed", open[len(open)-1].raw)
			}
			p.diag(u.off, "<%s> not closed at the end of the input", open[len(open)-1].raw)
			return nil
		}
	}
}

// leaf decodes the text content of the element open and returns it with
// the offset where it starts.
func (p *parser) leaf(open token) (string, int, error) {
	if err := p.enter(open); err != nil {
		return "", 0, err
	}
	defer func() { p.depth-- }()
	if open.self {
		return "", p.i, nil
	}
	var text string
	var joined []byte // when the text comes in several pieces
	off := p.i
	for {
		if p.atEnd(open.raw) {
			if joined != nil {
				text = string(joined)
			}
			return text, off, nil
		}
		t, err := p.next()
		if err != nil {
			return "", 0, err
		}
		switch t.kind {
		case tText:
			piece := t.raw
			if !t.cdata {
				if piece, err = p.unescape(t.raw, t.off); err != nil {
					return "", 0, err
				}
			}
			if piece, err = p.checkText(piece, t.off); err != nil {
				return "", 0, err
			}
			if text == "" && joined == nil {
				text = piece
			} else {
				joined = append(append(joined, text...), piece...)
				text = ""
			}
		case tStart:
			if !p.lenient {
				return "", 0, p.fail(t.off, ErrSyntax, "element <%s> in <%s>, which holds text", t.raw, open.raw)
			}
			p.diag(t.off, "element <%s> in <%s>, which holds text, passed over", t.raw, open.raw)
			if err := p.skip(t); err != nil {
				return "", 0, err
			}
		case tEnd:
			if !p.closes(t, open) {
				return "", 0, p.fail(t.off, ErrSyntax, "end tag </%s> does not match <%s>", t.raw, open.raw)
			}
			if joined != nil {
				text = string(joined)
			}
			return text, off, nil
		case tEOF:
			if !p.lenient {
				return "", 0, p.fail(t.off, ErrSyntax, "unexpected end of input: <%s> is not closed", open.raw)
			}
			p.diag(t.off, "<%s> not closed at the end of the input", open.raw)
			if joined != nil {
				text = string(joined)
			}
			return text, off, nil
		}
	}
}

// checkText checks that text holds only characters XML allows, in valid
// UTF-8; leniently it replaces the others by U+FFFD.
func (p *parser) checkText(text string, off int) (string, error) {
	bad := -1
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				bad = i
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == utf8.RuneError && size == 1 || !isXMLChar(r) {
			bad = i
			break
		}
		i += size
	}
	if bad < 0 {
		return text, nil
	}
	if !p.lenient {
		return "", p.fail(off, ErrSyntax, "text holds a character XML does not allow, or invalid UTF-8, at byte %d: %q", bad, clip(text))
	}
	p.diag(off, "text %q holds characters XML does not allow, or invalid UTF-8, replaced by U+FFFD", clip(text))
	var b strings.Builder
	for _, r := range text {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || !isXMLChar(r) {
			r = utf8.RuneError
		}
		b.WriteRune(r)
	}
	return b.String(), nil
}

func (p *parser) response(root token, r *invocation.Response) error {
	_, err := p.object(root, wire.ResponseObject, "", func(f wire.Field, t token) error {
		switch f {
		case wire.RequestID:
			return p.text(t, &r.RequestID)
		case wire.TotalCount:
			return p.integer(t, &r.TotalCount)
		case wire.PageNumber:
			return p.integer(t, &r.PageNumber)
		case wire.PageSize:
			return p.integer(t, &r.PageSize)
		case wire.NextToken:
			return p.text(t, &r.NextToken)
		default: // wire.Invocations
			return p.list(t, "Invocation", func(t token, recoverAs string) (string, error) {
				r.Invocations = append(r.Invocations, invocation.Invocation{})
				return p.invocation(t, &r.Invocations[len(r.Invocations)-1], recoverAs)
			}, func() { r.Invocations = r.Invocations[:len(r.Invocations)-1] })
		}
	})
	return err
}

func (p *parser) invocation(open token, inv *invocation.Invocation, recoverAs string) (string, error) {
	return p.object(open, wire.InvocationObject, recoverAs, func(f wire.Field, t token) error {
		switch f {
		case wire.InvokeID:
			return p.text(t, &inv.InvokeID)
		case wire.CommandID:
			return p.text(t, &inv.CommandID)
		case wire.CommandName:
			return p.text(t, &inv.CommandName)
		case wire.CommandType:
			s, _, err := p.leaf(t)
			inv.CommandType = p.commandType(s)
			return err
		case wire.InvokeStatus:
			s, _, err := p.leaf(t)
			inv.InvokeStatus = p.legacy(s)
			return err
		case wire.InvocationStatus:
			s, _, err := p.leaf(t)
			inv.InvocationStatus = p.current(s)
			return err
		case wire.Timed:
			return p.boolean(t, &inv.Timed)
		case wire.Frequency:
			return p.text(t, &inv.Frequency)
		case wire.CreationTime:
			return p.time(t, inv)
		default: // wire.InvokeInstances
			return p.instances(t, &inv.Instances)
		}
	})
}

func (p *parser) instances(open token, dst *[]invocation.InvokeInstance) error {
	// Items are gathered in the parser's scratch slice and copied out once,
	// so that each list costs one allocation of its exact size. Repeated
	// wrappers add to the list, as encoding/xml does.
	mark := len(p.insts)
	p.insts = append(p.insts, *dst...)
	err := p.list(open, "InvokeInstance", func(t token, recoverAs string) (string, error) {
		p.insts = append(p.insts, invocation.InvokeInstance{})
		return p.instance(t, &p.insts[len(p.insts)-1], recoverAs)
	}, func() { p.insts = p.insts[:len(p.insts)-1] })
	if n := len(p.insts) - mark; n > 0 {
		*dst = append(make([]invocation.InvokeInstance, 0, n), p.insts[mark:]...)
	}
	p.insts = p.insts[:mark]
	return err
}

func (p *parser) instance(open token, in *invocation.InvokeInstance, recoverAs string) (string, error) {
	return p.object(open, wire.InstanceObject, recoverAs, func(f wire.Field, t token) error {
		switch f {
		case wire.InstanceID:
			return p.text(t, &in.InstanceID)
		case wire.InstanceInvokeStatus:
			s, _, err := p.leaf(t)
			in.InstanceInvokeStatus = p.legacy(s)
			return err
		default: // wire.InvocationStatus
			s, _, err := p.leaf(t)
			in.InvocationStatus = p.current(s)
			return err
		}
	})
}

func (p *parser) apiError(root token, e *apierror.Error) error {
	_, err := p.object(root, wire.ErrorObject, "", func(f wire.Field, t token) error {
		switch f {
		case wire.RequestID:
			return p.text(t, &e.RequestID)
		case wire.HostID:
			return p.text(t, &e.HostID)
		case wire.Code:
			var s string
			err := p.text(t, &s)
			e.Code = apierror.Code(s)
			return err
		default: // wire.Message
			return p.text(t, &e.Message)
		}
	})
	return err
}

// text decodes the text of the element t into dst, keeping it.
func (p *parser) text(t token, dst *string) error {
	s, _, err := p.leaf(t)
	*dst = p.keep(s)
	return err
}

// legacy and current parse a status read from the input, keeping a copy
// of unknown text.
func (p *parser) legacy(s string) status.Legacy {
	if v := status.ParseLegacy(s); v.Known() {
		if p.where != nil && v == status.LegacyFinished && status.LegacyAlias(s) {
			p.aliases = append(p.aliases, p.position(p.i).Path)
		}
		return v
	}
	return status.Legacy(p.keep(s))
}

func (p *parser) current(s string) status.Current {
	if v := status.ParseCurrent(s); v.Known() {
		return v
	}
	return status.Current(p.keep(s))
}

func (p *parser) commandType(s string) invocation.CommandType {
	if v := invocation.ParseCommandType(s); v.Known() {
		return v
	}
	return invocation.CommandType(p.keep(s))
}

// trimXML removes surrounding XML white space, which the schema's numbers,
// booleans and times may have.
func trimXML(s string) string {
	for len(s) > 0 && isSpace(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

func (p *parser) integer(t token, dst *int) error {
	s, off, err := p.leaf(t)
	if err != nil {
		return err
	}
	if s == "" {
		return nil // empty: absent, as encoding/xml takes it (but not white space)
	}
	if n, ok := wire.ParseInt(trimXML(s)); ok {
		*dst = n
		return nil
	}
	if !p.lenient {
		return p.fail(off, ErrValue, "%q is not an integer", s)
	}
	p.diag(off, "%q is not an integer, taken as absent", s)
	return nil
}

func (p *parser) boolean(t token, dst *bool) error {
	s, off, err := p.leaf(t)
	if err != nil {
		return err
	}
	if s == "" {
		return nil // empty: absent, as encoding/xml takes it (but not white space)
	}
	switch v := trimXML(s); v {
	case "true", "1":
		*dst = true
		return nil
	case "false", "0":
		*dst = false
		return nil
	default:
		switch {
		case !p.lenient:
			return p.fail(off, ErrValue, "%q is not a boolean (true, false, 1 or 0)", s)
		case wire.EqualFoldASCII(v, "true"):
			*dst = true
		case wire.EqualFoldASCII(v, "false"):
			*dst = false
		default:
			p.diag(off, "%q is not a boolean, taken as absent", s)
			return nil
		}
		p.diag(off, "boolean written as %q", s)
		return nil
	}
}

func (p *parser) time(t token, inv *invocation.Invocation) error {
	s, off, err := p.leaf(t)
	if err != nil {
		return err
	}
	if trimXML(s) == "" {
		return nil // empty: absent
	}
	if tm, ok := wire.ParseTime(trimXML(s)); ok {
		inv.CreationTime = tm
		return nil
	}
	if !p.lenient {
		return p.fail(off, ErrValue, "CreationTime %q is not a UTC time like 2020-01-19T09:15:46Z", s)
	}
	if tm, ok := wire.ParseTimeLenient(trimXML(s)); ok {
		inv.CreationTime = tm
		p.diag(off, "CreationTime %q converted to UTC second precision", s)
		return nil
	}
	p.diag(off, "CreationTime %q is not a time, taken as absent", s)
	return nil
}
