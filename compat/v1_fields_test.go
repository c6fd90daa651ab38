package compat

import (
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	oldecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/google/go-cmp/cmp"

	"github.com/ecsassist/cloudassistant/ecssdk/ecstest"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// oldResponseFrom converts the older SDK's DescribeInvocations response
// into the model, field by field, as ecssdk.ResponseFrom does for the v7
// SDK's body: statuses and the other enums parsed as the codecs parse
// them, ErrorCode kept verbatim, times read in invocation.TimeLayout (empty is
// the zero time; any other form is an error, and the time is left zero).
//
// The older SDK decodes into plain values, not pointers, so it cannot tell
// an absent member from a zero one. Its numbers and the instance's Timed
// are always there to read, so every one of them becomes a present
// Optional, even a 0 or false that the body did not carry; the tests
// reconcile that with the fake's answer explicitly (oldSDKCannotTellZero).
//
// Every exported field of the SDK's response, Invocation, InvokeInstance
// and Tag is read here or listed in oldNotInModel; the model's fields that
// the older SDK has no place for are named by blankWhatTheOldSDKLacks.
// TestOldSDKConverterReadsEveryField holds all three to that.
func oldResponseFrom(res *oldecs.DescribeInvocationsResponse) (invocation.Response, error) {
	var r invocation.Response
	if res == nil {
		return r, nil
	}
	var c oldConversion
	r.RequestID = res.RequestId
	r.TotalCount = int(res.TotalCount)
	r.PageNumber = int(res.PageNumber)
	r.PageSize = int(res.PageSize)
	r.NextToken = res.NextToken
	for i := range res.Invocations.Invocation {
		path := fmt.Sprintf("Invocations.Invocation[%d]", i)
		r.Invocations = append(r.Invocations, c.invocationFrom(path, &res.Invocations.Invocation[i]))
	}
	return r, errors.Join(c.errs...)
}

// oldConversion collects what one conversion could not read.
type oldConversion struct{ errs []error }

// readTime reads text, at path, in invocation.TimeLayout: zero when empty,
// zero and noted when in another form.
func (c *oldConversion) readTime(path, text string) time.Time {
	if text == "" {
		return time.Time{}
	}
	t, err := time.Parse(invocation.TimeLayout, text)
	if err != nil || len(text) != len(invocation.TimeLayout) {
		c.errs = append(c.errs, fmt.Errorf("%s: time %q is not in the layout %s", path, text, invocation.TimeLayout))
		return time.Time{}
	}
	return t
}

// int32Of returns the SDK's int, at path, as the model's present int32,
// noting one that does not fit.
func (c *oldConversion) int32Of(path string, n int) invocation.Optional[int32] {
	if n < math.MinInt32 || n > math.MaxInt32 {
		c.errs = append(c.errs, fmt.Errorf("%s: %d does not fit an int32", path, n))
		return invocation.Optional[int32]{}
	}
	return invocation.Some(int32(n))
}

func (c *oldConversion) invocationFrom(path string, in *oldecs.Invocation) invocation.Invocation {
	inv := invocation.Invocation{
		InvokeID:           in.InvokeId,
		CommandID:          in.CommandId,
		CommandName:        in.CommandName,
		CommandType:        invocation.ParseCommandType(in.CommandType),
		InvokeStatus:       status.ParseLegacy(in.InvokeStatus),
		InvocationStatus:   status.ParseCurrent(in.InvocationStatus),
		Timed:              in.Timed,
		Frequency:          in.Frequency,
		CreationTime:       c.readTime(path+".CreationTime", in.CreationTime),
		RepeatMode:         invocation.ParseRepeatMode(in.RepeatMode),
		CommandContent:     in.CommandContent,
		CommandDescription: in.CommandDescription,
		Parameters:         in.Parameters,
		Timeout:            invocation.Some(in.Timeout),
		Username:           in.Username,
		WorkingDir:         in.WorkingDir,
		Launcher:           in.Launcher,
		TerminationMode:    invocation.ParseTerminationMode(in.TerminationMode),
		ContainerID:        in.ContainerId,
		ContainerName:      in.ContainerName,
	}
	for j := range in.InvokeInstances.InvokeInstance {
		p := fmt.Sprintf("%s.InvokeInstances.InvokeInstance[%d]", path, j)
		inv.Instances = append(inv.Instances, c.instanceFrom(p, &in.InvokeInstances.InvokeInstance[j]))
	}
	for _, t := range in.Tags.Tag {
		inv.Tags = append(inv.Tags, invocation.Tag{Key: t.TagKey, Value: t.TagValue})
	}
	return inv
}

func (c *oldConversion) instanceFrom(path string, in *oldecs.InvokeInstance) invocation.InvokeInstance {
	return invocation.InvokeInstance{
		InstanceID:           in.InstanceId,
		InstanceInvokeStatus: status.ParseLegacy(in.InstanceInvokeStatus),
		InvocationStatus:     status.ParseCurrent(in.InvocationStatus),
		Timed:                invocation.Some(in.Timed),
		Repeats:              c.int32Of(path+".Repeats", in.Repeats),
		ExitCode:             invocation.Some(in.ExitCode),
		Output:               in.Output,
		Dropped:              c.int32Of(path+".Dropped", in.Dropped),
		ErrorCode:            invocation.ErrorCode(in.ErrorCode),
		ErrorInfo:            in.ErrorInfo,
		CreationTime:         c.readTime(path+".CreationTime", in.CreationTime),
		StartTime:            c.readTime(path+".StartTime", in.StartTime),
		FinishTime:           c.readTime(path+".FinishTime", in.FinishTime),
		StopTime:             c.readTime(path+".StopTime", in.StopTime),
		UpdateTime:           c.readTime(path+".UpdateTime", in.UpdateTime),
	}
}

// oldNotInModel lists the exported fields of the older SDK's
// DescribeInvocations structs that oldResponseFrom does not read, by type
// and name, each with the reason. The SDK generates one struct per wire
// name and shares it among operations, so its Invocation and Tag carry
// members of other operations' answers.
var oldNotInModel = map[string]string{
	"ecs.DescribeInvocationsResponse.BaseResponse": "the HTTP envelope (status, headers, raw body) the SDK keeps beside the body's members",

	"ecs.Invocation.Name":        "DescribeSendFileResults' file name; the struct is shared with it",
	"ecs.Invocation.Content":     "DescribeSendFileResults' file content",
	"ecs.Invocation.ContentType": "DescribeSendFileResults' encoding of the file content",
	"ecs.Invocation.Description": "DescribeSendFileResults' file description (DescribeInvocations writes CommandDescription)",
	"ecs.Invocation.FileGroup":   "DescribeSendFileResults' file group",
	"ecs.Invocation.FileMode":    "DescribeSendFileResults' file mode",
	"ecs.Invocation.FileOwner":   "DescribeSendFileResults' file owner",
	"ecs.Invocation.Overwrite":   "DescribeSendFileResults' overwrite flag",
	"ecs.Invocation.TargetDir":   "DescribeSendFileResults' target directory",
	"ecs.Invocation.VmCount":     "DescribeSendFileResults' count of instances",
	"ecs.Invocation.PageSize":    "the paging of DescribeInvocationResults' Invocation object, which shares the struct; DescribeInvocations pages at the top level",
	"ecs.Invocation.PageNumber":  "the paging of DescribeInvocationResults' Invocation object",
	"ecs.Invocation.TotalCount":  "the paging of DescribeInvocationResults' Invocation object",
	"ecs.Invocation.NextToken":   "the paging of DescribeInvocationResults' Invocation object",
	"ecs.Invocation.InvocationResults": "DescribeInvocationResults' records, which that operation's own test reads " +
		"(TestOldSDKCreateAndInvoke and the other lifecycle tests)",

	"ecs.Tag.Key":               "how other operations that share the struct spell a tag's key; DescribeInvocations writes TagKey",
	"ecs.Tag.Value":             "how other operations that share the struct spell a tag's value; DescribeInvocations writes TagValue",
	"ecs.Tag.ResourceTypeCount": "DescribeTags' count of resources of each type under a tag",
}

// blankWhatTheOldSDKLacks clears, in r, the model's fields that the older
// SDK (v1.63.107) has no place for, so what it loses of an answer is
// named here and nowhere else: the invocation's OssOutputDelivery, the
// instance's four OssOutput fields, and the Unknown members of every level
// (the SDK decodes into fixed structs and keeps no member it does not
// know; the fake writes none, so those are empty already).
func blankWhatTheOldSDKLacks(r *invocation.Response) {
	r.Unknown = nil
	for i := range r.Invocations {
		inv := &r.Invocations[i]
		inv.OssOutputDelivery = ""
		inv.Unknown = nil
		for j := range inv.Instances {
			in := &inv.Instances[j]
			in.OssOutputStatus = ""
			in.OssOutputURI = ""
			in.OssOutputErrorCode = ""
			in.OssOutputErrorInfo = ""
			in.Unknown = nil
		}
	}
}

// oldSDKCannotTellZero reconciles got, converted from the older SDK, with
// want, the fake's answer, where the SDK cannot tell an absent member from
// a zero one: for each Optional that the SDK reads from a plain value, if
// both sides hold the zero value and differ only in Set, got takes want's
// Set. A value that differs is left as it is, for the comparison to
// report. It returns the paths it changed, for the caller to check
// against those it expects.
func oldSDKCannotTellZero(want, got *invocation.Response) []string {
	var changed []string
	if len(want.Invocations) != len(got.Invocations) {
		return nil
	}
	for i := range got.Invocations {
		w, g := &want.Invocations[i], &got.Invocations[i]
		p := fmt.Sprintf("Invocations[%d]", i)
		settle(p+".Timeout", w.Timeout, &g.Timeout, &changed)
		if len(w.Instances) != len(g.Instances) {
			continue
		}
		for j := range g.Instances {
			wi, gi := &w.Instances[j], &g.Instances[j]
			q := fmt.Sprintf("%s.Instances[%d]", p, j)
			settle(q+".Timed", wi.Timed, &gi.Timed, &changed)
			settle(q+".Repeats", wi.Repeats, &gi.Repeats, &changed)
			settle(q+".ExitCode", wi.ExitCode, &gi.ExitCode, &changed)
			settle(q+".Dropped", wi.Dropped, &gi.Dropped, &changed)
		}
	}
	return changed
}

func settle[T comparable](path string, want invocation.Optional[T], got *invocation.Optional[T], changed *[]string) {
	var zero T
	if want.Value == zero && got.Value == zero && want.Set != got.Set {
		got.Set = want.Set
		*changed = append(*changed, path)
	}
}

// The older SDK reads back every field it models of DescribeInvocations'
// body as the fake holds it, in both content encodings and with output on
// and off: the response it decoded, converted to the model field by field
// (oldResponseFrom), equals the fake's own answer to the same query, but
// for the fields it has no place for (blankWhatTheOldSDKLacks) and the
// absent members it cannot tell from zero (oldSDKCannotTellZero), which
// each variant names.
func TestOldSDKEveryFieldOfDescribeInvocations(t *testing.T) {
	svc, ts, stored := serveEveryField(t)
	c := oldClient(t)
	b64 := base64.StdEncoding.EncodeToString
	for _, tt := range []struct {
		name     string
		encoding string
		output   bool
		// What the older SDK reads as a present 0 though the fake's
		// answer leaves it absent.
		zeroForAbsent []string
		// The second instance's (i-2's) Output and the command content,
		// as the SDK's own struct holds them.
		output1, content string
	}{
		{"Base64 with output", "", true, nil, b64([]byte("disk full\n")), b64([]byte("./deploy.sh --all"))},
		{"plain text with output", "PlainText", true, nil, "disk full\n", "./deploy.sh --all"},
		{"without output", "Base64", false, []string{"Invocations[0].Instances[0].Dropped", "Invocations[0].Instances[1].Dropped"},
			"", b64([]byte("./deploy.sh --all"))},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := oldRequest(ts.URL)
			req.InvokeId, req.IncludeOutput, req.ContentEncoding = stored.InvokeID, requests.NewBoolean(tt.output), tt.encoding
			q := fake.DescribeInvocationsRequest{RegionID: "cn-hangzhou", InvokeID: stored.InvokeID, IncludeOutput: tt.output, ContentEncoding: fake.Base64}
			if tt.encoding != "" {
				q.ContentEncoding = fake.ContentEncoding(tt.encoding)
			}
			res, err := c.DescribeInvocations(req)
			if err != nil {
				t.Fatal(err)
			}
			got, err := oldResponseFrom(res)
			if err != nil {
				t.Fatal(err)
			}
			want, err := svc.DescribeInvocations(q)
			if err != nil {
				t.Fatal(err)
			}
			if got.RequestID == "" {
				t.Error("no RequestId")
			}
			got.RequestID, want.RequestID = "", ""
			blankWhatTheOldSDKLacks(&want)
			if changed := oldSDKCannotTellZero(&want, &got); !slices.Equal(changed, tt.zeroForAbsent) {
				t.Errorf("read as 0 though absent: %v, want %v", changed, tt.zeroForAbsent)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("the older SDK's response differs from the fake's answer (-want +got):\n%s", diff)
			}

			if len(res.Invocations.Invocation) != 1 || len(res.Invocations.Invocation[0].InvokeInstances.InvokeInstance) != 2 {
				t.Fatalf("want one invocation of two instances: %+v", res.Invocations)
			}
			inv := res.Invocations.Invocation[0]
			if inv.CommandContent != tt.content || inv.InvokeInstances.InvokeInstance[1].Output != tt.output1 {
				t.Errorf("CommandContent %q, Output %q; want %q, %q", inv.CommandContent, inv.InvokeInstances.InvokeInstance[1].Output, tt.content, tt.output1)
			}
			if !tt.output && (inv.InvokeInstances.InvokeInstance[0].Output != "" || inv.InvokeInstances.InvokeInstance[0].Dropped != 0) {
				t.Errorf("output without IncludeOutput: %+v", inv.InvokeInstances.InvokeInstance[0])
			}
		})
	}
}

// The text every string leaf is set to by the reflection checks: a time
// in the layout, so that the time fields read it too, and for every other
// field a value unlike the zero one (an enum keeps unknown text verbatim).
const leafText = "2025-01-02T03:04:05Z"

var timeType = reflect.TypeFor[time.Time]()

// isLeaf reports whether the walks below treat a field of type t as one
// value: a string, bool or integer, a time, or an invocation.Optional.
func isLeaf(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	case reflect.Struct:
		return t == timeType || t.PkgPath() == reflect.TypeFor[invocation.Tag]().PkgPath() && strings.HasPrefix(t.Name(), "Optional[")
	}
	return false
}

// A leaf is one field reached by the walk: its path from the root, the
// field by its struct's type (such as "ecs.Invocation.Timeout"), and its
// value, settable.
type leaf struct {
	path, field string
	v           reflect.Value
}

// leaves walks v, an addressable struct, through its struct fields and
// the first element of its lists (making one element of an empty list),
// and returns the leaves it reaches and the fields it skipped: those for
// which skip is true. A field of a kind it does not know fails t, so that
// a new shape of field is looked at.
func leaves(t *testing.T, path string, v reflect.Value, skip func(field string) bool) (found, skipped []leaf) {
	t.Helper()
	vt := v.Type()
	for i := range vt.NumField() {
		f := vt.Field(i)
		if !f.IsExported() {
			continue
		}
		l := leaf{path: strings.TrimPrefix(path+"."+f.Name, "."), field: vt.String() + "." + f.Name, v: v.Field(i)}
		switch {
		case skip(l.field):
			skipped = append(skipped, l)
		case isLeaf(f.Type):
			found = append(found, l)
		case f.Type.Kind() == reflect.Struct:
			fo, sk := leaves(t, l.path, l.v, skip)
			found, skipped = append(found, fo...), append(skipped, sk...)
		case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct:
			if l.v.Len() == 0 {
				l.v.Set(reflect.MakeSlice(f.Type, 1, 1))
			}
			fo, sk := leaves(t, l.path+"[0]", l.v.Index(0), skip)
			found, skipped = append(found, fo...), append(skipped, sk...)
		default:
			t.Fatalf("%s: a field of type %s, which the walk does not know", l.field, f.Type)
		}
	}
	return found, skipped
}

// setLeaf sets v, a leaf, to a value unlike its zero value.
func setLeaf(v reflect.Value) {
	switch {
	case v.Type() == timeType:
		v.Set(reflect.ValueOf(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)))
	case v.Kind() == reflect.Struct: // an invocation.Optional
		setLeaf(v.FieldByName("Value"))
		v.FieldByName("Set").SetBool(true)
	case v.Kind() == reflect.String:
		v.SetString(leafText)
	case v.Kind() == reflect.Bool:
		v.SetBool(true)
	case v.CanInt():
		v.SetInt(7)
	default:
		v.SetUint(7)
	}
}

// fill sets every part of v, a field of any kind the SDK's structs have,
// to a value unlike the zero one.
func fill(t *testing.T, v reflect.Value) {
	t.Helper()
	switch {
	case isLeaf(v.Type()):
		setLeaf(v)
	case v.Kind() == reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
	case v.Kind() == reflect.Struct:
		found, _ := leaves(t, "", v, func(string) bool { return false })
		for _, l := range found {
			setLeaf(l.v)
		}
	default:
		t.Fatalf("cannot fill a %s", v.Type())
	}
}

// Every exported field of the older SDK's DescribeInvocations response,
// Invocation, InvokeInstance and Tag is read by oldResponseFrom (setting it
// alone changes the model it gives) or listed in oldNotInModel (setting it
// changes nothing), so a field a newer SDK adds fails this test until it
// is mapped or listed. And every field of the model is read from the SDK
// (it is set when every SDK field is) or named by blankWhatTheOldSDKLacks,
// and not both.
func TestOldSDKConverterReadsEveryField(t *testing.T) {
	var res oldecs.DescribeInvocationsResponse
	found, skipped := leaves(t, "", reflect.ValueOf(&res).Elem(), func(field string) bool {
		_, ok := oldNotInModel[field]
		return ok
	})
	baseline, err := oldResponseFrom(&res)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range found {
		setLeaf(l.v)
		got, err := oldResponseFrom(&res)
		if err != nil {
			t.Errorf("%s: %v", l.path, err)
		}
		if cmp.Equal(baseline, got) {
			t.Errorf("%s (%s) is not read: map it in oldResponseFrom, or list it in oldNotInModel with the reason", l.field, l.path)
		}
		l.v.SetZero()
	}
	listed := map[string]bool{}
	for _, l := range skipped {
		listed[l.field] = true
		fill(t, l.v)
		got, err := oldResponseFrom(&res)
		if err != nil {
			t.Errorf("%s: %v", l.path, err)
		}
		if diff := cmp.Diff(baseline, got); diff != "" {
			t.Errorf("%s is listed in oldNotInModel, yet read:\n%s", l.field, diff)
		}
		l.v.SetZero()
	}
	for field := range oldNotInModel {
		if !listed[field] {
			t.Errorf("oldNotInModel lists %s, which the SDK's structs do not have", field)
		}
	}

	// Every SDK field set: the model's fields left empty are exactly those
	// blankWhatTheOldSDKLacks names.
	for _, l := range found {
		setLeaf(l.v)
	}
	full, err := oldResponseFrom(&res)
	if err != nil {
		t.Fatal(err)
	}
	none := func(string) bool { return false }
	var every invocation.Response
	all, _ := leaves(t, "", reflect.ValueOf(&every).Elem(), none)
	for _, l := range all {
		setLeaf(l.v)
	}
	blankWhatTheOldSDKLacks(&every)
	lost := map[string]bool{}
	all, _ = leaves(t, "", reflect.ValueOf(&every).Elem(), none) // again: a blanked list is walked as one zero element
	for _, l := range all {
		if l.v.IsZero() {
			lost[l.path] = true
		}
	}
	if len(lost) == 0 {
		t.Error("blankWhatTheOldSDKLacks blanks nothing")
	}
	read, _ := leaves(t, "", reflect.ValueOf(&full).Elem(), none)
	for _, l := range read {
		switch {
		case l.v.IsZero() && !lost[l.path]:
			t.Errorf("the model's %s is never read from the older SDK, yet blankWhatTheOldSDKLacks does not name it", l.path)
		case !l.v.IsZero() && lost[l.path]:
			t.Errorf("the model's %s is read from the older SDK, yet blankWhatTheOldSDKLacks blanks it", l.path)
		}
	}
}

// Every error code of the current edition's DescribeInvocations
// parameters reaches the older SDK's *sdkerrors.ServerError with its code
// and HTTP status, as TestV7CurrentDescribeErrors checks for the v7 SDK.
func TestOldSDKCurrentDescribeErrors(t *testing.T) {
	ts := ecstest.New(t, ecstest.Options{Start: fieldsT0})
	c := oldClient(t)
	tags := func(kv ...string) *[]oldecs.DescribeInvocationsTag {
		var out []oldecs.DescribeInvocationsTag
		for i := 0; i < len(kv); i += 2 {
			out = append(out, oldecs.DescribeInvocationsTag{Key: kv[i], Value: kv[i+1]})
		}
		return &out
	}
	var many []string
	for i := range 21 {
		many = append(many, string(rune('a'+i)), "")
	}
	for _, tt := range []struct {
		name string
		set  func(r *oldecs.DescribeInvocationsRequest)
		code string
	}{
		{"an unknown content encoding", func(r *oldecs.DescribeInvocationsRequest) { r.ContentEncoding = "hex" }, "InvalidParameter.ContentEncoding"},
		{"output of everything", func(r *oldecs.DescribeInvocationsRequest) { r.IncludeOutput = requests.NewBoolean(true) }, "InvalidParameter.IncludeOutput"},
		{"an unknown repeat mode", func(r *oldecs.DescribeInvocationsRequest) { r.RepeatMode = "Weekly" }, "InvalidParameter.RepeatMode"},
		{"21 tags", func(r *oldecs.DescribeInvocationsRequest) { r.Tag = tags(many...) }, "NumberExceed.Tags"},
		{"a tag key twice", func(r *oldecs.DescribeInvocationsRequest) { r.Tag = tags("k", "", "k", "") }, "Duplicate.TagKey"},
		{"a tag key of 65 characters", func(r *oldecs.DescribeInvocationsRequest) { r.Tag = tags(strings.Repeat("k", 65), "") }, "InvalidTagKey.Malformed"},
		{"a tag value of 129 characters", func(r *oldecs.DescribeInvocationsRequest) { r.Tag = tags("k", strings.Repeat("k", 129)) }, "InvalidTagValue.Malformed"},
		{"a tag value without its key", func(r *oldecs.DescribeInvocationsRequest) { r.Tag = tags("", "v") }, "MissingParameter.TagKey"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := oldRequest(ts.URL)
			tt.set(req)
			_, err := c.DescribeInvocations(req)
			var serverErr *sdkerrors.ServerError
			if !errors.As(err, &serverErr) {
				t.Fatalf("error %T: %v", err, err)
			}
			if serverErr.ErrorCode() != tt.code || serverErr.HttpStatus() != 400 {
				t.Errorf("got %s %d, want %s 400", serverErr.ErrorCode(), serverErr.HttpStatus(), tt.code)
			}
		})
	}
}
