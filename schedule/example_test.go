package schedule_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ecsassist/cloudassistant/schedule"
)

// A service checks a Frequency before it calls RunCommand, and reports
// what is wrong in the user's own terms.
func ExampleParse() {
	for _, f := range []string{"rate(5m)", "0 15 10 ? * MON-FRI Asia/Shanghai", "rate(30s)", "0 0 0 L * ?"} {
		s, err := schedule.Parse(f)
		var pe *schedule.ParseError
		if errors.As(err, &pe) {
			fmt.Println("invalid:", pe.Reason)
			continue
		}
		fmt.Println(s.Kind(), s)
	}
	// Output:
	// rate rate(5m)
	// cron 0 15 10 ? * MON-FRI Asia/Shanghai
	// invalid: rate(30s) is not from 60 seconds to 7 days
	// invalid: the day of month field "L" uses L, W or #, which are not supported
}

// The full error names the function and the input.
func ExampleParseError() {
	_, err := schedule.Parse("at(2025-02-30 00:00:00)")
	fmt.Println(err)
	// Output:
	// schedule: Parse("at(2025-02-30 00:00:00)"): at(2025-02-30 00:00:00) is not at(yyyy-MM-dd HH:mm:ss) with an optional time zone
}

// A rate's first run is an interval after the invocation is created, and
// each next one an interval after the previous run ends.
func ExampleSchedule_Next_rate() {
	s := schedule.MustParse("rate(1h)")
	created := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	first, _ := s.Next(created)
	ended := first.Add(90 * time.Second)
	second, _ := s.Next(ended)
	fmt.Println(first)
	fmt.Println(second)
	// Output:
	// 2025-01-02 04:04:05 +0000 UTC
	// 2025-01-02 05:05:35 +0000 UTC
}

// at(…) runs once; after its time, no run is due.
func ExampleSchedule_Next_at() {
	s := schedule.MustParse("at(2025-01-02 11:30:00 Asia/Shanghai)")
	run, ok := s.Next(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	fmt.Println(run, ok)
	_, ok = s.Next(run)
	fmt.Println(ok)
	// Output:
	// 2025-01-02 03:30:00 +0000 UTC true
	// false
}

// A cron expression's times are on its zone's clock; Next answers in UTC.
// A day that never comes has no run.
func ExampleSchedule_Next_cron() {
	t := time.Date(2025, 1, 3, 12, 0, 0, 0, time.UTC) // a Friday
	for _, f := range []string{"0 15 10 ? * MON-FRI", "0 0 9 * * ? Asia/Shanghai", "0 0 0 30 2 ?"} {
		fmt.Println(schedule.MustParse(f).Next(t))
	}
	// Output:
	// 2025-01-06 10:15:00 +0000 UTC true
	// 2025-01-04 01:00:00 +0000 UTC true
	// 0001-01-01 00:00:00 +0000 UTC false
}

// A Schedule is text in JSON (and any other text encoding); an empty
// Frequency is the zero Schedule, which has no run.
func ExampleSchedule_UnmarshalText() {
	var req struct {
		Frequency schedule.Schedule
	}
	err := json.Unmarshal([]byte(`{"Frequency": " rate(2h) "}`), &req)
	fmt.Println(req.Frequency, err)
	out, _ := json.Marshal(req)
	fmt.Println(string(out))

	err = json.Unmarshal([]byte(`{"Frequency": ""}`), &req)
	_, ok := req.Frequency.Next(time.Now())
	fmt.Printf("%q %v %v\n", req.Frequency, ok, err)
	// Output:
	// rate(2h) <nil>
	// {"Frequency":"rate(2h)"}
	// "" false <nil>
}
