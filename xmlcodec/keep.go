package xmlcodec

import (
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/ecsassist/cloudassistant/internal/wire"
	"github.com/ecsassist/cloudassistant/invocation"
)

// keep reads the element t, whose start tag was just read and which o
// does not know, and keeps it in the object at obj: as text (a String
// member) when it is <Name>text</Name> or <Name/> without attributes or a
// prefix, and verbatim (Kind Raw, Format "xml") otherwise. The encoder
// writes what decoding keeps as it is, so it keeps only what strict mode
// reads: leniently, an element with children or attributes that only
// lenient mode reads, or one with a non-ASCII name, is passed over with a
// diagnostic (text with defects is kept as lenient mode reads it).
func (p *parser) keep(t token, o *wire.Object, obj unsafe.Pointer) error {
	if !writable(t.name) {
		if err := p.skip(t); err != nil {
			return err
		}
		p.Diag(t.off, "unknown element <%s> passed over: its name cannot be written back", t.raw)
		return nil
	}
	at, n := p.i, p.Diags()
	tag := p.S[t.off:at]
	plain := t.raw == t.name && (len(tag) == len(t.name)+2 || t.self && len(tag) == len(t.name)+3)

	lenient := p.Lenient
	p.Lenient = false
	err := p.skip(t)
	p.Lenient = lenient
	strict := err == nil
	if !strict {
		if !lenient {
			return err
		}
		p.i = at
		if err := p.skip(t); err != nil {
			return err
		}
	}
	end := p.i
	m := invocation.Member{Name: t.name}
	switch {
	case plain && !holdsElements(p.S[at:end]):
		// Read again as a known element's text is: references replaced,
		// defects forgiven leniently, once.
		p.DropDiags(n)
		p.i = at
		s, _, err := p.leaf(t)
		if err != nil {
			return err
		}
		m.Kind, m.Text = invocation.String, s
	case !strict:
		p.Diag(t.off, "unknown element <%s> passed over: it is well-formed only in lenient mode", t.raw)
		return nil
	default:
		m.Kind, m.Text, m.Format = invocation.Raw, p.S[t.off:end], wire.XML
	}
	return p.Keep(o, obj, m, t.off)
}

// holdsElements reports whether s, the content of an element after its
// start tag, which skip accepted, holds a start tag: its end tag, and
// comments, CDATA sections and processing instructions, do not count.
func holdsElements(s string) bool {
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			return false
		}
		s = s[i+1:]
		var close string
		switch {
		case strings.HasPrefix(s, "!--"):
			close = "-->"
		case strings.HasPrefix(s, "![CDATA["):
			close = "]]>"
		case strings.HasPrefix(s, "?"):
			close = "?>"
		case strings.HasPrefix(s, "!"), strings.HasPrefix(s, "/"):
			close = ">"
		default:
			return true
		}
		j := strings.Index(s, close)
		if j < 0 {
			return false
		}
		s = s[j+len(close):]
	}
}

// writable reports whether name is an element name the encoder writes and
// strict decoding reads back as it is: ASCII, without a namespace prefix.
func writable(name string) bool {
	if name == "" || nameBytes[name[0]]&nameStart == 0 {
		return false
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; c >= utf8.RuneSelf || c == ':' || nameBytes[c]&nameRest == 0 {
			return false
		}
	}
	return true
}
