package fake

// Query is a DescribeInvocations request, as the tests name it.
type Query = DescribeInvocationsRequest
