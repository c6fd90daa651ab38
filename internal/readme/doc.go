// Package readme holds the test that keeps the README's shell examples
// true: every command shown after a "$ " prompt is run, and its output must
// be what the README shows. It has no API.
package readme
