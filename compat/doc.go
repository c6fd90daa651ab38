// Package compat drives the fake server with the unmodified official
// Alibaba Cloud SDK clients, to prove that code under test can use its
// real client against it: DescribeInvocations of loaded fixtures, and every
// operation of the lifecycle fake (commands, runs, stops, results) from a
// Service on a virtual clock, with the v7 SDK
// (github.com/alibabacloud-go/ecs-20140526/v7, ACS3-HMAC-SHA256) and the
// older one (github.com/aliyun/alibaba-cloud-sdk-go, HMAC-SHA1), signed
// and unsigned. It is a module of its own so that users of the library
// never download the SDKs.
//
// Both SDKs read back every field they model of DescribeInvocations,
// compared field by field with the fake's own answer, in both content
// encodings and with output on and off (TestV7EveryFieldOfDescribeInvocations,
// TestOldSDKEveryFieldOfDescribeInvocations); a reflection check fails when
// an SDK grows a field the conversion does not read. The older SDK's
// numbers cannot tell absent from zero, and it has no place for the OSS
// delivery fields: its test names both.
//
// It also validates the conformance vectors of the repository's vectors/
// folder against their JSON Schemas with a validator of draft 2020-12
// (TestVectorsMatchTheirSchemas), a dependency the library's own module
// may not take, and shows that each schema refuses a document that breaks
// it.
package compat
