package index

import (
	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/internal/listing"
	"github.com/ecsassist/cloudassistant/paging"
)

// NewPager starts a page of p, which is valid, over a listing whose
// filters have the fingerprint print (token paging only), with tokens
// sealed by key. A NextToken that key did not seal for print is
// InvalidParameter.NextToken, as the API answers any token it did not
// issue.
func NewPager(key *listing.Key, p paging.Request, print listing.Sum) (listing.Pager, error) {
	pg, err := listing.NewPager(key, p, print)
	if err != nil {
		return pg, apierror.Invalid(apierror.InvalidParameterNextToken, "NextToken", p.Cursor.NextToken, "a token this server issued for these filters")
	}
	return pg, nil
}
