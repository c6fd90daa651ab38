// Package schedule reads the Frequency of a periodic Cloud Assistant
// command invocation and tells when its runs are due.
//
// RunCommand and InvokeCommand take a Frequency when an invocation repeats
// (RepeatMode Period, or Timed in older editions); the vendor's
// RunCommand/InvokeCommand reference describes the parameter. A service
// can check a Frequency with [Parse] before it calls the API, and a fake of
// the service can use [Schedule.Next] to know when each run is due.
//
// # Forms
//
// A Frequency takes one of three forms, told apart by [Schedule.Kind]:
//
//   - [Rate], rate(N s|m|h|d): a run every N seconds, minutes, hours or
//     days, from [MinRate] (60 seconds) to [MaxRate] (7 days). The first
//     run is due one interval after the invocation is created, and each
//     next run one interval after the previous run ends. Spaces may
//     surround the number and the unit: rate( 2 h ).
//   - [At], at(yyyy-MM-dd HH:mm:ss [zone]): one run, at that time on the
//     zone's clock, UTC when there is no zone.
//   - [Cron], a cron expression in the Quartz syntax that the reference
//     follows: six or seven fields separated by spaces (seconds, minutes,
//     hours, day of month, month, day of week and, optionally, year from
//     1970 to 2099), then an optional zone, UTC when there is none. A field
//     is *, a value, a range a-b, either with a step /n (a/n runs from a to
//     the field's end), or a list of those separated by commas; the day
//     fields also take ?, which like * does not restrict the day. Months
//     (JAN to DEC) and days of the week (SUN to SAT) may be named, in any
//     case; days of the week count from 1, Sunday, to 7, Saturday, as in
//     Quartz. When both day fields restrict the day, a day that either
//     allows is allowed, as in cron(8). Quartz's L, W and # are not
//     supported.
//
// Surrounding white space is ignored, and anything that is neither rate(…)
// nor at(…) is read as a cron expression.
//
// # Time zones
//
// A zone is an IANA name such as Asia/Shanghai, UTC or GMT, or an offset
// from UTC or GMT of at most 14 hours and 59 minutes: GMT+08:00, GMT-5,
// UTC+8. The package embeds the IANA database (time/tzdata), so a zone is
// known on every machine, including those without one of their own; a
// system database, when there is one, takes precedence, as
// [time.LoadLocation] decides.
// Times of the cron fields are read on the zone's clock: a time that the
// zone skips when its clock moves forward never comes, and a time that it
// repeats when its clock moves back comes twice.
//
// # Values
//
// A [Schedule] is a small comparable value: schedules parsed from the same
// text are equal with ==, and [Schedule.String] gives that text back,
// trimmed. Its zero value is no schedule: it has no [Kind], its String is
// empty, and Next reports false. Schedules marshal to and from their text
// with MarshalText, AppendText and UnmarshalText, where the empty text is
// the zero Schedule.
//
// # Errors
//
// Parse reports a text it cannot read with a [*ParseError]. Its Error
// method names the input; its Reason field says only what is wrong, in
// words fit for the user who wrote the Frequency, such as
//
//	rate(59s) is not from 60 seconds to 7 days
package schedule

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unique"
)

// The shortest and longest intervals of rate(…).
const (
	MinRate = time.Minute
	MaxRate = 7 * 24 * time.Hour
)

// Kind is the form of a Frequency. The zero Kind is that of the zero
// [Schedule]: no form at all.
type Kind string

// The forms of a Frequency.
const (
	Rate Kind = "rate" // rate(N s|m|h|d)
	At   Kind = "at"   // at(yyyy-MM-dd HH:mm:ss [zone])
	Cron Kind = "cron" // a Quartz cron expression and an optional zone
)

// A Schedule tells when the runs of a periodic invocation are due. Make
// one with [Parse]; the zero Schedule is no schedule (see the package
// documentation).
type Schedule struct {
	text  string              // the Frequency, trimmed
	kind  Kind                // "" for the zero Schedule
	every time.Duration       // the interval of a Rate
	at    time.Time           // the time of an At, in UTC
	cron  unique.Handle[cron] // the fields and zone of a Cron
}

// Parse reads a Frequency in one of the forms of the package
// documentation. Its error is a [*ParseError].
func Parse(frequency string) (Schedule, error) {
	text := strings.TrimSpace(frequency)
	s := Schedule{text: text}
	var reason string
	switch {
	case strings.HasPrefix(text, "rate(") && strings.HasSuffix(text, ")"):
		s.kind = Rate
		s.every, reason = parseRate(strings.TrimSpace(text[len("rate(") : len(text)-1]))
	case strings.HasPrefix(text, "at(") && strings.HasSuffix(text, ")"):
		s.kind = At
		s.at, reason = parseAt(strings.TrimSpace(text[len("at(") : len(text)-1]))
	default:
		var c cron
		s.kind = Cron
		if c, reason = parseCron(text); reason == "" {
			s.cron = unique.Make(c)
		}
	}
	if reason != "" {
		return Schedule{}, &ParseError{Input: frequency, Reason: reason}
	}
	return s, nil
}

// MustParse is [Parse] for a Frequency known to be valid, such as one of a
// test or of a package variable. It panics if Parse returns an error.
func MustParse(frequency string) Schedule {
	s, err := Parse(frequency)
	if err != nil {
		panic(err)
	}
	return s
}

// Next returns the first time after t at which a run is due, and reports
// whether there is one. For the first run, t is the time the invocation
// was created; for the others, the time the previous run ended.
//
//   - A Rate returns t plus its interval, in t's location.
//   - An At returns its time, in UTC, when that is after t, and reports
//     false otherwise.
//   - A Cron returns, in UTC, the first whole second after t that its
//     fields allow on its zone's clock, and reports false when there is
//     none before the end of 2099 (the last year a cron expression can
//     name). The search takes time linear in the years it spans, at most
//     those from 1970 to 2099, whatever the fields.
//
// Next on the zero Schedule reports false.
func (s Schedule) Next(t time.Time) (time.Time, bool) {
	switch s.kind {
	case Rate:
		return t.Add(s.every), true
	case At:
		if s.at.After(t) {
			return s.at, true
		}
	case Cron:
		c := s.cron.Value()
		return c.next(t)
	}
	return time.Time{}, false
}

// Kind returns the form of the Frequency: [Rate], [At] or [Cron], or ""
// for the zero Schedule.
func (s Schedule) Kind() Kind { return s.kind }

// String returns the text s was parsed from, without surrounding white
// space; the empty string for the zero Schedule.
func (s Schedule) String() string { return s.text }

// AppendText implements [encoding.TextAppender]: it appends the text of
// [Schedule.String] to b, nothing for the zero Schedule.
func (s Schedule) AppendText(b []byte) ([]byte, error) {
	return append(b, s.text...), nil
}

// MarshalText implements [encoding.TextMarshaler]: the text of
// [Schedule.String], empty for the zero Schedule.
func (s Schedule) MarshalText() ([]byte, error) {
	return []byte(s.text), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]. Empty text sets s
// to the zero Schedule; other text is read by [Parse], and on an error s
// becomes the zero Schedule.
func (s *Schedule) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*s = Schedule{}
		return nil
	}
	var err error
	*s, err = Parse(string(text))
	return err
}

// A ParseError tells why [Parse] cannot read a Frequency.
type ParseError struct {
	Input  string // the Frequency, as given to Parse
	Reason string // what is wrong with it, for the user who wrote it
}

// Error returns the reason with the input and the function, such as
//
//	schedule: Parse("rate(59s)"): rate(59s) is not from 60 seconds to 7 days
func (e *ParseError) Error() string {
	return fmt.Sprintf("schedule: Parse(%q): %s", e.Input, e.Reason)
}

// parseRate reads the interval inside rate(…), or says why it cannot.
func parseRate(s string) (time.Duration, string) {
	if s == "" {
		return 0, "rate() needs an interval such as 5m"
	}
	var unit time.Duration
	switch s[len(s)-1] {
	case 's':
		unit = time.Second
	case 'm':
		unit = time.Minute
	case 'h':
		unit = time.Hour
	case 'd':
		unit = 24 * time.Hour
	}
	n, err := strconv.ParseUint(strings.TrimSpace(s[:len(s)-1]), 10, 32)
	if unit == 0 || err != nil {
		return 0, fmt.Sprintf("rate(%s) is not a number followed by s, m, h or d", s)
	}
	// Compare the count before multiplying: a count of days near the
	// 32-bit limit would overflow a Duration.
	if n < uint64(MinRate/unit) || n > uint64(MaxRate/unit) || time.Duration(n)*unit < MinRate {
		return 0, fmt.Sprintf("rate(%s) is not from 60 seconds to 7 days", s)
	}
	return time.Duration(n) * unit, ""
}

// parseAt reads the time inside at(…), in UTC, or says why it cannot.
func parseAt(s string) (time.Time, string) {
	bad := fmt.Sprintf("at(%s) is not at(yyyy-MM-dd HH:mm:ss) with an optional time zone", s)
	f := strings.Fields(s)
	if len(f) != 2 && len(f) != 3 {
		return time.Time{}, bad
	}
	loc := time.UTC
	if len(f) == 3 {
		var reason string
		if loc, reason = parseZone(f[2]); reason != "" {
			return time.Time{}, reason
		}
	}
	t, err := time.ParseInLocation(time.DateTime, f[0]+" "+f[1], loc)
	if err != nil {
		return time.Time{}, bad
	}
	return t.UTC(), ""
}
