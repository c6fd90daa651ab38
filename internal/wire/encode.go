package wire

import (
	"strconv"
	"time"
	"unsafe"

	"github.com/ecsassist/cloudassistant/invocation"
)

// Format is the structure of one format around the values of the schema,
// as a codec describes it. NewEncoder turns it into the tables an
// Encoder writes from.
type Format struct {
	// Object returns what comes before and after the members of an
	// object: a root, or an item of a list.
	Object func(o *Object) (open, close string)
	// Member returns what comes before and after the value of a member
	// (for a list, its items); first tells the first member written of
	// its object.
	Member func(f *Field, first bool) (open, close string)
	// Next separates two items of a list.
	Next string
	// Text appends a text value: of a String or Enum field.
	Text func(b []byte, s string) []byte
	// Quote comes before and after a time, written in TimeLayout.
	Quote string
	// Presize makes Append measure the encoding first, to grow a short
	// buffer once rather than by doubling: worth it once writing the
	// values is fast enough for growing to show (both codecs set it; each
	// has a BenchmarkGrow against growing by append).
	Presize bool
	// Unknown appends the unknown member m, which Writes accepts, as a
	// member of its object; first tells the first member written of the
	// object.
	Unknown func(b []byte, m *invocation.Member, first bool) []byte
	// Writes reports whether the format writes the unknown member m: a
	// scalar whose name it can write, or a structured member of its own
	// format.
	Writes func(m *invocation.Member) bool
}

// Encoder writes the objects of the schema in one format.
type Encoder struct {
	members [][3]string // by Field.id: before the value, before it as the first member, after it
	objects [][2]string // by Object.id: before and after the members
	next    string
	text    func([]byte, string) []byte
	quote   string
	presize bool

	unknown  func([]byte, *invocation.Member, bool) []byte
	canWrite func(*invocation.Member) bool
}

// NewEncoder returns the encoder of the format f.
func NewEncoder(f Format) *Encoder {
	e := &Encoder{members: make([][3]string, len(fields)), objects: make([][2]string, len(objects)),
		next: f.Next, text: f.Text, quote: f.Quote, presize: f.Presize, unknown: f.Unknown, canWrite: f.Writes}
	for _, fd := range fields {
		open, close := f.Member(fd, false)
		first, _ := f.Member(fd, true)
		e.members[fd.id] = [3]string{open, first, close}
	}
	for _, o := range objects {
		open, close := f.Object(o)
		e.objects[o.id] = [2]string{open, close}
	}
	return e
}

// Append appends the encoding of the object o at v to b. With Presize,
// it grows b once, by an estimate of the encoding's size, when b has
// little room.
func (e *Encoder) Append(b []byte, o *Object, v unsafe.Pointer) []byte {
	if e.presize && cap(b)-len(b) < 4<<10 {
		// One allocation, also under the race detector, which allocates
		// twice for slices.Grow.
		grown := make([]byte, len(b), len(b)+e.size(o, v))
		copy(grown, b)
		b = grown
	}
	return e.Walk(b, o, v)
}

// Walk appends the encoding of the object o at v to b: the fields of o in
// order, each when its Presence says, Enum values in their canonical
// spelling; then the members kept as unknown that the format writes, in
// their order.
func (e *Encoder) Walk(b []byte, o *Object, v unsafe.Pointer) []byte {
	tags := &e.objects[o.id]
	b = append(b, tags[0]...)
	first := 1
	for i := range o.Fields {
		f := &o.Fields[i]
		p := f.value(v)
		if f.Presence == Present && f.zero(p) {
			continue
		}
		m := &e.members[f.id]
		b = append(b, m[first]...)
		first = 0
		switch f.Kind {
		case String:
			b = e.text(b, *(*string)(p))
		case Enum:
			b = e.text(b, f.Enum.Canonical(*(*string)(p)))
		case Int:
			b = strconv.AppendInt(b, int64(*(*int)(p)), 10)
		case Bool:
			b = strconv.AppendBool(b, *(*bool)(p))
		case Time:
			b = append(b, e.quote...)
			b = AppendTime(b, *(*time.Time)(p))
			b = append(b, e.quote...)
		case OptBool:
			b = strconv.AppendBool(b, (*invocation.Optional[bool])(p).Value)
		case OptInt32:
			b = strconv.AppendInt(b, int64((*invocation.Optional[int32])(p).Value), 10)
		case OptInt64:
			b = strconv.AppendInt(b, (*invocation.Optional[int64])(p).Value, 10)
		default: // List
			h := (*header)(p)
			for j := range h.len {
				if j > 0 {
					b = append(b, e.next...)
				}
				b = e.Walk(b, f.Item, h.item(f.Item, j))
			}
		}
		b = append(b, m[2]...)
	}
	if o.Unknown != nil {
		for _, m := range o.Unknowns(v) {
			if e.writes(o, &m) {
				b = e.unknown(b, &m, first == 1)
				first = 0
			}
		}
	}
	return append(b, tags[1]...)
}

// size estimates the length of the encoding of the object o at v: its
// markup, and its values as if nothing needed escaping.
func (e *Encoder) size(o *Object, v unsafe.Pointer) int {
	n := len(e.objects[o.id][0]) + len(e.objects[o.id][1])
	for i := range o.Fields {
		f := &o.Fields[i]
		p := f.value(v)
		n += len(e.members[f.id][0]) + len(e.members[f.id][2])
		switch f.Kind {
		case String, Enum:
			n += len(*(*string)(p))
		case Int, Bool, Time, OptBool, OptInt32, OptInt64:
			n += len(TimeLayout) + 2*len(e.quote)
		default: // List
			h := (*header)(p)
			for j := range h.len {
				n += len(e.next) + e.size(f.Item, h.item(f.Item, j))
			}
		}
	}
	if o.Unknown != nil {
		for _, m := range o.Unknowns(v) {
			n += 2*len(m.Name) + len(m.Text) + 8
		}
	}
	return n
}
