package wire

import (
	"encoding/binary"
	"math/bits"
	"strings"
	"unsafe"
)

const ones, highs = 0x0101010101010101, 0x8080808080808080

// controlOrHigh has the high bit of each byte of the result set where w
// may hold a byte below 0x20 or from 0x80 (a borrow can mark a byte after
// such a byte, never miss one).
func controlOrHigh(w uint64) uint64 { return ((w - ones*0x20) | w) & highs }

// words returns s as bytes without copying it, for reading eight bytes at
// a time; the caller never writes to them.
func words(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// Printable returns the index of the first byte of s below 0x20 or from
// 0x80 (a control character, or a byte of a multi-byte UTF-8 sequence),
// or len(s): the prefix that every format holds as it is, apart from its
// own few special characters. It reads 32 bytes at a time while none is
// such a byte.
func Printable(s string) int {
	b, i := words(s), 0
	for ; i+32 <= len(b); i += 32 {
		c := b[i : i+32 : i+32]
		if (controlOrHigh(binary.LittleEndian.Uint64(c)) | controlOrHigh(binary.LittleEndian.Uint64(c[8:])) |
			controlOrHigh(binary.LittleEndian.Uint64(c[16:])) | controlOrHigh(binary.LittleEndian.Uint64(c[24:]))) != 0 {
			break
		}
	}
	for ; i+8 <= len(b); i += 8 {
		if controlOrHigh(binary.LittleEndian.Uint64(b[i:])) != 0 {
			break
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c < 0x20 || c >= 0x80 {
			return i
		}
	}
	return i
}

// PlainJSON returns the index of the first byte of s that a JSON string
// does not hold as it is, or that starts a character to check as UTF-8:
// a quote, a backslash, a control character or a byte from 0x80; or
// len(s). It reads 32 bytes at a time while none is such a byte.
func PlainJSON(s string) int {
	b, i := words(s), 0
	special := func(w uint64) uint64 {
		return (w | (w - ones*0x20) | ((w ^ (ones * '"')) - ones) | ((w ^ (ones * '\\')) - ones)) & highs
	}
	for ; i+32 <= len(b); i += 32 {
		c := b[i : i+32 : i+32]
		if special(binary.LittleEndian.Uint64(c))|special(binary.LittleEndian.Uint64(c[8:]))|
			special(binary.LittleEndian.Uint64(c[16:]))|special(binary.LittleEndian.Uint64(c[24:])) != 0 {
			break
		}
	}
	for ; i+8 <= len(b); i += 8 {
		if m := special(binary.LittleEndian.Uint64(b[i:])); m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' {
			return i
		}
	}
	return i
}

// A Scanner finds the bytes of a text that a format does not write as
// they are: its special ASCII characters (at most six), each found with
// IndexByte and remembered until passed, and control characters and bytes
// from 0x80, found eight bytes at a time by Printable. Each byte of the
// text is read a bounded number of times, however many special bytes it
// holds.
type Scanner struct {
	s     string
	pos   int
	chars string
	next  [6]int // by index in chars: where the next one is from pos, or len(s)
}

// NewScanner returns a Scanner of s for the special bytes chars.
func NewScanner(s, chars string) Scanner {
	sc := Scanner{s: s, chars: chars}
	for k := range len(chars) {
		sc.next[k] = sc.find(chars[k])
	}
	return sc
}

func (sc *Scanner) find(c byte) int {
	if i := strings.IndexByte(sc.s[sc.pos:], c); i >= 0 {
		return sc.pos + i
	}
	return len(sc.s)
}

// Plain returns the run of bytes from the scanner's position that hold
// no special byte, control character or byte from 0x80, and moves past
// it. At the end of the text it returns "".
func (sc *Scanner) Plain() string {
	end := len(sc.s)
	for k := range len(sc.chars) {
		end = min(end, sc.next[k])
	}
	start := sc.pos
	sc.pos += Printable(sc.s[start:end])
	return sc.s[start:sc.pos]
}

// Rest returns the text from the scanner's position: its first byte is
// special, unless it is empty.
func (sc *Scanner) Rest() string { return sc.s[sc.pos:] }

// Skip moves the scanner's position n bytes on.
func (sc *Scanner) Skip(n int) {
	sc.pos += n
	for k := range len(sc.chars) {
		if sc.next[k] < sc.pos {
			sc.next[k] = sc.find(sc.chars[k])
		}
	}
}
