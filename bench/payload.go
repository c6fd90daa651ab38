package bench

import (
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// A payload is one generated DescribeInvocations response of the current
// edition, in both formats, with the model it must decode to.
type payload struct {
	name string
	json []byte
	xml  []byte
	want invocation.Response
}

// A node is a member of a generated response: a scalar (text, written
// bare in JSON when bare is set), an object (kids), or a list wrapper
// whose one member holds items.
type node struct {
	name  string
	text  string
	bare  bool
	kids  []node
	items []node // a list: the items of the member named name
	list  bool
}

func str(name, text string) node        { return node{name: name, text: text} }
func lit(name string, text string) node { return node{name: name, text: text, bare: true} }

var (
	legacyStatuses  = []status.Legacy{status.LegacyRunning, status.LegacyStopping, status.LegacyStopped, status.LegacyFailed, status.LegacyFinished}
	currentStatuses = []status.Current{status.CurrentPending, status.CurrentRunning, status.CurrentSuccess, status.CurrentFailed,
		status.CurrentTimeout, status.CurrentCancelled, status.CurrentError, status.CurrentTerminated}
	errorCodes = []invocation.ErrorCode{"", invocation.ExitCodeNonzero, invocation.ExecutionTimeout, invocation.ClientNotRunning}
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

// text returns n bytes of printable script-like text.
func text(r *rand.Rand, n int) []byte {
	const words = "echo deploy systemctl restart nginx && tar -xzf /tmp/release.tgz -C /opt/app; ls -la | grep conf\n"
	b := make([]byte, n)
	for i := range b {
		b[i] = words[r.IntN(len(words))]
	}
	return b
}

const layout = "2006-01-02T15:04:05Z"

// newPayload generates a response of invocations × instances with every
// field of the current edition, the same in both formats, with members in
// the schema's order or, when shuffled, in a random order per object.
func newPayload(invocations, instances int, shuffled bool) payload {
	r := rand.New(rand.NewPCG(uint64(invocations), uint64(instances)))
	want := invocation.Response{RequestID: "12E7974A-5AA5-4933-A44C-A16C01234567", TotalCount: invocations * 3,
		NextToken: "AAAAAZ9FmxgM11ScFMUOqHJqmuBB6A2+Jh5Qm5gLfH3x"}
	var items []node
	base := time.Date(2024, 11, 20, 8, 0, 0, 0, time.UTC)
	for i := range invocations {
		created := base.Add(time.Duration(r.IntN(86400*7)) * time.Second)
		timed := r.IntN(4) == 0
		mode, freq := invocation.Once, ""
		if timed {
			mode, freq = invocation.Period, "0 */20 * * * *"
		}
		content := base64.StdEncoding.EncodeToString(text(r, 700+r.IntN(200))) // about 1 KiB as Base64
		inv := invocation.Invocation{InvokeID: hexID(r, "t-", 32), CommandID: hexID(r, "c-", 32), CommandName: fmt.Sprintf("deploy-%d", i),
			CommandType: invocation.RunShellScript, InvokeStatus: legacyStatuses[r.IntN(len(legacyStatuses))],
			InvocationStatus: currentStatuses[r.IntN(len(currentStatuses))], Timed: timed, Frequency: freq, CreationTime: created,
			RepeatMode: mode, CommandContent: content, CommandDescription: "Roll out the release to the web tier.",
			Parameters: `{"version":"2.4.1","target":"/opt/app"}`, Timeout: invocation.Some[int64](60 + int64(r.IntN(3600))),
			Username: "root", WorkingDir: "/root", Launcher: "", TerminationMode: invocation.ProcessTree,
			ContainerID: "", ContainerName: "", OssOutputDelivery: "",
			Tags: []invocation.Tag{{Key: "team", Value: "web"}, {Key: "release", Value: fmt.Sprintf("r%d", r.IntN(100))}}}
		if inv.InvocationStatus == status.CurrentTerminated || inv.InvocationStatus == status.CurrentTimeout {
			inv.InvocationStatus = status.CurrentFailed // overall values only
		}
		invNodes := []node{
			str("InvokeId", inv.InvokeID), str("CommandId", inv.CommandID), str("CommandName", inv.CommandName),
			str("CommandType", string(inv.CommandType)), str("InvokeStatus", oddly(r, string(inv.InvokeStatus))),
			str("InvocationStatus", oddly(r, string(inv.InvocationStatus))), lit("Timed", strconv.FormatBool(timed)),
			str("Frequency", freq), str("CreationTime", created.Format(layout)), str("RepeatMode", string(mode)),
			str("CommandContent", content), str("CommandDescription", inv.CommandDescription), str("Parameters", inv.Parameters),
			lit("Timeout", strconv.FormatInt(inv.Timeout.Value, 10)), str("Username", inv.Username), str("WorkingDir", inv.WorkingDir),
			str("Launcher", ""), str("TerminationMode", string(inv.TerminationMode)), str("ContainerId", ""), str("ContainerName", ""),
			str("OssOutputDelivery", ""),
		}
		var tagItems []node
		for _, t := range inv.Tags {
			tagItems = append(tagItems, node{kids: []node{str("TagKey", t.Key), str("TagValue", t.Value)}})
		}
		invNodes = append(invNodes, node{name: "Tags", kids: []node{{name: "Tag", list: true, items: tagItems}}})
		var instItems []node
		for range instances {
			start := created.Add(time.Second)
			finish := start.Add(time.Duration(1+r.IntN(60)) * time.Second)
			out := text(r, r.IntN(4<<10))
			in := invocation.InvokeInstance{InstanceID: hexID(r, "i-", 20), InstanceInvokeStatus: legacyStatuses[r.IntN(len(legacyStatuses))],
				InvocationStatus: currentStatuses[r.IntN(len(currentStatuses))], Timed: invocation.Some(timed),
				Repeats: invocation.Some(int32(1)), ExitCode: invocation.Some(int64(r.IntN(3))),
				Output: base64.StdEncoding.EncodeToString(out), Dropped: invocation.Some(int32(0)),
				ErrorCode: errorCodes[r.IntN(len(errorCodes))], CreationTime: created, StartTime: start, FinishTime: finish,
				UpdateTime: finish, OssOutputStatus: invocation.OssFinished, OssOutputURI: "oss://bucket/out/" + hexID(r, "", 8)}
			if in.ErrorCode != "" {
				in.ErrorInfo = "the command exited with a non-zero code"
			}
			kids := []node{
				str("InstanceId", in.InstanceID), str("InstanceInvokeStatus", oddly(r, string(in.InstanceInvokeStatus))),
				str("InvocationStatus", oddly(r, string(in.InvocationStatus))), lit("Timed", strconv.FormatBool(timed)),
				lit("Repeats", "1"), lit("ExitCode", strconv.FormatInt(in.ExitCode.Value, 10)), str("Output", in.Output),
				lit("Dropped", "0"), str("ErrorCode", string(in.ErrorCode)), str("ErrorInfo", in.ErrorInfo),
				str("CreationTime", created.Format(layout)), str("StartTime", start.Format(layout)), str("FinishTime", finish.Format(layout)),
				str("UpdateTime", finish.Format(layout)), str("OssOutputStatus", string(in.OssOutputStatus)),
				str("OssOutputUri", in.OssOutputURI), str("OssOutputErrorCode", ""), str("OssOutputErrorInfo", ""),
			}
			if shuffled {
				r.Shuffle(len(kids), func(a, b int) { kids[a], kids[b] = kids[b], kids[a] })
			}
			instItems = append(instItems, node{kids: kids})
			inv.Instances = append(inv.Instances, in)
		}
		invNodes = append(invNodes, node{name: "InvokeInstances", kids: []node{{name: "InvokeInstance", list: true, items: instItems}}})
		if shuffled {
			r.Shuffle(len(invNodes), func(a, b int) { invNodes[a], invNodes[b] = invNodes[b], invNodes[a] })
		}
		items = append(items, node{kids: invNodes})
		want.Invocations = append(want.Invocations, inv)
	}
	root := []node{lit("TotalCount", strconv.Itoa(want.TotalCount)), str("NextToken", want.NextToken),
		{name: "Invocations", kids: []node{{name: "Invocation", list: true, items: items}}}, str("RequestId", want.RequestID)}
	if shuffled {
		r.Shuffle(len(root), func(a, b int) { root[a], root[b] = root[b], root[a] })
	}
	order := "ordered"
	if shuffled {
		order = "shuffled"
	}
	var j, x strings.Builder
	writeJSON(&j, root)
	x.WriteString("<DescribeInvocationsResponse>")
	writeXML(&x, root)
	x.WriteString("</DescribeInvocationsResponse>")
	return payload{name: fmt.Sprintf("%dx%d/%s", invocations, instances, order), json: []byte(j.String()), xml: []byte(x.String()), want: want}
}

func writeJSON(b *strings.Builder, members []node) {
	b.WriteByte('{')
	for i, m := range members {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.name)
		b.Write(k)
		b.WriteByte(':')
		switch {
		case m.list:
			b.WriteByte('[')
			for j, it := range m.items {
				if j > 0 {
					b.WriteByte(',')
				}
				writeJSON(b, it.kids)
			}
			b.WriteByte(']')
		case m.kids != nil:
			writeJSON(b, m.kids)
		case m.bare:
			b.WriteString(m.text)
		default:
			v, _ := json.Marshal(m.text)
			b.Write(v)
		}
	}
	b.WriteByte('}')
}

func writeXML(b *strings.Builder, members []node) {
	for _, m := range members {
		switch {
		case m.list:
			for _, it := range m.items {
				b.WriteString("<" + m.name + ">")
				writeXML(b, it.kids)
				b.WriteString("</" + m.name + ">")
			}
		case m.kids != nil:
			b.WriteString("<" + m.name + ">")
			writeXML(b, m.kids)
			b.WriteString("</" + m.name + ">")
		default:
			b.WriteString("<" + m.name + ">")
			xml.EscapeText(b, []byte(m.text))
			b.WriteString("</" + m.name + ">")
		}
	}
}

// payloads are the sizes and member orders measured.
var payloads = []payload{
	newPayload(50, 10, false), newPayload(50, 10, true),
	newPayload(50, 100, false), newPayload(50, 100, true),
}
