// Package bench measures this module's codecs against other Go libraries
// and the official Alibaba Cloud SDK's decode path, on generated
// DescribeInvocations payloads. It is a module of its own so that users of
// the library never download these peers.
//
// Run the correctness check, then the benchmarks:
//
//	go test .
//	go test -run '^$' -bench . -count 10 > bench.txt
//	benchstat -col /impl bench.txt
package bench
