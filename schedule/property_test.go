package schedule_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ecsassist/cloudassistant/schedule"
)

// zones are those the properties draw: UTC, fixed offsets, and zones
// whose clocks move by an hour, by half an hour, at midnight, or (Monrovia
// until 1972) by an offset with seconds.
var zones = []string{"", "UTC", "GMT+8", "GMT-03:30", "Asia/Shanghai", "America/New_York", "Europe/London",
	"Australia/Lord_Howe", "America/Santiago", "Asia/Kolkata", "Pacific/Chatham", "America/Havana", "Africa/Monrovia"}

// fixed are the zones of zones that are fixed offsets.
var fixed = map[string]*time.Location{
	"": time.UTC, "UTC": time.UTC, "GMT+8": time.FixedZone("", 8*3600), "GMT-03:30": time.FixedZone("", -(3*3600 + 30*60)),
}

// location is the zone a frequency names, UTC for none.
func location(t require.TestingT, zone string) *time.Location {
	if loc, ok := fixed[zone]; ok {
		return loc
	}
	loc, err := time.LoadLocation(zone)
	require.NoError(t, err)
	return loc
}

// instant draws a time from 1969 to 2101, to the nanosecond; or one at
// the edges of the years a cron expression can name; or, when loc moves
// its clock, one in the two days before it does.
func instant(t *rapid.T, label string, loc *time.Location) time.Time {
	switch rapid.IntRange(0, 3).Draw(t, label+" where") {
	case 0:
		return rapid.SampledFrom([]time.Time{
			time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1969, 12, 31, 23, 59, 59, 999_999_999, time.UTC),
			time.Date(2099, 12, 31, 23, 59, 59, 0, time.UTC), time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC), {},
		}).Draw(t, label)
	case 1:
		month := time.Date(rapid.IntRange(1970, 2099).Draw(t, label+" year"), time.Month(rapid.IntRange(1, 12).Draw(t, label+" month")), 1, 0, 0, 0, 0, loc)
		if _, change := month.ZoneBounds(); !change.IsZero() {
			return change.Add(-time.Duration(rapid.Int64Range(0, int64(48*time.Hour)).Draw(t, label+" before the change"))).UTC()
		}
	}
	return time.Unix(rapid.Int64Range(-40_000_000, 4_133_000_000).Draw(t, label), rapid.Int64Range(0, 999_999_999).Draw(t, label+" ns")).UTC()
}

// field draws one field of a cron expression over min..max, and the
// values it allows. names, if any, name the values from min.
func field(t *rapid.T, label string, min, max int, names []string) (string, func(int) bool) {
	value := func(v int) string {
		if names != nil && rapid.Bool().Draw(t, label+" by name") {
			n := names[v-min]
			return rapid.SampledFrom([]string{n, strings.ToLower(n), n[:1] + strings.ToLower(n[1:])}).Draw(t, label+" case")
		}
		return fmt.Sprint(v)
	}
	switch rapid.IntRange(0, 4).Draw(t, label+" kind") {
	case 0:
		return "*", func(int) bool { return true }
	case 1:
		v := rapid.IntRange(min, max).Draw(t, label)
		return value(v), func(x int) bool { return x == v }
	case 2:
		lo := rapid.IntRange(min, max).Draw(t, label+" lo")
		hi := rapid.IntRange(lo, max).Draw(t, label+" hi")
		step := rapid.IntRange(1, 7).Draw(t, label+" step")
		return fmt.Sprintf("%s-%s/%d", value(lo), value(hi), step), func(x int) bool { return x >= lo && x <= hi && (x-lo)%step == 0 }
	case 3:
		lo := rapid.IntRange(min, max).Draw(t, label+" from")
		step := rapid.IntRange(1, 30).Draw(t, label+" every")
		return fmt.Sprintf("%s/%d", value(lo), step), func(x int) bool { return x >= lo && (x-lo)%step == 0 }
	}
	vs := rapid.SliceOfNDistinct(rapid.IntRange(min, max), 1, 4, rapid.ID[int]).Draw(t, label+" list")
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = value(v)
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

var (
	months = []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}
	days   = []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}
)

// expr is a drawn cron expression and a naive reference for it: whether
// a time on its zone's clock is allowed.
type expr struct {
	text  string
	loc   *time.Location
	allow func(time.Time) bool
}

// cronExpr draws a cron expression: the time fields, the day fields (or
// * * ? when days is false), a year when years is true, and a zone. The
// seconds field is drawn too when second is negative, and second
// otherwise.
func cronExpr(t *rapid.T, days, years bool, second int) expr {
	sec, s := fmt.Sprint(second), func(x int) bool { return x == second }
	if second < 0 {
		sec, s = field(t, "second", 0, 59, nil)
	}
	min, m := field(t, "minute", 0, 59, nil)
	hour, h := field(t, "hour", 0, 23, nil)
	dom, d, month, mo, dow, w := "*", func(int) bool { return true }, "*", func(int) bool { return true }, "?", func(int) bool { return true }
	if days {
		dom, d = field(t, "day of month", 1, 31, nil)
		month, mo = field(t, "month", 1, 12, months)
		dow, w = field(t, "day of week", 1, 7, dayNames)
		if dom == "*" && dow != "*" && rapid.Bool().Draw(t, "?") {
			dom = "?"
		}
	}
	fields := []string{sec, min, hour, dom, month, dow}
	y := func(int) bool { return true }
	if years {
		var year string
		year, y = field(t, "year", 1970, 2099, nil)
		fields = append(fields, year)
	}
	zone := rapid.SampledFrom(zones).Draw(t, "zone")
	if zone != "" {
		fields = append(fields, zone)
	}
	anyDom, anyDow := dom == "*" || dom == "?", dow == "*" || dow == "?"
	loc := location(t, zone)
	clock := wallClock{loc: loc}
	return expr{text: strings.Join(fields, " "), loc: loc, allow: func(x time.Time) bool {
		x = clock.wall(x)
		dm, dw := d(x.Day()), w(int(x.Weekday())+1)
		day := dm || dw
		switch {
		case anyDom && anyDow:
			day = true
		case anyDom:
			day = dw
		case anyDow:
			day = dm
		}
		return day && s(x.Second()) && m(x.Minute()) && h(x.Hour()) && mo(int(x.Month())) &&
			x.Year() >= 1970 && x.Year() <= 2099 && y(x.Year())
	}}
}

var dayNames = days

// wallClock reads times on a zone's clock, as time.In does, but looks the
// zone's offset up only when a time leaves the period of the last one, so
// that walks of every second stay quick.
type wallClock struct {
	loc        *time.Location
	off        time.Duration
	start, end time.Time // the period of off; zero for no bound
}

// wall returns x on the zone's clock, as a UTC time with the same fields.
func (c *wallClock) wall(x time.Time) time.Time {
	if c.start.IsZero() && c.end.IsZero() || !c.start.IsZero() && x.Before(c.start) || !c.end.IsZero() && !x.Before(c.end) {
		local := x.In(c.loc)
		_, off := local.Zone()
		c.off = time.Duration(off) * time.Second
		c.start, c.end = local.ZoneBounds()
		if c.start.IsZero() && c.end.IsZero() {
			c.start = time.Unix(-1<<62, 0) // a fixed zone: one period for ever
		}
	}
	return x.UTC().Add(c.off)
}

// frequency draws the text of a valid Frequency of any form, padded with
// white space.
func frequency(t *rapid.T) string {
	pad := func(label string) string {
		return rapid.SampledFrom([]string{"", " ", "\t", "  \n"}).Draw(t, label)
	}
	var f string
	switch rapid.SampledFrom([]schedule.Kind{schedule.Rate, schedule.At, schedule.Cron}).Draw(t, "kind") {
	case schedule.Rate:
		unit := rapid.SampledFrom([]time.Duration{time.Second, time.Minute, time.Hour, 24 * time.Hour}).Draw(t, "unit")
		n := rapid.Int64Range(int64((schedule.MinRate+unit-1)/unit), int64(schedule.MaxRate/unit)).Draw(t, "n")
		f = fmt.Sprintf("rate(%s%d%s%c%s)", pad("before n"), n, pad("before unit"), map[time.Duration]byte{time.Second: 's', time.Minute: 'm', time.Hour: 'h', 24 * time.Hour: 'd'}[unit], pad("after unit"))
	case schedule.At:
		at := time.Unix(rapid.Int64Range(0, 4_100_000_000).Draw(t, "at"), 0).UTC()
		zone := rapid.SampledFrom(zones).Draw(t, "zone")
		f = "at(" + at.In(location(t, zone)).Format(time.DateTime)
		if zone != "" {
			f += " " + zone
		}
		f += ")"
	default:
		f = cronExpr(t, rapid.Bool().Draw(t, "days"), rapid.Bool().Draw(t, "years"), -1).text
	}
	return pad("before") + f + pad("after")
}

// Next is after t whenever it reports a run, and a later t never gets an
// earlier run, nor a run where an earlier t got none.
func TestNextIsAfterAndMonotone(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s, err := schedule.Parse(frequency(t))
		require.NoError(t, err)
		from := instant(t, "from", time.UTC)
		later := from.Add(time.Duration(rapid.Int64Range(0, int64(400*24*time.Hour)).Draw(t, "later")))
		a, okA := s.Next(from)
		b, okB := s.Next(later)
		if okA {
			require.True(t, a.After(from), "Next(%s) = %s", from, a)
		}
		if okB {
			require.True(t, okA, "Next(%s) has a run but Next(%s) has none", later, from)
			require.False(t, b.Before(a), "Next(%s) = %s before Next(%s) = %s", later, b, from, a)
		}
	})
}

// A Rate's next run is an interval after t, the interval being the
// number times the unit.
func TestRateIsAnIntervalAfter(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		unit := rapid.SampledFrom([]string{"s", "m", "h", "d"}).Draw(t, "unit")
		d := map[string]time.Duration{"s": time.Second, "m": time.Minute, "h": time.Hour, "d": 24 * time.Hour}[unit]
		n := rapid.Int64Range(int64((schedule.MinRate+d-1)/d), int64(schedule.MaxRate/d)).Draw(t, "n")
		s, err := schedule.Parse(fmt.Sprintf("rate(%d%s)", n, unit))
		require.NoError(t, err)
		from := time.Unix(0, rapid.Int64().Draw(t, "from")/2)
		got, ok := s.Next(from)
		require.True(t, ok)
		require.Equal(t, from.Add(time.Duration(n)*d), got)
	})
}

// A Rate outside MinRate..MaxRate is refused, however the count is
// written.
func TestRateOutOfRange(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		unit := rapid.SampledFrom([]string{"s", "m", "h", "d"}).Draw(t, "unit")
		d := map[string]time.Duration{"s": time.Second, "m": time.Minute, "h": time.Hour, "d": 24 * time.Hour}[unit]
		var n uint64
		if rapid.Bool().Draw(t, "short") {
			n = rapid.Uint64Range(0, uint64(schedule.MinRate/d)).Filter(func(n uint64) bool { return time.Duration(n)*d < schedule.MinRate }).Draw(t, "n")
		} else {
			n = rapid.Uint64Range(uint64(schedule.MaxRate/d)+1, 1<<32-1).Draw(t, "n")
		}
		f := fmt.Sprintf("rate(%d%s)", n, unit)
		_, err := schedule.Parse(f)
		require.EqualError(t, err, fmt.Sprintf("schedule: Parse(%q): %s is not from 60 seconds to 7 days", f, f))
	})
}

// A cron expression's next run is the first second after t that its
// fields allow: the time fields in any zone, checked by a walk of every
// second from t.
func TestCronTimeFieldsFirstMatch(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		e := cronExpr(t, false, false, -1)
		s, err := schedule.Parse(e.text)
		require.NoError(t, err)
		from := instant(t, "from", e.loc)
		if early := time.Date(1970, 1, 2, 0, 0, 0, 0, time.UTC); from.Before(early) {
			from = early // keep the walk short; TestCronFirstMatch starts earlier
		}
		got, ok := s.Next(from)
		if from.Year() >= 2099 {
			return // runs at the end of 2099, if any, are checked by TestCronFirstMatch
		}
		require.True(t, ok, "every day has allowed times")
		require.True(t, got.After(from))
		require.True(t, e.allow(got), "%s is %s in %s", got, got.In(e.loc), e.loc)
		require.Less(t, got.Sub(from), 49*time.Hour)
		for x := from.Truncate(time.Second).Add(time.Second); x.Before(got); x = x.Add(time.Second) {
			if e.allow(x) {
				t.Fatalf("%s (%s) is allowed and before Next = %s", x, x.In(e.loc), got)
			}
		}
	})
}

// The same with every field, over a bounded span, with one allowed
// second in a minute so that a walk of every minute can check it: the
// next run is the first allowed time, or there is none in the span.
func TestCronFirstMatch(t *testing.T) {
	const span = 30 * 24 * time.Hour
	rapid.Check(t, func(t *rapid.T) {
		sec := rapid.IntRange(0, 59).Draw(t, "the second")
		e := cronExpr(t, true, rapid.Bool().Draw(t, "years"), sec)
		s, err := schedule.Parse(e.text)
		require.NoError(t, err)
		from := instant(t, "from", e.loc)
		got, ok := s.Next(from)
		end := from.Add(span)
		if ok {
			require.True(t, got.After(from))
			require.True(t, e.allow(got), "%s is %s in %s", got, got.In(e.loc), e.loc)
			end = got
		}
		// Each minute from t holds the second sec of the zone's clock
		// once: offsets are whole seconds, but not always whole minutes
		// (Monrovia's until 1972).
		clock := wallClock{loc: e.loc}
		for m := from.Truncate(time.Minute); m.Before(end) && m.Before(from.Add(span)); m = m.Add(time.Minute) {
			x := m.Add(time.Duration((sec-clock.wall(m).Second()+60)%60) * time.Second)
			if x.After(from) && x.Before(end) && e.allow(x) {
				t.Fatalf("%s (%s) is allowed and before Next = %s, %v", x, x.In(e.loc), got, ok)
			}
		}
	})
}

// The next run of a cron expression that runs at noon is on the first
// day after t that the day, month and year fields allow, or there is none
// until 2099: checked by a walk of every day, in zones whose clocks never
// skip noon.
func TestCronDaysFirstMatch(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		dom, d := field(t, "day of month", 1, 31, nil)
		month, mo := field(t, "month", 1, 12, months)
		dow, w := field(t, "day of week", 1, 7, days)
		if dom == "*" && dow != "*" && rapid.Bool().Draw(t, "?") {
			dom = "?"
		}
		year, y := "", func(int) bool { return true }
		if rapid.Bool().Draw(t, "years") {
			year, y = field(t, "year", 1970, 2099, nil)
		}
		zone := rapid.SampledFrom([]string{"", "GMT+8", "GMT-03:30", "Asia/Shanghai", "America/New_York", "Europe/London", "Asia/Kolkata"}).Draw(t, "zone")
		loc := location(t, zone)
		s, err := schedule.Parse(strings.Join([]string{"0", "0", "12", dom, month, dow, year, zone}, " "))
		require.NoError(t, err)
		from := time.Unix(rapid.Int64Range(0, 4_102_444_800).Draw(t, "from"), 0)
		got, ok := s.Next(from)

		allowed := func(day time.Time) bool {
			dm, dw := d(day.Day()), w(int(day.Weekday())+1)
			switch {
			case dom == "*" || dom == "?":
				if dow != "*" {
					dm = dw
				}
			case dow == "*":
				dw = dm
			}
			return (dm || dw) && mo(int(day.Month())) && y(day.Year())
		}
		local := from.In(loc)
		want := time.Date(local.Year(), local.Month(), local.Day(), 12, 0, 0, 0, loc)
		if !want.After(from) {
			want = time.Date(local.Year(), local.Month(), local.Day()+1, 12, 0, 0, 0, loc)
		}
		for !allowed(want) {
			if want.Year() > 2099 {
				require.False(t, ok, "Next = %s, but no day is allowed before 2100", got)
				return
			}
			want = time.Date(want.Year(), want.Month(), want.Day()+1, 12, 0, 0, 0, loc)
		}
		require.True(t, ok && want.Year() <= 2099 || !ok && want.Year() > 2099, "Next = %s, %v; want %s", got, ok, want)
		if ok {
			require.Equal(t, want.UTC(), got)
		}
	})
}

// Parsing a Schedule's String, or its text, gives the same Schedule.
func TestStringRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := frequency(t)
		s, err := schedule.Parse(f)
		require.NoError(t, err)
		require.Equal(t, strings.TrimSpace(f), s.String())
		again, err := schedule.Parse(s.String())
		require.NoError(t, err)
		require.True(t, again == s, "Parse(%q) != Parse(%q)", s.String(), f)
		text, err := s.MarshalText()
		require.NoError(t, err)
		var u schedule.Schedule
		require.NoError(t, u.UnmarshalText(text))
		require.True(t, u == s)
	})
}
