package vectors

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Version is the version of every vectors file. It changes when a file's
// shape changes, not when the library's answers do.
const Version = 1

// Files returns the contents of every vectors file but the schemas, by
// path relative to the vectors folder, such as "rollup.json" and
// "responses/rule-rollup.xml". root is the repository's root: the seed
// documents are read from the codecs' testdata there.
func Files(root string) (map[string][]byte, error) {
	// The responses first: they read the seeds, the one input that can
	// be missing.
	resp, docs, err := buildResponses(root)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	if files["responses.json"], err = render(resp); err != nil {
		return nil, err
	}
	for name, doc := range docs {
		files[name] = doc
	}
	scen, err := buildScenarios()
	if err != nil {
		return nil, err
	}
	if files["scenarios.json"], err = render(scen); err != nil {
		return nil, err
	}
	// The fleet again, as a file the fake server's -fleet reads.
	if files["scenarios/fleet.json"], err = render(scen.Fleet); err != nil {
		return nil, err
	}
	for name, build := range map[string]func() (any, error){
		"status.json":   func() (any, error) { return buildStatus(), nil },
		"rollup.json":   func() (any, error) { return buildRollup() },
		"requests.json": func() (any, error) { return buildRequests() },
	} {
		v, err := build()
		if err != nil {
			return nil, err
		}
		if files[name], err = render(v); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// Write writes the files of [Files] into dir, the vectors folder, and
// removes the files of dir's responses/ folder that Files no longer has.
// It leaves the schemas alone.
func Write(root, dir string) error {
	files, err := Files(root)
	if err != nil {
		return err
	}
	old, _ := filepath.Glob(filepath.Join(dir, "responses", "*"))
	for _, path := range old {
		rel, _ := filepath.Rel(dir, path)
		if _, ok := files[filepath.ToSlash(rel)]; !ok {
			if err := os.Remove(path); err != nil {
				return err
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// render writes v as JSON in the layout of the vectors files: objects
// with one member a line, indented by two spaces, but arrays of objects or
// arrays with one element a line, each element compact, unless it has a
// member that is itself an array of objects (a response vector's
// findings), which is laid out the same way. Arrays of scalars are compact.
// Members keep the order of v's struct fields; HTML characters are not
// escaped, so that XML reads as it is.
func render(v any) ([]byte, error) {
	var compact bytes.Buffer
	enc := json.NewEncoder(&compact)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("vectors: %w", err)
	}
	var out bytes.Buffer
	layout(&out, bytes.TrimSpace(compact.Bytes()), "", false)
	out.WriteByte('\n')
	return escapeInvisible(out.Bytes()), nil
}

// escapeInvisible writes the non-ASCII characters of data that do not
// print, such as a no-break space or a zero width space, as JSON \u
// escapes, so that a reader of the file sees them. Outside strings JSON
// has only ASCII, so only strings change.
func escapeInvisible(data []byte) []byte {
	var out []byte
	for _, r := range string(data) {
		switch {
		case r > unicode.MaxASCII && !unicode.IsPrint(r) && r > 0xFFFF:
			r1, r2 := utf16.EncodeRune(r)
			out = fmt.Appendf(out, `\u%04x\u%04x`, r1, r2)
		case r > unicode.MaxASCII && !unicode.IsPrint(r):
			out = fmt.Appendf(out, `\u%04x`, r)
		default:
			out = utf8.AppendRune(out, r)
		}
	}
	return out
}

// member is a member of a JSON object, its value compact.
type member struct {
	key   json.RawMessage
	value json.RawMessage
}

// layout writes the compact JSON value raw to out as render describes;
// indent is the indentation of the line raw starts on, and inArray tells
// whether raw is an element of an array.
func layout(out *bytes.Buffer, raw json.RawMessage, indent string, inArray bool) {
	switch raw[0] {
	case '{':
		members := objectMembers(raw)
		if len(members) == 0 || inArray && !slices.ContainsFunc(members, func(m member) bool { return nested(m.value) }) {
			out.Write(raw)
			return
		}
		out.WriteString("{\n")
		for i, m := range members {
			out.WriteString(indent + "  ")
			out.Write(m.key)
			out.WriteString(": ")
			layout(out, m.value, indent+"  ", false)
			if i < len(members)-1 {
				out.WriteByte(',')
			}
			out.WriteByte('\n')
		}
		out.WriteString(indent + "}")
	case '[':
		if !nested(raw) {
			out.Write(raw)
			return
		}
		elems := arrayElements(raw)
		out.WriteString("[\n")
		for i, e := range elems {
			out.WriteString(indent + "  ")
			layout(out, e, indent+"  ", true)
			if i < len(elems)-1 {
				out.WriteByte(',')
			}
			out.WriteByte('\n')
		}
		out.WriteString(indent + "]")
	default:
		out.Write(raw)
	}
}

// nested reports whether raw is an array whose first element is an object
// or an array.
func nested(raw json.RawMessage) bool {
	if raw[0] != '[' {
		return false
	}
	elems := arrayElements(raw)
	return len(elems) > 0 && (elems[0][0] == '{' || elems[0][0] == '[')
}

// objectMembers splits a compact JSON object, which json.Marshal wrote
// and so is valid, into its members.
func objectMembers(raw json.RawMessage) []member {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.Token() // {
	var members []member
	for dec.More() {
		key, _ := dec.Token()
		var m member
		m.key = quote(key.(string))
		dec.Decode(&m.value)
		members = append(members, m)
	}
	return members
}

// quote returns s as a JSON string, HTML characters unescaped.
func quote(s string) json.RawMessage {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return bytes.TrimSpace(b.Bytes())
}

// arrayElements splits a compact JSON array, which json.Marshal wrote and
// so is valid, into its elements.
func arrayElements(raw json.RawMessage) []json.RawMessage {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.Token() // [
	var elems []json.RawMessage
	for dec.More() {
		var e json.RawMessage
		dec.Decode(&e)
		elems = append(elems, e)
	}
	return elems
}
