// Package wire is what the XML and JSON codecs share: the one schema of
// DescribeInvocations that drives both decoders and both encoders, the
// front end of the decoders, the walk of the encoders, the conversion
// of scalar text, and the one writer of strings in each format
// ([AppendJSONString], [AppendXMLText]), which the fake's every operation
// uses too, so that a string is written the same way by all of them.
//
// A codec brings only its syntax. Its parser embeds a [State], the front
// end: the input, the limits and the item budget, the path, diagnostics
// and errors at byte offsets, turned into lines and columns once at the
// end ([Results]). The parser reads members and values where the input
// has them and hands each to the State ([State.Member], [State.Value]),
// which stores it where the schema says, calling back the parser, a
// [Reader], for the value's wire form. The State also keeps which members
// of each open object it has read ([State.Begin]), so that a member given
// twice is found, and decided, once for both codecs: an [ErrDuplicate]
// error, or leniently a diagnostic, the last value kept and lists joined.
// An encoder is a [Markup], the format's structure around values, that
// [Append] walks the schema with.
//
// The codecs export their own Position, Diagnostic and DecodeError, built
// from this package's at the end of a decoding.
package wire

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Conditions of a codec's DecodeError, for errors.Is.
var (
	ErrSyntax = errors.New("malformed input")
	ErrValue  = errors.New("invalid value")
	ErrLimit  = errors.New("limit exceeded")

	// ErrDuplicate is a member of the schema given twice in one object.
	// It is ErrSyntax too, for errors.Is: the input is malformed.
	ErrDuplicate = fmt.Errorf("member given twice: %w", ErrSyntax)
)

// Default limits.
const (
	DefaultMaxBytes       = 64 << 20
	DefaultMaxDepth       = 64
	DefaultMaxItems       = 100_000
	DefaultMaxDiagnostics = 10_000
)

// Config is the settings of a codec's Decoder.
type Config struct {
	Lenient        bool
	MaxBytes       int // input size; 0 means DefaultMaxBytes
	MaxDepth       int // nesting; 0 means DefaultMaxDepth
	MaxItems       int // list items in one response; 0 means DefaultMaxItems
	MaxDiagnostics int // diagnostics of one decoding; 0 means DefaultMaxDiagnostics
}

// Resolve returns c with defaults for zero or negative limits.
func (c Config) Resolve() Config {
	def := func(n *int, d int) {
		if *n <= 0 {
			*n = d
		}
	}
	def(&c.MaxBytes, DefaultMaxBytes)
	def(&c.MaxDepth, DefaultMaxDepth)
	def(&c.MaxItems, DefaultMaxItems)
	def(&c.MaxDiagnostics, DefaultMaxDiagnostics)
	return c
}

// Input returns data as the string a decoding reads: one copy, which the
// decoded strings share, so that they keep nothing of data. An input
// larger than MaxBytes is an error, and is not copied.
func (c Config) Input(data []byte) (string, error) {
	if err := c.Check(len(data)); err != nil {
		return "", err
	}
	return string(data), nil
}

// Check reports an input of n bytes larger than MaxBytes.
func (c Config) Check(n int) error {
	if c = c.Resolve(); n > c.MaxBytes {
		return &Error{Msg: fmt.Sprintf("input of %d bytes exceeds the limit of %d", n, c.MaxBytes), Err: ErrLimit}
	}
	return nil
}

// Read reads r to its end, at most MaxBytes of it; an error reading, or a
// longer input, is an error.
func (c Config) Read(r io.Reader) (string, error) {
	c = c.Resolve()
	var b strings.Builder
	n, err := io.Copy(&b, io.LimitReader(r, int64(c.MaxBytes)+1))
	if err != nil {
		return "", &Error{Offset: int(n), Msg: "reading input: " + err.Error(), Err: err}
	}
	if err := c.Check(b.Len()); err != nil {
		return "", err
	}
	return b.String(), nil
}

// Note is a diagnostic as [Results] hands it to a codec: its place and
// message and, for a member given again, the condition ErrDuplicate and
// the place of the member's first occurrence.
type Note struct {
	Position
	Message string
	Err     error    // ErrDuplicate, or nil
	First   Position // ErrDuplicate: the first occurrence
}

// Error is the defect that stopped a decoding, at a byte offset of the
// input; [Results] gives it its line and column.
type Error struct {
	Offset int
	Path   string
	Msg    string // what is wrong, with the offending text quoted
	Err    error  // ErrSyntax, ErrValue, ErrLimit, ErrDuplicate, or an error reading the input
}

func (e *Error) Error() string { return e.Msg }

// Position is the place of a diagnostic or an error, as the codecs'
// Position types have it.
type Position struct {
	Line   int
	Column int
	Offset int
	Path   string
}

// FormatPosition renders a position as the codecs' Position.String does:
// "line 2, column 3, Invocations.Invocation[4].InvokeId", without the path
// when it is empty.
func FormatPosition(line, column int, path string) string {
	s := "line " + strconv.Itoa(line) + ", column " + strconv.Itoa(column)
	if path != "" {
		s += ", " + path
	}
	return s
}

// LineCol returns the 1-based line and column (in bytes) of offset in s.
func LineCol(s string, offset int) (line, col int) {
	offset = min(max(offset, 0), len(s))
	before := s[:offset]
	return 1 + strings.Count(before, "\n"), offset - strings.LastIndexByte(before, '\n')
}

// lineCounter turns increasing offsets of s into lines and columns,
// reading s once over all of them.
type lineCounter struct {
	s                string
	off, line, start int // the last offset, its line, and where that line starts
}

func (c *lineCounter) at(off int) (line, col int) {
	off = min(max(off, c.off), len(c.s))
	seg := c.s[c.off:off]
	if n := strings.Count(seg, "\n"); n > 0 {
		c.line += n
		c.start = c.off + strings.LastIndexByte(seg, '\n') + 1
	}
	c.off = off
	return c.line, off - c.start + 1
}

// positions calls set with the line and column of each of offs, offsets
// of s, in one pass over s: in the order of offs when they increase, else
// in sorted order.
func positions(s string, offs []int, set func(i, line, col int)) {
	c := lineCounter{s: s, line: 1}
	if slices.IsSorted(offs) {
		for i, off := range offs {
			line, col := c.at(off)
			set(i, line, col)
		}
		return
	}
	order := make([]int, len(offs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(offs[a], offs[b]) })
	for _, i := range order {
		line, col := c.at(offs[i])
		set(i, line, col)
	}
}
