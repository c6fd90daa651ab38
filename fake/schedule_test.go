package fake_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ecsassist/cloudassistant/fake"
)

func TestFrequency(t *testing.T) {
	utc := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic(err)
		}
		return t.UTC()
	}
	from := utc("2025-01-02T03:04:05Z") // a Thursday
	tests := []struct {
		name    string
		freq    string
		after   time.Time // from when zero
		want    time.Time // zero: no run is due
		wantErr string
		reason  string
	}{
		{name: "rate minutes", freq: "rate(5m)", want: from.Add(5 * time.Minute)},
		{name: "rate shortest", freq: "rate(60s)", want: from.Add(time.Minute)},
		{name: "rate longest", freq: "rate(7d)", want: from.Add(7 * 24 * time.Hour)},
		{name: "rate hours, a space", freq: " rate( 2 h ) ", want: from.Add(2 * time.Hour)},
		{name: "rate too short", freq: "rate(59s)", wantErr: "rate(59s) is not from 60 seconds to 7 days"},
		{name: "rate too long", freq: "rate(8d)", wantErr: "rate(8d) is not from 60 seconds to 7 days"},
		{name: "rate unit", freq: "rate(5y)", wantErr: "rate(5y) is not a number followed by s, m, h or d"},
		{name: "rate number", freq: "rate(-5m)", wantErr: "rate(-5m) is not a number followed by s, m, h or d"},
		{name: "rate empty", freq: "rate()", wantErr: "rate() needs an interval such as 5m"},

		{name: "at, UTC", freq: "at(2025-01-02 03:04:06)", want: utc("2025-01-02T03:04:06Z")},
		{name: "at, a zone", freq: "at(2025-01-02 11:30:00 Asia/Shanghai)", want: utc("2025-01-02T03:30:00Z")},
		{name: "at, an offset", freq: "at(2025-01-02 11:30:00 GMT+08:00)", want: utc("2025-01-02T03:30:00Z")},
		{name: "at, a short offset", freq: "at(2025-01-01 22:30:00 UTC-5)", want: utc("2025-01-02T03:30:00Z")},
		{name: "at, now has no run after it", freq: "at(2025-01-02 03:04:05)"},
		{name: "at, past", freq: "at(2020-01-02 03:04:05)"},
		{name: "at, malformed", freq: "at(2025-01-02)", wantErr: "at(2025-01-02) is not at(yyyy-MM-dd HH:mm:ss) with an optional time zone"},
		{name: "at, bad date", freq: "at(2025-02-30 00:00:00)", wantErr: "at(2025-02-30 00:00:00) is not at(yyyy-MM-dd HH:mm:ss) with an optional time zone"},
		{name: "at, bad zone", freq: "at(2025-01-02 03:04:05 Mars/Olympus)", wantErr: `"Mars/Olympus" is not a time zone such as Asia/Shanghai or GMT+08:00`},
		{name: "at, bad offset", freq: "at(2025-01-02 03:04:05 GMT++8)", wantErr: `"GMT++8" is not a time zone such as Asia/Shanghai or GMT+08:00`},
		{name: "at, Local is not a zone", freq: "at(2025-01-02 03:04:05 Local)", wantErr: `"Local" is not a time zone such as Asia/Shanghai or GMT+08:00`},

		{name: "cron every 20 minutes", freq: "0 */20 * * * ?", want: utc("2025-01-02T03:20:00Z")},
		{name: "cron strictly after", freq: "5 4 3 * * ?", want: utc("2025-01-03T03:04:05Z"), reason: "a run due at the instant of creation is not due after it"},
		{name: "cron weekdays by name", freq: "0 15 10 ? * MON-FRI", after: utc("2025-01-03T12:00:00Z"), want: utc("2025-01-06T10:15:00Z"), reason: "Friday after 10:15 → Monday"},
		{name: "cron weekdays by number", freq: "0 15 10 ? * 2-6", after: utc("2025-01-03T12:00:00Z"), want: utc("2025-01-06T10:15:00Z"), reason: "Quartz counts 1 = Sunday"},
		{name: "cron names in any case, lists", freq: "0 0 0 ? jan,Jul sun", want: utc("2025-01-05T00:00:00Z")},
		{name: "cron a/n runs to the end", freq: "0 5/15 * * * ?", want: utc("2025-01-02T03:05:00Z")},
		{name: "cron a/n, later", freq: "0 5/15 * * * ?", after: utc("2025-01-02T03:50:00Z"), want: utc("2025-01-02T04:05:00Z")},
		{name: "cron a range with a step", freq: "0 0 1-10/3 * * ?", want: utc("2025-01-02T04:00:00Z")},
		{name: "cron both day fields: either day", freq: "0 0 0 13 * FRI", want: utc("2025-01-03T00:00:00Z"), reason: "Friday the 3rd counts, as in cron(8)"},
		{name: "cron a leap day", freq: "0 0 0 29 2 ?", want: utc("2028-02-29T00:00:00Z")},
		{name: "cron a day that never comes", freq: "0 0 0 30 2 ?"},
		{name: "cron a year", freq: "0 0 0 1 1 ? 2030", want: utc("2030-01-01T00:00:00Z")},
		{name: "cron a year that has passed", freq: "0 0 0 1 1 ? 2020"},
		{name: "cron a year and a zone", freq: "0 0 9 1 1 ? 2030 Asia/Shanghai", want: utc("2030-01-01T01:00:00Z")},
		{name: "cron a zone", freq: "0 0 9 * * ? Asia/Shanghai", want: utc("2025-01-03T01:00:00Z")},
		{name: "cron an offset", freq: "0 0 9 * * ? GMT+8", want: utc("2025-01-03T01:00:00Z")},
		{name: "cron a time that a zone skips", freq: "0 30 2 * * ? America/New_York", after: utc("2025-03-09T05:00:00Z"), want: utc("2025-03-10T06:30:00Z"),
			reason: "2:30 does not exist on 9 March 2025 in New York: the next run is the next day's"},
		{name: "cron five fields", freq: "0 0 * * *", wantErr: `"0 0 * * *" is not rate(…), at(…) or a cron expression of six or seven fields and an optional time zone`},
		{name: "cron a value out of range", freq: "60 * * * * ?", wantErr: `the seconds field "60" is not a value from 0 to 59`},
		{name: "cron a reversed range", freq: "0 0 10-2 * * ?", wantErr: `the hours field "10-2" is not a range of values from 0 to 23`},
		{name: "cron a zero step", freq: "*/0 * * * * ?", wantErr: `the seconds field "*/0" has a step that is not a positive number`},
		{name: "cron ? outside the day fields", freq: "? * * * * ?", wantErr: `the seconds field "?" uses ?, which only the day fields take`},
		{name: "cron L", freq: "0 0 0 L * ?", wantErr: `the day of month field "L" uses L, W or #, which this fake does not support`},
		{name: "cron #", freq: "0 0 0 ? * 6#3", wantErr: `the day of week field "6#3" uses L, W or #, which this fake does not support`},
		{name: "cron a bad zone", freq: "0 0 0 * * ? Nowhere", wantErr: `"Nowhere" is not a time zone such as Asia/Shanghai or GMT+08:00`},
		{name: "cron a bad year", freq: "0 0 0 * * ? 1969 UTC", wantErr: `the year field "1969" is not a value from 1970 to 2099`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			after := tt.after
			if after.IsZero() {
				after = from
			}
			got, ok, err := fake.NextRun(tt.freq, after)
			if tt.wantErr != "" {
				require.EqualError(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, !tt.want.IsZero(), ok, "a run is due: %s", tt.reason)
			require.Equal(t, tt.want, got, tt.reason)
		})
	}
}

// cronField draws one field of a cron expression over min..max.
func cronField(t *rapid.T, label string, min, max int) (string, func(int) bool) {
	switch rapid.IntRange(0, 3).Draw(t, label+" kind") {
	case 0:
		return "*", func(int) bool { return true }
	case 1:
		v := rapid.IntRange(min, max).Draw(t, label)
		return fmt.Sprint(v), func(x int) bool { return x == v }
	case 2:
		lo := rapid.IntRange(min, max).Draw(t, label+" lo")
		hi := rapid.IntRange(lo, max).Draw(t, label+" hi")
		step := rapid.IntRange(1, 7).Draw(t, label+" step")
		return fmt.Sprintf("%d-%d/%d", lo, hi, step), func(x int) bool { return x >= lo && x <= hi && (x-lo)%step == 0 }
	}
	vs := rapid.SliceOfNDistinct(rapid.IntRange(min, max), 1, 4, rapid.ID[int]).Draw(t, label+" list")
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = fmt.Sprint(v)
	}
	return strings.Join(parts, ","), func(x int) bool {
		for _, v := range vs {
			if x == v {
				return true
			}
		}
		return false
	}
}

// The next run of a cron schedule is the first second after t that every
// field allows: checked against a walk of every second (for the time
// fields) or every day (for the day fields).
func TestCronNextIsFirstMatch(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		from := time.Unix(rapid.Int64Range(1_700_000_000, 1_900_000_000).Draw(t, "from"), 0).UTC()
		if rapid.Bool().Draw(t, "time fields") {
			sec, s := cronField(t, "second", 0, 59)
			min, m := cronField(t, "minute", 0, 59)
			hour, h := cronField(t, "hour", 0, 23)
			got, ok, err := fake.NextRun(strings.Join([]string{sec, min, hour, "*", "*", "?"}, " "), from)
			require.NoError(t, err)
			require.True(t, ok)
			want := from.Add(time.Second)
			for !(s(want.Second()) && m(want.Minute()) && h(want.Hour())) {
				want = want.Add(time.Second)
			}
			require.Equal(t, want, got)
			return
		}
		dom, d := cronField(t, "day of month", 1, 31)
		month, mo := cronField(t, "month", 1, 12)
		dow, w := cronField(t, "day of week", 1, 7)
		if dom == "*" && dow != "*" {
			dom = "?"
		}
		got, ok, err := fake.NextRun(strings.Join([]string{"0", "0", "0", dom, month, dow}, " "), from)
		require.NoError(t, err)
		day := func(t time.Time) bool {
			dm, dw := d(t.Day()), w(int(t.Weekday())+1)
			switch {
			case dom == "*" || dom == "?":
				return dw
			case dow == "*":
				return dm
			}
			return dm || dw
		}
		want := time.Date(from.Year(), from.Month(), from.Day()+1, 0, 0, 0, 0, time.UTC)
		for !(day(want) && mo(int(want.Month()))) {
			if want.Year() > 2099 {
				require.False(t, ok, "no day matches before 2100")
				return
			}
			want = want.AddDate(0, 0, 1)
		}
		require.True(t, ok)
		require.Equal(t, want, got)
	})
}

// In zones whose clocks move, the next run is still after t and on a
// time that the fields allow, on the zone's calendar; and it is found.
func TestCronInZones(t *testing.T) {
	zones := []string{"America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Santiago", "Asia/Kolkata", "Pacific/Chatham"}
	rapid.Check(t, func(t *rapid.T) {
		zone := rapid.SampledFrom(zones).Draw(t, "zone")
		loc, err := time.LoadLocation(zone)
		require.NoError(t, err)
		from := time.Unix(rapid.Int64Range(1_700_000_000, 1_900_000_000).Draw(t, "from"), 0).UTC()
		sec, s := cronField(t, "second", 0, 59)
		min, m := cronField(t, "minute", 0, 59)
		hour, h := cronField(t, "hour", 0, 23)
		got, ok, err := fake.NextRun(strings.Join([]string{sec, min, hour, "*", "*", "?", zone}, " "), from)
		require.NoError(t, err)
		require.True(t, ok)
		require.True(t, got.After(from))
		local := got.In(loc)
		require.True(t, s(local.Second()) && m(local.Minute()) && h(local.Hour()), "%s is %s in %s", got, local, zone)
		require.Less(t, got.Sub(from), 49*time.Hour)
	})
}
