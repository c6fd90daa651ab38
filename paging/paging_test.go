package paging_test

import (
	"errors"
	"net/url"
	"testing"

	"github.com/ecsassist/cloudassistant/apierror"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/paging"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name     string
		query    string
		want     paging.Request
		wantCode apierror.Code
		wantMsg  string
		reason   string
	}{
		{name: "defaults", query: "",
			want: paging.Request{Page: paging.Page{Number: 1, Size: 10}}},
		{name: "page and size", query: "PageNumber=3&PageSize=50",
			want: paging.Request{Page: paging.Page{Number: 3, Size: 50}}},
		{name: "size only", query: "PageSize=1",
			want: paging.Request{Page: paging.Page{Number: 1, Size: 1}}},
		{name: "large page number", query: "PageNumber=1000000",
			want: paging.Request{Page: paging.Page{Number: 1000000, Size: 10}}},
		{name: "first value counts", query: "PageSize=5&PageSize=500",
			want: paging.Request{Page: paging.Page{Number: 1, Size: 5}}},
		{name: "page number zero", query: "PageNumber=0", wantCode: apierror.InvalidParamPageNumber,
			wantMsg: `apierror: InvalidParam.PageNumber (HTTP 400): The specified parameter "PageNumber" is not valid: "0" is not an integer of at least 1.`},
		{name: "page number negative", query: "PageNumber=-2", wantCode: apierror.InvalidParamPageNumber},
		{name: "page number text", query: "PageNumber=two", wantCode: apierror.InvalidParamPageNumber},
		{name: "page number empty", query: "PageNumber=", wantCode: apierror.InvalidParamPageNumber,
			reason: "present but empty is not absent"},
		{name: "page number overflow", query: "PageNumber=99999999999999999999", wantCode: apierror.InvalidParamPageNumber},
		{name: "page size 51", query: "PageSize=51", wantCode: apierror.InvalidParamPageSize,
			wantMsg: `apierror: InvalidParam.PageSize (HTTP 400): The specified parameter "PageSize" is not valid: "51" is not an integer from 1 to 50.`,
			reason:  "never clamped"},
		{name: "page size 0", query: "PageSize=0", wantCode: apierror.InvalidParamPageSize},
		{name: "page size fraction", query: "PageSize=2.5", wantCode: apierror.InvalidParamPageSize},
		{name: "page size padded", query: "PageSize=%205", wantCode: apierror.InvalidParamPageSize},
		{name: "max results", query: "MaxResults=7",
			want: paging.Request{ByToken: true, Cursor: paging.Cursor{MaxResults: 7}}},
		{name: "next token only", query: "NextToken=abc",
			want: paging.Request{ByToken: true, Cursor: paging.Cursor{MaxResults: 10, NextToken: "abc"}}},
		{name: "empty next token is token style", query: "NextToken=",
			want: paging.Request{ByToken: true, Cursor: paging.Cursor{MaxResults: 10}}},
		{name: "token style ignores page parameters", query: "MaxResults=50&PageSize=999&PageNumber=x",
			want:   paging.Request{ByToken: true, Cursor: paging.Cursor{MaxResults: 50}},
			reason: "with MaxResults or NextToken present, PageNumber and PageSize are ignored, as the vendor's reference says"},
		{name: "max results 51", query: "MaxResults=51", wantCode: apierror.InvalidParameterMaxResults,
			wantMsg: `apierror: InvalidParameter.MaxResults (HTTP 400): The specified parameter "MaxResults" is not valid: "51" is not an integer from 1 to 50.`},
		{name: "max results empty", query: "MaxResults=&NextToken=x", wantCode: apierror.InvalidParameterMaxResults},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := url.ParseQuery(tt.query)
			require.NoError(t, err)
			got, err := paging.Parse(q)
			if tt.wantCode != "" {
				var apiErr *apierror.Error
				require.True(t, errors.As(err, &apiErr), "Parse(%q) error %v, want an *apierror.Error (%s)", tt.query, err, tt.reason)
				require.Equal(t, tt.wantCode, apiErr.Code)
				require.Equal(t, 400, apiErr.HTTPStatus)
				if tt.wantMsg != "" {
					require.EqualError(t, err, tt.wantMsg)
				}
				return
			}
			require.NoError(t, err, tt.reason)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse(%q) mismatch (-want +got):\n%s\n%s", tt.query, diff, tt.reason)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		wantCode apierror.Code
	}{
		{"default page", paging.DefaultPage.Validate(), ""},
		{"largest page", paging.Page{Number: 7, Size: 50}.Validate(), ""},
		{"zero page", paging.Page{}.Validate(), apierror.InvalidParamPageNumber},
		{"zero size", paging.Page{Number: 1}.Validate(), apierror.InvalidParamPageSize},
		{"size 51", paging.Page{Number: 1, Size: 51}.Validate(), apierror.InvalidParamPageSize},
		{"default cursor", paging.DefaultCursor.Validate(), ""},
		{"cursor 50", paging.Cursor{MaxResults: 50, NextToken: "x"}.Validate(), ""},
		{"zero cursor", paging.Cursor{}.Validate(), apierror.InvalidParameterMaxResults},
		{"cursor 51", paging.Cursor{MaxResults: 51}.Validate(), apierror.InvalidParameterMaxResults},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.wantCode == "" {
				require.NoError(t, tt.err)
				return
			}
			var apiErr *apierror.Error
			require.True(t, errors.As(tt.err, &apiErr))
			require.Equal(t, tt.wantCode, apiErr.Code)
			require.Equal(t, 400, apiErr.HTTPStatus)
		})
	}
}

func TestSlice(t *testing.T) {
	list := []string{"a", "b", "c", "d", "e"}
	tests := []struct {
		name string
		page paging.Page
		want []string
	}{
		{"first", paging.Page{Number: 1, Size: 2}, []string{"a", "b"}},
		{"middle", paging.Page{Number: 2, Size: 2}, []string{"c", "d"}},
		{"last partial", paging.Page{Number: 3, Size: 2}, []string{"e"}},
		{"past the end", paging.Page{Number: 4, Size: 2}, []string{}},
		{"far past the end", paging.Page{Number: 1 << 62, Size: 1 << 40}, []string{}},
		{"all in one", paging.Page{Number: 1, Size: 50}, list},
		{"larger than MaxPageSize", paging.Page{Number: 1, Size: 100}, list},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := paging.Slice(list, tt.page)
			require.Equal(t, tt.want, got)
			require.Equal(t, len(got), cap(got), "a page must not expose the items after it")
		})
	}
	require.PanicsWithValue(t, "paging: Slice of an invalid page: Number and Size must be at least 1", func() {
		paging.Slice(list, paging.Page{Number: 0, Size: 2})
	})
	require.Panics(t, func() { paging.Slice(list, paging.Page{Number: 1}) })
	require.PanicsWithValue(t, "paging: Pages of a size less than 1", func() { paging.Pages(list, 0) })
}

func TestOffsetAndNext(t *testing.T) {
	require.Equal(t, 0, paging.Page{}.Offset())
	require.Equal(t, 20, paging.Page{Number: 3, Size: 10}.Offset())
	require.Equal(t, int(^uint(0)>>1), paging.Page{Number: 1 << 62, Size: 1 << 40}.Offset(), "saturates")

	next, ok := paging.Page{Number: 1, Size: 10}.Next(11)
	require.True(t, ok)
	require.Equal(t, paging.Page{Number: 2, Size: 10}, next)
	_, ok = paging.Page{Number: 1, Size: 10}.Next(10)
	require.False(t, ok)
	_, ok = paging.Page{Number: 2, Size: 10}.Next(0)
	require.False(t, ok)
	_, ok = paging.Page{Number: int(^uint(0) >> 1), Size: 1}.Next(5)
	require.False(t, ok, "no page after the largest number")
}

func TestPagesEarlyStop(t *testing.T) {
	var n int
	for p, items := range paging.Pages([]int{1, 2, 3, 4, 5}, 2) {
		n++
		require.Equal(t, n, p.Number)
		require.NotEmpty(t, items)
		if n == 2 {
			break
		}
	}
	require.Equal(t, 2, n)
	for range paging.Pages([]int(nil), 3) {
		t.Fatal("an empty list has no pages")
	}
}
