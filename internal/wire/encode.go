package wire

import (
	"strconv"
	"time"
	"unsafe"
)

// Markup writes the structure of one format around the values that
// [Append] writes, walking the schema.
type Markup interface {
	// Open and Close write what comes before and after the members of
	// an object: a root, or an item of a list.
	Open(b []byte, o *Object) []byte
	Close(b []byte, o *Object) []byte
	// Member and End write what comes before and after the value of a
	// member (for a list, its items); first tells the first member of
	// its object.
	Member(b []byte, f *Field, first bool) []byte
	End(b []byte, f *Field) []byte
	// Next writes what separates two items of a list.
	Next(b []byte) []byte
	// Text writes a text value: of a String or Enum field.
	Text(b []byte, s string) []byte
	// Time writes a time value, in TimeLayout.
	Time(b []byte, t time.Time) []byte
}

// Append appends the encoding in m of the object o at v to b. It writes
// the fields of o in order, each when its Presence says, Enum values in
// their canonical spelling.
func Append(b []byte, m Markup, o *Object, v unsafe.Pointer) []byte {
	b = m.Open(b, o)
	first := true
	for i := range o.Fields {
		f := &o.Fields[i]
		p := f.value(v)
		if f.Presence == Present && f.zero(p) {
			continue
		}
		b = m.Member(b, f, first)
		first = false
		switch f.Kind {
		case String:
			b = m.Text(b, *(*string)(p))
		case Enum:
			s, _ := f.Enum.Parse(*(*string)(p))
			b = m.Text(b, s)
		case Int:
			b = strconv.AppendInt(b, int64(*(*int)(p)), 10)
		case Bool:
			b = strconv.AppendBool(b, *(*bool)(p))
		case Time:
			b = m.Time(b, *(*time.Time)(p))
		default: // List
			base := f.list.data(p)
			for j := range f.list.len(p) {
				if j > 0 {
					b = m.Next(b)
				}
				b = Append(b, m, f.Item, f.list.at(base, j))
			}
		}
		b = m.End(b, f)
	}
	return m.Close(b, o)
}

// Size estimates the length of the encoding of the object o at v, for a
// format that writes each name it names times, with markup bytes of markup
// around it: so that appending to a short buffer grows it once, rather
// than by doubling.
func Size(o *Object, v unsafe.Pointer, names, markup int) int {
	name := func(s string) int { return names*len(s) + markup }
	n := name(o.Name)
	for i := range o.Fields {
		f := &o.Fields[i]
		p := f.value(v)
		n += name(f.Name)
		switch f.Kind {
		case String, Enum:
			n += len(*(*string)(p))
		case Int, Bool, Time:
			n += len(TimeLayout)
		default: // List
			n += name(f.Item.Name)
			base := f.list.data(p)
			for j := range f.list.len(p) {
				n += Size(f.Item, f.list.at(base, j), names, markup)
			}
		}
	}
	return n
}
