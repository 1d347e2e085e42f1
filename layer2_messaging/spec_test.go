package messaging_test

import (
	"testing"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer2_messaging/wire/wiretest"
	"github.com/lnstack/lnstack/spec"
	"github.com/lnstack/lnstack/spec/speccheck"
)

// TestSpecLayout checks the BOLT #1 table and every BOLT #1 message and TLV
// stream against the formats extracted from the pinned BOLTs in spec/.
func TestSpecLayout(t *testing.T) {
	f, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	opts := speccheck.Options{Iterations: 100}
	msgtest.SpecTable(t, f, 1, messaging.Messages(), newCodec(t), opts)

	// The streams: init_tlvs from the table, n1 and n2 of Appendix B from
	// wiretest.
	streams := msgtest.StreamDecoders(messaging.Messages().Streams)
	streams["n1"] = msgtest.SpecStream(func() wire.Walker { return new(wiretest.N1) })
	streams["n2"] = msgtest.SpecStream(func() wire.Walker { return new(wiretest.N2) })
	msgtest.SpecStreams(t, f, 1, streams, opts)
}
