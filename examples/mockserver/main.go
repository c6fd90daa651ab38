// Command mockserver serves DescribeInvocations on a local address, from
// responses loaded from files or, by default, from the reference's example
// response, which is built in.
//
// Usage:
//
//	go run ./examples/mockserver [flags]
//
// The flags:
//
//	-addr HOST:PORT       the address to listen on (default 127.0.0.1:8080; :0 picks a free port)
//	-data FILE            a DescribeInvocations response to serve (repeatable)
//	-region ID            a region id queries may name (repeatable)
//	-fault-rate P         the fraction of requests answered with InternalError.Dispatch, from 0 to 1 (default 0)
//	-seed N               the seed of the fault injection (default 1)
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
//	-max-body-bytes N       of a request's body (default 1048576); more is RequestTooLarge (413)
//
// Durations are in Go's syntax, such as 500ms or 2m. A connection that
// breaks a time limit is closed (a body cut off by -read-timeout is first
// answered InvalidParameter, 400); headers over the limit are answered 431
// by net/http. Limits of parameters and signature nonces are the
// [mock.Handler] defaults (1,000 parameters and 1 MiB of them a request;
// 100,000 nonces).
//
// When ready it prints "listening on http://HOST:PORT" on standard output.
// Each -data file is a DescribeInvocations response, XML or JSON (told
// apart by its content), decoded leniently, with its diagnostics on
// standard error; the invocations are served in file order, with their
// overall statuses recomputed from their instances. Without -data the
// reference's example is served. -region replaces the known region ids.
// -fault-rate answers that fraction of requests with
// InternalError.Dispatch, the same ones for the same -seed. -access-key
// turns signature checking on: requests must then be signed by one of the
// keys, as the official SDKs sign them; a malformed -access-key is
// reported without its value, which may hold a secret. Every request is
// logged as one structured line on standard error; SIGINT or SIGTERM
// shuts the server down cleanly.
package main

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/jsoncodec"
	"github.com/ecsassist/cloudassistant/mock"
	"github.com/ecsassist/cloudassistant/xmlcodec"
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
	flags := flag.NewFlagSet("mockserver", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() {
		fmt.Fprintf(stderr, "Usage: mockserver [flags]\n\nServes DescribeInvocations from responses in files, or the reference's example.\n\nFlags:\n")
		flags.PrintDefaults()
	}
	addr := flags.String("addr", "127.0.0.1:8080", "`HOST:PORT` to listen on; :0 picks a free port")
	var data, regions, keys repeated
	flags.Var(&data, "data", "a DescribeInvocations response to serve, XML or JSON, from `FILE` (repeatable); none serves the reference's example")
	flags.Var(&regions, "region", "a region `ID` queries may name, replacing the known ones (repeatable)")
	faultRate := flags.Float64("fault-rate", 0, "`fraction` of requests answered with InternalError.Dispatch, from 0 to 1")
	seedFlag := flags.Uint64("seed", 1, "seed of the fault injection")
	flags.Var(&keys, "access-key", "`ID:SECRET` of a key requests must be signed with (repeatable); none turns signature checking off")
	readHeaderTimeout := flags.Duration("read-header-timeout", 10*time.Second, "time to read a request's headers")
	readTimeout := flags.Duration("read-timeout", 30*time.Second, "time to read a whole request, body included")
	writeTimeout := flags.Duration("write-timeout", 30*time.Second, "time to write a response, from the end of the request's headers")
	idleTimeout := flags.Duration("idle-timeout", 2*time.Minute, "time to wait for the next request on a kept-alive connection")
	maxHeaderBytes := flags.Int("max-header-bytes", http.DefaultMaxHeaderBytes, "`bytes` of a request's line and headers (net/http allows 4096 more)")
	maxBodyBytes := flags.Int64("max-body-bytes", mock.DefaultMaxBodyBytes, "`bytes` of a request's body; more is RequestTooLarge (413)")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if !(*faultRate >= 0 && *faultRate <= 1) { // NaN too
		fmt.Fprintf(stderr, "mockserver: -fault-rate %v is not from 0 to 1\n", *faultRate)
		return 2
	}
	for _, d := range []struct {
		name string
		d    time.Duration
	}{{"read-header-timeout", *readHeaderTimeout}, {"read-timeout", *readTimeout}, {"write-timeout", *writeTimeout}, {"idle-timeout", *idleTimeout}} {
		if d.d <= 0 {
			fmt.Fprintf(stderr, "mockserver: -%s %v is not positive\n", d.name, d.d)
			return 2
		}
	}
	if *maxHeaderBytes <= 0 || *maxBodyBytes <= 0 {
		fmt.Fprintf(stderr, "mockserver: -max-header-bytes %d and -max-body-bytes %d must be positive\n", *maxHeaderBytes, *maxBodyBytes)
		return 2
	}

	var accessKeys map[string]string
	for i, k := range keys {
		id, secret, ok := strings.Cut(k, ":")
		if !ok || id == "" || secret == "" {
			// The value may be a secret alone: it is not echoed.
			fmt.Fprintf(stderr, "mockserver: -access-key number %d is not ID:SECRET (%s); its value is not shown\n", i+1, keyFault(ok, id))
			return 2
		}
		if accessKeys == nil {
			accessKeys = map[string]string{}
		}
		accessKeys[id] = secret
	}

	store := mock.NewStore()
	if len(data) == 0 {
		if err := load(store, "seed.xml (built in)", seed, stderr); err != nil {
			fmt.Fprintf(stderr, "mockserver: %v\n", err)
			return 1
		}
	}
	for _, name := range data {
		b, err := os.ReadFile(name)
		if err == nil {
			err = load(store, name, b, stderr)
		}
		if err != nil {
			fmt.Fprintf(stderr, "mockserver: %v\n", err)
			return 1
		}
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "mockserver: %v\n", err)
		return 1
	}
	logger := slog.New(slog.NewJSONHandler(stderr, nil))
	srv := &http.Server{
		Handler: &mock.Handler{Store: store, Regions: regions, FaultRate: *faultRate, Seed: *seedFlag, Logger: logger,
			AccessKeys: accessKeys, MaxBodyBytes: *maxBodyBytes},
		ReadHeaderTimeout: *readHeaderTimeout,
		ReadTimeout:       *readTimeout,
		WriteTimeout:      *writeTimeout,
		IdleTimeout:       *idleTimeout,
		MaxHeaderBytes:    *maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(stdout, "listening on http://%s\n", ln.Addr())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		fmt.Fprintf(stderr, "mockserver: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		fmt.Fprintf(stderr, "mockserver: shutting down: %v\n", err)
		return 1
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "mockserver: %v\n", err)
		return 1
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

// load decodes a response leniently and puts its invocations in the
// store, in file order. Diagnostics, and invocations that cannot be
// stored, go to stderr.
func load(store *mock.Store, name string, b []byte, stderr io.Writer) error {
	var resp invocation.Response
	var diags []xmlcodec.Diagnostic
	var err error
	switch first := bytes.TrimLeft(b, " \t\r\n\ufeff"); {
	case len(first) > 0 && first[0] == '<':
		resp, diags, err = xmlcodec.Decoder{Lenient: true}.DecodeResponse(b)
	case len(first) > 0 && first[0] == '{':
		var jdiags []jsoncodec.Diagnostic
		resp, jdiags, err = jsoncodec.Decoder{Lenient: true}.DecodeResponse(b)
		for _, d := range jdiags {
			diags = append(diags, xmlcodec.Diagnostic{Position: xmlcodec.Position(d.Position), Message: d.Message})
		}
	default:
		return fmt.Errorf("%s: neither XML nor JSON", name)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	for _, d := range diags {
		fmt.Fprintf(stderr, "%s:%d:%d: %s: %s\n", name, d.Line, d.Column, d.Path, d.Message)
	}
	for _, inv := range resp.Invocations {
		if err := store.Put(inv); err != nil {
			fmt.Fprintf(stderr, "%s: %s not served: %v\n", name, inv.InvokeID, err)
		}
	}
	return nil
}
