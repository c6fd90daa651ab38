// Package compat drives the mock server with the unmodified official
// Alibaba Cloud SDK clients, to prove that code under test can use its
// real client against it. It is a module of its own so that users of the
// library never download the SDKs.
package compat
