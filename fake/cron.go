package fake

import (
	"fmt"
	"strings"
	"time"
)

// cron is a Quartz-style cron schedule: seconds, minutes, hours, day of
// month, month, day of week and, optionally, year, in a time zone. Each
// field is a set of allowed values, as bits.
type cron struct {
	sec, min, hour, dom, month, dow uint64 // dow: bit 0 is Sunday, as time.Weekday
	years                           [3]uint64
	anyDom, anyDow                  bool // * or ?: the field does not restrict the day
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

// parseCron reads a cron expression of six or seven fields (seconds
// minutes hours day-of-month month day-of-week [year]) and an optional
// time zone, UTC when none. A field is *, ? (for a day field), a value,
// a range a-b, either with a step /n (a/n runs from a to the field's
// end), or a list of those separated by commas; months and days of the
// week may be named (JAN, SUN), in any case. Days of the week count from
// 1, Sunday, to 7, Saturday, as in Quartz. When both day fields restrict
// the day, a day that either allows is allowed, as in cron(8).
func parseCron(expr string) (schedule, error) {
	f := strings.Fields(expr)
	zone := ""
	switch {
	case len(f) == 8:
		zone, f = f[7], f[:7]
	case len(f) == 7:
		if _, err := parseCronField(f[6], yearField, false); err != nil {
			zone, f = f[6], f[:6]
		}
	case len(f) != 6:
		return nil, fmt.Errorf("%q is not rate(…), at(…) or a cron expression of six or seven fields and an optional time zone", expr)
	}
	c := &cron{loc: time.UTC}
	if zone != "" {
		var err error
		if c.loc, err = parseZone(zone); err != nil {
			return nil, err
		}
	}
	var err error
	parse := func(dst *uint64, text string, field cronField, question bool) {
		if err == nil {
			*dst, err = parseCronField(text, field, question)
		}
	}
	parse(&c.sec, f[0], secondField, false)
	parse(&c.min, f[1], minuteField, false)
	parse(&c.hour, f[2], hourField, false)
	parse(&c.dom, f[3], domField, true)
	parse(&c.month, f[4], monthField, false)
	parse(&c.dow, f[5], dowField, true)
	if err != nil {
		return nil, err
	}
	c.dow >>= 1 // 1 (Sunday) to 7 (Saturday) as time.Weekday's 0 to 6
	c.anyDom, c.anyDow = f[3] == "*" || f[3] == "?", f[5] == "*" || f[5] == "?"
	if len(f) == 7 {
		for _, part := range strings.Split(f[6], ",") {
			lo, hi, step, err := parseCronRange(part, yearField, false)
			if err != nil {
				return nil, err
			}
			for y := lo; y <= hi; y += step {
				c.years[(y-yearField.min)/64] |= 1 << ((y - yearField.min) % 64)
			}
		}
	} else {
		c.years = [3]uint64{^uint64(0), ^uint64(0), ^uint64(0)}
	}
	return c, nil
}

// parseCronField returns the set of values text allows, as bits.
func parseCronField(text string, field cronField, question bool) (uint64, error) {
	var bits uint64
	for _, part := range strings.Split(text, ",") {
		lo, hi, step, err := parseCronRange(part, field, question)
		if err != nil {
			return 0, err
		}
		for v := lo; v <= hi; v += step {
			bits |= 1 << v
		}
	}
	return bits, nil
}

// parseCronRange reads one item of a field's list: the values from lo to
// hi, every step.
func parseCronRange(part string, field cronField, question bool) (lo, hi, step int, err error) {
	bad := func(why string) (int, int, int, error) {
		return 0, 0, 0, fmt.Errorf("the %s field %q %s", field.name, part, why)
	}
	if strings.ContainsAny(part, "LW#") && field.names == nil || strings.ContainsAny(strings.ToUpper(part), "#") {
		return bad("uses L, W or #, which this fake does not support")
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
		return field.min, field.max, step, nil
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
	return lo, hi, step, nil
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

func (c *cron) next(t time.Time) (time.Time, bool) {
	t = t.In(c.loc).Truncate(time.Second).Add(time.Second)
wrap:
	if t.Year() > yearField.max {
		return time.Time{}, false
	}
	if y := t.Year() - yearField.min; y < 0 || c.years[y/64]&(1<<(y%64)) == 0 {
		t = later(t, time.Date(t.Year()+1, time.January, 1, 0, 0, 0, 0, c.loc))
		goto wrap
	}
	for c.month&(1<<int(t.Month())) == 0 {
		t = later(t, time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, c.loc))
		if t.Month() == time.January {
			goto wrap
		}
	}
	for !c.day(t) {
		t = later(t, time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, c.loc))
		if t.Day() == 1 {
			goto wrap
		}
	}
	for c.hour&(1<<t.Hour()) == 0 {
		t = later(t, time.Date(t.Year(), t.Month(), t.Day(), t.Hour()+1, 0, 0, 0, c.loc))
		if t.Hour() == 0 {
			goto wrap
		}
	}
	for c.min&(1<<t.Minute()) == 0 {
		t = t.Truncate(time.Minute).Add(time.Minute)
		if t.Minute() == 0 {
			goto wrap
		}
	}
	for c.sec&(1<<t.Second()) == 0 {
		t = t.Add(time.Second)
		if t.Second() == 0 {
			goto wrap
		}
	}
	return t.UTC(), true
}

// later returns next, the start of the next year, month, day or hour of
// t on its zone's calendar, or an hour after t when that start falls in
// a gap of the zone (a clock moved forward), for which time.Date may
// give a time that is no later than t.
func later(t, next time.Time) time.Time {
	if next.After(t) {
		return next
	}
	return t.Add(time.Hour)
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
