package schedule_test

import (
	"bufio"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/schedule"
)

// utc reads an RFC 3339 time, in UTC.
func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func TestNext(t *testing.T) {
	from := utc("2025-01-02T03:04:05Z") // a Thursday
	tests := []struct {
		name     string
		freq     string
		after    time.Time // from when zero
		wantKind schedule.Kind
		want     time.Time // zero: no run is due
		wantErr  string    // the Reason of the *ParseError
		reason   string
	}{
		{name: "rate minutes", freq: "rate(5m)", wantKind: schedule.Rate, want: from.Add(5 * time.Minute)},
		{name: "rate shortest", freq: "rate(60s)", wantKind: schedule.Rate, want: from.Add(time.Minute)},
		{name: "rate longest", freq: "rate(7d)", wantKind: schedule.Rate, want: from.Add(7 * 24 * time.Hour)},
		{name: "rate longest in minutes", freq: "rate(10080m)", wantKind: schedule.Rate, want: from.Add(7 * 24 * time.Hour)},
		{name: "rate hours, a space", freq: " rate( 2 h ) ", wantKind: schedule.Rate, want: from.Add(2 * time.Hour)},
		{name: "rate too short", freq: "rate(59s)", wantErr: "rate(59s) is not from 60 seconds to 7 days"},
		{name: "rate zero hours", freq: "rate(0h)", wantErr: "rate(0h) is not from 60 seconds to 7 days"},
		{name: "rate too long", freq: "rate(8d)", wantErr: "rate(8d) is not from 60 seconds to 7 days"},
		{name: "rate days that overflow", freq: "rate(213504d)", wantErr: "rate(213504d) is not from 60 seconds to 7 days",
			reason: "213504 days in nanoseconds wraps around int64 to about 3 days"},
		{name: "rate hours that overflow", freq: "rate(5124096h)", wantErr: "rate(5124096h) is not from 60 seconds to 7 days",
			reason: "5124096 hours in nanoseconds wraps around int64 into the range"},
		{name: "rate beyond 32 bits", freq: "rate(4294967296s)", wantErr: "rate(4294967296s) is not a number followed by s, m, h or d"},
		{name: "rate unit", freq: "rate(5y)", wantErr: "rate(5y) is not a number followed by s, m, h or d"},
		{name: "rate number", freq: "rate(-5m)", wantErr: "rate(-5m) is not a number followed by s, m, h or d"},
		{name: "rate empty", freq: "rate()", wantErr: "rate() needs an interval such as 5m"},

		{name: "at, UTC", freq: "at(2025-01-02 03:04:06)", wantKind: schedule.At, want: utc("2025-01-02T03:04:06Z")},
		{name: "at, a zone", freq: "at(2025-01-02 11:30:00 Asia/Shanghai)", wantKind: schedule.At, want: utc("2025-01-02T03:30:00Z")},
		{name: "at, an offset", freq: "at(2025-01-02 11:30:00 GMT+08:00)", wantKind: schedule.At, want: utc("2025-01-02T03:30:00Z")},
		{name: "at, a short offset", freq: "at(2025-01-01 22:30:00 UTC-5)", wantKind: schedule.At, want: utc("2025-01-02T03:30:00Z")},
		{name: "at, GMT", freq: "at(2025-01-02 03:30:00 GMT)", wantKind: schedule.At, want: utc("2025-01-02T03:30:00Z")},
		{name: "at, now has no run after it", freq: "at(2025-01-02 03:04:05)", wantKind: schedule.At},
		{name: "at, past", freq: "at(2020-01-02 03:04:05)", wantKind: schedule.At},
		{name: "at, a fraction of a second", freq: "at(2025-01-02 03:04:05.5)", wantKind: schedule.At, want: from.Add(500 * time.Millisecond),
			reason: "time.Parse takes a fraction after the seconds though the layout has none"},
		{name: "at, malformed", freq: "at(2025-01-02)", wantErr: "at(2025-01-02) is not at(yyyy-MM-dd HH:mm:ss) with an optional time zone"},
		{name: "at, too many parts", freq: "at(2025-01-02 03:04:05 UTC UTC)", wantErr: "at(2025-01-02 03:04:05 UTC UTC) is not at(yyyy-MM-dd HH:mm:ss) with an optional time zone"},
		{name: "at, bad date", freq: "at(2025-02-30 00:00:00)", wantErr: "at(2025-02-30 00:00:00) is not at(yyyy-MM-dd HH:mm:ss) with an optional time zone"},
		{name: "at, bad zone", freq: "at(2025-01-02 03:04:05 Mars/Olympus)", wantErr: `"Mars/Olympus" is not a time zone such as Asia/Shanghai or GMT+08:00`},
		{name: "at, bad offset", freq: "at(2025-01-02 03:04:05 GMT++8)", wantErr: `"GMT++8" is not a time zone such as Asia/Shanghai or GMT+08:00`},
		{name: "at, offset beyond 14 hours", freq: "at(2025-01-02 03:04:05 GMT+15)", wantErr: `"GMT+15" is not a time zone such as Asia/Shanghai or GMT+08:00`},
		{name: "at, offset with bad minutes", freq: "at(2025-01-02 03:04:05 GMT+08:60)", wantErr: `"GMT+08:60" is not a time zone such as Asia/Shanghai or GMT+08:00`},
		{name: "at, offset with one digit of minutes", freq: "at(2025-01-02 03:04:05 GMT+08:0)", wantErr: `"GMT+08:0" is not a time zone such as Asia/Shanghai or GMT+08:00`},
		{name: "at, Local is not a zone", freq: "at(2025-01-02 03:04:05 Local)", wantErr: `"Local" is not a time zone such as Asia/Shanghai or GMT+08:00`},

		{name: "cron every 20 minutes", freq: "0 */20 * * * ?", wantKind: schedule.Cron, want: utc("2025-01-02T03:20:00Z")},
		{name: "cron strictly after", freq: "5 4 3 * * ?", wantKind: schedule.Cron, want: utc("2025-01-03T03:04:05Z"), reason: "a run due at the instant of creation is not due after it"},
		{name: "cron within the second", freq: "5 4 3 * * ?", after: from.Add(-time.Nanosecond), wantKind: schedule.Cron, want: from},
		{name: "cron weekdays by name", freq: "0 15 10 ? * MON-FRI", after: utc("2025-01-03T12:00:00Z"), wantKind: schedule.Cron, want: utc("2025-01-06T10:15:00Z"), reason: "Friday after 10:15 → Monday"},
		{name: "cron weekdays by number", freq: "0 15 10 ? * 2-6", after: utc("2025-01-03T12:00:00Z"), wantKind: schedule.Cron, want: utc("2025-01-06T10:15:00Z"), reason: "Quartz counts 1 = Sunday"},
		{name: "cron names in any case, lists", freq: "0 0 0 ? jan,Jul sun", wantKind: schedule.Cron, want: utc("2025-01-05T00:00:00Z")},
		{name: "cron a/n runs to the end", freq: "0 5/15 * * * ?", wantKind: schedule.Cron, want: utc("2025-01-02T03:05:00Z")},
		{name: "cron a/n, later", freq: "0 5/15 * * * ?", after: utc("2025-01-02T03:50:00Z"), wantKind: schedule.Cron, want: utc("2025-01-02T04:05:00Z")},
		{name: "cron a range with a step", freq: "0 0 1-10/3 * * ?", wantKind: schedule.Cron, want: utc("2025-01-02T04:00:00Z")},
		{name: "cron both day fields: either day", freq: "0 0 0 13 * FRI", wantKind: schedule.Cron, want: utc("2025-01-03T00:00:00Z"), reason: "Friday the 3rd counts, as in cron(8)"},
		{name: "cron a leap day", freq: "0 0 0 29 2 ?", wantKind: schedule.Cron, want: utc("2028-02-29T00:00:00Z")},
		{name: "cron a day that never comes", freq: "0 0 0 30 2 ?", wantKind: schedule.Cron},
		{name: "cron a year", freq: "0 0 0 1 1 ? 2030", wantKind: schedule.Cron, want: utc("2030-01-01T00:00:00Z")},
		{name: "cron a year that has passed", freq: "0 0 0 1 1 ? 2020", wantKind: schedule.Cron},
		{name: "cron years with a step", freq: "0 0 0 1 1 ? 1970-2099/7", wantKind: schedule.Cron, want: utc("2026-01-01T00:00:00Z"), reason: "1970 + 8×7"},
		{name: "cron a year and a zone", freq: "0 0 9 1 1 ? 2030 Asia/Shanghai", wantKind: schedule.Cron, want: utc("2030-01-01T01:00:00Z")},
		{name: "cron a zone", freq: "0 0 9 * * ? Asia/Shanghai", wantKind: schedule.Cron, want: utc("2025-01-03T01:00:00Z")},
		{name: "cron an offset", freq: "0 0 9 * * ? GMT+8", wantKind: schedule.Cron, want: utc("2025-01-03T01:00:00Z")},
		{name: "cron a time that a zone skips", freq: "0 30 2 * * ? America/New_York", after: utc("2025-03-09T05:00:00Z"), wantKind: schedule.Cron, want: utc("2025-03-10T06:30:00Z"),
			reason: "2:30 does not exist on 9 March 2025 in New York: the next run is the next day's"},
		{name: "cron a time that a zone repeats", freq: "0 30 1 * * ? America/New_York", after: utc("2025-11-02T05:30:00Z"), wantKind: schedule.Cron, want: utc("2025-11-02T06:30:00Z"),
			reason: "1:30 comes twice on 2 November 2025 in New York, at 5:30 and 6:30 UTC"},
		{name: "cron an offset with seconds", freq: "0 0 * * * ? Africa/Monrovia", after: utc("1971-01-01T00:00:00Z"), wantKind: schedule.Cron, want: utc("1971-01-01T00:44:30Z"),
			reason: "Monrovia was 44:30 behind UTC until 1972: its minutes do not start with UTC's"},
		{name: "cron a skipped midnight does not carry past the day", freq: "0 0 5 ? * SAT America/Santiago", after: utc("2024-09-07T10:00:00Z"), wantKind: schedule.Cron, want: utc("2024-09-14T08:00:00Z"),
			reason: "Santiago skips from Saturday 24:00 to Sunday 1:00 on 7 September 2024; Sunday is not allowed"},
		{name: "cron a skipped half hour does not carry past the hour", freq: "0 45 1 * * ? Australia/Lord_Howe", after: utc("2024-10-05T15:16:00Z"), wantKind: schedule.Cron, want: utc("2024-10-06T14:45:00Z"),
			reason: "Lord Howe skips from 2:00 to 2:30 on 6 October 2024; 2:45 is not in hour 1"},
		// TestCronTimeFieldsFirstMatch found this (-rapid.seed=15262260245427729301):
		// the start of hour 3 fell in the gap, time.Date read it as 4:00, and
		// the search went on from there to the next day.
		{name: "cron a gap that ends within the hour", freq: "* * 3 * * ? Pacific/Chatham", after: utc("1974-11-02T13:59:58Z"), wantKind: schedule.Cron, want: utc("1974-11-02T14:00:00Z"),
			reason: "Chatham skips from 2:45 to 3:45 on 3 November 1974; 3:45 to 3:59:59 is still hour 3"},
		{name: "cron a gap of half an hour that ends within the hour", freq: "* * 2 * * ? Australia/Lord_Howe", after: utc("2024-10-05T15:29:58Z"), wantKind: schedule.Cron, want: utc("2024-10-05T15:30:00Z"),
			reason: "Lord Howe skips from 2:00 to 2:30 on 6 October 2024; 2:30 to 2:59:59 is still hour 2"},
		{name: "cron a repeated hour, east of UTC", freq: "* * 2 * * ? Europe/Berlin", after: utc("2025-10-25T23:59:58Z"), wantKind: schedule.Cron, want: utc("2025-10-26T00:00:00Z"),
			reason: "2:00 comes twice on 26 October 2025 in Berlin, at 0:00 and 1:00 UTC; time.Date gives the second"},
		{name: "cron a repeated three quarters of an hour", freq: "0 0 3 * * ? Pacific/Chatham", after: utc("2025-04-05T12:00:00Z"), wantKind: schedule.Cron, want: utc("2025-04-05T13:15:00Z"),
			reason: "Chatham's clock reads 2:45 to 3:45 twice on 6 April 2025; 3:00 comes first at 13:15 UTC"},
		{name: "cron the last day of a leap year after 2037", freq: "0 0 0 1 1 ? America/New_York", after: utc("2040-12-31T12:00:00Z"), wantKind: schedule.Cron, want: utc("2041-01-01T05:00:00Z"),
			reason: "there Go's ZoneBounds reports the end of the zone's period before the time asked about (golang.org/issue/81583)"},
		{name: "cron from long before 1970", freq: "0 0 0 1 1 ?", after: time.Date(-1_000_000_000, 1, 1, 0, 0, 0, 0, time.UTC), wantKind: schedule.Cron, want: utc("1970-01-01T00:00:00Z")},
		{name: "cron from after 2099", freq: "* * * * * ?", after: utc("2100-01-01T00:00:00Z"), wantKind: schedule.Cron},
		{name: "cron the last second", freq: "* * * * * ?", after: utc("2099-12-31T23:59:58Z"), wantKind: schedule.Cron, want: utc("2099-12-31T23:59:59Z")},
		{name: "cron five fields", freq: "0 0 * * *", wantErr: `"0 0 * * *" is not rate(…), at(…) or a cron expression of six or seven fields and an optional time zone`},
		{name: "cron nine fields", freq: "0 0 * * * ? 2030 UTC x", wantErr: `"0 0 * * * ? 2030 UTC x" is not rate(…), at(…) or a cron expression of six or seven fields and an optional time zone`},
		{name: "empty", freq: " ", wantErr: `"" is not rate(…), at(…) or a cron expression of six or seven fields and an optional time zone`},
		{name: "rate( without )", freq: "rate(5m", wantErr: `"rate(5m" is not rate(…), at(…) or a cron expression of six or seven fields and an optional time zone`},
		{name: "cron a value out of range", freq: "60 * * * * ?", wantErr: `the seconds field "60" is not a value from 0 to 59`},
		{name: "cron a name of the wrong field", freq: "0 0 0 ? * JAN", wantErr: `the day of week field "JAN" is not a value from 1 to 7`},
		{name: "cron a reversed range", freq: "0 0 10-2 * * ?", wantErr: `the hours field "10-2" is not a range of values from 0 to 23`},
		{name: "cron a zero step", freq: "*/0 * * * * ?", wantErr: `the seconds field "*/0" has a step that is not a positive number`},
		{name: "cron an empty list item", freq: "0,,1 * * * * ?", wantErr: `the seconds field "" is not a value from 0 to 59`},
		{name: "cron ? outside the day fields", freq: "? * * * * ?", wantErr: `the seconds field "?" uses ?, which only the day fields take`},
		{name: "cron L", freq: "0 0 0 L * ?", wantErr: `the day of month field "L" uses L, W or #, which are not supported`},
		{name: "cron W", freq: "0 0 0 15W * ?", wantErr: `the day of month field "15W" uses L, W or #, which are not supported`},
		{name: "cron #", freq: "0 0 0 ? * 6#3", wantErr: `the day of week field "6#3" uses L, W or #, which are not supported`},
		{name: "cron a bad zone", freq: "0 0 0 * * ? Nowhere", wantErr: `"Nowhere" is not a time zone such as Asia/Shanghai or GMT+08:00`},
		{name: "cron a bad year", freq: "0 0 0 * * ? 1969 UTC", wantErr: `the year field "1969" is not a value from 1970 to 2099`},
		{name: "cron a bad year list", freq: "0 0 0 * * ? 2030,2100 UTC", wantErr: `the year field "2100" is not a value from 1970 to 2099`},
		{name: "cron a bad field after a zone", freq: "0 0 0 32 * ? UTC", wantErr: `the day of month field "32" is not a value from 1 to 31`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			after := tt.after
			if after.IsZero() {
				after = from
			}
			s, err := schedule.Parse(tt.freq)
			if tt.wantErr != "" {
				var pe *schedule.ParseError
				require.ErrorAs(t, err, &pe)
				assert.Equal(t, tt.wantErr, pe.Reason)
				assert.Equal(t, tt.freq, pe.Input)
				assert.EqualError(t, err, `schedule: Parse("`+strings.ReplaceAll(tt.freq, `"`, `\"`)+`"): `+tt.wantErr)
				assert.Equal(t, schedule.Schedule{}, s)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantKind, s.Kind())
			assert.Equal(t, strings.TrimSpace(tt.freq), s.String())
			got, ok := s.Next(after)
			require.Equal(t, !tt.want.IsZero(), ok, "a run is due: %s", tt.reason)
			require.Equal(t, tt.want, got, tt.reason)
		})
	}
}

// A Rate keeps t's location, as t.Add does; At and Cron answer in UTC.
func TestNextLocation(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	from := time.Date(2025, 1, 2, 3, 4, 5, 0, shanghai)
	tests := []struct {
		name string
		freq string
		want *time.Location
	}{
		{name: "rate", freq: "rate(5m)", want: shanghai},
		{name: "at", freq: "at(2030-01-02 03:04:05 Asia/Shanghai)", want: time.UTC},
		{name: "cron", freq: "0 0 0 * * ? Asia/Shanghai", want: time.UTC},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := schedule.MustParse(tt.freq).Next(from)
			require.True(t, ok)
			assert.Equal(t, tt.want, got.Location())
		})
	}
}

func TestZero(t *testing.T) {
	var s schedule.Schedule
	next, ok := s.Next(time.Now())
	assert.False(t, ok)
	assert.True(t, next.IsZero())
	assert.Equal(t, schedule.Kind(""), s.Kind())
	assert.Equal(t, "", s.String())
	text, err := s.MarshalText()
	require.NoError(t, err)
	assert.Empty(t, text)
	b, err := s.AppendText([]byte("x"))
	require.NoError(t, err)
	assert.Equal(t, "x", string(b))
}

func TestText(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		start   schedule.Schedule // the receiver before UnmarshalText
		want    schedule.Schedule
		wantErr string
	}{
		{name: "rate", text: "rate(5m)", want: schedule.MustParse("rate(5m)")},
		{name: "padded cron", text: " 0 0 9 * * ? Asia/Shanghai\n", want: schedule.MustParse("0 0 9 * * ? Asia/Shanghai")},
		{name: "empty is the zero Schedule", text: "", start: schedule.MustParse("rate(5m)"), want: schedule.Schedule{}},
		{name: "an error leaves the zero Schedule", text: "rate(1s)", start: schedule.MustParse("rate(5m)"),
			wantErr: `schedule: Parse("rate(1s)"): rate(1s) is not from 60 seconds to 7 days`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.start
			err := s.UnmarshalText([]byte(tt.text))
			if tt.wantErr != "" {
				require.EqualError(t, err, tt.wantErr)
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tt.want, s)
			text, err := s.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, strings.TrimSpace(tt.text)[:len(s.String())], string(text))
			b, err := s.AppendText([]byte("f="))
			require.NoError(t, err)
			assert.Equal(t, "f="+string(text), string(b))
		})
	}
}

func TestMustParsePanics(t *testing.T) {
	assert.PanicsWithError(t, `schedule: Parse("rate(1s)"): rate(1s) is not from 60 seconds to 7 days`, func() {
		schedule.MustParse("rate(1s)")
	})
}

// Schedules parsed from the same text are equal with ==, in every form
// and zone, and those parsed from different texts are not.
func TestEqual(t *testing.T) {
	texts := []string{"rate(5m)", "rate(300s)", "at(2030-01-02 03:04:05)", "at(2030-01-02 11:04:05 Asia/Shanghai)",
		"0 0 9 * * ? Asia/Shanghai", "0 0 9 * * ? GMT+8", "0 0 9 * * ? GMT+08:00", "0 0 9 * * ?"}
	for i, a := range texts {
		for j, b := range texts {
			x, y := schedule.MustParse(a), schedule.MustParse(b)
			assert.Equal(t, i == j, x == y, "%q == %q", a, b)
		}
	}
}

// readFrequencies reads testdata/frequencies.txt: its valid and its
// invalid lines.
func readFrequencies(tb testing.TB) (valid, invalid []string) {
	tb.Helper()
	f, err := os.Open("testdata/frequencies.txt")
	require.NoError(tb, err)
	defer f.Close()
	var section *[]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "# valid":
			section = &valid
		case line == "# invalid":
			section = &invalid
		case line == "" || strings.HasPrefix(line, "#"):
		default:
			require.NotNil(tb, section, "%q is in no section", line)
			*section = append(*section, line)
		}
	}
	require.NoError(tb, sc.Err())
	return valid, invalid
}

// Every line of the seed file is where its section says.
func TestFrequencyFile(t *testing.T) {
	valid, invalid := readFrequencies(t)
	require.Greater(t, len(valid), 30)
	require.Greater(t, len(invalid), 30)
	for _, f := range valid {
		_, err := schedule.Parse(f)
		assert.NoError(t, err, "%q", f)
	}
	for _, f := range invalid {
		_, err := schedule.Parse(f)
		var pe *schedule.ParseError
		assert.True(t, errors.As(err, &pe), "%q: %v", f, err)
	}
}
