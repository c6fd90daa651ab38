package fault_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake/fault"
)

// actions are the actions of the tests' Sets, given out of order.
var actions = []string{"StopInvocation", "RunCommand", "DescribeInvocations"}

func prob(p float64) *float64 { return &p }

// none names no instance.
func none(string) bool { return false }

// Add adds every rule or none, and names the first bad rule and member.
func TestAddErrors(t *testing.T) {
	tests := []struct {
		name    string
		rules   []fault.Rule
		wantErr string
	}{
		{name: "unknown action", rules: []fault.Rule{{}, {Action: "Describe"}},
			wantErr: `fault: rule 1: Action: "Describe" is not an action the fake serves: *, DescribeInvocations, RunCommand, StopInvocation`},
		{name: "probability above 1", rules: []fault.Rule{{Probability: prob(1.5)}},
			wantErr: "fault: rule 0: Probability: 1.5 is not from 0 to 1"},
		{name: "negative skip", rules: []fault.Rule{{Skip: -1}}, wantErr: "fault: rule 0: Skip: -1 is negative"},
		{name: "negative times", rules: []fault.Rule{{Times: -2}}, wantErr: "fault: rule 0: Times: -2 is negative"},
		{name: "unknown effect", rules: []fault.Rule{{Effect: "crash"}},
			wantErr: `fault: rule 0: Effect: "crash" is not error, lost, drop or delay`},
		{name: "delay too long", rules: []fault.Rule{{Effect: fault.EffectDelay, Delay: time.Minute + 1}},
			wantErr: `fault: rule 0: Delay: "1m0.000000001s" is not above 0s and at most 1m0s`},
		{name: "delay without a delay", rules: []fault.Rule{{Effect: fault.EffectDelay}},
			wantErr: `fault: rule 0: Delay: "0s" is not above 0s and at most 1m0s`},
		{name: "delay with another effect", rules: []fault.Rule{{Delay: time.Second}},
			wantErr: `fault: rule 0: Delay: "1s" is given with the effect "error"; it is for the effect "delay"`},
		{name: "code of a drop", rules: []fault.Rule{{Effect: fault.EffectDrop, Code: "Throttling"}},
			wantErr: `fault: rule 0: Code: "Throttling" is given with the effect "drop", which answers no error`},
		{name: "status out of range", rules: []fault.Rule{{HTTPStatus: 200}},
			wantErr: "fault: rule 0: HTTPStatus: 200 is not from 400 to 599"},
		{name: "an id", rules: []fault.Rule{{ID: 4}}, wantErr: "fault: rule 0: Id: 4 is given by the fake, not by a rule to add"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fault.NewSet(1, actions)
			added, err := s.Add(tt.rules...)
			require.EqualError(t, err, tt.wantErr)
			var e *fault.RuleError
			require.ErrorAs(t, err, &e)
			require.Nil(t, added)
			require.Empty(t, s.List(), "none added")
		})
	}
}

// Draw applies the first rule that matches and fires: by action, region
// and instance, past Skip, at most Times, counting Hits.
func TestDraw(t *testing.T) {
	s := fault.NewSet(1, actions)
	_, err := s.Add(
		fault.Rule{Action: "RunCommand", RegionID: "cn-hangzhou", InstanceID: "i-2", Code: apierror.ThrottlingUser},
		fault.Rule{Action: "DescribeInvocations", Skip: 1, Times: 2, Effect: fault.EffectDrop},
		fault.Rule{Action: "StopInvocation", Probability: prob(0)},
		fault.Rule{Action: "StopInvocation", Effect: fault.EffectDelay, Delay: time.Second},
	)
	require.NoError(t, err)
	i2 := func(id string) bool { return id == "i-2" }
	require.Nil(t, s.Draw("RunCommand", "cn-hangzhou", none), "another instance")
	require.Nil(t, s.Draw("RunCommand", "cn-beijing", i2), "another region")
	got := s.Draw("RunCommand", "cn-hangzhou", i2)
	require.Equal(t, &fault.Applied{ID: 1, Effect: fault.EffectError,
		Err: &apierror.Error{Code: apierror.ThrottlingUser, HTTPStatus: 400, Message: "Request was denied due to user flow control."}}, got)

	var drops []bool
	for range 5 {
		drops = append(drops, s.Draw("DescribeInvocations", "", none) != nil)
	}
	require.Equal(t, []bool{false, true, true, false, false}, drops, "one skipped, then two times")
	require.Equal(t, &fault.Applied{ID: 4, Effect: fault.EffectDelay, Delay: time.Second}, s.Draw("StopInvocation", "", none),
		"a rule of probability 0 never fires, and the next one is tried")
	hits := []int64{}
	for _, r := range s.List() {
		hits = append(hits, r.Hits)
	}
	require.Equal(t, []int64{1, 2, 0, 1}, hits)
	require.Nil(t, fault.NewSet(1, actions).Draw("RunCommand", "", none), "no rule")
}

// The same seed draws the same faults, a reset starts again, and another
// seed draws others.
func TestDrawReproducible(t *testing.T) {
	pattern := func(s *fault.Set) []bool {
		var p []bool
		for range 64 {
			p = append(p, s.Draw("RunCommand", "", none) != nil)
		}
		return p
	}
	made := func(seed uint64) *fault.Set {
		s := fault.NewSet(seed, actions)
		_, err := s.Add(fault.Rule{Probability: prob(0.5)})
		require.NoError(t, err)
		return s
	}
	a := made(7)
	first := pattern(a)
	require.Equal(t, first, pattern(made(7)))
	require.NotEqual(t, first, pattern(made(8)))
	a.Reset()
	require.Empty(t, a.List())
	added, err := a.Add(fault.Rule{Probability: prob(0.5)})
	require.NoError(t, err)
	require.Equal(t, int64(1), added[0].ID, "ids start again at 1")
	require.Equal(t, first, pattern(a), "after a reset")
}

// Ids keep counting after a removal; a removed id is gone.
func TestDelete(t *testing.T) {
	s := fault.NewSet(1, actions)
	_, err := s.Add(fault.Rule{}, fault.Rule{})
	require.NoError(t, err)
	require.True(t, s.Delete(1))
	require.False(t, s.Delete(1))
	require.Len(t, s.List(), 1)
	s.DeleteAll()
	require.Empty(t, s.List())
	require.Nil(t, s.Draw("RunCommand", "", none))
	added, err := s.Add(fault.Rule{})
	require.NoError(t, err)
	require.Equal(t, int64(3), added[0].ID)
}

// A listed rule is a copy: changing it changes nothing held.
func TestListCopies(t *testing.T) {
	s := fault.NewSet(1, actions)
	p := 0.5
	added, err := s.Add(fault.Rule{Probability: &p})
	require.NoError(t, err)
	p = 0.9
	*added[0].Probability = 0.1
	*s.List()[0].Probability = 0.2
	require.Equal(t, 0.5, *s.List()[0].Probability)
}

func TestMessage(t *testing.T) {
	require.Equal(t, "An internal error occurred when dispatch the request.", fault.Message(apierror.InternalErrorDispatch))
	require.Equal(t, "An injected fault.", fault.Message("Some.Code"))
	added, err := fault.NewSet(1, actions).Add(fault.Rule{Code: "ServiceUnavailable"}, fault.Rule{Code: "Some.Code"})
	require.NoError(t, err)
	require.Equal(t, 503, added[0].HTTPStatus)
	require.Equal(t, 500, added[1].HTTPStatus)
	require.Equal(t, "An injected fault.", added[1].Message)
}

func TestUnmarshalRules(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		want     []fault.Rule
		wantCode apierror.Code
		wantMsg  string
	}{
		{name: "every member", body: `{"Rules":[{"Action":"RunCommand","RegionId":"r","InstanceId":"i-1","Probability":0.5,"Skip":1,"Times":2,"Effect":"lost","Code":"Throttling","HTTPStatus":429,"Message":"m"},{"Effect":"delay","Delay":"1.5s","Id":null}]}`,
			want: []fault.Rule{{Action: "RunCommand", RegionID: "r", InstanceID: "i-1", Probability: prob(0.5), Skip: 1, Times: 2, Effect: fault.EffectLost, Code: "Throttling", HTTPStatus: 429, Message: "m"},
				{Effect: fault.EffectDelay, Delay: 1500 * time.Millisecond}}},
		{name: "no rules", body: `{"Rules":[]}`, want: []fault.Rule{}},
		{name: "not JSON", body: `{`, wantCode: apierror.InvalidParameter, wantMsg: `The request body is not a JSON object such as {"Rules":[{"Action":"DescribeInvocations","Times":2}]}: unexpected end of JSON input.`},
		{name: "not an object", body: `[]`, wantCode: apierror.InvalidParameter},
		{name: "another member", body: `{"Rules":[],"Extra":1}`, wantCode: apierror.InvalidParameter, wantMsg: `The request body has the member "Extra"; it has Rules alone.`},
		{name: "no Rules", body: `{}`, wantCode: "MissingParameter.Rules"},
		{name: "null Rules", body: `{"Rules":null}`, wantCode: "MissingParameter.Rules"},
		{name: "Rules not an array", body: `{"Rules":{}}`, wantCode: apierror.InvalidParameter, wantMsg: `The member "Rules" is not an array of rules.`},
		{name: "a rule not an object", body: `{"Rules":[1]}`, wantCode: apierror.InvalidParameter, wantMsg: "The fault rule Rules[0] is not a JSON object."},
		{name: "an unknown member", body: `{"Rules":[{},{"action":"x"}]}`, wantCode: apierror.InvalidParameter,
			wantMsg: `The fault rule Rules[1] has the member "action", which a rule does not have: Action, RegionId, InstanceId, Probability, Skip, Times, Effect, Code, HTTPStatus, Message and Delay.`},
		{name: "an id", body: `{"Rules":[{"Id":3}]}`, wantCode: "InvalidParameter.Id", wantMsg: "The fault rule Rules[0] is not valid: Id: 3 is given by the fake, not by a rule to add."},
		{name: "a wrong type", body: `{"Rules":[{"Skip":"2"}]}`, wantCode: "InvalidParameter.Skip", wantMsg: `The fault rule Rules[0] is not valid: Skip: "2" is not an integer.`},
		{name: "a bad delay", body: `{"Rules":[{"Delay":"soon"}]}`, wantCode: "InvalidParameter.Delay", wantMsg: `The fault rule Rules[0] is not valid: Delay: "soon" is not a Go duration in a string, such as "1.5s".`},
		{name: "a long value", body: `{"Rules":[{"Message":1234567890123456789012345678901234567890123456789012345678901234567890}]}`, wantCode: "InvalidParameter.Message",
			wantMsg: `The fault rule Rules[0] is not valid: Message: 1234567890123456789012345678901234567890123456789012345678901... is not a string.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := fault.UnmarshalRules([]byte(tt.body))
			if tt.wantCode != "" {
				require.NotNil(t, err)
				require.Equal(t, tt.wantCode, err.Code)
				require.Equal(t, 400, err.HTTPStatus)
				if tt.wantMsg != "" {
					require.Equal(t, tt.wantMsg, err.Message)
				}
				require.Nil(t, got)
				return
			}
			require.Nil(t, err)
			require.Empty(t, cmp.Diff(tt.want, got))
		})
	}
}

// MarshalRules writes each rule with its defaults, Id and Hits, in the
// members UnmarshalRules reads: read back without Id and Hits, a rule is
// added as it was listed.
func TestMarshalRules(t *testing.T) {
	s := fault.NewSet(1, actions)
	_, err := s.Add(fault.Rule{Action: "RunCommand", Times: 1}, fault.Rule{Effect: fault.EffectDelay, Delay: 2 * time.Second})
	require.NoError(t, err)
	s.Draw("RunCommand", "", none)
	listed := s.List()
	b := fault.MarshalRules(listed)
	require.JSONEq(t, `{"Rules":[
		{"Id":1,"Action":"RunCommand","Probability":1,"Skip":0,"Times":1,"Effect":"error","Code":"InternalError.Dispatch","HTTPStatus":500,"Message":"An internal error occurred when dispatch the request.","Hits":1},
		{"Id":2,"Action":"*","Probability":1,"Skip":0,"Times":0,"Effect":"delay","Delay":"2s","Hits":0}]}`, string(b))

	var doc struct{ Rules []map[string]any }
	require.NoError(t, json.Unmarshal(b, &doc))
	for _, r := range doc.Rules {
		delete(r, "Id")
		delete(r, "Hits")
	}
	again, _ := json.Marshal(doc)
	rules, e := fault.UnmarshalRules(again)
	require.Nil(t, e)
	readded, err := fault.NewSet(1, actions).Add(rules...)
	require.NoError(t, err)
	for i := range readded {
		readded[i].Hits = listed[i].Hits
	}
	require.Empty(t, cmp.Diff(listed, readded))
}

// FuzzUnmarshalRules reads any body: no panic; an error is a 400 with
// an InvalidParameter or MissingParameter code; rules read are either
// added or refused with a *RuleError, and those added list and write.
func FuzzUnmarshalRules(f *testing.F) {
	seeds, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range seeds {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		rules, e := fault.UnmarshalRules(body)
		if e != nil {
			if e.HTTPStatus != 400 || !(e.Code == "MissingParameter.Rules" || e.Code == apierror.InvalidParameter || len(e.Code) > len("InvalidParameter.") && e.Code[:len("InvalidParameter.")] == "InvalidParameter.") {
				t.Fatalf("error %+v", e)
			}
			return
		}
		s := fault.NewSet(1, actions)
		added, err := s.Add(rules...)
		if err != nil {
			var re *fault.RuleError
			if !errors.As(err, &re) {
				t.Fatalf("Add: %v is not a *RuleError", err)
			}
			return
		}
		if len(added) != len(rules) || len(fault.MarshalRules(s.List())) == 0 {
			t.Fatal("added rules are not listed")
		}
	})
}
