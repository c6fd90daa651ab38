package scenario_test

import (
	"errors"
	"os"
	"testing"

	"github.com/ecsassist/cloudassistant/scenario"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantErr string
	}{
		{"empty object", `{}`, "scenario: Version 0: this package reads versions 1 to 1"},
		{"newer version", `{"Version":2}`, "scenario: Version 2: this package reads versions 1 to 1"},
		{"not JSON", "{\n  \"Version\": 1,\n  x\n}", "scenario: line 3, column 3: invalid character 'x' looking for beginning of object key string"},
		{"unknown member", "{\"Version\":1,\n\"Extra\":true}", `scenario: line 2, column 1: json: unknown field "Extra"`},
		{"wrong type", "{\"Version\":\"1\"}", "scenario: line 1, column 15: json: cannot unmarshal string into Go struct field File.Version of type int"},
		{"trailing data", `{"Version":1} {}`, "scenario: line 1, column 16: data after the file's object"},
		{"no name", `{"Version":1,"Scenarios":[{"Steps":[]}]}`, "scenario: Scenarios[0]: no Name"},
		{"name twice", `{"Version":1,"Scenarios":[{"Name":"a","Steps":[{"Action":"X"}]},{"Name":"a"}]}`, `scenario: Scenarios[1]: Name "a" is used twice`},
		{"unknown rule", `{"Version":1,"Rules":{"r":"R"},"Scenarios":[{"Name":"a","Rules":["s"],"Steps":[{"Action":"X"}]}]}`, `scenario: Scenarios[0] (a): rule "s" is not among the file's Rules`},
		{"no steps", `{"Version":1,"Scenarios":[{"Name":"a","Steps":[]}]}`, "scenario: Scenarios[0] (a): no Steps"},
		{"bad name", `{"Version":1,"Scenarios":[{"Name":"a b","Steps":[{"Action":"X"}]}]}`, `scenario: Scenarios[0]: Name "a b" has other characters than letters, digits, '.', '_' and '-'`},
		{"unsaved reference", `{"Version":1,"Scenarios":[{"Name":"a","Steps":[{"Action":"X","Params":{"P":"${id}"},"Save":{"id":"Id"}}]}]}`, `scenario: Scenarios[0] (a): Steps[0]: Params["P"]: ${id}: no earlier step saves "id"`},
		{"bad duration", `{"Version":1,"Scenarios":[{"Name":"a","Steps":[{"Control":"POST /_mock/advance?at=${T+1x}"}]}]}`, `scenario: Scenarios[0] (a): Steps[0]: Control: ${T+1x}: time: unknown unit "x" in duration "+1x"`},
		{"unclosed reference", `{"Version":1,"Scenarios":[{"Name":"a","Steps":[{"Control":"POST /_mock/faults","Body":{"A":["${T"]}}]}]}`, `scenario: Scenarios[0] (a): Steps[0]: Body: "${T": ${ without }`},
		{"reference in Equals", `{"Version":1,"Scenarios":[{"Name":"a","Steps":[{"Action":"X","Save":{"b":"B"}},{"Action":"X","Expect":{"Checks":[{"Path":"A","Equals":{"x":"${c}"}}]}}]}]}`, `scenario: Scenarios[0] (a): Steps[1]: Expect.Checks[0].Equals: ${c}: no earlier step saves "c"`},
		{"empty step", `{"Version":1,"Scenarios":[{"Name":"a","Steps":[{}]}]}`, "scenario: Scenarios[0] (a): Steps[0]: neither Action nor Control"},
		{"both", `{"Version":1,"Scenarios":[{"Name":"a","Steps":[{"Action":"X","Control":"GET /_mock/now"}]}]}`, "scenario: Scenarios[0] (a): Steps[0]: both Action and Control"},
		{"body with action", `{"Version":1,"Scenarios":[{"Name":"a","Steps":[{"Action":"X","Body":{}}]}]}`, "scenario: Scenarios[0] (a): Steps[0]: a Body with an Action: an API call's parameters are its Params"},
		{"params with control", `{"Version":1,"Scenarios":[{"Name":"a","Steps":[{"Control":"GET /_mock/now","Params":{"a":"b"}}]}]}`, "scenario: Scenarios[0] (a): Steps[0]: Params with a Control: a control request's parameters are in its query"},
		{"control outside", `{"Version":1,"Scenarios":[{"Name":"a","Steps":[{"Control":"GET /api"}]}]}`, `scenario: Scenarios[0] (a): Steps[0]: Control "GET /api": the target must start with /_mock/ and hold no space`},
		{"control without method", `{"Version":1,"Scenarios":[{"Name":"a","Steps":[{"Control":"/_mock/now"}]}]}`, `scenario: Scenarios[0] (a): Steps[0]: Control "/_mock/now" is not "METHOD /_mock/PATH"`},
		{"bad status", `{"Version":1,"Scenarios":[{"Name":"a","Steps":[{"Action":"X","Expect":{"HTTPStatus":99}}]}]}`, "scenario: Scenarios[0] (a): Steps[0]: Expect.HTTPStatus 99 is not an HTTP status"},
		{"two expectations", `{"Version":1,"Scenarios":[{"Name":"a","Steps":[{"Action":"X","Expect":{"Checks":[{"Path":"A","Len":1,"Absent":true}]}}]}]}`, `scenario: Scenarios[0] (a): Steps[0]: Expect.Checks[0] ("A"): 2 of Equals, Len, Matches and Absent: a check has exactly one`},
		{"no expectation", `{"Version":1,"Scenarios":[{"Name":"a","Steps":[{"Action":"X","Expect":{"Checks":[{"Path":"A"}]}}]}]}`, `scenario: Scenarios[0] (a): Steps[0]: Expect.Checks[0] ("A"): 0 of Equals, Len, Matches and Absent: a check has exactly one`},
		{"negative length", `{"Version":1,"Scenarios":[{"Name":"a","Steps":[{"Action":"X","Expect":{"Checks":[{"Path":"A","Len":-1}]}}]}]}`, `scenario: Scenarios[0] (a): Steps[0]: Expect.Checks[0] ("A"): Len -1 is negative`},
		{"bad regexp", `{"Version":1,"Scenarios":[{"Name":"a","Steps":[{"Action":"X","Expect":{"Checks":[{"Path":"A","Matches":"("}]}}]}]}`, "scenario: Scenarios[0] (a): Steps[0]: Expect.Checks[0] (\"A\"): Matches: error parsing regexp: missing closing ): `(`"},
		{"bad path", `{"Version":1,"Scenarios":[{"Name":"a","Steps":[{"Action":"X","Expect":{"Checks":[{"Path":"A[x]","Absent":true}]}}]}]}`, `scenario: Scenarios[0] (a): Steps[0]: Expect.Checks[0] ("A[x]"): path "A[x]": [x] is not an index`},
		{"empty member", `{"Version":1,"Scenarios":[{"Name":"a","Steps":[{"Action":"X","Expect":{"Checks":[{"Path":"A..B","Absent":true}]}}]}]}`, `scenario: Scenarios[0] (a): Steps[0]: Expect.Checks[0] ("A..B"): path "A..B" has an empty member name`},
		{"repeat too often", `{"Version":1,"Scenarios":[{"Name":"a","Steps":[{"Action":"X","Repeat":10001}]}]}`, "scenario: Scenarios[0] (a): Steps[0]: Repeat 10001 is not from 0 to 10000"},
		{"bad save name", `{"Version":1,"Scenarios":[{"Name":"a","Steps":[{"Action":"X","Save":{"a-b":"X"}}]}]}`, `scenario: Scenarios[0] (a): Steps[0]: Save: "a-b" is not a name (letters, digits and _)`},
		{"bad save path", `{"Version":1,"Scenarios":[{"Name":"a","Steps":[{"Action":"X","Save":{"a":"X]"}}]}]}`, `scenario: Scenarios[0] (a): Steps[0]: Save["a"]: path "X]": member name "X]" holds a ]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scenario.Parse([]byte(tt.in))
			if err == nil || err.Error() != tt.wantErr {
				t.Fatalf("Parse(%q) = %v, want %s", tt.in, err, tt.wantErr)
			}
		})
	}
}

func TestParseErrorHasItsPlace(t *testing.T) {
	_, err := scenario.Parse([]byte("{\n\"Version\": 1,\n\"Scenarios\": [}\n"))
	var perr *scenario.Error
	if !errors.As(err, &perr) {
		t.Fatalf("Parse = %v, want a *scenario.Error", err)
	}
	if perr.Line != 3 || perr.Column != 15 {
		t.Errorf("the error is at line %d, column %d; want line 3, column 15", perr.Line, perr.Column)
	}
	if perr.Unwrap() == nil {
		t.Error("the error wraps nothing")
	}
}

// TestParsePublished reads the published scenarios and the package's own
// test file.
func TestParsePublished(t *testing.T) {
	f := published(t)
	if len(f.Scenarios) < 20 || len(f.Fleet) == 0 || len(f.Rules) == 0 {
		t.Fatalf("the published file has %d scenarios, a fleet of %d bytes and %d rules", len(f.Scenarios), len(f.Fleet), len(f.Rules))
	}
	// Every rule is checked by a scenario.
	used := map[string]bool{}
	for _, s := range f.Scenarios {
		for _, r := range s.Rules {
			used[r] = true
		}
	}
	for r := range f.Rules {
		if !used[r] {
			t.Errorf("no scenario checks rule %q", r)
		}
	}
	small, err := os.ReadFile("testdata/small.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := scenario.Parse(small); err != nil {
		t.Fatal(err)
	}
}

func TestLookup(t *testing.T) {
	doc := map[string]any{"A": []any{map[string]any{"B": "x"}, []any{"y", "z"}}, "C": "c"}
	tests := []struct {
		path   string
		want   any
		wantOK bool
	}{
		{"C", "c", true},
		{"A[0].B", "x", true},
		{"A[1][1]", "z", true},
		{"A[2]", nil, false},
		{"A.B", nil, false},
		{"C[0]", nil, false},
		{"C.D", nil, false},
		{"D", nil, false},
		{"A[0]]", nil, false},
	}
	for _, tt := range tests {
		got, ok := scenario.Lookup(doc, tt.path)
		if ok != tt.wantOK || (ok && got != tt.want) {
			t.Errorf("Lookup(%q) = %v, %v; want %v, %v", tt.path, got, ok, tt.want, tt.wantOK)
		}
	}
	if got, ok := scenario.Lookup(doc, ""); !ok || got == nil {
		t.Errorf("Lookup of the empty path = %v, %v; want the document", got, ok)
	}
}
