// Package compat drives the mock server with the unmodified official
// Alibaba Cloud SDK clients, to prove that code under test can use its
// real client against it: DescribeInvocations from a Store, and every
// operation of the lifecycle fake (commands, runs, stops, results) from a
// Service on a virtual clock, with the v7 SDK
// (github.com/alibabacloud-go/ecs-20140526/v7, ACS3-HMAC-SHA256) and the
// older one (github.com/aliyun/alibaba-cloud-sdk-go, HMAC-SHA1), signed
// and unsigned. It is a module of its own so that users of the library
// never download the SDKs.
//
// The tests of DescribeInvocations' current-edition fields
// (TestV7CurrentFieldsOfDescribeInvocations,
// TestOldSDKCurrentFieldsOfDescribeInvocations) skip themselves while the
// codecs do not write those fields.
package compat
