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
// Each scenario starts with POST /_mock/reset; a server that does not
// answer it fails every scenario, and a server that cannot be reached
// stops the run at the first scenario. Each result is written as soon as
// its scenario ends; an interrupt (SIGINT, SIGTERM) stops the run and
// writes the reports of what ran. The exit status is 0 when no scenario
// failed and at least one passed, 1 when one failed, none passed (all
// skipped: nothing was checked) or the run was interrupted, and 2 for a
// bad flag, an unreadable scenario file, or a -run that matches no
// scenario.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"syscall"
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
		if len(f.Fleet) == 0 {
			fmt.Fprintf(stderr, "%s: %s has no Fleet\n", name, scenarioName(*file))
			return 2
		}
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
	var chosen []scenario.Scenario
	for _, s := range f.Scenarios {
		if re == nil || re.MatchString(s.Name) {
			chosen = append(chosen, s)
		}
	}
	if len(chosen) == 0 {
		fmt.Fprintf(stderr, "%s: -run %q matches no scenario of %s\n", name, *match, scenarioName(*file))
		return 2
	}
	if u, err := url.Parse(*endpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		fmt.Fprintf(stderr, "%s: -endpoint %q is not an http or https URL with a host and no query\n", name, *endpoint)
		return 2
	}
	r := scenario.Runner{Endpoint: *endpoint}
	if *key != "" {
		id, secret, ok := strings.Cut(*key, ":")
		if !ok || id == "" {
			fmt.Fprintf(stderr, "%s: -access-key %q is not ID:SECRET\n", name, *key)
			return 2
		}
		r.AccessKeyID, r.AccessKeySecret = id, secret
	}
	var report *os.File
	if *junit != "" {
		var err error
		if report, err = os.Create(*junit); err != nil {
			fmt.Fprintf(stderr, "%s: -junit: %v\n", name, err)
			return 2
		}
		defer report.Close()
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

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var results []scenario.Result
	var halt string
	for _, s := range chosen {
		sctx, cancel := context.WithTimeout(ctx, *timeout)
		res := r.Run(sctx, s)
		cancel()
		if ctx.Err() != nil {
			halt = "interrupted"
			break
		}
		results = append(results, res)
		if err := scenario.WriteResult(stdout, res); err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", name, err)
			return 1
		}
		if res.Step == -1 && res.Err != nil {
			halt = fmt.Sprintf("%s does not answer (%v)", *endpoint, res.Err)
			break
		}
	}
	if err := scenario.WriteSummary(stdout, results); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return 1
	}
	if report != nil {
		if err := scenario.WriteJUnit(report, name, results); err != nil {
			fmt.Fprintf(stderr, "%s: -junit: %v\n", name, err)
			return 1
		}
		if err := report.Close(); err != nil {
			fmt.Fprintf(stderr, "%s: -junit: %v\n", name, err)
			return 1
		}
	}
	passed, failed, _ := scenario.Count(results)
	switch {
	case halt != "":
		fmt.Fprintf(stderr, "%s: stopped after %d of %d scenarios: %s\n", name, len(results), len(chosen), halt)
		return 1
	case failed > 0:
		return 1
	case passed == 0:
		fmt.Fprintf(stderr, "%s: no scenario passed: every one was skipped, so nothing was checked\n", name)
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
