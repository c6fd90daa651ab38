package vectors

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/scenario"
	"github.com/ecsassist/cloudassistant/vectors"
)

// TestScenariosCoverEveryCode requires every error code that the fake's
// operations answer with to be expected by a published scenario, or by a
// DescribeInvocations vector of requests.json. The codes are read from the
// fake's source: each apierror constant that package fake or fakehttp
// names.
func TestScenariosCoverEveryCode(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(dir, "scenarios.json"))
	require.NoError(t, err)
	file, err := scenario.Parse(data)
	require.NoError(t, err)
	covered := map[string]bool{}
	for _, s := range file.Scenarios {
		for _, st := range s.Steps {
			covered[st.Expect.Code] = true
		}
	}
	var requests requestsFile
	load(t, "requests.json", &requests)
	for _, v := range requests.Vectors {
		covered[v.Code] = true
	}
	// Codes a client that signs properly, stays within the limits and
	// sends one value per parameter never meets; the fakehttp tests and
	// the requests vectors check them.
	unreachable := map[string]bool{
		"IncompleteSignature": true, "InvalidAccessKeyId.NotFound": true, "SignatureDoesNotMatch": true,
		"SignatureNonceUsed": true, "InvalidTimeStamp.Expired": true, "InvalidTimeStamp.Format": true,
		"InvalidParameter.SignatureNonce": true, "InvalidParameter.RequestTooLarge": true,
		"InvalidParameter.ParameterLimit": true, "Throttling": true, "InternalError.Dispatch": true,
		// The control plane's refusals are checked by their HTTP status
		// alone: their codes are each fake's own choice. A parameter
		// given twice is InvalidParameter, and the runner sends one
		// value each.
		"InvalidApi.NotFound": true, "MethodNotAllowed": true, "InvalidParameter": true,
	}
	var missing []string
	for _, code := range usedCodes(t, "../../fake", "../../fake/fakehttp") {
		if !covered[code] && !unreachable[code] {
			missing = append(missing, code)
		}
	}
	if len(missing) > 0 {
		t.Errorf("no scenario or request vector expects %q", missing)
	}
}

// usedCodes returns the values of the apierror constants that the
// non-test files of the packages in dirs name.
func usedCodes(t *testing.T, dirs ...string) []string {
	t.Helper()
	seen := map[string]bool{}
	for _, d := range dirs {
		files, err := filepath.Glob(filepath.Join(d, "*.go"))
		require.NoError(t, err)
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
			require.NoError(t, err)
			ast.Inspect(f, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok {
					if x, ok := sel.X.(*ast.Ident); ok && x.Name == "apierror" && sel.Sel.IsExported() {
						seen[sel.Sel.Name] = true
					}
				}
				return true
			})
		}
	}
	consts := map[string]bool{}
	for _, d := range constDecls(t, "../../apierror") {
		for _, s := range d.Specs {
			for _, n := range s.(*ast.ValueSpec).Names {
				consts[n.Name] = true
			}
		}
	}
	var codes []string
	for name := range seen {
		if consts[name] {
			codes = append(codes, constValue(t, "../../apierror", name))
		}
	}
	slices.Sort(codes)
	require.NotEmpty(t, codes)
	return codes
}

// TestREADMECountsTheScenarios keeps the README's count of the published
// scenarios true.
func TestREADMECountsTheScenarios(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(dir, "scenarios.json"))
	require.NoError(t, err)
	file, err := scenario.Parse(data)
	require.NoError(t, err)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	require.NoError(t, err)
	want := strconv.Itoa(len(file.Scenarios)) + " scenarios"
	if !strings.Contains(string(readme), want) {
		t.Errorf("README.md does not say %q", want)
	}
}

// TestEmbeddedFiles requires package vectors to embed every file of the
// folder as it is on disk, so that a new file or folder cannot be left
// out of vectors.FS.
func TestEmbeddedFiles(t *testing.T) {
	n := 0
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".go") {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		want, err := os.ReadFile(path)
		require.NoError(t, err)
		got, err := vectors.FS.ReadFile(filepath.ToSlash(rel))
		require.NoError(t, err, "vectors.FS lacks %s", rel)
		require.Equal(t, string(want), string(got), rel)
		n++
		return nil
	})
	require.NoError(t, err)
	require.Greater(t, n, 10)
}
