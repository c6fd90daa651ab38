package fakehttp_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/jsoncodec"
	"github.com/ecsassist/cloudassistant/status"
	"github.com/ecsassist/cloudassistant/xmlcodec"
)

// fleet is a service loaded with 30 invocations: t-00 (oldest) to t-29.
func fleet(t testing.TB) *fake.Service {
	t.Helper()
	s, err := fake.NewService(fake.Config{})
	require.NoError(t, err)
	for i := range 30 {
		inv := invocation.Invocation{
			InvokeID: fmt.Sprintf("t-%02d", i), CommandID: fmt.Sprintf("c-%d", i%3), CommandName: fmt.Sprintf("cmd-%d", i%2),
			CommandType: []invocation.CommandType{invocation.RunShellScript, invocation.RunBatScript}[i%2], Timed: i%5 == 0,
			CreationTime: time.Unix(int64(1_600_000_000+i), 0).UTC(),
			Instances: []invocation.InvokeInstance{
				{InstanceID: fmt.Sprintf("i-%d", i%4), InstanceInvokeStatus: []status.Legacy{status.LegacyFinished, status.LegacyFailed, status.LegacyRunning}[i%3]},
			},
		}
		require.NoError(t, s.Load(inv))
	}
	return s
}

var requestID = regexp.MustCompile(`^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$`)

type answer struct {
	status int
	resp   invocation.Response
	err    *apierror.Error
}

// get sends params by GET, or by POST form when post is set, and decodes
// the answer in the format it says it is.
func get(t *testing.T, ts *httptest.Server, params string, post bool) answer {
	t.Helper()
	var res *http.Response
	var err error
	if post {
		res, err = ts.Client().PostForm(ts.URL+"/", must(url.ParseQuery(params)))
	} else {
		res, err = ts.Client().Get(ts.URL + "/?" + params)
	}
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	a := answer{status: res.StatusCode}
	isJSON := strings.HasPrefix(res.Header.Get("Content-Type"), "application/json")
	if res.StatusCode == http.StatusOK {
		if isJSON {
			a.resp, err = jsoncodec.DecodeResponse(body)
		} else {
			a.resp, err = xmlcodec.DecodeResponse(body)
		}
		require.NoError(t, err, "%s", body)
		require.Regexp(t, requestID, a.resp.RequestID)
		return a
	}
	if isJSON {
		a.err, err = jsoncodec.DecodeAPIError(body)
	} else {
		a.err, err = xmlcodec.DecodeAPIError(body)
	}
	require.NoError(t, err, "%s", body)
	require.Regexp(t, requestID, a.err.RequestID)
	require.Equal(t, "ecs.aliyuncs.com", a.err.HostID)
	return a
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

const base = "Action=DescribeInvocations&RegionId=cn-hangzhou"

// Every parameter, by GET and by POST, in both formats.
func TestParameters(t *testing.T) {
	ts := httptest.NewServer(&fakehttp.Handler{Service: fleet(t)})
	defer ts.Close()
	tests := []struct {
		params    string
		wantIDs   []string
		wantTotal int
	}{
		{"", []string{"t-29", "t-28", "t-27", "t-26", "t-25", "t-24", "t-23", "t-22", "t-21", "t-20"}, 30},
		{"&PageSize=3&PageNumber=2", []string{"t-26", "t-25", "t-24"}, 30},
		{"&PageSize=50&PageNumber=2", nil, 30},
		{"&InvokeId=t-07", []string{"t-07"}, 1},
		{"&CommandId=c-1&PageSize=3", []string{"t-28", "t-25", "t-22"}, 10},
		{"&CommandName=cmd-1&PageSize=2", []string{"t-29", "t-27"}, 15},
		{"&CommandName=cmd-1&InstanceId=i-2&PageSize=50", []string{"t-26", "t-22", "t-18", "t-14", "t-10", "t-06", "t-02"}, 7},
		{"&CommandType=RunBatScript&PageSize=1", []string{"t-29"}, 15},
		{"&Type=RunShellScript&PageSize=1", []string{"t-28"}, 15},
		{"&Timed=true&PageSize=50", []string{"t-25", "t-20", "t-15", "t-10", "t-05", "t-00"}, 6},
		{"&Timed=False&PageSize=1", []string{"t-29"}, 24},
		{"&InvokeStatus=failed&PageSize=2", []string{"t-28", "t-22"}, 8}, // periodic ones are Running
		{"&InvokeStatus=Running&Timed=true&PageSize=50", []string{"t-25", "t-20", "t-15", "t-10", "t-05", "t-00"}, 6},
		{"&InstanceId=i-3&PageSize=2", []string{"t-27", "t-23"}, 7},
		{"&InstanceId=i-3&InvokeStatus=PartialFailed&PageSize=1", []string{"t-27"}, 7},
	}
	for _, tt := range tests {
		for _, format := range []string{"", "&Format=xml", "&Format=JSON"} {
			for _, post := range []bool{false, true} {
				a := get(t, ts, base+tt.params+format, post)
				require.Equal(t, http.StatusOK, a.status, tt.params)
				require.Equal(t, tt.wantIDs, ids(a.resp), "%s%s post=%v", tt.params, format, post)
				require.Equal(t, tt.wantTotal, a.resp.TotalCount, tt.params)
			}
		}
	}
	// Parameters from the query string and the form body together.
	res, err := ts.Client().Post(ts.URL+"/?Action=DescribeInvocations&Format=JSON", "application/x-www-form-urlencoded",
		strings.NewReader("RegionId=cn-hangzhou&InvokeId=t-03"))
	require.NoError(t, err)
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	r, err := jsoncodec.DecodeResponse(body)
	require.NoError(t, err)
	require.Equal(t, []string{"t-03"}, ids(r))
}

// Token paging walks every invocation once.
func TestTokenPaging(t *testing.T) {
	ts := httptest.NewServer(&fakehttp.Handler{Service: fleet(t)})
	defer ts.Close()
	var got []string
	token := ""
	for range 20 {
		a := get(t, ts, base+"&Format=JSON&MaxResults=7&NextToken="+url.QueryEscape(token), false)
		require.Equal(t, http.StatusOK, a.status)
		got = append(got, ids(a.resp)...)
		if token = a.resp.NextToken; token == "" {
			break
		}
	}
	require.Len(t, got, 30)
	require.Equal(t, "t-29", got[0])
	require.Equal(t, "t-00", got[29])
}

// Every error code, in both formats, with its HTTP status.
func TestErrors(t *testing.T) {
	ts := httptest.NewServer(&fakehttp.Handler{Service: fleet(t)})
	defer ts.Close()
	tests := []struct {
		params string
		code   apierror.Code
		status int
	}{
		{"RegionId=cn-hangzhou", apierror.InvalidActionNotFound, 404},
		{"Action=RunPythonScript&RegionId=cn-hangzhou", apierror.InvalidActionNotFound, 404},
		{"Action=DescribeInvocations", apierror.MissingParameterRegionID, 400},
		{"Action=DescribeInvocations&RegionId=mars-1", apierror.InvalidRegionIDNotFound, 404},
		{base + "&CommandType=RunPythonScript", apierror.InvalidParameterCommandType, 400},
		{base + "&CommandType=RunBatScript&Type=RunShellScript", apierror.InvalidParameterCommandType, 400},
		{base + "&Timed=maybe", apierror.InvalidParameterTimed, 400},
		{base + "&InvokeStatus=Done", apierror.InvalidParameterInvokeStatus, 400},
		{base + "&PageNumber=0", apierror.InvalidParamPageNumber, 400},
		{base + "&PageSize=51", apierror.InvalidParamPageSize, 400},
		{base + "&MaxResults=0", apierror.InvalidParameterMaxResults, 400},
		{base + "&NextToken=forged", apierror.InvalidParameterNextToken, 400},
	}
	for _, tt := range tests {
		for _, format := range []string{"&Format=XML", "&Format=json"} {
			a := get(t, ts, tt.params+format, false)
			require.Equal(t, tt.status, a.status, tt.params)
			require.Equal(t, tt.code, a.err.Code, tt.params)
			require.NotEmpty(t, a.err.Message)
		}
	}
	a := get(t, ts, base+"&Format=YAML", false)
	require.Equal(t, 400, a.status)
	require.Equal(t, apierror.InvalidParameterFormat, a.err.Code, "answered in XML")

	ts2 := httptest.NewServer(&fakehttp.Handler{})
	defer ts2.Close()
	a = get(t, ts2, base, false)
	require.Equal(t, 500, a.status, "no store")
	require.Equal(t, apierror.InternalErrorDispatch, a.err.Code)

	res, err := ts.Client().Post(ts.URL+"/?"+base, "application/x-www-form-urlencoded", strings.NewReader("%zz"))
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, 400, res.StatusCode, "a malformed form body")
}

func TestRegions(t *testing.T) {
	svc, err := fake.NewService(fake.Config{Regions: []string{"local-1"}})
	require.NoError(t, err)
	ts := httptest.NewServer(&fakehttp.Handler{Service: svc, HostID: "ecs.local"})
	defer ts.Close()
	res, err := ts.Client().Get(ts.URL + "/?Action=DescribeInvocations&RegionId=cn-hangzhou&Format=JSON")
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, 404, res.StatusCode)
	e, err := jsoncodec.DecodeAPIError(body)
	require.NoError(t, err)
	require.Equal(t, "ecs.local", e.HostID)
	a := get(t, ts, "Action=DescribeInvocations&RegionId=local-1", false)
	require.Equal(t, 200, a.status)
}

// A fault rate answers that fraction with InternalError.Dispatch, the same
// requests for the same seed.
func TestFaults(t *testing.T) {
	pattern := func(seed uint64) string {
		ts := httptest.NewServer(&fakehttp.Handler{Service: fleet(t), FaultRate: 0.3, Seed: seed})
		defer ts.Close()
		var b strings.Builder
		for range 200 {
			a := get(t, ts, base+"&Format=JSON", false)
			if a.status == 500 {
				require.Equal(t, apierror.InternalErrorDispatch, a.err.Code)
				b.WriteByte('x')
			} else {
				b.WriteByte('.')
			}
		}
		return b.String()
	}
	p1, p2, p3 := pattern(7), pattern(7), pattern(8)
	require.Equal(t, p1, p2, "reproducible for a seed")
	require.NotEqual(t, p1, p3)
	faults := strings.Count(p1, "x")
	require.InDelta(t, 60, faults, 25, "about 30%% of 200")
}

func TestLogging(t *testing.T) {
	var buf bytes.Buffer
	ts := httptest.NewServer(&fakehttp.Handler{Service: fleet(t), Logger: slog.New(slog.NewJSONHandler(&buf, nil))})
	defer ts.Close()
	get(t, ts, base+"&PageSize=51", false)
	var line map[string]any
	require.NoError(t, json.Unmarshal(bytes.TrimSpace(buf.Bytes()), &line))
	require.Equal(t, "request", line["msg"])
	require.Equal(t, "DescribeInvocations", line["action"])
	require.Equal(t, float64(400), line["status"])
	require.Equal(t, "InvalidParam.PageSize", line["code"])
	require.Regexp(t, requestID, line["request_id"])
}

// Today's SDKs send the action and version as x-acs-* headers, the
// parameters in the query string, no Format, and expect JSON.
func TestSignatureV3Style(t *testing.T) {
	ts := httptest.NewServer(&fakehttp.Handler{Service: fleet(t)})
	defer ts.Close()
	send := func(query string) (int, string, []byte) {
		req, err := http.NewRequest(http.MethodPost, ts.URL+"/?"+query, nil)
		require.NoError(t, err)
		req.Header.Set("x-acs-action", "DescribeInvocations")
		req.Header.Set("x-acs-version", "2014-05-26")
		req.Header.Set("Accept", "application/json")
		res, err := ts.Client().Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header.Get("Content-Type"), body
	}
	code, ctype, body := send("RegionId=cn-hangzhou&InvokeId=t-04&SignatureNonce=n&AccessKeyId=k&Version=2014-05-26")
	require.Equal(t, 200, code)
	require.True(t, strings.HasPrefix(ctype, "application/json"))
	r, err := jsoncodec.DecodeResponse(body)
	require.NoError(t, err)
	require.Equal(t, []string{"t-04"}, ids(r), "the common parameters are not filters")

	code, _, body = send("RegionId=mars-1")
	require.Equal(t, 404, code)
	e, err := jsoncodec.DecodeAPIError(body)
	require.NoError(t, err, "errors in JSON too")
	require.Equal(t, apierror.InvalidRegionIDNotFound, e.Code)

	code, ctype, _ = send("RegionId=cn-hangzhou&Format=XML")
	require.Equal(t, 200, code)
	require.True(t, strings.HasPrefix(ctype, "text/xml"), "a Format named wins")

	// The action as a parameter, signed in the v3 style: JSON too.
	req, err := http.NewRequest(http.MethodGet, ts.URL+"/?"+base, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "ACS3-HMAC-SHA256 Credential=k,SignedHeaders=host,Signature=00")
	res, err := ts.Client().Do(req)
	require.NoError(t, err)
	res.Body.Close()
	require.True(t, strings.HasPrefix(res.Header.Get("Content-Type"), "application/json"))
}

// The order of the checks: the front end's (path, method, limits,
// readable parameters), then the signature, then an injected fault, then
// the operation's parameters. An injected fault stands for the service
// failing to dispatch: a request the front end or the signature turns
// away never gets that far.
func TestOrderOfChecks(t *testing.T) {
	h := &fakehttp.Handler{Service: fleet(t), FaultRate: 1, AccessKeys: map[string]string{"ak": "secret"}, Now: func() time.Time { return clock }}
	tests := []struct {
		name string
		req  func() *http.Request
		want apierror.Code
	}{
		{"path", func() *http.Request { return httptest.NewRequest("GET", "/x?"+base, nil) }, apierror.InvalidAPINotFound},
		{"method", func() *http.Request { return httptest.NewRequest("PUT", "/?"+base, nil) }, apierror.MethodNotAllowed},
		{"limits", func() *http.Request { return httptest.NewRequest("GET", "/?"+base+numbered(1000), nil) }, apierror.InvalidParameterParameterLimit},
		{"parameters that cannot be read", func() *http.Request { return httptest.NewRequest("GET", "/?%zz", nil) }, apierror.InvalidParameter},
		{"a parameter given twice", func() *http.Request { return httptest.NewRequest("GET", "/?"+base+"&"+base, nil) }, apierror.InvalidParameter},
		{"the signature", func() *http.Request { return httptest.NewRequest("GET", "/?"+base, nil) }, apierror.IncompleteSignature},
		{"the fault, before the parameters", func() *http.Request {
			p := v1Params("o1", clock)
			p.Set("PageSize", "99")
			return httptest.NewRequest("GET", "/?"+signV1(p, "secret"), nil)
		}, apierror.InternalErrorDispatch},
	}
	for _, tt := range tests {
		_, e := serve(t, h, tt.req())
		require.Equal(t, tt.want, e.Code, "%s: %s", tt.name, e.Message)
	}
	h.DeleteFaults() // the rule FaultRate made at first use
	p := v1Params("o2", clock)
	p.Set("PageSize", "99")
	_, e := serve(t, h, httptest.NewRequest("GET", "/?"+signV1(p, "secret"), nil))
	require.Equal(t, apierror.InvalidParamPageSize, e.Code, "then the parameters")
}
