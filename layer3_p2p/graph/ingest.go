package graph

import (
	"context"
	"encoding/binary"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
)

// IngesterConfig configures an Ingester.
type IngesterConfig struct {
	// Validator checks every message (signatures, chain, funding output,
	// timestamps). Required. Without a KeyParser of its own (Keys), the
	// Ingester has it parse keys through the graph, which has those of
	// its nodes.
	Validator *gossip.Validator
	// Workers is the number of goroutines that decode and validate a
	// batch; 0 means GOMAXPROCS.
	Workers int
	// Limiter, when set, caps the channel_updates accepted per channel
	// direction (gossip.UpdateLimiter); it is used under the graph's lock.
	Limiter *gossip.UpdateLimiter
	// Now is the clock (the time a channel is added, the limiter's); nil
	// means time.Now.
	Now func() time.Time
}

// Ingester is the way gossip gets into a Graph: it decodes, validates and
// applies batches of channel_announcement, channel_update and
// node_announcement messages. Within a batch the messages are taken in
// three rounds, announcements of channels first, then channel_updates,
// then node_announcements, so that a batch may hold a channel and its
// updates in any order. Each round checks against the graph what it can
// without cryptography (a known channel, an older timestamp, an unknown
// node), verifies the rest on Workers goroutines (the signatures are
// nearly all the work), then applies the survivors in message order under
// the graph's write lock.
//
// An Ingester is safe for concurrent use, one per node or one per peer.
type Ingester struct {
	g   *Graph
	cfg IngesterConfig

	messages, applied atomic.Uint64
	parallelNs        atomic.Int64
	serialNs          atomic.Int64
}

// IngesterStats counts an Ingester's work.
type IngesterStats struct {
	// Messages is the number of messages given to it, Applied those that
	// changed the graph.
	Messages, Applied uint64
	// Parallel is the time spent decoding and validating on the workers;
	// Serial the time spent in the one-goroutine steps around them
	// (checks under the read lock, applying under the write lock). Their
	// ratio bounds what more cores can gain (Amdahl's law).
	Parallel, Serial time.Duration
}

// Stats returns the counts so far.
func (in *Ingester) Stats() IngesterStats {
	return IngesterStats{
		Messages: in.messages.Load(), Applied: in.applied.Load(),
		Parallel: time.Duration(in.parallelNs.Load()), Serial: time.Duration(in.serialNs.Load()),
	}
}

// NewIngester returns an Ingester feeding g. It panics without a
// Validator: a graph fed unvalidated gossip is the one thing this type
// exists to prevent.
func NewIngester(g *Graph, cfg IngesterConfig) *Ingester {
	if cfg.Validator == nil {
		panic("graph: NewIngester without a Validator")
	}
	if cfg.Validator.Keys == nil {
		// The graph knows the keys of its nodes: parsed once, when the
		// node's first channel came in.
		v := *cfg.Validator
		v.Keys = g
		cfg.Validator = &v
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Ingester{g: g, cfg: cfg}
}

// item is one message of a batch on its way through the rounds.
type item struct {
	msg messaging.Message
	// raw is the payload to keep (the frame's, or the message encoded).
	raw []byte
	err error
	// For a channel_announcement: what validation established.
	info       gossip.ChannelInfo
	unknownReq bool
	// For a channel_update: the key that must have signed it, and its
	// checksum.
	key      *btcec.PublicKey
	checksum uint32
	// valid is set once the message passed validation; only valid items
	// are applied.
	valid bool
}

// Ingest validates and applies msgs and returns one error per message: nil
// when the message changed the graph, otherwise a *MessageError saying
// why it was ignored. Messages other than the three gossip messages fail
// with ErrNotGossip. When ctx ends, the messages not yet validated fail
// with its error.
func (in *Ingester) Ingest(ctx context.Context, msgs []messaging.Message) []error {
	items := make([]item, len(msgs))
	for i, m := range msgs {
		items[i].msg = m
	}
	in.run(ctx, items, false)
	return in.collect(items)
}

// IngestFrames is Ingest for frames as they come off the connection (the
// 2-byte type, then the payload): they are decoded on the workers too.
// The frames are not kept; the graph copies what it keeps.
func (in *Ingester) IngestFrames(ctx context.Context, frames [][]byte) []error {
	items := make([]item, len(frames))
	in.parallel(ctx, len(items), func(i int) {
		items[i].msg, items[i].raw, items[i].err = decodeFrame(frames[i], in.g.cfg.KeepMessages)
	})
	in.run(ctx, items, true)
	return in.collect(items)
}

// decodeFrame decodes a gossip frame; keep copies the payload.
func decodeFrame(frame []byte, keep bool) (messaging.Message, []byte, error) {
	if len(frame) < 2 {
		return nil, nil, ErrNotGossip
	}
	var m messaging.Message
	switch binary.BigEndian.Uint16(frame) {
	case gossip.TypeChannelAnnouncement:
		m = new(gossip.ChannelAnnouncement)
	case gossip.TypeChannelUpdate:
		m = new(gossip.ChannelUpdate)
	case gossip.TypeNodeAnnouncement:
		m = new(gossip.NodeAnnouncement)
	default:
		return nil, nil, ErrNotGossip
	}
	if err := m.Decode(frame[2:]); err != nil {
		return nil, nil, err
	}
	var raw []byte
	if keep {
		raw = append([]byte(nil), frame[2:]...)
	}
	return m, raw, nil
}

// collect returns the items' errors, each wrapped in a *MessageError, and
// counts them.
func (in *Ingester) collect(items []item) []error {
	errs := make([]error, len(items))
	in.messages.Add(uint64(len(items)))
	for i := range items {
		it := &items[i]
		if it.err == nil {
			in.applied.Add(1)
			continue
		}
		e := &MessageError{Err: it.err}
		switch m := it.msg.(type) {
		case *gossip.ChannelAnnouncement:
			e.Type, e.SCID = m.Type(), m.ShortChannelID
		case *gossip.ChannelUpdate:
			e.Type, e.SCID = m.Type(), m.ShortChannelID
		case *gossip.NodeAnnouncement:
			e.Type, e.Node = m.Type(), m.NodeID
		case nil:
		default:
			e.Type = m.Type()
		}
		errs[i] = e
	}
	return errs
}

// run takes the items through the three rounds. haveRaw says whether the
// items carry their payload already.
func (in *Ingester) run(ctx context.Context, items []item, haveRaw bool) {
	if err := ctx.Err(); err != nil {
		for i := range items {
			items[i].err = err
		}
		return
	}
	var anns, upds, nodes []int
	for i := range items {
		it := &items[i]
		if it.err != nil {
			continue
		}
		if it.msg == nil {
			// Not decoded because ctx ended first, or a nil message.
			if it.err = ctx.Err(); it.err == nil {
				it.err = ErrNotGossip
			}
			continue
		}
		switch it.msg.(type) {
		case *gossip.ChannelAnnouncement:
			anns = append(anns, i)
		case *gossip.ChannelUpdate:
			upds = append(upds, i)
		case *gossip.NodeAnnouncement:
			nodes = append(nodes, i)
		default:
			it.err = ErrNotGossip
		}
	}
	keep := in.g.cfg.KeepMessages && !haveRaw
	start, par := time.Now(), in.parallelNs.Load()
	in.channelRound(ctx, items, anns, keep)
	in.updateRound(ctx, items, upds, keep)
	in.nodeRound(ctx, items, nodes, keep)
	in.serialNs.Add(int64(time.Since(start)) - (in.parallelNs.Load() - par))
}

func (in *Ingester) channelRound(ctx context.Context, items []item, idx []int, keep bool) {
	if len(idx) == 0 {
		return
	}
	g := in.g
	g.mu.RLock()
	for _, i := range idx {
		items[i].err = g.checkAnnouncementLocked(items[i].msg.(*gossip.ChannelAnnouncement))
	}
	g.mu.RUnlock()
	in.parallel(ctx, len(idx), func(k int) {
		it := &items[idx[k]]
		if it.err != nil {
			return
		}
		m := it.msg.(*gossip.ChannelAnnouncement)
		info, err := in.cfg.Validator.ValidateChannelAnnouncement(ctx, m)
		if errors.Is(err, gossip.ErrUnknownRequiredFeature) {
			it.unknownReq, err = true, nil
		}
		it.info, it.err = info, err
		if err == nil && keep {
			it.raw, it.err = m.Encode(nil)
		}
		it.valid = it.err == nil
	})
	now := uint32(in.cfg.Now().Unix())
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, i := range idx {
		it := &items[i]
		if validated(ctx, it) {
			it.err = g.applyAnnouncementLocked(it.msg.(*gossip.ChannelAnnouncement), it.info, it.unknownReq, it.raw, now)
		}
	}
}

func (in *Ingester) updateRound(ctx context.Context, items []item, idx []int, keep bool) {
	if len(idx) == 0 {
		return
	}
	g := in.g
	g.mu.RLock()
	for _, i := range idx {
		it := &items[i]
		it.key, it.err = g.updateKeyLocked(it.msg.(*gossip.ChannelUpdate))
	}
	g.mu.RUnlock()
	in.parallel(ctx, len(idx), func(k int) {
		it := &items[idx[k]]
		if it.err != nil {
			return
		}
		m := it.msg.(*gossip.ChannelUpdate)
		if it.err = in.cfg.Validator.ValidateChannelUpdate(m, it.key); it.err != nil {
			return
		}
		if g.cfg.KeepMessages {
			it.checksum = m.Checksum()
		}
		if keep {
			it.raw, it.err = m.Encode(nil)
		}
		it.valid = it.err == nil
	})
	var allow func(*gossip.ChannelUpdate) error
	if l := in.cfg.Limiter; l != nil {
		now := in.cfg.Now()
		allow = func(m *gossip.ChannelUpdate) error { return l.Allow(m, now) }
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, i := range idx {
		it := &items[i]
		if validated(ctx, it) {
			it.err = g.applyUpdateLocked(it.msg.(*gossip.ChannelUpdate), it.raw, it.checksum, allow)
		}
	}
}

func (in *Ingester) nodeRound(ctx context.Context, items []item, idx []int, keep bool) {
	if len(idx) == 0 {
		return
	}
	g := in.g
	g.mu.RLock()
	for _, i := range idx {
		items[i].err = g.checkNodeLocked(items[i].msg.(*gossip.NodeAnnouncement))
	}
	g.mu.RUnlock()
	in.parallel(ctx, len(idx), func(k int) {
		it := &items[idx[k]]
		if it.err != nil {
			return
		}
		m := it.msg.(*gossip.NodeAnnouncement)
		err := in.cfg.Validator.ValidateNodeAnnouncement(m)
		if errIgnoredFeature(err) {
			err = nil
		}
		it.err = err
		if err == nil && keep {
			it.raw, it.err = m.Encode(nil)
		}
		it.valid = it.err == nil
	})
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, i := range idx {
		it := &items[i]
		if validated(ctx, it) {
			m := it.msg.(*gossip.NodeAnnouncement)
			// BOLT #7: "if more than one type 5 address is announced: ...
			// MUST not forward the node_announcement."
			it.err = g.applyNodeLocked(m, it.raw, !m.Addresses.MultipleHostnames())
		}
	}
}

// validated reports whether an item passed validation and is to be
// applied. An item the workers skipped because ctx ended gets ctx's error.
func validated(ctx context.Context, it *item) bool {
	if it.err == nil && !it.valid {
		it.err = ctx.Err()
		if it.err == nil {
			it.err = context.Canceled
		}
	}
	return it.err == nil
}

// parallel calls fn(0..n-1) on up to Workers goroutines, the caller's
// included, and returns when all calls have. Once ctx ends the calls not
// started are skipped: their items stay unvalidated and are not applied.
func (in *Ingester) parallel(ctx context.Context, n int, fn func(i int)) {
	start := time.Now()
	defer func() { in.parallelNs.Add(int64(time.Since(start))) }()
	workers := min(in.cfg.Workers, n)
	var next atomic.Int64
	work := func() {
		for {
			i := int(next.Add(1) - 1)
			if i >= n || ctx.Err() != nil {
				return
			}
			fn(i)
		}
	}
	if workers <= 1 {
		work()
		return
	}
	var wg sync.WaitGroup
	wg.Add(workers - 1)
	for w := 1; w < workers; w++ {
		go func() {
			defer wg.Done()
			work()
		}()
	}
	work()
	wg.Wait()
}
