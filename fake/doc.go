// Package fake is a fake of the Cloud Assistant API of ECS, in Go, with
// no HTTP: a [Service] that simulates commands and their runs on a fleet
// of instances over a clock that tests control, and answers every
// operation as the API does, with the API's error codes. Package
// fakehttp serves a Service over HTTP, and the command
// fake-cloudassistant runs it as a server.
//
// A test drives a service on a virtual clock:
//
//	clock := fake.NewVirtualClock(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))
//	svc, err := fake.NewService(fake.Config{Clock: clock, Instances: []fake.Instance{{InstanceID: "i-1"}}})
//	_, invokeID, err := svc.RunCommand(fake.RunCommandRequest{RegionID: "cn-hangzhou",
//		Type: invocation.RunShellScript, CommandContent: "uptime", InstanceIDs: []string{"i-1"}})
//	clock.Advance(2 * time.Second)
//	resp, err := svc.DescribeInvocations(fake.DescribeInvocationsRequest{RegionID: "cn-hangzhou", InvokeID: invokeID})
//
// # The lifecycle
//
// [Service] simulates Cloud Assistant: commands (CreateCommand,
// DescribeCommands, DeleteCommand), their runs on a fleet of instances
// (InvokeCommand, RunCommand, StopInvocation), and what the runs did
// (DescribeInvocationResults, and DescribeInvocations computed from
// them). Each operation is a method with a request struct and the API's
// error codes, as *apierror.Error values.
//
// Time comes from a [Clock]: [RealClock] for interactive use, or a
// [VirtualClock] that moves only when a test says so. A run on an
// instance is Pending when it is created, Running a second later, and
// ends after the Duration that the test's outcome function gives
// ([Result], or [MatchScripts] over a list of [Script]): Success,
// Failed with ExitCodeNonzero, Timeout, or the Error or Invalid that the
// outcome asks for. Runs on an instance that is not running, or whose
// agent is not, are Aborted after a minute. Periodic invocations (rate,
// cron and at schedules) are Scheduled between runs, and runs that wait
// for a reboot start when a test calls [Service.Reboot].
//
// The service is a state machine whose transitions are due at instants
// of its clock. Nothing runs in the background: every operation first
// applies, in time order, every transition due up to the clock's time,
// so an hour of a virtual clock costs what its transitions cost, and two
// operations at the same instant see the same state. One lock guards the
// state, and nothing that panics under it leaves it held (see
// [OutcomePanic]).
//
// # Between the calls
//
// A test resets a service ([Service.Reset]: back as NewService made it,
// on the same clock), looks at its whole state ([Service.State]: every
// command and invocation, each execution with every status it has had),
// and changes the fleet while it runs ([Service.ChangeInstances]: a run
// on an instance that stops is interrupted, runs pending on it are
// aborted a minute after they became pending, an instance that is back
// takes runs again).
//
// # Fixtures
//
// Invocations read from a fixture are given to a service with
// [Service.Load] (or [Service.LoadInGroup], with a resource group), as
// invocations made before it started. They are served in every region
// the service allows, in the API's order by their own CreationTime among
// the service's invocations, by DescribeInvocations and
// DescribeInvocationResults alike; their overall statuses are rolled up
// from their instances, whatever the fixture says; they never change
// (StopInvocation of one succeeds and changes nothing, as of an
// invocation that has ended), retention keeps them, and their CommandIds
// name no command. The server loads its -data files so.
package fake
