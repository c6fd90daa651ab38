package listing_test

import (
	"errors"
	"fmt"
	"slices"

	"github.com/ecsassist/cloudassistant/internal/listing"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/paging"
)

// A fingerprint does not depend on the order of the tags, nor on whether
// an empty list is nil.
func ExampleFingerprint() {
	sum := func(instances []string, tags ...invocation.Tag) listing.Sum {
		f := listing.NewFingerprint("DescribeCommands")
		f.String("RegionId", "cn-hangzhou")
		f.Strings("InstanceId", instances)
		f.Tags("Tag", tags)
		return f.Sum()
	}
	team, env := invocation.Tag{Key: "team", Value: "dev"}, invocation.Tag{Key: "env", Value: "prod"}
	fmt.Println(sum(nil, team, env) == sum([]string{}, env, team))
	fmt.Println(sum(nil, team) == sum(nil, team, env))
	// Output:
	// true
	// false
}

// A token opens under the key that sealed it, for the fingerprint it was
// sealed for.
func ExampleKey_Seal() {
	var key listing.Key // a service draws its own at random
	print := listing.NewFingerprint("DescribeInvocations")
	filters := print.Sum()
	tok := key.Seal(listing.Position{Created: 1735787045, Order: 7}, filters)
	fmt.Println(tok)
	at, err := key.Open(tok, filters)
	fmt.Printf("%+v %v\n", at, err)
	_, err = key.Open(tok, listing.Sum{})
	fmt.Println(errors.Is(err, listing.ErrFilter))
	// Output:
	// AAAAAGd2AiUAAAAAAAAABwAAAAAAAAAA-GU7cIcdzt3wo4HXIzZZN90ZjO1XUy-e
	// {Created:1735787045 Order:7 Index:0 Run:0} <nil>
	// true
}

// cmd is a listing.Item.
type cmd struct {
	name    string
	created int64
	order   uint64
}

func (c cmd) Created() int64 { return c.created }
func (c cmd) Order() uint64  { return c.order }
func (c cmd) Removed() bool  { return false }

// Two pages by token over a List: the second starts after the first's
// last item, newest first.
func ExamplePager() {
	var l listing.List[cmd]
	for i, name := range []string{"a", "b", "c"} {
		l.Add(cmd{name, 100 + int64(i), uint64(i)})
	}
	var key listing.Key
	page := func(tok string) string {
		pg, err := listing.NewPager(&key, paging.Request{ByToken: true, Cursor: paging.Cursor{MaxResults: 2, NextToken: tok}}, listing.Sum{})
		if err != nil {
			panic(err)
		}
		var names []string
		for c := range l.Newest() {
			if pg.Take(listing.Position{Created: c.Created(), Order: c.Order()}) {
				names = append(names, c.name)
			}
		}
		fmt.Println(names, pg.Total(), pg.Next() != "")
		return pg.Next()
	}
	page(page(""))
	fmt.Println(slices.Collect(l.Newest())[0].name)
	// Output:
	// [c b] 3 true
	// [a] 3 false
	// c
}
