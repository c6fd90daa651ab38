package index_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/fake/internal/index"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// A Store keeps content and output as plain text; a Query asks for them
// in Base64 or plain, and for output or none.
func TestStoreDescribePresents(t *testing.T) {
	inv := mk("t-1", 0, status.LegacyFinished, status.LegacyFinished)
	inv.CommandContent = "echo hi"
	inv.Instances[0].Output, inv.Instances[0].Dropped = "hi\n", invocation.Some[int32](2)
	s := index.New(nil)
	require.NoError(t, s.Put(inv))
	tests := []struct {
		name        string
		q           index.Query
		wantContent string
		wantOutput  [2]string
		wantDropped invocation.Optional[int32]
	}{
		{"base64, no output", index.Query{}, "ZWNobyBoaQ==", [2]string{"", ""}, invocation.Optional[int32]{}},
		{"plain, no output", index.Query{PlainText: true}, "echo hi", [2]string{"", ""}, invocation.Optional[int32]{}},
		{"base64 output", index.Query{IncludeOutput: true}, "ZWNobyBoaQ==", [2]string{"aGkK", ""}, invocation.Some[int32](2)},
		{"plain output", index.Query{PlainText: true, IncludeOutput: true}, "echo hi", [2]string{"hi\n", ""}, invocation.Some[int32](2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := s.Describe(&tt.q)
			require.NoError(t, err)
			require.Len(t, r.Invocations, 1)
			got := r.Invocations[0]
			require.Equal(t, tt.wantContent, got.CommandContent)
			require.Equal(t, tt.wantOutput, [2]string{got.Instances[0].Output, got.Instances[1].Output})
			require.Equal(t, tt.wantDropped, got.Instances[0].Dropped)
			stored, _ := s.Get("t-1")
			require.Equal(t, inv.Instances[0].Output, stored.Instances[0].Output, "the store's copy is untouched")
		})
	}
}

func TestHasTags(t *testing.T) {
	have := []invocation.Tag{{Key: "env", Value: "prod"}, {Key: "team", Value: "ops"}}
	tests := []struct {
		name string
		want []invocation.Tag
		ok   bool
	}{
		{"none wanted", nil, true},
		{"one carried", []invocation.Tag{{Key: "env", Value: "prod"}}, true},
		{"any value of a key", []invocation.Tag{{Key: "team"}}, true},
		{"both carried", []invocation.Tag{{Key: "team", Value: "ops"}, {Key: "env"}}, true},
		{"another value", []invocation.Tag{{Key: "env", Value: "dev"}}, false},
		{"a key not carried", []invocation.Tag{{Key: "owner"}}, false},
		{"one of two not carried", []invocation.Tag{{Key: "env"}, {Key: "owner"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.ok, index.HasTags(have, tt.want))
		})
	}
}

// PutInGroup's group is matched by ResourceGroupID, and an invocation's
// tags by Tags.
func TestStorePutInGroup(t *testing.T) {
	s := index.New(nil)
	a := mk("t-a", 10, status.LegacyRunning)
	a.Tags = []invocation.Tag{{Key: "env", Value: "prod"}}
	require.NoError(t, s.PutInGroup("rg-1", a))
	require.NoError(t, s.PutInGroup("rg-2", mk("t-b", 20, status.LegacyRunning)))
	require.EqualError(t, s.PutInGroup("rg-1", invocation.Invocation{}), "index: Store.PutInGroup: empty InvokeId")
	tests := []struct {
		name string
		q    index.Query
		want []string
	}{
		{"every group", index.Query{}, []string{"t-b", "t-a"}},
		{"group rg-1", index.Query{ResourceGroupID: "rg-1"}, []string{"t-a"}},
		{"group rg-3", index.Query{ResourceGroupID: "rg-3"}, nil},
		{"tag", index.Query{Tags: []invocation.Tag{{Key: "env"}}}, []string{"t-a"}},
		{"tag and other group", index.Query{ResourceGroupID: "rg-2", Tags: []invocation.Tag{{Key: "env"}}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := s.Describe(&tt.q)
			require.NoError(t, err)
			require.Equal(t, tt.want, ids(r))
			require.Equal(t, len(tt.want), r.TotalCount)
		})
	}
}

// Rollup sets both overall statuses from the instances, and none that it
// cannot have.
func TestRollup(t *testing.T) {
	tests := []struct {
		name        string
		instances   [][2]string // legacy, current
		wantLegacy  status.Legacy
		wantCurrent status.Current
		wantErr     error
	}{
		{"legacy only", [][2]string{{"Finished", ""}, {"Running", ""}}, status.LegacyRunning, "", nil},
		{"both", [][2]string{{"Finished", "Success"}, {"Failed", "Failed"}}, status.LegacyPartialFailed, status.CurrentPartialFailed, nil},
		{"current on some", [][2]string{{"Finished", "Success"}, {"Finished", ""}}, status.LegacyFinished, "", nil},
		{"no instances", nil, "", "", status.ErrNoInstances},
		{"unknown current", [][2]string{{"Finished", "Weird"}}, status.LegacyFinished, "", status.ErrUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := invocation.Invocation{InvokeStatus: "Stale", InvocationStatus: "Stale"}
			for _, in := range tt.instances {
				inv.Instances = append(inv.Instances, invocation.InvokeInstance{
					InstanceInvokeStatus: status.Legacy(in[0]), InvocationStatus: status.Current(in[1])})
			}
			err := index.Rollup(&inv)
			require.ErrorIs(t, err, tt.wantErr)
			if tt.wantErr == nil {
				require.Equal(t, tt.wantLegacy, inv.InvokeStatus)
				require.Equal(t, tt.wantCurrent, inv.InvocationStatus)
			}
		})
	}
}
