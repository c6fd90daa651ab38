package schedule

import (
	"fmt"
	"strings"
	"time"
)

// cron is a Quartz cron expression: seconds, minutes, hours, day of
// month, month, day of week and years, in a zone. Each field is the set of
// values it allows, as bits. It is comparable, so that a Schedule can hold
// it by a unique.Handle.
type cron struct {
	sec, min, hour, dom, month, dow uint64    // dow: bit 0 is Sunday, as time.Weekday
	years                           [3]uint64 // bit i is the year 1970+i
	anyDom, anyDow                  bool      // * or ?: the field does not restrict the day
	loc                             *time.Location
}

// A cron field: its name, range, and the names of its values.
type cronField struct {
	name     string
	min, max int
	names    []string // names[i] is the value min+i
}

var (
	secondField = cronField{name: "seconds", max: 59}
	minuteField = cronField{name: "minutes", max: 59}
	hourField   = cronField{name: "hours", max: 23}
	domField    = cronField{name: "day of month", min: 1, max: 31}
	monthField  = cronField{name: "month", min: 1, max: 12,
		names: []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}}
	dowField  = cronField{name: "day of week", min: 1, max: 7, names: []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}}
	yearField = cronField{name: "year", min: 1970, max: 2099}
)

// parseCron reads a cron expression of six or seven fields and an
// optional zone, as the package documentation describes, or says why it
// cannot. Seven fields are six and a year when the seventh reads as a
// year, and six and a zone otherwise.
func parseCron(expr string) (cron, string) {
	f := strings.Fields(expr)
	zone := ""
	switch {
	case len(f) == 8:
		zone, f = f[7], f[:7]
	case len(f) == 7:
		if _, reason := parseCronField(f[6], yearField, false); reason != "" {
			zone, f = f[6], f[:6]
		}
	case len(f) != 6:
		return cron{}, fmt.Sprintf("%q is not rate(…), at(…) or a cron expression of six or seven fields and an optional time zone", expr)
	}
	c := cron{loc: time.UTC}
	var reason string
	if zone != "" {
		if c.loc, reason = parseZone(zone); reason != "" {
			return cron{}, reason
		}
	}
	parse := func(dst *uint64, text string, field cronField, question bool) {
		if reason == "" {
			*dst, reason = parseCronField(text, field, question)
		}
	}
	parse(&c.sec, f[0], secondField, false)
	parse(&c.min, f[1], minuteField, false)
	parse(&c.hour, f[2], hourField, false)
	parse(&c.dom, f[3], domField, true)
	parse(&c.month, f[4], monthField, false)
	parse(&c.dow, f[5], dowField, true)
	if reason != "" {
		return cron{}, reason
	}
	c.dow >>= 1 // 1 (Sunday) to 7 (Saturday) as time.Weekday's 0 to 6
	c.anyDom, c.anyDow = f[3] == "*" || f[3] == "?", f[5] == "*" || f[5] == "?"
	if len(f) == 7 {
		for _, part := range strings.Split(f[6], ",") {
			lo, hi, step, reason := parseCronRange(part, yearField, false)
			if reason != "" {
				return cron{}, reason
			}
			for y := lo; y <= hi; y += step {
				c.years[(y-yearField.min)/64] |= 1 << ((y - yearField.min) % 64)
			}
		}
	} else {
		c.years = [3]uint64{^uint64(0), ^uint64(0), ^uint64(0)}
	}
	return c, ""
}

// parseCronField returns the set of values text allows, as bits.
func parseCronField(text string, field cronField, question bool) (uint64, string) {
	var bits uint64
	for _, part := range strings.Split(text, ",") {
		lo, hi, step, reason := parseCronRange(part, field, question)
		if reason != "" {
			return 0, reason
		}
		for v := lo; v <= hi; v += step {
			bits |= 1 << v
		}
	}
	return bits, ""
}

// parseCronRange reads one item of a field's list: the values from lo to
// hi, every step.
func parseCronRange(part string, field cronField, question bool) (lo, hi, step int, reason string) {
	bad := func(why string) (int, int, int, string) {
		return 0, 0, 0, fmt.Sprintf("the %s field %q %s", field.name, part, why)
	}
	if strings.ContainsAny(part, "LW#") && field.names == nil || strings.ContainsAny(strings.ToUpper(part), "#") {
		return bad("uses L, W or #, which are not supported")
	}
	rng, stepText, hasStep := strings.Cut(part, "/")
	step = 1
	if hasStep {
		var ok bool
		if step, ok = digits(stepText, 1, 4); !ok || step == 0 {
			return bad("has a step that is not a positive number")
		}
	}
	switch {
	case rng == "*" || rng == "?" && question:
		return field.min, field.max, step, ""
	case rng == "?":
		return bad("uses ?, which only the day fields take")
	}
	loText, hiText, isRange := strings.Cut(rng, "-")
	var ok bool
	if lo, ok = field.value(loText); !ok {
		return bad(fmt.Sprintf("is not a value from %d to %d", field.min, field.max))
	}
	hi = lo
	switch {
	case isRange:
		if hi, ok = field.value(hiText); !ok || hi < lo {
			return bad(fmt.Sprintf("is not a range of values from %d to %d", field.min, field.max))
		}
	case hasStep:
		hi = field.max // a/n: from a to the end
	}
	return lo, hi, step, ""
}

// value reads one value of the field: a number in its range or, for
// months and days of the week, a name in any case.
func (f cronField) value(s string) (int, bool) {
	for i, name := range f.names {
		if strings.EqualFold(s, name) {
			return f.min + i, true
		}
	}
	v, ok := digits(s, 1, 4)
	return v, ok && v >= f.min && v <= f.max
}

// next returns the first whole second after t that c allows on its
// zone's clock, in UTC. It narrows down from the year to the second: when
// a field rules out the current year, month, day, hour or minute, t moves
// to the first instant at which the clock reads the start of the next one
// or later, and when that carries into a larger unit the search starts
// over from the year. t only moves forward, one unit at a time, so each
// unit is looked at once; and the first day that the fields allow holds an
// allowed time (every field allows some value) unless the zone's clock
// skips it. The work thus grows linearly with the span searched, at most
// the years from 1970 to 2099, whatever the fields.
func (c *cron) next(t time.Time) (time.Time, bool) {
	next, ok, _ := c.search(t)
	return next, ok
}

// search is next, and counts the steps it takes: one for each time it
// looks at a year, month, day, hour, minute or second, and one for each
// change of the zone's offset it moves past on the way to the next of
// them.
func (c *cron) search(t time.Time) (next time.Time, ok bool, steps int) {
	t = t.In(c.loc).Truncate(time.Second).Add(time.Second)
	if start := time.Date(yearField.min, time.January, 1, 0, 0, 0, 0, c.loc); t.Before(start) {
		t = start // no year before 1970 is allowed: skip them at once
	}
wrap:
	steps++
	if t.Year() > yearField.max {
		return time.Time{}, false, steps
	}
	if y := t.Year() - yearField.min; y < 0 || c.years[y/64]&(1<<(y%64)) == 0 {
		t = reach(t, clock(t.Year()+1, time.January, 1, 0), &steps)
		goto wrap
	}
	// After each step, a change of the next larger unit is a carry (not
	// always to its first value: a zone's clock can skip midnight or the
	// start of an hour).
	for y := t.Year(); c.month&(1<<int(t.Month())) == 0; {
		steps++
		if t = reach(t, clock(t.Year(), t.Month()+1, 1, 0), &steps); t.Year() != y {
			goto wrap
		}
	}
	for m := t.Month(); !c.day(t); {
		steps++
		if t = reach(t, clock(t.Year(), t.Month(), t.Day()+1, 0), &steps); t.Month() != m {
			goto wrap
		}
	}
	for d := t.Day(); c.hour&(1<<t.Hour()) == 0; {
		steps++
		if t = reach(t, clock(t.Year(), t.Month(), t.Day(), t.Hour()+1), &steps); t.Day() != d {
			goto wrap
		}
	}
	for h := t.Hour(); c.min&(1<<t.Minute()) == 0; {
		steps++
		// The next minute on the zone's clock: not t.Truncate(time.Minute),
		// which counts minutes from UTC's and misses them in a zone whose
		// offset has seconds, such as Africa/Monrovia's -0:44:30 until 1972.
		// A step never passes a change of the offset within a minute: from
		// 1970 on, the IANA database changes offsets on whole minutes of
		// the clock only, so the step lands on the change or before it.
		if t = t.Add(time.Duration(60-t.Second()) * time.Second); t.Hour() != h {
			goto wrap
		}
	}
	for m := t.Minute(); c.sec&(1<<t.Second()) == 0; {
		steps++
		if t = t.Add(time.Second); t.Minute() != m {
			goto wrap
		}
	}
	return t.UTC(), true, steps
}

// clock returns a reading of a zone's clock, the start of an hour, as
// seconds since 1970-01-01 00:00 on that clock. Values out of range
// normalize as in time.Date: hour 24 is the next day's 0.
func clock(year int, month time.Month, day, hour int) int64 {
	return time.Date(year, month, day, hour, 0, 0, 0, time.UTC).Unix()
}

// reach returns the first instant after t at which the clock of t's zone
// reads wall (as clock gives it) or later, wall being later than t's
// reading; it adds to steps one for each change of the zone's offset it
// moves past.
//
// time.Date cannot find that instant when the zone's clock does not read
// wall exactly once. If the clock skips wall, as Pacific/Chatham's skips
// from 2:45 to 3:45 at the start of summer time, time.Date reads wall with
// one of the two offsets and may give 4:00, past an allowed 3:45. If the
// clock reads wall twice, as Europe/Berlin's reads 2:00 twice at the end of
// summer time, time.Date may give the second, past the first pass of the
// hour. reach instead looks at the periods of the zone's offset from t's
// on: within one the clock moves with UTC, so wall minus the offset is the
// instant it reads wall, unless that is after the period ends; and when
// the offset changes past wall, the change is the instant sought.
func reach(t time.Time, wall int64, steps *int) time.Time {
	for {
		_, off := t.Zone()
		at := wall - int64(off)
		if at <= t.Unix() {
			return t // t is a change of the clock from before wall to after it
		}
		_, end := t.ZoneBounds()
		if !end.IsZero() && !end.After(t) {
			// Go reports an end before t in the last UTC day of a leap
			// year that the zone's TZ rule serves (golang.org/issue/81583).
			// It works out those periods one UTC year at a time, and no
			// rule changes the offset at the turn of the year: the period
			// goes on to the next UTC year at least.
			end = time.Date(t.UTC().Year()+1, time.January, 1, 0, 0, 0, 0, time.UTC).In(t.Location())
		}
		if end.IsZero() || at < end.Unix() {
			return time.Unix(at, 0).In(t.Location())
		}
		t = end
		*steps++
	}
}

// day reports whether the day of t is allowed.
func (c *cron) day(t time.Time) bool {
	dom, dow := c.dom&(1<<t.Day()) != 0, c.dow&(1<<int(t.Weekday())) != 0
	switch {
	case c.anyDom && c.anyDow:
		return true
	case c.anyDom:
		return dow
	case c.anyDow:
		return dom
	}
	return dom || dow
}
