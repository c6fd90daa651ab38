// Command mockserver serves DescribeInvocations on a local address, from
// responses loaded from files or, by default, from the reference's example
// response, which is built in.
//
// Usage:
//
//	go run ./examples/mockserver [-addr HOST:PORT] [-data FILE]... [-region ID]... [-fault-rate P] [-seed N] [-access-key ID:SECRET]...
//
// -addr defaults to 127.0.0.1:8080; :0 picks a free port. When ready it
// prints "listening on http://HOST:PORT" on standard output. Each -data
// file is a DescribeInvocations response, XML or JSON (told apart by its
// content), decoded leniently, with its diagnostics on standard error; the
// invocations are served in file order, with their overall statuses
// recomputed from their instances. -region replaces the known region ids
// (repeatable). -fault-rate answers that fraction of requests with
// InternalError.Dispatch, the same ones for the same -seed. -access-key
// (repeatable) turns signature checking on: requests must then be signed
// by one of the keys, as the official SDKs sign them. Every request
// is logged as one structured line on standard error; SIGINT or SIGTERM
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
	addr := flags.String("addr", "127.0.0.1:8080", "address to listen on; :0 picks a free port")
	var data, regions, keys repeated
	flags.Var(&data, "data", "a DescribeInvocations response to serve, XML or JSON (repeatable); none serves the reference's example")
	flags.Var(&regions, "region", "a region id queries may name, replacing the known ones (repeatable)")
	faultRate := flags.Float64("fault-rate", 0, "fraction of requests answered with InternalError.Dispatch, from 0 to 1")
	seedFlag := flags.Uint64("seed", 1, "seed of the fault injection")
	flags.Var(&keys, "access-key", "ID:SECRET of a key requests must be signed with (repeatable); none turns signature checking off")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if *faultRate < 0 || *faultRate > 1 {
		fmt.Fprintf(stderr, "mockserver: -fault-rate %v is not from 0 to 1\n", *faultRate)
		return 2
	}

	var accessKeys map[string]string
	for _, k := range keys {
		id, secret, ok := strings.Cut(k, ":")
		if !ok || id == "" || secret == "" {
			fmt.Fprintf(stderr, "mockserver: -access-key %q is not ID:SECRET\n", id)
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
			AccessKeys: accessKeys},
		ReadHeaderTimeout: 10 * time.Second,
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
