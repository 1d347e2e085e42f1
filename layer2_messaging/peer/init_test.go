package peer

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

var (
	chainA = wire.ChainHash{0: 0xaa}
	chainB = wire.ChainHash{0: 0xbb}
	chainC = wire.ChainHash{0: 0xcc}
)

// TestInitRefused plays remotes whose init the Peer must refuse after
// reading it: each gets the Peer's init, then a warning saying why, then
// the connection closes.
func TestInitRefused(t *testing.T) {
	withNetworks := func(in *messaging.Init, chains ...wire.ChainHash) *messaging.Init {
		in.TLVs.HasNetworks, in.TLVs.Networks = true, chains
		return in
	}
	for _, tc := range []struct {
		name   string
		chains []wire.ChainHash
		remote *messaging.Init
		want   error
	}{
		{
			// BOLT #1: "upon receiving unknown even feature bits that
			// are non-zero: MUST close the connection."
			name:   "unknown required feature",
			remote: &messaging.Init{Features: feature.New(feature.DataLossProtect, 100)},
			want:   feature.ErrUnknownRequiredFeature,
		},
		{
			name:   "required feature in globalfeatures",
			remote: &messaging.Init{GlobalFeatures: feature.New(feature.GossipQueriesEx), Features: testFeatures()},
			want:   feature.ErrUnknownRequiredFeature,
		},
		{
			// BOLT #1: "if the feature vector does not set all known,
			// transitive dependencies: MUST close the connection."
			name:   "missing dependency",
			remote: &messaging.Init{Features: feature.New(feature.DataLossProtect.Optional(), feature.ZeroConf.Optional())},
			want:   feature.ErrMissingDependency,
		},
		{
			name:   "no common chain",
			chains: []wire.ChainHash{chainA},
			remote: withNetworks(&messaging.Init{Features: testFeatures()}, chainB, chainC),
			want:   ErrNoCommonChain,
		},
		{
			name:   "empty networks",
			chains: []wire.ChainHash{chainA},
			remote: withNetworks(&messaging.Init{Features: testFeatures()}),
			want:   ErrNoCommonChain,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig(t)
			cfg.Chains = tc.chains
			p, r, started := startAgainstRemote(t, cfg)
			ours := r.exchangeInit(tc.remote)
			if len(tc.chains) > 0 && (!ours.TLVs.HasNetworks || len(ours.TLVs.Networks) != len(tc.chains)) {
				t.Errorf("the Peer's init has networks %v, want %v", ours.TLVs.Networks, tc.chains)
			}
			err := wait(t, started)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Start: %v, want %v", err, tc.want)
			}
			if !errors.Is(p.Err(), tc.want) {
				t.Errorf("Err: %v, want %v", p.Err(), tc.want)
			}
			m := r.recv()
			w, ok := m.(*messaging.Warning)
			if !ok || !w.ChannelID.IsZero() || !strings.Contains(string(w.Data), "peer") {
				t.Errorf("after init the Peer sent %#v, want a warning for all channels", m)
			}
			if _, err := r.tryRecv(); err == nil {
				t.Error("the connection is still open")
			}
		})
	}
}

func TestInitAccepted(t *testing.T) {
	for _, tc := range []struct {
		name   string
		chains []wire.ChainHash
		remote *messaging.Init
	}{
		{"no networks sent", []wire.ChainHash{chainA}, &messaging.Init{Features: testFeatures()}},
		{"one chain in common", []wire.ChainHash{chainA, chainB},
			&messaging.Init{Features: testFeatures(), TLVs: messaging.InitTLVs{HasNetworks: true, Networks: []wire.ChainHash{chainC, chainB}}}},
		{"local sends no networks", nil,
			&messaging.Init{Features: testFeatures(), TLVs: messaging.InitTLVs{HasNetworks: true, Networks: []wire.ChainHash{chainC}}}},
		// BOLT #1: "upon receiving unknown odd feature bits that are
		// non-zero: MUST ignore the bit."
		{"unknown odd feature", nil, &messaging.Init{Features: feature.New(feature.DataLossProtect, 2023)}},
		{"unknown odd TLV", nil, &messaging.Init{Features: testFeatures(),
			TLVs: messaging.InitTLVs{Unknown: wire.Records{{Type: 201, Value: []byte{1}}}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig(t)
			cfg.Chains = tc.chains
			p, r, started := startAgainstRemote(t, cfg)
			r.exchangeInit(tc.remote)
			if err := wait(t, started); err != nil {
				t.Fatalf("Start: %v", err)
			}
			if got := p.RemoteFeatures(); !got.Equal(tc.remote.Combined()) {
				t.Errorf("RemoteFeatures %v, want %v", got, tc.remote.Combined())
			}
			nets, sent := p.RemoteNetworks()
			if sent != tc.remote.TLVs.HasNetworks || len(nets) != len(tc.remote.TLVs.Networks) {
				t.Errorf("RemoteNetworks = %v, %v; want %v, %v", nets, sent, tc.remote.TLVs.Networks, tc.remote.TLVs.HasNetworks)
			}
		})
	}
}

// TestInitFailures covers the failures before a valid init arrives: the
// Peer sends nothing but its own init and closes.
func TestInitFailures(t *testing.T) {
	t.Run("first message not init", func(t *testing.T) {
		_, r, started := startAgainstRemote(t, testConfig(t))
		r.send(&messaging.Ping{NumPongBytes: 1})
		if _, ok := r.recv().(*messaging.Init); !ok {
			t.Fatal("the Peer did not send init first")
		}
		err := wait(t, started)
		var ue *UnexpectedError
		if !errors.Is(err, ErrExpectedInit) || !errors.As(err, &ue) || ue.Type != messaging.TypePing {
			t.Fatalf("Start: %v, want ErrExpectedInit naming ping", err)
		}
		if m, err := r.tryRecv(); err == nil {
			t.Errorf("the Peer sent %T after a bad first message, want nothing", m)
		}
	})
	t.Run("malformed init", func(t *testing.T) {
		_, r, started := startAgainstRemote(t, testConfig(t))
		r.sendRaw([]byte{0x00, 0x10, 0x00, 0x05, 0x01}) // gflen 5, one byte
		err := wait(t, started)
		if !wire.Malformed(err) || !errors.Is(err, wire.ErrTruncated) {
			t.Fatalf("Start: %v, want wire.ErrTruncated", err)
		}
	})
	t.Run("unknown even first", func(t *testing.T) {
		_, r, started := startAgainstRemote(t, testConfig(t))
		r.sendRaw([]byte{0x7f, 0xfe})
		if err := wait(t, started); !errors.Is(err, messaging.ErrUnknownRequiredMessage) {
			t.Fatalf("Start: %v, want ErrUnknownRequiredMessage", err)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		cfg := testConfig(t)
		cfg.InitTimeout = 100 * time.Millisecond
		_, r, started := startAgainstRemote(t, cfg)
		r.recv() // the Peer's init; the remote then stays silent
		if err := wait(t, started); !errors.Is(err, ErrInitTimeout) {
			t.Fatalf("Start: %v, want ErrInitTimeout", err)
		}
	})
	t.Run("remote hangs up", func(t *testing.T) {
		_, r, started := startAgainstRemote(t, testConfig(t))
		r.recv()
		r.c.Close()
		if err := wait(t, started); !errors.Is(err, ErrDisconnected) {
			t.Fatalf("Start: %v, want ErrDisconnected", err)
		}
	})
	t.Run("closed during start", func(t *testing.T) {
		p, r, started := startAgainstRemote(t, testConfig(t))
		r.recv()
		p.Close()
		if err := wait(t, started); !errors.Is(err, ErrClosed) {
			t.Fatalf("Start: %v, want ErrClosed", err)
		}
	})
	t.Run("closed before start", func(t *testing.T) {
		ours, _ := connPair(t)
		p, err := New(ours, testConfig(t))
		if err != nil {
			t.Fatal(err)
		}
		p.Close()
		if err := p.Start(testCtx(t)); !errors.Is(err, ErrClosed) {
			t.Fatalf("Start: %v, want ErrClosed", err)
		}
	})
	t.Run("context cancelled", func(t *testing.T) {
		ours, theirs := connPair(t)
		p, err := New(ours, testConfig(t))
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(testCtx(t))
		started := make(chan error, 1)
		go func() { started <- p.Start(ctx) }()
		newRemote(t, theirs).recv()
		cancel()
		err = wait(t, started)
		if !errors.Is(err, ErrClosed) || !errors.Is(err, context.Canceled) {
			t.Fatalf("Start: %v, want ErrClosed and context.Canceled", err)
		}
		if p.Err() == nil {
			t.Error("the Peer runs on after a failed Start")
		}
	})
}
