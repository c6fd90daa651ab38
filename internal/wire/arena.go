package wire

import "unsafe"

// Arena copies the strings a decoding keeps from an input it does not
// own into large chunks of its own, so that they cost a few allocations
// instead of one each, and nothing is kept of the input. A chunk's bytes
// are never written again once a string refers to them, which is what
// makes the strings safe. The zero Arena is ready to use; Size sets the
// first chunk's size (at least 256 bytes), and each next chunk doubles, up
// to 64 KiB.
type Arena struct {
	buf  []byte
	Size int
}

// Keep returns a copy of s in the arena.
func (a *Arena) Keep(s string) string {
	if s == "" {
		return ""
	}
	if cap(a.buf)-len(a.buf) < len(s) {
		size := max(a.Size, 256)
		a.Size = min(2*size, 64<<10)
		a.buf = make([]byte, 0, max(size, len(s)))
	}
	start := len(a.buf)
	a.buf = append(a.buf, s...)
	return unsafe.String(&a.buf[start], len(s))
}

// Alias returns b as a string without copying it. The caller must keep b
// unchanged while the string is in use, and keep only copies (Keep) of its
// substrings beyond that.
func Alias(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}
