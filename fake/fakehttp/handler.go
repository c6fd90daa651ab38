package fakehttp

import (
	crand "crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fault"
	"github.com/ecsassist/cloudassistant/fake/journal"
	"github.com/ecsassist/cloudassistant/signature"

	"github.com/ecsassist/cloudassistant/jsoncodec"
	"github.com/ecsassist/cloudassistant/xmlcodec"
)

// Handler serves the API of a [fake.Service] over HTTP: every operation,
// at the path /, by GET, HEAD or POST, within limits, in XML or JSON, and
// checks signatures when given access keys (see the package documentation
// for each, and for the order in which they are checked); and the
// endpoints of [Control] under /_mock/. It applies fault rules (see
// AddFaults) and keeps a journal of the requests it answered (see
// Requests), each also served under /_mock/. Its fields are read when it
// serves; set them before. A Handler is safe for concurrent use, and must
// not be copied after first use. The zero Handler serves with the default
// limits, and without a Service answers every request with
// InternalError.Dispatch.
type Handler struct {
	// Service answers every operation: CreateCommand, DescribeCommands,
	// DeleteCommand, InvokeCommand, RunCommand, StopInvocation,
	// DescribeInvocationResults and DescribeInvocations. A fixture's
	// invocations are given to it with Service.Load.
	Service *fake.Service

	HostID string       // the HostId of error bodies; empty means "ecs.aliyuncs.com"
	Logger *slog.Logger // one line per request; nil means none

	// Seed seeds the generator that draws the Probability of fault rules
	// (see AddFaults): the same sequence of requests meets the same
	// faults.
	Seed uint64

	// FaultRate and FaultCode are the first way this package had to
	// inject faults, kept as a shorthand: a FaultRate above 0 is the
	// fault rule {Probability: FaultRate, Code: FaultCode}, made at the
	// Handler's first use, before any other rule, with a rule's defaults
	// (InternalError.Dispatch, 500, for an empty FaultCode; 400 for the
	// Throttling codes). A FaultRate above 1 acts as 1; below 0, and NaN,
	// makes no rule. The rule is listed, and deleted, as any other.
	FaultRate float64
	FaultCode apierror.Code

	// JournalSize bounds the journal of requests (see Requests): it keeps
	// the last JournalSize; zero means journal.DefaultSize, and a negative
	// size turns the journal off.
	JournalSize int

	// AccessKeys, when set, turns signature checking on: every request
	// must be signed (ACS3-HMAC-SHA256 or HMAC-SHA1) by one of these
	// AccessKeyId → secret pairs, within 15 minutes of Now, with a nonce
	// not used in the last 15 minutes. Secrets are never logged.
	AccessKeys map[string]string
	Now        func() time.Time // the server's clock; nil means time.Now

	// MaxNonces bounds the signature nonces remembered, each for 15
	// minutes after its use; zero means signature.DefaultMaxNonces. While that many
	// are remembered, a request with a new nonce is refused with
	// Throttling (400), until the oldest expire: forgetting a nonce early
	// would let its request be replayed.
	MaxNonces int

	// The limits of a request; zero means the default. A body over
	// MaxBodyBytes is InvalidParameter.RequestTooLarge (413), and is read no further than
	// the limit. More than MaxParams parameters, or a query string and
	// form body of more than MaxParamBytes together, is
	// InvalidParameter.ParameterLimit (400): parameters are counted (one more than
	// the '&' and ';' that separate them) before any is parsed.
	MaxBodyBytes  int64 // default DefaultMaxBodyBytes
	MaxParams     int   // default DefaultMaxParams
	MaxParamBytes int   // default DefaultMaxParamBytes

	signer  signature.Verifier // made from AccessKeys, Now and MaxNonces at first use
	signed  sync.Once
	buffers sync.Pool // of *[]byte, to encode responses into

	faults     *fault.Set // made at first use, by faultSet
	faultsMade sync.Once

	journal     *journal.Journal // made at first use, by journalOf; nil when off
	journalMade sync.Once
}

// outcome is what the log and the journal say of an answer.
type outcome struct {
	status  int
	format  Format
	code    apierror.Code // of an error
	action  string
	params  url.Values // as read, for the journal; nil when they could not be
	fault   int64      // the Id of the fault rule that applied
	control bool       // a request of the control endpoints, not journaled
	drop    bool       // the connection is to be dropped without an answer
}

// ServeHTTP answers one request: a request of the API with a RequestId
// whatever the answer, and, with a Service, a request under /_mock/ as
// Control does. Parameters are read from the URL query and, for a POST of
// a form, from the body, together.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	requestID := newRequestID()
	o := h.serveRecovered(w, r, requestID)
	if !o.control {
		h.record(r, start, &o)
	}
	if h.Logger != nil {
		attrs := []slog.Attr{
			slog.String("method", r.Method), slog.String("action", o.action), slog.Int("status", o.status),
			slog.String("format", string(o.format)), slog.String("request_id", requestID), slog.Duration("duration", time.Since(start)),
		}
		if o.code != "" {
			attrs = append(attrs, slog.String("code", string(o.code)))
		}
		if o.fault != 0 {
			attrs = append(attrs, slog.Int64("fault", o.fault))
		}
		h.Logger.LogAttrs(r.Context(), slog.LevelInfo, "request", attrs...)
	}
	if o.drop {
		drop(w)
	}
}

// serveRecovered serves r, and answers a panic while serving it (in the
// Service, such as its outcome function's, or here) with
// InternalError.Dispatch (500), logged with its stack to the Logger, or
// to slog's default logger without one. The Service never holds its lock
// across a panic, so the next request is served.
func (h *Handler) serveRecovered(w http.ResponseWriter, r *http.Request, requestID string) (o outcome) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if v == http.ErrAbortHandler {
			panic(v)
		}
		logPanic(r, h.Logger, requestID, v)
		format := FormatXML
		if f, err := parseFormat(requestParams(r, r.URL.Query())); err == nil {
			format = f
		}
		o = h.fail(w, format, requestID, apierror.New(apierror.InternalErrorDispatch, fault.Message(apierror.InternalErrorDispatch)))
		o.action = r.URL.Query().Get("Action")
	}()
	return h.serve(w, r, requestID)
}

// logPanic logs the panic v while serving r, with its stack, to logger,
// or to slog's default logger when it is nil.
func logPanic(r *http.Request, logger *slog.Logger, requestID string, v any) {
	if logger == nil {
		logger = slog.Default()
	}
	logger.LogAttrs(r.Context(), slog.LevelError, "panic serving a request", slog.String("path", r.URL.Path),
		slog.String("request_id", requestID), slog.Any("panic", v), slog.String("stack", string(debug.Stack())))
}

func (h *Handler) serve(w http.ResponseWriter, r *http.Request, requestID string) outcome {
	if h.Service != nil && isControl(r.URL.Path) {
		o := (&Control{Service: h.Service, h: h}).serve(w, r)
		o.control = true
		return o
	}
	form, body, e := h.front(w, r)
	if e != nil {
		// The parameters are not known: the error is in the format the
		// request's style implies.
		format := FormatXML
		if v3Style(r) {
			format = FormatJSON
		}
		o := h.fail(w, format, requestID, e)
		o.action = r.Header.Get("x-acs-action")
		return o
	}
	params := requestParams(r, form)
	format, formatErr := parseFormat(params)
	var o outcome
	if e := repeated(form); e != nil {
		o = h.fail(w, format, requestID, e)
	} else {
		o = h.answer(w, r, requestID, form, body, params, format, formatErr)
	}
	o.action = params.Get("Action")
	o.params = form
	return o
}

// answer answers a request whose parameters could be read: form and its
// body raw as sent,
// params with the action and format of a request in the style of
// signature version 3, and format as parseFormat read it, with formatErr.
func (h *Handler) answer(w http.ResponseWriter, r *http.Request, requestID string, form url.Values, raw []byte,
	params url.Values, format Format, formatErr error) outcome {
	if h.AccessKeys != nil {
		if err := h.verifier().Verify(r, raw, form); err != nil {
			return h.fail(w, format, requestID, signatureError(err))
		}
	}
	if h.Service == nil {
		return h.fail(w, format, requestID, apierror.New(apierror.InternalErrorDispatch, fault.Message(apierror.InternalErrorDispatch)))
	}
	action := params.Get("Action")
	var lost *apierror.Error
	applied := h.drawFault(action, params)
	if applied != nil {
		switch applied.Effect {
		case fault.EffectError:
			o := h.fail(w, format, requestID, applied.Err)
			o.fault = applied.ID
			return o
		case fault.EffectDrop:
			return outcome{format: format, fault: applied.ID, drop: true}
		case fault.EffectDelay:
			if !wait(r.Context(), applied.Delay) {
				// The client is gone: nothing is done, nothing answered.
				return outcome{format: format, fault: applied.ID}
			}
		case fault.EffectLost:
			lost = applied.Err
		}
	}
	o := h.operate(w, requestID, params, action, format, formatErr, lost)
	if applied != nil {
		o.fault = applied.ID
	}
	return o
}

// operate does the operation of a request whose parameters are params,
// and answers it, or, when lost is not nil, answers lost instead of what
// the operation answered.
func (h *Handler) operate(w http.ResponseWriter, requestID string, params url.Values, action string, format Format, formatErr error,
	lost *apierror.Error) outcome {
	op := operations[action]
	var err error
	switch {
	case formatErr != nil:
		err = formatErr
	case op != nil:
	case !params.Has("Action"):
		err = apierror.New(apierror.InvalidActionNotFound, "The specified action is not found: the parameter \"Action\" is missing.")
	default:
		err = apierror.New(apierror.InvalidActionNotFound, fmt.Sprintf("The specified action %q is not found.", action))
	}
	var write answer
	if err == nil {
		write, err = op(h.Service, params)
	}
	if lost != nil {
		return h.fail(w, format, requestID, lost)
	}
	if err != nil {
		return h.fail(w, format, requestID, asAPIError(err))
	}

	buf, _ := h.buffers.Get().(*[]byte)
	if buf == nil {
		buf = new([]byte)
	}
	out := write((*buf)[:0], format, action, requestID)
	if format == FormatJSON {
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
	} else {
		w.Header().Set("Content-Type", "text/xml;charset=utf-8")
	}
	w.WriteHeader(http.StatusOK)
	w.Write(out)
	// A ResponseWriter keeps no slice it is given: the buffer serves the
	// next response.
	if cap(out) <= maxPooled {
		*buf = out
		h.buffers.Put(buf)
	}
	return outcome{status: http.StatusOK, format: format}
}

// verifier returns the Verifier of the Handler's keys, clock and nonce
// bound, made at first use.
func (h *Handler) verifier() *signature.Verifier {
	h.signed.Do(func() { h.signer = signature.Verifier{Keys: h.AccessKeys, Now: h.Now, MaxNonces: h.MaxNonces} })
	return &h.signer
}

// signatureError is the API error of a signature that Verify refuses.
func signatureError(err error) *apierror.Error {
	var e *signature.Error
	if !errors.As(err, &e) {
		return apierror.New(apierror.InternalErrorDispatch, err.Error())
	}
	return &apierror.Error{Code: apierror.Code(e.Code), HTTPStatus: e.HTTPStatus, Message: e.Message}
}

// asAPIError returns err as the API error it is, or as
// InternalError.Dispatch.
func asAPIError(err error) *apierror.Error {
	if e, ok := err.(*apierror.Error); ok {
		return e
	}
	return apierror.New(apierror.InternalErrorDispatch, err.Error())
}

// Format is the format of an answer: FormatXML or FormatJSON.
type Format string

// The formats of answers.
const (
	FormatXML  Format = "XML"
	FormatJSON Format = "JSON"
)

// parseFormat reads the Format parameter: XML (the default) or JSON, in
// any case; other text is InvalidParameter.Format, with FormatXML.
func parseFormat(v url.Values) (Format, error) {
	if !v.Has("Format") {
		return FormatXML, nil
	}
	switch f := v.Get("Format"); {
	case strings.EqualFold(f, "XML"):
		return FormatXML, nil
	case strings.EqualFold(f, "JSON"):
		return FormatJSON, nil
	default:
		return FormatXML, apierror.Invalid(apierror.InvalidParameterFormat, "Format", f, "XML or JSON")
	}
}

// maxPooled is the largest buffer a Handler keeps for the next response.
const maxPooled = 256 << 10

// requestParams returns the parameters of r in either of the API's
// request styles. The RPC style (the reference's, and older SDKs') carries
// Action, Version and Format as parameters. The style of signature version
// 3 (today's SDKs) carries the action and version in the x-acs-action and
// x-acs-version headers, sends no Format and expects JSON: such a request
// is answered in JSON unless it names a Format. The common parameters of
// both styles (AccessKeyId, Signature…, Timestamp, Version) are not
// filters, and are passed over.
func requestParams(r *http.Request, v url.Values) url.Values {
	if !v3Style(r) || v.Has("Action") && v.Has("Format") {
		return v
	}
	v = maps.Clone(v)
	if action := r.Header.Get("x-acs-action"); !v.Has("Action") && action != "" {
		v.Set("Action", action)
	}
	if !v.Has("Format") {
		v.Set("Format", "JSON")
	}
	return v
}

// v3Style reports whether r is in the style of signature version 3.
func v3Style(r *http.Request) bool {
	return r.Header.Get("x-acs-action") != "" || strings.HasPrefix(r.Header.Get("Authorization"), "ACS3-")
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

// fail answers an API error in format.
func (h *Handler) fail(w http.ResponseWriter, format Format, requestID string, e *apierror.Error) outcome {
	body := *e
	body.RequestID = requestID
	if body.HostID = h.HostID; body.HostID == "" {
		body.HostID = "ecs.aliyuncs.com"
	}
	status := body.HTTPStatus
	if status == 0 {
		status = http.StatusInternalServerError
	}
	var out []byte
	if format == FormatJSON {
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		out = jsoncodec.AppendAPIError(nil, &body)
	} else {
		w.Header().Set("Content-Type", "text/xml;charset=utf-8")
		out = xmlcodec.AppendAPIError([]byte(xmlHeader), &body)
	}
	w.WriteHeader(status)
	w.Write(out)
	return outcome{status: status, format: format, code: e.Code}
}

// newRequestID returns a random id in the form of the API's, a UUID in
// upper-case hex.
func newRequestID() string {
	var b [16]byte
	crand.Read(b[:])
	b[6] = b[6]&0x0F | 0x40
	b[8] = b[8]&0x3F | 0x80
	return strings.ToUpper(fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]))
}
