package ecssdk_test

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"
	"time"

	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ecsassist/cloudassistant/ecssdk"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/jsoncodec"
	"github.com/ecsassist/cloudassistant/status"
)

// fullBody is a DescribeInvocations body with every field of every
// struct set, each to a value of its own, in canonical spellings.
func fullBody() *ecs.DescribeInvocationsResponseBody {
	return &ecs.DescribeInvocationsResponseBody{
		RequestId:  dara.String("E69EF3CC-94CD-42E7-8926-F133B86387C0"),
		TotalCount: dara.Int64(31),
		PageNumber: dara.Int64(2),
		PageSize:   dara.Int64(3),
		NextToken:  dara.String("AAAAAdDWBF2"),
		Invocations: &ecs.DescribeInvocationsResponseBodyInvocations{
			Invocation: []*ecs.DescribeInvocationsResponseBodyInvocationsInvocation{{
				InvokeId:           dara.String("t-hz0jdfwd9f"),
				CommandId:          dara.String("c-hz0jdfwcsr"),
				CommandName:        dara.String("deploy"),
				CommandType:        dara.String("RunShellScript"),
				InvokeStatus:       dara.String("PartialFailed"),
				InvocationStatus:   dara.String("PartialFailed"),
				Timed:              dara.Bool(true),
				Frequency:          dara.String("rate(5m)"),
				CreationTime:       dara.String("2020-01-19T09:15:46Z"),
				RepeatMode:         dara.String("Period"),
				CommandContent:     dara.String("Y2QgL3Jvb3Q="),
				CommandDescription: dara.String("deploys the app"),
				Parameters:         dara.String(`{"name":"x"}`),
				Timeout:            dara.Int64(60),
				Username:           dara.String("root"),
				WorkingDir:         dara.String("/home"),
				Launcher:           dara.String("python3 -u {{ACS::ScriptFileName|Ext(\".py\")}}"),
				TerminationMode:    dara.String("ProcessTree"),
				ContainerId:        dara.String("ab141ddfbacfe02d9dbc25966ed971536124527097398d419a6746873fea****"),
				ContainerName:      dara.String("test-container"),
				OssOutputDelivery:  dara.String("oss://bucket/prefix"),
				Tags: &ecs.DescribeInvocationsResponseBodyInvocationsInvocationTags{
					Tag: []*ecs.DescribeInvocationsResponseBodyInvocationsInvocationTagsTag{
						{TagKey: dara.String("owner"), TagValue: dara.String("ops")},
					},
				},
				InvokeInstances: &ecs.DescribeInvocationsResponseBodyInvocationsInvocationInvokeInstances{
					InvokeInstance: []*ecs.DescribeInvocationsResponseBodyInvocationsInvocationInvokeInstancesInvokeInstance{{
						InstanceId:           dara.String("i-bp1i7gg30r52z2em****"),
						InstanceInvokeStatus: dara.String("Finished"),
						InvocationStatus:     dara.String("Failed"),
						Timed:                dara.Bool(false),
						Repeats:              dara.Int32(2),
						ExitCode:             dara.Int64(1),
						Output:               dara.String("T0s="),
						Dropped:              dara.Int32(7),
						ErrorCode:            dara.String("ExitCodeNonzero"),
						ErrorInfo:            dara.String("the process exited with 1"),
						CreationTime:         dara.String("2020-01-19T09:15:47Z"),
						StartTime:            dara.String("2020-01-19T09:15:48Z"),
						FinishTime:           dara.String("2020-01-19T09:15:49Z"),
						StopTime:             dara.String("2020-01-19T09:15:50Z"),
						UpdateTime:           dara.String("2020-01-19T09:15:51Z"),
						OssOutputStatus:      dara.String("Failed"),
						OssOutputUri:         dara.String("oss://bucket/prefix/t-hz0jdfwd9f"),
						OssOutputErrorCode:   dara.String("NoSuchBucket"),
						OssOutputErrorInfo:   dara.String("the bucket does not exist"),
					}},
				},
			}},
		},
	}
}

// at returns the time of text in the API's layout.
func at(text string) time.Time {
	t, err := time.Parse(invocation.TimeLayout, text)
	if err != nil {
		panic(err)
	}
	return t
}

// fullModel is fullBody as the model.
func fullModel() invocation.Response {
	return invocation.Response{
		RequestID:  "E69EF3CC-94CD-42E7-8926-F133B86387C0",
		TotalCount: 31,
		PageNumber: 2,
		PageSize:   3,
		NextToken:  "AAAAAdDWBF2",
		Invocations: []invocation.Invocation{{
			InvokeID:           "t-hz0jdfwd9f",
			CommandID:          "c-hz0jdfwcsr",
			CommandName:        "deploy",
			CommandType:        invocation.RunShellScript,
			InvokeStatus:       status.LegacyPartialFailed,
			InvocationStatus:   status.CurrentPartialFailed,
			Timed:              true,
			Frequency:          "rate(5m)",
			CreationTime:       at("2020-01-19T09:15:46Z"),
			RepeatMode:         invocation.Period,
			CommandContent:     "Y2QgL3Jvb3Q=",
			CommandDescription: "deploys the app",
			Parameters:         `{"name":"x"}`,
			Timeout:            invocation.Some(int64(60)),
			Username:           "root",
			WorkingDir:         "/home",
			Launcher:           "python3 -u {{ACS::ScriptFileName|Ext(\".py\")}}",
			TerminationMode:    invocation.ProcessTree,
			ContainerID:        "ab141ddfbacfe02d9dbc25966ed971536124527097398d419a6746873fea****",
			ContainerName:      "test-container",
			OssOutputDelivery:  "oss://bucket/prefix",
			Tags:               []invocation.Tag{{Key: "owner", Value: "ops"}},
			Instances: []invocation.InvokeInstance{{
				InstanceID:           "i-bp1i7gg30r52z2em****",
				InstanceInvokeStatus: status.LegacyFinished,
				InvocationStatus:     status.CurrentFailed,
				Timed:                invocation.Some(false),
				Repeats:              invocation.Some(int32(2)),
				ExitCode:             invocation.Some(int64(1)),
				Output:               "T0s=",
				Dropped:              invocation.Some(int32(7)),
				ErrorCode:            invocation.ExitCodeNonzero,
				ErrorInfo:            "the process exited with 1",
				CreationTime:         at("2020-01-19T09:15:47Z"),
				StartTime:            at("2020-01-19T09:15:48Z"),
				FinishTime:           at("2020-01-19T09:15:49Z"),
				StopTime:             at("2020-01-19T09:15:50Z"),
				UpdateTime:           at("2020-01-19T09:15:51Z"),
				OssOutputStatus:      invocation.OssFailed,
				OssOutputURI:         "oss://bucket/prefix/t-hz0jdfwd9f",
				OssOutputErrorCode:   "NoSuchBucket",
				OssOutputErrorInfo:   "the bucket does not exist",
			}},
		}},
	}
}

// requireAllSet fails t unless every pointer, slice and struct field
// reachable from v, but those named in except, is set: not nil, not
// empty, not zero. It proves that a test's value covers every field, so
// that a field added to the SDK or the model fails the test until the
// conversion handles it.
func requireAllSet(t *testing.T, v any, except ...string) {
	t.Helper()
	var walk func(path string, v reflect.Value)
	walk = func(path string, v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			require.False(t, v.IsNil(), "%s is nil", path)
			walk(path, v.Elem())
		case reflect.Slice:
			require.Positive(t, v.Len(), "%s is empty", path)
			for i := 0; i < v.Len(); i++ {
				walk(path+"[]", v.Index(i))
			}
		case reflect.Struct:
			if v.Type() == reflect.TypeFor[time.Time]() {
				require.False(t, v.Interface().(time.Time).IsZero(), "%s is zero", path)
				return
			}
			for i := 0; i < v.NumField(); i++ {
				f := v.Type().Field(i)
				if !f.IsExported() || contains(except, f.Name) {
					continue
				}
				walk(path+"."+f.Name, v.Field(i))
			}
		case reflect.Bool:
			// Either value is a value; the struct around it is what
			// matters (a Bool field of an Optional is checked by Set).
		default:
			require.False(t, v.IsZero(), "%s is zero", path)
		}
	}
	walk(reflect.TypeOf(v).String(), reflect.ValueOf(v))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Every field of the SDK's body has its place in the model, and comes back
// the same.
func TestResponseEveryField(t *testing.T) {
	body, want := fullBody(), fullModel()
	requireAllSet(t, body)
	requireAllSet(t, want, "Unknown")
	// Optional[bool] holds false here; Set is what is checked.
	require.True(t, want.Invocations[0].Instances[0].Timed.Set)

	got, err := ecssdk.ResponseFrom(body)
	require.NoError(t, err)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ResponseFrom (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(body, ecssdk.ResponseBody(got)); diff != "" {
		t.Errorf("ResponseBody (-want +got):\n%s", diff)
	}
}

// fullResults is a DescribeInvocationResults body with every field set.
func fullResults() *ecs.DescribeInvocationResultsResponseBody {
	return &ecs.DescribeInvocationResultsResponseBody{
		RequestId: dara.String("E69EF3CC-94CD-42E7-8926-F133B86387C0"),
		Invocation: &ecs.DescribeInvocationResultsResponseBodyInvocation{
			TotalCount: dara.Int64(12),
			PageNumber: dara.Int64(1),
			PageSize:   dara.Int64(10),
			NextToken:  dara.String("AAAAAdDWBF2"),
			InvocationResults: &ecs.DescribeInvocationResultsResponseBodyInvocationInvocationResults{
				InvocationResult: []*ecs.DescribeInvocationResultsResponseBodyInvocationInvocationResultsInvocationResult{{
					CommandId:          dara.String("c-hz0jdfwcsr"),
					InvokeId:           dara.String("t-hz0jdfwd9f"),
					InstanceId:         dara.String("i-bp1i7gg30r52z2em****"),
					InvocationStatus:   dara.String("Failed"),
					InvokeRecordStatus: dara.String("Finished"),
					ExitCode:           dara.Int64(1),
					Output:             dara.String("T0s="),
					Dropped:            dara.Int32(7),
					Repeats:            dara.Int32(5),
					StartTime:          dara.String("2019-12-20T06:15:55Z"),
					FinishedTime:       dara.String("2019-12-20T06:15:56Z"),
					StopTime:           dara.String("2019-12-20T06:15:57Z"),
					ErrorCode:          dara.String("ExitCodeNonzero"),
					ErrorInfo:          dara.String("the process exited with 1"),
					Username:           dara.String("root"),
					ContainerId:        dara.String("ab141ddfbacf"),
					ContainerName:      dara.String("test-container"),
					TerminationMode:    dara.String("Process"),
					Launcher:           dara.String("python3 -u"),
					OssOutputDelivery:  dara.String("oss://bucket/prefix"),
					OssOutputStatus:    dara.String("InProgress"),
					OssOutputUri:       dara.String("oss://bucket/prefix/t-hz0jdfwd9f"),
					OssOutputErrorCode: dara.String("NoSuchBucket"),
					OssOutputErrorInfo: dara.String("the bucket does not exist"),
					Tags: &ecs.DescribeInvocationResultsResponseBodyInvocationInvocationResultsInvocationResultTags{
						Tag: []*ecs.DescribeInvocationResultsResponseBodyInvocationInvocationResultsInvocationResultTagsTag{
							{TagKey: dara.String("owner"), TagValue: dara.String("ops")},
						},
					},
				}},
			},
		},
	}
}

func TestResultsEveryField(t *testing.T) {
	body := fullResults()
	want := ecssdk.Results{
		RequestID:  "E69EF3CC-94CD-42E7-8926-F133B86387C0",
		TotalCount: 12,
		PageNumber: 1,
		PageSize:   10,
		NextToken:  "AAAAAdDWBF2",
		Records: []invocation.Result{{
			CommandID:          "c-hz0jdfwcsr",
			InvokeID:           "t-hz0jdfwd9f",
			InstanceID:         "i-bp1i7gg30r52z2em****",
			InvocationStatus:   status.CurrentFailed,
			InvokeRecordStatus: status.LegacyFinished,
			ExitCode:           invocation.Some(int64(1)),
			Output:             "T0s=",
			Dropped:            invocation.Some(int32(7)),
			Repeats:            invocation.Some(int32(5)),
			StartTime:          at("2019-12-20T06:15:55Z"),
			FinishedTime:       at("2019-12-20T06:15:56Z"),
			StopTime:           at("2019-12-20T06:15:57Z"),
			ErrorCode:          invocation.ExitCodeNonzero,
			ErrorInfo:          "the process exited with 1",
			Username:           "root",
			ContainerID:        "ab141ddfbacf",
			ContainerName:      "test-container",
			TerminationMode:    invocation.Process,
			Launcher:           "python3 -u",
			OssOutputDelivery:  "oss://bucket/prefix",
			OssOutputStatus:    invocation.OssInProgress,
			OssOutputURI:       "oss://bucket/prefix/t-hz0jdfwd9f",
			OssOutputErrorCode: "NoSuchBucket",
			OssOutputErrorInfo: "the bucket does not exist",
			Tags:               []invocation.Tag{{Key: "owner", Value: "ops"}},
		}},
	}
	requireAllSet(t, body)
	requireAllSet(t, want)

	got, err := ecssdk.ResultsFrom(body)
	require.NoError(t, err)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ResultsFrom (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(body, ecssdk.ResultsBody(got)); diff != "" {
		t.Errorf("ResultsBody (-want +got):\n%s", diff)
	}
}

// A nil pointer is an absent field, never a zero that looks present.
func TestAbsent(t *testing.T) {
	tests := []struct {
		name string
		body *ecs.DescribeInvocationsResponseBody
		want invocation.Response
	}{{
		name: "nil body",
	}, {
		name: "empty body",
		body: &ecs.DescribeInvocationsResponseBody{},
	}, {
		name: "empty lists",
		body: &ecs.DescribeInvocationsResponseBody{Invocations: &ecs.DescribeInvocationsResponseBodyInvocations{}},
	}, {
		name: "nil items are left out",
		body: &ecs.DescribeInvocationsResponseBody{Invocations: &ecs.DescribeInvocationsResponseBodyInvocations{
			Invocation: []*ecs.DescribeInvocationsResponseBodyInvocationsInvocation{nil, {
				InvokeId: dara.String("t-1"),
				InvokeInstances: &ecs.DescribeInvocationsResponseBodyInvocationsInvocationInvokeInstances{
					InvokeInstance: []*ecs.DescribeInvocationsResponseBodyInvocationsInvocationInvokeInstancesInvokeInstance{nil, {}},
				},
				Tags: &ecs.DescribeInvocationsResponseBodyInvocationsInvocationTags{
					Tag: []*ecs.DescribeInvocationsResponseBodyInvocationsInvocationTagsTag{nil},
				},
			}},
		}},
		want: invocation.Response{Invocations: []invocation.Invocation{{
			InvokeID: "t-1", Instances: []invocation.InvokeInstance{{}},
		}}},
	}, {
		name: "an instance with nothing set has nothing present",
		body: &ecs.DescribeInvocationsResponseBody{Invocations: &ecs.DescribeInvocationsResponseBodyInvocations{
			Invocation: []*ecs.DescribeInvocationsResponseBodyInvocationsInvocation{{
				InvokeInstances: &ecs.DescribeInvocationsResponseBodyInvocationsInvocationInvokeInstances{
					InvokeInstance: []*ecs.DescribeInvocationsResponseBodyInvocationsInvocationInvokeInstancesInvokeInstance{{}},
				},
			}},
		}},
		want: invocation.Response{Invocations: []invocation.Invocation{{Instances: []invocation.InvokeInstance{{}}}}},
	}, {
		name: "empty strings are absent, zero numbers present",
		body: &ecs.DescribeInvocationsResponseBody{Invocations: &ecs.DescribeInvocationsResponseBodyInvocations{
			Invocation: []*ecs.DescribeInvocationsResponseBodyInvocationsInvocation{{
				CreationTime: dara.String(""), Timeout: dara.Int64(0),
				InvokeInstances: &ecs.DescribeInvocationsResponseBodyInvocationsInvocationInvokeInstances{
					InvokeInstance: []*ecs.DescribeInvocationsResponseBodyInvocationsInvocationInvokeInstancesInvokeInstance{{
						ExitCode: dara.Int64(0), Repeats: dara.Int32(0), Dropped: dara.Int32(0), Timed: dara.Bool(false),
						StartTime: dara.String(""),
					}},
				},
			}},
		}},
		want: invocation.Response{Invocations: []invocation.Invocation{{
			Timeout: invocation.Some(int64(0)),
			Instances: []invocation.InvokeInstance{{
				ExitCode: invocation.Some(int64(0)), Repeats: invocation.Some(int32(0)),
				Dropped: invocation.Some(int32(0)), Timed: invocation.Some(false),
			}},
		}}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ecssdk.ResponseFrom(tt.body)
			require.NoError(t, err)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ResponseFrom (-want +got):\n%s", diff)
			}
		})
	}

	t.Run("results", func(t *testing.T) {
		for _, body := range []*ecs.DescribeInvocationResultsResponseBody{
			nil, {}, {Invocation: &ecs.DescribeInvocationResultsResponseBodyInvocation{}},
		} {
			got, err := ecssdk.ResultsFrom(body)
			require.NoError(t, err)
			require.Equal(t, ecssdk.Results{}, got)
		}
		got, err := ecssdk.ResultsFrom(&ecs.DescribeInvocationResultsResponseBody{
			Invocation: &ecs.DescribeInvocationResultsResponseBodyInvocation{
				InvocationResults: &ecs.DescribeInvocationResultsResponseBodyInvocationInvocationResults{
					InvocationResult: []*ecs.DescribeInvocationResultsResponseBodyInvocationInvocationResultsInvocationResult{
						nil, {ExitCode: dara.Int64(0), Tags: &ecs.DescribeInvocationResultsResponseBodyInvocationInvocationResultsInvocationResultTags{}},
					},
				},
			},
		})
		require.NoError(t, err)
		require.Equal(t, ecssdk.Results{Records: []invocation.Result{{ExitCode: invocation.Some(int64(0))}}}, got)
	})
}

// Statuses and the other enums are parsed as the codecs parse them: any
// case, white space around ignored, unknown text kept verbatim. ErrorCode
// is an open set, kept exactly as written.
func TestParsing(t *testing.T) {
	body := &ecs.DescribeInvocationsResponseBody{Invocations: &ecs.DescribeInvocationsResponseBodyInvocations{
		Invocation: []*ecs.DescribeInvocationsResponseBodyInvocationsInvocation{{
			CommandType:      dara.String("runshellscript"),
			InvokeStatus:     dara.String("success"),
			InvocationStatus: dara.String(" running "),
			RepeatMode:       dara.String("PERIOD"),
			TerminationMode:  dara.String("processTree"),
			InvokeInstances: &ecs.DescribeInvocationsResponseBodyInvocationsInvocationInvokeInstances{
				InvokeInstance: []*ecs.DescribeInvocationsResponseBodyInvocationsInvocationInvokeInstancesInvokeInstance{{
					InstanceInvokeStatus: dara.String("Paused"),
					InvocationStatus:     dara.String("Hibernating "),
					ErrorCode:            dara.String("exitCodeNonzero"),
					OssOutputStatus:      dara.String("inprogress"),
				}},
			},
		}},
	}}
	want := invocation.Response{Invocations: []invocation.Invocation{{
		CommandType:      invocation.RunShellScript,
		InvokeStatus:     status.LegacyFinished,
		InvocationStatus: status.CurrentRunning,
		RepeatMode:       invocation.Period,
		TerminationMode:  invocation.ProcessTree,
		Instances: []invocation.InvokeInstance{{
			InstanceInvokeStatus: "Paused",
			InvocationStatus:     "Hibernating ",
			ErrorCode:            "exitCodeNonzero",
			OssOutputStatus:      invocation.OssInProgress,
		}},
	}}}
	got, err := ecssdk.ResponseFrom(body)
	require.NoError(t, err)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ResponseFrom (-want +got):\n%s", diff)
	}
	require.False(t, got.Invocations[0].Instances[0].InvocationStatus.Known())

	rec, err := ecssdk.ResultsFrom(&ecs.DescribeInvocationResultsResponseBody{
		Invocation: &ecs.DescribeInvocationResultsResponseBodyInvocation{
			InvocationResults: &ecs.DescribeInvocationResultsResponseBodyInvocationInvocationResults{
				InvocationResult: []*ecs.DescribeInvocationResultsResponseBodyInvocationInvocationResultsInvocationResult{{
					InvocationStatus: dara.String("SUCCESS"), InvokeRecordStatus: dara.String("finished"),
					TerminationMode: dara.String("process"), OssOutputStatus: dara.String("Lost"),
				}},
			},
		},
	})
	require.NoError(t, err)
	require.Equal(t, []invocation.Result{{
		InvocationStatus: status.CurrentSuccess, InvokeRecordStatus: status.LegacyFinished,
		TerminationMode: invocation.Process, OssOutputStatus: "Lost",
	}}, rec.Records)
}

// A time not in the layout is left absent and reported by its path.
func TestTimeError(t *testing.T) {
	body := fullBody()
	inv := body.Invocations.Invocation[0]
	inv.CreationTime = dara.String("2020-01-19 09:15:46")
	ii := inv.InvokeInstances.InvokeInstance[0]
	ii.StartTime = dara.String("2020-01-19T17:15:48+08:00")
	ii.StopTime = dara.String("2020-01-19T09:15:50.5Z")
	ii.UpdateTime = dara.String("yesterday")
	body.Invocations.Invocation = append([]*ecs.DescribeInvocationsResponseBodyInvocationsInvocation{nil}, inv)

	want := fullModel()
	want.Invocations[0].CreationTime = time.Time{}
	wi := &want.Invocations[0].Instances[0]
	wi.StartTime, wi.StopTime, wi.UpdateTime = time.Time{}, time.Time{}, time.Time{}

	got, err := ecssdk.ResponseFrom(body)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ResponseFrom (-want +got):\n%s", diff)
	}
	var timeErr *ecssdk.TimeError
	require.ErrorAs(t, err, &timeErr)
	require.Equal(t, []ecssdk.BadTime{
		{Path: "Invocations.Invocation[1].CreationTime", Text: "2020-01-19 09:15:46"},
		{Path: "Invocations.Invocation[1].InvokeInstances.InvokeInstance[0].StartTime", Text: "2020-01-19T17:15:48+08:00"},
		{Path: "Invocations.Invocation[1].InvokeInstances.InvokeInstance[0].StopTime", Text: "2020-01-19T09:15:50.5Z"},
		{Path: "Invocations.Invocation[1].InvokeInstances.InvokeInstance[0].UpdateTime", Text: "yesterday"},
	}, timeErr.Times)
	require.EqualError(t, err, `ecssdk: time not in the layout 2006-01-02T15:04:05Z:`+
		` Invocations.Invocation[1].CreationTime "2020-01-19 09:15:46",`+
		` Invocations.Invocation[1].InvokeInstances.InvokeInstance[0].StartTime "2020-01-19T17:15:48+08:00",`+
		` Invocations.Invocation[1].InvokeInstances.InvokeInstance[0].StopTime "2020-01-19T09:15:50.5Z",`+
		` Invocations.Invocation[1].InvokeInstances.InvokeInstance[0].UpdateTime "yesterday"`)

	results := fullResults()
	results.Invocation.InvocationResults.InvocationResult[0].FinishedTime = dara.String("2019-02-30T00:00:00Z")
	r, err := ecssdk.ResultsFrom(results)
	require.True(t, r.Records[0].FinishedTime.IsZero())
	require.False(t, r.Records[0].StartTime.IsZero())
	require.EqualError(t, err, `ecssdk: time not in the layout 2006-01-02T15:04:05Z:`+
		` Invocation.InvocationResults.InvocationResult[0].FinishedTime "2019-02-30T00:00:00Z"`)
}

// The SDK's body, decoded from the JSON the API answers with, converts to
// what package jsoncodec decodes from the same JSON: the seed's example,
// with its statuses in odd case.
func TestAgreesWithJSONCodec(t *testing.T) {
	data, err := os.ReadFile("../jsoncodec/testdata/seed-success.json")
	require.NoError(t, err)
	want, err := jsoncodec.DecodeResponse(data)
	require.NoError(t, err)

	var body ecs.DescribeInvocationsResponseBody
	require.NoError(t, json.Unmarshal(data, &body))
	got, err := ecssdk.ResponseFrom(&body)
	require.NoError(t, err)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ResponseFrom (-jsoncodec +ecssdk):\n%s", diff)
	}
}

// Generators of the model as ResponseFrom and ResultsFrom yield it: every
// field absent or present, enums known or kept verbatim.

func genText() *rapid.Generator[string] {
	return rapid.OneOf(rapid.Just(""), rapid.SampledFrom([]string{"t-1", "i-1", " x ", "é"}), rapid.String())
}

func genTime() *rapid.Generator[time.Time] {
	return rapid.Custom(func(t *rapid.T) time.Time {
		if rapid.Bool().Draw(t, "absent") {
			return time.Time{}
		}
		return time.Unix(rapid.Int64Range(0, 4102444800).Draw(t, "unix"), 0).UTC()
	})
}

func genOptional[T any](g *rapid.Generator[T]) *rapid.Generator[invocation.Optional[T]] {
	return rapid.Custom(func(t *rapid.T) invocation.Optional[T] {
		if rapid.Bool().Draw(t, "absent") {
			return invocation.Optional[T]{}
		}
		return invocation.Some(g.Draw(t, "value"))
	})
}

// genEnum generates the known values or text parsed by parse.
func genEnum[E ~string](known []E, parse func(string) E) *rapid.Generator[E] {
	return rapid.OneOf(rapid.SampledFrom(known), rapid.Map(genText(), parse))
}

var (
	genLegacy      = genEnum(status.LegacyValues(), status.ParseLegacy)
	genCurrent     = genEnum(status.CurrentValues(), status.ParseCurrent)
	genCommandType = genEnum(invocation.CommandTypes(), invocation.ParseCommandType)
	genRepeatMode  = genEnum([]invocation.RepeatMode{invocation.Once, invocation.Period,
		invocation.NextRebootOnly, invocation.EveryReboot, invocation.DryRun}, invocation.ParseRepeatMode)
	genTermination = genEnum([]invocation.TerminationMode{invocation.Process, invocation.ProcessTree},
		invocation.ParseTerminationMode)
	genOssStatus = genEnum([]invocation.OssOutputStatus{invocation.OssInProgress, invocation.OssFinished,
		invocation.OssFailed}, invocation.ParseOssOutputStatus)
	genErrorCode = rapid.OneOf(rapid.SampledFrom(invocation.ErrorCodes()),
		rapid.Map(genText(), func(s string) invocation.ErrorCode { return invocation.ErrorCode(s) }))
	genTags = rapid.SliceOfN(rapid.Custom(func(t *rapid.T) invocation.Tag {
		return invocation.Tag{Key: genText().Draw(t, "Key"), Value: genText().Draw(t, "Value")}
	}), 0, 3)
	genCount = rapid.IntRange(-1, 1<<31)
)

func genInstance() *rapid.Generator[invocation.InvokeInstance] {
	return rapid.Custom(func(t *rapid.T) invocation.InvokeInstance {
		return invocation.InvokeInstance{
			InstanceID:           genText().Draw(t, "InstanceID"),
			InstanceInvokeStatus: genLegacy.Draw(t, "InstanceInvokeStatus"),
			InvocationStatus:     genCurrent.Draw(t, "InvocationStatus"),
			Timed:                genOptional(rapid.Bool()).Draw(t, "Timed"),
			Repeats:              genOptional(rapid.Int32()).Draw(t, "Repeats"),
			ExitCode:             genOptional(rapid.Int64()).Draw(t, "ExitCode"),
			Output:               genText().Draw(t, "Output"),
			Dropped:              genOptional(rapid.Int32()).Draw(t, "Dropped"),
			ErrorCode:            genErrorCode.Draw(t, "ErrorCode"),
			ErrorInfo:            genText().Draw(t, "ErrorInfo"),
			CreationTime:         genTime().Draw(t, "CreationTime"),
			StartTime:            genTime().Draw(t, "StartTime"),
			FinishTime:           genTime().Draw(t, "FinishTime"),
			StopTime:             genTime().Draw(t, "StopTime"),
			UpdateTime:           genTime().Draw(t, "UpdateTime"),
			OssOutputStatus:      genOssStatus.Draw(t, "OssOutputStatus"),
			OssOutputURI:         genText().Draw(t, "OssOutputURI"),
			OssOutputErrorCode:   genText().Draw(t, "OssOutputErrorCode"),
			OssOutputErrorInfo:   genText().Draw(t, "OssOutputErrorInfo"),
		}
	})
}

func genInvocation() *rapid.Generator[invocation.Invocation] {
	return rapid.Custom(func(t *rapid.T) invocation.Invocation {
		return invocation.Invocation{
			InvokeID:           genText().Draw(t, "InvokeID"),
			CommandID:          genText().Draw(t, "CommandID"),
			CommandName:        genText().Draw(t, "CommandName"),
			CommandType:        genCommandType.Draw(t, "CommandType"),
			InvokeStatus:       genLegacy.Draw(t, "InvokeStatus"),
			InvocationStatus:   genCurrent.Draw(t, "InvocationStatus"),
			Timed:              rapid.Bool().Draw(t, "Timed"),
			Frequency:          genText().Draw(t, "Frequency"),
			CreationTime:       genTime().Draw(t, "CreationTime"),
			Instances:          rapid.SliceOfN(genInstance(), 0, 3).Draw(t, "Instances"),
			RepeatMode:         genRepeatMode.Draw(t, "RepeatMode"),
			CommandContent:     genText().Draw(t, "CommandContent"),
			CommandDescription: genText().Draw(t, "CommandDescription"),
			Parameters:         genText().Draw(t, "Parameters"),
			Timeout:            genOptional(rapid.Int64()).Draw(t, "Timeout"),
			Username:           genText().Draw(t, "Username"),
			WorkingDir:         genText().Draw(t, "WorkingDir"),
			Launcher:           genText().Draw(t, "Launcher"),
			TerminationMode:    genTermination.Draw(t, "TerminationMode"),
			ContainerID:        genText().Draw(t, "ContainerID"),
			ContainerName:      genText().Draw(t, "ContainerName"),
			OssOutputDelivery:  genText().Draw(t, "OssOutputDelivery"),
			Tags:               genTags.Draw(t, "Tags"),
		}
	})
}

func genResponse() *rapid.Generator[invocation.Response] {
	return rapid.Custom(func(t *rapid.T) invocation.Response {
		return invocation.Response{
			RequestID:   genText().Draw(t, "RequestID"),
			TotalCount:  genCount.Draw(t, "TotalCount"),
			PageNumber:  genCount.Draw(t, "PageNumber"),
			PageSize:    genCount.Draw(t, "PageSize"),
			NextToken:   genText().Draw(t, "NextToken"),
			Invocations: rapid.SliceOfN(genInvocation(), 0, 3).Draw(t, "Invocations"),
		}
	})
}

func genRecord() *rapid.Generator[invocation.Result] {
	return rapid.Custom(func(t *rapid.T) invocation.Result {
		return invocation.Result{
			CommandID:          genText().Draw(t, "CommandID"),
			InvokeID:           genText().Draw(t, "InvokeID"),
			InstanceID:         genText().Draw(t, "InstanceID"),
			InvocationStatus:   genCurrent.Draw(t, "InvocationStatus"),
			InvokeRecordStatus: genLegacy.Draw(t, "InvokeRecordStatus"),
			ExitCode:           genOptional(rapid.Int64()).Draw(t, "ExitCode"),
			Output:             genText().Draw(t, "Output"),
			Dropped:            genOptional(rapid.Int32()).Draw(t, "Dropped"),
			Repeats:            genOptional(rapid.Int32()).Draw(t, "Repeats"),
			StartTime:          genTime().Draw(t, "StartTime"),
			FinishedTime:       genTime().Draw(t, "FinishedTime"),
			StopTime:           genTime().Draw(t, "StopTime"),
			ErrorCode:          genErrorCode.Draw(t, "ErrorCode"),
			ErrorInfo:          genText().Draw(t, "ErrorInfo"),
			Username:           genText().Draw(t, "Username"),
			ContainerID:        genText().Draw(t, "ContainerID"),
			ContainerName:      genText().Draw(t, "ContainerName"),
			TerminationMode:    genTermination.Draw(t, "TerminationMode"),
			Launcher:           genText().Draw(t, "Launcher"),
			OssOutputDelivery:  genText().Draw(t, "OssOutputDelivery"),
			OssOutputStatus:    genOssStatus.Draw(t, "OssOutputStatus"),
			OssOutputURI:       genText().Draw(t, "OssOutputURI"),
			OssOutputErrorCode: genText().Draw(t, "OssOutputErrorCode"),
			OssOutputErrorInfo: genText().Draw(t, "OssOutputErrorInfo"),
			Tags:               genTags.Draw(t, "Tags"),
		}
	})
}

func genResults() *rapid.Generator[ecssdk.Results] {
	return rapid.Custom(func(t *rapid.T) ecssdk.Results {
		return ecssdk.Results{
			RequestID:  genText().Draw(t, "RequestID"),
			TotalCount: genCount.Draw(t, "TotalCount"),
			PageNumber: genCount.Draw(t, "PageNumber"),
			PageSize:   genCount.Draw(t, "PageSize"),
			NextToken:  genText().Draw(t, "NextToken"),
			Records:    rapid.SliceOfN(genRecord(), 0, 3).Draw(t, "Records"),
		}
	})
}

// An empty list and no list are the same to the model.
var equateEmpty = cmpopts.EquateEmpty()

// model → SDK → model is the identity, and so is the trip through the
// JSON that the SDK's body marshals to and is decoded from.
func TestResponseRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		want := genResponse().Draw(t, "response")
		body := ecssdk.ResponseBody(want)
		got, err := ecssdk.ResponseFrom(body)
		require.NoError(t, err)
		if diff := cmp.Diff(want, got, equateEmpty); diff != "" {
			t.Fatalf("ResponseFrom(ResponseBody(r)) (-want +got):\n%s", diff)
		}

		data, err := json.Marshal(body)
		require.NoError(t, err)
		var decoded ecs.DescribeInvocationsResponseBody
		require.NoError(t, json.Unmarshal(data, &decoded))
		got, err = ecssdk.ResponseFrom(&decoded)
		require.NoError(t, err)
		if diff := cmp.Diff(want, got, equateEmpty); diff != "" {
			t.Fatalf("through JSON (-want +got):\n%s\n%s", diff, data)
		}
	})
}

func TestResultsRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		want := genResults().Draw(t, "results")
		body := ecssdk.ResultsBody(want)
		got, err := ecssdk.ResultsFrom(body)
		require.NoError(t, err)
		if diff := cmp.Diff(want, got, equateEmpty); diff != "" {
			t.Fatalf("ResultsFrom(ResultsBody(r)) (-want +got):\n%s", diff)
		}

		data, err := json.Marshal(body)
		require.NoError(t, err)
		var decoded ecs.DescribeInvocationResultsResponseBody
		require.NoError(t, json.Unmarshal(data, &decoded))
		got, err = ecssdk.ResultsFrom(&decoded)
		require.NoError(t, err)
		if diff := cmp.Diff(want, got, equateEmpty); diff != "" {
			t.Fatalf("through JSON (-want +got):\n%s\n%s", diff, data)
		}
	})
}
