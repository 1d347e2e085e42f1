package peer

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"

	transport "github.com/lnstack/lnstack/layer1_transport"
	"github.com/lnstack/lnstack/layer1_transport/netaddr"
	"github.com/lnstack/lnstack/layer1_transport/noise"
	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// testTimeout bounds every wait of a test: generous, as the machine running
// the tests may be loaded.
const testTimeout = 60 * time.Second

// testCtx returns a context bounded by testTimeout, cancelled at cleanup.
func testCtx(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

// connPair returns both ends of a BOLT #8 connection over TCP on
// 127.0.0.1: the dialer's and the listener's. Both close at cleanup.
func connPair(t testing.TB) (dialed, accepted *noise.Conn) {
	t.Helper()
	ctx := testCtx(t)
	srvKey, err := btcec.NewPrivateKey()
	if err != nil {
		t.Fatal(err)
	}
	cliKey, err := btcec.NewPrivateKey()
	if err != nil {
		t.Fatal(err)
	}
	l, err := transport.Listen(ctx, "127.0.0.1:0", srvKey)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	type result struct {
		c   *noise.Conn
		err error
	}
	ch := make(chan result, 1)
	go func() {
		c, err := l.Accept()
		ch <- result{c, err}
	}()
	addr, err := netaddr.FromNetAddr(l.Addr())
	if err != nil {
		t.Fatal(err)
	}
	dialed, err = transport.Dial(ctx, nil, addr, srvKey.PubKey(), cliKey)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dialed.Close() })
	r := <-ch
	if r.err != nil {
		t.Fatal(r.err)
	}
	t.Cleanup(func() { r.c.Close() })
	return dialed, r.c
}

// testFeatures is what the test peers offer: data_loss_protect and
// var_onion_optin required, static_remotekey and payment_secret optional.
func testFeatures() feature.Vector {
	return feature.New(feature.DataLossProtect, feature.VarOnionOptin,
		feature.StaticRemoteKey.Optional(), feature.PaymentSecret.Optional())
}

// testCodec knows layer 2's messages and those of testTable.
func testCodec(t testing.TB) *messaging.Codec {
	t.Helper()
	c, err := messaging.NewCodec(messaging.Messages(), testTable())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// testTable stands for an upper layer's table: one odd and one even
// message type.
func testTable() messaging.Table {
	return messaging.Table{Messages: []messaging.Entry{
		{Type: typeTestOdd, Name: "test_odd", New: func() messaging.Message { return &testMsg{typ: typeTestOdd} }},
		{Type: typeTestEven, Name: "test_even", New: func() messaging.Message { return &testMsg{typ: typeTestEven} }},
	}}
}

// Types from the experimental range of BOLT #1 (32768-65535).
const (
	typeTestOdd  uint16 = 32771
	typeTestEven uint16 = 32772
)

// testMsg is a message of an upper layer: [u64:value][u16:len][len*byte:data].
type testMsg struct {
	typ       uint16
	Value     uint64
	Data      []byte
	Extension wire.Records
}

func (m *testMsg) Type() uint16 { return m.typ }

func (m *testMsg) Fields(f *wire.Fields) {
	f.U64("value", &m.Value)
	f.Bytes16("len", "data", &m.Data)
	f.Extension(&m.Extension)
}

func (m *testMsg) Encode(dst []byte) ([]byte, error) { return wire.Encode(dst, m) }

func (m *testMsg) Decode(b []byte) error {
	v := testMsg{typ: m.typ}
	if err := wire.Decode(b, &v); err != nil {
		return err
	}
	*m = v
	return nil
}

// testConfig is the base Config of the tests.
func testConfig(t testing.TB) Config {
	return Config{Codec: testCodec(t), Features: testFeatures()}
}

// startPair starts a Peer on each end of a fresh connection and returns
// them once both finished init. Both close at cleanup.
func startPair(t testing.TB, a, b Config) (*Peer, *Peer) {
	t.Helper()
	ca, cb := connPair(t)
	pa, err := New(ca, a)
	if err != nil {
		t.Fatal(err)
	}
	pb, err := New(cb, b)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pa.Close(); pb.Close() })
	errs := startBoth(t, pa, pb)
	if errs[0] != nil || errs[1] != nil {
		t.Fatalf("Start: %v / %v", errs[0], errs[1])
	}
	return pa, pb
}

// startBoth runs Start on both peers at once and returns their results.
func startBoth(t testing.TB, pa, pb *Peer) [2]error {
	t.Helper()
	ctx := testCtx(t)
	var errs [2]error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		errs[1] = pb.Start(ctx)
	}()
	errs[0] = pa.Start(ctx)
	wg.Wait()
	return errs
}

// remote is the far end of a connection driven by hand, to play a remote
// that misbehaves.
type remote struct {
	t     *testing.T
	c     *noise.Conn
	codec *messaging.Codec
}

func newRemote(t *testing.T, c *noise.Conn) *remote {
	return &remote{t: t, c: c, codec: testCodec(t)}
}

// send writes m.
func (r *remote) send(m messaging.Message) {
	r.t.Helper()
	b, err := messaging.Encode(nil, m)
	if err != nil {
		r.t.Fatal(err)
	}
	r.sendRaw(b)
}

// sendRaw writes a frame as is.
func (r *remote) sendRaw(frame []byte) {
	r.t.Helper()
	if err := r.c.WriteMessage(frame); err != nil {
		r.t.Fatalf("remote write: %v", err)
	}
}

// recv reads and decodes the next message.
func (r *remote) recv() messaging.Message {
	r.t.Helper()
	m, err := r.tryRecv()
	if err != nil {
		r.t.Fatalf("remote read: %v", err)
	}
	return m
}

// tryRecv reads and decodes the next message, returning read errors.
func (r *remote) tryRecv() (messaging.Message, error) {
	if err := r.c.SetReadDeadline(time.Now().Add(testTimeout)); err != nil {
		return nil, err
	}
	frame, err := r.c.ReadMessage()
	if err != nil {
		return nil, err
	}
	return r.codec.Decode(frame)
}

// init sends an init with the given features, then reads the Peer's init.
func (r *remote) exchangeInit(in *messaging.Init) *messaging.Init {
	r.t.Helper()
	r.send(in)
	m := r.recv()
	got, ok := m.(*messaging.Init)
	if !ok {
		r.t.Fatalf("the Peer's first message is %T, want *messaging.Init", m)
	}
	return got
}

// startAgainstRemote starts a Peer with cfg on one end and hands back the
// other end as a remote, with the Peer's Start running in the background;
// the result channel yields Start's error.
func startAgainstRemote(t *testing.T, cfg Config) (*Peer, *remote, <-chan error) {
	t.Helper()
	ours, theirs := connPair(t)
	p, err := New(ours, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	ctx := testCtx(t)
	started := make(chan error, 1)
	go func() { started <- p.Start(ctx) }()
	return p, newRemote(t, theirs), started
}

// wait returns the value of ch, failing the test after testTimeout.
func wait[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(testTimeout):
		t.Fatal("timed out")
		panic("unreachable")
	}
}

// waitStopped waits for p to stop and returns its reason.
func waitStopped(t *testing.T, p *Peer) error {
	t.Helper()
	select {
	case <-p.Done():
		return p.Err()
	case <-time.After(testTimeout):
		t.Fatal("the Peer did not stop")
		return nil
	}
}
