package conformance

import (
	"bytes"
	"encoding/hex"
	"fmt"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/failure"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
	"github.com/lnstack/lnstack/testvectors"
)

// bolt04Runners checks the BOLT #4 vectors through layer4_routing: the
// onion (sphinx), returned errors and attribution data (failure), route
// blinding (blinding) and onion messages (onionmsg). No BOLT #4 vector
// expects a failure, so there is no table of expected errors.
func bolt04Runners() map[string]RunFunc {
	return map[string]RunFunc{
		"bolt04/onion":                       runBolt04Onion,
		"bolt04/onion-error":                 runBolt04OnionError,
		"bolt04/returning-errors":            runBolt04ReturningErrors,
		"bolt04/returning-success":           runBolt04ReturningSuccess,
		"bolt04/route-blinding":              runBolt04RouteBlinding,
		"bolt04/blinded-payment-onion":       runBolt04BlindedPaymentOnion,
		"bolt04/blinded-onion-message-onion": runBolt04BlindedOnionMessage,
	}
}

// b4 reads the hex fields of a vector and compares results with them,
// keeping the first failure so a runner reads as a list of checks.
type b4 struct{ err error }

func (c *b4) fail(format string, args ...any) {
	if c.err == nil {
		c.err = fmt.Errorf(format, args...)
	}
}

func (c *b4) bytes(name, s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		c.fail("%s: %v", name, err)
	}
	return b
}

func (c *b4) secret(name, s string) sphinx.Secret {
	var out sphinx.Secret
	if b := c.bytes(name, s); len(b) == 32 {
		copy(out[:], b)
	} else {
		c.fail("%s: want 32 bytes, got %d", name, len(b))
	}
	return out
}

// priv reads a private key, with or without the trailing 01 some vectors
// print.
func (c *b4) priv(name, s string) *btcec.PrivateKey {
	b := c.bytes(name, s)
	if len(b) == 33 && b[32] == 1 {
		b = b[:32]
	}
	if len(b) != 32 {
		c.fail("%s: want a 32-byte private key", name)
		return nil
	}
	k, _ := btcec.PrivKeyFromBytes(b)
	return k
}

func (c *b4) pub(name, s string) *btcec.PublicKey {
	k, err := btcec.ParsePubKey(c.bytes(name, s))
	if err != nil {
		c.fail("%s: %v", name, err)
	}
	return k
}

func (c *b4) point(name, s string) wire.Point {
	var p wire.Point
	if b := c.bytes(name, s); len(b) == wire.PointLen {
		copy(p[:], b)
	} else {
		c.fail("%s: want 33 bytes", name)
	}
	return p
}

func (c *b4) nodeKey(name, s string) *sphinx.NodeKey {
	k := c.priv(name, s)
	if k == nil {
		return nil
	}
	nk, err := sphinx.NewNodeKey(k)
	if err != nil {
		c.fail("%s: %v", name, err)
	}
	return nk
}

// same compares got with the hex string want.
func (c *b4) same(name string, got []byte, want string) {
	if c.err == nil && !bytes.Equal(got, c.bytes(name, want)) {
		c.fail("%s: got %x, want %s", name, got, want)
	}
}

func (c *b4) check(name string, err error) {
	if err != nil {
		c.fail("%s: %w", name, err)
	}
}

// stripLength removes the BigSize length prefix the vectors' payloads
// carry ("All the payloads already have the variable length encoded").
func (c *b4) stripLength(name string, b []byte) []byte {
	n, k, err := wire.DecodeBigSize(b)
	if err != nil || n != uint64(len(b)-k) {
		c.fail("%s: bad length prefix", name)
		return nil
	}
	return b[k:]
}

type bolt04OnionVector struct {
	Generate struct {
		SessionKey     string `json:"session_key"`
		AssociatedData string `json:"associated_data"`
		Hops           []struct {
			PubKey  string `json:"pubkey"`
			Payload string `json:"payload"`
		} `json:"hops"`
	} `json:"generate"`
	Onion  string   `json:"onion"`
	Decode []string `json:"decode"`
}

// runBolt04Onion builds the onion of onion-test.json and peels it hop by
// hop with the hops' keys (decode), checking every payload and the end.
func runBolt04Onion(v testvectors.Vector) error {
	var tv bolt04OnionVector
	if err := v.Decode(&tv); err != nil {
		return err
	}
	c := &b4{}
	g := &tv.Generate
	session := c.priv("session_key", g.SessionKey)
	assoc := c.bytes("associated_data", g.AssociatedData)
	hops := make([]sphinx.Hop, len(g.Hops))
	for i, h := range g.Hops {
		hops[i] = sphinx.Hop{PubKey: c.pub("pubkey", h.PubKey), Payload: c.stripLength("payload", c.bytes("payload", h.Payload))}
	}
	if c.err != nil {
		return c.err
	}
	if len(tv.Decode) != len(hops) {
		return fmt.Errorf("%d hops, %d decode keys", len(hops), len(tv.Decode))
	}
	pkt, secrets, err := sphinx.BuildPayment(session, hops, assoc)
	if err != nil {
		return fmt.Errorf("build: %w", err)
	}
	c.same("onion", pkt.Bytes(), tv.Onion)
	onion, err := sphinx.DecodePaymentPacket(c.bytes("onion", tv.Onion))
	c.check("decode onion", err)
	for i, k := range tv.Decode {
		key := c.nodeKey("decode", k)
		if c.err != nil {
			return c.err
		}
		p, err := key.Peel(&onion, assoc)
		if err != nil {
			return fmt.Errorf("hop %d: peel: %w", i, err)
		}
		if !bytes.Equal(p.Payload, hops[i].Payload) || p.Secret != secrets[i] {
			return fmt.Errorf("hop %d: payload %x, secret %x; built with %x, %x", i, p.Payload, p.Secret, hops[i].Payload, secrets[i])
		}
		if p.Final != (i == len(hops)-1) {
			return fmt.Errorf("hop %d: final is %v", i, p.Final)
		}
		onion = p.Next
	}
	return c.err
}

type bolt04OnionErrorVector struct {
	Generate struct {
		SessionKey     string `json:"session_key"`
		FailureMessage string `json:"failure_message"`
		Hops           []struct {
			Version      int    `json:"version"`
			PubKey       string `json:"pubkey"`
			SharedSecret string `json:"hop_shared_secret"`
			AmmagKey     string `json:"ammag_key"`
			UmKey        string `json:"um_key"`
			Payload      string `json:"payload"`
			Comment      string `json:"comment"`
		} `json:"hops"`
	} `json:"generate"`
	ErrorPacket string `json:"errorpacket"`
}

// runBolt04OnionError derives the hops' shared secrets from the session
// key, has the last hop create the return packet of failure_message and
// every hop before it relay it, then decrypts it at the origin.
func runBolt04OnionError(v testvectors.Vector) error {
	var tv bolt04OnionErrorVector
	if err := v.Decode(&tv); err != nil {
		return err
	}
	c := &b4{}
	g := &tv.Generate
	route := make([]*btcec.PublicKey, len(g.Hops))
	for i, h := range g.Hops {
		route[i] = c.pub("pubkey", h.PubKey)
	}
	session := c.priv("session_key", g.SessionKey)
	msg := c.bytes("failure_message", g.FailureMessage)
	if c.err != nil {
		return c.err
	}
	secrets, err := sphinx.SharedSecrets(session, route)
	if err != nil {
		return err
	}
	for i, h := range g.Hops {
		c.same(fmt.Sprintf("hops[%d].hop_shared_secret", i), secrets[i][:], h.SharedSecret)
		ammag := sphinx.DeriveKey(sphinx.KeyAmmag, &secrets[i])
		c.same(fmt.Sprintf("hops[%d].ammag_key", i), ammag[:], h.AmmagKey)
		if h.UmKey != "" {
			um := sphinx.DeriveKey(sphinx.KeyUm, &secrets[i])
			c.same(fmt.Sprintf("hops[%d].um_key", i), um[:], h.UmKey)
		}
	}
	last := len(g.Hops) - 1
	payload := c.bytes("payload", g.Hops[last].Payload)
	if c.err != nil {
		return c.err
	}
	// The payload is failure_len, failuremsg, pad_len and pad: the packet
	// without its HMAC.
	raw, err := failure.NewPacket(&secrets[last], msg, len(payload)-4)
	if err != nil {
		return err
	}
	c.same("hops[4].payload", raw[sphinx.HMACSize:], g.Hops[last].Payload)
	packet, err := failure.Create(&secrets[last], msg, len(payload)-4, nil, 0)
	if err != nil {
		return err
	}
	for i := last - 1; i >= 0; i-- {
		failure.Relay(&secrets[i], packet, nil, 0)
	}
	c.same("errorpacket", packet, tv.ErrorPacket)
	if c.err != nil {
		return c.err
	}
	res, err := failure.Decrypt(secrets, packet, nil)
	if err != nil {
		return fmt.Errorf("decrypt: %w", err)
	}
	if res.Index != last || !bytes.Equal(res.Message, msg) {
		return fmt.Errorf("decrypt: hop %d, message %x; want hop %d, %x", res.Index, res.Message, last, msg)
	}
	m, err := res.Failure()
	if err != nil {
		return err
	}
	if _, ok := m.(*failure.TemporaryNodeFailure); !ok {
		return fmt.Errorf("failure %T, want temporary_node_failure", m)
	}
	return nil
}

type bolt04TraceHop struct {
	PubKey   string `json:"pubkey"`
	HoldTime uint32 `json:"htlc_hold_time"`
}

type bolt04ReturningErrors struct {
	SessionKey     string           `json:"session_key"`
	Hops           []bolt04TraceHop `json:"hops"`
	FailureSource  int              `json:"failure_source"`
	FailureMessage struct {
		FailureCode string `json:"failure_code"`
		HTLCMsat    uint64 `json:"htlc_msat"`
		Height      uint32 `json:"height"`
		TLVType     uint64 `json:"tlv_type"`
		TLVValue    string `json:"tlv_value"`
	} `json:"failure_message"`
	EncodedFailureMessage string `json:"encoded_failure_message"`
	SharedSecret          string `json:"shared_secret"`
	Payload               string `json:"payload"`
	UmKey                 string `json:"um_key"`
	RawErrorPacket        string `json:"raw_error_packet"`
	Forwarding            []struct {
		Node            int    `json:"node"`
		SharedSecret    string `json:"shared_secret"`
		AmmagKey        string `json:"ammag_key"`
		Stream          string `json:"stream"`
		ErrorPacket     string `json:"error_packet"`
		AttributionData string `json:"attribution_data"`
	} `json:"forwarding"`
}

// bolt04Route derives the shared secrets of a trace's route.
func bolt04Route(c *b4, session string, hops []bolt04TraceHop) []sphinx.Secret {
	route := make([]*btcec.PublicKey, len(hops))
	for i, h := range hops {
		route[i] = c.pub("pubkey", h.PubKey)
	}
	priv := c.priv("sessionkey", session)
	if c.err != nil {
		return nil
	}
	secrets, err := sphinx.SharedSecrets(priv, route)
	c.check("shared secrets", err)
	return secrets
}

// bolt04HoldTime is the hold time node i reports in the "Test Vector"
// traces. The BOLT lists htlc_hold_time[i] beside pubkey[i], but its
// attribution data is reproduced only when node i reports
// htlc_hold_time[n-1-i] (the erring node 4 reports 1, node 0 reports 5):
// the origin reads hold times 5, 4, 3, 2, 1 for nodes 0 to 4.
func bolt04HoldTime(hops []bolt04TraceHop, node int) uint32 {
	return hops[len(hops)-1-node].HoldTime
}

// runBolt04ReturningErrors replays "Test Vector / Returning Errors": the
// erring node encodes the failure message, builds and obfuscates the
// return packet with its attribution data, each node before it relays
// both, and the origin finds the source, the message and the hold times.
func runBolt04ReturningErrors(v testvectors.Vector) error {
	var tv bolt04ReturningErrors
	if err := v.Decode(&tv); err != nil {
		return err
	}
	c := &b4{}
	secrets := bolt04Route(c, tv.SessionKey, tv.Hops)
	if c.err != nil {
		return c.err
	}
	src := tv.FailureSource
	if src < 0 || src >= len(secrets) {
		return fmt.Errorf("failure_source %d out of the route", src)
	}
	fm := tv.FailureMessage
	e, ok := failure.LookupName(fm.FailureCode)
	if !ok || e.Code != failure.CodeIncorrectOrUnknownPaymentDetails {
		return fmt.Errorf("failure_code %q: this runner builds incorrect_or_unknown_payment_details", fm.FailureCode)
	}
	m := &failure.IncorrectOrUnknownPaymentDetails{HTLCMsat: fm.HTLCMsat, Height: fm.Height,
		Extension: wire.Records{{Type: fm.TLVType, Value: c.bytes("tlv_value", fm.TLVValue)}}}
	msg, err := failure.Encode(nil, m)
	if err != nil {
		return err
	}
	c.same("shared_secret", secrets[src][:], tv.SharedSecret)
	um := sphinx.DeriveKey(sphinx.KeyUm, &secrets[src])
	c.same("um_key", um[:], tv.UmKey)
	payload := c.bytes("payload", tv.Payload)
	if c.err != nil {
		return c.err
	}
	raw, err := failure.NewPacket(&secrets[src], msg, len(payload)-4)
	if err != nil {
		return err
	}
	// encoded_failure_message is failuremsg followed by pad_len and pad;
	// payload puts failure_len in front.
	c.same("encoded_failure_message", raw[sphinx.HMACSize+2:], tv.EncodedFailureMessage)
	c.same("payload", raw[sphinx.HMACSize:], tv.Payload)
	c.same("raw_error_packet", raw, tv.RawErrorPacket)
	if c.err != nil {
		return c.err
	}
	var attr failure.AttributionData
	var packet []byte
	for i, fw := range tv.Forwarding {
		if fw.Node < 0 || fw.Node >= len(secrets) {
			return fmt.Errorf("forwarding node %d out of the route", fw.Node)
		}
		s := &secrets[fw.Node]
		hold := bolt04HoldTime(tv.Hops, fw.Node)
		name := fmt.Sprintf("node %d: ", fw.Node)
		c.same(name+"shared_secret", s[:], fw.SharedSecret)
		ammag := sphinx.DeriveKey(sphinx.KeyAmmag, s)
		c.same(name+"ammag_key", ammag[:], fw.AmmagKey)
		stream := make([]byte, len(raw))
		failure.Obfuscate(s, stream)
		c.same(name+"stream", stream, fw.Stream)
		if i == 0 {
			if fw.Node != src {
				return fmt.Errorf("the trace starts at node %d, not at failure_source %d", fw.Node, src)
			}
			packet, err = failure.Create(s, msg, len(payload)-4, &attr, hold)
			if err != nil {
				return err
			}
		} else {
			failure.Relay(s, packet, &attr, hold)
		}
		c.same(name+"error packet", packet, fw.ErrorPacket)
		c.same(name+"attribution data", attr[:], fw.AttributionData)
	}
	if c.err != nil {
		return c.err
	}
	res, err := failure.Decrypt(secrets, packet, &attr)
	if err != nil {
		return fmt.Errorf("decrypt: %w", err)
	}
	if res.Index != src || !bytes.Equal(res.Message, msg) || res.AttributionFailedAt != -1 {
		return fmt.Errorf("decrypt: hop %d, attribution failed at %d, message %x", res.Index, res.AttributionFailedAt, res.Message)
	}
	if err := bolt04CheckHoldTimes(res.HoldTimes, tv.Hops); err != nil {
		return err
	}
	got, err := res.Failure()
	if err != nil {
		return err
	}
	d, ok := got.(*failure.IncorrectOrUnknownPaymentDetails)
	if !ok || d.HTLCMsat != fm.HTLCMsat || d.Height != fm.Height || len(d.Extension) != 1 || d.Extension[0].Type != fm.TLVType {
		return fmt.Errorf("decoded failure %+v", got)
	}
	return nil
}

func bolt04CheckHoldTimes(got []uint32, hops []bolt04TraceHop) error {
	if len(got) != len(hops) {
		return fmt.Errorf("hold times %v for %d hops", got, len(hops))
	}
	for i, h := range got {
		if h != bolt04HoldTime(hops, i) {
			return fmt.Errorf("hold times %v: hop %d should report %d", got, i, bolt04HoldTime(hops, i))
		}
	}
	return nil
}

type bolt04ReturningSuccess struct {
	SessionKey      string           `json:"session_key"`
	Hops            []bolt04TraceHop `json:"hops"`
	AttributionData []struct {
		Node int    `json:"node"`
		Data string `json:"attribution_data"`
	} `json:"attribution_data"`
}

// runBolt04ReturningSuccess builds the attribution data of a fulfilled
// HTLC from the last hop back and reads it at the origin.
func runBolt04ReturningSuccess(v testvectors.Vector) error {
	var tv bolt04ReturningSuccess
	if err := v.Decode(&tv); err != nil {
		return err
	}
	c := &b4{}
	secrets := bolt04Route(c, tv.SessionKey, tv.Hops)
	if c.err != nil {
		return c.err
	}
	var attr failure.AttributionData
	for _, a := range tv.AttributionData {
		if a.Node < 0 || a.Node >= len(secrets) {
			return fmt.Errorf("node %d out of the route", a.Node)
		}
		attr.Add(&secrets[a.Node], bolt04HoldTime(tv.Hops, a.Node), nil)
		c.same(fmt.Sprintf("attribution data for node %d", a.Node), attr[:], a.Data)
	}
	if c.err != nil {
		return c.err
	}
	holds, bad, err := failure.VerifyAttribution(secrets, &attr)
	if err != nil {
		return err
	}
	if bad != -1 {
		return fmt.Errorf("attribution of hop %d does not verify", bad)
	}
	if err := bolt04CheckHoldTimes(holds, tv.Hops); err != nil {
		return err
	}
	return nil
}
