package fakehttp_test

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
	"github.com/ecsassist/cloudassistant/internal/wire"
)

// hostile holds what a string writer must get right: quotes and a
// backslash, markup, the two characters JavaScript reads as line ends,
// invalid UTF-8 (a stray byte, a cut sequence), every control byte with
// NUL and DEL, characters XML 1.0 forbids, and characters of two, three
// and four bytes.
const hostile = `"quoted" 'apos' \back\ <b>&amp;</b> ]]> ` + "\u2028\u2029 \xff\xfe \xe2\x80 \uFFFE\uFFFF é中😀 " +
	"\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f end"

// An operation's answer and where in it the string is.
type written struct {
	op, member string
}

// Every operation that writes CommandContent or Output, in both formats,
// writes the same string as the same bytes, which read back as the string
// with what the format cannot hold replaced by U+FFFD.
func TestHostileStrings(t *testing.T) {
	clock := fake.NewVirtualClock(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))
	svc, err := fake.NewService(fake.Config{
		Clock:     clock,
		Instances: []fake.Instance{{InstanceID: "i-1"}},
		Outcome:   func(fake.Execution) fake.Result { return fake.Result{Output: hostile} },
	})
	require.NoError(t, err)
	h := &fakehttp.Handler{Service: svc}

	call := func(format string, params url.Values) string {
		params.Set("RegionId", "cn-hangzhou")
		params.Set("Format", format)
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(params.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		require.Equal(t, http.StatusOK, rec.Code, "%s: %s", params.Get("Action"), rec.Body)
		return rec.Body.String()
	}
	var ran struct{ CommandId, InvokeId string }
	require.NoError(t, json.Unmarshal([]byte(call("JSON", url.Values{
		"Action": {"RunCommand"}, "Type": {"RunShellScript"}, "ContentEncoding": {"PlainText"},
		"CommandContent": {hostile}, "KeepCommand": {"true"}, "InstanceId.1": {"i-1"},
	})), &ran))
	clock.Advance(time.Minute)

	for _, format := range []string{"XML", "JSON"} {
		t.Run(format, func(t *testing.T) {
			bodies := map[string]string{
				"DescribeInvocations": call(format, url.Values{"Action": {"DescribeInvocations"}, "InvokeId": {ran.InvokeId},
					"IncludeOutput": {"true"}, "ContentEncoding": {"PlainText"}}),
				"DescribeInvocationResults": call(format, url.Values{"Action": {"DescribeInvocationResults"}, "InvokeId": {ran.InvokeId},
					"ContentEncoding": {"PlainText"}}),
				"DescribeCommands": call(format, url.Values{"Action": {"DescribeCommands"}, "CommandId": {ran.CommandId},
					"ContentEncoding": {"PlainText"}}),
			}
			want := string(wire.AppendXMLText(nil, hostile))
			if format == "JSON" {
				quoted := wire.AppendJSONString(nil, hostile)
				want = string(quoted[1 : len(quoted)-1])
			}
			for _, w := range []written{
				{"DescribeInvocations", "CommandContent"},
				{"DescribeCommands", "CommandContent"},
				{"DescribeInvocations", "Output"},
				{"DescribeInvocationResults", "Output"},
			} {
				raw := rawText(t, format, bodies[w.op], w.member)
				require.Equal(t, want, raw, "%s as %s writes it", w.member, w.op)
				require.Equal(t, readBack(format, hostile), decodeText(t, format, raw), "%s as %s writes it, read back", w.member, w.op)
			}
		})
	}
}

// rawText returns the text of the one member named member in body, as
// written: escaped, without the JSON string's quotes.
func rawText(t *testing.T, format, body, member string) string {
	t.Helper()
	re := regexp.MustCompile(`<` + member + `>([^<]*)</` + member + `>`)
	if format == "JSON" {
		re = regexp.MustCompile(`"` + member + `":"((?:[^"\\]|\\.)*)"`)
	}
	m := re.FindAllStringSubmatch(body, -1)
	require.Len(t, m, 1, "%s in %s", member, body)
	return m[0][1]
}

// decodeText decodes the raw text of a member with the standard library.
func decodeText(t *testing.T, format, raw string) string {
	t.Helper()
	var s string
	if format == "JSON" {
		require.NoError(t, json.Unmarshal([]byte(`"`+raw+`"`), &s))
	} else {
		require.NoError(t, xml.Unmarshal([]byte(`<a>`+raw+`</a>`), &s))
	}
	return s
}

// readBack returns s as a format reads it back after writing it: each
// byte of invalid UTF-8 replaced by U+FFFD, and in XML each character XML
// 1.0 forbids too.
func readBack(format, s string) string {
	var b strings.Builder
	for _, r := range s { // an invalid byte reads as U+FFFD
		if format == "XML" && !(r == 0x09 || r == 0x0A || r == 0x0D || 0x20 <= r && r <= 0xD7FF ||
			0xE000 <= r && r <= 0xFFFD || 0x10000 <= r && r <= 0x10FFFF) {
			r = '\uFFFD'
		}
		b.WriteRune(r)
	}
	return b.String()
}
