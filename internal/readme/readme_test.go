package readme

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// An example is one command of the README and the output it shows.
type example struct {
	line    int    // where the command stands in README.md
	command string // after the "$ " prompt
	want    string // the lines shown after it, up to the next prompt or the end of the block
}

// examples returns the commands that README.md shows after a "$ " prompt
// inside fenced blocks, with the output shown under each.
func examples(t *testing.T, readme []byte) []example {
	t.Helper()
	var (
		out     []example
		inBlock bool
		cur     *example
	)
	flush := func() {
		if cur != nil {
			out = append(out, *cur)
			cur = nil
		}
	}
	sc := bufio.NewScanner(bytes.NewReader(readme))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "```"):
			flush()
			inBlock = !inBlock
		case inBlock && strings.HasPrefix(line, "$ "):
			flush()
			cur = &example{line: n, command: strings.TrimPrefix(line, "$ ")}
		case cur != nil:
			cur.want += line + "\n"
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// goBlocks returns the fenced ```go blocks of readme, each with the line
// it starts on.
func goBlocks(readme []byte) (blocks [][]string, lines []int) {
	var cur []string
	in := false
	for n, line := range strings.Split(string(readme), "\n") {
		switch {
		case !in && strings.TrimSpace(line) == "```go":
			in, cur = true, nil
			lines = append(lines, n+2)
		case in && strings.TrimSpace(line) == "```":
			in = false
			blocks = append(blocks, cur)
		case in:
			cur = append(cur, line)
		}
	}
	return blocks, lines
}

// significant returns the lines of code, each trimmed, without blank lines.
func significant(lines []string) []string {
	var out []string
	for _, l := range lines {
		if t := strings.TrimSpace(l); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// contains reports whether want stands in have as a contiguous run.
func contains(have, want []string) bool {
	for i := 0; i+len(want) <= len(have); i++ {
		if slices.Equal(have[i:i+len(want)], want) {
			return true
		}
	}
	return false
}

// exampleFunc matches the first line of an Example function.
var exampleFunc = regexp.MustCompile(`^func Example\w*\(\) \{$`)

// asProgram returns a whole-file example (a test file with exactly one
// Example function) as the program it stands for, as go doc shows it:
// package main, the Example function named main, and its output comment
// left out. It reports false for any other file.
func asProgram(lines []string) ([]string, bool) {
	n := 0
	for _, l := range lines {
		if exampleFunc.MatchString(l) {
			n++
		}
	}
	if n != 1 || len(lines) == 0 || !strings.HasPrefix(lines[0], "package ") {
		return nil, false
	}
	prog := []string{"package main"}
	inOutput := false
	for _, l := range lines[1:] {
		switch {
		case exampleFunc.MatchString(l):
			l = "func main() {"
		case l == "// Output:" || l == "// Unordered output:":
			inOutput = true
			continue
		case inOutput && strings.HasPrefix(l, "//"):
			continue
		}
		inOutput = false
		prog = append(prog, l)
	}
	return prog, true
}

// TestREADMEGoBlocks checks that every Go block of the README is an
// excerpt, line for line (indentation aside), of a Go file of this
// repository: the README shows code that compiles and, being taken from
// tests and examples, runs in CI. A block that is a whole program
// (package main with a main function) is an excerpt of a whole-file
// example, a test file with one Example function, read as the program it
// stands for: package main, the Example function named main, and without
// its output comment.
func TestREADMEGoBlocks(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var sources [][]string
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != root {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			lines := significant(strings.Split(string(b), "\n"))
			sources = append(sources, lines)
			if prog, ok := asProgram(lines); ok && strings.HasSuffix(path, "_test.go") {
				sources = append(sources, prog)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	blocks, lines := goBlocks(readme)
	if len(blocks) == 0 {
		t.Fatal("README.md shows no Go block")
	}
	for i, b := range blocks {
		want := significant(b)
		if !slices.ContainsFunc(sources, func(src []string) bool { return contains(src, want) }) {
			t.Errorf("README.md:%d: the Go block is not an excerpt of any Go file of the repository:\n%s", lines[i], strings.Join(b, "\n"))
		}
	}
}

// requestID matches the RequestIds of responses, which differ from run to
// run.
var requestID = regexp.MustCompile(`[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}`)

// realTime and duration match the members of the fake's journal that
// tell the real time a request came and how long it took.
var (
	realTime = regexp.MustCompile(`"Time":"[0-9T:-]+\.[0-9]+Z"`)
	duration = regexp.MustCompile(`"DurationMs":[0-9.e-]+`)
	elapsed  = regexp.MustCompile(`\([0-9]+\.[0-9]+s\)`) // a scenario's time, as the runner reports it
)

func normalize(s string) string {
	s = requestID.ReplaceAllString(s, "REQUEST-ID")
	s = realTime.ReplaceAllString(s, `"Time":"TIME"`)
	s = elapsed.ReplaceAllString(s, "(TIME)")
	return duration.ReplaceAllString(s, `"DurationMs":DURATION`)
}

// curlOptions reads curl's -X METHOD and -d BODY, which are all the
// README uses; -d without -X is a POST, as curl makes it.
func curlOptions(args []string) (method, body string, ok bool) {
	method = "GET"
	for i := 0; i < len(args); i += 2 {
		if i+1 >= len(args) {
			return "", "", false
		}
		switch args[i] {
		case "-X":
			method = args[i+1]
		case "-d":
			body = args[i+1]
			if method == "GET" {
				method = "POST"
			}
		default:
			return "", "", false
		}
	}
	return method, body, true
}

// TestREADMEExamples runs each shell example of the README: `go run` of a
// command of examples/ from the repository's root, `curl` against the
// fake server (cmd/fake-cloudassistant, built as `go install` builds it)
// started as the README starts it, on a free port, and `node` of a script
// of examples/ when Node.js is installed.
func TestREADMEExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the example commands")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	exs := examples(t, readme)
	if len(exs) == 0 {
		t.Fatal("README.md shows no command after a $ prompt")
	}
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", bin+string(os.PathSeparator), "./cmd/fake-cloudassistant", "./cmd/cloudassistant-scenarios", "./examples/...")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/fake-cloudassistant ./examples/...: %v\n%s", err, out)
	}
	var stop func() // stops the fake server started last
	server := ""    // its base URL
	parent := t
	start := func(args []string) {
		if stop != nil {
			stop()
		}
		server, stop = startServer(parent, root, filepath.Join(bin, "fake-cloudassistant"), args)
	}
	defer func() {
		if stop != nil {
			stop()
		}
	}()
	for _, ex := range exs {
		t.Run(fmt.Sprintf("line %d", ex.line), func(t *testing.T) {
			args, err := split(ex.command)
			if err != nil {
				t.Fatalf("README.md:%d: %v", ex.line, err)
			}
			var got string
			switch {
			case len(args) >= 2 && args[0] == "fake-cloudassistant" && args[len(args)-1] == "&":
				start(args[1 : len(args)-1])
				got = "listening on http://127.0.0.1:8080\n"
			case len(args) >= 3 && args[0] == "go" && args[1] == "run" && args[2] == "./cmd/fake-cloudassistant" && args[len(args)-1] == "&":
				start(args[3 : len(args)-1])
				got = "listening on http://127.0.0.1:8080\n"
			case len(args) >= 3 && args[0] == "go" && args[1] == "run" && strings.HasPrefix(args[2], "./examples/"):
				got = runExample(t, root, filepath.Join(bin, filepath.Base(args[2])), args[3:])
			case len(args) >= 3 && args[0] == "go" && args[1] == "run" && args[2] == "./cmd/cloudassistant-scenarios":
				if server == "" {
					start(nil)
				}
				for i := range args {
					args[i] = strings.Replace(args[i], "http://127.0.0.1:8080", server, 1)
				}
				got = runExample(t, root, filepath.Join(bin, "cloudassistant-scenarios"), args[3:])
			case len(args) >= 2 && args[0] == "node" && strings.HasPrefix(args[1], "examples/"):
				node, err := exec.LookPath("node")
				if err != nil {
					t.Skip("node is not installed")
				}
				got = runExample(t, root, node, args[1:])
			case len(args) >= 3 && args[0] == "curl" && args[1] == "-s":
				method, body, ok := curlOptions(args[2 : len(args)-1])
				if !ok {
					t.Fatalf("README.md:%d: curl takes -s, then -X METHOD and -d 'BODY' here: %q", ex.line, ex.command)
				}
				if server == "" {
					start(nil)
				}
				got = fetchBody(t, method, strings.Replace(args[len(args)-1], "http://127.0.0.1:8080", server, 1), body)
			default:
				t.Fatalf("README.md:%d: no way to check %q: show go run ./examples/…, fake-cloudassistant … &, go run ./cmd/fake-cloudassistant … &, go run ./cmd/cloudassistant-scenarios …, node examples/… or curl -s [-X METHOD] [-d 'BODY'] 'URL'", ex.line, ex.command)
			}
			if diff := cmp.Diff(normalize(ex.want), normalize(got)); diff != "" {
				t.Errorf("README.md:%d: output of %q mismatch (-README +actual):\n%s", ex.line, ex.command, diff)
			}
		})
	}
}

// split splits a command line into words, with single quotes as the
// shell reads them.
func split(s string) ([]string, error) {
	var (
		words []string
		cur   strings.Builder
		in    bool
		any   bool
	)
	for _, r := range s {
		switch {
		case r == '\'':
			in, any = !in, true
		case r == ' ' && !in:
			if any {
				words = append(words, cur.String())
				cur.Reset()
				any = false
			}
		default:
			cur.WriteRune(r)
			any = true
		}
	}
	if in {
		return nil, errors.New("unterminated quote")
	}
	if any {
		words = append(words, cur.String())
	}
	return words, nil
}

// runExample runs a built command of examples/ from root and returns what
// `go run` would print: its standard output, then its standard error, and
// "exit status N" when it fails.
func runExample(t *testing.T, root, bin string, args []string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = root
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	out := stdout.String() + stderr.String()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		out += fmt.Sprintf("exit status %d\n", exit.ExitCode())
	case err != nil:
		t.Fatal(err)
	}
	return out
}

// startServer starts the fake server as the README does, with args, from
// the repository's root, on a free port, and returns its base URL and a function that stops it.
func startServer(t *testing.T, root, bin string, args []string) (string, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, append(args, "-addr", "127.0.0.1:0")...)
	cmd.Dir = root
	cmd.Stderr = io.Discard
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stop := func() { cancel(); cmd.Wait() }
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if url, ok := strings.CutPrefix(sc.Text(), "listening on "); ok {
				lines <- url
			}
		}
	}()
	select {
	case url := <-lines:
		return url, stop
	case <-time.After(30 * time.Second):
		stop()
		t.Fatal("the fake server did not say where it listens")
		return "", nil
	}
}

// fetch returns what curl -s [-X method] shows for url: the body, on
// lines of its own.
func fetchBody(t *testing.T, method, url, body string) string {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded") // as curl -d sends it
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, '\n') // the prompt's line starts after it
	}
	return string(out)
}
