package vectors

import (
	"errors"
	"fmt"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// rollupFile is rollup.json.
type rollupFile struct {
	Version     int
	Description string
	Legacy      rollupFamily
	Current     rollupFamily
	Mapping     []mapping
}

// rollupFamily holds the per-instance values of one family, the error of
// an invocation without instances, and one vector for every non-empty set
// of the values.
type rollupFamily struct {
	Values  []string
	Empty   string
	Vectors []rollupVector
}

// rollupVector is a set of instance statuses and the overall status of a
// one-time and of a periodic invocation whose instances have them.
type rollupVector struct {
	Statuses []string
	OneTime  string
	Periodic string
}

// mapping is the legacy status that a current instance status maps to,
// or the error of one that no instance can have.
type mapping struct {
	Current string
	Legacy  string `json:",omitempty"`
	Error   string `json:",omitempty"`
}

const rollupDescription = "Roll-ups, per family: the overall status of an invocation whose instances have the statuses of each vector, " +
	"for a one-time invocation (OneTime) and a periodic one (Periodic). The roll-up depends only on which statuses are present, " +
	"not on their order or how many instances have each, so the vectors are every non-empty set of the family's per-instance Values, " +
	"listed in the order of Values and ordered as binary numbers with the first value as the lowest bit; " +
	"Empty is the error of an invocation without instances, which has no overall status. " +
	"Mapping gives the legacy status of an instance that reports only its current one, or the error of a status no instance can have."

// buildRollup returns rollup.json: the roll-up of every non-empty set of
// per-instance statuses of each family, as the invocation model computes
// it for a one-time and a periodic invocation.
func buildRollup() (rollupFile, error) {
	f := rollupFile{Version: Version, Description: rollupDescription}
	var legacy, current []string
	for _, v := range status.LegacyValues() {
		if v.PerInstance() {
			legacy = append(legacy, string(v))
		}
	}
	for _, v := range status.CurrentValues() {
		if v.PerInstance() {
			current = append(current, string(v))
		}
	}
	var err error
	if f.Legacy, err = rollupVectors(legacy, func(inv *invocation.Invocation) (string, error) {
		s, err := inv.RollupLegacy()
		return string(s), err
	}, func(in *invocation.InvokeInstance, s string) { in.InstanceInvokeStatus = status.Legacy(s) }); err != nil {
		return f, err
	}
	if f.Current, err = rollupVectors(current, func(inv *invocation.Invocation) (string, error) {
		s, err := inv.RollupCurrent()
		return string(s), err
	}, func(in *invocation.InvokeInstance, s string) { in.InvocationStatus = status.Current(s) }); err != nil {
		return f, err
	}
	for _, v := range status.CurrentValues() {
		l, err := v.Legacy()
		m := mapping{Current: string(v), Legacy: string(l)}
		if err != nil {
			m.Error = causeText(err)
		}
		f.Mapping = append(f.Mapping, m)
	}
	return f, nil
}

// rollupVectors returns the vectors of one family: for every non-empty
// subset of values, the roll-up of an invocation with one instance of
// each status in it, one-time and periodic. set puts a status on an
// instance; roll rolls an invocation up.
func rollupVectors(values []string, roll func(*invocation.Invocation) (string, error), set func(*invocation.InvokeInstance, string)) (rollupFamily, error) {
	fam := rollupFamily{Values: values}
	if _, err := roll(&invocation.Invocation{}); err != nil {
		fam.Empty = causeText(err)
	}
	for mask := 1; mask < 1<<len(values); mask++ {
		v := rollupVector{Statuses: []string{}}
		for i, s := range values {
			if mask&(1<<i) != 0 {
				v.Statuses = append(v.Statuses, s)
			}
		}
		for _, timed := range []bool{false, true} {
			inv := invocation.Invocation{Timed: timed}
			for i, s := range v.Statuses {
				in := invocation.InvokeInstance{InstanceID: fmt.Sprintf("i-%d", i)}
				set(&in, s)
				inv.Instances = append(inv.Instances, in)
			}
			overall, err := roll(&inv)
			if err != nil {
				return fam, fmt.Errorf("vectors: roll-up of %q: %w", v.Statuses, err)
			}
			if timed {
				v.Periodic = overall
			} else {
				v.OneTime = overall
			}
		}
		fam.Vectors = append(fam.Vectors, v)
	}
	return fam, nil
}

// causeText returns the text of the condition at the bottom of err, such
// as status.ErrNoInstances's "no instances": what any implementation can
// say, without this library's operation names.
func causeText(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}
