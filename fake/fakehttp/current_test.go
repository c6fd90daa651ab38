package fakehttp_test

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// The current edition's parameters, read and refused as the current edition of the vendor's reference says.
func TestParseQueryCurrent(t *testing.T) {
	long := func(n int) string { return strings.Repeat("é", n) }
	tests := []struct {
		name     string
		query    string
		want     func(q *fake.DescribeInvocationsRequest)
		wantCode apierror.Code
		reason   string
	}{
		{name: "resource group", query: "&ResourceGroupId=rg-1", want: func(q *fake.DescribeInvocationsRequest) { q.ResourceGroupID = "rg-1" }},
		{name: "repeat mode, any case", query: "&RepeatMode=everyreboot", want: func(q *fake.DescribeInvocationsRequest) { q.RepeatMode = invocation.EveryReboot }},
		{name: "repeat mode DryRun is not a filter", query: "&RepeatMode=DryRun", wantCode: apierror.InvalidParameterRepeatMode},
		{name: "unknown repeat mode", query: "&RepeatMode=Weekly", wantCode: apierror.InvalidParameterRepeatMode},
		{name: "tags in the order of N", query: "&Tag.2.Key=b&Tag.1.Key=a&Tag.1.Value=x",
			want: func(q *fake.DescribeInvocationsRequest) {
				q.Tags = []invocation.Tag{{Key: "a", Value: "x"}, {Key: "b"}}
			}},
		{name: "tag 20 of 64 and 128 characters", query: "&Tag.20.Key=" + long(64) + "&Tag.20.Value=" + long(128),
			want: func(q *fake.DescribeInvocationsRequest) { q.Tags = []invocation.Tag{{Key: long(64), Value: long(128)}} }},
		{name: "a Tag parameter without a number is not a tag", query: "&Tag.x.Key=a&Tag.1.Color=red&Tag.+1.Key=b", want: func(*fake.DescribeInvocationsRequest) {}},
		{name: "tag 21", query: "&Tag.21.Key=a", wantCode: apierror.NumberExceedTags},
		{name: "tag 0", query: "&Tag.0.Key=a", wantCode: apierror.NumberExceedTags},
		{name: "a Tag.N with a leading zero is not a tag", query: "&Tag.1.Key=a&Tag.01.Key=b", reason: "Tag.01 would be a second Tag.1, read in no order",
			want: func(q *fake.DescribeInvocationsRequest) { q.Tags = []invocation.Tag{{Key: "a"}} }},
		{name: "a key twice", query: "&Tag.1.Key=a&Tag.3.Key=a", wantCode: apierror.DuplicateTagKey},
		{name: "an empty key", query: "&Tag.1.Key=", wantCode: apierror.InvalidTagKeyMalformed},
		{name: "a key of 65 characters", query: "&Tag.1.Key=" + long(65), wantCode: apierror.InvalidTagKeyMalformed},
		{name: "a value of 129 characters", query: "&Tag.1.Key=a&Tag.1.Value=" + long(129), wantCode: apierror.InvalidTagValueMalformed},
		{name: "a value without its key", query: "&Tag.1.Value=x", wantCode: apierror.MissingParameterTagKey},
		{name: "plain text", query: "&ContentEncoding=plaintext", want: func(q *fake.DescribeInvocationsRequest) { q.ContentEncoding = fake.PlainText }},
		{name: "Base64", query: "&ContentEncoding=BASE64", want: func(q *fake.DescribeInvocationsRequest) { q.ContentEncoding = fake.Base64 }},
		{name: "other encoding", query: "&ContentEncoding=UTF-8", wantCode: apierror.InvalidParameterContentEncoding},
		{name: "output of one invocation", query: "&IncludeOutput=True&InvokeId=t-1",
			want: func(q *fake.DescribeInvocationsRequest) { q.IncludeOutput, q.InvokeID = true, "t-1" }},
		{name: "output of one instance", query: "&IncludeOutput=true&InstanceId=i-1",
			want: func(q *fake.DescribeInvocationsRequest) { q.IncludeOutput, q.InstanceID = true, "i-1" }},
		{name: "no output", query: "&IncludeOutput=false", want: func(*fake.DescribeInvocationsRequest) {}},
		{name: "output of everything", query: "&IncludeOutput=true", wantCode: apierror.InvalidParameterIncludeOutput,
			reason: "the vendor allows IncludeOutput only with InvokeId or InstanceId"},
		{name: "output, not a boolean", query: "&IncludeOutput=yes&InvokeId=t-1", wantCode: apierror.InvalidParameterIncludeOutput},
	}
	svc, err := fake.NewService(fake.Config{})
	require.NoError(t, err)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := url.ParseQuery(base + tt.query)
			require.NoError(t, err)
			got, err := fakehttp.ParseDescribeInvocations(v)
			if err == nil && tt.wantCode != "" {
				// The tag rules are the Service's, for every operation.
				_, err = svc.DescribeInvocations(got)
			}
			if tt.wantCode != "" {
				var apiErr *apierror.Error
				require.True(t, errors.As(err, &apiErr), "%v (%s)", err, tt.reason)
				require.Equal(t, tt.wantCode, apiErr.Code, apiErr.Message)
				require.Equal(t, 400, apiErr.HTTPStatus)
				return
			}
			require.NoError(t, err)
			want, err := fakehttp.ParseDescribeInvocations(must(url.ParseQuery(base)))
			require.NoError(t, err)
			tt.want(&want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("query mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// currentFleet stores invocations of the current edition in two resource
// groups, with tags, repeat modes, content and output.
func currentFleet(t *testing.T) *fake.Service {
	t.Helper()
	s, err := fake.NewService(fake.Config{})
	require.NoError(t, err)
	modes := []invocation.RepeatMode{invocation.Once, invocation.Period, invocation.EveryReboot}
	for i := range 6 {
		inv := invocation.Invocation{
			InvokeID: fmt.Sprintf("t-%d", i), CommandID: "c-1", RepeatMode: modes[i%3], Timed: modes[i%3] == invocation.Period,
			CommandContent: fmt.Sprintf("echo %d", i), Tags: []invocation.Tag{{Key: "team", Value: []string{"ops", "dev"}[i%2]}},
			Instances: []invocation.InvokeInstance{{InstanceID: fmt.Sprintf("i-%d", i%2), InstanceInvokeStatus: status.LegacyFinished,
				InvocationStatus: status.CurrentSuccess, Output: fmt.Sprintf("out %d\n", i), Dropped: invocation.Some[int32](0),
				ExitCode: invocation.Some[int64](0)}},
		}
		if i == 5 {
			inv.Tags = append(inv.Tags, invocation.Tag{Key: "env", Value: "prod"})
		}
		require.NoError(t, s.LoadInGroup([]string{"rg-a", "rg-b"}[i/3], inv))
	}
	return s
}

func TestStoreCurrentFilters(t *testing.T) {
	s := currentFleet(t)
	tests := []struct {
		name  string
		query string
		want  []string
	}{
		{"everything", "", []string{"t-0", "t-1", "t-2", "t-3", "t-4", "t-5"}},
		{"resource group", "&ResourceGroupId=rg-b", []string{"t-3", "t-4", "t-5"}},
		{"unknown resource group", "&ResourceGroupId=rg-x", nil},
		{"repeat mode", "&RepeatMode=Period", []string{"t-1", "t-4"}},
		{"repeat mode is ignored with an instance", "&RepeatMode=Period&InstanceId=i-0", []string{"t-0", "t-2", "t-4"}},
		{"a tag", "&Tag.1.Key=team&Tag.1.Value=dev", []string{"t-1", "t-3", "t-5"}},
		{"a key alone matches any value", "&Tag.1.Key=team", []string{"t-0", "t-1", "t-2", "t-3", "t-4", "t-5"}},
		{"every tag must match", "&Tag.1.Key=team&Tag.1.Value=dev&Tag.2.Key=env", []string{"t-5"}},
		{"an unknown tag", "&Tag.1.Key=owner", nil},
		{"filters together", "&ResourceGroupId=rg-a&Tag.1.Key=team&Tag.1.Value=ops", []string{"t-0", "t-2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := fakehttp.ParseDescribeInvocations(must(url.ParseQuery(base + tt.query + "&PageSize=50")))
			require.NoError(t, err)
			r, err := s.DescribeInvocations(q)
			require.NoError(t, err)
			require.ElementsMatch(t, tt.want, ids(r))
			require.Equal(t, len(tt.want), r.TotalCount)
		})
	}
}

// The store keeps content and output as plain text; a response carries
// them Base64-encoded unless asked for plain text, and output only when
// asked for.
func TestStoreContentEncoding(t *testing.T) {
	s := currentFleet(t)
	describe := func(query string) invocation.Invocation {
		t.Helper()
		q, err := fakehttp.ParseDescribeInvocations(must(url.ParseQuery(base + "&InvokeId=t-2" + query)))
		require.NoError(t, err)
		r, err := s.DescribeInvocations(q)
		require.NoError(t, err)
		require.Len(t, r.Invocations, 1)
		return r.Invocations[0]
	}
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

	inv := describe("")
	require.Equal(t, b64("echo 2"), inv.CommandContent, "Base64 by default")
	require.Empty(t, inv.Instances[0].Output, "no output unless asked for")
	require.False(t, inv.Instances[0].Dropped.Set, "no Dropped unless asked for")
	require.Equal(t, invocation.Some[int64](0), inv.Instances[0].ExitCode, "the exit code is not output")

	inv = describe("&ContentEncoding=PlainText")
	require.Equal(t, "echo 2", inv.CommandContent)

	inv = describe("&IncludeOutput=true")
	require.Equal(t, b64("out 2\n"), inv.Instances[0].Output)
	require.Equal(t, invocation.Some[int32](0), inv.Instances[0].Dropped)

	inv = describe("&IncludeOutput=true&ContentEncoding=plaintext")
	require.Equal(t, "out 2\n", inv.Instances[0].Output)

	inv = describe("&IncludeOutput=true&ContentEncoding=PlainText")
	require.Equal(t, "echo 2", inv.CommandContent, "describing changes nothing stored")
	require.Equal(t, "out 2\n", inv.Instances[0].Output)
}

// A token is bound to the current edition's filters too.
func TestTokensBoundToCurrentFilters(t *testing.T) {
	s := currentFleet(t)
	q, err := fakehttp.ParseDescribeInvocations(must(url.ParseQuery(base + "&MaxResults=1&Tag.1.Key=team&Tag.1.Value=dev")))
	require.NoError(t, err)
	r, err := s.DescribeInvocations(q)
	require.NoError(t, err)
	require.NotEmpty(t, r.NextToken)
	require.Zero(t, r.PageNumber, "a token page carries no PageNumber")
	require.Zero(t, r.PageSize, "a token page carries no PageSize")
	for _, other := range []string{"&Tag.1.Key=team&Tag.1.Value=ops", "&Tag.1.Key=team", "&ResourceGroupId=rg-a&Tag.1.Key=team&Tag.1.Value=dev",
		"&RepeatMode=Once&Tag.1.Key=team&Tag.1.Value=dev"} {
		q2, err := fakehttp.ParseDescribeInvocations(must(url.ParseQuery(base + "&MaxResults=1&NextToken=" + r.NextToken + other)))
		require.NoError(t, err)
		_, err = s.DescribeInvocations(q2)
		var apiErr *apierror.Error
		require.True(t, errors.As(err, &apiErr), other)
		require.Equal(t, apierror.InvalidParameterNextToken, apiErr.Code, other)
	}
	// The same filters, in another order, take the token.
	q3, err := fakehttp.ParseDescribeInvocations(must(url.ParseQuery(base + "&MaxResults=1&Tag.7.Value=dev&Tag.7.Key=team&NextToken=" + r.NextToken)))
	require.NoError(t, err)
	_, err = s.DescribeInvocations(q3)
	require.NoError(t, err)
}

// Every new error code reaches a client in both formats, by GET and POST.
func TestCurrentErrorsOverHTTP(t *testing.T) {
	ts := httptest.NewServer(&fakehttp.Handler{Service: currentFleet(t)})
	defer ts.Close()
	tests := []struct {
		params string
		code   apierror.Code
	}{
		{"&RepeatMode=Weekly", apierror.InvalidParameterRepeatMode},
		{"&Tag.21.Key=a", apierror.NumberExceedTags},
		{"&Tag.1.Key=a&Tag.2.Key=a", apierror.DuplicateTagKey},
		{"&Tag.1.Key=", apierror.InvalidTagKeyMalformed},
		{"&Tag.1.Key=a&Tag.1.Value=" + strings.Repeat("v", 129), apierror.InvalidTagValueMalformed},
		{"&Tag.1.Value=v", apierror.MissingParameterTagKey},
		{"&ContentEncoding=hex", apierror.InvalidParameterContentEncoding},
		{"&IncludeOutput=true", apierror.InvalidParameterIncludeOutput},
	}
	for _, tt := range tests {
		for _, format := range []string{"&Format=XML", "&Format=json"} {
			for _, post := range []bool{false, true} {
				a := get(t, ts, base+tt.params+format, post)
				require.Equal(t, 400, a.status, tt.params)
				require.Equal(t, tt.code, a.err.Code, tt.params)
				require.NotEmpty(t, a.err.Message)
			}
		}
	}
}

// ids returns the InvokeIds of a response, in order.
func ids(r invocation.Response) []string {
	var out []string
	for _, inv := range r.Invocations {
		out = append(out, inv.InvokeID)
	}
	return out
}
