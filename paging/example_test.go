package paging_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/ecsassist/cloudassistant/paging"
)

// A server reads the paging parameters of a request and cuts the page.
func ExampleParse() {
	invocations := []string{"t-1", "t-2", "t-3", "t-4", "t-5"}
	q, _ := url.ParseQuery("PageNumber=2&PageSize=2")
	req, err := paging.Parse(q)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(req.Page, paging.Slice(invocations, req.Page), "TotalCount", len(invocations))

	q, _ = url.ParseQuery("PageSize=500")
	_, err = paging.Parse(q)
	fmt.Println(err)
	// Output:
	// {2 2} [t-3 t-4] TotalCount 5
	// apierror: InvalidParam.PageSize (HTTP 400): The specified parameter "PageSize" is not valid: "500" is not an integer from 1 to 50.
}

// A client walks every item of every numbered page. Here the "server" is a
// local list.
func ExampleAllByPage() {
	remote := []string{"t-1", "t-2", "t-3", "t-4", "t-5"}
	fetch := func(_ context.Context, p paging.Page) (paging.Answer[string], error) {
		return paging.Answer[string]{Items: paging.Slice(remote, p), Total: len(remote)}, nil
	}
	id := func(s string) string { return s }
	for inv, err := range paging.AllByPage(context.Background(), paging.Page{Number: 1, Size: 2}, fetch, id) {
		if err != nil {
			fmt.Println("error:", err)
			break
		}
		fmt.Print(inv, " ")
	}
	fmt.Println()
	// Output:
	// t-1 t-2 t-3 t-4 t-5
}

// An item that a fetch could only read in part comes with its own error,
// and the walk goes on; the loop decides what to do with it.
func ExampleAllByPage_itemErrors() {
	remote := []string{"t-1", "draft", "t-3"}
	fetch := func(_ context.Context, p paging.Page) (paging.Answer[string], error) {
		a := paging.Answer[string]{Total: len(remote)}
		for _, text := range paging.Slice(remote, p) {
			var err error
			if !strings.HasPrefix(text, "t-") {
				err = fmt.Errorf("not an InvokeId: %q", text)
			}
			a.Items = append(a.Items, text)
			a.Errs = append(a.Errs, err)
		}
		return a, nil
	}
	id := func(s string) string { return s }
	for inv, err := range paging.AllByPage(context.Background(), paging.DefaultPage, fetch, id) {
		if err != nil {
			fmt.Println("skipped:", err)
			continue
		}
		fmt.Println(inv)
	}
	// Output:
	// t-1
	// skipped: not an InvokeId: "draft"
	// t-3
}

// tokenFetch serves remote in token style; the fake server's token is the
// offset of the next page.
func tokenFetch(remote []string) paging.FetchToken[string] {
	return func(_ context.Context, c paging.Cursor) (paging.Answer[string], error) {
		var start int
		fmt.Sscan(c.NextToken, &start)
		end := min(start+c.MaxResults, len(remote))
		a := paging.Answer[string]{Items: remote[start:end]}
		if end < len(remote) {
			a.Next = fmt.Sprint(end)
		}
		return a, nil
	}
}

// A client walks every item in token style.
func ExampleAllByToken() {
	fetch := tokenFetch([]string{"t-1", "t-2", "t-3"})
	for inv, err := range paging.AllByToken(context.Background(), paging.Cursor{MaxResults: 2}, fetch) {
		if err != nil {
			fmt.Println("error:", err)
			break
		}
		fmt.Print(inv, " ")
	}
	fmt.Println()
	// Output:
	// t-1 t-2 t-3
}

// A walk goes on from a NextToken that an earlier walk, or a request of
// the caller's own, stopped at.
func ExampleAllByToken_resume() {
	fetch := tokenFetch([]string{"t-1", "t-2", "t-3", "t-4", "t-5"})
	start := paging.Cursor{MaxResults: 2, NextToken: "2"}
	for inv, err := range paging.AllByToken(context.Background(), start, fetch) {
		if err != nil {
			fmt.Println("error:", err)
			break
		}
		fmt.Print(inv, " ")
	}
	fmt.Println()
	// Output:
	// t-3 t-4 t-5
}

// Pages cuts a local list into numbered pages.
func ExamplePages() {
	for p, items := range paging.Pages([]int{1, 2, 3, 4, 5}, 2) {
		fmt.Println(p.Number, items)
	}
	// Output:
	// 1 [1 2]
	// 2 [3 4]
	// 3 [5]
}
