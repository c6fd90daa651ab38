package scenario

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
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

// WriteText writes each result as WriteResult does, then the counts as
// WriteSummary does:
//
//	--- PASS: run-success (0.01s)
//	--- FAIL: stop-running (0.02s)
//	    rules: stop, rollup
//	    step 3: StopInvocation InvokeId=t-…&RegionId=cn-hangzhou
//	    Expect.Checks[0]: Invocation.InvocationResults.InvocationResult[0].InvocationStatus is "Running", want "Stopping"
//	    answer: {"RequestId":"…","Invocation":{…}}
//	FAIL: 1 passed, 1 failed, 0 skipped
func WriteText(w io.Writer, results []Result) error {
	for _, r := range results {
		if err := WriteResult(w, r); err != nil {
			return err
		}
	}
	return WriteSummary(w, results)
}

// WriteResult writes one result as go test -v writes a test's, with,
// under a failed or skipped one, the rules it checks, the step (from 0)
// and its request, the reason, and the start of the answer.
func WriteResult(w io.Writer, r Result) error {
	word := map[Outcome]string{Passed: "PASS", Failed: "FAIL", Skipped: "SKIP"}[r.Outcome]
	var b strings.Builder
	fmt.Fprintf(&b, "--- %s: %s (%.2fs)\n", word, r.Name, r.Duration.Seconds())
	if r.Outcome != Passed {
		if len(r.Rules) > 0 {
			fmt.Fprintf(&b, "    rules: %s\n", strings.Join(r.Rules, ", "))
		}
		fmt.Fprintf(&b, "    %s: %s\n    %s\n", stepName(r.Step), r.Request, r.Reason)
		if r.Answer != "" && r.Err == nil {
			fmt.Fprintf(&b, "    answer: %s\n", oneLine(r.Answer))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteSummary writes the counts of results on one line, starting with
// "ok" when none failed and "FAIL" when one did.
func WriteSummary(w io.Writer, results []Result) error {
	passed, failed, skipped := Count(results)
	verdict := "ok"
	if failed > 0 {
		verdict = "FAIL"
	}
	_, err := fmt.Fprintf(w, "%s: %d passed, %d failed, %d skipped\n", verdict, passed, failed, skipped)
	return err
}

// oneLine writes s on one line, its line breaks as \n.
func oneLine(s string) string {
	return strings.NewReplacer("\r", `\r`, "\n", `\n`).Replace(s)
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
	Name       string          `xml:"name,attr"`
	ClassName  string          `xml:"classname,attr"`
	Time       string          `xml:"time,attr"`
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Failure    *junitMessage   `xml:"failure"`
	Skipped    *junitMessage   `xml:"skipped"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes the results as a JUnit XML report: one testsuite
// named suite, one testcase per scenario (classname suite) with the
// properties "rules" (the rules it checks, comma-separated) and
// "description", and a failure or skipped element whose message is the
// reason and whose text adds the step, its request and the start of the
// answer.
func WriteJUnit(w io.Writer, suite string, results []Result) error {
	passed, failed, skipped := Count(results)
	var total time.Duration
	s := junitSuite{Name: suite, Tests: passed + failed + skipped, Fails: failed, Skips: skipped}
	for _, r := range results {
		total += r.Duration
		c := junitCase{Name: r.Name, ClassName: suite, Time: seconds(r.Duration)}
		if len(r.Rules) > 0 {
			c.Properties = append(c.Properties, junitProperty{"rules", strings.Join(r.Rules, ",")})
		}
		if r.Description != "" {
			c.Properties = append(c.Properties, junitProperty{"description", r.Description})
		}
		detail := fmt.Sprintf("%s: %s\n%s", stepName(r.Step), r.Request, r.Reason)
		if r.Answer != "" && r.Err == nil {
			detail += "\nanswer: " + r.Answer
		}
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
