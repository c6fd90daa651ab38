package fakehttp

import (
	"strconv"
	"time"

	"github.com/ecsassist/cloudassistant/invocation"

	"github.com/ecsassist/cloudassistant/internal/wire"
)

// body writes the response body of an operation other than
// DescribeInvocations (whose body the codecs write) in XML or JSON, from
// the same calls, so that one description of each body drives both
// formats. Lists are wrapped as the API wraps them, in both formats:
//
//	<Commands><Command>…</Command></Commands>
//	"Commands":{"Command":[{…}]}
//
// Strings are always written, numbers and times only when present; a
// string is written by wire.AppendJSONString or wire.AppendXMLText, the
// writers the codecs use, so that DescribeInvocations, whose body the
// codecs write, and the other operations write the same string the same
// way.
type body struct {
	b    []byte
	json bool
	root string
	more []bool // JSON: per open object or array, whether it has a member yet
}

// newBody starts, in buf, the body whose XML root is root.
func newBody(buf []byte, format Format, root string) *body {
	w := &body{b: buf, json: format == FormatJSON, root: root}
	if w.json {
		w.b = append(w.b, '{')
		w.more = append(w.more, false)
	} else {
		w.b = append(w.b, xmlHeader...)
		w.b = append(append(append(w.b, '<'), root...), '>')
	}
	return w
}

// finish ends the body and returns it.
func (w *body) finish() []byte {
	if w.json {
		return append(w.b, '}')
	}
	return append(append(append(w.b, "</"...), w.root...), '>')
}

// key starts the member name: in JSON its name and a colon, after a comma
// when it is not the first; in XML its start tag.
func (w *body) key(name string) {
	if !w.json {
		w.b = append(append(append(w.b, '<'), name...), '>')
		return
	}
	w.comma()
	w.b = append(wire.AppendJSONString(w.b, name), ':')
}

// comma writes the comma before a JSON member or item that is not the
// first of its object or array.
func (w *body) comma() {
	top := len(w.more) - 1
	if w.more[top] {
		w.b = append(w.b, ',')
	}
	w.more[top] = true
}

// endKey ends what key started: in XML, the end tag.
func (w *body) endKey(name string) {
	if !w.json {
		w.b = append(append(append(w.b, "</"...), name...), '>')
	}
}

func (w *body) str(name, v string) {
	w.key(name)
	if w.json {
		w.b = wire.AppendJSONString(w.b, v)
	} else {
		w.b = wire.AppendXMLText(w.b, v)
	}
	w.endKey(name)
}

func (w *body) int(name string, v int64) {
	w.key(name)
	w.b = strconv.AppendInt(w.b, v, 10)
	w.endKey(name)
}

func (w *body) bool(name string, v bool) {
	w.key(name)
	w.b = strconv.AppendBool(w.b, v)
	w.endKey(name)
}

// time writes t as the API does, when it is not zero.
func (w *body) time(name string, t time.Time) {
	if !t.IsZero() {
		w.str(name, t.UTC().Format(invocation.TimeLayout))
	}
}

// object writes the member name, an object whose members fill writes.
func (w *body) object(name string, fill func()) {
	w.key(name)
	w.open()
	fill()
	w.close()
	w.endKey(name)
}

func (w *body) open() {
	if w.json {
		w.b = append(w.b, '{')
		w.more = append(w.more, false)
	}
}

func (w *body) close() {
	if w.json {
		w.b = append(w.b, '}')
		w.more = w.more[:len(w.more)-1]
	}
}

// list writes the member wrapper, a list of n objects named item, the
// members of the i-th of which fill writes.
func (w *body) list(wrapper, item string, n int, fill func(i int)) {
	w.listOf(wrapper, item, n, func(i int) {
		w.open()
		fill(i)
		w.close()
	})
}

// strings writes the member wrapper, a list of strings named item.
func (w *body) strings(wrapper, item string, vs []string) {
	w.listOf(wrapper, item, len(vs), func(i int) {
		if w.json {
			w.b = wire.AppendJSONString(w.b, vs[i])
		} else {
			w.b = wire.AppendXMLText(w.b, vs[i])
		}
	})
}

func (w *body) listOf(wrapper, item string, n int, value func(i int)) {
	w.key(wrapper)
	if w.json {
		w.open()
		w.key(item)
		w.b = append(w.b, '[')
		w.more = append(w.more, false)
	}
	for i := range n {
		if w.json {
			w.comma()
		} else {
			w.b = append(append(append(w.b, '<'), item...), '>')
		}
		value(i)
		w.endKey(item)
	}
	if w.json {
		w.b = append(w.b, ']')
		w.more = w.more[:len(w.more)-1]
		w.close()
	}
	w.endKey(wrapper)
}
