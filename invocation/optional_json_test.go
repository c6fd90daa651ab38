package invocation_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ecsassist/cloudassistant/invocation"
)

func TestOptionalJSON(t *testing.T) {
	type doc struct {
		A invocation.Optional[int64] `json:",omitzero"`
		B invocation.Optional[int32]
	}
	b, err := json.Marshal(doc{B: invocation.Some[int32](0)})
	require.NoError(t, err)
	require.JSONEq(t, `{"B":0}`, string(b), "absent left out with omitzero; a present zero written")
	b, err = json.Marshal(doc{})
	require.NoError(t, err)
	require.JSONEq(t, `{"B":null}`, string(b))

	var d doc
	require.NoError(t, json.Unmarshal([]byte(`{"A":7,"B":null}`), &d))
	require.Equal(t, doc{A: invocation.Some[int64](7)}, d)
	require.Error(t, json.Unmarshal([]byte(`{"A":"7"}`), &d), "a value of the wrong type")
}

// Marshal then unmarshal is the identity, absent included.
func TestOptionalJSONRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		o := invocation.Optional[int64]{Value: rapid.Int64().Draw(t, "v"), Set: rapid.Bool().Draw(t, "set")}
		if !o.Set {
			o.Value = 0
		}
		b, err := json.Marshal(o)
		require.NoError(t, err)
		var got invocation.Optional[int64]
		require.NoError(t, json.Unmarshal(b, &got))
		require.Equal(t, o, got)
	})
}
