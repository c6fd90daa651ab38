package listing

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"slices"
	"strings"

	"github.com/ecsassist/cloudassistant/invocation"
)

// Sum is a fingerprint: the SHA-256 of what a [Fingerprint] was given.
type Sum [sha256.Size]byte

// Fingerprint hashes a request: its operation, then its fields, each
// with its name, in the order the request type writes them. Two requests
// written in the same order have the same Sum when each field has the
// same value, where
//
//   - a list has the same items in the same order, a nil list being an
//     empty one;
//   - tags are the same keys with the same values, in any order;
//   - an optional value is absent in both, or present with the same value.
//
// Any other difference gives another Sum: what is written is encoded so
// that no two different sequences of fields read the same, and SHA-256
// does the rest. Build one with [NewFingerprint]; it takes no memory but
// its own, whatever it is given.
type Fingerprint struct {
	// buf is the hash of what was written before, then the bytes
	// written since: when it is full and more comes, it is hashed, and
	// the hash starts it again. The hash of the whole is that of buf at
	// the end; the first hash before it is zero.
	buf [sha256.Size + 224]byte
	n   int
}

// The kinds of what a Fingerprint writes, each the first byte of its
// encoding.
const (
	kindOp byte = iota + 1
	kindString
	kindInt
	kindBool
	kindAbsent
	kindStrings
	kindTags
)

// NewFingerprint starts the fingerprint of a request of the operation op.
func NewFingerprint(op string) Fingerprint {
	f := Fingerprint{n: sha256.Size}
	f.byte(kindOp)
	f.string(op)
	return f
}

// write writes p.
func write[S string | []byte](f *Fingerprint, p S) {
	for {
		k := copy(f.buf[f.n:], p)
		f.n += k
		p = p[k:]
		if len(p) == 0 {
			return
		}
		sum := sha256.Sum256(f.buf[:])
		f.n = copy(f.buf[:], sum[:])
	}
}

func (f *Fingerprint) byte(b byte) { write(f, []byte{b}) }

// string writes s with its length.
func (f *Fingerprint) string(s string) {
	f.uvarint(uint64(len(s)))
	write(f, s)
}

func (f *Fingerprint) uvarint(x uint64) {
	var b [binary.MaxVarintLen64]byte
	write(f, binary.AppendUvarint(b[:0], x))
}

// field starts the field name, of kind k.
func (f *Fingerprint) field(name string, k byte) {
	f.string(name)
	f.byte(k)
}

// String writes the string field name.
func (f *Fingerprint) String(name, v string) {
	f.field(name, kindString)
	f.string(v)
}

// Int writes the integer field name.
func (f *Fingerprint) Int(name string, v int64) {
	f.field(name, kindInt)
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(v))
	write(f, b[:])
}

// Bool writes the boolean field name.
func (f *Fingerprint) Bool(name string, v bool) {
	f.field(name, kindBool)
	if v {
		f.byte(1)
	} else {
		f.byte(0)
	}
}

// OptionalInt writes the optional integer field name: v when set, else
// absent, which differs from every value.
func (f *Fingerprint) OptionalInt(name string, v invocation.Optional[int64]) {
	if x, ok := v.Get(); ok {
		f.Int(name, x)
	} else {
		f.field(name, kindAbsent)
	}
}

// OptionalBool writes the optional boolean field name: *v when v is not
// nil, else absent, which differs from both values.
func (f *Fingerprint) OptionalBool(name string, v *bool) {
	if v != nil {
		f.Bool(name, *v)
	} else {
		f.field(name, kindAbsent)
	}
}

// Strings writes the list field name, in its order; nil and empty are
// the same.
func (f *Fingerprint) Strings(name string, v []string) {
	f.field(name, kindStrings)
	f.uvarint(uint64(len(v)))
	for _, s := range v {
		f.string(s)
	}
}

// Tags writes the tags field name, sorted by key and then by value, so
// that their order does not count; nil and empty are the same. A tag
// given twice is written twice.
func (f *Fingerprint) Tags(name string, tags []invocation.Tag) {
	f.field(name, kindTags)
	f.uvarint(uint64(len(tags)))
	var room [invocation.MaxTags]invocation.Tag
	sorted := append(room[:0], tags...)
	slices.SortFunc(sorted, func(a, b invocation.Tag) int {
		return cmp.Or(strings.Compare(a.Key, b.Key), strings.Compare(a.Value, b.Value))
	})
	for _, t := range sorted {
		f.string(t.Key)
		f.string(t.Value)
	}
}

// Sum returns the fingerprint of what f was given. f may be written on,
// and summed again.
func (f *Fingerprint) Sum() Sum { return sha256.Sum256(f.buf[:f.n]) }
