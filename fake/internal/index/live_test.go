package index_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ecsassist/cloudassistant/fake/internal/index"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// A live invocation is rolled up anew each time it is put again, in
// place: it keeps its place, and its instances stay the caller's.
func TestStorePutLive(t *testing.T) {
	s := index.New(nil)
	live := mk("t-1", 100, status.LegacyRunning, status.LegacyRunning)
	require.NoError(t, s.PutLive("rg-1", live))
	require.NoError(t, s.PutLive("", mk("t-2", 100, status.LegacyRunning)))
	got, _ := s.Get("t-1")
	require.Equal(t, status.LegacyRunning, got.InvokeStatus)

	live.Instances[0].InstanceInvokeStatus = status.LegacyFinished
	live.Instances[1].InstanceInvokeStatus = status.LegacyFailed
	require.NoError(t, s.PutLive("rg-1", live))
	got, _ = s.Get("t-1")
	require.Equal(t, status.LegacyPartialFailed, got.InvokeStatus, "rolled up anew")
	r, err := s.Describe(new(index.Query))
	require.NoError(t, err)
	require.Equal(t, []string{"t-1", "t-2"}, ids(r), "in place")
	r, err = s.Describe(&index.Query{ResourceGroupID: "rg-1"})
	require.NoError(t, err)
	require.Equal(t, []string{"t-1"}, ids(r), "in its group")

	require.EqualError(t, s.PutLive("", invocation.Invocation{}), "index: Store.PutLive: empty InvokeId")
	require.ErrorIs(t, s.PutLive("", mk("t-3", 0)), status.ErrNoInstances)
	require.Equal(t, 2, s.Len())

	s.RemoveLive("t-9") // none: nothing happens
	s.RemoveLive("t-1")
	_, ok := s.Get("t-1")
	require.False(t, ok)
	require.Equal(t, 1, s.Len())
}

// A Store written live answers as one written with copies: whatever is
// put and removed, in whatever order, every index lists the same
// invocations in the same order.
func TestStoreLiveAgreesWithCopies(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		live, copies := index.New(nil), index.New(nil)
		var stored []string
		next := 0
		for range rapid.IntRange(0, 60).Draw(t, "ops") {
			if len(stored) == 0 || rapid.IntRange(0, 2).Draw(t, "op") > 0 {
				next++
				id := fmt.Sprintf("t-%03d", next)
				inv := mk(id, rapid.IntRange(0, 5).Draw(t, "created"), status.LegacyRunning, status.LegacyFinished)
				inv.CommandID = rapid.SampledFrom([]string{"c-a", "c-b"}).Draw(t, "cmd")
				inv.Instances[0].InstanceID = rapid.SampledFrom([]string{"i-x", "i-y"}).Draw(t, "instance")
				require.NoError(t, live.PutLive("", inv))
				require.NoError(t, copies.Put(inv))
				stored = append(stored, id)
				continue
			}
			// The oldest mostly, as a service drops them; any other too.
			i := 0
			if rapid.Bool().Draw(t, "any") {
				i = rapid.IntRange(0, len(stored)-1).Draw(t, "i")
			}
			live.RemoveLive(stored[i])
			require.True(t, copies.Remove(stored[i]))
			stored = slices.Delete(stored, i, i+1)
		}
		require.Equal(t, copies.Len(), live.Len())
		for _, params := range []string{"PageSize=50", "CommandId=c-a&PageSize=50", "CommandId=c-b&PageSize=50",
			"InstanceId=i-x&PageSize=50", "InstanceId=i-y&PageSize=50", "InstanceId=i-t-001-1&PageSize=50"} {
			q := query(t, params)
			want, err := copies.Describe(&q)
			require.NoError(t, err)
			got, err := live.Describe(&q)
			require.NoError(t, err)
			require.Equal(t, ids(want), ids(got), params)
			require.Equal(t, want.TotalCount, got.TotalCount, params)
		}
	})
}
