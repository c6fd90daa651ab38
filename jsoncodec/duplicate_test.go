package jsoncodec_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/jsoncodec"
)

// Keys given twice that only JSON can write, and the input of issue 20,
// which the fuzzer found: strict decoding refuses each at the second key,
// lenient decoding keeps every item, with one diagnostic for each key
// given again. (Both codecs' cases are in internal/codectest.)
func TestDuplicateKeys(t *testing.T) {
	one := invocation.Member{Name: "", Kind: invocation.String}
	for _, tt := range []struct {
		name    string
		in      string
		wantErr string // strict
		want    invocation.Response
		diags   []string
	}{
		{
			name:    "the items' key in a wrapper",
			in:      `{"Invocations":{"Invocation":[{"InvokeId":"a"}],"Invocation":[{"InvokeId":"b"},{"InvokeId":"c"}]}}`,
			wantErr: `jsoncodec: line 1, column 49, Invocations.Invocation: key "Invocation" given twice, first at line 1, column 17`,
			want:    invocation.Response{Invocations: []invocation.Invocation{{InvokeID: "a"}, {InvokeID: "b"}, {InvokeID: "c"}}},
			diags: []string{`line 1, column 49, Invocations.Invocation: key "Invocation" given again, first at line 1, column 17: ` +
				`its items are added to the list`},
		},
		{
			name:    "a single item given again",
			in:      `{"Invocations":{"Invocation":[{"InvokeId":"a"}],"Invocation":{"InvokeId":"b"}}}`,
			wantErr: `key "Invocation" given twice, first at line 1, column 17`,
			want:    invocation.Response{Invocations: []invocation.Invocation{{InvokeID: "a"}, {InvokeID: "b"}}},
			diags: []string{
				`line 1, column 49, Invocations.Invocation: key "Invocation" given again, first at line 1, column 17: its items are added to the list`,
				`line 1, column 62, Invocations.Invocation: a single object where a list is expected, taken as a list of one`,
			},
		},
		{
			name:    "null after a value",
			in:      `{"TotalCount":3,"TotalCount":null}`,
			wantErr: `key "TotalCount" given twice, first at line 1, column 2`,
			want:    invocation.Response{},
			diags: []string{
				`line 1, column 17, TotalCount: key "TotalCount" given again, first at line 1, column 2: the last value is kept`,
				`line 1, column 30, TotalCount: null for an integer, taken as absent`,
			},
		},
		{
			name: "issue 20",
			in: `{"Invocations": {"Invocation": [{"": "","InvokeInstances": {"InvokeInstance": [{"": ""}, {"": ""}]},` +
				`"InvokeInstances": {}}]}}`,
			wantErr: `jsoncodec: line 1, column 101, Invocations.Invocation[0].InvokeInstances: key "InvokeInstances" given twice, first at line 1, column 41`,
			want: invocation.Response{Invocations: []invocation.Invocation{{
				Unknown:   []invocation.Member{one},
				Instances: []invocation.InvokeInstance{{Unknown: []invocation.Member{one}}, {Unknown: []invocation.Member{one}}},
			}}},
			diags: []string{`line 1, column 101, Invocations.Invocation[0].InvokeInstances: key "InvokeInstances" given again, ` +
				`first at line 1, column 41: its items are added to the list`},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := jsoncodec.DecodeResponse([]byte(tt.in))
			require.ErrorIs(t, err, jsoncodec.ErrDuplicate)
			require.ErrorContains(t, err, tt.wantErr)
			got, diags, err := lenient.DecodeResponse([]byte(tt.in))
			require.NoError(t, err)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Fatalf("(-want +got):\n%s", diff)
			}
			var lines []string
			for _, d := range diags {
				lines = append(lines, d.String())
				if errors.Is(d.Err, jsoncodec.ErrDuplicate) {
					require.Equal(t, d.Path, d.First.Path)
					require.Less(t, d.First.Offset, d.Offset)
				}
			}
			require.Equal(t, tt.diags, lines)
		})
	}
}
