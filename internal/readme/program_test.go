package readme

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAsProgram(t *testing.T) {
	tests := []struct {
		name   string
		file   string
		want   string
		wantOK bool
	}{
		{
			name: "whole-file example",
			file: "package x_test\nimport \"fmt\"\n// Greets.\nfunc Example_greet() {\nfmt.Println(\"hi\")\n// Output:\n// hi\n}\n",
			want: "package main\nimport \"fmt\"\n// Greets.\nfunc main() {\nfmt.Println(\"hi\")\n}", wantOK: true,
		},
		{
			name: "unordered output left out too",
			file: "package x_test\nfunc ExampleT() {\nf()\n// Unordered output:\n// a\n// b\n}\n",
			want: "package main\nfunc main() {\nf()\n}", wantOK: true,
		},
		{
			name: "two examples are not one program",
			file: "package x_test\nfunc ExampleA() {\n}\nfunc ExampleB() {\n}\n",
		},
		{
			name: "no example",
			file: "package x\nfunc f() {\n}\n",
		},
		{
			name: "empty file",
			file: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := asProgram(significant(strings.Split(tt.file, "\n")))
			if ok != tt.wantOK {
				t.Fatalf("asProgram: ok = %v, want %v", ok, tt.wantOK)
			}
			if diff := cmp.Diff(tt.want, strings.Join(got, "\n")); diff != "" {
				t.Errorf("asProgram mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
