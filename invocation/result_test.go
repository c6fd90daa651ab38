package invocation_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ecsassist/cloudassistant/invocation"
)

func TestTimeLayout(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		want    time.Time
		wantErr bool
		reason  string
	}{
		{name: "the API's form", text: "2025-01-01T00:00:21Z", want: time.Date(2025, 1, 1, 0, 0, 21, 0, time.UTC)},
		{name: "end of a leap day", text: "2024-02-29T23:59:59Z", want: time.Date(2024, 2, 29, 23, 59, 59, 0, time.UTC)},
		{name: "an offset", text: "2025-01-01T08:00:21+08:00", wantErr: true},
		{name: "no zone", text: "2025-01-01T00:00:21", wantErr: true},
		{name: "a fraction", text: "2025-01-01T00:00:21.5Z", wantErr: true,
			reason: "time.Parse takes the fraction; the length check refuses it"},
		{name: "a date alone", text: "2025-01-01", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := time.Parse(invocation.TimeLayout, tt.text)
			if err == nil && len(tt.text) != len(invocation.TimeLayout) {
				err = &time.ParseError{Layout: invocation.TimeLayout, Value: tt.text}
			}
			if tt.wantErr {
				require.Error(t, err, tt.reason)
				return
			}
			require.NoError(t, err)
			require.True(t, tt.want.Equal(got), "got %v, want %v", got, tt.want)
			require.Equal(t, time.UTC, got.Location())
			require.Equal(t, tt.text, got.Format(invocation.TimeLayout))
		})
	}
}

// Any UTC time of whole seconds in years 1 to 9999 is written in
// TimeLayout in len(TimeLayout) bytes and read back to the same instant.
func TestTimeLayoutRoundTrip(t *testing.T) {
	lo := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	hi := time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC).Unix()
	rapid.Check(t, func(t *rapid.T) {
		tm := time.Unix(rapid.Int64Range(lo, hi).Draw(t, "unix"), 0).UTC()
		text := tm.Format(invocation.TimeLayout)
		require.Len(t, text, len(invocation.TimeLayout))
		back, err := time.Parse(invocation.TimeLayout, text)
		require.NoError(t, err)
		require.Equal(t, tm, back)
	})
}

// The enums a Result carries print as the API wrote them, known or not.
func TestResultEnumsString(t *testing.T) {
	r := invocation.Result{
		TerminationMode: invocation.ParseTerminationMode("processtree"),
		OssOutputStatus: invocation.ParseOssOutputStatus("Queued"),
	}
	require.Equal(t, "ProcessTree", r.TerminationMode.String())
	require.Equal(t, "Queued", r.OssOutputStatus.String())
	require.Equal(t, "Period", invocation.ParseRepeatMode(" PERIOD ").String())
}
