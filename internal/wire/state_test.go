package wire

import (
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/ecsassist/cloudassistant/invocation"
)

// estimator is a Reader that only estimates.
type estimator struct {
	Reader
	n int
}

func (e estimator) Estimate(*Object, int) int { return e.n }

var jsonish = &Syntax{Codec: "c", Member: "key", Nesting: "nesting"}

// Lists of one kind of item share a block, each its own part of it, with
// its capacity ending where it does; a list continued after another one
// grew the block moves to its end; the block grows within the budget.
func TestItems(t *testing.T) {
	var st State
	st.Init(Config{MaxItems: 5}, "", jsonish)
	f, _ := Invocation.Lookup("InvokeInstances", false)
	var a, b invocation.Invocation
	la, lb := unsafe.Pointer(&a.Instances), unsafe.Pointer(&b.Instances)
	r := estimator{n: 2}
	add := func(list unsafe.Pointer, id string) {
		t.Helper()
		v, err := st.AddItem(r, f, list, 0)
		if err != nil {
			t.Fatal(err)
		}
		(*invocation.InvokeInstance)(v).InstanceID = id
	}
	add(la, "a1")
	add(lb, "b1")
	add(la, "a2") // a no longer ends the block: it moves
	if len(a.Instances) != 2 || cap(a.Instances) != 2 || a.Instances[0].InstanceID != "a1" || a.Instances[1].InstanceID != "a2" {
		t.Fatalf("a = %+v", a.Instances)
	}
	if len(b.Instances) != 1 || b.Instances[0].InstanceID != "b1" {
		t.Fatalf("b = %+v", b.Instances)
	}
	add(la, "a3")
	st.DropItem(f, la)
	if len(a.Instances) != 2 || a.Instances[1].InstanceID != "a2" {
		t.Fatalf("a after a drop = %+v", a.Instances)
	}
	add(la, "a3")
	add(la, "a4")
	if _, err := st.AddItem(r, f, la, 0); err == nil || !strings.Contains(err.Error(), "more than 5 list items in the response") {
		t.Fatalf("beyond the budget: %v", err)
	}
	if got := []string{a.Instances[0].InstanceID, a.Instances[3].InstanceID}; got[0] != "a1" || got[1] != "a4" {
		t.Fatalf("a = %+v", a.Instances)
	}
	if f.Len(la) != 4 {
		t.Fatalf("Len = %d", f.Len(la))
	}
}

func TestPath(t *testing.T) {
	var st State
	st.Init(Config{}, "", jsonish)
	if st.Path() != "" {
		t.Fatal("empty path")
	}
	st.Push("Invocations")
	st.PushItem("Invocation", 4)
	st.Push("InvokeId")
	if got := st.Path(); got != "Invocations.Invocation[4].InvokeId" {
		t.Errorf("Path = %q", got)
	}
	st.Pop()
	st.SetIndex(5)
	if got := st.Path(); got != "Invocations.Invocation[5]" {
		t.Errorf("Path = %q", got)
	}
	st.Push(strings.Repeat("é", 200))
	if got := st.Path(); !strings.HasPrefix(got, "…é") || !strings.HasSuffix(got, "é") || len(got) > maxPath+len("…") {
		t.Errorf("long Path = %q", got)
	}
}

func TestDiagnostics(t *testing.T) {
	var st State
	st.Init(Config{MaxDiagnostics: 3}, "a\nb\nc", jsonish)
	st.Diag(4, "second")
	st.Diag(2, "first")
	st.InsertDiag(0, 0, "zeroth %d", 0)
	st.Diag(3, "fourth")
	if st.Over() == nil || st.Diags() != 3 {
		t.Fatal("a fourth diagnostic is over the limit")
	}
	type d struct {
		line, col int
		msg       string
	}
	diags, err := Results(&st, nil, func(n Note) d { return d{n.Line, n.Column, n.Message} },
		func(p Position, msg string, err error) error {
			return &Error{Offset: p.Offset, Msg: p.String() + msg, Err: err}
		})
	want := []d{{1, 1, "zeroth 0"}, {3, 1, "second"}, {2, 1, "first"}}
	if len(diags) != 3 || diags[0] != want[0] || diags[1] != want[1] || diags[2] != want[2] {
		t.Errorf("diagnostics = %v", diags)
	}
	if err == nil || !strings.Contains(err.Error(), "more than 3 diagnostics") {
		t.Errorf("error = %v", err)
	}
	st.DropDiags(1)
	if st.Over() != nil || st.Diags() != 1 {
		t.Error("DropDiags")
	}
}

func (p Position) String() string { return FormatPosition(p.Line, p.Column, p.Path) }

// A field must belong to its object, and its accessor must return a part
// of it: else the schema is wrong, and building it panics.
func TestSchemaMistakes(t *testing.T) {
	panics := func(name string, f func()) {
		t.Helper()
		defer func() {
			if recover() == nil {
				t.Errorf("%s: no panic", name)
			}
		}()
		f()
	}
	var elsewhere string
	panics("other type", func() {
		NewObject[invocation.Invocation]("X", StringField("InstanceId", Always, func(v *invocation.InvokeInstance) *string { return &v.InstanceID }))
	})
	panics("not a field", func() {
		StringField("X", Always, func(*invocation.Invocation) *string { return &elsewhere })
	})
	panics("other items", func() {
		ListField("X", Always, Invocation, func(v *invocation.Invocation) *[]invocation.InvokeInstance { return &v.Instances })
	})
}

func TestZero(t *testing.T) {
	var inv invocation.Invocation
	p := unsafe.Pointer(&inv)
	for i := range Invocation.Fields {
		f := &Invocation.Fields[i]
		if !f.zero(f.value(p)) {
			t.Errorf("%s of the zero invocation is not zero", f.Name)
		}
	}
	inv = invocation.Invocation{InvokeID: "t", CommandType: "x", Timed: true, CreationTime: time.Unix(1, 0), Instances: make([]invocation.InvokeInstance, 1)}
	for _, name := range []string{"InvokeId", "CommandType", "Timed", "CreationTime", "InvokeInstances"} {
		if f, _ := Invocation.Lookup(name, false); f.zero(f.value(p)) {
			t.Errorf("%s is zero", name)
		}
	}
	var r invocation.Response
	r.PageSize = 1
	if f, _ := Response.Lookup("PageSize", false); f.zero(f.value(unsafe.Pointer(&r))) {
		t.Error("PageSize 1 is zero")
	}
}

// header reads and writes slices of any item type as the language lays
// them out.
func TestHeader(t *testing.T) {
	s := make([]invocation.InvokeInstance, 2, 5)
	h := (*header)(unsafe.Pointer(&s))
	if unsafe.Sizeof(header{}) != unsafe.Sizeof(s) || h.data != unsafe.Pointer(&s[0]) || h.len != 2 || h.cap != 5 {
		t.Fatalf("header %+v of a slice of 2 and capacity 5", *h)
	}
	if h.item(Instance, 1) != unsafe.Pointer(&s[1]) {
		t.Error("item 1")
	}
	h.len = 1
	if len(s) != 1 {
		t.Error("len")
	}
}
