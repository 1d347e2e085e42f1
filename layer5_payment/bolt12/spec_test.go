package bolt12_test

import (
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
	"github.com/lnstack/lnstack/layer5_payment/bolt12"
	"github.com/lnstack/lnstack/spec"
	"github.com/lnstack/lnstack/spec/speccheck"
)

// TestSpecLayout checks the four BOLT #12 streams against the formats
// extracted from the pinned BOLTs in spec/: every record, in order, with its
// fields and subtypes (blinded_path from BOLT #4, blinded_payinfo,
// fallback_address), and byte-identical re-encoding.
func TestSpecLayout(t *testing.T) {
	f, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	if names := speccheck.StreamsOf(f, 12); len(names) != 4 {
		t.Errorf("spec/ lists %d BOLT #12 streams %v, want 4", len(names), names)
	}
	msgtest.SpecStreams(t, f, 12, msgtest.StreamDecoders(bolt12.Streams().Streams), speccheck.Options{Iterations: 100})
}
