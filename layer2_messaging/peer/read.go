package peer

import (
	"fmt"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
)

// readLoop is the Peer's reader: the remote's init first, then every
// message until the Peer stops.
func (p *Peer) readLoop() {
	defer p.wg.Done()
	if !p.readInit() {
		return
	}
	for {
		frame, err := p.conn.ReadMessage()
		if err != nil {
			p.readFailed(err)
			return
		}
		if !p.handle(frame) {
			return
		}
	}
}

// readFailed stops the Peer after a read error, unless the error comes
// from the Peer closing the connection itself.
func (p *Peer) readFailed(err error) {
	if p.stopped() {
		return
	}
	p.fail(fmt.Errorf("%w: read: %w", ErrDisconnected, err))
}

// handle acts on one message after init and reports whether to go on.
func (p *Peer) handle(frame []byte) bool {
	m, err := p.dec.Decode(frame)
	if err != nil {
		// BOLT #1: "upon receiving a message of even, unknown type: MUST
		// close the connection"; "upon receiving a known message with
		// insufficient length for the contents: MUST close the
		// connection"; and for an extension with unknown even records
		// or an invalid stream, "MUST close the connection".
		p.failWithWarning(fmt.Errorf("peer: %w", err))
		return false
	}
	switch m := m.(type) {
	case *messaging.Ping:
		p.answerPing(m)
	case *messaging.Pong:
		p.receivedPong(m)
	case *messaging.Unknown:
		// BOLT #1: "upon receiving a message of odd, unknown type: MUST
		// ignore the received message."
		p.stats.ignored.Add(1)
	case *messaging.Init:
		p.failWithWarning(&UnexpectedError{Reason: ErrUnexpected, Type: m.Type(), Name: "init"})
		return false
	case *messaging.Error:
		if m.ChannelID.IsZero() {
			// BOLT #1: "if channel_id is all zero: MUST fail all
			// channels with the sending node." The layer above learns
			// it from Recv's error.
			p.cfg.Logger.Warn("remote error for all channels", "data", m.Text())
			p.fail(&RemoteError{Msg: m})
			return false
		}
		p.cfg.Logger.Warn("remote error", "channel_id", m.ChannelID, "data", m.Text())
		return p.deliver(m)
	case *messaging.Warning:
		// BOLT #1: "upon receiving warning: SHOULD log the message for
		// later diagnosis."
		p.cfg.Logger.Warn("remote warning", "channel_id", m.ChannelID, "data", m.Text())
		return p.deliver(m)
	default:
		return p.deliver(m)
	}
	return true
}

// deliver hands m to Recv, waiting while the buffer is full.
func (p *Peer) deliver(m messaging.Message) bool {
	select {
	case p.inbox <- m:
		return true
	case <-p.done:
		return false
	}
}
