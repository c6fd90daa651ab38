package fake

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // time zones of Frequency, the same on every machine
)

// A schedule tells when the runs of a periodic invocation are due.
type schedule interface {
	// next returns the first time a run is due after t: t is the
	// invocation's creation for the first run, and the end of the
	// previous run for the others. It reports false when no run is due
	// after t.
	next(t time.Time) (time.Time, bool)
}

// The shortest and longest intervals of rate(…).
const (
	minRate = time.Minute
	maxRate = 7 * 24 * time.Hour
)

// parseFrequency reads a Frequency: rate(N s|m|h|d), at(yyyy-MM-dd
// HH:mm:ss [zone]), or a cron expression of six or seven fields with an
// optional time zone. The error says what is wrong, for the message of
// InvalidParam.Frequency.
func parseFrequency(f string) (schedule, error) {
	f = strings.TrimSpace(f)
	switch {
	case strings.HasPrefix(f, "rate(") && strings.HasSuffix(f, ")"):
		return parseRate(strings.TrimSpace(f[len("rate(") : len(f)-1]))
	case strings.HasPrefix(f, "at(") && strings.HasSuffix(f, ")"):
		return parseAt(strings.TrimSpace(f[len("at(") : len(f)-1]))
	}
	return parseCron(f)
}

// rate runs an interval after creation, and an interval after each run
// ends.
type rate time.Duration

func (r rate) next(t time.Time) (time.Time, bool) { return t.Add(time.Duration(r)), true }

func parseRate(s string) (schedule, error) {
	if s == "" {
		return nil, errors.New("rate() needs an interval such as 5m")
	}
	unit := map[byte]time.Duration{'s': time.Second, 'm': time.Minute, 'h': time.Hour, 'd': 24 * time.Hour}[s[len(s)-1]]
	n, err := strconv.ParseUint(strings.TrimSpace(s[:len(s)-1]), 10, 32)
	if unit == 0 || err != nil {
		return nil, fmt.Errorf("rate(%s) is not a number followed by s, m, h or d", s)
	}
	d := time.Duration(n) * unit
	if d < minRate || d > maxRate {
		return nil, fmt.Errorf("rate(%s) is not from 60 seconds to 7 days", s)
	}
	return rate(d), nil
}

// atTime runs once, at a time.
type atTime time.Time

func (a atTime) next(t time.Time) (time.Time, bool) {
	if time.Time(a).After(t) {
		return time.Time(a), true
	}
	return time.Time{}, false
}

func parseAt(s string) (schedule, error) {
	f := strings.Fields(s)
	if len(f) != 2 && len(f) != 3 {
		return nil, fmt.Errorf("at(%s) is not at(yyyy-MM-dd HH:mm:ss) with an optional time zone", s)
	}
	loc := time.UTC
	if len(f) == 3 {
		var err error
		if loc, err = parseZone(f[2]); err != nil {
			return nil, err
		}
	}
	t, err := time.ParseInLocation(time.DateTime, f[0]+" "+f[1], loc)
	if err != nil {
		return nil, fmt.Errorf("at(%s) is not at(yyyy-MM-dd HH:mm:ss) with an optional time zone", s)
	}
	return atTime(t.UTC()), nil
}

// parseZone reads a time zone: an IANA name such as Asia/Shanghai, UTC or
// GMT, or an offset from them such as GMT+08:00, GMT-5 or UTC+8.
func parseZone(z string) (*time.Location, error) {
	for _, p := range []string{"GMT", "UTC"} {
		rest, ok := strings.CutPrefix(z, p)
		if !ok {
			continue
		}
		if rest == "" {
			return time.UTC, nil
		}
		if off, ok := parseOffset(rest); ok {
			return time.FixedZone(z, off), nil
		}
	}
	if z != "Local" && z != "" {
		if loc, err := time.LoadLocation(z); err == nil {
			return loc, nil
		}
	}
	return nil, fmt.Errorf("%q is not a time zone such as Asia/Shanghai or GMT+08:00", z)
}

// parseOffset reads +H, +HH, +H:MM or +HH:MM (or with -) as seconds east
// of UTC, up to 14 hours.
func parseOffset(s string) (int, bool) {
	if len(s) < 2 || (s[0] != '+' && s[0] != '-') {
		return 0, false
	}
	hh, mm, hasMin := strings.Cut(s[1:], ":")
	h, ok := digits(hh, 1, 2)
	if !ok || h > 14 {
		return 0, false
	}
	m := 0
	if hasMin {
		if m, ok = digits(mm, 2, 2); !ok || m > 59 {
			return 0, false
		}
	}
	off := h*3600 + m*60
	if s[0] == '-' {
		off = -off
	}
	return off, true
}

// digits reads s as a decimal number of min to max digits, nothing else.
func digits(s string, min, max int) (int, bool) {
	if len(s) < min || len(s) > max {
		return 0, false
	}
	n := 0
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
