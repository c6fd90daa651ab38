package bench

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// A payload is one generated DescribeInvocations response in both formats.
type payload struct {
	name string
	json []byte
	xml  []byte
}

var (
	legacyStatuses  = []string{"Running", "Stopping", "Stopped", "Failed", "Finished"}
	currentStatuses = []string{"Pending", "Running", "Success", "Failed", "Timeout", "Cancelled", "Error", "Stopped"}
)

// oddly returns s as real responses sometimes spell it: about one time in
// four in lower or upper case, or padded.
func oddly(r *rand.Rand, s string) string {
	switch r.IntN(12) {
	case 0:
		return strings.ToLower(s)
	case 1:
		return strings.ToUpper(s)
	case 2:
		return " " + s + " "
	}
	return s
}

func hexID(r *rand.Rand, prefix string, n int) string {
	const digits = "0123456789abcdef"
	b := []byte(prefix)
	for range n {
		b = append(b, digits[r.IntN(16)])
	}
	return string(b)
}

// newPayload generates a response of invocations × instances, the same in
// both formats, deterministically.
func newPayload(invocations, instances int) payload {
	r := rand.New(rand.NewPCG(uint64(invocations), uint64(instances)))
	var j, x strings.Builder
	j.WriteString(`{"TotalCount":`)
	fmt.Fprintf(&j, "%d", invocations*3)
	j.WriteString(`,"PageNumber":1,"PageSize":50,"Invocations":{"Invocation":[`)
	x.WriteString("<DescribeInvocationsResponse><TotalCount>")
	fmt.Fprintf(&x, "%d", invocations*3)
	x.WriteString("</TotalCount><PageNumber>1</PageNumber><PageSize>50</PageSize><Invocations>")
	for i := range invocations {
		timed := r.IntN(4) == 0
		freq := ""
		if timed {
			freq = "0 */20 * * * *"
		}
		id, cmd := hexID(r, "t-", 32), hexID(r, "c-", 32)
		name := fmt.Sprintf("deploy-%d", i)
		inv, cur := oddly(r, legacyStatuses[r.IntN(5)]), oddly(r, currentStatuses[r.IntN(8)])
		created := fmt.Sprintf("2020-01-%02dT%02d:%02d:%02dZ", 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60))
		if i > 0 {
			j.WriteByte(',')
		}
		fmt.Fprintf(&j, `{"InvokeId":%q,"CommandId":%q,"CommandName":%q,"CommandType":"RunShellScript","InvokeStatus":%q,"InvocationStatus":%q,"Timed":%t,"Frequency":%q,"CreationTime":%q,"InvokeInstances":{"InvokeInstance":[`,
			id, cmd, name, inv, cur, timed, freq, created)
		fmt.Fprintf(&x, "<Invocation><InvokeId>%s</InvokeId><CommandId>%s</CommandId><CommandName>%s</CommandName><CommandType>RunShellScript</CommandType><InvokeStatus>%s</InvokeStatus><InvocationStatus>%s</InvocationStatus><Timed>%t</Timed><Frequency>%s</Frequency><CreationTime>%s</CreationTime><InvokeInstances>",
			id, cmd, name, inv, cur, timed, freq, created)
		for k := range instances {
			iid := hexID(r, "i-", 20)
			il, ic := oddly(r, legacyStatuses[r.IntN(5)]), oddly(r, currentStatuses[r.IntN(8)])
			if k > 0 {
				j.WriteByte(',')
			}
			fmt.Fprintf(&j, `{"InstanceId":%q,"InstanceInvokeStatus":%q,"InvocationStatus":%q}`, iid, il, ic)
			fmt.Fprintf(&x, "<InvokeInstance><InstanceId>%s</InstanceId><InstanceInvokeStatus>%s</InstanceInvokeStatus><InvocationStatus>%s</InvocationStatus></InvokeInstance>", iid, il, ic)
		}
		j.WriteString(`]}}`)
		x.WriteString("</InvokeInstances></Invocation>")
	}
	j.WriteString(`]},"RequestId":"12E7974A-5AA5-4933-A44C-A16C01234567"}`)
	x.WriteString("</Invocations><RequestId>12E7974A-5AA5-4933-A44C-A16C01234567</RequestId></DescribeInvocationsResponse>")
	return payload{name: fmt.Sprintf("%dx%d", invocations, instances), json: []byte(j.String()), xml: []byte(x.String())}
}

// payloads are the sizes measured.
var payloads = []payload{newPayload(50, 10), newPayload(50, 100)}
