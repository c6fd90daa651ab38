package schedule_test

import (
	"testing"
	"time"

	"github.com/ecsassist/cloudassistant/schedule"
)

var (
	sinkSchedule schedule.Schedule
	sinkTime     time.Time
	sinkOK       bool
)

// benchFrequencies are one Frequency of each kind as services write them,
// and the slowest cron there is: one that never runs again, whose search
// looks at every year up to 2099 and every day of its allowed months.
var benchFrequencies = []struct{ name, freq string }{
	{"rate", "rate(5m)"},
	{"at", "at(2030-09-01 12:00:00 Asia/Shanghai)"},
	{"cron", "0 15 10 ? * MON-FRI"},
	{"cron-zone", "0 0/20 9-17 ? * MON-FRI Asia/Shanghai"},
	{"cron-never", "0 0 0 31 2,4,6,9,11 ?"},
}

func BenchmarkParse(b *testing.B) {
	for _, bf := range benchFrequencies {
		b.Run(bf.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkSchedule, _ = schedule.Parse(bf.freq)
			}
		})
	}
}

func BenchmarkNext(b *testing.B) {
	from := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, bf := range benchFrequencies {
		s := schedule.MustParse(bf.freq)
		b.Run(bf.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkTime, sinkOK = s.Next(from)
			}
		})
	}
}
