// Command rollup prints, for each invocation of the DescribeInvocations
// reference's example response, the statuses its instances report and the
// overall status they must roll up to, next to the one the example reports.
//
// Usage:
//
//	go run ./examples/rollup
//
// It decodes nothing: the five invocations are written out below as the
// reference's XML example has them, odd spellings included, and parsed with
// the status package.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// seed holds the reference example's invocations: the reported overall
// status, whether periodic, and each instance's reported status, as
// written on the wire.
var seed = []struct {
	invokeID string
	reported string
	timed    bool
	statuses []string
}{
	{"t-a8935b93739442e59ed621a6xxxxxxxx", "Running", true, []string{"finished", "running"}},
	{"t-001937b74e2a4242891fc789xxxxxxxx", "Running", true, []string{"finished", "Running"}},
	{"t-bd09beef975b4e50883e5df1xxxxxxxx", "success", false, []string{"finished", "finished"}},
	{"t-c7499dfdfdb44e8aa0acce5bxxxxxxxx", "Success", false, []string{"finished"}},
	{"t-e733d4172fee452c98106f58xxxxxxxx", "Running", false, []string{" running "}},
}

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "rollup:", err)
		os.Exit(1)
	}
}

func run(out io.Writer) error {
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "INVOKE ID\tKIND\tINSTANCES (WIRE)\tREPORTED\tROLL-UP\tVERDICT")
	for _, s := range seed {
		inv := invocation.Invocation{InvokeID: s.invokeID, Timed: s.timed, InvokeStatus: status.ParseLegacy(s.reported)}
		quoted := make([]string, len(s.statuses))
		for i, text := range s.statuses {
			inv.Instances = append(inv.Instances, invocation.InvokeInstance{
				InstanceID:           fmt.Sprintf("i-%d", i),
				InstanceInvokeStatus: status.ParseLegacy(text),
			})
			quoted[i] = fmt.Sprintf("%q", text)
		}
		want, err := inv.RollupLegacy()
		if err != nil {
			return err
		}
		kind, verdict := "one-time", "ok"
		if s.timed {
			kind = "periodic"
		}
		if inv.InvokeStatus != want {
			verdict = "MISMATCH"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%q → %s\t%s\t%s\n", s.invokeID, kind, strings.Join(quoted, ", "), s.reported, inv.InvokeStatus, want, verdict)
	}
	return w.Flush()
}
