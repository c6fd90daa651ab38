package vectors

// The tests of this file read the checked-in vectors and run every one
// back through the library, by other calls than the builders make: the
// status sets rather than the invocation model, the codecs rather than
// package respfile, a query built from the vector rather than normalised
// from the parser's answer.

import (
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/conform"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/jsoncodec"
	"github.com/ecsassist/cloudassistant/paging"
	"github.com/ecsassist/cloudassistant/status"
	"github.com/ecsassist/cloudassistant/xmlcodec"
)

// load decodes the checked-in vectors file name into v, refusing members
// v does not have.
func load(t *testing.T, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name))
	require.NoError(t, err)
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(v), name)
}

func TestStatusVectors(t *testing.T) {
	var f statusFile
	load(t, "status.json", &f)
	require.Equal(t, Version, f.Version)

	var legacy []string
	for _, v := range f.Legacy.Values {
		s := status.Legacy(v.Value)
		require.True(t, s.Known(), v.Value)
		require.Equal(t, v.PerInstance, s.PerInstance(), v.Value)
		legacy = append(legacy, v.Value)
	}
	require.Equal(t, fmt.Sprint(status.LegacyValues()), fmt.Sprint(legacy))
	var current []string
	for _, v := range f.Current.Values {
		s := status.Current(v.Value)
		require.True(t, s.Known(), v.Value)
		require.Equal(t, v.PerInstance, s.PerInstance(), v.Value)
		require.NotNil(t, v.Overall, v.Value)
		require.Equal(t, *v.Overall, s.Overall(), v.Value)
		current = append(current, v.Value)
	}
	require.Equal(t, fmt.Sprint(status.CurrentValues()), fmt.Sprint(current))

	for _, v := range f.Legacy.Vectors {
		t.Run("legacy/"+strconv.Quote(v.Text), func(t *testing.T) {
			got := status.ParseLegacy(v.Text)
			var unmarshalled status.Legacy
			require.NoError(t, unmarshalled.UnmarshalText([]byte(v.Text)))
			require.Equal(t, v.Value, string(got))
			require.Equal(t, v.Value, string(unmarshalled))
			require.Equal(t, v.Known, got.Known())
			require.Equal(t, v.Alias, status.LegacyAlias(v.Text))
		})
	}
	for _, v := range f.Current.Vectors {
		t.Run("current/"+strconv.Quote(v.Text), func(t *testing.T) {
			got := status.ParseCurrent(v.Text)
			var unmarshalled status.Current
			require.NoError(t, unmarshalled.UnmarshalText([]byte(v.Text)))
			require.Equal(t, v.Value, string(got))
			require.Equal(t, v.Value, string(unmarshalled))
			require.Equal(t, v.Known, got.Known())
			require.False(t, v.Alias)
		})
	}
	// Every value is spelled in every form, and the forms accepted and
	// refused are both there.
	for _, fam := range []statusFamily{f.Legacy, f.Current} {
		known := map[string]int{}
		refused := 0
		for _, v := range fam.Vectors {
			if v.Known {
				known[v.Value]++
			} else {
				refused++
			}
		}
		for _, v := range fam.Values {
			require.GreaterOrEqual(t, known[v.Value], 11, "spellings of %s", v.Value)
		}
		require.Greater(t, refused, 2*len(fam.Values))
	}
}

func TestRollupVectors(t *testing.T) {
	var f rollupFile
	load(t, "rollup.json", &f)
	require.Equal(t, Version, f.Version)

	var legacyEmpty status.LegacySet
	_, err := legacyEmpty.Rollup(false)
	require.ErrorIs(t, err, status.ErrNoInstances)
	require.Equal(t, status.ErrNoInstances.Error(), f.Legacy.Empty)
	var currentEmpty status.CurrentSet
	_, err = currentEmpty.Rollup()
	require.ErrorIs(t, err, status.ErrNoInstances)
	require.Equal(t, status.ErrNoInstances.Error(), f.Current.Empty)

	// Every non-empty set once.
	for _, fam := range []rollupFamily{f.Legacy, f.Current} {
		require.Len(t, fam.Vectors, 1<<len(fam.Values)-1)
		seen := map[string]bool{}
		for _, v := range fam.Vectors {
			require.NotEmpty(t, v.Statuses)
			require.True(t, slices.IsSortedFunc(v.Statuses, func(a, b string) int {
				return slices.Index(fam.Values, a) - slices.Index(fam.Values, b)
			}), "%q is not in the order of Values", v.Statuses)
			key := strings.Join(slices.Compact(slices.Clone(v.Statuses)), ",")
			require.Equal(t, strings.Join(v.Statuses, ","), key, "a status twice")
			require.False(t, seen[key], "%q twice", v.Statuses)
			seen[key] = true
		}
	}
	require.Len(t, f.Legacy.Values, 5)
	require.Len(t, f.Current.Values, 13)

	for _, v := range f.Legacy.Vectors {
		var set status.LegacySet
		for _, s := range v.Statuses {
			require.NoError(t, set.Add(status.Legacy(s)))
		}
		oneTime, err := set.Rollup(false)
		require.NoError(t, err)
		periodic, err := set.Rollup(true)
		require.NoError(t, err)
		if string(oneTime) != v.OneTime || string(periodic) != v.Periodic {
			t.Errorf("legacy %q: library says %s one-time, %s periodic; vector says %s, %s", v.Statuses, oneTime, periodic, v.OneTime, v.Periodic)
		}
	}
	for _, v := range f.Current.Vectors {
		var set status.CurrentSet
		for _, s := range v.Statuses {
			require.NoError(t, set.Add(status.Current(s)))
		}
		overall, err := set.Rollup()
		require.NoError(t, err)
		// The current roll-up does not depend on whether the invocation
		// is periodic.
		if string(overall) != v.OneTime || string(overall) != v.Periodic {
			t.Errorf("current %q: library says %s; vector says %s one-time, %s periodic", v.Statuses, overall, v.OneTime, v.Periodic)
		}
	}

	require.Len(t, f.Mapping, len(status.CurrentValues()))
	for _, m := range f.Mapping {
		got, err := status.Current(m.Current).Legacy()
		if m.Error != "" {
			require.ErrorIs(t, err, status.ErrNotInstance, m.Current)
			require.Equal(t, status.ErrNotInstance.Error(), m.Error)
			continue
		}
		require.NoError(t, err)
		require.Equal(t, m.Legacy, string(got), m.Current)
	}
}

// wantQuery returns the query the parser must answer n with, built from
// the vector alone.
func wantQuery(n *normQuery) query {
	q := query{Format: format(n.Format), DescribeInvocationsRequest: fake.DescribeInvocationsRequest{
		RegionID: n.RegionId, InvokeID: n.InvokeId, CommandID: n.CommandId,
		CommandName: n.CommandName, CommandType: invocation.CommandType(n.CommandType), Timed: n.Timed,
		InstanceID: n.InstanceId, InvokeStatus: status.Legacy(n.InvokeStatus), InvocationStatus: status.Current(n.InvocationStatus),
		ResourceGroupID: n.ResourceGroupId, RepeatMode: invocation.RepeatMode(n.RepeatMode),
		ContentEncoding: contentEncoding(n.ContentEncoding), IncludeOutput: n.IncludeOutput,
	}}
	for _, t := range n.Tags {
		q.Tags = append(q.Tags, invocation.Tag{Key: t.Key, Value: t.Value})
	}
	if n.MaxResults != 0 {
		q.Paging = paging.Request{ByToken: true, Cursor: paging.Cursor{MaxResults: n.MaxResults, NextToken: n.NextToken}}
	} else {
		q.Paging = paging.Request{Page: paging.Page{Number: n.PageNumber, Size: n.PageSize}}
	}
	return q
}

func TestRequestVectors(t *testing.T) {
	var f requestsFile
	load(t, "requests.json", &f)
	require.Equal(t, Version, f.Version)
	require.Equal(t, knownRegions(), f.Regions)
	codes := map[string]bool{}
	for _, v := range f.Vectors {
		t.Run(v.Name, func(t *testing.T) {
			params := url.Values{}
			for k, p := range v.Parameters {
				params.Set(k, p)
			}
			q, err := parseQuery(params)
			if v.Code != "" {
				require.Nil(t, v.Query, "a vector with both a Code and a Query")
				var apiErr *apierror.Error
				require.ErrorAs(t, err, &apiErr)
				require.Equal(t, v.Code, string(apiErr.Code))
				require.Equal(t, v.HTTPStatus, apiErr.HTTPStatus)
				require.Equal(t, v.HTTPStatus, apierror.Code(v.Code).HTTPStatus())
				require.Equal(t, v.Format, string(q.Format))
				codes[v.Code] = true
				return
			}
			require.NoError(t, err)
			require.NotNil(t, v.Query)
			if diff := cmp.Diff(wantQuery(v.Query), q); diff != "" {
				t.Errorf("query mismatch (-vector +library):\n%s", diff)
			}
		})
	}
	// Every code of DescribeInvocations that parameters can cause is in
	// the vectors; the list of codes is the apierror package's own.
	for _, code := range constNames(t, "../../apierror", "The codes of DescribeInvocations") {
		c := apierror.Code(constValue(t, "../../apierror", code))
		if slices.Contains(notByParameters, c) {
			continue
		}
		require.True(t, codes[string(c)], "no vector is answered with %s", c)
	}
}

// constNames returns the names of the constants of the const block of the
// package in dir whose comment starts with doc.
func constNames(t *testing.T, dir, doc string) []string {
	t.Helper()
	var names []string
	for _, d := range constDecls(t, dir) {
		if d.Doc == nil || !strings.HasPrefix(d.Doc.Text(), doc) {
			continue
		}
		for _, s := range d.Specs {
			for _, n := range s.(*ast.ValueSpec).Names {
				names = append(names, n.Name)
			}
		}
	}
	require.NotEmpty(t, names, "no constants under %q in %s", doc, dir)
	return names
}

// constValue returns the value of the string constant name of the package
// in dir.
func constValue(t *testing.T, dir, name string) string {
	t.Helper()
	for _, d := range constDecls(t, dir) {
		for _, s := range d.Specs {
			vs := s.(*ast.ValueSpec)
			for i, n := range vs.Names {
				if n.Name == name && i < len(vs.Values) {
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok {
						v, err := strconv.Unquote(lit.Value)
						require.NoError(t, err)
						return v
					}
				}
			}
		}
	}
	t.Fatalf("no string constant %s in %s", name, dir)
	return ""
}

// constDecls returns the const declarations of the non-test files of the
// package in dir.
func constDecls(t *testing.T, dir string) []*ast.GenDecl {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	require.NoError(t, err)
	var decls []*ast.GenDecl
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ParseComments)
		require.NoError(t, err)
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.CONST {
				decls = append(decls, g)
			}
		}
	}
	return decls
}

// decodeError returns the place of a codec's error as the vectors write
// it, read from the codecs' error types.
func decodeError(err error) *position {
	if err == nil {
		return nil
	}
	var p position
	var xe *xmlcodec.DecodeError
	var je *jsoncodec.DecodeError
	switch {
	case errors.As(err, &xe):
		p = position{Line: xe.Line, Column: xe.Column, Offset: xe.Offset, Path: xe.Path}
	case errors.As(err, &je):
		p = position{Line: je.Line, Column: je.Column, Offset: je.Offset, Path: je.Path}
	}
	for _, c := range []struct {
		err  error
		name string
	}{{jsoncodec.ErrSyntax, "syntax"}, {jsoncodec.ErrValue, "value"}, {jsoncodec.ErrLimit, "limit"}} {
		if errors.Is(err, c.err) {
			p.Condition = c.name
		}
	}
	return &p
}

func TestResponseVectors(t *testing.T) {
	var f responsesFile
	load(t, "responses.json", &f)
	require.Equal(t, Version, f.Version)
	breaks := map[string][]string{} // rule → formats
	strictRefused := map[string]int{}
	seeds := 0
	for _, v := range f.Vectors {
		t.Run(v.File, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(v.File)))
			require.NoError(t, err)
			var (
				resp    invocation.Response
				diags   []position
				strict  error
				lenient error
				aliases []string
				dups    []finding // from diagnostics of a member given twice
			)
			dup := func(path, message string) {
				f := conform.Duplicate(path, message)
				dups = append(dups, finding{Rule: f.Rule, Path: f.Path, Severity: string(f.Severity)})
			}
			switch v.Format {
			case "XML":
				_, strict = xmlcodec.DecodeResponse(data)
				var ds []xmlcodec.Diagnostic
				resp, ds, lenient = xmlcodec.Decoder{Lenient: true}.DecodeResponse(data)
				for _, d := range ds {
					diags = append(diags, position{Line: d.Line, Column: d.Column, Offset: d.Offset, Path: d.Path})
					if errors.Is(d.Err, xmlcodec.ErrDuplicate) {
						dup(d.Path, d.Message)
					}
				}
				aliases = xmlcodec.Aliases(data)
			case "JSON":
				_, strict = jsoncodec.DecodeResponse(data)
				var ds []jsoncodec.Diagnostic
				resp, ds, lenient = jsoncodec.Decoder{Lenient: true}.DecodeResponse(data)
				for _, d := range ds {
					diags = append(diags, position{Line: d.Line, Column: d.Column, Offset: d.Offset, Path: d.Path})
					if errors.Is(d.Err, jsoncodec.ErrDuplicate) {
						dup(d.Path, d.Message)
					}
				}
				aliases = jsoncodec.Aliases(data)
			default:
				t.Fatalf("format %q", v.Format)
			}
			if diff := cmp.Diff(v.StrictError, decodeError(strict)); diff != "" {
				t.Errorf("strict decoding (-vector +library):\n%s", diff)
			}
			if diff := cmp.Diff(v.Diagnostics, diags); diff != "" {
				t.Errorf("lenient diagnostics (-vector +library):\n%s", diff)
			}
			if diff := cmp.Diff(v.LenientError, decodeError(lenient)); diff != "" {
				t.Errorf("lenient decoding (-vector +library):\n%s", diff)
			}
			if lenient != nil {
				require.Nil(t, v.Findings)
				return
			}
			require.NotNil(t, v.Findings)
			got := append([]finding{}, dups...)
			for _, fd := range conform.Check(&resp, aliases) {
				got = append(got, finding{Rule: fd.Rule, Path: fd.Path, Severity: string(fd.Severity)})
			}
			if diff := cmp.Diff(*v.Findings, got); diff != "" {
				t.Errorf("findings (-vector +library):\n%s", diff)
			}
		})
		if v.Breaks != "" {
			breaks[v.Breaks] = append(breaks[v.Breaks], v.Format)
			require.NotNil(t, v.Findings)
			for _, fd := range *v.Findings {
				require.Equal(t, v.Breaks, fd.Rule, "%s breaks more than its rule", v.File)
			}
		}
		if v.StrictError != nil {
			strictRefused[v.Format]++
		}
		if strings.HasPrefix(v.Name, "seed-") {
			seeds++
		}
	}
	// Every rule of package conform is broken alone, in both formats; the
	// seed's examples are there, and documents strict decoding refuses.
	ruleConsts := constNames(t, "../../conform", "The rules Check applies")
	require.Len(t, breaks, len(ruleConsts))
	for _, name := range ruleConsts {
		rule := constValue(t, "../../conform", name)
		require.ElementsMatch(t, []string{"XML", "JSON"}, breaks[rule], "documents that break %s alone", rule)
	}
	require.Equal(t, 2, seeds, "the seed's examples in XML and JSON")
	require.GreaterOrEqual(t, strictRefused["XML"], 5)
	require.GreaterOrEqual(t, strictRefused["JSON"], 5)
}
