package status_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/internal/corpus"
	"github.com/ecsassist/cloudassistant/status"
)

func TestParseLegacy(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		want   status.Legacy
		known  bool
		reason string
	}{
		{name: "canonical", in: "Running", want: status.LegacyRunning, known: true},
		{name: "seed lower case", in: "finished", want: status.LegacyFinished, known: true},
		{name: "seed padded", in: " running ", want: status.LegacyRunning, known: true},
		{name: "tabs and newlines", in: "\t\r\nStopped\v\f", want: status.LegacyStopped, known: true},
		{name: "upper case", in: "PARTIALFAILED", want: status.LegacyPartialFailed, known: true},
		{name: "stopping", in: "stopping", want: status.LegacyStopping, known: true,
			reason: "Stopping is a later addition to the legacy family"},
		{name: "failed", in: "FaIlEd", want: status.LegacyFailed, known: true},
		{name: "success alias", in: "success", want: status.LegacyFinished, known: true,
			reason: "Success in any case is an alias of Finished"},
		{name: "Success alias", in: " Success", want: status.LegacyFinished, known: true},
		{name: "current-only value", in: "Pending", want: "Pending",
			reason: "current-family values are unknown to the legacy family, kept verbatim"},
		{name: "near miss kept verbatim", in: " Runnin ", want: " Runnin ",
			reason: "unknown text keeps its surrounding spaces: nothing is lost"},
		{name: "non-ASCII space", in: "\u00a0Running", want: "\u00a0Running",
			reason: "only ASCII white space is trimmed"},
		{name: "inner space", in: "Partial Failed", want: "Partial Failed"},
		{name: "empty", in: "", want: ""},
		{name: "blank", in: "   ", want: "   "},
		{name: "too long", in: "PartialFailedX", want: "PartialFailedX"},
		{name: "same length other word", in: "Stopper", want: "Stopper"},
		{name: "S seven letters", in: "Sx", want: "Sx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := status.ParseLegacy(tt.in)
			if got != tt.want {
				t.Errorf("ParseLegacy(%q) = %q, want %q (%s)", tt.in, got, tt.want, tt.reason)
			}
			if got.Known() != tt.known {
				t.Errorf("ParseLegacy(%q).Known() = %v, want %v", tt.in, got.Known(), tt.known)
			}
			var u status.Legacy
			require.NoError(t, u.UnmarshalText([]byte(tt.in)))
			if u != got {
				t.Errorf("UnmarshalText(%q) = %q, ParseLegacy gives %q", tt.in, u, got)
			}
		})
	}
}

func TestParseCurrent(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		want   status.Current
		known  bool
		reason string
	}{
		{name: "pending", in: "pending", want: status.CurrentPending, known: true},
		{name: "scheduled", in: " SCHEDULED ", want: status.CurrentScheduled, known: true},
		{name: "running", in: "Running", want: status.CurrentRunning, known: true},
		{name: "stopping", in: "stopping", want: status.CurrentStopping, known: true},
		{name: "stopped", in: "StOpPeD", want: status.CurrentStopped, known: true},
		{name: "failed", in: "failed", want: status.CurrentFailed, known: true},
		{name: "success", in: "success", want: status.CurrentSuccess, known: true},
		{name: "partial", in: "partialFailed", want: status.CurrentPartialFailed, known: true},
		{name: "invalid", in: "invalid", want: status.CurrentInvalid, known: true},
		{name: "aborted", in: "Aborted", want: status.CurrentAborted, known: true},
		{name: "error", in: "ERROR", want: status.CurrentError, known: true},
		{name: "timeout", in: "TimeOut", want: status.CurrentTimeout, known: true},
		{name: "cancelled", in: "cancelled", want: status.CurrentCancelled, known: true},
		{name: "terminated", in: "terminated\n", want: status.CurrentTerminated, known: true},
		{name: "finished is legacy", in: "Finished", want: "Finished",
			reason: "Finished is not a current value, and the current family has no aliases"},
		{name: "american canceled", in: "Canceled", want: "Canceled",
			reason: "near misses are unknown, never mapped"},
		{name: "short", in: "Err", want: "Err"},
		{name: "empty", in: "", want: ""},
		{name: "p other length", in: "Pendings", want: "Pendings"},
		{name: "t other length", in: "Timeouts", want: "Timeouts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := status.ParseCurrent(tt.in)
			if got != tt.want {
				t.Errorf("ParseCurrent(%q) = %q, want %q (%s)", tt.in, got, tt.want, tt.reason)
			}
			if got.Known() != tt.known {
				t.Errorf("ParseCurrent(%q).Known() = %v, want %v", tt.in, got.Known(), tt.known)
			}
			var u status.Current
			require.NoError(t, u.UnmarshalText([]byte(tt.in)))
			if u != got {
				t.Errorf("UnmarshalText(%q) = %q, ParseCurrent gives %q", tt.in, u, got)
			}
		})
	}
}

// Every known value parses back from its canonical, lower-case, upper-case
// and padded spellings.
func TestParseEverySpelling(t *testing.T) {
	for _, v := range status.LegacyValues() {
		for _, s := range spellings(string(v)) {
			if got := status.ParseLegacy(s); got != v {
				t.Errorf("ParseLegacy(%q) = %q, want %q", s, got, v)
			}
		}
	}
	for _, v := range status.CurrentValues() {
		for _, s := range spellings(string(v)) {
			if got := status.ParseCurrent(s); got != v {
				t.Errorf("ParseCurrent(%q) = %q, want %q", s, got, v)
			}
		}
	}
}

func spellings(s string) []string {
	return []string{s, strings.ToLower(s), strings.ToUpper(s), " " + s, s + "\t", "\n" + strings.ToLower(s) + " "}
}

func TestValues(t *testing.T) {
	wantLegacy := []status.Legacy{"Running", "Stopping", "Stopped", "Failed", "Finished", "PartialFailed"}
	if diff := cmp.Diff(wantLegacy, status.LegacyValues()); diff != "" {
		t.Errorf("LegacyValues() mismatch (-want +got):\n%s", diff)
	}
	wantCurrent := []status.Current{"Pending", "Scheduled", "Running", "Stopping", "Stopped", "Failed", "Success",
		"PartialFailed", "Invalid", "Aborted", "Error", "Timeout", "Cancelled", "Terminated"}
	if diff := cmp.Diff(wantCurrent, status.CurrentValues()); diff != "" {
		t.Errorf("CurrentValues() mismatch (-want +got):\n%s", diff)
	}
	// Each call returns a new slice.
	status.LegacyValues()[0] = "x"
	status.CurrentValues()[0] = "x"
	require.Equal(t, status.LegacyRunning, status.LegacyValues()[0])
	require.Equal(t, status.CurrentPending, status.CurrentValues()[0])
}

func TestClassification(t *testing.T) {
	for _, v := range status.LegacyValues() {
		require.True(t, v.Known(), v)
		require.Equal(t, v != status.LegacyPartialFailed, v.PerInstance(), v)
	}
	instanceOnly := map[status.Current]bool{"Invalid": true, "Aborted": true, "Error": true, "Timeout": true,
		"Cancelled": true, "Terminated": true}
	for _, v := range status.CurrentValues() {
		require.True(t, v.Known(), v)
		require.Equal(t, v != status.CurrentPartialFailed, v.PerInstance(), v)
		require.Equal(t, !instanceOnly[v], v.Overall(), v)
	}
	for _, v := range []string{"", "running", "Success ", "Finish"} {
		require.False(t, status.Legacy(v).Known(), "a conversion is not parsed: %q", v)
		require.False(t, status.Legacy(v).PerInstance(), v)
		require.False(t, status.Current(v).Known(), v)
		require.False(t, status.Current(v).PerInstance(), v)
		require.False(t, status.Current(v).Overall(), v)
	}
}

func TestText(t *testing.T) {
	for _, v := range []status.Legacy{status.LegacyFinished, "", " custom Value "} {
		b, err := v.MarshalText()
		require.NoError(t, err)
		require.Equal(t, string(v), string(b))
		require.Equal(t, string(v), v.String())
		a, err := v.AppendText([]byte("x="))
		require.NoError(t, err)
		require.Equal(t, "x="+string(v), string(a))
		var back status.Legacy
		require.NoError(t, back.UnmarshalText(b))
		require.Equal(t, v, back)
	}
	for _, v := range []status.Current{status.CurrentTimeout, "", "Weird"} {
		b, err := v.MarshalText()
		require.NoError(t, err)
		require.Equal(t, string(v), string(b))
		require.Equal(t, string(v), v.String())
		a, err := v.AppendText([]byte("x="))
		require.NoError(t, err)
		require.Equal(t, "x="+string(v), string(a))
		var back status.Current
		require.NoError(t, back.UnmarshalText(b))
		require.Equal(t, v, back)
	}
}

// readSpellings returns the lines of testdata/spellings.txt, the seed corpus
// of the parse tests and fuzz targets.
func readSpellings(tb testing.TB) []string {
	return corpus.Lines(tb, "testdata/spellings.txt")
}

func TestCurrentLegacyMapping(t *testing.T) {
	want := map[status.Current]status.Legacy{
		status.CurrentPending:    status.LegacyRunning,
		status.CurrentScheduled:  status.LegacyRunning,
		status.CurrentRunning:    status.LegacyRunning,
		status.CurrentStopping:   status.LegacyStopping,
		status.CurrentSuccess:    status.LegacyFinished,
		status.CurrentFailed:     status.LegacyFinished,
		status.CurrentInvalid:    status.LegacyFailed,
		status.CurrentAborted:    status.LegacyFailed,
		status.CurrentError:      status.LegacyFailed,
		status.CurrentTimeout:    status.LegacyFailed,
		status.CurrentCancelled:  status.LegacyStopped,
		status.CurrentTerminated: status.LegacyStopped,
		status.CurrentStopped:    status.LegacyStopped,
	}
	for _, c := range status.CurrentValues() {
		got, err := c.Legacy()
		if c == status.CurrentPartialFailed {
			require.ErrorIs(t, err, status.ErrNotInstance)
			require.EqualError(t, err, `status: Current.Legacy: not a per-instance status "PartialFailed"`)
			continue
		}
		require.NoError(t, err, c)
		require.Equal(t, want[c], got, "mapping of %s", c)
	}
	_, err := status.Current("Done").Legacy()
	require.ErrorIs(t, err, status.ErrUnknown)
	require.EqualError(t, err, `status: Current.Legacy: unknown status "Done"`)
}

func TestLegacyAlias(t *testing.T) {
	for text, want := range map[string]bool{"success": true, " SUCCESS ": true, "Success": true, "Finished": false,
		"finished": false, "Succes": false, "": false, "s": false, "Stopped": false} {
		require.Equal(t, want, status.LegacyAlias(text), "%q", text)
	}
}
