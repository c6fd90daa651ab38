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

// next returns the token at p.i and moves past it.
func (p *parser) next() (token, error) {
	for {
		if p.i >= len(p.s) {
			return token{kind: tEOF, off: p.i}, nil
		}
		start := p.i
		if p.s[start] != '<' {
			end := strings.IndexByte(p.s[start:], '<')
			if end < 0 {
				end = len(p.s)
			} else {
				end += start
			}
			p.i = end
			return token{kind: tText, raw: p.s[start:end], off: start}, nil
		}
		rest := p.s[start:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			end := strings.Index(rest[4:], "--")
			if end < 0 {
				return token{}, p.fail(start, ErrSyntax, "unterminated comment")
			}
			if !strings.HasPrefix(rest[4+end:], "-->") {
				return token{}, p.fail(start+4+end, ErrSyntax, "\"--\" inside a comment")
			}
			p.i = start + 4 + end + 3
			continue
		case strings.HasPrefix(rest, "<![CDATA["):
			end := strings.Index(rest[9:], "]]>")
			if end < 0 {
				return token{}, p.fail(start, ErrSyntax, "unterminated CDATA section")
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
				return token{}, p.fail(start, ErrSyntax, "unterminated processing instruction")
			}
			if target == "xml" {
				if err := p.declaration(rest[2+len(target):2+end], start); err != nil {
					return token{}, err
				}
			}
			p.i = start + 2 + end + 2
			continue
		case strings.HasPrefix(rest, "<!DOCTYPE"):
			end := strings.IndexByte(rest, '>')
			if end < 0 || strings.ContainsRune(rest[:end], '[') {
				return token{}, p.fail(start, ErrSyntax, "unsupported document type declaration")
			}
			p.i = start + end + 1
			continue
		case strings.HasPrefix(rest, "</"):
			p.i = start + 2
			raw, err := p.name()
			if err != nil {
				return token{}, err
			}
			p.space()
			if p.i >= len(p.s) || p.s[p.i] != '>' {
				return token{}, p.fail(p.i, ErrSyntax, "expected '>' to end the end tag </%s>", raw)
			}
			p.i++
			return token{kind: tEnd, name: local(raw), raw: raw, off: start}, nil
		}
		p.i = start + 1
		raw, err := p.name()
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
// matches names.
func local(name string) string {
	for i := len(name) - 1; i >= 0; i-- {
		if name[i] == ':' {
			if i+1 < len(name) {
				return name[i+1:]
			}
			break
		}
	}
	return name
}

func (p *parser) space() {
	for p.i < len(p.s) && isSpace(p.s[p.i]) {
		p.i++
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

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

// declaration checks the body of an XML declaration: an encoding it
// names must be UTF-8, which the input is read as.
func (p *parser) declaration(body string, off int) error {
	i := strings.Index(body, "encoding")
	if i < 0 {
		return nil
	}
	rest := strings.TrimLeft(body[i+len("encoding"):], " \t\r\n")
	rest = strings.TrimLeft(strings.TrimPrefix(rest, "="), " \t\r\n")
	if rest == "" || rest[0] != '"' && rest[0] != '\'' {
		return p.fail(off, ErrSyntax, "malformed XML declaration")
	}
	end := strings.IndexByte(rest[1:], rest[0])
	if end < 0 {
		return p.fail(off, ErrSyntax, "malformed XML declaration")
	}
	if enc := rest[1 : 1+end]; !wire.EqualFoldASCII(enc, "UTF-8") && !wire.EqualFoldASCII(enc, "UTF8") {
		if !p.lenient {
			return p.fail(off, ErrSyntax, "encoding %q is not supported: the input must be UTF-8", enc)
		}
		p.diag(off, "encoding %q declared, input read as UTF-8", enc)
	}
	return nil
}

// name scans an element or attribute name at p.i. Strict mode takes ASCII
// names only.
func (p *parser) name() (string, error) {
	start := p.i
	if p.i >= len(p.s) || nameBytes[p.s[p.i]]&nameStart == 0 {
		return "", p.fail(start, ErrSyntax, "expected a name, found %s", p.describe(start))
	}
	var high byte // the bytes of the name ORed: 0x80 set if any is non-ASCII
	for p.i < len(p.s) && nameBytes[p.s[p.i]]&nameRest != 0 {
		high |= p.s[p.i]
		p.i++
	}
	name := p.s[start:p.i]
	if high >= utf8.RuneSelf {
		if !p.lenient {
			p.i = start + strings.IndexFunc(name, func(r rune) bool { return r >= utf8.RuneSelf })
			return "", p.fail(p.i, ErrSyntax, "non-ASCII name %q", name)
		}
		if !utf8.ValidString(name) {
			return "", p.fail(start, ErrSyntax, "invalid UTF-8 in a name")
		}
	}
	return name, nil
}

// attributes passes over the attributes of the start tag raw up to its
// '>' or '/>', checking their syntax, and reports whether it is
// self-closing.
func (p *parser) attributes(raw string) (bool, error) {
	for {
		hadSpace := p.i < len(p.s) && isSpace(p.s[p.i])
		p.space()
		if p.i >= len(p.s) {
			return false, p.fail(p.i, ErrSyntax, "unterminated start tag <%s", raw)
		}
		switch p.s[p.i] {
		case '>':
			p.i++
			return false, nil
		case '/':
			if p.i+1 < len(p.s) && p.s[p.i+1] == '>' {
				p.i += 2
				return true, nil
			}
			return false, p.fail(p.i, ErrSyntax, "expected '/>' in the start tag <%s", raw)
		}
		if !hadSpace {
			return false, p.fail(p.i, ErrSyntax, "expected white space, '>' or '/>' in the start tag <%s, found %s", raw, p.describe(p.i))
		}
		attr, err := p.name()
		if err != nil {
			return false, err
		}
		p.space()
		if p.i >= len(p.s) || p.s[p.i] != '=' {
			return false, p.fail(p.i, ErrSyntax, "expected '=' after the attribute %s", attr)
		}
		p.i++
		p.space()
		if p.i >= len(p.s) || (p.s[p.i] != '"' && p.s[p.i] != '\'') {
			return false, p.fail(p.i, ErrSyntax, "expected a quoted value for the attribute %s", attr)
		}
		q := p.s[p.i]
		end := strings.IndexByte(p.s[p.i+1:], q)
		if end < 0 {
			return false, p.fail(p.i, ErrSyntax, "unterminated value of the attribute %s", attr)
		}
		value := p.s[p.i+1 : p.i+1+end]
		if strings.IndexByte(value, '<') >= 0 {
			return false, p.fail(p.i, ErrSyntax, "'<' in the value of the attribute %s", attr)
		}
		value, err = p.unescape(value, p.i+1)
		if err != nil {
			return false, err
		}
		if _, err := p.checkText(value, p.i+1); err != nil {
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
	b := make([]byte, 0, len(text))
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
			return "", p.fail(off+i, ErrSyntax, "'&' that starts no reference: %s", p.describe(off+i))
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
				return "", p.fail(off+i, ErrSyntax, "unknown reference &%s;", ref)
			}
			b = utf8.AppendRune(b, r)
		}
		i += end + 1
	}
	return string(b), nil
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
