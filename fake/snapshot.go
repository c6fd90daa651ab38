package fake

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/ecsassist/cloudassistant/invocation"
)

// SnapshotVersion is the version of the Snapshot format this package
// writes, and the newest it reads.
const SnapshotVersion = 1

// Snapshot is what a service needs to come back as it was after a
// restart: how it was set up (its seed, its page-token key, the fleet it
// was configured with, the invocations given with Load), the calls that
// changed it since it started or was last reset, each at the instant of
// the service's clock it was made at, and the service's time.
//
// Restore replays the calls on a new service, at their instants, so that
// the service has again every command, invocation and execution, with the
// transitions still due, the fleet as changed, the ClientTokens and the
// next ids: ids are drawn from the seed by the calls that succeed, and
// only those are kept. The runs' outcomes come from Config.Outcome, which
// must be the same function (a fleet file's scripts, say) for the same
// runs to end the same way. Its size grows with the calls since the last
// reset, a few hundred bytes a call; Reset empties it.
type Snapshot struct {
	Version   int
	Now       time.Time // the service's time when the snapshot was made
	Seed      uint64
	Key       []byte // the key that signs page tokens, so that tokens stay valid
	Instances []Instance
	Loaded    []LoadedInvocation
	Calls     []Call
}

// LoadedInvocation is an invocation given with Load or LoadInGroup.
type LoadedInvocation struct {
	ResourceGroupID string `json:",omitempty"`
	Invocation      invocation.Invocation
}

// Call is a call that changed a service: its instant, and the one
// request it made.
type Call struct {
	Time            time.Time
	CreateCommand   *CreateCommandRequest  `json:",omitempty"`
	DeleteCommand   *DeleteCommandRequest  `json:",omitempty"`
	InvokeCommand   *InvokeCommandRequest  `json:",omitempty"`
	RunCommand      *RunCommandRequest     `json:",omitempty"`
	StopInvocation  *StopInvocationRequest `json:",omitempty"`
	Reboot          string                 `json:",omitempty"` // an InstanceId
	ChangeInstances []InstanceChange       `json:",omitempty"`
}

// record notes a call that changed the service at now, when the service
// keeps them (Config.Snapshots).
func (s *Service) record(now time.Time, c Call) {
	if s.cfg.Snapshots {
		c.Time = now
		s.calls = append(s.calls, c)
	}
}

// ErrNoSnapshots is the error of Snapshot on a service that does not keep
// its calls (Config.Snapshots is false).
var ErrNoSnapshots = errors.New("fake: Snapshot: the service keeps no calls (Config.Snapshots is false)")

// Snapshot returns what Restore needs to make the service again; the
// service must keep its calls (Config.Snapshots), or it is ErrNoSnapshots.
func (s *Service) Snapshot() (Snapshot, error) {
	if !s.cfg.Snapshots {
		return Snapshot{}, ErrNoSnapshots
	}
	now := s.begin()
	defer s.end()
	snap := Snapshot{Version: SnapshotVersion, Now: now, Seed: s.cfg.Seed, Key: slices.Clone(s.key[:]),
		Instances: slices.Clone(s.cfg.Instances), Calls: slices.Clone(s.calls)}
	for _, li := range s.loaded {
		snap.Loaded = append(snap.Loaded, LoadedInvocation{ResourceGroupID: li.group, Invocation: clone(li.inv)})
	}
	return snap, nil
}

// Restore makes the service that snap was taken of, configured by cfg
// but for what snap holds (its fleet, seed and key win over cfg's; it
// keeps its calls, as the one snap was taken of did): it
// loads snap's invocations and replays its calls at their instants. The
// clock is cfg.Clock; a *VirtualClock earlier than snap.Now is moved to
// snap.Now. A snapshot of a newer version, or whose calls the service
// refuses (not one made by this version of the package), is an error.
func Restore(cfg Config, snap Snapshot) (*Service, error) {
	switch {
	case snap.Version > SnapshotVersion:
		return nil, fmt.Errorf("fake: Restore: the snapshot is of version %d, newer than %d", snap.Version, SnapshotVersion)
	case snap.Version < 1:
		return nil, fmt.Errorf("fake: Restore: the snapshot has no version")
	case len(snap.Key) != 32:
		return nil, fmt.Errorf("fake: Restore: the snapshot's key is %d bytes, not 32", len(snap.Key))
	}
	clock := cfg.Clock
	if clock == nil {
		clock = RealClock{}
	}
	replay := &replayClock{}
	cfg.Clock, cfg.Instances, cfg.Seed, cfg.Snapshots = replay, snap.Instances, snap.Seed, true
	s, err := NewService(cfg)
	if err != nil {
		return nil, fmt.Errorf("fake: Restore: %w", err)
	}
	copy(s.key[:], snap.Key)
	for i, li := range snap.Loaded {
		if err := s.LoadInGroup(li.ResourceGroupID, li.Invocation); err != nil {
			return nil, fmt.Errorf("fake: Restore: loaded invocation %d: %w", i, err)
		}
	}
	for i, c := range snap.Calls {
		replay.set(c.Time)
		if err := s.replay(c); err != nil {
			return nil, fmt.Errorf("fake: Restore: call %d, at %s: %w", i, c.Time.Format(time.RFC3339), err)
		}
	}
	replay.set(snap.Now)
	s.Now() // apply what was due by the snapshot's time
	if vc, ok := clock.(*VirtualClock); ok && vc.Now().Before(snap.Now) {
		vc.Set(snap.Now)
	}
	s.clock = clock
	return s, nil
}

// replay makes the call c again.
func (s *Service) replay(c Call) error {
	var err error
	n := 0
	if c.CreateCommand != nil {
		_, err = s.CreateCommand(*c.CreateCommand)
		n++
	}
	if c.DeleteCommand != nil {
		err = s.DeleteCommand(*c.DeleteCommand)
		n++
	}
	if c.InvokeCommand != nil {
		_, err = s.InvokeCommand(*c.InvokeCommand)
		n++
	}
	if c.RunCommand != nil {
		_, _, err = s.RunCommand(*c.RunCommand)
		n++
	}
	if c.StopInvocation != nil {
		err = s.StopInvocation(*c.StopInvocation)
		n++
	}
	if c.Reboot != "" {
		err = s.Reboot(c.Reboot)
		n++
	}
	if c.ChangeInstances != nil {
		_, err = s.ChangeInstances(c.ChangeInstances)
		n++
	}
	if n != 1 {
		return errors.New("a call names one request, and this one names " + fmt.Sprint(n))
	}
	return err
}

// replayClock is the clock of a service while Restore replays its calls.
type replayClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *replayClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *replayClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}
