package schedule

import (
	"fmt"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // the IANA database, so that zones are known on every machine
)

// zones holds each zone loaded so far by its text, so that every
// schedule in a zone shares one *time.Location: schedules parsed from the
// same text then compare equal, and Parse reads the database once per
// zone. It only grows, and only by texts that name a zone: names of the
// IANA database and offsets of at most 14 hours, a few thousand at most.
var zones sync.Map // string → *time.Location

// parseZone reads a time zone: an IANA name such as Asia/Shanghai, UTC or
// GMT, or an offset from them such as GMT+08:00, GMT-5 or UTC+8. It says
// why when it cannot.
func parseZone(z string) (*time.Location, string) {
	if loc, ok := zones.Load(z); ok {
		return loc.(*time.Location), ""
	}
	loc := loadZone(z)
	if loc == nil {
		return nil, fmt.Sprintf("%q is not a time zone such as Asia/Shanghai or GMT+08:00", z)
	}
	actual, _ := zones.LoadOrStore(z, loc)
	return actual.(*time.Location), ""
}

// loadZone returns the zone z names, or nil.
func loadZone(z string) *time.Location {
	for _, p := range []string{"GMT", "UTC"} {
		rest, ok := strings.CutPrefix(z, p)
		if !ok {
			continue
		}
		if rest == "" {
			return time.UTC
		}
		if off, ok := parseOffset(rest); ok {
			return time.FixedZone(z, off)
		}
	}
	if z != "Local" && z != "" {
		if loc, err := time.LoadLocation(z); err == nil {
			return loc
		}
	}
	return nil
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
