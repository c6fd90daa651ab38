package xmlcodec

import (
	"strings"
	"unicode/utf8"

	"github.com/ecsassist/cloudassistant/internal/wire"
)

// The scanner splits the input into tokens: start tags, end tags and text
// (character data and CDATA sections). Comments, processing instructions
// and a document type declaration are passed over.

type kind uint8

const (
	tEOF kind = iota
	tStart
	tEnd
	tText
)

type token struct {
	kind  kind
	name  string // tStart, tEnd: the name, without a namespace prefix
	raw   string // tStart, tEnd: the name as written; tText: the text as written
	self  bool   // tStart: <name/>
	cdata bool   // tText: a CDATA section, taken as it is
	off   int    // where the token starts
}

// next returns the token at p.i and moves past it. After too many
// diagnostics it returns their error.
func (p *parser) next() (token, error) {
	if err := p.Over(); err != nil {
		return token{}, err
	}
	for {
		if p.i >= len(p.S) {
			return token{kind: tEOF, off: p.i}, nil
		}
		start := p.i
		if p.S[start] != '<' {
			end := strings.IndexByte(p.S[start:], '<')
			if end < 0 {
				end = len(p.S)
			} else {
				end += start
			}
			p.i = end
			return token{kind: tText, raw: p.S[start:end], off: start}, nil
		}
		rest := p.S[start:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			end := strings.Index(rest[4:], "--")
			if end < 0 {
				return token{}, p.Fail(start, ErrSyntax, "unterminated comment")
			}
			if !strings.HasPrefix(rest[4+end:], "-->") {
				return token{}, p.Fail(start+4+end, ErrSyntax, "\"--\" inside a comment")
			}
			p.i = start + 4 + end + 3
			continue
		case strings.HasPrefix(rest, "<![CDATA["):
			end := strings.Index(rest[9:], "]]>")
			if end < 0 {
				return token{}, p.Fail(start, ErrSyntax, "unterminated CDATA section")
			}
			p.i = start + 9 + end + 3
			return token{kind: tText, raw: rest[9 : 9+end], cdata: true, off: start}, nil
		case strings.HasPrefix(rest, "<?"):
			p.i = start + 2
			target, err := p.name()
			if err != nil {
				return token{}, err
			}
			end := strings.Index(rest[2:], "?>")
			if end < 0 {
				return token{}, p.Fail(start, ErrSyntax, "unterminated processing instruction")
			}
			if target == "xml" {
				if err := p.declaration(rest[2+len(target):2+end], start); err != nil {
					return token{}, err
				}
			}
			p.i = start + 2 + end + 2
			continue
		case strings.HasPrefix(rest, "<!DOCTYPE"):
			end, err := p.doctype(rest, start)
			if err != nil {
				return token{}, err
			}
			p.i = start + end + 1
			continue
		case strings.HasPrefix(rest, "</"):
			p.i = start + 2
			raw, err := p.qname()
			if err != nil {
				return token{}, err
			}
			p.space()
			if p.i >= len(p.S) || p.S[p.i] != '>' {
				return token{}, p.Fail(p.i, ErrSyntax, "expected '>' to end the end tag </%s>", raw)
			}
			p.i++
			return token{kind: tEnd, name: local(raw), raw: raw, off: start}, nil
		}
		p.i = start + 1
		raw, err := p.qname()
		if err != nil {
			return token{}, err
		}
		self, err := p.attributes(raw)
		if err != nil {
			return token{}, err
		}
		return token{kind: tStart, name: local(raw), raw: raw, self: self, off: start}, nil
	}
}

// local returns a name without its namespace prefix, as encoding/xml
// matches names: the part after the colon, when there is one with
// something on both sides.
func local(name string) string {
	if prefix, rest, ok := strings.Cut(name, ":"); ok && prefix != "" && rest != "" {
		return rest
	}
	return name
}

// qname scans the name of an element or attribute, which may have a
// namespace prefix but holds one colon at most, as encoding/xml requires.
func (p *parser) qname() (string, error) {
	start := p.i
	name, err := p.name()
	if err == nil && strings.Count(name, ":") > 1 {
		err = p.Fail(start, ErrSyntax, "name %s holds more than one colon", wire.Quote(name))
	}
	return name, err
}

// doctype returns where the document type declaration at the start of
// rest, at off in the input, ends: its '>', outside quoted literals. One
// with an internal subset ('[') or other markup ('<') is refused: entity
// declarations would change how the document reads, and encoding/xml
// reads nested brackets where XML does not allow them.
func (p *parser) doctype(rest string, off int) (int, error) {
	var quote byte
	for i := len("<!DOCTYPE"); i < len(rest); i++ {
		switch c := rest[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[' || c == '<':
			return 0, p.Fail(off, ErrSyntax, "unsupported document type declaration: it has an internal subset or markup")
		case c == '>':
			return i, nil
		}
	}
	return 0, p.Fail(off, ErrSyntax, "unterminated document type declaration")
}

func (p *parser) space() {
	for p.i < len(p.S) && wire.IsSpace(p.S[p.i]) {
		p.i++
	}
}

// Name bytes: nameStart can begin a name, nameRest can follow. Bytes from
// 0x80 are parts of non-ASCII letters, checked as UTF-8 afterwards.
const (
	nameStart = 1 << iota
	nameRest
)

var nameBytes = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case 'a' <= c|0x20 && c|0x20 <= 'z', c == '_', c == ':', c >= utf8.RuneSelf:
			t[c] = nameStart | nameRest
		case '0' <= c && c <= '9', c == '-', c == '.':
			t[c] = nameRest
		}
	}
	return t
}()

// declaration checks the body of an XML declaration: the version it
// names must be 1.0 and the encoding UTF-8, which the input is read as.
// It reads them as encoding/xml does, and also refuses an encoding it
// cannot read.
func (p *parser) declaration(body string, off int) error {
	if i := strings.Index(body, "encoding"); i >= 0 {
		rest := strings.TrimLeft(body[i+len("encoding"):], " \t\r\n")
		rest = strings.TrimLeft(strings.TrimPrefix(rest, "="), " \t\r\n")
		if rest == "" || rest[0] != '"' && rest[0] != '\'' || strings.IndexByte(rest[1:], rest[0]) < 0 {
			return p.Fail(off, ErrSyntax, "malformed XML declaration")
		}
	}
	if v := pseudoAttr(body, "version"); v != "" && v != "1.0" {
		if !p.Lenient {
			return p.Fail(off, ErrSyntax, "XML version %s is not supported: only 1.0 is", wire.Quote(v))
		}
		p.Diag(off, "XML version %s declared, input read as 1.0", wire.Quote(v))
	}
	if enc := pseudoAttr(body, "encoding"); enc != "" && !wire.EqualFoldASCII(enc, "UTF-8") {
		if !p.Lenient {
			return p.Fail(off, ErrSyntax, "encoding %s is not supported: the input must be UTF-8", wire.Quote(enc))
		}
		p.Diag(off, "encoding %s declared, input read as UTF-8", wire.Quote(enc))
	}
	return nil
}

// pseudoAttr returns the value of the pseudo-attribute name in the body
// of an XML declaration, found exactly as encoding/xml finds it: after the
// first name= that a quote follows, up to the same quote; "" when there is
// none.
func pseudoAttr(body, name string) string {
	param := name + "="
	var quote byte
	i := 0
	for i < len(body) {
		sub := body[i:]
		k := strings.Index(sub, param)
		if k < 0 || k+len(param) >= len(sub) {
			return ""
		}
		i += k + len(param) + 1
		if c := sub[k+len(param)]; c == '"' || c == '\'' {
			quote = c
			break
		}
	}
	if quote == 0 {
		return ""
	}
	end := strings.IndexByte(body[i:], quote)
	if end < 0 {
		return ""
	}
	return body[i : i+end]
}

// name scans an element or attribute name at p.i. Strict mode takes ASCII
// names only.
func (p *parser) name() (string, error) {
	start := p.i
	if p.i >= len(p.S) || nameBytes[p.S[p.i]]&nameStart == 0 {
		return "", p.Fail(start, ErrSyntax, "expected a name, found %s", p.Describe(start))
	}
	var high byte // the bytes of the name ORed: 0x80 set if any is non-ASCII
	for p.i < len(p.S) && nameBytes[p.S[p.i]]&nameRest != 0 {
		high |= p.S[p.i]
		p.i++
	}
	name := p.S[start:p.i]
	if high >= utf8.RuneSelf {
		if !p.Lenient {
			p.i = start + strings.IndexFunc(name, func(r rune) bool { return r >= utf8.RuneSelf })
			return "", p.Fail(p.i, ErrSyntax, "non-ASCII name %q", name)
		}
		if !utf8.ValidString(name) {
			return "", p.Fail(start, ErrSyntax, "invalid UTF-8 in a name")
		}
	}
	return name, nil
}

// attributes passes over the attributes of the start tag raw up to its
// '>' or '/>', checking their syntax, and reports whether it is
// self-closing.
func (p *parser) attributes(raw string) (bool, error) {
	for {
		hadSpace := p.i < len(p.S) && wire.IsSpace(p.S[p.i])
		p.space()
		if p.i >= len(p.S) {
			return false, p.Fail(p.i, ErrSyntax, "unterminated start tag <%s", raw)
		}
		switch p.S[p.i] {
		case '>':
			p.i++
			return false, nil
		case '/':
			if p.i+1 < len(p.S) && p.S[p.i+1] == '>' {
				p.i += 2
				return true, nil
			}
			return false, p.Fail(p.i, ErrSyntax, "expected '/>' in the start tag <%s", raw)
		}
		if !hadSpace {
			return false, p.Fail(p.i, ErrSyntax, "expected white space, '>' or '/>' in the start tag <%s, found %s", raw, p.Describe(p.i))
		}
		attr, err := p.qname()
		if err != nil {
			return false, err
		}
		p.space()
		if p.i >= len(p.S) || p.S[p.i] != '=' {
			return false, p.Fail(p.i, ErrSyntax, "expected '=' after the attribute %s", attr)
		}
		p.i++
		p.space()
		if p.i >= len(p.S) || (p.S[p.i] != '"' && p.S[p.i] != '\'') {
			return false, p.Fail(p.i, ErrSyntax, "expected a quoted value for the attribute %s", attr)
		}
		q := p.S[p.i]
		end := strings.IndexByte(p.S[p.i+1:], q)
		if end < 0 {
			return false, p.Fail(p.i, ErrSyntax, "unterminated value of the attribute %s", attr)
		}
		value := p.S[p.i+1 : p.i+1+end]
		if strings.IndexByte(value, '<') >= 0 {
			return false, p.Fail(p.i, ErrSyntax, "'<' in the value of the attribute %s", attr)
		}
		value, err = p.unescape(value, p.i+1)
		if err != nil {
			return false, err
		}
		if _, err := p.checkText(value, p.i+1, false); err != nil {
			return false, err
		}
		p.i += end + 2
	}
}

// unescape returns text with its entity and character references replaced
// and its line ends normalized to \n, as XML requires; off is where text
// starts in the input. Text without '&' or '\r' is returned as it is.
func (p *parser) unescape(text string, off int) (string, error) {
	if strings.IndexByte(text, '&') < 0 && strings.IndexByte(text, '\r') < 0 {
		return text, nil
	}
	b := p.Buffer(len(text))
	for i := 0; i < len(text); {
		c := text[i]
		switch c {
		case '\r':
			b = append(b, '\n')
			i++
			if i < len(text) && text[i] == '\n' {
				i++
			}
			continue
		case '&':
		default:
			b = append(b, c)
			i++
			continue
		}
		end := strings.IndexByte(text[i:], ';')
		if end < 0 || end > 12 {
			return "", p.Fail(off+i, ErrSyntax, "'&' that starts no reference: %s", p.Describe(off+i))
		}
		ref := text[i+1 : i+end]
		switch ref {
		case "lt":
			b = append(b, '<')
		case "gt":
			b = append(b, '>')
		case "amp":
			b = append(b, '&')
		case "apos":
			b = append(b, '\'')
		case "quot":
			b = append(b, '"')
		default:
			r, ok := charRef(ref)
			if !ok {
				return "", p.Fail(off+i, ErrSyntax, "unknown reference &%s;", ref)
			}
			b = utf8.AppendRune(b, r)
		}
		i += end + 1
	}
	return p.Decoded(b), nil
}

// charRef decodes the body of a character reference: #65 or #x41. It
// refuses characters XML does not allow.
func charRef(ref string) (rune, bool) {
	if len(ref) < 2 || ref[0] != '#' {
		return 0, false
	}
	digits, base := ref[1:], 10
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	if digits == "" {
		return 0, false
	}
	var r rune
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		var v byte
		switch {
		case '0' <= c && c <= '9':
			v = c - '0'
		case base == 16 && 'a' <= c|0x20 && c|0x20 <= 'f':
			v = c | 0x20 - 'a' + 10
		default:
			return 0, false
		}
		r = r*rune(base) + rune(v)
		if r > utf8.MaxRune {
			return 0, false
		}
	}
	return r, isXMLChar(r)
}

// isXMLChar reports whether XML 1.0 allows r in a document.
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}
