// Command cloudassistant-scenarios plays the conformance scenarios of
// Cloud Assistant's lifecycle against a server that speaks the API and the
// fake's control endpoints under /_mock/ (reset, advance, state, faults,
// requests, instances, reboot), such as fake-cloudassistant or a fake of
// one's own in any language, and reports each scenario as passed, failed
// (with the step, the expectation and what came back) or skipped (a
// control endpoint the server does not serve, or a clock it cannot
// advance), on standard output and, with -junit, as JUnit XML.
//
// Usage:
//
//	cloudassistant-scenarios [flags]
//
// The server is to be started with a virtual clock and the fleet the
// scenarios assume, which -print-fleet writes:
//
//	cloudassistant-scenarios -print-fleet > fleet.json
//	fake-cloudassistant -clock virtual -fleet fleet.json -addr 127.0.0.1:8080 &
//	cloudassistant-scenarios -endpoint http://127.0.0.1:8080 -junit scenarios.xml
//
// Each scenario starts with POST /_mock/reset. The exit status is 0 when
// no scenario failed, 1 when one did, and 2 for a bad flag or an unreadable
// scenario file.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/ecsassist/cloudassistant/scenario"
	"github.com/ecsassist/cloudassistant/vectors"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

const name = "cloudassistant-scenarios"

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	endpoint := fs.String("endpoint", "http://127.0.0.1:8080", "`URL` of the server under test")
	file := fs.String("scenarios", "", "`FILE` of scenarios to play (default: the scenarios built in, vectors/scenarios.json)")
	match := fs.String("run", "", "play only the scenarios whose name matches `REGEXP`")
	junit := fs.String("junit", "", "write a JUnit XML report to `FILE`")
	key := fs.String("access-key", "", "`ID:SECRET` of the key to sign API calls with (HMAC-SHA1); none sends them unsigned")
	timeout := fs.Duration("timeout", 30*time.Second, "time a scenario may take, all its requests included")
	printFleet := fs.Bool("print-fleet", false, "write the fleet file the scenarios assume to standard output, and exit")
	list := fs.Bool("list", false, "list the scenarios with the rules each checks, and exit")
	verbose := fs.Bool("v", false, "write each request and the status of its answer")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: %s [flags]\n\nPlays the Cloud Assistant scenarios against a server: the API at URL/, its control endpoints at URL/_mock/.\nStart the server with a virtual clock and the fleet of -print-fleet.\n\nFlags:\n", name)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "%s: unexpected argument %q\n", name, fs.Arg(0))
		return 2
	}
	data, err := readScenarios(*file)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return 2
	}
	f, err := scenario.Parse(data)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %s: %v\n", name, scenarioName(*file), err)
		return 2
	}
	var re *regexp.Regexp
	if *match != "" {
		if re, err = regexp.Compile(*match); err != nil {
			fmt.Fprintf(stderr, "%s: -run: %v\n", name, err)
			return 2
		}
	}
	switch {
	case *printFleet:
		fmt.Fprintf(stdout, "%s\n", f.Fleet)
		return 0
	case *list:
		for _, s := range f.Scenarios {
			if re == nil || re.MatchString(s.Name) {
				fmt.Fprintf(stdout, "%s\t%s\t%s\n", s.Name, strings.Join(s.Rules, ","), s.Description)
			}
		}
		return 0
	}
	r := scenario.Runner{Endpoint: *endpoint, Client: &http.Client{}}
	if *key != "" {
		id, secret, ok := strings.Cut(*key, ":")
		if !ok || id == "" {
			fmt.Fprintf(stderr, "%s: -access-key %q is not ID:SECRET\n", name, *key)
			return 2
		}
		r.AccessKeyID, r.AccessKeySecret = id, secret
	}
	if *verbose {
		r.Trace = func(t scenario.Trace) {
			answer := fmt.Sprintf("HTTP %d", t.HTTPStatus)
			if t.Err != nil {
				answer = t.Err.Error()
			}
			fmt.Fprintf(stdout, "    %s: %s → %s\n", t.Scenario, t.Request, answer)
		}
	}
	var results []scenario.Result
	for _, s := range f.Scenarios {
		if re != nil && !re.MatchString(s.Name) {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), *timeout)
		res := r.Run(ctx, s)
		cancel()
		results = append(results, res)
	}
	if err := scenario.WriteText(stdout, results); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return 1
	}
	if *junit != "" {
		if err := writeJUnit(*junit, results); err != nil {
			fmt.Fprintf(stderr, "%s: -junit: %v\n", name, err)
			return 1
		}
	}
	if _, failed, _ := scenario.Count(results); failed > 0 {
		return 1
	}
	return 0
}

func readScenarios(file string) ([]byte, error) {
	if file == "" {
		return vectors.FS.ReadFile("scenarios.json")
	}
	return os.ReadFile(file)
}

func scenarioName(file string) string {
	if file == "" {
		return "vectors/scenarios.json (built in)"
	}
	return file
}

func writeJUnit(path string, results []scenario.Result) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := scenario.WriteJUnit(f, name, results); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
