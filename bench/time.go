package bench

import (
	"time"

	"github.com/ecsassist/cloudassistant/invocation"
)

func parseTime(s string, inv *invocation.Invocation) error {
	if s == "" {
		return nil
	}
	t, err := time.Parse("2006-01-02T15:04:05Z", s)
	inv.CreationTime = t
	return err
}
