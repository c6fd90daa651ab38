package xmlcodec

import (
	"errors"
	"io"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/ecsassist/cloudassistant/apierror"

	"github.com/ecsassist/cloudassistant/internal/wire"
	"github.com/ecsassist/cloudassistant/invocation"
)

// Decoder decodes DescribeInvocations responses and API errors from XML.
// The zero Decoder is strict, with the default limits.
//
// Whatever the document, its limits bound what decoding it costs: time
// linear in its size, and at most 8 bytes allocated for each byte of it,
// plus 1 KiB for each element of a list or kept unknown element that
// MaxItems allows and 1 KiB for each diagnostic that MaxDiagnostics
// allows; with the default limits, 8 times the document's size and 110 MB
// more. (An <Invocation>, the largest item, takes 408 bytes on 64-bit
// platforms; a block of items may be allocated twice as it grows;
// messages and paths are cut to a few hundred bytes.) ReadResponse and
// ReadAPIError also allocate up to 3 bytes for each byte they read, as
// they read it.
//
// A decoding allocates a few blocks whatever the size of the document:
// the copy of the input, the decoder's state with the response, a block
// of each kind of list item (invocations, instances, tags) and of the
// elements kept as unknown by each kind of object, growing by doubling
// when its first estimate falls short, and blocks of decoded text (text
// with references), doubling from 4 KiB.
type Decoder struct {
	// Lenient makes the decoder recover from the defects real responses
	// and the vendor's reference examples contain, reporting each as a
	// Diagnostic with its position and path. It forgives exactly these:
	//
	//   - an element name in other case than the schema's
	//     (<Instanceinvokestatus>), which strict mode refuses rather than
	//     pass over as unknown, and an end tag whose name differs from its
	//     start tag's only in case (</instanceinvokestatus>);
	//   - an element of the schema given again in one element: the last
	//     value is kept, and a list wrapper's items are added to those
	//     before (see the package documentation);
	//   - text between elements (sa<InvokeInstance>), passed over;
	//   - a broken start tag where a list item is expected, closed by the
	//     item's end tag (<InstanceId>Invention> … </Invocation>): it is
	//     recovered as that item, and the text right after it is taken as
	//     part of the broken tag;
	//   - elements left open at the end of the input, closed there;
	//   - a boolean in other case (True, FALSE);
	//   - an integer or boolean that is not one, taken as absent;
	//   - a time that is RFC 3339 but not UTC second precision
	//     (converted), or not a time at all (taken as absent);
	//   - invalid UTF-8 or characters XML does not allow, in text,
	//     replaced by U+FFFD;
	//   - "]]>" in text outside a CDATA section, kept as it is;
	//   - an element inside one that holds text, passed over;
	//   - a root element name in other case, and data after the root
	//     element, passed over;
	//   - an XML declaration naming an encoding other than UTF-8 (the
	//     input is read as UTF-8) or a version other than 1.0 (read as
	//     1.0);
	//   - non-ASCII element names;
	//   - an unknown element that the encoder could not write back
	//     well-formed, passed over rather than kept: one with a non-ASCII
	//     name, or one with children, attributes or a prefix that only
	//     lenient mode reads (an unknown element of text with defects is
	//     kept, as lenient mode reads the text).
	//
	// Anything else, such as a malformed tag or reference, is an error in
	// both modes.
	Lenient bool

	// Limits; zero means the default.
	MaxBytes       int // input size, default 64 MiB
	MaxDepth       int // element nesting, default 64
	MaxItems       int // list items in one response, invocations, instances, tags and kept unknown elements together, default 100000
	MaxDiagnostics int // diagnostics of one decoding, default 10000; one more is an ErrLimit error
}

// DecodeResponse decodes a <DescribeInvocationsResponse> document from
// data with the strict Decoder.
func DecodeResponse(data []byte) (invocation.Response, error) {
	r, _, err := Decoder{}.DecodeResponse(data)
	return r, err
}

// DecodeAPIError decodes an <Error> document from data with the strict
// Decoder.
func DecodeAPIError(data []byte) (*apierror.Error, error) {
	e, _, err := Decoder{}.DecodeAPIError(data)
	return e, err
}

// DecodeResponse decodes a <DescribeInvocationsResponse> document from
// data: its root element, and before and after it an XML declaration,
// comments, processing instructions and a document type declaration. The
// response keeps nothing of data: data is copied once, and the strings
// of the response share the copy. In lenient mode the diagnostics list
// every defect recovered from; in strict mode there are none. The error,
// if any, is a *DecodeError.
func (d Decoder) DecodeResponse(data []byte) (invocation.Response, []Diagnostic, error) {
	s, err := wire.Config(d).Input(data)
	return decode[invocation.Response](d, wire.Response, s, err)
}

// DecodeResponseString is DecodeResponse of a document in a string, which
// cannot change: the response's strings share s, and nothing is copied.
func (d Decoder) DecodeResponseString(s string) (invocation.Response, []Diagnostic, error) {
	return decode[invocation.Response](d, wire.Response, s, wire.Config(d).Check(len(s)))
}

// ReadResponse decodes a <DescribeInvocationsResponse> document read from
// r, reading at most MaxBytes, to the end of r.
func (d Decoder) ReadResponse(r io.Reader) (invocation.Response, []Diagnostic, error) {
	s, err := wire.Config(d).Read(r)
	return decode[invocation.Response](d, wire.Response, s, err)
}

// DecodeAPIError decodes an <Error> document, whose elements are
// RequestId, HostId, Code and Message. The document carries no HTTP
// status: HTTPStatus is left zero for the caller to set from the response.
func (d Decoder) DecodeAPIError(data []byte) (*apierror.Error, []Diagnostic, error) {
	s, err := wire.Config(d).Input(data)
	return wire.Pointer(decode[apierror.Error](d, wire.APIError, s, err))
}

// ReadAPIError decodes an <Error> document read from r, reading at most
// MaxBytes, to the end of r.
func (d Decoder) ReadAPIError(r io.Reader) (*apierror.Error, []Diagnostic, error) {
	s, err := wire.Config(d).Read(r)
	return wire.Pointer(decode[apierror.Error](d, wire.APIError, s, err))
}

// decode decodes the document s, whose root element is root's, into a T;
// err is an error getting s.
func decode[T any](d Decoder, root *wire.Object, s string, err error) (T, []Diagnostic, error) {
	return wire.Decode[T, parser](wire.Config(d), syntax, root, s, err, newDiagnostic, newError)
}

// Positions returns where each element and list item of the response in
// data starts, by path (as in Invocations.Invocation[4].InvokeId), as
// lenient decoding reads it, so that a finding about a path can be placed
// in the input. What lenient decoding cannot reach has no position.
func Positions(data []byte) map[string]Position {
	return wire.PositionsAs[Position](wire.Inspect[parser](syntax, data, true))
}

// Aliases returns the paths of the legacy status elements that the
// response in data writes by an alias rather than by its name (success
// for Finished), in the order of the input, as lenient decoding reads it.
// Decoding keeps the canonical value only; package conform takes these
// paths to report the spelling.
func Aliases(data []byte) []string { return wire.Inspect[parser](syntax, data, false).Aliases() }

var syntax = &wire.Syntax{Codec: "xmlcodec", Member: "element", Angled: true, Nesting: "elements nested", TrimSpace: true}

// parser is the state of one decoding: the front end, the place in the
// input, and the start tag of the member being decoded.
type parser struct {
	wire.State
	i   int
	cur token
}

// The parser reads values for the front end.
var _ wire.Reader = (*parser)(nil)

func blank(s string) bool {
	for i := 0; i < len(s); i++ {
		if !wire.IsSpace(s[i]) {
			return false
		}
	}
	return true
}

// document decodes a document whose root element is root's into dst.
func (p *parser) Document(root *wire.Object, dst unsafe.Pointer) error {
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
			return p.Fail(t.off, ErrSyntax, "no root element")
		case t.kind == tEnd:
			return p.Fail(t.off, ErrSyntax, "end tag </%s> before the root element", t.raw)
		case !blank(t.raw) && !p.Lenient:
			return p.Fail(textOff(t), ErrSyntax, "text %s before the root element", quote(t.raw))
		case !blank(t.raw):
			p.Diag(textOff(t), "text %s before the root element, passed over", quote(t.raw))
		}
	}
	switch {
	case t.name == root.Name:
	case p.Lenient && wire.EqualFoldASCII(t.name, root.Name):
		p.Diag(t.off, "root element <%s> taken as <%s>", t.raw, root.Name)
	default:
		return p.Fail(t.off, ErrSyntax, "root element <%s>, want <%s>", t.raw, root.Name)
	}
	if _, err := p.object(t, root, dst, ""); err != nil {
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
		case !p.Lenient:
			return p.Fail(textOff(t), ErrSyntax, "data after the root element: %s", p.Describe(textOff(t)))
		default:
			p.Diag(textOff(t), "data after the root element passed over: %s", p.Describe(textOff(t)))
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
	for i < len(t.raw) && wire.IsSpace(t.raw[i]) {
		i++
	}
	return t.off + i
}

// quote quotes text for a message, without its surrounding white space
// and shortened.
func quote(s string) string { return wire.Quote(strings.TrimSpace(s)) }

// closes reports whether the end tag t closes the element open, and
// reports a difference in case (lenient).
func (p *parser) closes(t, open token) bool {
	if t.raw == open.raw {
		return true
	}
	if p.Lenient && wire.EqualFoldASCII(t.raw, open.raw) {
		p.Diag(t.off, "end tag </%s> closes <%s>", t.raw, open.raw)
		return true
	}
	return false
}

// unclosed handles the end of the input inside the element open: an
// error, or leniently the element's end.
func (p *parser) unclosed(t, open token) error {
	if !p.Lenient {
		return p.Fail(t.off, ErrSyntax, "unexpected end of input: <%s> is not closed", open.raw)
	}
	p.Diag(t.off, "<%s> not closed at the end of the input", open.raw)
	return nil
}

// stray handles the text t in the element open, which holds elements:
// white space, or an error, or leniently text passed over.
func (p *parser) stray(t, open token) error {
	switch {
	case blank(t.raw):
	case !p.Lenient:
		return p.Fail(textOff(t), ErrSyntax, "text %s in <%s>, which holds elements", quote(t.raw), open.raw)
	default:
		p.Diag(textOff(t), "text %s in <%s> passed over", quote(t.raw), open.raw)
	}
	return nil
}

// atStart reports whether the input at p.i is the start tag <name>,
// without attributes, and consumes it if so: the common case, matched
// without scanning the name.
func (p *parser) atStart(name string) bool { return wire.At(p.S, &p.i, "<", name, '>') }

// atEnd reports whether the input at p.i is the end tag </name>, and
// consumes it if so.
func (p *parser) atEnd(name string) bool { return wire.At(p.S, &p.i, "</", name, '>') }

// object decodes the content of the element open as an object of o into
// the object at obj. Unknown child elements are passed over.
//
// recoverAs names a list item's element when open is a broken start tag
// being tried as that item (lenient): then the end tag </recoverAs> also
// closes the element, and the text right after the start tag is part of
// the broken tag. object reports which name closed the element.
func (p *parser) object(open token, o *wire.Object, obj unsafe.Pointer, recoverAs string) (string, error) {
	if err := p.Enter(open.off); err != nil {
		return "", err
	}
	defer p.Leave()
	if open.self {
		return open.raw, nil
	}
	p.Begin(o)
	guess := 0 // responses write elements in the schema's order: try the next first
	for first := true; ; first = false {
		if p.atEnd(open.raw) {
			return open.raw, nil
		}
		var t token
		var f *wire.Field
		if g := &o.Fields[guess%len(o.Fields)]; p.atStart(g.Name) {
			f, t = g, token{kind: tStart, name: g.Name, raw: g.Name, off: p.i - len(g.Name) - 2}
		} else {
			var err error
			if t, err = p.next(); err != nil {
				return "", err
			}
		}
		switch t.kind {
		case tText:
			if first && recoverAs != "" {
				continue
			}
			if err := p.stray(t, open); err != nil {
				return "", err
			}
		case tStart:
			f, err := p.Member(o, f, t.name, t.raw, t.off)
			if err != nil {
				return "", err
			}
			if f == nil {
				if o.Unknown != nil {
					err = p.keep(t, o, obj)
				} else {
					err = p.skip(t)
				}
				if err != nil {
					return "", err
				}
				continue
			}
			guess = f.Index + 1
			p.cur = t
			err = p.Value(p, f, obj)
			p.Pop()
			if err != nil {
				return "", err
			}
		case tEnd:
			if p.closes(t, open) {
				return t.raw, nil
			}
			if recoverAs != "" && (t.raw == recoverAs || p.Lenient && wire.EqualFoldASCII(t.raw, recoverAs)) {
				return recoverAs, nil
			}
			return "", p.Fail(t.off, ErrSyntax, "end tag </%s> does not match <%s>", t.raw, open.raw)
		case tEOF:
			return open.raw, p.unclosed(t, open)
		}
	}
}

// List decodes the content of the list wrapper being decoded into the
// list at list: the items of f, elements named as f.Item. Unknown elements
// are passed over; leniently, one that an item's end tag closes is
// recovered as an item. The items of a wrapper given again (leniently)
// are added to those before, as encoding/xml adds them.
func (p *parser) List(f *wire.Field, list unsafe.Pointer) error {
	open := p.cur
	if err := p.Enter(open.off); err != nil {
		return err
	}
	defer p.Leave()
	if open.self {
		return nil
	}
	name := f.Item.Name
	for {
		if p.atEnd(open.raw) {
			return nil
		}
		var t token
		var err error
		if p.atStart(name) {
			t = token{kind: tStart, name: name, raw: name, off: p.i - len(name) - 2}
		} else if t, err = p.next(); err != nil {
			return err
		}
		switch t.kind {
		case tText:
			if err := p.stray(t, open); err != nil {
				return err
			}
		case tStart:
			exact := t.name == name
			folded := !exact && wire.EqualFoldASCII(t.name, name)
			if !exact && !p.Lenient {
				if folded {
					return p.Fail(t.off, ErrSyntax, "element <%s> differs from <%s> only in case", t.raw, name)
				}
				if err := p.skip(t); err != nil {
					return err
				}
				continue
			}
			p.PushItem(name, f.Len(list))
			p.Mark(t.off)
			err := p.item(t, f, list, exact || folded)
			p.Pop()
			if err != nil && err != errNotItem {
				return err
			}
		case tEnd:
			if p.closes(t, open) {
				return nil
			}
			return p.Fail(t.off, ErrSyntax, "end tag </%s> does not match <%s>", t.raw, open.raw)
		case tEOF:
			return p.unclosed(t, open)
		}
	}
}

// errNotItem reports that an unknown element in a list was passed over
// rather than recovered as an item.
var errNotItem = errors.New("not an item")

// item decodes the element t into a new item of the list at list. An
// element not named as the item (lenient) is tried as a broken start tag
// of it: it is kept if the item's end tag closes it, and otherwise passed
// over as unknown, leaving no trace of the try (errNotItem).
func (p *parser) item(t token, f *wire.Field, list unsafe.Pointer, named bool) error {
	name := f.Item.Name
	v, err := p.AddItem(p, f, list, t.off)
	if err != nil {
		return err
	}
	if named {
		if t.name != name {
			p.Diag(t.off, "element <%s> taken as <%s>", t.raw, name)
		}
		_, err := p.object(t, f.Item, v, "")
		return err
	}
	at, diags, depth := p.i, p.Diags(), p.Depth()
	closedBy, err := p.object(t, f.Item, v, name)
	if err == nil && closedBy == name {
		// The diagnostic goes before those of the item's content, in
		// the order of the input.
		p.InsertDiag(diags, t.off, "broken start tag <%s> recovered as <%s>, closed by </%s>", t.raw, name, name)
		return nil
	}
	if err := p.Over(); err != nil {
		return err // too many diagnostics, whether t is an item or not
	}
	p.DropItem(f, list)
	p.DropDiags(diags)
	p.SetDepth(depth)
	if err == nil {
		return errNotItem // closed by its own end tag: an unknown element
	}
	p.i = at
	if err := p.skip(t); err != nil {
		return err
	}
	return errNotItem
}

// Estimate counts the start tags of o from off, in the next 64 KiB at
// most, and extrapolates to the rest of the input with a fourth more. A
// full count would cost a third of a decoding: names are found by their
// '<', which every tag has.
func (p *parser) Estimate(o *wire.Object, off int) int {
	const window = 64 << 10
	rest := p.S[off:]
	if len(rest) <= window {
		return countStarts(rest, o.Name)
	}
	n := countStarts(rest[:window], o.Name)
	return n*len(rest)/window*5/4 + 1
}

// countStarts counts the start tags of elements named name in s.
func countStarts(s, name string) int {
	n := 0
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			return n
		}
		s = s[i+1:]
		if len(s) > len(name) && s[:len(name)] == name && nameBytes[s[len(name)]]&nameRest == 0 {
			n++
		}
	}
}

// skip passes over the element t and its content, checking that its tags
// balance and that its text is well-formed.
func (p *parser) skip(t token) error {
	if t.self {
		return nil
	}
	var buf [8]token // the open elements, without allocating for the common shallow ones
	open := append(buf[:0], t)
	for {
		if len(open)+p.Depth() > p.MaxDepth() {
			return p.Fail(t.off, ErrLimit, "elements nested deeper than %d", p.MaxDepth())
		}
		u, err := p.next()
		if err != nil {
			return err
		}
		switch u.kind {
		case tText:
			if _, err := p.text(u, false); err != nil {
				return err
			}
		case tStart:
			if !u.self {
				open = append(open, u)
			}
		case tEnd:
			if !p.closes(u, open[len(open)-1]) {
				return p.Fail(u.off, ErrSyntax, "end tag </%s> does not match <%s>", u.raw, open[len(open)-1].raw)
			}
			open = open[:len(open)-1]
			if len(open) == 0 {
				return nil
			}
		case tEOF:
			return p.unclosed(u, open[len(open)-1])
		}
	}
}

// leaf decodes the text content of the element open and returns it with
// the offset where it starts.
func (p *parser) leaf(open token) (string, int, error) {
	if err := p.Enter(open.off); err != nil {
		return "", 0, err
	}
	defer p.Leave()
	if open.self {
		return "", p.i, nil
	}
	var text string
	var joined []byte // when the text comes in several pieces
	off := p.i
	done := func() (string, int, error) {
		if joined != nil {
			text = unsafe.String(unsafe.SliceData(joined), len(joined))
		}
		return text, off, nil
	}
	for {
		if p.atEnd(open.raw) {
			return done()
		}
		t, err := p.next()
		if err != nil {
			return "", 0, err
		}
		switch t.kind {
		case tText:
			piece, err := p.text(t, true)
			if err != nil {
				return "", 0, err
			}
			if text == "" && joined == nil {
				text = piece
			} else {
				joined = append(append(joined, text...), piece...)
				text = ""
			}
		case tStart:
			if !p.Lenient {
				return "", 0, p.Fail(t.off, ErrSyntax, "element <%s> in <%s>, which holds text", t.raw, open.raw)
			}
			p.Diag(t.off, "element <%s> in <%s>, which holds text, passed over", t.raw, open.raw)
			if err := p.skip(t); err != nil {
				return "", 0, err
			}
		case tEnd:
			if !p.closes(t, open) {
				return "", 0, p.Fail(t.off, ErrSyntax, "end tag </%s> does not match <%s>", t.raw, open.raw)
			}
			return done()
		case tEOF:
			if err := p.unclosed(t, open); err != nil {
				return "", 0, err
			}
			return done()
		}
	}
}

// text returns the text of the token t, checked: references replaced,
// line ends normalized, and only characters XML allows, in valid UTF-8;
// no "]]>" outside a CDATA section. Leniently, it replaces the characters
// by U+FFFD when keep is set, and keeps "]]>".
func (p *parser) text(t token, keep bool) (string, error) {
	s := t.raw
	if !t.cdata && strings.IndexByte(s, ']') >= 0 {
		if i := strings.Index(s, "]]>"); i >= 0 {
			if !p.Lenient {
				return "", p.Fail(t.off+i, ErrSyntax, `unescaped "]]>" in text`)
			}
			p.Diag(t.off+i, `unescaped "]]>" in text, kept as it is`)
		}
	}
	if !t.cdata {
		var err error
		if s, err = p.unescape(s, t.off); err != nil {
			return "", err
		}
	}
	return p.checkText(s, t.off, keep)
}

// checkText checks that text holds only characters XML allows, in valid
// UTF-8; leniently it reports the others, and replaces them by U+FFFD when
// keep is set.
func (p *parser) checkText(text string, off int, keep bool) (string, error) {
	bad := badChar(text)
	if bad < 0 {
		return text, nil
	}
	if !p.Lenient {
		return "", p.Fail(off, ErrSyntax, "text holds a character XML does not allow, or invalid UTF-8, at byte %d: %s", bad, quote(text))
	}
	p.Diag(off, "text %s holds characters XML does not allow, or invalid UTF-8, replaced by U+FFFD", quote(text))
	if !keep {
		return "", nil
	}
	b := make([]byte, 0, 3*len(text))
	for _, r := range text {
		if !isXMLChar(r) {
			r = utf8.RuneError
		}
		b = utf8.AppendRune(b, r)
	}
	return unsafe.String(unsafe.SliceData(b), len(b)), nil
}

// badChar returns the index of the first byte of text that is not a
// character XML allows, in valid UTF-8, or -1.
func badChar(text string) int {
	for i := 0; i < len(text); {
		i += wire.Printable(text[i:])
		if i == len(text) {
			break
		}
		c := text[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == utf8.RuneError && size == 1 || !isXMLChar(r) {
			return i
		}
		i += size
	}
	return -1
}

// Text reads the text of the element being decoded.
func (p *parser) Text(*wire.Field) (string, int, bool, error) {
	s, off, err := p.leaf(p.cur)
	return s, off, err == nil, err
}

// scalar reads the text of the element being decoded, as a number or a
// boolean: empty is absent, as encoding/xml takes it (but not white space).
func (p *parser) scalar() (s, trimmed string, off int, ok bool, err error) {
	s, off, err = p.leaf(p.cur)
	return s, wire.TrimSpace(s), off, err == nil && s != "", err
}

// Int reads an integer, in the range of f's integers.
func (p *parser) Int(f *wire.Field) (int64, bool, error) {
	s, t, off, ok, err := p.scalar()
	if !ok {
		return 0, false, err
	}
	if n, ok := f.ParseInt(t); ok {
		return n, true, nil
	}
	if !p.Lenient {
		return 0, false, p.Fail(off, ErrValue, "%s is not %s", wire.Quote(s), f.Integer())
	}
	p.Diag(off, "%s is not %s, taken as absent", wire.Quote(s), f.Integer())
	return 0, false, nil
}

// Bool reads a boolean: true, false, 1 or 0.
func (p *parser) Bool(*wire.Field) (bool, bool, error) {
	s, t, off, ok, err := p.scalar()
	if !ok {
		return false, false, err
	}
	switch t {
	case "true", "1":
		return true, true, nil
	case "false", "0":
		return false, true, nil
	}
	switch {
	case !p.Lenient:
		return false, false, p.Fail(off, ErrValue, "%s is not a boolean (true, false, 1 or 0)", wire.Quote(s))
	case wire.EqualFoldASCII(t, "true"):
		p.Diag(off, "boolean written as %s", wire.Quote(s))
		return true, true, nil
	case wire.EqualFoldASCII(t, "false"):
		p.Diag(off, "boolean written as %s", wire.Quote(s))
		return false, true, nil
	}
	p.Diag(off, "%s is not a boolean, taken as absent", wire.Quote(s))
	return false, false, nil
}
