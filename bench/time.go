package bench

import "time"

// timeParser parses the API's times, keeping the first error.
type timeParser struct{ err error }

// parse returns the time s spells, or the zero time for an absent one.
func (p *timeParser) parse(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse("2006-01-02T15:04:05Z", s)
	if err != nil && p.err == nil {
		p.err = err
	}
	return t
}
