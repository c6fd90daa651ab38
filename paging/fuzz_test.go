package paging_test

import (
	"errors"
	"net/url"
	"strconv"
	"testing"

	"github.com/ecsassist/cloudassistant/apierror"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/internal/corpus"
	"github.com/ecsassist/cloudassistant/paging"
)

// FuzzParse checks that Parse never panics, that what it accepts is valid
// and parses again from its own parameters to the same request, and that
// what it refuses is a 400 *apierror.Error with a paging code. Seeded
// from testdata/queries.txt.
func FuzzParse(f *testing.F) {
	for _, q := range corpus.Lines(f, "testdata/queries.txt") {
		f.Add(q)
	}

	codes := map[apierror.Code]bool{
		apierror.InvalidParamPageNumber: true, apierror.InvalidParamPageSize: true, apierror.InvalidParameterMaxResults: true,
	}
	f.Fuzz(func(t *testing.T, query string) {
		q, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		req, err := paging.Parse(q)
		if err != nil {
			var apiErr *apierror.Error
			if !errors.As(err, &apiErr) || !codes[apiErr.Code] || apiErr.HTTPStatus != 400 {
				t.Fatalf("Parse(%q) error %v: want a 400 *apierror.Error with a paging code", query, err)
			}
			return
		}
		again := url.Values{}
		if req.ByToken {
			require.NoError(t, req.Cursor.Validate())
			again.Set("MaxResults", strconv.Itoa(req.Cursor.MaxResults))
			again.Set("NextToken", req.Cursor.NextToken)
		} else {
			require.NoError(t, req.Page.Validate())
			again.Set("PageNumber", strconv.Itoa(req.Page.Number))
			again.Set("PageSize", strconv.Itoa(req.Page.Size))
		}
		req2, err := paging.Parse(again)
		require.NoError(t, err)
		require.Equal(t, req, req2)
	})
}
