package fake

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ecsassist/cloudassistant/internal/listing"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/paging"
)

// fingerprinted is a request type with a fingerprint, and the fields it
// leaves out: the paging and presentation of a paged operation, the
// ClientToken of InvokeCommand and RunCommand.
type fingerprinted struct {
	name    string
	typ     reflect.Type
	sum     func(req any) listing.Sum
	ignored []string
}

var requestTypes = []fingerprinted{
	{"DescribeInvocations", reflect.TypeFor[DescribeInvocationsRequest](),
		func(r any) listing.Sum { q := r.(DescribeInvocationsRequest); iq := q.query(); return iq.Fingerprint() },
		[]string{"Paging", "ContentEncoding", "IncludeOutput"}},
	{"DescribeCommands", reflect.TypeFor[DescribeCommandsRequest](),
		func(r any) listing.Sum { q := r.(DescribeCommandsRequest); return q.fingerprint() },
		[]string{"Paging", "ContentEncoding"}},
	{"DescribeInvocationResults", reflect.TypeFor[DescribeInvocationResultsRequest](),
		func(r any) listing.Sum { q := r.(DescribeInvocationResultsRequest); return q.fingerprint() },
		[]string{"Paging", "ContentEncoding"}},
	{"InvokeCommand", reflect.TypeFor[InvokeCommandRequest](),
		func(r any) listing.Sum { q := r.(InvokeCommandRequest); return q.fingerprint() },
		[]string{"ClientToken"}},
	{"RunCommand", reflect.TypeFor[RunCommandRequest](),
		func(r any) listing.Sum { q := r.(RunCommandRequest); return q.fingerprint() },
		[]string{"ClientToken"}},
}

// Values of every type a request field has: small sets, so that
// generated requests are often alike.
var (
	fieldText = rapid.SampledFrom([]string{"", "a", "b", "ab"})
	fieldTag  = rapid.Custom(func(t *rapid.T) invocation.Tag {
		return invocation.Tag{Key: fieldText.Draw(t, "key"), Value: fieldText.Draw(t, "value")}
	})
)

// drawField draws a value of the field type typ.
func drawField(t *rapid.T, typ reflect.Type, label string) reflect.Value {
	v := reflect.New(typ).Elem()
	switch x := v.Addr().Interface().(type) {
	case *invocation.Optional[int64]:
		if rapid.Bool().Draw(t, label+" set") {
			*x = invocation.Some(rapid.Int64Range(0, 1).Draw(t, label))
		}
	case **bool:
		if rapid.Bool().Draw(t, label+" set") {
			b := rapid.Bool().Draw(t, label)
			*x = &b
		}
	case *[]string:
		switch rapid.IntRange(0, 2).Draw(t, label+" kind") {
		case 1:
			*x = []string{}
		case 2:
			*x = rapid.SliceOfN(fieldText, 1, 2).Draw(t, label)
		}
	case *[]invocation.Tag:
		switch rapid.IntRange(0, 2).Draw(t, label+" kind") {
		case 1:
			*x = []invocation.Tag{}
		case 2:
			*x = rapid.SliceOfN(fieldTag, 1, 3).Draw(t, label)
		}
	case *paging.Request:
		if rapid.Bool().Draw(t, label+" by token") {
			*x = paging.Request{ByToken: true, Cursor: paging.Cursor{MaxResults: rapid.IntRange(1, 2).Draw(t, label), NextToken: fieldText.Draw(t, label+" token")}}
		} else {
			x.Page = paging.Page{Number: rapid.IntRange(1, 2).Draw(t, label), Size: 10}
		}
	default:
		switch typ.Kind() {
		case reflect.String:
			v.SetString(fieldText.Draw(t, label))
		case reflect.Bool:
			v.SetBool(rapid.Bool().Draw(t, label))
		default:
			t.Fatalf("no values of %s for %s", typ, label)
		}
	}
	return v
}

// draw draws a request of f's type, most of its fields zero; a
// ClientToken is never empty, as a request without one has no
// fingerprint.
func (f fingerprinted) draw() *rapid.Generator[any] {
	return rapid.Custom(func(t *rapid.T) any {
		v := reflect.New(f.typ).Elem()
		for i := range f.typ.NumField() {
			// Most fields are left zero, so that requests differ in few.
			if sf := f.typ.Field(i); rapid.IntRange(0, 3).Draw(t, sf.Name+" drawn") == 0 {
				v.Field(i).Set(drawField(t, sf.Type, sf.Name))
			}
		}
		if tok := v.FieldByName("ClientToken"); tok.IsValid() {
			tok.SetString("tok-" + tok.String())
		}
		return v.Interface()
	})
}

// canon returns what tells req from another request of its type: its
// fields but those ignored, with nil lists empty and tags sorted.
func (f fingerprinted) canon(req any) string {
	v := reflect.ValueOf(req)
	var b strings.Builder
	for i := range f.typ.NumField() {
		name := f.typ.Field(i).Name
		if slices.Contains(f.ignored, name) {
			continue
		}
		switch x := v.Field(i).Interface().(type) {
		case []invocation.Tag:
			x = slices.Clone(x)
			slices.SortFunc(x, func(a, b invocation.Tag) int {
				return strings.Compare(a.Key+"\x00"+a.Value, b.Key+"\x00"+b.Value)
			})
			fmt.Fprintf(&b, "%s=%q;", name, x)
		case []string:
			fmt.Fprintf(&b, "%s=%q;", name, x)
		case *bool:
			if x == nil {
				fmt.Fprintf(&b, "%s=absent;", name)
			} else {
				fmt.Fprintf(&b, "%s=%t;", name, *x)
			}
		default:
			fmt.Fprintf(&b, "%s=%#v;", name, x)
		}
	}
	return b.String()
}

// Every field of a request but those it leaves out counts in its
// fingerprint; those it leaves out do not. A field added to a request
// type and not to its fingerprint fails here.
func TestFingerprintFields(t *testing.T) {
	for _, f := range requestTypes {
		t.Run(f.name, func(t *testing.T) {
			base := reflect.New(f.typ).Elem()
			if tok := base.FieldByName("ClientToken"); tok.IsValid() {
				tok.SetString("tok")
			}
			want := f.sum(base.Interface())
			for i := range f.typ.NumField() {
				sf := f.typ.Field(i)
				changed := reflect.New(f.typ).Elem()
				changed.Set(base)
				field := changed.Field(i)
				switch field.Interface().(type) {
				case invocation.Optional[int64]:
					field.Set(reflect.ValueOf(invocation.Some[int64](0)))
				case *bool:
					field.Set(reflect.ValueOf(new(bool)))
				case []string:
					field.Set(reflect.ValueOf([]string{""}))
				case []invocation.Tag:
					field.Set(reflect.ValueOf([]invocation.Tag{{}}))
				case paging.Request:
					field.Set(reflect.ValueOf(paging.Request{ByToken: true, Cursor: paging.Cursor{MaxResults: 3, NextToken: "x"}}))
				default:
					switch field.Kind() {
					case reflect.String:
						field.SetString(field.String() + "x")
					case reflect.Bool:
						field.SetBool(true)
					default:
						t.Fatalf("%s: no other value of %s", sf.Name, sf.Type)
					}
				}
				got := f.sum(changed.Interface())
				if slices.Contains(f.ignored, sf.Name) {
					require.Equal(t, want, got, "%s is not part of the fingerprint", sf.Name)
				} else {
					require.NotEqual(t, want, got, "%s is part of the fingerprint", sf.Name)
				}
			}
		})
	}
}

// A request's fingerprint does not change with the order of its tags,
// with nil lists made empty and empty ones nil, nor with the fields it
// leaves out.
func TestFingerprintSameRequest(t *testing.T) {
	for _, f := range requestTypes {
		t.Run(f.name, func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) {
				req := f.draw().Draw(t, "req")
				other := f.draw().Draw(t, "other")
				v := reflect.New(f.typ).Elem()
				v.Set(reflect.ValueOf(req))
				for i := range f.typ.NumField() {
					field := v.Field(i)
					if slices.Contains(f.ignored, f.typ.Field(i).Name) {
						field.Set(reflect.ValueOf(other).Field(i))
						if f.typ.Field(i).Name == "ClientToken" && field.String() == "" {
							field.SetString("tok")
						}
						continue
					}
					switch x := field.Interface().(type) {
					case []invocation.Tag:
						if len(x) == 0 {
							field.Set(reflect.ValueOf([]invocation.Tag(nil)))
							if x == nil {
								field.Set(reflect.ValueOf([]invocation.Tag{}))
							}
							continue
						}
						field.Set(reflect.ValueOf(rapid.Permutation(x).Draw(t, "tags")))
					case []string:
						if len(x) == 0 {
							field.Set(reflect.ValueOf([]string(nil)))
							if x == nil {
								field.Set(reflect.ValueOf([]string{}))
							}
						}
					}
				}
				require.Equal(t, f.sum(req), f.sum(v.Interface()))
			})
		})
	}
}

// Requests that differ give different fingerprints, and requests that
// do not, the same: a few thousand generated requests of each type, many
// alike, map onto fingerprints one to one.
func TestFingerprintDistinctRequests(t *testing.T) {
	for _, f := range requestTypes {
		t.Run(f.name, func(t *testing.T) {
			byCanon := map[string]listing.Sum{}
			bySum := map[listing.Sum]string{}
			gen := f.draw()
			for i := range 3000 {
				req := gen.Example(i)
				c, s := f.canon(req), f.sum(req)
				if prev, ok := byCanon[c]; ok {
					require.Equal(t, prev, s, "the same request, another fingerprint: %s", c)
				}
				if prev, ok := bySum[s]; ok {
					require.Equal(t, prev, c, "two requests, one fingerprint")
				}
				byCanon[c], bySum[s] = s, c
			}
			require.Greater(t, len(byCanon), 200, "the generator makes requests of many kinds")
			require.Less(t, len(byCanon), 2900, "the generator makes requests alike")
		})
	}
}
