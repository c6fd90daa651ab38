package jsoncodec

import (
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/ecsassist/cloudassistant/apierror"

	"github.com/ecsassist/cloudassistant/internal/wire"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// Decoder decodes DescribeInvocations responses and API errors from JSON.
// The zero Decoder is strict, with the default limits.
type Decoder struct {
	// Lenient makes the decoder recover from the defects real responses
	// and the vendor's reference examples contain, reporting each as a
	// Diagnostic with its position and path. It forgives exactly these:
	//
	//   - a key in other case than the schema's ("invokeid"), which strict
	//     mode refuses rather than skip as unknown;
	//   - a number or a boolean written as a string ("5", "True");
	//   - a boolean literal in other case (True, FALSE);
	//   - null for a value, taken as absent;
	//   - a single object where a list is expected ("InvokeInstance": {…});
	//   - a string where a number or boolean is expected that is not one,
	//     and an integer with a fraction or exponent, taken as absent;
	//   - a CreationTime that is RFC 3339 but not UTC second precision
	//     (converted), or not a time at all (taken as absent);
	//   - invalid UTF-8 in a string, replaced by U+FFFD;
	//   - a string where an object is expected, taken as absent.
	//
	// Anything else, such as a missing comma or a truncated input, is an
	// error in both modes.
	Lenient bool

	// Limits; zero means the default.
	MaxBytes int // input size, default 64 MiB
	MaxDepth int // nesting of objects and arrays, default 64
	MaxItems int // items in one list, default 100000
}

// DecodeResponse decodes a DescribeInvocations response from data with the
// strict Decoder.
func DecodeResponse(data []byte) (invocation.Response, error) {
	r, _, err := Decoder{}.DecodeResponse(data)
	return r, err
}

// DecodeAPIError decodes an API error body from data with the strict Decoder.
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
	r, err := p.response()
	if err != nil {
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
// in data writes by an alias rather than by its name ("success" for
// Finished), in the order of the input, as lenient decoding reads it.
// Decoding keeps the canonical value only; package conform takes these
// paths to report the spelling.
func Aliases(data []byte) []string { return inspect(data).aliases }

// inspect runs a lenient decoding of data that records where each path
// starts and which statuses are written by an alias; what it records up to
// an error is what there is.
func inspect(data []byte) *parser {
	p := Decoder{Lenient: true}.newParser(wire.Alias(data), false)
	p.where = map[string]int{}
	p.response()
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

// DecodeAPIError decodes an API error body. The body carries no HTTP status:
// HTTPStatus is left zero for the caller to set from the response.
func (d Decoder) DecodeAPIError(data []byte) (*apierror.Error, []Diagnostic, error) {
	if err := d.checkSize(len(data)); err != nil {
		return nil, nil, err
	}
	p := d.newParser(wire.Alias(data), false)
	e, err := p.apiError()
	if err != nil {
		return nil, p.diags, err
	}
	return e, p.diags, nil
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

const codec = "jsoncodec"

// parser is the state of one decoding.
type parser struct {
	s       string
	i       int
	own     bool       // s may be kept: it is a string the caller gave
	arena   wire.Arena // where strings of s are copied when it is not owned
	lenient bool
	lim     wire.Limits
	depth   int
	path    []frame
	diags   []wire.Diagnostic
	slab    []invocation.InvokeInstance // where the lists of instances are cut from
	aliases []string                    // for Aliases: paths of legacy statuses written with an alias
	where   map[string]int              // for Positions: where each path starts
}

func (d Decoder) newParser(s string, own bool) *parser {
	return &parser{s: s, own: own, arena: wire.Arena{Size: min(max(len(s)/4, 256), 64<<10)},
		lenient: d.Lenient, lim: d.limits(), path: make([]frame, 0, 8)}
}

// keep returns s, a string read from the input, as the response may hold
// it: a copy, unless the input is an owned string.
func (p *parser) keep(s string) string {
	if p.own {
		return s
	}
	return p.arena.Keep(s)
}

// legacy, current and commandType parse a value read from the input,
// keeping a copy of unknown text.
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

func (p *parser) position(off int) wire.Position {
	line, col := wire.LineCol(p.s, off)
	return wire.Position{Line: line, Column: col, Offset: off, Path: p.pathString()}
}

// mark records that the current path starts at off, when positions are
// asked for.
func (p *parser) mark(off int) {
	if p.where != nil {
		p.where[p.pathString()] = off
	}
}

func (p *parser) pathString() string {
	frames := make([]wire.Frame, len(p.path))
	for i, f := range p.path {
		frames[i] = wire.Frame{Name: f.field.Name(), Index: int(f.index)}
		if f.field == wire.Unknown {
			frames[i].Name = p.keyAt(int(f.key))
		}
	}
	return wire.Path(frames)
}

func (p *parser) fail(off int, cond error, format string, args ...any) error {
	return &DecodeError{Codec: codec, Position: p.position(off), Msg: fmt.Sprintf(format, args...), Err: cond}
}

func (p *parser) diag(off int, format string, args ...any) {
	p.diags = append(p.diags, wire.Diagnostic{Position: p.position(off), Message: fmt.Sprintf(format, args...)})
}

// describe names the token at off for messages.
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

func (p *parser) ws() {
	if p.i < len(p.s) && p.s[p.i] > ' ' {
		return // the common case of compact JSON
	}
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *parser) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

// frame is one step of the path to the value being decoded: a field, or
// for an unknown key the offset of the key, and an index in a list. It
// holds no pointer, so that keeping the path costs no write barrier.
type frame struct {
	field wire.Field
	key   int32
	index int32
}

func (p *parser) push(f wire.Field, keyOff int) {
	p.path = append(p.path, frame{field: f, key: int32(keyOff), index: -1})
}

func (p *parser) pop() { p.path = p.path[:len(p.path)-1] }

// keyAt returns the key whose quote is at off, for a path: its text as
// written, escapes and all. It has no side effect: it runs while a
// diagnostic or error is being made, and must not make another.
func (p *parser) keyAt(off int) string {
	for i := off + 1; i < len(p.s); i++ {
		switch p.s[i] {
		case '\\':
			i++
		case '"':
			return p.s[off+1 : i]
		}
	}
	return p.s[off+1:]
}

func (p *parser) enter() error {
	p.depth++
	if p.depth > p.lim.MaxDepth {
		return p.fail(p.i, ErrLimit, "nesting deeper than %d", p.lim.MaxDepth)
	}
	return nil
}

// object decodes an object whose fields are those of obj, calling member
// for each key with the parser at its value, which member must consume.
// A null object (lenient) or an absent one calls nothing.
func (p *parser) object(obj wire.Object, member func(f wire.Field, key string) error) error {
	p.ws()
	start := p.i
	switch c := p.peek(); {
	case c == '{':
	case p.lenient && c == 'n' && p.literal("null"):
		p.diag(start, "null for an object, taken as absent")
		return nil
	case p.lenient && c == '"':
		s, err := p.str()
		if err != nil {
			return err
		}
		p.diag(start, "string %q where an object is expected, taken as absent", s)
		return nil
	default:
		return p.fail(start, ErrSyntax, "expected an object, found %s", p.describe(start))
	}
	if empty, err := p.open('}'); empty || err != nil {
		return err
	}
	guess := 0 // responses write keys in the schema's order: try the next first
	for {
		p.ws()
		keyOff := p.i
		if p.peek() != '"' {
			return p.fail(keyOff, ErrSyntax, "expected a key, found %s", p.describe(keyOff))
		}
		var key string
		var err error
		var f wire.Field
		exact := false
		if g := guess % len(obj); p.atKey(obj[g].Name()) {
			f, exact, key = obj[g], true, obj[g].Name()
			guess = g + 1
		} else if key, err = p.str(); err != nil {
			return err
		}
		p.ws()
		if p.peek() != ':' {
			return p.fail(p.i, ErrSyntax, "expected ':' after key %q, found %s", key, p.describe(p.i))
		}
		p.i++
		p.ws()
		// A key that differs from the schema's only in case is a defect,
		// not a new key: strict mode stops at it.
		if !exact {
			if f, exact = obj.Lookup(key, true); f != wire.Unknown {
				guess = obj.Index(f) + 1
			}
		}
		if f != wire.Unknown && !exact {
			p.push(f, keyOff)
			if !p.lenient {
				return p.fail(keyOff, ErrSyntax, "key %q differs from %q only in case", key, f.Name())
			}
			p.diag(keyOff, "key %q taken as %q", key, f.Name())
			p.pop()
		}
		p.push(f, keyOff)
		p.mark(keyOff)
		if f == wire.Unknown {
			err = p.skip()
		} else {
			err = member(f, key)
		}
		p.pop()
		if err != nil {
			return err
		}
		if more, err := p.delimiter('}', "unexpected end of input in an object",
			fmt.Sprintf("missing ',' or '}' after the value of %q", key)); !more {
			return err
		}
	}
}

// open enters the container whose opening bracket is at p.i, within the
// depth limit, and reports whether it is empty, in which case it is
// consumed whole, up to close.
func (p *parser) open(close byte) (empty bool, err error) {
	if err := p.enter(); err != nil {
		return false, err
	}
	p.i++
	p.ws()
	if p.peek() != close {
		return false, nil
	}
	p.i++
	p.depth--
	return true, nil
}

// delimiter reads what follows a member or an item: a comma, when more
// follows, or close, which ends the container. Anything else is an error
// at the end of the value, where the comma belongs; at the end of the input
// it is eof, when eof is set.
func (p *parser) delimiter(close byte, eof, missing string) (more bool, err error) {
	end := p.i
	p.ws()
	switch p.peek() {
	case ',':
		p.i++
		return true, nil
	case close:
		p.i++
		p.depth--
		return false, nil
	}
	if eof != "" && p.i >= len(p.s) {
		return false, p.fail(p.i, ErrSyntax, "%s", eof)
	}
	return false, p.fail(end, ErrSyntax, "%s; found %s at line %d, column %d", missing, p.describe(p.i), p.lineOf(p.i), p.colOf(p.i))
}

func (p *parser) lineOf(off int) int { l, _ := wire.LineCol(p.s, off); return l }
func (p *parser) colOf(off int) int  { _, c := wire.LineCol(p.s, off); return c }

// list decodes a list wrapper's items: an array, or (lenient) a single
// object or null. item decodes one item at index i.
func (p *parser) list(item func(i int) error) error {
	p.ws()
	start := p.i
	switch c := p.peek(); {
	case c == '[':
	case p.lenient && c == '{':
		p.diag(start, "a single object where a list is expected, taken as a list of one")
		return item(0)
	case p.lenient && c == 'n' && p.literal("null"):
		p.diag(start, "null for a list, taken as empty")
		return nil
	default:
		return p.fail(start, ErrSyntax, "expected an array, found %s", p.describe(start))
	}
	if empty, err := p.open(']'); empty || err != nil {
		return err
	}
	for n := 0; ; n++ {
		if n >= p.lim.MaxItems {
			return p.fail(p.i, ErrLimit, "more than %d items in a list", p.lim.MaxItems)
		}
		if err := item(n); err != nil {
			return err
		}
		if more, err := p.delimiter(']', "unexpected end of input in an array", "missing ',' or ']' after an array item"); !more {
			return err
		}
	}
}

func (p *parser) response() (invocation.Response, error) {
	var r invocation.Response
	p.ws()
	err := p.object(wire.ResponseObject, func(f wire.Field, _ string) error {
		switch f {
		case wire.RequestID:
			return p.text(&r.RequestID)
		case wire.TotalCount:
			return p.integer(&r.TotalCount)
		case wire.PageNumber:
			return p.integer(&r.PageNumber)
		case wire.PageSize:
			return p.integer(&r.PageSize)
		case wire.NextToken:
			return p.text(&r.NextToken)
		default: // wire.Invocations
			return p.invocations(&r.Invocations)
		}
	})
	if err != nil {
		return r, err
	}
	return r, p.end()
}

func (p *parser) end() error {
	p.ws()
	if p.i < len(p.s) {
		return p.fail(p.i, ErrSyntax, "data after the top-level value: %s", p.describe(p.i))
	}
	return nil
}

func (p *parser) invocations(dst *[]invocation.Invocation) error {
	*dst = nil // a repeated key replaces, as the last value wins
	return p.object(wire.InvocationsObject, func(wire.Field, string) error {
		// Every invocation holds one array, its instances: the number of
		// '[' left is a close upper bound of their number, counted fast.
		*dst = make([]invocation.Invocation, 0, strings.Count(p.s[p.i:], "["))
		err := p.list(func(i int) error {
			p.path[len(p.path)-1].index = int32(i)
			p.ws()
			p.mark(p.i)
			*dst = append(*dst, invocation.Invocation{})
			return p.invocation(&(*dst)[len(*dst)-1])
		})
		if len(*dst) == 0 {
			*dst = nil
		}
		return err
	})
}

func (p *parser) invocation(inv *invocation.Invocation) error {
	return p.object(wire.InvocationObject, func(f wire.Field, _ string) error {
		switch f {
		case wire.InvokeID:
			return p.text(&inv.InvokeID)
		case wire.CommandID:
			return p.text(&inv.CommandID)
		case wire.CommandName:
			return p.text(&inv.CommandName)
		case wire.CommandType:
			var s string
			err := p.raw(&s)
			inv.CommandType = p.commandType(s)
			return err
		case wire.InvokeStatus:
			var s string
			err := p.raw(&s)
			inv.InvokeStatus = p.legacy(s)
			return err
		case wire.InvocationStatus:
			var s string
			err := p.raw(&s)
			inv.InvocationStatus = p.current(s)
			return err
		case wire.Timed:
			return p.boolean(&inv.Timed)
		case wire.Frequency:
			return p.text(&inv.Frequency)
		case wire.CreationTime:
			return p.time(inv)
		default: // wire.InvokeInstances
			return p.instances(&inv.Instances)
		}
	})
}

func (p *parser) instances(dst *[]invocation.InvokeInstance) error {
	return p.object(wire.InstancesObject, func(wire.Field, string) error {
		// Every list of instances is cut from one slab, so that all of
		// them cost one allocation; each list's capacity ends where it
		// does. Every instance is an object: the number of '{' left is an
		// upper bound of their number, counted fast.
		if p.slab == nil {
			p.slab = make([]invocation.InvokeInstance, 0, strings.Count(p.s[p.i:], "{"))
		}
		mark := len(p.slab)
		err := p.list(func(i int) error {
			p.path[len(p.path)-1].index = int32(i)
			p.ws()
			p.mark(p.i)
			p.slab = append(p.slab, invocation.InvokeInstance{})
			return p.instance(&p.slab[len(p.slab)-1])
		})
		*dst = nil
		if n := len(p.slab); n > mark {
			*dst = p.slab[mark:n:n]
		}
		return err
	})
}

func (p *parser) instance(in *invocation.InvokeInstance) error {
	if p.where == nil && p.instanceFast(in) {
		return nil
	}
	return p.object(wire.InstanceObject, func(f wire.Field, _ string) error {
		var s string
		switch f {
		case wire.InstanceID:
			return p.text(&in.InstanceID)
		case wire.InstanceInvokeStatus:
			err := p.raw(&s)
			in.InstanceInvokeStatus = p.legacy(s)
			return err
		default: // wire.InvocationStatus
			err := p.raw(&s)
			in.InvocationStatus = p.current(s)
			return err
		}
	})
}

// instanceFast decodes the instance at p.i if it is written the common
// way: its three keys, in the schema's order, each with a string of plain
// ASCII. Anything else leaves p.i where it was for the general path, which
// decodes what this accepts the same way. It does in one pass what the
// general path does through a callback per key.
func (p *parser) instanceFast(in *invocation.InvokeInstance) bool {
	start := p.i
	if p.depth+1 > p.lim.MaxDepth || p.peek() != '{' {
		return false
	}
	p.i++
	var id, legacy, current string
	ok := p.fastMember("InstanceId", &id, ',') &&
		p.fastMember("InstanceInvokeStatus", &legacy, ',') &&
		p.fastMember("InvocationStatus", &current, '}')
	if !ok || (p.where != nil && status.LegacyAlias(legacy)) {
		p.i = start // the general path records the alias with its path
		return false
	}
	in.InstanceID = p.keep(id)
	in.InstanceInvokeStatus = p.legacy(legacy)
	in.InvocationStatus = p.current(current)
	return true
}

// fastMember reads `"name": "plain string"` and the delimiter after it,
// allowing white space between tokens, for instanceFast.
func (p *parser) fastMember(name string, dst *string, delim byte) bool {
	p.ws()
	if p.peek() != '"' || !p.atKey(name) {
		return false
	}
	p.ws()
	if p.peek() != ':' {
		return false
	}
	p.i++
	p.ws()
	if p.peek() != '"' {
		return false
	}
	i := p.i + 1
	for i < len(p.s) && plain[p.s[i]] {
		i++
	}
	if i >= len(p.s) || p.s[i] != '"' {
		return false
	}
	*dst = p.s[p.i+1 : i]
	p.i = i + 1
	p.ws()
	if p.peek() != delim {
		return false
	}
	p.i++
	return true
}

func (p *parser) apiError() (*apierror.Error, error) {
	var e apierror.Error
	p.ws()
	err := p.object(wire.ErrorObject, func(f wire.Field, _ string) error {
		switch f {
		case wire.RequestID:
			return p.text(&e.RequestID)
		case wire.HostID:
			return p.text(&e.HostID)
		case wire.Code:
			var s string
			err := p.text(&s)
			e.Code = apierror.Code(s)
			return err
		default: // wire.Message
			return p.text(&e.Message)
		}
	})
	if err != nil {
		return nil, err
	}
	return &e, p.end()
}

// atKey reports whether the input at p.i is the key name, quoted, and
// consumes it if so: the common case of a key without escapes, matched
// without scanning it.
func (p *parser) atKey(name string) bool {
	end := p.i + 1 + len(name)
	if end >= len(p.s) || p.s[end] != '"' || p.s[p.i+1:end] != name {
		return false
	}
	p.i = end + 1
	return true
}

// literal reports whether the input at p.i is word followed by a
// delimiter, and consumes it if so.
func (p *parser) literal(word string) bool {
	if !strings.HasPrefix(p.s[p.i:], word) {
		return false
	}
	if end := p.i + len(word); end < len(p.s) && isLetter(p.s[end]) {
		return false
	}
	p.i += len(word)
	return true
}

func isLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// word returns the run of letters at p.i, consuming it.
func (p *parser) word() string {
	start := p.i
	for p.i < len(p.s) && isLetter(p.s[p.i]) {
		p.i++
	}
	return p.s[start:p.i]
}

// text decodes a string value into dst, keeping it.
func (p *parser) text(dst *string) error {
	err := p.raw(dst)
	*dst = p.keep(*dst)
	return err
}

// raw decodes a string value into dst, which may be part of the input.
// Leniently, null leaves dst as it is and a number or boolean is taken as
// its text.
func (p *parser) raw(dst *string) error {
	start := p.i
	switch c := p.peek(); {
	case c == '"':
		s, err := p.str()
		*dst = s
		return err
	case !p.lenient:
	case c == 'n' && p.literal("null"):
		p.diag(start, "null for a string, taken as absent")
		return nil
	case c == '-' || '0' <= c && c <= '9' || isLetter(c):
		if err := p.skip(); err != nil {
			return err
		}
		*dst = p.s[start:p.i]
		p.diag(start, "%s where a string is expected, taken as its text", *dst)
		return nil
	}
	return p.fail(start, ErrValue, "expected a string, found %s", p.describe(start))
}

// integer decodes an integer value into dst.
func (p *parser) integer(dst *int) error {
	start := p.i
	c := p.peek()
	switch {
	case c == '-' || '0' <= c && c <= '9':
		lit, err := p.number()
		if err != nil {
			return err
		}
		if n, ok := wire.ParseInt(lit); ok {
			*dst = n
			return nil
		}
		if p.lenient {
			p.diag(start, "%s is not an integer, taken as absent", lit)
			return nil
		}
		return p.fail(start, ErrValue, "%s is not an integer", lit)
	case !p.lenient:
	case c == '"':
		s, err := p.str()
		if err != nil {
			return err
		}
		if n, ok := wire.ParseInt(strings.TrimSpace(s)); ok {
			*dst = n
			p.diag(start, "integer written as the string %q", s)
		} else {
			p.diag(start, "string %q is not an integer, taken as absent", s)
		}
		return nil
	case c == 'n' && p.literal("null"):
		p.diag(start, "null for an integer, taken as absent")
		return nil
	}
	return p.fail(start, ErrValue, "expected an integer, found %s", p.describe(start))
}

// boolean decodes a boolean value into dst.
func (p *parser) boolean(dst *bool) error {
	start := p.i
	switch c := p.peek(); {
	case p.literal("true"):
		*dst = true
		return nil
	case p.literal("false"):
		*dst = false
		return nil
	case !p.lenient:
	case c == 'n' && p.literal("null"):
		p.diag(start, "null for a boolean, taken as absent")
		return nil
	case isLetter(c):
		w := p.word()
		switch {
		case wire.EqualFoldASCII(w, "true"):
			*dst = true
		case wire.EqualFoldASCII(w, "false"):
			*dst = false
		default:
			p.i = start
			return p.fail(start, ErrSyntax, "expected a boolean, found %s", p.describe(start))
		}
		p.diag(start, "boolean written as %s", w)
		return nil
	case c == '"':
		s, err := p.str()
		if err != nil {
			return err
		}
		switch t := strings.TrimSpace(s); {
		case wire.EqualFoldASCII(t, "true"):
			*dst = true
		case wire.EqualFoldASCII(t, "false"):
			*dst = false
		default:
			p.diag(start, "string %q is not a boolean, taken as absent", s)
			return nil
		}
		p.diag(start, "boolean written as the string %q", s)
		return nil
	}
	return p.fail(start, ErrValue, "expected a boolean, found %s", p.describe(start))
}

func (p *parser) time(inv *invocation.Invocation) error {
	start := p.i
	var s string
	if err := p.raw(&s); err != nil {
		return err
	}
	if s == "" && p.s[start] != '"' {
		return nil // null, reported by text
	}
	if t, ok := wire.ParseTime(s); ok {
		inv.CreationTime = t
		return nil
	}
	if !p.lenient {
		return p.fail(start, ErrValue, "CreationTime %q is not a UTC time like 2020-01-19T09:15:46Z", s)
	}
	if t, ok := wire.ParseTimeLenient(s); ok {
		inv.CreationTime = t
		p.diag(start, "CreationTime %q converted to UTC second precision", s)
		return nil
	}
	p.diag(start, "CreationTime %q is not a time, taken as absent", s)
	return nil
}

// number scans a JSON number and returns its text.
func (p *parser) number() (string, error) {
	start := p.i
	i := p.i
	if i < len(p.s) && p.s[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(p.s) && '0' <= p.s[i] && p.s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	switch {
	case i < len(p.s) && p.s[i] == '0':
		i++
	case digits() == 0:
		return "", p.fail(start, ErrSyntax, "malformed number %s", p.describe(start))
	}
	if i < len(p.s) && p.s[i] == '.' {
		i++
		if digits() == 0 {
			return "", p.fail(start, ErrSyntax, "malformed number %s", p.describe(start))
		}
	}
	if i < len(p.s) && (p.s[i] == 'e' || p.s[i] == 'E') {
		i++
		if i < len(p.s) && (p.s[i] == '+' || p.s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return "", p.fail(start, ErrSyntax, "malformed number %s", p.describe(start))
		}
	}
	p.i = i
	return p.s[start:i], nil
}

// plain marks the bytes a string holds as they are; the others are the
// quote, the backslash, control characters and non-ASCII bytes.
var plain = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// special reports whether any of the eight bytes of w may not be plain:
// a quote, a backslash, a control character or a non-ASCII byte. (A borrow
// can make it report a plain byte after a special one, never a special
// byte as plain.)
func special(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	quote := w ^ (ones * '"')
	backslash := w ^ (ones * '\\')
	return ((w-ones*0x20)&^w|(quote-ones)&^quote|(backslash-ones)&^backslash|w)&highs != 0
}

// str decodes the string at p.i, which starts with a quote. A string
// without escapes is a substring of the input.
func (p *parser) str() (string, error) {
	start := p.i
	i := p.i + 1
	// Eight bytes at a time while none is special, then one at a time.
	if len(p.s) >= 8 {
		b := unsafe.Slice(unsafe.StringData(p.s), len(p.s))
		for i+8 <= len(b) && !special(binary.LittleEndian.Uint64(b[i:])) {
			i += 8
		}
	}
	for i < len(p.s) && plain[p.s[i]] {
		i++
	}
	if i < len(p.s) && p.s[i] == '"' {
		p.i = i + 1
		return p.s[start+1 : i], nil
	}
	return p.slowStr(start, i)
}

// slowStr decodes a string with escapes, non-ASCII or control characters,
// from start (its quote), with the plain bytes before i already scanned.
func (p *parser) slowStr(start, i int) (string, error) {
	var b []byte
	chunk := start + 1
	for {
		if i >= len(p.s) {
			return "", p.fail(start, ErrSyntax, "unterminated string")
		}
		c := p.s[i]
		switch {
		case plain[c]:
			i++
		case c == '"':
			p.i = i + 1
			if b == nil {
				return p.s[chunk:i], nil
			}
			return string(append(b, p.s[chunk:i]...)), nil
		case c == '\\':
			b = append(b, p.s[chunk:i]...)
			n, err := p.escape(&b, i)
			if err != nil {
				return "", err
			}
			i += n
			chunk = i
		case c < 0x20:
			return "", p.fail(i, ErrSyntax, "control character %q in a string", c)
		default:
			r, size := utf8.DecodeRuneInString(p.s[i:])
			if r == utf8.RuneError && size == 1 {
				if !p.lenient {
					return "", p.fail(i, ErrSyntax, "invalid UTF-8 in a string")
				}
				p.diag(i, "invalid UTF-8 byte %#x in a string, replaced by U+FFFD", c)
				b = append(b, p.s[chunk:i]...)
				b = utf8.AppendRune(b, utf8.RuneError)
				i++
				chunk = i
				continue
			}
			i += size
		}
	}
}

// escape decodes the escape sequence at i into b and returns its length.
func (p *parser) escape(b *[]byte, i int) (int, error) {
	if i+1 >= len(p.s) {
		return 0, p.fail(i, ErrSyntax, "unterminated string")
	}
	switch c := p.s[i+1]; c {
	case '"', '\\', '/':
		*b = append(*b, c)
	case 'b':
		*b = append(*b, '\b')
	case 'f':
		*b = append(*b, '\f')
	case 'n':
		*b = append(*b, '\n')
	case 'r':
		*b = append(*b, '\r')
	case 't':
		*b = append(*b, '\t')
	case 'u':
		r, ok := p.hex4(i + 2)
		if !ok {
			return 0, p.fail(i, ErrSyntax, "malformed \\u escape %s", p.describe(i))
		}
		n := 6
		if utf16.IsSurrogate(r) {
			if r2, ok := p.hex4(i + 8); ok && p.s[i+6] == '\\' && p.s[i+7] == 'u' {
				if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
					r, n = dec, 12
				} else {
					r = utf8.RuneError
				}
			} else {
				r = utf8.RuneError
			}
		}
		*b = utf8.AppendRune(*b, r)
		return n, nil
	default:
		return 0, p.fail(i, ErrSyntax, "invalid escape %s", p.describe(i))
	}
	return 2, nil
}

func (p *parser) hex4(i int) (rune, bool) {
	if i+4 > len(p.s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(p.s[i : i+4]) {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c|0x20 && c|0x20 <= 'f':
			c = c | 0x20 - 'a' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// skip consumes one value of any kind, checking its syntax.
func (p *parser) skip() error {
	p.ws()
	start := p.i
	switch c := p.peek(); {
	case c == '"':
		_, err := p.str()
		return err
	case c == '{':
		if empty, err := p.open('}'); empty || err != nil {
			return err
		}
		for {
			p.ws()
			if p.peek() != '"' {
				return p.fail(p.i, ErrSyntax, "expected a key, found %s", p.describe(p.i))
			}
			if _, err := p.str(); err != nil {
				return err
			}
			p.ws()
			if p.peek() != ':' {
				return p.fail(p.i, ErrSyntax, "expected ':', found %s", p.describe(p.i))
			}
			p.i++
			if err := p.skip(); err != nil {
				return err
			}
			if more, err := p.delimiter('}', "", "missing ',' or '}' in an object"); !more {
				return err
			}
		}
	case c == '[':
		if empty, err := p.open(']'); empty || err != nil {
			return err
		}
		for {
			if err := p.skip(); err != nil {
				return err
			}
			if more, err := p.delimiter(']', "", "missing ',' or ']' in an array"); !more {
				return err
			}
		}
	case c == '-' || '0' <= c && c <= '9':
		_, err := p.number()
		return err
	case p.literal("true"), p.literal("false"), p.literal("null"):
		return nil
	case p.lenient && isLetter(c):
		w := p.word()
		if wire.EqualFoldASCII(w, "true") || wire.EqualFoldASCII(w, "false") || wire.EqualFoldASCII(w, "null") {
			p.diag(start, "literal written as %s", w)
			return nil
		}
		p.i = start
	}
	return p.fail(start, ErrSyntax, "expected a value, found %s", p.describe(start))
}
