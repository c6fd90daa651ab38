package scenario

import (
	"encoding/xml"
	"fmt"
	"io"
	"time"
)

// Count returns how many results passed, failed and were skipped.
func Count(results []Result) (passed, failed, skipped int) {
	for _, r := range results {
		switch r.Outcome {
		case Passed:
			passed++
		case Failed:
			failed++
		default:
			skipped++
		}
	}
	return passed, failed, skipped
}

// WriteText writes one line per result, as go test -v does, with the
// step, its request and the reason under each failed or skipped one, and
// a last line with the counts:
//
//	--- PASS: run-success (0.01s)
//	--- FAIL: stop-running (0.02s)
//	    step 3: StopInvocation InvokeId=t-…&RegionId=cn-hangzhou
//	    Expect.Checks[0]: Invocation.InvocationResults.InvocationResult[0].InvocationStatus is "Running", want "Stopping"
//	FAIL: 1 passed, 1 failed, 0 skipped
func WriteText(w io.Writer, results []Result) error {
	for _, r := range results {
		word := map[Outcome]string{Passed: "PASS", Failed: "FAIL", Skipped: "SKIP"}[r.Outcome]
		if _, err := fmt.Fprintf(w, "--- %s: %s (%.2fs)\n", word, r.Name, r.Duration.Seconds()); err != nil {
			return err
		}
		if r.Outcome != Passed {
			if _, err := fmt.Fprintf(w, "    %s: %s\n    %s\n", stepName(r.Step), r.Request, r.Reason); err != nil {
				return err
			}
		}
	}
	passed, failed, skipped := Count(results)
	verdict := "ok"
	if failed > 0 {
		verdict = "FAIL"
	}
	_, err := fmt.Fprintf(w, "%s: %d passed, %d failed, %d skipped\n", verdict, passed, failed, skipped)
	return err
}

func stepName(i int) string {
	if i < 0 {
		return "reset before the first step"
	}
	return fmt.Sprintf("step %d", i)
}

// JUnit XML, in the shape CI systems read (Jenkins, GitLab, GitHub
// actions' reporters): one testsuite, a testcase per scenario.
type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Tests   int          `xml:"tests,attr"`
	Fails   int          `xml:"failures,attr"`
	Skips   int          `xml:"skipped,attr"`
	Time    string       `xml:"time,attr"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name  string      `xml:"name,attr"`
	Tests int         `xml:"tests,attr"`
	Fails int         `xml:"failures,attr"`
	Errs  int         `xml:"errors,attr"`
	Skips int         `xml:"skipped,attr"`
	Time  string      `xml:"time,attr"`
	Cases []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure"`
	Skipped   *junitMessage `xml:"skipped"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes the results as a JUnit XML report: one testsuite
// named suite, one testcase per scenario (classname suite), with a
// failure or skipped element that carries the step, its request and the
// reason.
func WriteJUnit(w io.Writer, suite string, results []Result) error {
	passed, failed, skipped := Count(results)
	var total time.Duration
	s := junitSuite{Name: suite, Tests: passed + failed + skipped, Fails: failed, Skips: skipped}
	for _, r := range results {
		total += r.Duration
		c := junitCase{Name: r.Name, ClassName: suite, Time: seconds(r.Duration)}
		detail := fmt.Sprintf("%s: %s\n%s", stepName(r.Step), r.Request, r.Reason)
		switch r.Outcome {
		case Failed:
			c.Failure = &junitMessage{Message: r.Reason, Type: "failure", Text: detail}
		case Skipped:
			c.Skipped = &junitMessage{Message: r.Reason, Text: detail}
		}
		s.Cases = append(s.Cases, c)
	}
	s.Time = seconds(total)
	doc := junitSuites{Tests: s.Tests, Fails: failed, Skips: skipped, Time: s.Time, Suites: []junitSuite{s}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }
