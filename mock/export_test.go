package mock

import "time"

// NextRun is the time the first run of an invocation with the Frequency
// freq is due after t, and whether there is one; an error when freq
// cannot be read.
func NextRun(freq string, t time.Time) (time.Time, bool, error) {
	s, err := parseFrequency(freq)
	if err != nil {
		return time.Time{}, false, err
	}
	next, ok := s.next(t)
	return next, ok, nil
}
