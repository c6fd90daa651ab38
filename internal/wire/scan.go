package wire

import (
	"encoding/binary"
	"time"
	"unsafe"
)

const ones, highs = 0x0101010101010101, 0x8080808080808080

// controlOrHigh has the high bit of each byte of the result set where w
// may hold a byte below 0x20 or from 0x80 (a borrow can mark a byte after
// such a byte, never miss one).
func controlOrHigh(w uint64) uint64 { return ((w - ones*0x20) | w) & highs }

// has has the high bit set in the result where w may hold the byte c
// (with the same caveat about borrows).
func has(w uint64, c byte) uint64 {
	x := w ^ (ones * uint64(c))
	return (x - ones) &^ x & highs
}

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
// cannot hold as it is, or that needs checking as UTF-8: a quote, a
// backslash, a control character or a byte from 0x80; or len(s). It reads
// 32 bytes at a time while none is such a byte.
func PlainJSON(s string) int {
	b, i := words(s), 0
	special := func(w uint64) uint64 { return controlOrHigh(w) | has(w, '"') | has(w, '\\') }
	for ; i+32 <= len(b); i += 32 {
		c := b[i : i+32 : i+32]
		if (special(binary.LittleEndian.Uint64(c)) | special(binary.LittleEndian.Uint64(c[8:])) |
			special(binary.LittleEndian.Uint64(c[16:])) | special(binary.LittleEndian.Uint64(c[24:]))) != 0 {
			break
		}
	}
	for ; i+8 <= len(b); i += 8 {
		if special(binary.LittleEndian.Uint64(b[i:])) != 0 {
			break
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' {
			return i
		}
	}
	return i
}

// PlainXML returns the index of the first byte of s that XML text does
// not hold as it is in this library's encoding, or that needs checking
// as UTF-8: one of < > & " ' and carriage return, another control
// character, or a byte from 0x80; or len(s). It reads 32 bytes at a time
// while none is such a byte.
func PlainXML(s string) int {
	b, i := words(s), 0
	special := func(w uint64) uint64 {
		return controlOrHigh(w) | has(w, '<') | has(w, '>') | has(w, '&') | has(w, '"') | has(w, '\'')
	}
	for ; i+32 <= len(b); i += 32 {
		c := b[i : i+32 : i+32]
		if (special(binary.LittleEndian.Uint64(c)) | special(binary.LittleEndian.Uint64(c[8:])) |
			special(binary.LittleEndian.Uint64(c[16:])) | special(binary.LittleEndian.Uint64(c[24:]))) != 0 {
			break
		}
	}
	for ; i+8 <= len(b); i += 8 {
		if special(binary.LittleEndian.Uint64(b[i:])) != 0 {
			break
		}
	}
	for ; i < len(b); i++ {
		switch c := b[i]; {
		case c < 0x20 || c >= 0x80, c == '<', c == '>', c == '&', c == '"', c == '\'':
			return i
		}
	}
	return i
}

// AppendTime appends t in TimeLayout, in UTC. It writes the fixed layout
// itself for years 0 to 9999, several times as fast as AppendFormat, which
// writes the others.
func AppendTime(b []byte, t time.Time) []byte {
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.AppendFormat(b, TimeLayout)
	}
	hour, minute, sec := t.Clock()
	return append(b, byte('0'+year/1000), byte('0'+year/100%10), byte('0'+year/10%10), byte('0'+year%10), '-',
		byte('0'+month/10), byte('0'+month%10), '-', byte('0'+day/10), byte('0'+day%10), 'T',
		byte('0'+hour/10), byte('0'+hour%10), ':', byte('0'+minute/10), byte('0'+minute%10), ':',
		byte('0'+sec/10), byte('0'+sec%10), 'Z')
}
