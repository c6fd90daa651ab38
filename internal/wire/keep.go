package wire

import (
	"strconv"
	"unsafe"

	"github.com/ecsassist/cloudassistant/invocation"
)

// Unknown members ("nothing is lost"): a codec's object loop
// reads a member of a name its object does not know as an
// invocation.Member and hands it to Keep, which appends it to the
// object's Unknown list. The members of all objects of one kind share
// blocks, as list items do, so that keeping them costs a few allocations
// whatever the size of the response.

// Keep appends m, a member that o does not know, to the members kept in
// the object at obj (o.Unknown); off is where the member starts. Kept
// members count against MaxItems with the list items.
func (st *State) Keep(o *Object, obj unsafe.Pointer, m invocation.Member, off int) error {
	if st.items >= st.cfg.MaxItems {
		return st.Fail(off, ErrLimit, "more than %d list items in the response", st.cfg.MaxItems)
	}
	s := st.slab(o.Unknown.Item)
	block := unsafe.Slice((*invocation.Member)(s.base), s.cap)
	list := (*[]invocation.Member)(o.Unknown.value(obj))
	n := len(*list)
	// The list ends where the block does (its last member was kept
	// there), or is copied to the block's end.
	inPlace := n == 0 || s.n >= n && unsafe.SliceData(*list) == &block[s.n-n]
	need := 1
	if !inPlace {
		need += n
	}
	switch {
	case s.cap-s.n < need:
		// A first block has room for a member of every object of o's
		// kind still to come; a block that is full, for twice as many.
		size := max(2*s.cap, st.remaining(o), n+1, 4)
		size = min(size, n+1+st.cfg.MaxItems-st.items)
		block = make([]invocation.Member, size)
		copy(block, *list)
		s.base, s.n, s.cap = unsafe.Pointer(unsafe.SliceData(block)), n, size
	case !inPlace:
		copy(block[s.n:], *list)
		s.n += n
	}
	block[s.n] = m
	s.n++
	*list = block[s.n-n-1 : s.n : s.n]
	st.items++
	return nil
}

// remaining estimates how many objects of o, this one included, a
// decoding has yet to read: from the block of o's items when o is an item
// of lists, else one.
func (st *State) remaining(o *Object) int {
	for i := range st.slabs {
		if s := &st.slabs[i]; s.item == o {
			return s.cap - s.n + 1
		}
	}
	return 1
}

// firstText is the size of the first block of decoded text.
const firstText = 4 << 10

// Buffer returns an empty slice with room for n bytes, in a block of the
// decoding, for text that is not a substring of the input (escapes
// replaced): append to it at most n bytes, then make it a string with
// [State.Decoded]. Blocks double in size from 4 KiB, so that such text costs
// a few allocations, not one a string.
func (st *State) Buffer(n int) []byte {
	if cap(st.text)-len(st.text) < n {
		st.text = make([]byte, 0, max(n, 2*cap(st.text), firstText))
	}
	end := len(st.text)
	return st.text[end:end:min(end+n, cap(st.text))]
}

// Decoded returns b, which Buffer returned and which holds at most the bytes
// asked for, as a string, and keeps its bytes from being written again.
func (st *State) Decoded(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if end := len(st.text); cap(st.text)-end >= len(b) && &st.text[end : end+1][0] == &b[0] {
		st.text = st.text[:end+len(b)]
	}
	return unsafe.String(&b[0], len(b))
}

// The kinds of unknown members, as the codecs keep them.
const (
	JSON = "json" // Member.Format of a JSON object or array
	XML  = "xml"  // Member.Format of an XML element with children, attributes or a prefix
)

// IsJSONNumber reports whether s is a number as JSON writes it.
func IsJSONNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case digits() == 0:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// Unwritten returns the paths of the members kept in the object o at v
// and in the objects below it that e does not write ([Format.Writes]), in
// the order of the object, as in Invocations.Invocation[2].Future.
func (e *Encoder) Unwritten(o *Object, v unsafe.Pointer) []string {
	return e.unwritten(nil, "", o, v)
}

func (e *Encoder) unwritten(paths []string, prefix string, o *Object, v unsafe.Pointer) []string {
	for i := range o.Fields {
		f := &o.Fields[i]
		if f.Kind != List {
			continue
		}
		h := (*header)(f.value(v))
		for j := range h.len {
			at := prefix + f.Name + "." + f.Item.Name + "[" + strconv.Itoa(j) + "]."
			paths = e.unwritten(paths, at, f.Item, h.item(f.Item, j))
		}
	}
	if o.Unknown != nil {
		for _, m := range o.Unknowns(v) {
			if !e.writes(o, &m) {
				paths = append(paths, prefix+m.Name)
			}
		}
	}
	return paths
}

// writes reports whether e writes the member m kept in an object of o:
// one named as a field of o, in any case, would be read back as that
// field, and is never written.
func (e *Encoder) writes(o *Object, m *invocation.Member) bool {
	return e.canWrite(m) && !o.Known(m.Name)
}
