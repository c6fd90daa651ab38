package listing_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ecsassist/cloudassistant/internal/listing"
	"github.com/ecsassist/cloudassistant/invocation"
)

// filter is a request with a field of every kind a Fingerprint writes.
type filter struct {
	op        string
	name      string
	count     int64
	flag      bool
	timeout   invocation.Optional[int64]
	timed     *bool
	instances []string
	tags      []invocation.Tag
}

func (x filter) sum() listing.Sum {
	f := listing.NewFingerprint(x.op)
	f.String("Name", x.name)
	f.Int("Count", x.count)
	f.Bool("Flag", x.flag)
	f.OptionalInt("Timeout", x.timeout)
	f.OptionalBool("Timed", x.timed)
	f.Strings("InstanceId", x.instances)
	f.Tags("Tag", x.tags)
	return f.Sum()
}

// canon returns what tells x from another filter: its values, with a
// nil list as an empty one and its tags as a sorted list of pairs.
func (x filter) canon() string {
	var tags []string
	for _, t := range x.tags {
		tags = append(tags, fmt.Sprintf("%q=%q", t.Key, t.Value))
	}
	slices.Sort(tags)
	timed := "absent"
	if x.timed != nil {
		timed = fmt.Sprint(*x.timed)
	}
	return fmt.Sprintf("%q %q %d %t %+v %s %q %q", x.op, x.name, x.count, x.flag, x.timeout, timed, x.instances, tags)
}

// Small alphabets, so that generated filters often share parts and
// differ in few places, and of strings whose encodings run together if
// lengths were not written (a, ab, b), some longer than the block a
// Fingerprint hashes at a time.
// long is longer than a Fingerprint's block.
var long = strings.Repeat("x", 250)

var (
	shortText = rapid.SampledFrom([]string{"", "a", "b", "ab", "ba", "a\x00", long + "a", long + "b", long[1:] + "ab"})
	anyTag    = rapid.Custom(func(t *rapid.T) invocation.Tag {
		return invocation.Tag{Key: shortText.Draw(t, "key"), Value: shortText.Draw(t, "value")}
	})
	anyFilter = rapid.Custom(func(t *rapid.T) filter {
		x := filter{
			op: rapid.SampledFrom([]string{"A", "B"}).Draw(t, "op"), name: shortText.Draw(t, "name"),
			count: rapid.Int64Range(-1, 1).Draw(t, "count"), flag: rapid.Bool().Draw(t, "flag"),
		}
		if rapid.Bool().Draw(t, "timeout set") {
			x.timeout = invocation.Some(rapid.Int64Range(0, 1).Draw(t, "timeout"))
		}
		if rapid.Bool().Draw(t, "timed set") {
			v := rapid.Bool().Draw(t, "timed")
			x.timed = &v
		}
		switch rapid.IntRange(0, 2).Draw(t, "instances kind") {
		case 1:
			x.instances = []string{}
		case 2:
			x.instances = rapid.SliceOfN(shortText, 1, 3).Draw(t, "instances")
		}
		if rapid.Bool().Draw(t, "tags non-nil") {
			x.tags = rapid.SliceOfN(anyTag, 0, 3).Draw(t, "tags")
		}
		return x
	})
)

// The order of tags does not count.
func TestFingerprintTagOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		x := anyFilter.Draw(t, "x")
		y := x
		y.tags = rapid.Permutation(x.tags).Draw(t, "shuffled")
		require.Equal(t, x.sum(), y.sum())
	})
}

// A nil list is an empty one.
func TestFingerprintNilIsEmpty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		x := anyFilter.Draw(t, "x")
		y := x
		x.instances, x.tags = nil, nil
		y.instances, y.tags = []string{}, []invocation.Tag{}
		require.Equal(t, x.sum(), y.sum())
	})
}

// Filters that differ give different fingerprints, and filters that do
// not, the same: a few thousand generated filters, many alike, map onto
// fingerprints one to one.
func TestFingerprintDistinct(t *testing.T) {
	byCanon := map[string]listing.Sum{}
	bySum := map[listing.Sum]string{}
	for i := range 4000 {
		x := anyFilter.Example(i)
		c, s := x.canon(), x.sum()
		if prev, ok := byCanon[c]; ok {
			require.Equal(t, prev, s, "the same filter, another fingerprint: %s", c)
		}
		if prev, ok := bySum[s]; ok {
			require.Equal(t, prev, c, "two filters, one fingerprint")
		}
		byCanon[c], bySum[s] = s, c
	}
	require.Greater(t, len(byCanon), 1000, "the generator makes filters of many kinds")
	require.Less(t, len(byCanon), 4000, "the generator makes filters alike")
}

// Where encodings without lengths or kinds would meet, the fingerprints
// differ.
func TestFingerprintBoundaries(t *testing.T) {
	yes := true
	no := false
	tests := []struct {
		name string
		a, b func(f *listing.Fingerprint)
	}{
		{name: "a string split elsewhere",
			a: func(f *listing.Fingerprint) { f.String("x", "ab"); f.String("y", "") },
			b: func(f *listing.Fingerprint) { f.String("x", "a"); f.String("y", "b") }},
		{name: "a name and a value run together",
			a: func(f *listing.Fingerprint) { f.String("ab", "") },
			b: func(f *listing.Fingerprint) { f.String("a", "b") }},
		{name: "a list of one and a string",
			a: func(f *listing.Fingerprint) { f.Strings("x", []string{"a"}) },
			b: func(f *listing.Fingerprint) { f.String("x", "a") }},
		{name: "list items split elsewhere",
			a: func(f *listing.Fingerprint) { f.Strings("x", []string{"ab", ""}) },
			b: func(f *listing.Fingerprint) { f.Strings("x", []string{"a", "b"}) }},
		{name: "a key and a value swapped",
			a: func(f *listing.Fingerprint) { f.Tags("t", []invocation.Tag{{Key: "a", Value: "b"}}) },
			b: func(f *listing.Fingerprint) { f.Tags("t", []invocation.Tag{{Key: "b", Value: "a"}}) }},
		{name: "a tag given twice",
			a: func(f *listing.Fingerprint) { f.Tags("t", []invocation.Tag{{Key: "a"}, {Key: "a"}}) },
			b: func(f *listing.Fingerprint) { f.Tags("t", []invocation.Tag{{Key: "a"}}) }},
		{name: "absent and zero",
			a: func(f *listing.Fingerprint) { f.OptionalInt("x", invocation.Optional[int64]{}) },
			b: func(f *listing.Fingerprint) { f.OptionalInt("x", invocation.Some[int64](0)) }},
		{name: "absent and false",
			a: func(f *listing.Fingerprint) { f.OptionalBool("x", nil) },
			b: func(f *listing.Fingerprint) { f.OptionalBool("x", &no) }},
		{name: "true and false",
			a: func(f *listing.Fingerprint) { f.OptionalBool("x", &yes) },
			b: func(f *listing.Fingerprint) { f.Bool("x", false) }},
		{name: "an int and a bool",
			a: func(f *listing.Fingerprint) { f.Int("x", 1) },
			b: func(f *listing.Fingerprint) { f.Bool("x", true) }},
		{name: "fields in another order",
			a: func(f *listing.Fingerprint) { f.String("x", "1"); f.String("y", "2") },
			b: func(f *listing.Fingerprint) { f.String("y", "2"); f.String("x", "1") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := listing.NewFingerprint("op"), listing.NewFingerprint("op")
			tt.a(&a)
			tt.b(&b)
			require.NotEqual(t, a.Sum(), b.Sum())
		})
	}
	a, b := listing.NewFingerprint("A"), listing.NewFingerprint("B")
	require.NotEqual(t, a.Sum(), b.Sum(), "another operation")
}

// A fingerprint of a request of usual size allocates nothing.
func TestFingerprintAllocs(t *testing.T) {
	tags := []invocation.Tag{{Key: "team", Value: "dev"}, {Key: "env", Value: "prod"}}
	var sum listing.Sum
	allocs := testing.AllocsPerRun(100, func() {
		f := listing.NewFingerprint("DescribeInvocationResults")
		f.String("RegionId", "cn-hangzhou")
		f.String("InvokeId", "t-0123456789abcdef0123456789abcdef")
		f.Strings("InstanceId", []string{"i-1", "i-2"})
		f.Tags("Tag", tags)
		sum = f.Sum()
	})
	require.Zero(t, allocs)
	require.NotZero(t, sum)
}
