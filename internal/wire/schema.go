package wire

import (
	"reflect"
	"slices"
	"strconv"
	"time"
	"unsafe"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// The schema: every object of DescribeInvocations, each field named once
// with its wire name, its kind and when it is written. Both decoders and
// both encoders walk these objects, so a new field is a field of the model
// and one entry here.
//
// Fields are listed in the order the encoders write them, which is the
// order responses use; the decoders try that order first.
//
// The fields of the current edition went in as follows, and
// a later one goes in the same way:
//   - text, numbers, booleans and times: StringField, IntField, BoolField
//     and TimeField, Present where the field is written only when set;
//   - a string type whose unknown values are kept, such as RepeatMode:
//     EnumField, with a Vocabulary from the type's parse function; a code
//     kept exactly as written, such as ErrorCode, is a StringField;
//   - a nested list, such as Tags.Tag[] of TagKey and TagValue: an object
//     of the item's fields (NewObject) and a ListField;
//   - a value whose absence is not 0, such as ExitCode: an OptionalField
//     of the model's invocation.Optional, written only when set.
//
// Members the schema does not know are kept, in order, where an object's
// UnknownField says (Object.Unknown): each codec's object loop hands them
// to State.Keep, and the encoders write them back after the known fields
// (Format.Unknown). Objects without one, the list wrappers and Tag items,
// pass them over.
var (
	// Instance is an item of Invocation.InvokeInstances.
	Instance = NewObject[invocation.InvokeInstance]("InvokeInstance",
		StringField("InstanceId", Always, func(v *invocation.InvokeInstance) *string { return &v.InstanceID }),
		EnumField("InstanceInvokeStatus", Always, LegacyStatus, func(v *invocation.InvokeInstance) *status.Legacy { return &v.InstanceInvokeStatus }),
		EnumField("InvocationStatus", Present, CurrentStatus, func(v *invocation.InvokeInstance) *status.Current { return &v.InvocationStatus }),
		OptionalField("Timed", func(v *invocation.InvokeInstance) *invocation.Optional[bool] { return &v.Timed }),
		OptionalField("Repeats", func(v *invocation.InvokeInstance) *invocation.Optional[int32] { return &v.Repeats }),
		OptionalField("ExitCode", func(v *invocation.InvokeInstance) *invocation.Optional[int64] { return &v.ExitCode }),
		StringField("Output", Present, func(v *invocation.InvokeInstance) *string { return &v.Output }),
		OptionalField("Dropped", func(v *invocation.InvokeInstance) *invocation.Optional[int32] { return &v.Dropped }),
		StringField("ErrorCode", Present, func(v *invocation.InvokeInstance) *invocation.ErrorCode { return &v.ErrorCode }),
		StringField("ErrorInfo", Present, func(v *invocation.InvokeInstance) *string { return &v.ErrorInfo }),
		TimeField("CreationTime", Present, func(v *invocation.InvokeInstance) *time.Time { return &v.CreationTime }),
		TimeField("StartTime", Present, func(v *invocation.InvokeInstance) *time.Time { return &v.StartTime }),
		TimeField("FinishTime", Present, func(v *invocation.InvokeInstance) *time.Time { return &v.FinishTime }),
		TimeField("StopTime", Present, func(v *invocation.InvokeInstance) *time.Time { return &v.StopTime }),
		TimeField("UpdateTime", Present, func(v *invocation.InvokeInstance) *time.Time { return &v.UpdateTime }),
		EnumField("OssOutputStatus", Present, OssOutputStatus, func(v *invocation.InvokeInstance) *invocation.OssOutputStatus { return &v.OssOutputStatus }),
		StringField("OssOutputUri", Present, func(v *invocation.InvokeInstance) *string { return &v.OssOutputURI }),
		StringField("OssOutputErrorCode", Present, func(v *invocation.InvokeInstance) *string { return &v.OssOutputErrorCode }),
		StringField("OssOutputErrorInfo", Present, func(v *invocation.InvokeInstance) *string { return &v.OssOutputErrorInfo }),
		UnknownField(func(v *invocation.InvokeInstance) *[]invocation.Member { return &v.Unknown }),
	)

	// Tag is an item of Invocation.Tags.
	Tag = NewObject[invocation.Tag]("Tag",
		StringField("TagKey", Always, func(v *invocation.Tag) *string { return &v.Key }),
		StringField("TagValue", Always, func(v *invocation.Tag) *string { return &v.Value }),
	)

	// Invocation is an item of Response.Invocations.
	Invocation = NewObject[invocation.Invocation]("Invocation",
		StringField("InvokeId", Always, func(v *invocation.Invocation) *string { return &v.InvokeID }),
		StringField("CommandId", Always, func(v *invocation.Invocation) *string { return &v.CommandID }),
		StringField("CommandName", Always, func(v *invocation.Invocation) *string { return &v.CommandName }),
		EnumField("CommandType", Always, CommandType, func(v *invocation.Invocation) *invocation.CommandType { return &v.CommandType }),
		EnumField("InvokeStatus", Always, LegacyStatus, func(v *invocation.Invocation) *status.Legacy { return &v.InvokeStatus }),
		EnumField("InvocationStatus", Present, CurrentStatus, func(v *invocation.Invocation) *status.Current { return &v.InvocationStatus }),
		BoolField("Timed", Always, func(v *invocation.Invocation) *bool { return &v.Timed }),
		StringField("Frequency", Always, func(v *invocation.Invocation) *string { return &v.Frequency }),
		TimeField("CreationTime", Present, func(v *invocation.Invocation) *time.Time { return &v.CreationTime }),
		EnumField("RepeatMode", Present, RepeatMode, func(v *invocation.Invocation) *invocation.RepeatMode { return &v.RepeatMode }),
		StringField("CommandContent", Present, func(v *invocation.Invocation) *string { return &v.CommandContent }),
		StringField("CommandDescription", Present, func(v *invocation.Invocation) *string { return &v.CommandDescription }),
		StringField("Parameters", Present, func(v *invocation.Invocation) *string { return &v.Parameters }),
		OptionalField("Timeout", func(v *invocation.Invocation) *invocation.Optional[int64] { return &v.Timeout }),
		StringField("Username", Present, func(v *invocation.Invocation) *string { return &v.Username }),
		StringField("WorkingDir", Present, func(v *invocation.Invocation) *string { return &v.WorkingDir }),
		StringField("Launcher", Present, func(v *invocation.Invocation) *string { return &v.Launcher }),
		EnumField("TerminationMode", Present, TerminationMode, func(v *invocation.Invocation) *invocation.TerminationMode { return &v.TerminationMode }),
		StringField("ContainerId", Present, func(v *invocation.Invocation) *string { return &v.ContainerID }),
		StringField("ContainerName", Present, func(v *invocation.Invocation) *string { return &v.ContainerName }),
		StringField("OssOutputDelivery", Present, func(v *invocation.Invocation) *string { return &v.OssOutputDelivery }),
		ListField("Tags", Present, Tag, func(v *invocation.Invocation) *[]invocation.Tag { return &v.Tags }),
		ListField("InvokeInstances", Always, Instance, func(v *invocation.Invocation) *[]invocation.InvokeInstance { return &v.Instances }),
		UnknownField(func(v *invocation.Invocation) *[]invocation.Member { return &v.Unknown }),
	)

	// Response is the root of a DescribeInvocations answer. PageNumber
	// and PageSize are written only when set: a page of token paging has
	// neither, and a page of page-number paging has PageNumber 1 or more.
	Response = NewObject[invocation.Response]("DescribeInvocationsResponse",
		IntField("TotalCount", Always, func(v *invocation.Response) *int { return &v.TotalCount }),
		IntField("PageNumber", Present, func(v *invocation.Response) *int { return &v.PageNumber }),
		IntField("PageSize", Present, func(v *invocation.Response) *int { return &v.PageSize }),
		StringField("NextToken", Present, func(v *invocation.Response) *string { return &v.NextToken }),
		ListField("Invocations", Always, Invocation, func(v *invocation.Response) *[]invocation.Invocation { return &v.Invocations }),
		StringField("RequestId", Always, func(v *invocation.Response) *string { return &v.RequestID }),
		UnknownField(func(v *invocation.Response) *[]invocation.Member { return &v.Unknown }),
	)

	// APIError is the root of an error answer. It carries no HTTP status.
	APIError = NewObject[apierror.Error]("Error",
		StringField("RequestId", Always, func(v *apierror.Error) *string { return &v.RequestID }),
		StringField("HostId", Always, func(v *apierror.Error) *string { return &v.HostID }),
		StringField("Code", Always, func(v *apierror.Error) *apierror.Code { return &v.Code }),
		StringField("Message", Always, func(v *apierror.Error) *string { return &v.Message }),
	)
)

// objects and fields are every object and field of the schema, each
// numbered by its place here.
var objects, fields = number(Response, APIError)

// number numbers the objects of the schema below roots, and their
// fields.
func number(roots ...*Object) (objects []*Object, fields []*Field) {
	var walk func(o *Object)
	walk = func(o *Object) {
		if slices.Contains(objects, o) {
			return
		}
		o.id = len(objects)
		objects = append(objects, o)
		for i := range o.Fields {
			f := &o.Fields[i]
			f.id = len(fields)
			fields = append(fields, f)
			if f.Item != nil {
				walk(f.Item)
			}
		}
	}
	for _, o := range roots {
		walk(o)
	}
	return objects, fields
}

// The vocabularies of the schema's Enum fields.
var (
	LegacyStatus = &Vocabulary{
		Parse: func(s string) (string, bool) { v := status.ParseLegacy(s); return string(v), v.Known() },
		Known: func(s string) bool { return status.Legacy(s).Known() },
		Alias: status.LegacyAlias,
	}
	CurrentStatus = &Vocabulary{
		Parse: func(s string) (string, bool) { v := status.ParseCurrent(s); return string(v), v.Known() },
		Known: func(s string) bool { return status.Current(s).Known() },
	}
	CommandType = &Vocabulary{
		Parse: func(s string) (string, bool) { v := invocation.ParseCommandType(s); return string(v), v.Known() },
		Known: func(s string) bool { return invocation.CommandType(s).Known() },
	}
	RepeatMode = &Vocabulary{
		Parse: func(s string) (string, bool) { v := invocation.ParseRepeatMode(s); return string(v), v.Known() },
		Known: func(s string) bool { return invocation.RepeatMode(s).Known() },
	}
	TerminationMode = &Vocabulary{
		Parse: func(s string) (string, bool) { v := invocation.ParseTerminationMode(s); return string(v), v.Known() },
		Known: func(s string) bool { return invocation.TerminationMode(s).Known() },
	}
	OssOutputStatus = &Vocabulary{
		Parse: func(s string) (string, bool) { v := invocation.ParseOssOutputStatus(s); return string(v), v.Known() },
		Known: func(s string) bool { return invocation.OssOutputStatus(s).Known() },
	}
)

// Kind is what a field holds: how the formats write it, and the Go type
// of its value in the model.
type Kind uint8

// The kinds. Adding one is a constant here, a constructor, and a case in
// [State.Value], [Encoder.Walk], [Encoder.size] and [Field.zero]; each
// codec reads it with the Reader method of its wire form.
const (
	String   Kind = iota + 1 // text; a string type
	Int                      // a decimal integer; int
	Bool                     // true or false; bool
	Time                     // a UTC time of second precision (TimeLayout); time.Time, zero when absent
	Enum                     // text of an open set of values (Vocabulary), kept verbatim when unknown; a string type
	List                     // a wrapper holding items, each an object (Field.Item); a slice of the item's type
	Items                    // the items inside a wrapper (Field.Wrapper)
	OptBool                  // true or false, or absent; invocation.Optional[bool]
	OptInt32                 // a decimal integer in int32's range, or absent; invocation.Optional[int32]
	OptInt64                 // a decimal integer in int64's range, or absent; invocation.Optional[int64]
	Unknown                  // the members an object's schema does not know (Object.Unknown); []invocation.Member
)

// Presence says when the encoders write a field.
type Presence uint8

const (
	// Always writes the field whatever its value, as the seed edition's
	// fields are written.
	Always Presence = iota
	// Present writes the field only when it holds a value: a string that
	// is not empty, a number that is not 0, true, a time that is not
	// zero, a list that is not empty, an optional value that is set.
	// Decoding an absent field leaves that zero.
	Present
)

// Vocabulary is the open set of values of an Enum field.
type Vocabulary struct {
	// Parse returns the canonical spelling of the value that text spells,
	// whatever its case and surrounding white space, and true; or text
	// itself and false when it spells no known value.
	Parse func(text string) (string, bool)
	// Known reports whether text is the canonical spelling of a known
	// value: what Parse returns for it, at less cost.
	Known func(text string) bool
	// Alias reports whether text spells a known value by an alias rather
	// than by its name (success for Finished). Nil when there are none.
	Alias func(text string) bool
}

// Field is a member of an object: an element in XML, a key in JSON.
type Field struct {
	Name     string      // the wire name
	Kind     Kind        //
	Presence Presence    //
	Enum     *Vocabulary // Kind Enum: the values
	Item     *Object     // Kind List and Items: the object of each item; Kind Unknown: the members, as an object of their own
	Wrapper  *Object     // Kind List: the wrapper as an object, whose one field (Kind Items) is the items under the item's name
	Index    int         // the place of the field in its object

	id int // the number of the field in the schema, for tables by field

	owner  reflect.Type // the Go type of the object the field belongs to
	offset uintptr      // where the value is in that type
	list   listType     // Kind List and Items: the slice of items
}

// Object is a kind of object of the schema: a root, or an item of lists.
type Object struct {
	Name   string  // the element of a root or an item; the key of an item in JSON
	Fields []Field // in the order the encoders write them
	// Unknown is where the object's model keeps the members the schema
	// does not know (Kind Unknown); nil when the object passes them over.
	Unknown *Field

	byLen [][]int32 // indexes of Fields by the length of their names, for Lookup

	typ   reflect.Type
	size  uintptr // of the Go type
	id    int     // the number of the object in the schema, for tables by object
	owner *Object // of the members of an UnknownField: the object they belong to

	// For a decoding's record of the members it has read (State.seen and
	// State.first): the object's place, and where its fields' places
	// start. Wrappers have theirs too.
	seen, first int
}

// NewObject returns the object named name whose fields are fields, all
// of them fields of T. It panics if a field belongs to another type: the
// schema is wrong.
//
// An UnknownField among fields becomes the object's Unknown rather than
// one of its Fields.
func NewObject[T any](name string, fields ...Field) *Object {
	o := &Object{Name: name, typ: reflect.TypeFor[T](), size: unsafe.Sizeof(*new(T))}
	for _, f := range fields {
		if f.Kind != Unknown {
			o.Fields = append(o.Fields, f)
			continue
		}
		if f.owner != o.typ {
			panic("wire: unknown members of " + f.owner.String() + " given to " + o.typ.String())
		}
		f.Item = &Object{Name: name + " member", typ: reflect.TypeFor[invocation.Member](),
			size: unsafe.Sizeof(invocation.Member{}), owner: o}
		o.Unknown = &f
	}
	for i := range o.Fields {
		f := &o.Fields[i]
		if f.owner != o.typ {
			panic("wire: field " + f.Name + " of " + f.owner.String() + " given to " + o.typ.String())
		}
		f.Index = i
		if f.Kind == List {
			items := Field{Name: f.Item.Name, Kind: Items, Item: f.Item, list: f.list}
			f.Wrapper = &Object{Name: f.Name, Fields: []Field{items}}
			f.Wrapper.index()
		}
	}
	o.index()
	return o
}

// index builds o.byLen.
func (o *Object) index() {
	for i, f := range o.Fields {
		for len(o.byLen) <= len(f.Name) {
			o.byLen = append(o.byLen, nil)
		}
		o.byLen[len(f.Name)] = append(o.byLen[len(f.Name)], int32(i))
	}
}

// StringField returns a field of kind String.
func StringField[T any, S ~string](name string, p Presence, value func(*T) *S) Field {
	return newField(name, String, p, value)
}

// IntField returns a field of kind Int.
func IntField[T any](name string, p Presence, value func(*T) *int) Field {
	return newField(name, Int, p, value)
}

// BoolField returns a field of kind Bool.
func BoolField[T any](name string, p Presence, value func(*T) *bool) Field {
	return newField(name, Bool, p, value)
}

// TimeField returns a field of kind Time.
func TimeField[T any](name string, p Presence, value func(*T) *time.Time) Field {
	return newField(name, Time, p, value)
}

// EnumField returns a field of kind Enum, whose values are v's.
func EnumField[T any, S ~string](name string, p Presence, v *Vocabulary, value func(*T) *S) Field {
	f := newField(name, Enum, p, value)
	f.Enum = v
	return f
}

// OptionalField returns a field of kind OptBool, OptInt32 or OptInt64, by
// V: a value a response may leave out, written only when it is set.
func OptionalField[T any, V bool | int32 | int64](name string, value func(*T) *invocation.Optional[V]) Field {
	var k Kind
	switch any(*new(V)).(type) {
	case bool:
		k = OptBool
	case int32:
		k = OptInt32
	default:
		k = OptInt64
	}
	return newField(name, k, Present, value)
}

// UnknownField returns the field of an object of T where its model keeps
// the members the schema does not know, in the order of the input. Given
// to NewObject, it becomes the object's Unknown.
func UnknownField[T any](value func(*T) *[]invocation.Member) Field {
	f := newField("", Unknown, Present, value)
	f.list = sliceOf[invocation.Member]{}
	return f
}

// ListField returns a field of kind List: a wrapper named name that holds
// items of the object item, whose Go type is E.
func ListField[T, E any](name string, p Presence, item *Object, value func(*T) *[]E) Field {
	if item.typ != reflect.TypeFor[E]() {
		panic("wire: list " + name + " of " + reflect.TypeFor[E]().String() + " holds " + item.typ.String())
	}
	f := newField(name, List, p, value)
	f.Item, f.list = item, sliceOf[E]{}
	return f
}

// newField locates the value that value returns in T, once, so that
// decoding and encoding reach it by its offset.
func newField[T, V any](name string, k Kind, p Presence, value func(*T) *V) Field {
	t := new(T)
	v := value(t)
	start, at := uintptr(unsafe.Pointer(t)), uintptr(unsafe.Pointer(v))
	if at < start || at-start+unsafe.Sizeof(*v) > unsafe.Sizeof(*t) {
		panic("wire: the value of field " + name + " is not in " + reflect.TypeFor[T]().String())
	}
	return Field{Name: name, Kind: k, Presence: p, owner: reflect.TypeFor[T](), offset: at - start}
}

// Lookup returns the field of o named name: exactly, or, when fold is
// set, ignoring ASCII case, in which case exact reports whether the case
// matched. It returns nil for any other name.
//
// It compares name only with the fields whose names have its length (an
// ASCII case fold keeps the length): linear search over all fields took a
// tenth of decoding members in another order than the schema's.
func (o *Object) Lookup(name string, fold bool) (f *Field, exact bool) {
	if len(name) >= len(o.byLen) {
		return nil, false
	}
	same := o.byLen[len(name)]
	for _, i := range same {
		if o.Fields[i].Name == name {
			return &o.Fields[i], true
		}
	}
	if fold {
		for _, i := range same {
			if EqualFoldASCII(o.Fields[i].Name, name) {
				return &o.Fields[i], false
			}
		}
	}
	return nil, false
}

// HasList reports whether o has a field of kind List.
func (o *Object) HasList() bool {
	for i := range o.Fields {
		if o.Fields[i].Kind == List {
			return true
		}
	}
	return false
}

// ItemSize is the size in bytes of the largest list item of the schema in
// memory: what one item of a decoding's budget (MaxItems) costs at most.
var ItemSize = max(Invocation.size, Instance.size, Tag.size, Instance.Unknown.Item.size)

// value returns the value of f in the object at obj.
func (f *Field) value(obj unsafe.Pointer) unsafe.Pointer { return unsafe.Add(obj, f.offset) }

// zero reports whether the value of f at v is its zero: absent, for a
// field written only when present.
func (f *Field) zero(v unsafe.Pointer) bool {
	switch f.Kind {
	case String, Enum:
		return *(*string)(v) == ""
	case Int:
		return *(*int)(v) == 0
	case Bool:
		return !*(*bool)(v)
	case Time:
		return (*time.Time)(v).IsZero()
	case OptBool:
		return !(*invocation.Optional[bool])(v).Set
	case OptInt32:
		return !(*invocation.Optional[int32])(v).Set
	case OptInt64:
		return !(*invocation.Optional[int64])(v).Set
	default:
		return (*header)(v).len == 0
	}
}

// Known reports whether o has a field named name in any case: a member
// of that name would be read as the field, not kept as unknown.
func (o *Object) Known(name string) bool {
	f, _ := o.Lookup(name, true)
	return f != nil
}

// Unknowns returns the members kept in the object o at v, which has an
// Unknown field.
func (o *Object) Unknowns(v unsafe.Pointer) []invocation.Member {
	return *(*[]invocation.Member)(o.Unknown.value(v))
}

// Bits returns the size in bits of the integers of f, a field of kind
// Int, OptInt32 or OptInt64.
func (f *Field) Bits() int {
	switch f.Kind {
	case OptInt32:
		return 32
	case OptInt64:
		return 64
	}
	return strconv.IntSize
}

// ParseInt parses s as an integer of f: an optional minus sign and
// decimal digits, nothing else, in the range of f's type.
func (f *Field) ParseInt(s string) (int64, bool) {
	if s == "" || s == "-" || s[0] == '+' {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, f.Bits())
	return n, err == nil
}

// Integer names the integers of f, a field of kind Int, OptInt32 or
// OptInt64, for messages: "an integer", or "a 32-bit integer".
func (f *Field) Integer() string {
	if f.Kind == OptInt32 {
		return "a 32-bit integer"
	}
	return "an integer"
}

// listType makes and copies the slices of one type of item, whatever it
// is; the rest goes through a slice's header.
type listType interface {
	alloc(n int) unsafe.Pointer          // n zero items
	move(dst, src unsafe.Pointer, n int) // copies n items
	clear(item unsafe.Pointer)           // zeroes one item
}

type sliceOf[E any] struct{}

func (sliceOf[E]) alloc(n int) unsafe.Pointer { return unsafe.Pointer(unsafe.SliceData(make([]E, n))) }
func (sliceOf[E]) move(dst, src unsafe.Pointer, n int) {
	copy(unsafe.Slice((*E)(dst), n), unsafe.Slice((*E)(src), n))
}
func (sliceOf[E]) clear(item unsafe.Pointer) { *(*E)(item) = *new(E) }

// header is the layout of a slice, whatever its items (the layout that
// unsafe.Slice and unsafe.SliceData work with): decoding and encoding
// reach the items of every list through it, without a call for each.
type header struct {
	data     unsafe.Pointer
	len, cap int
}

// item returns the item i of the list whose header is h, of the object o.
func (h *header) item(o *Object, i int) unsafe.Pointer {
	return unsafe.Add(h.data, uintptr(i)*o.size)
}

// Canonical returns the canonical spelling of the value s spells, or s
// itself when it spells none.
func (v *Vocabulary) Canonical(s string) string {
	if v.Known(s) {
		return s
	}
	return v.parse(s)
}

func (v *Vocabulary) parse(s string) string {
	s, _ = v.Parse(s)
	return s
}
