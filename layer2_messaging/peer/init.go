package peer

import (
	"fmt"
	"slices"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// localInit builds the init the Peer sends.
func (p *Peer) localInit() *messaging.Init {
	m := &messaging.Init{
		// BOLT #1: the sender "SHOULD use the minimum length required to
		// represent the features field."
		GlobalFeatures: p.cfg.GlobalFeatures.Minimal(),
		Features:       p.cfg.Features.Minimal(),
	}
	if len(p.cfg.Chains) > 0 {
		m.TLVs.HasNetworks = true
		m.TLVs.Networks = p.cfg.Chains
	}
	if p.cfg.RemoteAddr != nil {
		if err := m.TLVs.SetRemoteAddress(p.cfg.RemoteAddr); err != nil {
			// Not an address a descriptor can carry (a DNS name, say):
			// BOLT #1 makes remote_addr optional, so leave it out.
			p.cfg.Logger.Debug("remote_addr left out", "addr", p.cfg.RemoteAddr, "err", err)
		}
	}
	return m
}

// readInit reads and checks the remote's init. It returns false when the
// Peer has stopped.
func (p *Peer) readInit() bool {
	frame, err := p.conn.ReadMessage()
	if err != nil {
		p.readFailed(err)
		return false
	}
	m, err := p.dec.Decode(frame)
	if err != nil {
		// No warning: BOLT #1 allows nothing to be sent before the
		// remote's init has arrived.
		p.fail(fmt.Errorf("peer: remote init: %w", err))
		return false
	}
	in, ok := m.(*messaging.Init)
	if !ok {
		p.fail(&UnexpectedError{Reason: ErrExpectedInit, Type: m.Type(), Name: p.cfg.Codec.Name(m.Type())})
		return false
	}
	// Our init goes out first; a warning must follow it.
	select {
	case <-p.initSent:
	case <-p.done:
		return false
	}
	if err := p.checkInit(in); err != nil {
		p.failWithWarning(err)
		return false
	}
	close(p.initOK)
	return true
}

// checkInit applies the BOLT #1 receiving rules to the remote's init and
// records the result.
func (p *Peer) checkInit(in *messaging.Init) error {
	// BOLT #1: the receiving node "MUST combine (bitwise OR) the two
	// feature bitmaps into one logical features map."
	remote := in.Combined()
	local := feature.Or(p.cfg.GlobalFeatures, p.cfg.Features)
	negotiated, err := feature.Negotiate(local, remote)
	if err != nil {
		return fmt.Errorf("peer: remote init: %w", err)
	}
	if in.TLVs.HasNetworks && len(p.cfg.Chains) > 0 && !shareChain(p.cfg.Chains, in.TLVs) {
		return &ChainError{Local: slices.Clone(p.cfg.Chains), Remote: slices.Clone(in.TLVs.Networks)}
	}
	p.remoteInit, p.remoteFeat, p.negotiated = in, remote, negotiated
	return nil
}

// shareChain reports whether the remote's networks hold one of chains.
func shareChain(chains []wire.ChainHash, tlvs messaging.InitTLVs) bool {
	for _, c := range tlvs.Networks {
		if slices.Contains(chains, c) {
			return true
		}
	}
	return false
}
