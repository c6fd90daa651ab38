package paging_test

import (
	"context"
	"fmt"
	"net/url"

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
	fetch := func(_ context.Context, p paging.Page) ([]string, int, error) {
		return paging.Slice(remote, p), len(remote), nil
	}
	id := func(s string) string { return s }
	for inv, err := range paging.AllByPage(context.Background(), 2, fetch, id) {
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

// A client walks every item in token style; the fake server's token is the
// offset of the next page.
func ExampleAllByToken() {
	remote := []string{"t-1", "t-2", "t-3"}
	fetch := func(_ context.Context, c paging.Cursor) ([]string, string, error) {
		var start int
		fmt.Sscan(c.NextToken, &start)
		end := min(start+c.MaxResults, len(remote))
		next := ""
		if end < len(remote) {
			next = fmt.Sprint(end)
		}
		return remote[start:end], next, nil
	}
	for inv, err := range paging.AllByToken(context.Background(), 2, fetch) {
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
