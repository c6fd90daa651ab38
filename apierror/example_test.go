package apierror_test

import (
	"errors"
	"fmt"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/paging"
)

// API errors, from this module's validation or from a response, are
// reached with errors.As.
func ExampleError() {
	_, err := paging.Parse(map[string][]string{"PageNumber": {"0"}})
	var apiErr *apierror.Error
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.Code, apiErr.HTTPStatus)
	}
	// Output:
	// InvalidParam.PageNumber 400
}
