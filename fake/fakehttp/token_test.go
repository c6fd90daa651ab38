package fakehttp_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake"
)

// tokenFake is a shell fake with three tagged commands and, from
// RunCommand, three tagged invocations of three instances each: enough
// for pages of one item in both paged operations that list them.
func tokenFake(t *testing.T) *shellFake {
	t.Helper()
	f := newShellFake(t, fake.Config{Seed: 3})
	for _, name := range []string{"a", "b", "c"} {
		f.ok(stylePost, "JSON", "CreateCommand", values("RegionId", "cn-hangzhou", "Name", name, "Type", "RunShellScript",
			"CommandContent", b64([]byte("echo "+name)), "Tag.1.Key", "team", "Tag.1.Value", "dev", "Tag.2.Key", "env", "Tag.2.Value", "prod"))
		f.ok(stylePost, "JSON", "RunCommand", values("RegionId", "cn-hangzhou", "Type", "RunShellScript", "CommandContent", "echo "+name,
			"InstanceId.1", "i-1", "InstanceId.2", "i-2", "InstanceId.3", "i-3",
			"Tag.1.Key", "team", "Tag.1.Value", "dev", "Tag.2.Key", "env", "Tag.2.Value", "prod"))
	}
	return f
}

// The tag filters as a client may send them: in the order of Tag.N, or
// in another order with other numbers, which is the same filter.
var (
	tagsInOrder  = []string{"Tag.1.Key", "team", "Tag.1.Value", "dev", "Tag.2.Key", "env", "Tag.2.Value", "prod"}
	tagsReversed = []string{"Tag.1.Key", "env", "Tag.1.Value", "prod", "Tag.5.Key", "team", "Tag.5.Value", "dev"}
)

// nextToken returns the NextToken of a page of either paged operation.
func nextToken(b wireBody) string {
	if b.Invocation != nil {
		return b.Invocation.NextToken
	}
	return b.NextToken
}

// A token is bound to a filter, not to the order in which Tag.N spells
// it: DescribeCommands and DescribeInvocationResults take back a token
// when the same tags come in another order, as DescribeInvocations does.
func TestTokenTagOrder(t *testing.T) {
	for _, action := range []string{"DescribeCommands", "DescribeInvocationResults", "DescribeInvocations"} {
		t.Run(action, func(t *testing.T) {
			f := tokenFake(t)
			params := func(tags []string, kv ...string) []string {
				return append(append([]string{"RegionId", "cn-hangzhou", "MaxResults", "1"}, tags...), kv...)
			}
			first := f.ok(styleGet, "JSON", action, values(params(tagsInOrder)...))
			tok := nextToken(first)
			require.NotEmpty(t, tok)
			f.ok(styleGet, "JSON", action, values(params(tagsReversed, "NextToken", tok)...))
			f.ok(stylePost, "XML", action, values(params(tagsReversed, "NextToken", tok)...))
		})
	}
}

// A token is taken back only by the operation that issued it, and only
// for the filters it was issued for; the paging parameters and how the
// answer is shown (ContentEncoding, IncludeOutput) are not filters.
func TestTokenBoundToOperationAndFilter(t *testing.T) {
	f := tokenFake(t)
	base := []string{"RegionId", "cn-hangzhou", "MaxResults", "1"}
	tokens := map[string]string{
		"DescribeCommands":          nextToken(f.ok(styleGet, "JSON", "DescribeCommands", values(base...))),
		"DescribeInvocationResults": nextToken(f.ok(styleGet, "JSON", "DescribeInvocationResults", values(base...))),
		"DescribeInvocations":       nextToken(f.ok(styleGet, "JSON", "DescribeInvocations", values(base...))),
	}
	for issuer, tok := range tokens {
		require.NotEmpty(t, tok, issuer)
		for action := range tokens {
			with := values(append(base, "NextToken", tok)...)
			if action == issuer {
				f.ok(styleGet, "JSON", action, with)
				with.Set("MaxResults", "2")
				with.Set("ContentEncoding", "PlainText")
				f.ok(styleGet, "JSON", action, with)
				with.Set("Tag.1.Key", "team")
				_, e := f.fail(styleGet, "JSON", action, with)
				require.Equal(t, apierror.InvalidParameterNextToken, e.Code, "%s took a token for other filters", action)
				continue
			}
			_, e := f.fail(styleGet, "JSON", action, with)
			require.Equal(t, apierror.InvalidParameterNextToken, e.Code, "%s took a token of %s", action, issuer)
		}
	}
}

// A ClientToken retried with the same tags in another order is the same
// request; with other tags it is another.
func TestClientTokenTagOrderOverHTTP(t *testing.T) {
	f := newShellFake(t, fake.Config{Seed: 5})
	run := func(tags ...string) []string {
		return append([]string{"RegionId", "cn-hangzhou", "Type", "RunShellScript", "CommandContent", "echo",
			"InstanceId.1", "i-1", "ClientToken", "tok-1"}, tags...)
	}
	first := f.ok(stylePost, "JSON", "RunCommand", values(run(tagsInOrder...)...))
	again := f.ok(stylePost, "JSON", "RunCommand", values(run(tagsReversed...)...))
	require.Equal(t, first.InvokeId, again.InvokeId, "the same tags in another order: the same request")
	_, e := f.fail(stylePost, "JSON", "RunCommand", values(run("Tag.1.Key", "team", "Tag.1.Value", "ops")...))
	require.Equal(t, apierror.IdempotentParameterMismatch, e.Code)
}
