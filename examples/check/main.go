// Command check is the spec oracle as a tool: it reads DescribeInvocations
// responses, XML or JSON (told apart by their content), decodes them
// leniently and prints every defect the decoder recovered from and every
// rule the response breaks, each with its place in the input.
//
// Usage:
//
//	go run ./examples/check [-json] [FILE ...]
//
// With no FILE it reads standard input. Each line reads
//
//	FILE:LINE:COL: severity rule path: message
//
// where rule is a rule of conform.Check; duplicate-member (conform.Duplicate)
// for a member of the schema given twice in one object, placed at the
// second, whose message places the first; or decode for another defect the
// lenient decoder recovered from (an error: the response is malformed);
// the path is left out when the defect concerns the whole input.
// With -json it prints one JSON array of objects with the keys file, line,
// column, severity, rule, path and message.
//
// The exit status is 0 when nothing of error severity was found, 1 when
// something was, and 2 when an input could not be read or decoded at all.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/ecsassist/cloudassistant/conform"
	"github.com/ecsassist/cloudassistant/internal/respfile"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// report is one line of output.
type report struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Path     string `json:"path"`
	Message  string `json:"message"`
	offset   int
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("check", flag.ContinueOnError)
	flags.SetOutput(stderr)
	asJSON := flags.Bool("json", false, "print one JSON array instead of lines")
	flags.Usage = func() {
		fmt.Fprint(stderr, `usage: check [-json] [FILE ...]

Check reads DescribeInvocations responses, XML or JSON, from each FILE, or
from standard input when no FILE is given, and prints every defect and every
broken rule as FILE:LINE:COL: severity rule path: message.

Exit status: 0 when nothing of error severity was found, 1 when something
was, 2 when an input could not be read or decoded at all.

`)
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		return 2
	}
	files := flags.Args()
	if len(files) == 0 {
		files = []string{"-"}
	}
	status := 0
	all := []report{}
	for _, name := range files {
		var data []byte
		var err error
		if name == "-" {
			data, err = io.ReadAll(stdin)
		} else {
			data, err = os.ReadFile(name)
		}
		if err != nil {
			fmt.Fprintf(stderr, "check: %v\n", err)
			status = 2
			continue
		}
		reports, ok := check(name, data)
		if !ok {
			status = 2
		} else if status == 0 && slices.ContainsFunc(reports, func(r report) bool { return r.Severity == string(conform.SeverityError) }) {
			status = 1
		}
		all = append(all, reports...)
	}
	if *asJSON {
		out, _ := json.MarshalIndent(all, "", "  ")
		fmt.Fprintf(stdout, "%s\n", out)
	} else {
		for _, r := range all {
			where := r.Rule
			if r.Path != "" {
				where += " " + r.Path
			}
			fmt.Fprintf(stdout, "%s:%d:%d: %s %s: %s\n", r.File, r.Line, r.Column, r.Severity, where, r.Message)
		}
	}
	return status
}

// check decodes one input and reports on it; ok is false when it could
// not be decoded at all.
func check(name string, data []byte) (reports []report, ok bool) {
	f, err := respfile.Decode(data)
	if err != nil {
		r := report{File: name, Line: 1, Column: 1, Severity: "error", Rule: "decode", Message: err.Error()}
		if e := (*respfile.Error)(nil); errors.As(err, &e) {
			r.Line, r.Column, r.Path, r.Message = e.Line, e.Column, e.Path, e.Message
		}
		return []report{r}, false
	}
	for _, d := range f.Diagnostics {
		r := report{File: name, Line: d.Line, Column: d.Column, Severity: "error", Rule: "decode",
			Path: d.Path, Message: d.Message, offset: d.Offset}
		if d.Duplicate {
			finding := conform.Duplicate(d.Path, d.Message)
			r.Severity, r.Rule, r.Message = string(finding.Severity), finding.Rule, finding.Message
		}
		reports = append(reports, r)
	}
	for _, finding := range conform.Check(&f.Response, f.Aliases) {
		p := locate(f.Positions, finding.Path)
		reports = append(reports, report{File: name, Line: p.Line, Column: p.Column, Severity: string(finding.Severity),
			Rule: finding.Rule, Path: finding.Path, Message: finding.Message, offset: p.Offset})
	}
	slices.SortStableFunc(reports, func(a, b report) int { return a.offset - b.offset })
	return reports, true
}

// locate returns the position of path, or of its nearest ancestor that has
// one, or the start of the input.
func locate(positions map[string]respfile.Note, path string) respfile.Note {
	for path != "" {
		if p, ok := positions[path]; ok {
			return p
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return respfile.Note{Line: 1, Column: 1}
}
