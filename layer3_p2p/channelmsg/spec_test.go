package channelmsg_test

import (
	"testing"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
	"github.com/lnstack/lnstack/layer3_p2p/channelmsg"
	"github.com/lnstack/lnstack/spec"
	"github.com/lnstack/lnstack/spec/speccheck"
)

// specIterations is the number of random instances per message and stream.
const specIterations = 500

func loadSpec(t testing.TB) *spec.Formats {
	t.Helper()
	f, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// newCodec returns a Codec of layer 2's messages and this package's.
func newCodec(t testing.TB) *messaging.Codec {
	t.Helper()
	c, err := messaging.NewCodec(messaging.Messages(), channelmsg.Messages())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestSpecLayout checks the table and every BOLT #2 message and TLV stream
// against the formats extracted from the pinned BOLTs in spec/.
func TestSpecLayout(t *testing.T) {
	f := loadSpec(t)
	table := channelmsg.Messages()
	names := speccheck.AllOf(f, 2)
	if len(names) != len(table.Messages) {
		t.Errorf("spec/ has %d BOLT #2 messages, the table %d", len(names), len(table.Messages))
	}
	opts := speccheck.Options{Iterations: specIterations}
	msgtest.SpecTable(t, f, 2, table, newCodec(t), opts)
	msgtest.SpecStreams(t, f, 2, msgtest.StreamDecoders(table.Streams), opts)
}
