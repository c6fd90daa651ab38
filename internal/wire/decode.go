package wire

import (
	"fmt"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/ecsassist/cloudassistant/invocation"
)

// Syntax is what a codec's messages call the parts of its format.
type Syntax struct {
	Codec   string // "xmlcodec" or "jsoncodec"
	Member  string // a member of an object: "element" or "key"
	Angled  bool   // names are shown as <name> rather than quoted
	Nesting string // what nests too deeply: "elements nested" or "nesting"

	// TrimSpace: numbers, booleans and times may be surrounded by white
	// space, and a time of white space only is absent (XML).
	TrimSpace bool
}

func (sx *Syntax) name(s string) string {
	if sx.Angled {
		return "<" + s + ">"
	}
	return strconv.Quote(s)
}

// Reader reads values of one format at the current place in its input. A
// codec's parser implements it, for [State.Value].
type Reader interface {
	// Text reads a value written as text: of a String, Enum or Time
	// field. ok is false when there is none (null, leniently); off is
	// where the text starts.
	Text(f *Field) (text string, off int, ok bool, err error)
	// Int and Bool read a number and a boolean; ok is false when there is
	// none. Int reads a number in the range of f's integers
	// (Field.ParseInt).
	Int(f *Field) (n int64, ok bool, err error)
	Bool(f *Field) (v, ok bool, err error)
	// List reads a field of kind List or Items into the slice at list,
	// adding each item with [State.AddItem].
	List(f *Field, list unsafe.Pointer) error
	// Estimate returns about how many items of o the input holds from
	// off, where the first of them starts, at least as many when it can
	// tell cheaply: the size of the first block of them.
	Estimate(o *Object, off int) int
}

// State is the front end of one decoding, which a codec's parser embeds:
// the input, the limits and the item budget, the path, and diagnostics and
// the error at byte offsets, turned into lines and columns once at the end
// by [Results].
type State struct {
	S       string // the input
	Lenient bool

	syntax *Syntax
	cfg    Config
	depth  int
	items  int // list items so far: at most cfg.MaxItems

	path      []frame
	pathBuf   [12]frame
	gen       int    // changes with the path
	cachedGen int    // the gen of cached
	cached    string // the path rendered

	diags []diag
	over  *Error // the diagnostic beyond MaxDiagnostics, which ends the decoding

	slabs   []slab
	slabBuf [8]slab // invocations, instances, tags, and the unknown members of three kinds of object, without allocating

	text []byte // the block that decoded text is written to (Buffer)

	// The members read of each object open, by Object.seen, a bit by
	// Field.Index, and where each was first read, by Object.first +
	// Field.Index: no two objects of one kind are open at once, as the
	// schema does not nest an object in one of its kind.
	seen  [maxObjects]uint64
	first [maxFields]int

	record  bool           // record aliases and positions
	aliases []string       // paths of Enum values written by an alias
	where   map[string]int // where each path starts
}

type frame struct {
	name  string
	index int // of a list item; -1 for a member
}

type diag struct {
	off       int
	path, msg string
	again     int  // for a member given again: 1 + the offset of its first occurrence; else 0
	list      bool // for a member given again: a list, whose items are joined
}

// The room in a State's record of the members read: objects, and fields
// of all of them; no object has more than 64 fields.
const (
	maxObjects = 16
	maxFields  = 96
)

// numberMembers gives every object of the schema below roots, and every
// list wrapper, its place in a State's record of the members read, and
// returns how many places objects and fields take. It panics if the
// schema outgrows the record: the constants are to be raised.
func numberMembers(roots ...*Object) (objects, fields int) {
	var done []*Object
	var walk func(o *Object)
	walk = func(o *Object) {
		if slices.Contains(done, o) {
			return
		}
		done = append(done, o)
		o.seen, o.first = objects, fields
		objects++
		fields += len(o.Fields)
		if objects > maxObjects || fields > maxFields || len(o.Fields) > 64 {
			panic("wire: the schema outgrows the record of members read")
		}
		for i := range o.Fields {
			if f := &o.Fields[i]; f.Kind == List {
				walk(f.Wrapper)
				walk(f.Item)
			}
		}
	}
	for _, o := range roots {
		walk(o)
	}
	return objects, fields
}

var _, _ = numberMembers(Response, APIError)

// Init makes st ready to decode s with the settings c, with the messages
// of sx.
func (st *State) Init(c Config, s string, sx *Syntax) {
	*st = State{S: s, Lenient: c.Lenient, syntax: sx, cfg: c.Resolve(), cachedGen: -1}
	st.path = st.pathBuf[:0]
	st.slabs = st.slabBuf[:0]
}

// Record makes st record which values are written by an alias, for
// [State.Aliases], and with positions set, where each path starts, for
// [PositionsAs].
func (st *State) Record(positions bool) {
	st.record = true
	if positions {
		st.where = map[string]int{}
	}
}

// Recording reports whether Record was called.
func (st *State) Recording() bool { return st.record }

// PositionsAs returns where each path that decoding reached starts, in a
// codec's Position type.
func PositionsAs[P ~struct {
	Line, Column, Offset int
	Path                 string
}](st *State) map[string]P {
	paths := make([]string, 0, len(st.where))
	offs := make([]int, 0, len(st.where))
	for path, off := range st.where {
		paths = append(paths, path)
		offs = append(offs, off)
	}
	out := make(map[string]P, len(st.where))
	positions(st.S, offs, func(i, line, col int) {
		out[paths[i]] = P{Line: line, Column: col, Offset: offs[i], Path: paths[i]}
	})
	return out
}

// Aliases returns the paths of the Enum values written by an alias, in
// the order of the input.
func (st *State) Aliases() []string { return st.aliases }

// Push enters the member name.
func (st *State) Push(name string) { st.PushItem(name, -1) }

// PushItem enters the item index of a list whose items are named name.
func (st *State) PushItem(name string, index int) {
	st.path = append(st.path, frame{name, index})
	st.gen++
}

// SetIndex makes the innermost step of the path the item index.
func (st *State) SetIndex(index int) {
	st.path[len(st.path)-1].index = index
	st.gen++
}

// Pop leaves the innermost step of the path.
func (st *State) Pop() {
	st.path = st.path[:len(st.path)-1]
	st.gen++
}

// maxPath is the longest path a message or position carries: a longer one
// (deep unknown members) keeps its end, after "…".
const maxPath = 256

// Path returns the path of the value being decoded, such as
// Invocations.Invocation[4].InvokeId.
func (st *State) Path() string {
	if st.cachedGen == st.gen {
		return st.cached
	}
	var b []byte
	for i, f := range st.path {
		if i > 0 {
			b = append(b, '.')
		}
		b = append(b, f.name...)
		if f.index >= 0 {
			b = append(b, '[')
			b = strconv.AppendInt(b, int64(f.index), 10)
			b = append(b, ']')
		}
	}
	if len(b) > maxPath {
		cut := len(b) - maxPath
		for cut < len(b) && !utf8.RuneStart(b[cut]) {
			cut++
		}
		b = append([]byte("…"), b[cut:]...)
	}
	st.cached, st.cachedGen = string(b), st.gen
	return st.cached
}

// Mark records that the current path starts at off, when recording.
func (st *State) Mark(off int) {
	if st.where != nil {
		st.where[st.Path()] = off
	}
}

// Enter goes one level deeper, at off, within MaxDepth.
func (st *State) Enter(off int) error {
	st.depth++
	if st.depth > st.cfg.MaxDepth {
		return st.Fail(off, ErrLimit, "%s deeper than %d", st.syntax.Nesting, st.cfg.MaxDepth)
	}
	return nil
}

// Leave goes one level up.
func (st *State) Leave() { st.depth-- }

// Depth returns how deep decoding is.
func (st *State) Depth() int { return st.depth }

// SetDepth restores a depth that Depth returned.
func (st *State) SetDepth(d int) { st.depth = d }

// MaxDepth returns the nesting limit.
func (st *State) MaxDepth() int { return st.cfg.MaxDepth }

// Fail returns the error at off, at the current path: a message and the
// condition cond.
func (st *State) Fail(off int, cond error, format string, args ...any) error {
	return &Error{Offset: off, Path: st.Path(), Msg: fmt.Sprintf(format, args...), Err: cond}
}

// Diag records a diagnostic at off, at the current path. One beyond
// MaxDiagnostics is not recorded: it ends the decoding with an error,
// which [State.Over] returns for the parser to stop at.
func (st *State) Diag(off int, format string, args ...any) {
	if len(st.diags) >= st.cfg.MaxDiagnostics {
		st.add(diag{off: off})
		return
	}
	st.add(diag{off: off, path: st.Path(), msg: fmt.Sprintf(format, args...)})
}

// add records d, or the error of one beyond MaxDiagnostics.
func (st *State) add(d diag) {
	if len(st.diags) >= st.cfg.MaxDiagnostics {
		if st.over == nil {
			st.over = &Error{Offset: d.off, Path: st.Path(),
				Msg: fmt.Sprintf("more than %d diagnostics", st.cfg.MaxDiagnostics), Err: ErrLimit}
		}
		return
	}
	st.diags = append(st.diags, d)
}

// Over returns the error of a diagnostic beyond MaxDiagnostics, if there
// was one: a parser checks it as it goes, to stop soon after.
func (st *State) Over() error {
	if st.over != nil {
		return st.over
	}
	return nil
}

// Diags returns how many diagnostics there are.
func (st *State) Diags() int { return len(st.diags) }

// DropDiags forgets the diagnostics after the first n, and so any beyond
// the limit.
func (st *State) DropDiags(n int) {
	st.diags = st.diags[:n]
	st.over = nil
}

// InsertDiag is Diag, but places the diagnostic at index i of those
// recorded so far, before the diagnostics after i.
func (st *State) InsertDiag(i, off int, format string, args ...any) {
	n := len(st.diags)
	if st.Diag(off, format, args...); len(st.diags) > n {
		last := st.diags[n]
		copy(st.diags[i+1:], st.diags[i:n])
		st.diags[i] = last
	}
}

// Describe names the input at off for a message: a few bytes of it,
// quoted, or the end of the input.
func (st *State) Describe(off int) string {
	if off >= len(st.S) {
		return "end of input"
	}
	end := off + 1
	for end < len(st.S) && end-off < 16 && st.S[end] != '\n' {
		end++
	}
	return strconv.Quote(st.S[off:end])
}

// Begin starts reading an object of o: none of its members has been
// read. A codec calls it before the first Member of each object.
func (st *State) Begin(o *Object) { st.seen[o.seen] = 0 }

// Member enters the member of o named name, written as written, at off,
// and returns its field: f, when the caller found it by its exact name,
// or else the field that name names, exactly or in other case (an error,
// or leniently a diagnostic). For a name o does not have it returns nil
// and enters nothing: the caller passes over the member.
//
// A field read before in the same object (since [State.Begin]) is an
// ErrDuplicate error, at off, naming where the first one is; leniently a
// diagnostic, and the caller reads the value as usual: [State.Value]
// keeps the last of a scalar, and joins lists. Members o does not know are
// not checked: they are kept, each of them.
func (st *State) Member(o *Object, f *Field, name, written string, off int) (*Field, error) {
	exact := f != nil
	if f == nil {
		if f, exact = o.Lookup(name, true); f == nil {
			return nil, nil
		}
	}
	st.Push(f.Name)
	st.Mark(off)
	if !exact {
		sx := st.syntax
		if !st.Lenient {
			return nil, st.Fail(off, ErrSyntax, "%s %s differs from %s only in case", sx.Member, sx.name(written), sx.name(f.Name))
		}
		st.Diag(off, "%s %s taken as %s", sx.Member, sx.name(written), sx.name(f.Name))
	}
	bit, seen := uint64(1)<<f.Index, &st.seen[o.seen]
	if *seen&bit == 0 {
		*seen |= bit
		st.first[o.first+f.Index] = off
		return f, nil
	}
	return f, st.again(f, written, off, st.first[o.first+f.Index])
}

// again reports the member f, written as written, given again at off, and
// first at first: an error, or leniently a diagnostic whose message says
// where the first is (Results) and what decoding keeps.
func (st *State) again(f *Field, written string, off, first int) error {
	sx := st.syntax
	if !st.Lenient {
		line, col := st.LineColAt(first)
		return st.Fail(off, ErrDuplicate, "%s %s given twice, first at line %d, column %d", sx.Member, sx.name(written), line, col)
	}
	st.add(diag{off: off, path: st.Path(), msg: sx.Member + " " + sx.name(written) + " given again",
		again: first + 1, list: f.Kind == List || f.Kind == Items})
	return nil
}

// Value decodes the value of f, which r is at, into the object at obj. A
// member without a value (an empty XML element, or leniently null or a
// value taken as absent) makes the field absent, its zero. Of a member
// given again, which only lenient decoding reads ([State.Member]), the
// last value is kept, absent or not, as encoding/json and encoding/xml
// keep it; a list's items are added to those before (Reader.List).
func (st *State) Value(r Reader, f *Field, obj unsafe.Pointer) error {
	v := f.value(obj)
	switch f.Kind {
	case String, Enum:
		s, _, ok, err := r.Text(f)
		if ok {
			st.SetText(f, obj, s)
		} else {
			*(*string)(v) = ""
		}
		return err
	case Time:
		s, off, ok, err := r.Text(f)
		*(*time.Time)(v) = time.Time{}
		if !ok || err != nil {
			return err
		}
		return st.time(f, (*time.Time)(v), s, off)
	case Int:
		n, _, err := r.Int(f)
		*(*int)(v) = int(n)
		return err
	case Bool:
		b, _, err := r.Bool(f)
		*(*bool)(v) = b
		return err
	case OptBool:
		b, ok, err := r.Bool(f)
		*(*invocation.Optional[bool])(v) = invocation.Optional[bool]{Value: b, Set: ok}
		return err
	case OptInt32:
		n, ok, err := r.Int(f)
		*(*invocation.Optional[int32])(v) = invocation.Optional[int32]{Value: int32(n), Set: ok}
		return err
	case OptInt64:
		n, ok, err := r.Int(f)
		*(*invocation.Optional[int64])(v) = invocation.Optional[int64]{Value: n, Set: ok}
		return err
	default: // List, Items
		return r.List(f, v)
	}
}

// SetText sets the String or Enum field f of the object at obj to s.
func (st *State) SetText(f *Field, obj unsafe.Pointer, s string) {
	if f.Kind == Enum {
		s = st.enum(f, s)
	}
	*(*string)(f.value(obj)) = s
}

// Len returns the length of the list at list, of the field f (List or
// Items).
func (f *Field) Len(list unsafe.Pointer) int { return (*header)(list).len }

// enum returns the canonical spelling of a known value, a constant, or
// else s as it is.
func (st *State) enum(f *Field, s string) string {
	v, known := f.Enum.Parse(s)
	if !known {
		return s
	}
	if st.record && f.Enum.Alias != nil && f.Enum.Alias(s) {
		st.aliases = append(st.aliases, st.Path())
	}
	return v
}

func (st *State) time(f *Field, dst *time.Time, s string, off int) error {
	t := s
	if t == "" {
		return nil // absent, as the vendor's own sample writes a StopTime not yet set
	}
	if st.syntax.TrimSpace {
		if t = TrimSpace(s); t == "" {
			return nil // blank: absent
		}
	}
	if tm, ok := ParseTime(t); ok {
		*dst = tm
		return nil
	}
	if !st.Lenient {
		return st.Fail(off, ErrValue, "%s %s is not a UTC time like 2020-01-19T09:15:46Z", f.Name, Quote(s))
	}
	if tm, ok := ParseTimeLenient(t); ok {
		*dst = tm
		st.Diag(off, "%s %s converted to UTC second precision", f.Name, Quote(s))
		return nil
	}
	st.Diag(off, "%s %s is not a time, taken as absent", f.Name, Quote(s))
	return nil
}

// A slab holds the items of every list of one object, each list a part of
// it, so that all of them cost one allocation, or a few.
type slab struct {
	item   *Object
	base   unsafe.Pointer // the first item
	n, cap int
}

func (st *State) slab(o *Object) *slab {
	for i := range st.slabs {
		if st.slabs[i].item == o {
			return &st.slabs[i]
		}
	}
	st.slabs = append(st.slabs, slab{item: o})
	return &st.slabs[len(st.slabs)-1]
}

// AddItem appends a zero item to the list at list, of the field f (List
// or Items), and returns it; off is where the item starts. A response
// holds at most MaxItems items in all its lists. The list's capacity ends
// with it.
func (st *State) AddItem(r Reader, f *Field, list unsafe.Pointer, off int) (unsafe.Pointer, error) {
	if st.items >= st.cfg.MaxItems {
		return nil, st.Fail(off, ErrLimit, "more than %d list items in the response", st.cfg.MaxItems)
	}
	s, size, h := st.slab(f.Item), f.Item.size, (*header)(list)
	n := h.len
	// The list ends where the slab does (its last item was added there),
	// or is copied to the slab's end.
	inPlace := n == 0 || s.n >= n && h.data == unsafe.Add(s.base, uintptr(s.n-n)*size)
	need := 1
	if !inPlace {
		need += n
	}
	switch {
	case s.cap-s.n < need:
		grown := 2 * s.cap
		if s.base == nil {
			grown = r.Estimate(f.Item, off)
		}
		grown = min(max(grown, n+1, 4), n+1+st.cfg.MaxItems-st.items)
		base := f.list.alloc(grown)
		if n > 0 {
			f.list.move(base, h.data, n)
		}
		s.base, s.n, s.cap = base, n, grown
	case !inPlace:
		f.list.move(unsafe.Add(s.base, uintptr(s.n)*size), h.data, n)
		s.n += n
	}
	item := unsafe.Add(s.base, uintptr(s.n)*size)
	s.n++
	*h = header{unsafe.Add(item, -uintptr(n)*size), n + 1, n + 1}
	st.items++
	return item, nil
}

// DropItem removes the last item that AddItem added to the list at list.
func (st *State) DropItem(f *Field, list unsafe.Pointer) {
	s, h := st.slab(f.Item), (*header)(list)
	s.n--
	f.list.clear(unsafe.Add(s.base, uintptr(s.n)*f.Item.size))
	if h.len--; h.len == 0 {
		*h = header{}
	} else {
		h.cap = h.len
	}
	st.items--
}

// Results returns the diagnostics and the error of the decoding that st
// ran and that ended with err, in the codec's types, which diag and fail
// make: lines and columns are computed here, in one pass over the input,
// and with them the message of a member given again, which names where
// the first one is. A diagnostic beyond the limit is the error, whatever
// err is: it came first.
func Results[D any](st *State, err error, diag func(Note) D, fail func(Position, string, error) error) ([]D, error) {
	var diags []D
	if len(st.diags) > 0 {
		notes := make([]Note, len(st.diags))
		offs := make([]int, len(st.diags))
		var firsts []int // the places of first occurrences, after offs
		for i, d := range st.diags {
			offs[i] = d.off
			if d.again > 0 {
				firsts = append(firsts, i)
				offs = append(offs, d.again-1)
			}
		}
		positions(st.S, offs, func(i, line, col int) {
			if i >= len(st.diags) {
				d := &st.diags[firsts[i-len(st.diags)]]
				notes[firsts[i-len(st.diags)]].First = Position{line, col, d.again - 1, d.path}
				return
			}
			d := &st.diags[i]
			notes[i].Position, notes[i].Message = Position{line, col, d.off, d.path}, d.msg
		})
		diags = make([]D, len(st.diags))
		for i := range notes {
			n, d := &notes[i], &st.diags[i]
			if d.again > 0 {
				keeps := "the last value is kept"
				if d.list {
					keeps = "its items are added to the list"
				}
				n.Err = ErrDuplicate
				n.Message = fmt.Sprintf("%s, first at line %d, column %d: %s", d.msg, n.First.Line, n.First.Column, keeps)
			}
			diags[i] = diag(*n)
		}
	}
	if st.over != nil {
		err = st.over
	}
	if err == nil {
		return diags, nil
	}
	return diags, Fault(st.S, err, fail)
}

// Fault returns err, an *Error about input s, in the codec's type, which
// fail makes.
func Fault(s string, err error, fail func(Position, string, error) error) error {
	e, ok := err.(*Error)
	if !ok {
		e = &Error{Msg: err.Error(), Err: err}
	}
	line, col := LineCol(s, e.Offset)
	return fail(Position{line, col, e.Offset, e.Path}, e.Msg, e.Err)
}

// LineColAt returns the line and column of off in the input, for a
// message that names another place than its own.
func (st *State) LineColAt(off int) (line, col int) { return LineCol(st.S, off) }

// Parser is what a codec's parser is: a Reader with a State, that
// decodes a document whose root is an object of root into dst. P is the
// parser's type, which embeds a State; PP is *P.
type Parser[P any] interface {
	*P
	Reader
	Front() *State
	Document(root *Object, dst unsafe.Pointer) error
}

// Front returns st, for a parser that embeds it.
func (st *State) Front() *State { return st }

// Decode decodes s with a new parser of type P, of the syntax sx, into a
// new T whose object is root, and returns the T, and the diagnostics and
// the error in the codec's types (Results). A non-nil err is an error
// getting s (Config.Input, Read): Decode returns it, in the codec's type,
// without decoding.
func Decode[T, P any, PP Parser[P], D any](c Config, sx *Syntax, root *Object, s string, err error,
	diag func(Note) D, fail func(Position, string, error) error) (T, []D, error) {
	var zero T
	if err != nil {
		return zero, nil, Fault("", err, fail)
	}
	r := &struct { // one allocation for both
		p P
		v T
	}{}
	p := PP(&r.p)
	p.Front().Init(c, s, sx)
	err = p.Document(root, unsafe.Pointer(&r.v))
	diags, err := Results(p.Front(), err, diag, fail)
	if err != nil {
		return zero, diags, err
	}
	return r.v, diags, nil
}

// NewParser returns a new parser of type P, ready to decode s with the
// settings c, of the syntax sx.
func NewParser[P any, PP Parser[P]](c Config, s string, sx *Syntax) PP {
	p := PP(new(P))
	p.Front().Init(c, s, sx)
	return p
}

// Inspect runs a lenient decoding of the response in data with a parser
// of type P, of the syntax sx, that records which statuses are written by
// an alias and, with positions set, where each path starts. What it
// records up to an error is what there is.
func Inspect[P any, PP Parser[P]](sx *Syntax, data []byte, positions bool) *State {
	p := NewParser[P, PP](Config{Lenient: true}, string(data), sx)
	p.Front().Record(positions)
	p.Document(Response, unsafe.Pointer(new(invocation.Response)))
	return p.Front()
}

// Pointer returns what Decode returns with a pointer to the T, or nil
// with an error.
func Pointer[T, D any](v T, diags []D, err error) (*T, []D, error) {
	if err != nil {
		return nil, diags, err
	}
	return &v, diags, nil
}
