package jsoncodec

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/ecsassist/cloudassistant/apierror"

	"github.com/ecsassist/cloudassistant/internal/wire"
	"github.com/ecsassist/cloudassistant/invocation"
)

// Decoder decodes DescribeInvocations responses and API errors from JSON.
// The zero Decoder is strict, with the default limits.
//
// Whatever the JSON text, the limits bound what decoding it costs: time
// linear in its length, and at most 8 bytes allocated for each of its
// bytes, plus 1 KiB for each list item or kept member that MaxItems
// allows and 1 KiB for each diagnostic that MaxDiagnostics allows; 8
// times the text's length and 110 MB more with the default limits. (An
// invocation, the largest item, takes 408 bytes on 64-bit platforms; a
// block of items may be allocated twice as it grows; messages and paths
// are cut to a few hundred bytes.) ReadResponse and ReadAPIError also
// allocate up to 3 bytes for each byte they read, as they read it.
//
// A decoding allocates a few blocks whatever the size of the response:
// the copy of the input, the decoder's state with the response, a block
// of each kind of list item (invocations, instances, tags) and of the
// members kept as unknown by each kind of object, growing by doubling
// when its first estimate falls short, and blocks of decoded text (the
// strings with escapes), doubling from 4 KiB.
type Decoder struct {
	// Lenient makes the decoder recover from the defects real responses
	// and the vendor's reference examples contain, reporting each as a
	// Diagnostic with its position and path. It forgives exactly these:
	//
	//   - a key in other case than the schema's ("invokeid"), which strict
	//     mode refuses rather than skip as unknown;
	//   - a key of the schema given again in one object: the last value is
	//     kept, and a list's items are added to those before (see the
	//     package documentation);
	//   - a number or a boolean written as a string ("5", "True");
	//   - a boolean literal in other case (True, FALSE);
	//   - null for a value, taken as absent;
	//   - a single object where a list is expected ("InvokeInstance": {…});
	//   - a string where a number or boolean is expected that is not one,
	//     and an integer with a fraction or exponent, taken as absent;
	//   - a number or literal where a string is expected, taken as its
	//     text;
	//   - a time that is RFC 3339 but not UTC second precision
	//     (converted), or not a time at all (taken as absent);
	//   - invalid UTF-8 in a string, replaced by U+FFFD (one diagnostic
	//     for each string);
	//   - a string where an object is expected, taken as absent;
	//   - in an object or array kept as an unknown member, literals in
	//     other case and invalid UTF-8, which it keeps as strict mode
	//     reads them (true, U+FFFD), so that the encoder writes valid
	//     JSON.
	//
	// Anything else, such as a missing comma or a truncated input, is an
	// error in both modes.
	Lenient bool

	// Limits; zero means the default.
	MaxBytes       int // input size, default 64 MiB
	MaxDepth       int // nesting of objects and arrays, default 64
	MaxItems       int // list items in one response, invocations, instances, tags and kept unknown members together, default 100000
	MaxDiagnostics int // diagnostics of one decoding, default 10000; one more is an ErrLimit error
}

// DecodeResponse decodes the JSON object of a DescribeInvocations
// response from data with the strict Decoder.
func DecodeResponse(data []byte) (invocation.Response, error) {
	r, _, err := Decoder{}.DecodeResponse(data)
	return r, err
}

// DecodeAPIError decodes the JSON object of an API error, with its keys
// RequestId, HostId, Code and Message, from data with the strict Decoder.
func DecodeAPIError(data []byte) (*apierror.Error, error) {
	e, _, err := Decoder{}.DecodeAPIError(data)
	return e, err
}

// DecodeResponse decodes the JSON object of a DescribeInvocations
// response, alone in data but for white space. The response keeps
// nothing of data: data is copied once, and the strings of the response
// share the copy. In lenient mode the diagnostics list every defect
// recovered from; in strict mode there are none. The error, if any, is a
// *DecodeError.
func (d Decoder) DecodeResponse(data []byte) (invocation.Response, []Diagnostic, error) {
	s, err := wire.Config(d).Input(data)
	return decode[invocation.Response](d, wire.Response, s, err)
}

// DecodeResponseString is DecodeResponse of JSON text in a string, which
// cannot change: the response's strings share s, and nothing is copied.
func (d Decoder) DecodeResponseString(s string) (invocation.Response, []Diagnostic, error) {
	return decode[invocation.Response](d, wire.Response, s, wire.Config(d).Check(len(s)))
}

// ReadResponse decodes the JSON object of a DescribeInvocations response
// read from r, reading at most MaxBytes, to the end of r.
func (d Decoder) ReadResponse(r io.Reader) (invocation.Response, []Diagnostic, error) {
	s, err := wire.Config(d).Read(r)
	return decode[invocation.Response](d, wire.Response, s, err)
}

// DecodeAPIError decodes the JSON object of an API error, with its keys
// RequestId, HostId, Code and Message. An error body carries no HTTP
// status; the error's HTTPStatus is zero, for the caller to set from the
// HTTP response.
func (d Decoder) DecodeAPIError(data []byte) (*apierror.Error, []Diagnostic, error) {
	s, err := wire.Config(d).Input(data)
	return wire.Pointer(decode[apierror.Error](d, wire.APIError, s, err))
}

// ReadAPIError decodes the JSON object of an API error read from r,
// reading at most MaxBytes, to the end of r.
func (d Decoder) ReadAPIError(r io.Reader) (*apierror.Error, []Diagnostic, error) {
	s, err := wire.Config(d).Read(r)
	return wire.Pointer(decode[apierror.Error](d, wire.APIError, s, err))
}

// decode decodes the JSON text s, whose top-level object is a root, into
// a T; err is an error getting s.
func decode[T any](d Decoder, root *wire.Object, s string, err error) (T, []Diagnostic, error) {
	return wire.Decode[T, parser](wire.Config(d), syntax, root, s, err, newDiagnostic, newError)
}

// Positions returns where each key and list item of the response in data
// starts, by path (as in Invocations.Invocation[4].InvokeId), as lenient
// decoding reads it, so that a finding about a path can be placed in the
// input. What lenient decoding cannot reach has no position.
func Positions(data []byte) map[string]Position {
	return wire.PositionsAs[Position](wire.Inspect[parser](syntax, data, true))
}

// Aliases returns the paths of the legacy status fields that the response
// in data writes by an alias rather than by its name ("success" for
// Finished), in the order of the input, as lenient decoding reads it.
// Decoding keeps the canonical value only; package conform takes these
// paths to report the spelling.
func Aliases(data []byte) []string { return wire.Inspect[parser](syntax, data, false).Aliases() }

var syntax = &wire.Syntax{Codec: "jsoncodec", Member: "key", Nesting: "nesting"}

// parser is the state of one decoding: the front end, and the place in
// the input.
type parser struct {
	wire.State
	i int
}

// The parser reads values for the front end.
var _ wire.Reader = (*parser)(nil)

func (p *parser) Document(root *wire.Object, dst unsafe.Pointer) error {
	p.ws()
	if err := p.object(root, dst); err != nil {
		return err
	}
	p.ws()
	if p.i < len(p.S) {
		return p.Fail(p.i, ErrSyntax, "data after the top-level value: %s", p.Describe(p.i))
	}
	return nil
}

func (p *parser) ws() {
	if p.i < len(p.S) && p.S[p.i] > ' ' {
		return // the common case of compact JSON
	}
	for p.i < len(p.S) && wire.IsSpace(p.S[p.i]) {
		p.i++
	}
}

func (p *parser) peek() byte {
	if p.i < len(p.S) {
		return p.S[p.i]
	}
	return 0
}

// object decodes an object of o into the object at obj. A null object
// (lenient) or an absent one decodes nothing.
func (p *parser) object(o *wire.Object, obj unsafe.Pointer) error {
	p.ws()
	start := p.i
	switch c := p.peek(); {
	case c == '{':
	case p.Lenient && c == 'n' && p.literal("null"):
		p.Diag(start, "null for an object, taken as absent")
		return nil
	case p.Lenient && c == '"':
		s, err := p.str()
		if err != nil {
			return err
		}
		p.Diag(start, "string %s where an object is expected, taken as absent", wire.Quote(s))
		return nil
	default:
		return p.Fail(start, ErrSyntax, "expected an object, found %s", p.Describe(start))
	}
	if empty, err := p.open('}'); empty || err != nil {
		return err
	}
	p.Begin(o)
	guess := 0 // responses write keys in the schema's order: try the next first
	for {
		p.ws()
		keyOff := p.i
		if p.peek() != '"' {
			return p.Fail(keyOff, ErrSyntax, "expected a key, found %s", p.Describe(keyOff))
		}
		var f *wire.Field
		var key string
		if g := &o.Fields[guess%len(o.Fields)]; p.atKey(g.Name) {
			f, key = g, g.Name
		} else {
			var err error
			if key, err = p.key(); err != nil {
				return err
			}
		}
		keyEnd := p.i
		p.ws()
		if p.peek() != ':' {
			return p.Fail(p.i, ErrSyntax, "expected ':' after key %s, found %s", wire.Quote(key), p.Describe(p.i))
		}
		p.i++
		p.ws()
		f, err := p.Member(o, f, key, key, keyOff)
		switch {
		case err != nil:
			return err
		case f == nil:
			p.Push(p.S[keyOff+1 : keyEnd-1]) // the key as written
			p.Mark(keyOff)
			if o.Unknown != nil {
				err = p.keep(o, obj, key, keyOff)
			} else {
				err = p.skip()
			}
		default:
			guess = f.Index + 1
			err = p.Value(p, f, obj)
		}
		p.Pop()
		if err != nil {
			return err
		}
		if more, err := p.delimiter('}', key); !more {
			return err
		}
	}
}

// open enters the container whose opening bracket is at p.i, within the
// depth limit, and reports whether it is empty, in which case it is
// consumed whole, up to close.
func (p *parser) open(close byte) (empty bool, err error) {
	if err := p.Enter(p.i); err != nil {
		return false, err
	}
	p.i++
	p.ws()
	if p.peek() != close {
		return false, nil
	}
	p.i++
	p.Leave()
	return true, nil
}

// delimiter reads what follows a member or an item: a comma, when more
// follows, or close, which ends the container. Anything else is an error
// at the end of the value, where the comma belongs. key is the member's,
// for a message; skipped (unknown) values pass skipping instead. After
// too many diagnostics, a comma is their error.
func (p *parser) delimiter(close byte, key string) (more bool, err error) {
	end := p.i
	p.ws()
	switch p.peek() {
	case ',':
		p.i++
		if err := p.Over(); err != nil {
			return false, err
		}
		return true, nil

	case close:
		p.i++
		p.Leave()
		return false, nil
	}
	container := map[byte]string{'}': "an object", ']': "an array"}[close]
	if key != skipping && p.i >= len(p.S) {
		return false, p.Fail(p.i, ErrSyntax, "unexpected end of input in %s", container)
	}
	var missing string
	switch {
	case key == skipping:
		missing = "missing ',' or '" + string(close) + "' in " + container
	case close == '}':
		missing = "missing ',' or '}' after the value of " + wire.Quote(key)
	default:
		missing = "missing ',' or ']' after an array item"
	}
	line, col := p.LineColAt(p.i)
	return false, p.Fail(end, ErrSyntax, "%s; found %s at line %d, column %d", missing, p.Describe(p.i), line, col)
}

// skipping is the key that delimiter takes in values passed over, and
// afterItem the one it takes after a list item.
const (
	skipping  = "\x00skipping"
	afterItem = "\x00item"
)

// List reads a list wrapper (kind List), an object that holds the items
// under the item's key, or the items (kind Items): an array or,
// leniently, a single object or null. The items of a list given again
// (leniently) are added to those before, as package xmlcodec adds them.
func (p *parser) List(f *wire.Field, list unsafe.Pointer) error {
	if f.Kind == wire.List {
		return p.object(f.Wrapper, list)
	}
	start, before := p.i, f.Len(list)
	switch c := p.peek(); {
	case c == '[':
	case p.Lenient && c == '{':
		p.Diag(start, "a single object where a list is expected, taken as a list of one")
		return p.item(f, list, before)
	case p.Lenient && c == 'n' && p.literal("null"):
		p.Diag(start, "null for a list, taken as empty")
		return nil
	default:
		return p.Fail(start, ErrSyntax, "expected an array, found %s", p.Describe(start))
	}
	if empty, err := p.open(']'); empty || err != nil {
		return err
	}
	for n := before; ; n++ {
		if err := p.item(f, list, n); err != nil {
			return err
		}
		if more, err := p.delimiter(']', afterItem); !more {
			return err
		}
	}
}

// item decodes the item n of the list at list.
func (p *parser) item(f *wire.Field, list unsafe.Pointer, n int) error {
	p.ws()
	p.SetIndex(n)
	p.Mark(p.i)
	v, err := p.AddItem(p, f, list, p.i)
	if err != nil {
		return err
	}
	return p.object(f.Item, v)
}

// Estimate counts what may start an item of o from off, in the next 64
// KiB at most, and extrapolates to the rest of the input with a fourth
// more: for items that hold lists, such as invocations, the arrays ('['),
// which is close; for others, the objects ('{'), which is at least as
// many. Counting the whole input cost a tenth of a decoding.
func (p *parser) Estimate(o *wire.Object, off int) int {
	const window = 64 << 10
	c := "{"
	if o.HasList() {
		c = "["
	}
	rest := p.S[off:]
	if len(rest) <= window {
		return strings.Count(rest, c)
	}
	return strings.Count(rest[:window], c)*len(rest)/window*5/4 + 1
}

// key decodes the key at p.i, which starts with a quote: a short key of
// plain bytes by a byte loop, which costs less for a few bytes than str's
// word-at-a-time scans; any other by str.
func (p *parser) key() (string, error) {
	for i := p.i + 1; i < len(p.S) && i <= p.i+32; i++ {
		c := p.S[i]
		if c == '"' {
			s := p.S[p.i+1 : i]
			p.i = i + 1
			return s, nil
		}
		if !plain[c] {
			break
		}
	}
	return p.str()
}

// atKey reports whether the input at p.i is the key name, quoted, and
// consumes it if so: the common case of a key without escapes, matched
// without scanning it.
func (p *parser) atKey(name string) bool { return wire.At(p.S, &p.i, `"`, name, '"') }

// literal reports whether the input at p.i is word followed by a
// delimiter, and consumes it if so.
func (p *parser) literal(word string) bool {
	if !strings.HasPrefix(p.S[p.i:], word) {
		return false
	}
	if end := p.i + len(word); end < len(p.S) && isLetter(p.S[end]) {
		return false
	}
	p.i += len(word)
	return true
}

func isLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// word returns the run of letters at p.i, consuming it.
func (p *parser) word() string {
	start := p.i
	for p.i < len(p.S) && isLetter(p.S[p.i]) {
		p.i++
	}
	return p.S[start:p.i]
}

// Text reads a string value. Leniently, null is none and a number or
// literal is taken as its text.
func (p *parser) Text(*wire.Field) (string, int, bool, error) {
	start := p.i
	switch c := p.peek(); {
	case c == '"':
		s, err := p.str()
		return s, start, true, err
	case !p.Lenient:
	case c == 'n' && p.literal("null"):
		p.Diag(start, "null for a string, taken as absent")
		return "", start, false, nil
	case c == '-' || '0' <= c && c <= '9' || isLetter(c):
		if err := p.skip(); err != nil {
			return "", start, false, err
		}
		s := p.S[start:p.i]
		p.Diag(start, "%s where a string is expected, taken as its text", wire.Clip(s))
		return s, start, true, nil
	}
	return "", start, false, p.Fail(start, ErrValue, "expected a string, found %s", p.Describe(start))
}

// Int reads an integer value, in the range of f's integers.
func (p *parser) Int(f *wire.Field) (int64, bool, error) {
	start := p.i
	c := p.peek()
	switch {
	case c == '-' || '0' <= c && c <= '9':
		lit, err := p.number()
		if err != nil {
			return 0, false, err
		}
		if n, ok := f.ParseInt(lit); ok {
			return n, true, nil
		}
		if p.Lenient {
			p.Diag(start, "%s is not %s, taken as absent", wire.Clip(lit), f.Integer())
			return 0, false, nil
		}
		return 0, false, p.Fail(start, ErrValue, "%s is not %s", wire.Clip(lit), f.Integer())
	case !p.Lenient:
	case c == '"':
		s, err := p.str()
		if err != nil {
			return 0, false, err
		}
		if n, ok := f.ParseInt(strings.TrimSpace(s)); ok {
			p.Diag(start, "integer written as the string %s", wire.Quote(s))
			return n, true, nil
		}
		p.Diag(start, "string %s is not %s, taken as absent", wire.Quote(s), f.Integer())
		return 0, false, nil
	case c == 'n' && p.literal("null"):
		p.Diag(start, "null for an integer, taken as absent")
		return 0, false, nil
	}
	return 0, false, p.Fail(start, ErrValue, "expected an integer, found %s", p.Describe(start))
}

// Bool reads a boolean value.
func (p *parser) Bool(*wire.Field) (bool, bool, error) {
	start := p.i
	switch c := p.peek(); {
	case p.literal("true"):
		return true, true, nil
	case p.literal("false"):
		return false, true, nil
	case !p.Lenient:
	case c == 'n' && p.literal("null"):
		p.Diag(start, "null for a boolean, taken as absent")
		return false, false, nil
	case isLetter(c):
		w := p.word()
		v, ok := truth(w)
		if !ok {
			p.i = start
			return false, false, p.Fail(start, ErrSyntax, "expected a boolean, found %s", p.Describe(start))
		}
		p.Diag(start, "boolean written as %s", wire.Clip(w))
		return v, true, nil
	case c == '"':
		s, err := p.str()
		if err != nil {
			return false, false, err
		}
		v, ok := truth(strings.TrimSpace(s))
		if !ok {
			p.Diag(start, "string %s is not a boolean, taken as absent", wire.Quote(s))
			return false, false, nil
		}
		p.Diag(start, "boolean written as the string %s", wire.Quote(s))
		return v, true, nil
	}
	return false, false, p.Fail(start, ErrValue, "expected a boolean, found %s", p.Describe(start))
}

// truth reads true or false in any case.
func truth(s string) (v, ok bool) {
	switch {
	case wire.EqualFoldASCII(s, "true"):
		return true, true
	case wire.EqualFoldASCII(s, "false"):
		return false, true
	}
	return false, false
}

// number scans a JSON number and returns its text.
func (p *parser) number() (string, error) {
	start := p.i
	i := p.i
	if i < len(p.S) && p.S[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(p.S) && '0' <= p.S[i] && p.S[i] <= '9' {
			i++
			n++
		}
		return n
	}
	switch {
	case i < len(p.S) && p.S[i] == '0':
		i++
	case digits() == 0:
		return "", p.Fail(start, ErrSyntax, "malformed number %s", p.Describe(start))
	}
	if i < len(p.S) && p.S[i] == '.' {
		i++
		if digits() == 0 {
			return "", p.Fail(start, ErrSyntax, "malformed number %s", p.Describe(start))
		}
	}
	if i < len(p.S) && (p.S[i] == 'e' || p.S[i] == 'E') {
		i++
		if i < len(p.S) && (p.S[i] == '+' || p.S[i] == '-') {
			i++
		}
		if digits() == 0 {
			return "", p.Fail(start, ErrSyntax, "malformed number %s", p.Describe(start))
		}
	}
	p.i = i
	return p.S[start:i], nil
}

// plain marks the bytes a string holds as they are; the others are the
// quote, the backslash, control characters and non-ASCII bytes.
var plain = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// str decodes the string at p.i, which starts with a quote. A string
// without escapes is a substring of the input. It finds the closing quote
// and checks the bytes before it for a backslash with IndexByte, then for
// control characters and non-ASCII bytes eight at a time; a string that
// holds any of them is decoded by slowStr.
func (p *parser) str() (string, error) {
	start := p.i
	if q := strings.IndexByte(p.S[start+1:], '"'); q >= 0 {
		s := p.S[start+1 : start+1+q]
		if strings.IndexByte(s, '\\') < 0 && wire.Printable(s) == len(s) {
			p.i = start + 2 + q
			return s, nil
		}
	}
	return p.slowStr(start, start+1)
}

// slowStr decodes a string with escapes, non-ASCII or control characters,
// from start (its quote), with the plain bytes before i already scanned.
// It checks the string first, then writes it once into a buffer of its
// size.
func (p *parser) slowStr(start, i int) (string, error) {
	size, end, bad := i-start-1, i, -1 // the decoded size, the closing quote, the first invalid byte
	for escaped := false; ; {
		if end >= len(p.S) {
			return "", p.Fail(start, ErrSyntax, "unterminated string")
		}
		c := p.S[end]
		switch {
		case plain[c]:
			end++
			size++
			continue
		case c == '"':
		case c == '\\':
			n, err := p.escape(nil, end)
			if err != nil {
				return "", err
			}
			end += n
			size += 4 // at most what an escape decodes to
			escaped = true
			continue
		case c < 0x20:
			return "", p.Fail(end, ErrSyntax, "control character %q in a string", c)
		default:
			r, n := utf8.DecodeRuneInString(p.S[end:])
			if r == utf8.RuneError && n == 1 {
				if !p.Lenient {
					return "", p.Fail(end, ErrSyntax, "invalid UTF-8 in a string")
				}
				if bad < 0 {
					bad = end
				}
				size += 2 // U+FFFD takes three bytes
			}
			end += n
			size += n
			continue
		}
		if !escaped && bad < 0 {
			p.i = end + 1
			return p.S[start+1 : end], nil
		}
		break
	}
	if bad >= 0 {
		p.Diag(bad, "invalid UTF-8 byte %#x in a string, replaced by U+FFFD", p.S[bad])
	}
	b := p.Buffer(size)
	for j := start + 1; j < end; {
		c := p.S[j]
		switch {
		case c == '\\':
			n, _ := p.escape(&b, j)
			j += n
		case c < utf8.RuneSelf:
			b = append(b, c)
			j++
		default:
			r, n := utf8.DecodeRuneInString(p.S[j:end])
			b = utf8.AppendRune(b, r) // U+FFFD for an invalid byte
			j += n
		}
	}
	p.i = end + 1
	return p.Decoded(b), nil
}

// escape decodes the escape sequence at i, into b unless b is nil, and
// returns its length.
func (p *parser) escape(b *[]byte, i int) (int, error) {
	if i+1 >= len(p.S) {
		return 0, p.Fail(i, ErrSyntax, "unterminated string")
	}
	var r rune
	n := 2
	switch c := p.S[i+1]; c {
	case '"', '\\', '/':
		r = rune(c)
	case 'b':
		r = '\b'
	case 'f':
		r = '\f'
	case 'n':
		r = '\n'
	case 'r':
		r = '\r'
	case 't':
		r = '\t'
	case 'u':
		var ok bool
		if r, ok = p.hex4(i + 2); !ok {
			return 0, p.Fail(i, ErrSyntax, "malformed \\u escape %s", p.Describe(i))
		}
		n = 6
		if utf16.IsSurrogate(r) {
			if r2, ok := p.hex4(i + 8); ok && p.S[i+6] == '\\' && p.S[i+7] == 'u' {
				if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
					r, n = dec, 12
				} else {
					r = utf8.RuneError
				}
			} else {
				r = utf8.RuneError
			}
		}
	default:
		return 0, p.Fail(i, ErrSyntax, "invalid escape %s", p.Describe(i))
	}
	if b != nil {
		*b = utf8.AppendRune(*b, r)
	}
	return n, nil
}

func (p *parser) hex4(i int) (rune, bool) {
	if i+4 > len(p.S) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(p.S[i : i+4]) {
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
				return p.Fail(p.i, ErrSyntax, "expected a key, found %s", p.Describe(p.i))
			}
			if _, err := p.str(); err != nil {
				return err
			}
			p.ws()
			if p.peek() != ':' {
				return p.Fail(p.i, ErrSyntax, "expected ':', found %s", p.Describe(p.i))
			}
			p.i++
			if err := p.skip(); err != nil {
				return err
			}
			if more, err := p.delimiter('}', skipping); !more {
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
			if more, err := p.delimiter(']', skipping); !more {
				return err
			}
		}
	case c == '-' || '0' <= c && c <= '9':
		_, err := p.number()
		return err
	case p.literal("true"), p.literal("false"), p.literal("null"):
		return nil
	case p.Lenient && isLetter(c):
		w := p.word()
		if _, ok := truth(w); ok || wire.EqualFoldASCII(w, "null") {
			p.Diag(start, "literal written as %s", w)
			return nil
		}
		p.i = start
	}
	return p.Fail(start, ErrSyntax, "expected a value, found %s", p.Describe(start))
}

// keep reads the value of the member named name, at off, which o does not
// know, and keeps it in the object at obj: a string, number or literal as
// its text, an object or array verbatim. The encoder writes what it keeps
// as it is: an object or array that only lenient mode reads (a literal in
// other case, invalid UTF-8) is kept as strict mode would read it.
func (p *parser) keep(o *wire.Object, obj unsafe.Pointer, name string, off int) error {
	start := p.i
	m := invocation.Member{Name: name}
	switch c := p.peek(); {
	case c == '"':
		s, err := p.str()
		if err != nil {
			return err
		}
		m.Kind, m.Text = invocation.String, s
	case c == '-' || '0' <= c && c <= '9':
		lit, err := p.number()
		if err != nil {
			return err
		}
		m.Kind, m.Text = invocation.Number, lit
	case c == '{' || c == '[':
		strict, err := p.skipStrictly()
		if err != nil {
			return err
		}
		m.Kind, m.Text, m.Format = invocation.Raw, p.S[start:p.i], wire.JSON
		if !strict {
			m.Text = p.canonical(m.Text)
		}
	default:
		if err := p.skip(); err != nil {
			return err
		}
		switch v, ok := truth(p.S[start:p.i]); {
		case ok:
			m.Kind, m.Text = invocation.Bool, strconv.FormatBool(v)
		default: // null
			m.Kind = invocation.Null
		}
	}
	return p.Keep(o, obj, m, off)
}

// skipStrictly consumes the value at p.i as skip does, in strict mode,
// and reports whether it is well-formed so. If it is not, and decoding is
// lenient, it consumes it leniently instead.
func (p *parser) skipStrictly() (strict bool, err error) {
	start, depth, lenient := p.i, p.Depth(), p.Lenient
	p.Lenient = false
	err = p.skip()
	p.Lenient = lenient
	if err == nil || !lenient {
		return err == nil, err
	}
	p.i = start
	p.SetDepth(depth)
	return false, p.skip()
}

// canonical returns the JSON value raw, which lenient mode read, as strict
// mode reads it: literals, and exponents, in lower case, and invalid UTF-8
// in strings replaced by U+FFFD.
func (p *parser) canonical(raw string) string {
	b := p.Buffer(3 * len(raw))
	in := false // in a string
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case in && c == '\\':
			b = append(b, c, raw[i+1])
			i += 2
			continue
		case c == '"':
			in = !in
		case in && c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(raw[i:])
			b = utf8.AppendRune(b, r) // U+FFFD for an invalid byte
			i += n
			continue
		case !in && 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		b = append(b, c)
		i++
	}
	return p.Decoded(b)
}
