package scenario_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"time"

	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
	"github.com/ecsassist/cloudassistant/scenario"
)

// Play a scenario file against a server: here the library's fake on a
// virtual clock, served by httptest; another server is given by its URL.
func ExampleRunner_Run() {
	svc, err := fake.NewService(fake.Config{Clock: fake.NewVirtualClock(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))})
	if err != nil {
		panic(err)
	}
	srv := httptest.NewServer(&fakehttp.Handler{Service: svc})
	defer srv.Close()

	data, err := os.ReadFile("testdata/small.json")
	if err != nil {
		panic(err)
	}
	file, err := scenario.Parse(data)
	if err != nil {
		panic(err)
	}
	r := scenario.Runner{Endpoint: srv.URL}
	for _, s := range file.Scenarios {
		res := r.Run(context.Background(), s)
		fmt.Println(res.Name, res.Outcome)
	}
	// Output:
	// one-run passed
	// clock passed
}
