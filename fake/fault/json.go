package fault

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/ecsassist/cloudassistant/apierror"
)

// ruleJSON is a listed rule in JSON.
type ruleJSON struct {
	ID          int64         `json:"Id"`
	Action      string        `json:"Action"`
	RegionID    string        `json:"RegionId,omitempty"`
	InstanceID  string        `json:"InstanceId,omitempty"`
	Probability float64       `json:"Probability"`
	Skip        int64         `json:"Skip"`
	Times       int64         `json:"Times"`
	Effect      Effect        `json:"Effect"`
	Code        apierror.Code `json:"Code,omitempty"`
	HTTPStatus  int           `json:"HTTPStatus,omitempty"`
	Message     string        `json:"Message,omitempty"`
	Delay       string        `json:"Delay,omitempty"`
	Hits        int64         `json:"Hits"`
}

// MarshalRules writes rules as {"Rules":[…]}, each rule's members named
// as UnmarshalRules reads them, with its Id and Hits, its Probability
// always, and its Delay in Go's syntax ("1.5s").
func MarshalRules(rules []Rule) []byte {
	out := struct{ Rules []ruleJSON }{Rules: make([]ruleJSON, len(rules))}
	for i, r := range rules {
		j := ruleJSON{ID: r.ID, Action: r.Action, RegionID: r.RegionID, InstanceID: r.InstanceID, Probability: 1,
			Skip: r.Skip, Times: r.Times, Effect: r.Effect, Code: r.Code, HTTPStatus: r.HTTPStatus, Message: r.Message, Hits: r.Hits}
		if r.Probability != nil {
			j.Probability = *r.Probability
		}
		if r.Delay != 0 {
			j.Delay = r.Delay.String()
		}
		out.Rules[i] = j
	}
	b, err := json.Marshal(out)
	if err != nil {
		panic(err) // strings and numbers always marshal
	}
	return b
}

// members are the members a rule to add may have, and what each takes.
var members = map[string]string{
	"Action": "a string", "RegionId": "a string", "InstanceId": "a string", "Effect": "a string", "Code": "a string", "Message": "a string",
	"Probability": "a number", "Skip": "an integer", "Times": "an integer", "HTTPStatus": "an integer",
	"Delay": `a Go duration in a string, such as "1.5s"`,
	"Id":    "", "Hits": "", // the fake's to give
}

// UnmarshalRules reads the body that adds rules, {"Rules":[rule, …]}:
// JSON whose member names are exact, every one known, each of its type;
// null is the same as an absent member. Its error is the API error a
// server answers with (400): InvalidParameter naming the rule and member
// at fault, or MissingParameter.Rules.
func UnmarshalRules(body []byte) ([]Rule, *apierror.Error) {
	invalid := func(format string, args ...any) ([]Rule, *apierror.Error) {
		return nil, &apierror.Error{Code: apierror.InvalidParameter, HTTPStatus: 400, Message: fmt.Sprintf(format, args...)}
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil || top == nil {
		return invalid("The request body is not a JSON object such as {\"Rules\":[{\"Action\":\"DescribeInvocations\",\"Times\":2}]}%s.", because(err))
	}
	for _, k := range slices.Sorted(maps.Keys(top)) {
		if k != "Rules" {
			return invalid("The request body has the member %q; it has Rules alone.", k)
		}
	}
	raw, ok := top["Rules"]
	if !ok || bytes.Equal(raw, []byte("null")) {
		return nil, &apierror.Error{Code: "MissingParameter.Rules", HTTPStatus: 400, Message: `The member "Rules" that is mandatory for adding fault rules is not supplied.`}
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(raw, &raws); err != nil {
		return invalid("The member \"Rules\" is not an array of rules.")
	}
	rules := make([]Rule, len(raws))
	for i, raw := range raws {
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(raw, &fields); err != nil || fields == nil {
			return invalid("The fault rule Rules[%d] is not a JSON object.", i)
		}
		for _, name := range slices.Sorted(maps.Keys(fields)) {
			v := fields[name]
			takes, known := members[name]
			if !known {
				return invalid("The fault rule Rules[%d] has the member %q, which a rule does not have: Action, RegionId, InstanceId, Probability, Skip, Times, Effect, Code, HTTPStatus, Message and Delay.", i, name)
			}
			if bytes.Equal(v, []byte("null")) {
				continue
			}
			if takes == "" {
				return nil, ErrorOf(&RuleError{Index: i, Member: name, Reason: fmt.Sprintf("%s is given by the fake, not by a rule to add", clip(v))})
			}
			if err := setMember(&rules[i], name, v); err != nil {
				return nil, ErrorOf(&RuleError{Index: i, Member: name, Reason: fmt.Sprintf("%s is not %s", clip(v), takes)})
			}
		}
	}
	return rules, nil
}

// ErrorOf returns the API error a server answers for a rule that cannot
// be added: 400 InvalidParameter.MEMBER, naming the rule and member.
func ErrorOf(e *RuleError) *apierror.Error {
	return &apierror.Error{Code: apierror.Code("InvalidParameter." + e.Member), HTTPStatus: 400,
		Message: fmt.Sprintf("The fault rule Rules[%d] is not valid: %s: %s.", e.Index, e.Member, e.Reason)}
}

// setMember decodes the JSON value v of the member name into r.
func setMember(r *Rule, name string, v json.RawMessage) error {
	var s string
	var err error
	switch name {
	case "Action":
		err = json.Unmarshal(v, &r.Action)
	case "RegionId":
		err = json.Unmarshal(v, &r.RegionID)
	case "InstanceId":
		err = json.Unmarshal(v, &r.InstanceID)
	case "Effect":
		err = json.Unmarshal(v, &s)
		r.Effect = Effect(s)
	case "Code":
		err = json.Unmarshal(v, &s)
		r.Code = apierror.Code(s)
	case "Message":
		err = json.Unmarshal(v, &r.Message)
	case "Probability":
		var p float64
		err = json.Unmarshal(v, &p)
		r.Probability = &p
	case "Skip":
		err = json.Unmarshal(v, &r.Skip)
	case "Times":
		err = json.Unmarshal(v, &r.Times)
	case "HTTPStatus":
		err = json.Unmarshal(v, &r.HTTPStatus)
	case "Delay":
		if err = json.Unmarshal(v, &s); err == nil {
			r.Delay, err = time.ParseDuration(s)
		}
	}
	return err
}

// clip returns the JSON text v, cut to 64 bytes for a message.
func clip(v json.RawMessage) string {
	if len(v) > 64 {
		return string(v[:61]) + "..."
	}
	return string(v)
}

// because is ": " and err's text, or nothing.
func because(err error) string {
	if err == nil {
		return ""
	}
	return ": " + err.Error()
}
