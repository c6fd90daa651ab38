package invocation_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/invocation"
)

func TestParseEnums(t *testing.T) {
	tests := []struct {
		name      string
		got, want string
		known     bool
	}{
		{"repeat mode", string(invocation.ParseRepeatMode(" period\n")), "Period", true},
		{"repeat mode, every one", string(invocation.ParseRepeatMode("NEXTREBOOTONLY")), "NextRebootOnly", true},
		{"repeat mode, unknown kept verbatim", string(invocation.ParseRepeatMode(" Sometimes ")), " Sometimes ", false},
		{"repeat mode, no Unicode folding", string(invocation.ParseRepeatMode("Onﬀ")), "Onﬀ", false},
		{"termination mode", string(invocation.ParseTerminationMode("processtree")), "ProcessTree", true},
		{"termination mode, unknown", string(invocation.ParseTerminationMode("Group")), "Group", false},
		{"oss status", string(invocation.ParseOssOutputStatus("inprogress")), "InProgress", true},
		{"oss status, unknown", string(invocation.ParseOssOutputStatus("Queued")), "Queued", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, tt.got)
		})
	}
	require.True(t, invocation.DryRun.Known())
	require.False(t, invocation.RepeatMode("period").Known(), "a conversion is not parsed")
	require.True(t, invocation.ProcessTree.Known())
	require.False(t, invocation.TerminationMode("").Known())
	require.True(t, invocation.OssFailed.Known())
	require.False(t, invocation.OssOutputStatus("failed").Known())
}

func TestErrorCodes(t *testing.T) {
	codes := invocation.ErrorCodes()
	require.Len(t, codes, 18)
	for _, c := range codes {
		require.True(t, c.Known(), c)
		require.Equal(t, string(c), c.String())
	}
	require.False(t, invocation.ErrorCode("exitcodenonzero").Known(), "codes are exact")
	codes[0] = "x"
	require.Equal(t, invocation.InstanceNotExists, invocation.ErrorCodes()[0], "each call returns a new slice")
}

func TestOptional(t *testing.T) {
	var absent invocation.Optional[int64]
	v, ok := absent.Get()
	require.False(t, ok)
	require.Zero(t, v)
	zero := invocation.Some[int64](0)
	v, ok = zero.Get()
	require.True(t, ok)
	require.Zero(t, v)
	require.NotEqual(t, absent, zero, "a present zero is not absent")
}
