package schedule

import "time"

// NextSteps is Next, and the steps a Cron's search takes (0 for the other
// kinds), so that tests can bound the work.
func NextSteps(s Schedule, t time.Time) (time.Time, bool, int) {
	if s.kind != Cron {
		next, ok := s.Next(t)
		return next, ok, 0
	}
	c := s.cron.Value()
	return c.search(t)
}
