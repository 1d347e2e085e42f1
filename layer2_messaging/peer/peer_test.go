package peer

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

func TestStartNegotiates(t *testing.T) {
	a := testConfig(t)
	a.Features = feature.New(feature.DataLossProtect.Optional(), feature.VarOnionOptin,
		feature.StaticRemoteKey.Optional(), feature.PaymentSecret.Optional(), feature.BasicMPP.Optional())
	b := testConfig(t)
	// b sets static_remotekey in the legacy field: it counts the same.
	b.Features = feature.New(feature.DataLossProtect, feature.VarOnionOptin.Optional(), feature.PaymentSecret)
	b.GlobalFeatures = feature.New(feature.StaticRemoteKey.Optional())
	pa, pb := startPair(t, a, b)

	if got, want := pa.RemoteFeatures(), feature.Or(b.GlobalFeatures, b.Features); !got.Equal(want) {
		t.Errorf("a sees remote features %v, want %v", got, want)
	}
	if got := pb.RemoteFeatures(); !got.Equal(a.Features) {
		t.Errorf("b sees remote features %v, want %v", got, a.Features)
	}
	// BOLT #1: "A feature is *negotiated* if either both peers offered
	// it, or the local node offered it as even"; basic_mpp was offered
	// by a alone, as odd.
	want := feature.New(feature.DataLossProtect, feature.VarOnionOptin,
		feature.StaticRemoteKey.Optional(), feature.PaymentSecret)
	for _, p := range []*Peer{pa, pb} {
		if got := p.Negotiated(); !got.Equal(want) {
			t.Errorf("negotiated %v, want %v", got, want)
		}
	}
	if _, sent := pa.RemoteNetworks(); sent {
		t.Error("b sent no networks, RemoteNetworks says it did")
	}
	if in := pb.RemoteInit(); in == nil || len(in.GlobalFeatures) != 0 {
		t.Errorf("b's view of a's init: %+v, want one without globalfeatures", in)
	}
}

func TestSendRecv(t *testing.T) {
	pa, pb := startPair(t, testConfig(t), testConfig(t))
	ctx := testCtx(t)
	var chanID wire.ChannelID
	chanID[31] = 7
	sent := []messaging.Message{
		&testMsg{typ: typeTestOdd, Value: 1, Data: []byte("odd")},
		&testMsg{typ: typeTestEven, Value: 2, Data: []byte("even")},
		&messaging.Warning{Data: []byte("careful")},
		&messaging.Error{ChannelID: chanID, Data: []byte("channel 7 failed")},
		&messaging.PeerStorage{Blob: []byte{1, 2, 3}},
	}
	for _, m := range sent {
		if err := pa.Send(ctx, m); err != nil {
			t.Fatalf("Send %T: %v", m, err)
		}
	}
	for _, want := range sent {
		got, err := pb.Recv(ctx)
		if err != nil {
			t.Fatalf("Recv: %v", err)
		}
		if got.Type() != want.Type() {
			t.Fatalf("Recv type %d, want %d", got.Type(), want.Type())
		}
		gb, _ := messaging.Encode(nil, got)
		wb, _ := messaging.Encode(nil, want)
		if !bytes.Equal(gb, wb) {
			t.Errorf("Recv %x, want %x", gb, wb)
		}
	}
	if err := pb.Err(); err != nil {
		t.Errorf("a channel error stopped the Peer: %v", err)
	}
	if got := pb.Stats().Delivered; got != uint64(len(sent)) {
		t.Errorf("Delivered %d, want %d", got, len(sent))
	}
}

func TestSendRules(t *testing.T) {
	ours, _ := connPair(t)
	p, err := New(ours, testConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx := testCtx(t)
	if err := p.Send(ctx, &messaging.Warning{}); !errors.Is(err, ErrNotReady) {
		t.Errorf("Send before Start: %v, want ErrNotReady", err)
	}
	p.Close()

	pa, pb := startPair(t, testConfig(t), testConfig(t))
	for _, m := range []messaging.Message{&messaging.Init{}, &messaging.Ping{}, &messaging.Pong{}} {
		if err := pa.Send(ctx, m); !errors.Is(err, ErrReserved) {
			t.Errorf("Send %T: %v, want ErrReserved", m, err)
		}
	}
	// An encoding error is the caller's, and leaves the Peer running.
	big := &testMsg{typ: typeTestOdd, Data: make([]byte, 70000)}
	if err := pa.Send(ctx, big); err == nil || pa.Err() != nil {
		t.Errorf("Send of an oversized message: %v, Peer stopped: %v", err, pa.Err())
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := pa.Send(cancelled, &messaging.Warning{}); !errors.Is(err, context.Canceled) || pa.Err() != nil {
		t.Errorf("Send with a cancelled context: %v, Peer stopped: %v", err, pa.Err())
	}
	if err := pa.Start(ctx); !errors.Is(err, ErrStarted) {
		t.Errorf("second Start: %v, want ErrStarted", err)
	}
	pa.Close()
	if err := pa.Send(ctx, &messaging.Warning{}); !errors.Is(err, ErrClosed) {
		t.Errorf("Send after Close: %v, want ErrClosed", err)
	}
	if _, err := pa.Recv(ctx); !errors.Is(err, ErrClosed) {
		t.Errorf("Recv after Close: %v, want ErrClosed", err)
	}
	// The other side sees the connection go.
	if _, err := pb.Recv(ctx); !errors.Is(err, ErrDisconnected) {
		t.Errorf("remote's Recv after Close: %v, want ErrDisconnected", err)
	}
}

// TestRecvDrains checks that messages received before the Peer stopped
// are still handed out, and the reason comes after them.
func TestRecvDrains(t *testing.T) {
	p, r, started := startAgainstRemote(t, testConfig(t))
	r.exchangeInit(&messaging.Init{Features: testFeatures()})
	if err := wait(t, started); err != nil {
		t.Fatal(err)
	}
	r.send(&testMsg{typ: typeTestOdd, Value: 42})
	r.send(&messaging.Error{Data: []byte("bye")})
	err := waitStopped(t, p)
	var re *RemoteError
	if !errors.As(err, &re) || string(re.Msg.Data) != "bye" || !errors.Is(err, ErrRemoteError) {
		t.Fatalf("stopped with %v, want a *RemoteError with data \"bye\"", err)
	}
	ctx := testCtx(t)
	m, err := p.Recv(ctx)
	if err != nil || m.Type() != typeTestOdd {
		t.Fatalf("Recv = %v, %v; want the message sent before the error", m, err)
	}
	if _, err := p.Recv(ctx); !errors.As(err, &re) {
		t.Fatalf("Recv after the messages: %v, want the *RemoteError", err)
	}
}

func TestRemoteWarningAndErrors(t *testing.T) {
	p, r, started := startAgainstRemote(t, testConfig(t))
	r.exchangeInit(&messaging.Init{Features: testFeatures()})
	if err := wait(t, started); err != nil {
		t.Fatal(err)
	}
	ctx := testCtx(t)
	// A warning for all channels is only logged and delivered.
	r.send(&messaging.Warning{Data: []byte("\x00binary")})
	m, err := p.Recv(ctx)
	if w, ok := m.(*messaging.Warning); err != nil || !ok || w.Text() == "\x00binary" {
		t.Fatalf("Recv = %#v, %v; want the warning, printed escaped", m, err)
	}
	if p.Err() != nil {
		t.Fatalf("a warning stopped the Peer: %v", p.Err())
	}
}

func TestConfigErrors(t *testing.T) {
	bare, err := messaging.NewCodec(testTable())
	if err != nil {
		t.Fatal(err)
	}
	ours, _ := connPair(t)
	for name, cfg := range map[string]Config{
		"codec without BOLT 1":  {Codec: bare},
		"both bits of a pair":   {Features: feature.New(feature.VarOnionOptin, feature.VarOnionOptin.Optional())},
		"missing dependency":    {Features: feature.New(feature.ZeroConf.Optional())},
		"wrong context":         {Features: feature.New(feature.PaymentMetadata.Optional())},
		"negative init timeout": {InitTimeout: -time.Second},
		"negative rate":         {PongRate: -1},
	} {
		if _, err := New(ours, cfg); !errors.Is(err, ErrConfig) {
			t.Errorf("%s: New: %v, want ErrConfig", name, err)
		}
	}
	if _, err := New(nil, Config{}); !errors.Is(err, ErrConfig) {
		t.Errorf("nil connection: %v, want ErrConfig", err)
	}
	p, err := New(ours, Config{})
	if err != nil {
		t.Fatalf("zero Config: %v", err)
	}
	if p.cfg.InitTimeout != DefaultInitTimeout || p.cfg.PingInterval != DefaultPingInterval ||
		p.cfg.PongTimeout != DefaultPongTimeout || p.cfg.PongBurst != DefaultPongBurst {
		t.Errorf("zero Config did not get the defaults: %+v", p.cfg)
	}
}
