package fake_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/invocation"
)

// A ClientToken names a request by what it asks for, not by how a Go
// caller spelled it: a nil list and an empty one are the same, and so are
// the same tags in another order; any real difference is another request.
func TestClientTokenSameRequest(t *testing.T) {
	f := newFake(t, fake.Config{})
	cmd, err := f.svc.CreateCommand(fake.CreateCommandRequest{RegionID: hz, Name: "n", Type: invocation.RunShellScript, CommandContent: "eA=="})
	require.NoError(t, err)
	ab := []invocation.Tag{{Key: "a", Value: "1"}, {Key: "b", Value: "2"}}
	ba := []invocation.Tag{{Key: "b", Value: "2"}, {Key: "a", Value: "1"}}
	invoke := fake.InvokeCommandRequest{RegionID: hz, CommandID: cmd, InstanceIDs: []string{"i-1", "i-2"}}
	run := fake.RunCommandRequest{RegionID: hz, Type: invocation.RunShellScript, CommandContent: "x", InstanceIDs: []string{"i-1"}}
	tests := []struct {
		name          string
		first, second func(inv *fake.InvokeCommandRequest, run *fake.RunCommandRequest)
		wantErr       apierror.Code // "": the same request
	}{
		{name: "no tags, nil and empty",
			first: func(i *fake.InvokeCommandRequest, r *fake.RunCommandRequest) { i.Tags, r.Tags = nil, nil },
			second: func(i *fake.InvokeCommandRequest, r *fake.RunCommandRequest) {
				i.Tags, r.Tags = []invocation.Tag{}, []invocation.Tag{}
			}},
		{name: "tags in another order",
			first:  func(i *fake.InvokeCommandRequest, r *fake.RunCommandRequest) { i.Tags, r.Tags = ab, ab },
			second: func(i *fake.InvokeCommandRequest, r *fake.RunCommandRequest) { i.Tags, r.Tags = ba, ba }},
		{name: "another tag value",
			first:   func(i *fake.InvokeCommandRequest, r *fake.RunCommandRequest) { i.Tags, r.Tags = ab, ab },
			second:  func(i *fake.InvokeCommandRequest, r *fake.RunCommandRequest) { i.Tags, r.Tags = ab[:1], ab[:1] },
			wantErr: apierror.IdempotentParameterMismatch},
		{name: "a tag's key and value swapped with another's",
			first: func(i *fake.InvokeCommandRequest, r *fake.RunCommandRequest) {
				i.Tags, r.Tags = []invocation.Tag{{Key: "a", Value: "b"}}, []invocation.Tag{{Key: "a", Value: "b"}}
			},
			second: func(i *fake.InvokeCommandRequest, r *fake.RunCommandRequest) {
				i.Tags, r.Tags = []invocation.Tag{{Key: "ab"}}, []invocation.Tag{{Key: "ab"}}
			},
			wantErr: apierror.IdempotentParameterMismatch},
		{name: "instances in another order",
			first: func(i *fake.InvokeCommandRequest, r *fake.RunCommandRequest) {
				i.InstanceIDs, r.InstanceIDs = []string{"i-1", "i-2"}, []string{"i-1", "i-2"}
			},
			second: func(i *fake.InvokeCommandRequest, r *fake.RunCommandRequest) {
				i.InstanceIDs, r.InstanceIDs = []string{"i-2", "i-1"}, []string{"i-2", "i-1"}
			},
			wantErr: apierror.IdempotentParameterMismatch},
		{name: "a timeout given, and none",
			first: func(i *fake.InvokeCommandRequest, r *fake.RunCommandRequest) {
				i.Timeout, r.Timeout = invocation.Some[int64](60), invocation.Some[int64](60)
			},
			second:  func(*fake.InvokeCommandRequest, *fake.RunCommandRequest) {},
			wantErr: apierror.IdempotentParameterMismatch},
		{name: "another user",
			first: func(*fake.InvokeCommandRequest, *fake.RunCommandRequest) {},
			second: func(i *fake.InvokeCommandRequest, r *fake.RunCommandRequest) {
				i.Username, r.Username = "admin", "admin"
			},
			wantErr: apierror.IdempotentParameterMismatch},
	}
	for k, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i1, r1 := invoke, run
			i1.ClientToken, r1.ClientToken = "invoke-"+tt.name, "run-"+tt.name
			tt.first(&i1, &r1)
			i2, r2 := invoke, run
			i2.ClientToken, r2.ClientToken = i1.ClientToken, r1.ClientToken
			tt.second(&i2, &r2)
			id1, err := f.svc.InvokeCommand(i1)
			require.NoError(t, err)
			_, runID1, err := f.svc.RunCommand(r1)
			require.NoError(t, err)
			id2, err := f.svc.InvokeCommand(i2)
			require.Equal(t, tt.wantErr, code(err), "InvokeCommand, case %d", k)
			_, runID2, err := f.svc.RunCommand(r2)
			require.Equal(t, tt.wantErr, code(err), "RunCommand, case %d", k)
			if tt.wantErr == "" {
				require.Equal(t, id1, id2, "InvokeCommand: the same invocation")
				require.Equal(t, runID1, runID2, "RunCommand: the same invocation")
			}
		})
	}
}
