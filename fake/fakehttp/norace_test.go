//go:build !race

package fakehttp_test

// raceEnabled tells the allocation tests that the race detector runs.
const raceEnabled = false
