package fakehttp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake"
)

// The endpoints of the fake's whole state and fleet, under /_mock/; see
// "Reset, state and fleet" in the package documentation.

// Reset resets what a Handler serves: its Service (fake.Service.Reset),
// and the Handler's fault rules, journal and signature nonces, as POST
// /_mock/reset does.
func (h *Handler) Reset() {
	if h.Service != nil {
		h.Service.Reset()
	}
	h.ResetFaults()
	h.ResetJournal()
	h.verifier().Reset()
}

// serveReset serves POST /_mock/reset.
func (c *Control) serveReset(w http.ResponseWriter, r *http.Request) outcome {
	if _, failed := controlQuery(w, r, []string{http.MethodPost}, nil); failed != nil {
		return *failed
	}
	if c.h != nil {
		c.h.Reset()
	} else {
		c.Service.Reset()
	}
	return writeControl(w, http.StatusOK, fmt.Appendf(nil, `{"Now":%q}`, c.Service.Now().UTC().Format(time.RFC3339)))
}

// serveState serves GET /_mock/state: the Service's State as JSON, with
// an ETag, or 304 when If-None-Match names it.
func (c *Control) serveState(w http.ResponseWriter, r *http.Request) outcome {
	if _, failed := controlQuery(w, r, []string{http.MethodGet}, nil); failed != nil {
		return *failed
	}
	// The revision is read before the state: if the service changes in
	// between, the tag is older than the document, and the next poll
	// reads the document again rather than keep a stale one.
	tag := stateTag(c.Service.Revision())
	w.Header().Set("ETag", tag)
	w.Header().Set("Cache-Control", "no-cache")
	if matchesTag(r.Header.Values("If-None-Match"), tag) {
		w.WriteHeader(http.StatusNotModified)
		return outcome{status: http.StatusNotModified, format: FormatJSON}
	}
	b, err := json.Marshal(c.Service.State())
	if err != nil {
		panic(err) // the state is strings, numbers and times
	}
	return writeControl(w, http.StatusOK, b)
}

// serveInstances serves /_mock/instances: GET lists the fleet, POST
// {"Instances":[…]} adds or changes instances (fake.InstanceChange, in a
// fleet file's shape) and lists the fleet after the change.
func (c *Control) serveInstances(w http.ResponseWriter, r *http.Request) outcome {
	if _, failed := controlQuery(w, r, []string{http.MethodGet, http.MethodPost}, nil); failed != nil {
		return *failed
	}
	fleet := c.Service.Instances()
	if r.Method == http.MethodPost {
		body, failed := controlBody(w, r)
		if failed != nil {
			return *failed
		}
		var in struct{ Instances *[]fake.InstanceChange }
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&in); err != nil || dec.More() {
			if err == nil {
				err = errors.New("more than one JSON value")
			}
			return controlFail(w, http.StatusBadRequest, apierror.InvalidParameter,
				`The request body is not {"Instances":[{"InstanceId":"i-…","OS":"linux","Status":"Running","Agent":"Running","ResourceGroupId":"…","Tags":{}}]}: `+err.Error()+".")
		}
		if in.Instances == nil {
			return controlFail(w, http.StatusBadRequest, "MissingParameter.Instances", `The member "Instances" that is mandatory for changing the fleet is not supplied.`)
		}
		var err error
		if fleet, err = c.Service.ChangeInstances(*in.Instances); err != nil {
			return controlFail(w, http.StatusBadRequest, apierror.InvalidParameter, err.Error()+".")
		}
	}
	b, err := json.Marshal(struct{ Instances []fake.Instance }{fleet})
	if err != nil {
		panic(err) // instances are strings
	}
	return writeControl(w, http.StatusOK, b)
}

// stateTag is the entity tag of the state document of a service at
// revision rev (fake.Service.Revision): equal revisions of a service
// mean equal documents, so a poll that names it is answered 304 without
// the document being built.
func stateTag(rev uint64) string {
	return `"` + strconv.FormatUint(rev, 36) + `"`
}

// matchesTag reports whether the If-None-Match header list names tag, or
// is "*", comparing weakly as RFC 9110 asks for If-None-Match.
func matchesTag(list []string, tag string) bool {
	for _, v := range list {
		for _, t := range strings.Split(v, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == "*" || t == tag {
				return true
			}
		}
	}
	return false
}
