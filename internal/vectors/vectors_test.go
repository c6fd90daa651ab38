package vectors

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ecsassist/cloudassistant/xmlcodec"
)

// TestWrite writes the vectors into a folder that holds a stale response
// document and checks that Write replaces everything it builds, removes
// the stale document and leaves a schema alone.
func TestWrite(t *testing.T) {
	out := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(out, "responses"), 0o755))
	stale := filepath.Join(out, "responses", "gone.xml")
	schema := filepath.Join(out, "status.schema.json")
	require.NoError(t, os.WriteFile(stale, []byte("<x/>"), 0o644))
	require.NoError(t, os.WriteFile(schema, []byte("{}"), 0o644))
	require.NoError(t, Write(root, out))

	for name, want := range built(t) {
		got, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
		require.NoError(t, err)
		require.Equal(t, string(want), string(got), name)
	}
	require.NoFileExists(t, stale)
	require.FileExists(t, schema)
}

func TestFilesWithoutSeeds(t *testing.T) {
	_, err := Files(t.TempDir())
	require.ErrorIs(t, err, os.ErrNotExist)
	require.ErrorContains(t, err, "vectors: ")
	require.Error(t, Write(t.TempDir(), t.TempDir()))
}

func TestRender(t *testing.T) {
	type finding struct{ Rule string }
	type vector struct {
		Name     string
		Findings []finding
	}
	tests := []struct {
		name    string
		in      any
		want    string
		wantErr string
	}{
		{
			name: "scalars and arrays of scalars stay on one line",
			in:   map[string]any{"A": []int{1, 2}, "B": "x"},
			want: "{\n  \"A\": [1,2],\n  \"B\": \"x\"\n}\n",
		},
		{
			name: "elements of arrays of objects take a line each",
			in:   map[string]any{"V": []map[string]int{{"a": 1}, {"b": 2}}},
			want: "{\n  \"V\": [\n    {\"a\":1},\n    {\"b\":2}\n  ]\n}\n",
		},
		{
			name: "an element with an array of objects is laid out too",
			in:   []vector{{Name: "n", Findings: []finding{{"r1"}, {"r2"}}}, {Name: "m"}},
			want: "[\n  {\n    \"Name\": \"n\",\n    \"Findings\": [\n      {\"Rule\":\"r1\"},\n      {\"Rule\":\"r2\"}\n    ]\n  },\n  {\"Name\":\"m\",\"Findings\":null}\n]\n",
		},
		{
			name: "empty object and HTML characters",
			in:   map[string]any{"E": map[string]int{}, "X": "<a>&"},
			want: "{\n  \"E\": {},\n  \"X\": \"<a>&\"\n}\n",
		},
		{
			name: "characters that do not print are escaped",
			in:   []string{"\u00a0a\u200b", "\U000e0001", "é中"},
			want: "[\"\\u00a0a\\u200b\",\"\\udb40\\udc01\",\"é中\"]\n",
		},
		{
			name:    "a value JSON cannot hold",
			in:      map[string]any{"F": func() {}},
			wantErr: "vectors: json: unsupported type: func()",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := render(tt.in)
			if tt.wantErr != "" {
				require.EqualError(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("render mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCondition(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{name: "syntax", err: fmt.Errorf("x: %w", xmlcodec.ErrSyntax), want: "syntax"},
		{name: "value", err: xmlcodec.ErrValue, want: "value"},
		{name: "limit", err: &xmlcodec.DecodeError{Line: 1, Column: 1, Err: xmlcodec.ErrLimit}, want: "limit"},
		{name: "reading the input failed", err: errors.New("disk on fire"), want: "other"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, condition(tt.err))
		})
	}
}

// jsonValue generates JSON values of any shape: scalars, strings of any
// characters, arrays and objects, nested a few levels.
func jsonValue(depth int) *rapid.Generator[any] {
	scalar := rapid.OneOf(
		rapid.Just[any](nil),
		rapid.Map(rapid.Bool(), func(b bool) any { return b }),
		rapid.Map(rapid.Int(), func(n int) any { return float64(n) }),
		rapid.Map(rapid.String(), func(s string) any { return s }),
	)
	if depth == 0 {
		return scalar
	}
	inner := jsonValue(depth - 1)
	return rapid.OneOf(
		scalar,
		rapid.Map(rapid.SliceOfN(inner, 0, 4), func(v []any) any { return v }),
		rapid.Map(rapid.MapOfN(rapid.String(), inner, 0, 4), func(m map[string]any) any { return m }),
	)
}

// TestRenderRoundTrip checks that render changes the layout of a value,
// never the value: decoding what it writes gives back what was written.
func TestRenderRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := jsonValue(3).Draw(t, "value")
		out, err := render(v)
		require.NoError(t, err)
		var back any
		require.NoError(t, json.Unmarshal(out, &back), "%s", out)
		// Marshalling replaces invalid UTF-8; compare with what it keeps.
		want, err := json.Marshal(v)
		require.NoError(t, err)
		var wantBack any
		require.NoError(t, json.Unmarshal(want, &wantBack))
		if diff := cmp.Diff(wantBack, back); diff != "" {
			t.Fatalf("render changed the value (-want +got):\n%s\n%s", diff, out)
		}
	})
}
