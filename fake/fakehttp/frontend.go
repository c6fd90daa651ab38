package fakehttp

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/ecsassist/cloudassistant/apierror"
)

// The default limits of a Handler, each counted per request.
const (
	DefaultMaxBodyBytes  = 1 << 20 // bytes of a request body
	DefaultMaxParams     = 1000    // parameters in the query string and a form body together
	DefaultMaxParamBytes = 1 << 20 // bytes of the query string and a form body together
)

// allowed is the Allow header of a 405: the methods the API is served by.
const allowed = "GET, HEAD, POST"

// front checks what the API's front end checks before a request reaches
// the operation, up to reading its parameters: the path, the method, the
// size of the body and of the parameters, and whether the parameters can
// be read. It returns the parameters of the query string and a form body
// together, and the body as it was sent (for the signature).
func (h *Handler) front(w http.ResponseWriter, r *http.Request) (url.Values, []byte, *apierror.Error) {
	if p := r.URL.Path; p != "/" && p != "" {
		return nil, nil, apierror.New(apierror.InvalidAPINotFound, "Specified api is not found, please check your url and method.")
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodPost:
	default:
		w.Header().Set("Allow", allowed)
		return nil, nil, apierror.New(apierror.MethodNotAllowed,
			fmt.Sprintf("The method %q is not allowed: the API takes GET, HEAD and POST.", r.Method))
	}
	body, e := h.readBody(w, r)
	if e != nil {
		return nil, nil, e
	}

	// Count before parsing: a parameter costs a string, a map entry and a
	// slice, separators cost nothing to count. A ';' is counted as the
	// separator it would be to an older parser; it is refused below.
	query := r.URL.RawQuery
	isForm := r.Method == http.MethodPost && formBody(r.Header.Get("Content-Type"))
	n, size := countParams(query), len(query)
	if isForm {
		n, size = n+countFormParams(body), size+len(body)
	}
	if limit := positive(h.MaxParams, DefaultMaxParams); n > limit {
		return nil, nil, apierror.New(apierror.InvalidParameterParameterLimit,
			fmt.Sprintf("The request carries up to %d parameters, more than the %d a request may carry.", n, limit))
	}
	if limit := positive(h.MaxParamBytes, DefaultMaxParamBytes); size > limit {
		return nil, nil, apierror.New(apierror.InvalidParameterParameterLimit,
			fmt.Sprintf("The parameters take %d bytes, more than the %d a request may carry.", size, limit))
	}

	params, err := url.ParseQuery(query)
	if err != nil {
		return nil, nil, apierror.New(apierror.InvalidParameter, "The query string cannot be read: "+err.Error()+".")
	}
	if isForm {
		f, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, nil, apierror.New(apierror.InvalidParameter, "The form body cannot be read: "+err.Error()+".")
		}
		for k, vs := range f {
			params[k] = append(params[k], vs...)
		}
	}
	return params, body, nil
}

// repeated returns the error for a parameter given more than once, or
// nil: the API's parameters take one value each (lists are Name.1,
// Name.2…), and a signature cannot be trusted to cover a second value.
func repeated(params url.Values) *apierror.Error {
	var twice []string
	for k, vs := range params {
		if len(vs) > 1 {
			twice = append(twice, k)
		}
	}
	if len(twice) == 0 {
		return nil
	}
	k := slices.Min(twice)
	return apierror.New(apierror.InvalidParameter,
		fmt.Sprintf("The parameter %q is given %d times; a request gives each parameter once.", k, len(params[k])))
}

// readBody reads the body of r, up to the limit.
func (h *Handler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, *apierror.Error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	limit := h.MaxBodyBytes
	if limit <= 0 {
		limit = DefaultMaxBodyBytes
	}
	tooLarge := apierror.New(apierror.InvalidParameterRequestTooLarge,
		fmt.Sprintf("The request body is larger than the %d bytes a request may carry.", limit))
	if r.ContentLength > limit {
		return nil, tooLarge
	}
	// MaxBytesReader also tells the server to close the connection rather
	// than drain what is left.
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		if tooBig := new(http.MaxBytesError); errors.As(err, &tooBig) {
			return nil, tooLarge
		}
		return nil, apierror.New(apierror.InvalidParameter, "The request body cannot be read: "+err.Error()+".")
	}
	return body, nil
}

// formBody reports whether a body of the content type ct holds
// parameters.
func formBody(ct string) bool {
	ct, _, _ = strings.Cut(ct, ";")
	return strings.EqualFold(strings.TrimSpace(ct), "application/x-www-form-urlencoded")
}

// countParams returns the number of parameters s holds at most: one more
// than its separators.
func countParams(s string) int {
	if s == "" {
		return 0
	}
	return strings.Count(s, "&") + strings.Count(s, ";") + 1
}

// countFormParams is countParams of a body, which is not copied to be
// counted.
func countFormParams(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	return bytes.Count(b, []byte("&")) + bytes.Count(b, []byte(";")) + 1
}

func positive(v, otherwise int) int {
	if v > 0 {
		return v
	}
	return otherwise
}
