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
	c, err := messaging.NewCodec(messaging.Messages())
	if err != nil {
		t.Fatal(err)
	}
	table := make(map[uint16]string)
	for _, e := range c.Entries() {
		table[e.Type] = e.Name
	}
	speccheck.Table(t, f, table, speccheck.AllOf(f, 1)...)
	speccheck.Messages(t, f, speccheck.AllOf(f, 1), msgtest.SpecMessages(c), 100)

	// The streams: init_tlvs from the table, n1 and n2 of Appendix B from
	// wiretest.
	streams := map[string]func() wire.Walker{
		"n1": func() wire.Walker { return new(wiretest.N1) },
		"n2": func() wire.Walker { return new(wiretest.N2) },
	}
	for _, s := range messaging.Messages().Streams {
		streams[s.Name] = s.New
	}
	for _, name := range speccheck.StreamsOf(f, 1) {
		newStream, ok := streams[name]
		if !ok {
			t.Errorf("tlv_stream %s has no codec", name)
			continue
		}
		speccheck.Streams(t, f, []string{name}, msgtest.SpecStream(newStream), 100)
	}
}
