// Package pagetest tests the fake's page, GET /_mock/, in a real
// browser. It holds tests only.
package pagetest
