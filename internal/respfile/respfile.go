// Package respfile reads a DescribeInvocations response from a file whose
// format is told by its content, as the commands of examples/ take them:
// XML when its first character other than white space (and a byte order
// mark) is '<', JSON when it is '{' or '[' (a JSON array is not a response,
// and the JSON decoder says so with its place), anything else neither.
// Decoding is lenient, and what the two codecs report comes back in one
// shape.
package respfile

import (
	"bytes"
	"errors"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/jsoncodec"
	"github.com/ecsassist/cloudassistant/xmlcodec"
)

// A Format is the format of a response file.
type Format string

// The formats.
const (
	XML  Format = "XML"
	JSON Format = "JSON"
)

// Note is a place in the input and what was found there: a defect that
// lenient decoding recovered from, or the one that stopped it.
type Note struct {
	Line, Column, Offset int
	Path                 string
	Message              string
	Duplicate            bool // a diagnostic of a member given twice (the codec's ErrDuplicate)
}

// File is a decoded response file.
type File struct {
	Format      Format
	Response    invocation.Response
	Diagnostics []Note
	// Positions places each path of the response in the input;
	// Aliases lists the paths of legacy statuses written by an alias.
	Positions map[string]Note
	Aliases   []string
	// Unwritten lists the paths of members kept verbatim that the other
	// format's encoder leaves out (an XML element with children in a JSON
	// answer, and the like).
	Unwritten []string
}

// ErrFormat is the error of an input that is neither XML nor JSON.
var ErrFormat = errors.New("neither XML nor JSON: the input does not start with '<', '{' or '['")

// Sniff returns the format of data, by its first character other than
// white space and a byte order mark, and false for neither.
func Sniff(data []byte) (Format, bool) {
	data = bytes.TrimPrefix(bytes.TrimLeft(data, " \t\r\n"), []byte("\ufeff"))
	data = bytes.TrimLeft(data, " \t\r\n")
	switch {
	case len(data) == 0:
		return "", false
	case data[0] == '<':
		return XML, true
	case data[0] == '{' || data[0] == '[':
		return JSON, true
	}
	return "", false
}

// Decode decodes data leniently in the format it is written in. An error
// is ErrFormat, or a *Error with the place of the defect that stopped
// decoding; with it, the File holds what was decoded before.
func Decode(data []byte) (File, error) {
	format, ok := Sniff(data)
	if !ok {
		return File{}, ErrFormat
	}
	f := File{Format: format, Positions: map[string]Note{}}
	if format == XML {
		resp, diags, err := xmlcodec.Decoder{Lenient: true}.DecodeResponse(data)
		for _, d := range diags {
			f.Diagnostics = append(f.Diagnostics, Note{d.Line, d.Column, d.Offset, d.Path, d.Message, errors.Is(d.Err, xmlcodec.ErrDuplicate)})
		}
		if de := (*xmlcodec.DecodeError)(nil); errors.As(err, &de) {
			return f, &Error{Note{Line: de.Line, Column: de.Column, Offset: de.Offset, Path: de.Path, Message: de.Message}, err}
		} else if err != nil {
			return f, err
		}
		for path, p := range xmlcodec.Positions(data) {
			f.Positions[path] = Note{Line: p.Line, Column: p.Column, Offset: p.Offset, Path: p.Path}
		}
		f.Response, f.Aliases, f.Unwritten = resp, xmlcodec.Aliases(data), jsoncodec.Unwritten(&resp)
		return f, nil
	}
	resp, diags, err := jsoncodec.Decoder{Lenient: true}.DecodeResponse(data)
	for _, d := range diags {
		f.Diagnostics = append(f.Diagnostics, Note{d.Line, d.Column, d.Offset, d.Path, d.Message, errors.Is(d.Err, jsoncodec.ErrDuplicate)})
	}
	if de := (*jsoncodec.DecodeError)(nil); errors.As(err, &de) {
		return f, &Error{Note{Line: de.Line, Column: de.Column, Offset: de.Offset, Path: de.Path, Message: de.Message}, err}
	} else if err != nil {
		return f, err
	}
	for path, p := range jsoncodec.Positions(data) {
		f.Positions[path] = Note{Line: p.Line, Column: p.Column, Offset: p.Offset, Path: p.Path}
	}
	f.Response, f.Aliases, f.Unwritten = resp, jsoncodec.Aliases(data), xmlcodec.Unwritten(&resp)
	return f, nil
}

// Error is the defect that stopped decoding, in either format.
type Error struct {
	Note
	Err error // the codec's *DecodeError
}

func (e *Error) Error() string { return e.Err.Error() }

// Unwrap returns e.Err.
func (e *Error) Unwrap() error { return e.Err }
