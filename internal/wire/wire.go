// Package wire holds what the XML and JSON codecs share: positions,
// diagnostics and decode errors, limits, the schema's field names, and the
// conversion of scalar text. Package xmlcodec and jsoncodec re-export its
// exported types, so that both codecs have one shape.
package wire

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// Position locates a place in a decoded input.
type Position struct {
	Line   int    // 1-based line
	Column int    // 1-based column, in bytes
	Offset int    // 0-based byte offset
	Path   string // the element or key path, such as Invocations.Invocation[4].InvokeId
}

func (p Position) String() string {
	s := "line " + strconv.Itoa(p.Line) + ", column " + strconv.Itoa(p.Column)
	if p.Path != "" {
		s += ", " + p.Path
	}
	return s
}

// Diagnostic is a defect that lenient decoding recovered from.
type Diagnostic struct {
	Position
	Message string
}

func (d Diagnostic) String() string { return d.Position.String() + ": " + d.Message }

// Conditions of a [DecodeError], for errors.Is.
var (
	ErrSyntax = errors.New("malformed input")
	ErrValue  = errors.New("invalid value")
	ErrLimit  = errors.New("limit exceeded")
)

// DecodeError is a defect that stopped decoding.
type DecodeError struct {
	Codec string // "xmlcodec" or "jsoncodec"
	Position
	Msg string // what is wrong, with the offending text quoted
	Err error  // ErrSyntax, ErrValue or ErrLimit, or an error reading the input
}

func (e *DecodeError) Error() string {
	return e.Codec + ": " + e.Position.String() + ": " + e.Msg
}

// Unwrap returns e.Err.
func (e *DecodeError) Unwrap() error { return e.Err }

// Default limits.
const (
	DefaultMaxBytes = 64 << 20
	DefaultMaxDepth = 64
	DefaultMaxItems = 100_000
)

// Limits bound what a decoder accepts.
type Limits struct {
	MaxBytes int // input size; 0 means DefaultMaxBytes
	MaxDepth int // element or value nesting; 0 means DefaultMaxDepth
	MaxItems int // items in one list; 0 means DefaultMaxItems
}

// Resolve returns l with defaults for zero or negative fields.
func (l Limits) Resolve() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	if l.MaxItems <= 0 {
		l.MaxItems = DefaultMaxItems
	}
	return l
}

// CheckSize reports an input of n bytes that exceeds l.MaxBytes as a
// DecodeError of the codec.
func (l Limits) CheckSize(codec string, n int) error {
	if n > l.MaxBytes {
		return &DecodeError{Codec: codec, Position: Position{Line: 1, Column: 1},
			Msg: fmt.Sprintf("input of %d bytes exceeds the limit of %d", n, l.MaxBytes), Err: ErrLimit}
	}
	return nil
}

// Read reads r to its end into a string, at most l.MaxBytes of it; an
// error reading, or a longer input, is a DecodeError of the codec.
func (l Limits) Read(codec string, r io.Reader) (string, error) {
	var b strings.Builder
	n, err := io.Copy(&b, io.LimitReader(r, int64(l.MaxBytes)+1))
	if err != nil {
		return "", &DecodeError{Codec: codec, Position: Position{Line: 1, Column: 1, Offset: int(n)},
			Msg: "reading input: " + err.Error(), Err: err}
	}
	if err := l.CheckSize(codec, b.Len()); err != nil {
		return "", err
	}
	return b.String(), nil
}

// LineCol returns the 1-based line and column of offset in s.
func LineCol(s string, offset int) (line, col int) {
	if offset > len(s) {
		offset = len(s)
	}
	before := s[:offset]
	line = 1 + strings.Count(before, "\n")
	col = offset - strings.LastIndexByte(before, '\n')
	return line, col
}

// Positions turns offsets in s, by path, into positions, in one pass over
// s.
func Positions(s string, offsets map[string]int) map[string]Position {
	lineStarts := []int{0}
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			lineStarts = append(lineStarts, i+1)
		}
	}
	out := make(map[string]Position, len(offsets))
	for path, off := range offsets {
		line := sort.SearchInts(lineStarts, off+1) // the lines that start at or before off
		out[path] = Position{Line: line, Column: off - lineStarts[line-1] + 1, Offset: off, Path: path}
	}
	return out
}

// Frame is one step of a path: a field name, and an index for a list
// item (-1 otherwise).
type Frame struct {
	Name  string
	Index int
}

// Path renders frames as Invocations.Invocation[4].InvokeId.
func Path(frames []Frame) string {
	var b strings.Builder
	for i, f := range frames {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(f.Name)
		if f.Index >= 0 {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(f.Index))
			b.WriteByte(']')
		}
	}
	return b.String()
}
