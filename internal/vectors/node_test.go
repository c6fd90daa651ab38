package vectors

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// script is the example of running the vectors from another language.
const script = "../../examples/vectors-node/rollup.mjs"

// runNode runs the Node.js example on the roll-up vectors at path and
// returns its output and exit code. It skips the test when node is not
// installed.
func runNode(t *testing.T, path string) (string, int) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	cmd := exec.Command(node, script, path)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return out.String(), exit.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return out.String(), 0
}

// TestNodeExample runs the Node.js example of the README on the
// checked-in roll-up vectors: a roll-up written in another language from
// the rules agrees with every one.
func TestNodeExample(t *testing.T) {
	out, code := runNode(t, filepath.Join(dir, "rollup.json"))
	if code != 0 || !strings.HasPrefix(out, "all 16444 roll-up vectors agree") {
		t.Fatalf("node %s: exit %d:\n%s", script, code, out)
	}
}

// TestNodeExampleFails runs the Node.js example on a copy of the roll-up
// vectors with one answer changed: it must say so and exit 1.
func TestNodeExampleFails(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(dir, "rollup.json"))
	if err != nil {
		t.Fatal(err)
	}
	const from, to = `{"Statuses":["Failed"],"OneTime":"Failed"`, `{"Statuses":["Failed"],"OneTime":"Finished"`
	if !bytes.Contains(data, []byte(from)) {
		t.Fatalf("rollup.json has no %s", from)
	}
	doctored := filepath.Join(t.TempDir(), "rollup.json")
	if err := os.WriteFile(doctored, bytes.Replace(data, []byte(from), []byte(to), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	out, code := runNode(t, doctored)
	want := "Legacy OneTime [Failed]: want Finished, got Failed\n1 of 16444 roll-up vectors disagree\n"
	if code != 1 || out != want {
		t.Fatalf("node %s on a doctored copy: exit %d, output\n%s\nwant exit 1, output\n%s", script, code, out, want)
	}
}
