// Command fake-cloudassistant serves a fake of Cloud Assistant on a local address:
// the lifecycle fake of package fake (commands, their runs on a fleet of
// instances over a clock, what the runs did) and invocations loaded from
// files, by default the reference's example, which is built in.
//
// Usage:
//
//	go run ./cmd/fake-cloudassistant [flags]
//
// The flags:
//
//	-addr HOST:PORT       the address to listen on (default 127.0.0.1:8080; :0 picks a free port)
//	-clock real|virtual   the fake's clock (default real); a virtual one moves only when told to
//	-start RFC3339        where a virtual clock starts (default: when the server starts, to the second)
//	-fleet FILE           the fake's instances and how their runs end (see below)
//	-data FILE            a DescribeInvocations response whose invocations to serve (repeatable)
//	-region ID            a region id requests may name (repeatable)
//	-fault-rate P         the fraction of requests answered with an injected fault, from 0 to 1 (default 0)
//	-fault-code CODE      the fault: InternalError.Dispatch (500, the default), Throttling, Throttling.User or Throttling.Api (400)
//	-seed N               the seed of the fault rules' probabilities and of the ids the fake makes (default 1)
//	-journal-size N       how many of the last requests the journal keeps (default 10000; 0 keeps none)
//	-access-key ID:SECRET a key requests must be signed with (repeatable)
//
// and the limits of a connection and a request, each of which must be
// positive:
//
//	-read-header-timeout D  to read a request's headers (default 10s)
//	-read-timeout D         to read a whole request, body included (default 30s)
//	-write-timeout D        to write a response, counted from the end of the request's headers (default 30s)
//	-idle-timeout D         to wait for the next request on a kept-alive connection (default 2m)
//	-max-header-bytes N     of a request's line and headers (default 1048576; net/http allows 4096 more)
//	-max-body-bytes N       of a request's body (default 1048576); more is InvalidParameter.RequestTooLarge (413)
//
// Durations are in Go's syntax, such as 500ms or 2m. A connection that
// breaks a time limit is closed (a body cut off by -read-timeout is first
// answered InvalidParameter, 400); headers over the limit are answered 431
// by net/http. Limits of parameters and signature nonces are the
// [fakehttp.Handler] defaults (1,000 parameters and 1 MiB of them a request;
// 100,000 nonces).
//
// When ready it prints "listening on http://HOST:PORT" on standard output.
// The API is served at / (CreateCommand, DescribeCommands, DeleteCommand,
// InvokeCommand, RunCommand, StopInvocation, DescribeInvocationResults
// and DescribeInvocations), and the fake is controlled under /_mock/, by
// requests that answer JSON (see [fakehttp.Control]):
//
//	GET  /_mock/                      the fake's page: clock, fleet and every invocation along the clock, in a browser
//	POST /_mock/advance?by=90s        a virtual clock only (a real one answers 409); {"Now":"2025-01-02T03:05:35Z"}
//	POST /_mock/advance?to=next       to the next transition due; 409 when none is
//	GET  /_mock/now                   {"Now":"…"}
//	POST /_mock/reboot?InstanceId=ID  the instance reboots now; runs that wait for a reboot are delivered a second later
//	POST, GET, DELETE /_mock/faults   fault rules: {"Rules":[{"Action":"DescribeInvocations","Skip":2,"Times":1}]} (see [fault.Rule])
//	GET, DELETE /_mock/requests       the journal of the requests answered, oldest first; ?since=SEQ for those after SEQ
//	POST /_mock/reset                 back as it started: commands, invocations, fault rules, the journal go; the clock stays
//	GET  /_mock/state                 the whole state, each execution with every status it has had
//	GET, POST /_mock/instances        the fleet; {"Instances":[{"InstanceId":"i-1","Agent":"Stopped"}]} changes it while it runs
//
// A -fleet file is JSON, as [fake.ParseFleet] reads it:
//
//	{"Instances":[{"InstanceId":"i-1","OS":"linux","Status":"Running","Agent":"Running","ResourceGroupId":"rg-1","Tags":{"env":"test"}}],
//	 "Outcomes":[{"Match":"exit 3","InstanceId":"i-2","ExitCode":3,"Output":"boom","Duration":"90s"}]}
//
// Without a fleet every well-formed instance id is a running Linux
// instance; with one, other ids are InvalidInstance.NotFound. A run ends as
// the first outcome whose Match its content contains (and whose
// InstanceId, when given, is its instance's) says, and else exits 0 after
// a second with no output.
//
// Each -data file is a DescribeInvocations response, XML or JSON (told
// apart by its content), decoded leniently, with its diagnostics on
// standard error; its invocations are loaded into the fake as it was when
// the server started (see [fake.Service.Load]): served in every region,
// in the API's order by their CreationTime, and never changed. An
// invocation that cannot be loaded (no instances, an unknown status, an
// instance or InvokeId given twice) is reported and passed over. With
// neither -data nor -fleet the reference's example is loaded, as the
// server did before it had a fleet. -region replaces the known region ids.
// -fault-rate P -fault-code C is the fault rule {"Probability":P,"Code":C},
// made at start (Id 1, listed by GET /_mock/faults and removed as any
// other): it answers that fraction of requests with the code, the same
// ones for the same -seed; the ids the fake makes are the same for the same
// -seed and the same requests. -access-key turns signature checking on:
// requests must then be signed by one of the keys, as the official SDKs
// sign them, at the real time whatever the fake's clock (the control
// endpoints are not signed); a malformed -access-key is reported without
// its value, which may hold a secret. Every request is logged as one
// structured line on standard error; SIGINT or SIGTERM shuts the server
// down cleanly.
//
// With -state FILE the fake keeps its state across restarts. At start,
// when FILE exists, the server resumes from it: its commands, invocations
// and executions with the transitions still due, the virtual clock's
// time, the fleet as changed, the fault rules (each with the applications
// it has left), the ClientTokens, page tokens and the ids to come; what
// FILE holds wins over -start, -fleet, -region and -data, which apply only
// when there is no FILE. It writes FILE on SIGINT and SIGTERM before it
// exits, and every -state-interval (1s by default) while the state
// changes, so that a kill -9 loses at most that interval. Each write is
// atomic: a temporary file in the same folder, synced, renamed over FILE,
// and the folder synced. A FILE that cannot be read, is empty, is not a
// state file, or was written by a newer version of the format stops the
// start with exit status 1 and a message naming the file and the fault,
// and is left as it was; so does a FILE whose folder does not exist or
// cannot be written. The format is JSON with a top-level integer
// Version: the fleet file as given, the regions, the fault rules, and the
// fake's snapshot (fake.Snapshot: the calls that changed it since it
// started or was reset, replayed at their instants), so its size grows
// with those calls; POST /_mock/reset empties it.
package main

import (
	"context"
	_ "embed"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
	"github.com/ecsassist/cloudassistant/fake/fault"
	"github.com/ecsassist/cloudassistant/fake/journal"
	"github.com/ecsassist/cloudassistant/internal/respfile"
	"github.com/ecsassist/cloudassistant/invocation"
)

//go:embed seed.xml
var seed []byte

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// repeated is a flag that can be given more than once.
type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("fake-cloudassistant", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() {
		fmt.Fprintf(stderr, "Usage: fake-cloudassistant [flags]\n\nServes a fake of Cloud Assistant: commands, runs on a fleet over a clock, and invocations from files.\nIts page, at /_mock/ (http://127.0.0.1:8080/_mock/ by default), shows the clock, the fleet and every run along the clock.\n\nFlags:\n")
		flags.PrintDefaults()
	}
	addr := flags.String("addr", "127.0.0.1:8080", "`HOST:PORT` to listen on; :0 picks a free port")
	var data, regions, keys repeated
	flags.Var(&data, "data", "a DescribeInvocations response whose invocations to serve, XML or JSON, from `FILE` (repeatable); with neither -data nor -fleet the reference's example is served")
	flags.Var(&regions, "region", "a region `ID` queries may name, replacing the known ones (repeatable)")
	faultRate := flags.Float64("fault-rate", 0, "`fraction` of requests answered with an injected fault, from 0 to 1")
	faultCode := flags.String("fault-code", string(apierror.InternalErrorDispatch), "`CODE` of the injected faults: InternalError.Dispatch, Throttling, Throttling.User or Throttling.Api")
	seedFlag := flags.Uint64("seed", 1, "seed of the fault rules' probabilities and of the ids the fake makes")
	journalSize := flags.Int("journal-size", journal.DefaultSize, "how many of the last `requests` the journal (GET /_mock/requests) keeps; 0 keeps none")
	clockFlag := flags.String("clock", "real", "`real|virtual`: the fake's clock; a virtual one moves only by POST /_mock/advance")
	startFlag := flags.String("start", "", "`RFC3339` time the virtual clock starts at (default: when the server starts)")
	fleetFile := flags.String("fleet", "", "the fake's instances and the outcomes of their runs, JSON, from `FILE`")
	flags.Var(&keys, "access-key", "`ID:SECRET` of a key requests must be signed with (repeatable); none turns signature checking off")
	readHeaderTimeout := flags.Duration("read-header-timeout", 10*time.Second, "time to read a request's headers")
	readTimeout := flags.Duration("read-timeout", 30*time.Second, "time to read a whole request, body included")
	writeTimeout := flags.Duration("write-timeout", 30*time.Second, "time to write a response, from the end of the request's headers")
	idleTimeout := flags.Duration("idle-timeout", 2*time.Minute, "time to wait for the next request on a kept-alive connection")
	maxHeaderBytes := flags.Int("max-header-bytes", http.DefaultMaxHeaderBytes, "`bytes` of a request's line and headers (net/http allows 4096 more)")
	stateName := flags.String("state", "", "`FILE` that keeps the fake's state across restarts: read at start when it exists (then -start, -fleet and -data do not apply), written on SIGINT and SIGTERM and every -state-interval while the state changes")
	stateInterval := flags.Duration("state-interval", time.Second, "how often the state is written to -state while it changes")
	maxBodyBytes := flags.Int64("max-body-bytes", fakehttp.DefaultMaxBodyBytes, "`bytes` of a request's body; more is InvalidParameter.RequestTooLarge (413)")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if !(*faultRate >= 0 && *faultRate <= 1) { // NaN too
		fmt.Fprintf(stderr, "fake-cloudassistant: -fault-rate %v is not from 0 to 1\n", *faultRate)
		return 2
	}
	switch apierror.Code(*faultCode) {
	case apierror.InternalErrorDispatch, apierror.Throttling, apierror.ThrottlingUser, apierror.ThrottlingAPI:
	default:
		fmt.Fprintf(stderr, "fake-cloudassistant: -fault-code %q is not InternalError.Dispatch, Throttling, Throttling.User or Throttling.Api\n", *faultCode)
		return 2
	}
	start := time.Now().UTC().Truncate(time.Second)
	var clock fake.Clock = fake.RealClock{}
	switch *clockFlag {
	case "real":
		if *startFlag != "" {
			fmt.Fprintf(stderr, "fake-cloudassistant: -start is for -clock virtual; a real clock starts at the real time\n")
			return 2
		}
	case "virtual":
		if *startFlag != "" {
			t, err := time.Parse(time.RFC3339, *startFlag)
			if err != nil {
				fmt.Fprintf(stderr, "fake-cloudassistant: -start %q is not an RFC 3339 time such as 2025-01-02T03:04:05Z\n", *startFlag)
				return 2
			}
			start = t
		}
		clock = fake.NewVirtualClock(start)
	default:
		fmt.Fprintf(stderr, "fake-cloudassistant: -clock %q is neither real nor virtual\n", *clockFlag)
		return 2
	}
	for _, d := range []struct {
		name string
		d    time.Duration
	}{{"read-header-timeout", *readHeaderTimeout}, {"read-timeout", *readTimeout}, {"write-timeout", *writeTimeout}, {"idle-timeout", *idleTimeout},
		{"state-interval", *stateInterval}} {
		if d.d <= 0 {
			fmt.Fprintf(stderr, "fake-cloudassistant: -%s %v is not positive\n", d.name, d.d)
			return 2
		}
	}
	if *journalSize < 0 {
		fmt.Fprintf(stderr, "fake-cloudassistant: -journal-size %d is negative\n", *journalSize)
		return 2
	}
	if *maxHeaderBytes <= 0 || *maxBodyBytes <= 0 {
		fmt.Fprintf(stderr, "fake-cloudassistant: -max-header-bytes %d and -max-body-bytes %d must be positive\n", *maxHeaderBytes, *maxBodyBytes)
		return 2
	}

	var accessKeys map[string]string
	for i, k := range keys {
		id, secret, ok := strings.Cut(k, ":")
		if !ok || id == "" || secret == "" {
			// The value may be a secret alone: it is not echoed.
			fmt.Fprintf(stderr, "fake-cloudassistant: -access-key number %d is not ID:SECRET (%s); its value is not shown\n", i+1, keyFault(ok, id))
			return 2
		}
		if accessKeys == nil {
			accessKeys = map[string]string{}
		}
		accessKeys[id] = secret
	}

	var saved stateFile
	restoring := false
	if *stateName != "" {
		var err error
		if err = checkStateDir(*stateName); err == nil {
			saved, restoring, err = readState(*stateName)
		}
		if err != nil {
			fmt.Fprintf(stderr, "fake-cloudassistant: -state %s: %v\n", *stateName, err)
			return 1
		}
	}

	var fleet fake.Fleet
	var fleetJSON []byte
	if restoring {
		fleetJSON, regions = saved.Fleet, saved.Regions
	} else if *fleetFile != "" {
		var err error
		if fleetJSON, err = os.ReadFile(*fleetFile); err != nil {
			fmt.Fprintf(stderr, "fake-cloudassistant: -fleet %s: %v\n", *fleetFile, err)
			return 1
		}
	}
	if fleetJSON != nil {
		var err error
		if fleet, err = fake.ParseFleet(fleetJSON); err != nil {
			from := "-fleet " + *fleetFile
			if restoring {
				from = "-state " + *stateName + ": its fleet"
			}
			fmt.Fprintf(stderr, "fake-cloudassistant: %s: %v\n", from, err)
			return 1
		}
	}
	cfg := fake.Config{Clock: clock, Instances: fleet.Instances, Regions: regions, Seed: *seedFlag, Snapshots: *stateName != ""}
	if len(fleet.Outcomes) > 0 {
		cfg.Outcome = fake.MatchScripts(fleet.Outcomes...)
	}
	var svc *fake.Service
	var err error
	if restoring {
		if _, ok := clock.(*fake.VirtualClock); ok {
			cfg.Clock = fake.NewVirtualClock(saved.Service.Now) // the file's time wins over -start
		}
		svc, err = fake.Restore(cfg, saved.Service)
		if err != nil {
			err = fmt.Errorf("-state %s: %w", *stateName, err)
		}
	} else {
		svc, err = fake.NewService(cfg)
	}
	if err != nil {
		fmt.Fprintf(stderr, "fake-cloudassistant: %v\n", err)
		return 1
	}
	// Restoring, the loaded invocations are in the state file.
	if !restoring && len(data) == 0 && *fleetFile == "" {
		fmt.Fprintln(stderr, "fake-cloudassistant: serving the API reference's example response; lenient decoding recovers from its known defects:")
		if err := load(svc, "seed.xml (built in)", seed, stderr); err != nil {
			fmt.Fprintf(stderr, "fake-cloudassistant: %v\n", err)
			return 1
		}
	}
	for _, name := range data {
		if restoring {
			break // the state file holds them
		}
		b, err := os.ReadFile(name)
		if err == nil {
			err = load(svc, name, b, stderr)
		}
		if err != nil {
			fmt.Fprintf(stderr, "fake-cloudassistant: %v\n", err)
			return 1
		}
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "fake-cloudassistant: %v\n", err)
		return 1
	}
	logger := slog.New(slog.NewJSONHandler(stderr, nil))
	handler := &fakehttp.Handler{Service: svc, Seed: *seedFlag, Logger: logger, AccessKeys: accessKeys, MaxBodyBytes: *maxBodyBytes,
		JournalSize: *journalSize}
	if *journalSize == 0 {
		handler.JournalSize = -1
	}
	if restoring {
		if err := restoreFaults(handler, saved.Faults); err != nil {
			fmt.Fprintf(stderr, "fake-cloudassistant: -state %s: its fault rules: %v\n", *stateName, err)
			return 1
		}
	} else if *faultRate > 0 {
		rate := *faultRate
		if _, err := handler.AddFaults(fault.Rule{Probability: &rate, Code: apierror.Code(*faultCode)}); err != nil {
			fmt.Fprintf(stderr, "fake-cloudassistant: %v\n", err)
			return 2
		}
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: *readHeaderTimeout,
		ReadTimeout:       *readTimeout,
		WriteTimeout:      *writeTimeout,
		IdleTimeout:       *idleTimeout,
		MaxHeaderBytes:    *maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	var saver *stateSaver
	if *stateName != "" {
		saver = &stateSaver{name: *stateName, fleet: fleetJSON, regions: regions, svc: svc, handler: handler}
		if err := saver.save(); err != nil {
			fmt.Fprintf(stderr, "fake-cloudassistant: -state %s: %v\n", *stateName, err)
			return 1
		}
		saving, stopSaving := context.WithCancel(ctx)
		defer stopSaving()
		go saver.every(saving, *stateInterval, stderr)
	}
	logger.Info("serving", "clock", *clockFlag, "now", svc.Now().Format(time.RFC3339), "instances", len(fleet.Instances),
		"outcomes", len(fleet.Outcomes), "restored", restoring)
	fmt.Fprintf(stdout, "listening on http://%s\n", ln.Addr())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		fmt.Fprintf(stderr, "fake-cloudassistant: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		fmt.Fprintf(stderr, "fake-cloudassistant: shutting down: %v\n", err)
		return 1
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "fake-cloudassistant: %v\n", err)
		return 1
	}
	if saver != nil {
		if err := saver.save(); err != nil {
			fmt.Fprintf(stderr, "fake-cloudassistant: -state %s: %v\n", *stateName, err)
			return 1
		}
	}
	logger.Info("shut down")
	return 0
}

// keyFault says what is wrong with an -access-key value that Cut split at
// its first colon (ok) into id and the rest, without quoting either.
func keyFault(ok bool, id string) string {
	switch {
	case !ok:
		return "it has no colon"
	case id == "":
		return "its ID is empty"
	}
	return "its secret is empty"
}

// load decodes a response leniently and loads its invocations into the
// service, in file order. Diagnostics, and invocations that cannot be
// loaded, go to stderr.
func load(svc *fake.Service, name string, b []byte, stderr io.Writer) error {
	f, err := respfile.Decode(b)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	for _, d := range f.Diagnostics {
		fmt.Fprintf(stderr, "%s:%d:%d: %s: %s\n", name, d.Line, d.Column, d.Path, d.Message)
	}
	other := respfile.JSON
	if f.Format == respfile.JSON {
		other = respfile.XML
	}
	for _, path := range f.Unwritten {
		fmt.Fprintf(stderr, "%s: %s: a structured member unknown to this library, kept as %s; answers in %s leave it out\n",
			name, path, f.Format, other)
	}
	for i, inv := range f.Response.Invocations {
		plain(&inv, fmt.Sprintf("%s: Invocations.Invocation[%d]", name, i), stderr)
		if err := svc.Load(inv); err != nil {
			fmt.Fprintf(stderr, "%s: %s not served: %v\n", name, inv.InvokeID, err)
		}
	}
	return nil
}

// plain turns a loaded invocation's CommandContent and Output, which a
// response writes in Base64 (the API's default ContentEncoding), into the
// plain text the fake keeps, so that it answers them in either encoding.
// Text that is not Base64 was written as PlainText and is kept as it is,
// with a note on stderr.
func plain(inv *invocation.Invocation, at string, stderr io.Writer) {
	decode := func(s *string, path string) {
		if *s == "" {
			return
		}
		b, err := base64.StdEncoding.DecodeString(*s)
		if err != nil {
			fmt.Fprintf(stderr, "%s.%s: not Base64, taken as plain text\n", at, path)
			return
		}
		*s = string(b)
	}
	decode(&inv.CommandContent, "CommandContent")
	inv.Instances = slices.Clone(inv.Instances)
	for j := range inv.Instances {
		decode(&inv.Instances[j].Output, fmt.Sprintf("InvokeInstances.InvokeInstance[%d].Output", j))
	}
}
