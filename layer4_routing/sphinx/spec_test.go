package sphinx_test

import (
	"testing"

	"github.com/lnstack/lnstack/layer2_messaging/msgtest"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
	"github.com/lnstack/lnstack/spec"
	"github.com/lnstack/lnstack/spec/speccheck"
)

// TestSpecLayout checks the `payload` TLV stream against spec/bolt04.csv.
func TestSpecLayout(t *testing.T) {
	f, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	speccheck.Streams(t, f, []string{"payload"}, msgtest.SpecStream(func() wire.Walker { return new(sphinx.Payload) }), 200)
}
