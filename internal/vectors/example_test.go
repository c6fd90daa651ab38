package vectors_test

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ecsassist/cloudassistant/internal/vectors"
)

// ExampleFiles builds the vectors in memory, as the test that keeps the
// checked-in files up to date does, and reads the legacy roll-ups back.
func ExampleFiles() {
	files, err := vectors.Files("../..")
	if err != nil {
		fmt.Println(err)
		return
	}
	var rollup struct {
		Version int
		Legacy  struct {
			Values  []string
			Empty   string
			Vectors []struct {
				Statuses []string
				OneTime  string
				Periodic string
			}
		}
	}
	if err := json.Unmarshal(files["rollup.json"], &rollup); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("version", rollup.Version, "of", len(rollup.Legacy.Vectors), "legacy sets; none:", rollup.Legacy.Empty)
	for _, v := range rollup.Legacy.Vectors {
		if strings.Join(v.Statuses, ",") == "Failed,Finished" {
			fmt.Println(v.Statuses, "one-time:", v.OneTime, "periodic:", v.Periodic)
		}
	}
	// Output:
	// version 1 of 31 legacy sets; none: no instances
	// [Failed Finished] one-time: PartialFailed periodic: Running
}
