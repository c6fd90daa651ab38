package readme

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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

// requestID matches the RequestIds of responses, which differ from run to
// run.
var requestID = regexp.MustCompile(`[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}`)

func normalize(s string) string { return requestID.ReplaceAllString(s, "REQUEST-ID") }

// TestREADMEExamples runs each shell example of the README: `go run` of a
// command of examples/ from the repository's root, and `curl` against the
// mock server started as the README starts it, on a free port.
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
	build := exec.Command("go", "build", "-o", bin+string(os.PathSeparator), "./examples/...")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./examples/...: %v\n%s", err, out)
	}
	var server string // the mock server's base URL, once started
	parent := t
	for _, ex := range exs {
		t.Run(fmt.Sprintf("line %d", ex.line), func(t *testing.T) {
			args, err := split(ex.command)
			if err != nil {
				t.Fatalf("README.md:%d: %v", ex.line, err)
			}
			var got string
			switch {
			case len(args) >= 3 && args[0] == "go" && args[1] == "run" && strings.HasPrefix(args[2], "./examples/"):
				got = runExample(t, root, filepath.Join(bin, filepath.Base(args[2])), args[3:])
			case len(args) == 3 && args[0] == "curl" && args[1] == "-s":
				if server == "" {
					server = startServer(parent, filepath.Join(bin, "mockserver"))
				}
				got = fetch(t, strings.Replace(args[2], "http://127.0.0.1:8080", server, 1))
			default:
				t.Fatalf("README.md:%d: no way to check %q: show go run ./examples/… or curl -s 'URL'", ex.line, ex.command)
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

// startServer starts the mock server as the README does, on a free port,
// and returns its base URL.
func startServer(t *testing.T, bin string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "-addr", "127.0.0.1:0")
	cmd.Stderr = io.Discard
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); cmd.Wait() })
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
		return url
	case <-time.After(30 * time.Second):
		t.Fatal("the mock server did not say where it listens")
		return ""
	}
}

// fetch returns what curl -s shows for url: the body, on lines of its
// own.
func fetch(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if len(body) > 0 && body[len(body)-1] != '\n' {
		body = append(body, '\n') // the prompt's line starts after it
	}
	return string(body)
}
