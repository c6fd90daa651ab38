package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
	"github.com/ecsassist/cloudassistant/fake/fault"
)

// stateVersion is the version of the state file this server writes, and
// the newest it reads.
const stateVersion = 1

// stateFile is what -state FILE holds: the service's snapshot, what the
// server set it up with that the snapshot does not hold (the fleet file,
// whose outcomes script the runs, and the regions), and the fault rules.
type stateFile struct {
	Version int
	Fleet   json.RawMessage `json:",omitempty"` // the -fleet file as it was given
	Regions []string        `json:",omitempty"`
	Service fake.Snapshot
	Faults  []fault.Rule `json:",omitempty"`
}

// checkStateDir refuses a state file whose folder does not exist or
// cannot be written, at start rather than at the first save.
func checkStateDir(name string) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".check-*")
	if err != nil {
		return fmt.Errorf("its folder cannot be written: %w", err)
	}
	f.Close()
	return os.Remove(f.Name())
}

// readState reads the state file name: ok is false when there is none.
// A file that cannot be read or parsed, is empty, or was written by a
// newer version is an error that names the fault.
func readState(name string) (st stateFile, ok bool, err error) {
	b, err := os.ReadFile(name)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return st, false, nil
	case err != nil:
		return st, false, err
	case len(bytes.TrimSpace(b)) == 0:
		return st, false, errors.New("the file is empty")
	}
	var probe struct{ Version *int }
	if err := json.Unmarshal(b, &probe); err != nil {
		return st, false, fmt.Errorf("not a state file: %w", err)
	}
	switch {
	case probe.Version == nil:
		return st, false, errors.New("not a state file: it has no Version")
	case *probe.Version > stateVersion:
		return st, false, fmt.Errorf("written by a newer version of the format (%d; this server reads up to %d)", *probe.Version, stateVersion)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&st); err != nil {
		return st, false, fmt.Errorf("not a state file: %w", err)
	}
	return st, true, nil
}

// writeState writes b to name atomically: to a temporary file in the same
// folder, synced, renamed over name, and the folder synced, so that a
// crash leaves the old file or the new one, never a part.
func writeState(name string, b []byte) error {
	dir := filepath.Dir(name)
	f, err := os.CreateTemp(dir, "."+filepath.Base(name)+".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// stateSaver saves the state of a server to its file.
type stateSaver struct {
	name    string
	fleet   json.RawMessage
	regions []string
	svc     *fake.Service
	handler *fakehttp.Handler
	last    []byte // what the file holds
}

// document returns the state file's content now.
func (s *stateSaver) document() ([]byte, error) {
	snap, err := s.svc.Snapshot()
	if err != nil {
		return nil, err
	}
	st := stateFile{Version: stateVersion, Fleet: s.fleet, Regions: s.regions, Service: snap, Faults: s.handler.Faults()}
	return json.Marshal(st)
}

// save writes the state when it changed since it was last written.
func (s *stateSaver) save() error {
	b, err := s.document()
	if err != nil {
		return err
	}
	if bytes.Equal(b, s.last) {
		return nil
	}
	if err := writeState(s.name, b); err != nil {
		return err
	}
	s.last = b
	return nil
}

// every saves the state every interval until ctx is done, and reports
// what fails to stderr.
func (s *stateSaver) every(ctx context.Context, interval time.Duration, stderr io.Writer) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if err := s.save(); err != nil {
				fmt.Fprintf(stderr, "fake-cloudassistant: -state %s: %v\n", s.name, err)
			}
		}
	}
}

// restoreFaults adds the saved fault rules to h, each as it stands: a
// rule limited to Times applications keeps those it has left.
func restoreFaults(h *fakehttp.Handler, rules []fault.Rule) error {
	for i := range rules {
		r := &rules[i]
		if r.Times > 0 {
			r.Times -= r.Hits
			if r.Times <= 0 {
				r.Times, r.Probability = 0, new(float64) // spent: listed, never fires again
			}
		}
		r.ID, r.Hits = 0, 0
	}
	_, err := h.AddFaults(rules...)
	return err
}
