//go:build race

package fakehttp_test

// raceEnabled tells the allocation tests that the race detector runs:
// it makes sync.Pool drop some of what is put in it, so that counts vary
// by an allocation or two from run to run.
const raceEnabled = true
