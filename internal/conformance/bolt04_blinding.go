package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/blinding"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
	"github.com/lnstack/lnstack/testvectors"
)

// bolt04Relay and bolt04Constraints are the JSON forms of payment_relay and
// payment_constraints in the vectors (fee_base_msat may be left out, for 0).
type bolt04Relay struct {
	CLTVExpiryDelta           uint16 `json:"cltv_expiry_delta"`
	FeeProportionalMillionths uint32 `json:"fee_proportional_millionths"`
	FeeBaseMsat               uint32 `json:"fee_base_msat"`
}

type bolt04Constraints struct {
	MaxCLTVExpiry   uint32 `json:"max_cltv_expiry"`
	HTLCMinimumMsat uint64 `json:"htlc_minimum_msat"`
}

// bolt04Data builds the encrypted_data_tlv the vectors describe as "tlvs":
// the records by name, unknown ones as "unknown_tag_<type>", and for
// onion messages "path_key_override_secret", the secret behind
// next_path_key_override (checked against it).
func bolt04Data(c *b4, raw map[string]json.RawMessage) blinding.Data {
	var d blinding.Data
	str := func(k string) string {
		var s string
		if err := json.Unmarshal(raw[k], &s); err != nil {
			c.fail("tlvs.%s: %v", k, err)
		}
		return s
	}
	for k, v := range raw {
		switch {
		case k == "padding":
			d.HasPadding, d.Padding = true, c.bytes(k, str(k))
		case k == "short_channel_id":
			scid, err := wire.ParseShortChannelID(str(k))
			c.check(k, err)
			d.HasShortChannelID, d.ShortChannelID = true, scid
		case k == "next_node_id":
			d.HasNextNodeID, d.NextNodeID = true, c.point(k, str(k))
		case k == "path_id":
			d.HasPathID, d.PathID = true, c.bytes(k, str(k))
		case k == "next_path_key_override":
			d.HasNextPathKeyOverride, d.NextPathKeyOverride = true, c.point(k, str(k))
		case k == "path_key_override_secret":
		case k == "payment_relay":
			var r bolt04Relay
			c.check(k, json.Unmarshal(v, &r))
			d.HasPaymentRelay, d.PaymentRelay = true, blinding.PaymentRelay(r)
		case k == "payment_constraints":
			var pc bolt04Constraints
			c.check(k, json.Unmarshal(v, &pc))
			d.HasPaymentConstraints, d.PaymentConstraints = true, blinding.PaymentConstraints(pc)
		case k == "allowed_features":
			var af struct {
				Features []feature.Bit `json:"features"`
			}
			c.check(k, json.Unmarshal(v, &af))
			d.HasAllowedFeatures, d.AllowedFeatures = true, feature.New(af.Features...)
		case strings.HasPrefix(k, "unknown_tag_"):
			t, err := strconv.ParseUint(strings.TrimPrefix(k, "unknown_tag_"), 10, 64)
			c.check(k, err)
			d.Unknown = bolt04AddRecord(d.Unknown, t, c.bytes(k, str(k)))
		default:
			c.fail("tlvs: unknown key %q", k)
		}
	}
	if s, ok := raw["path_key_override_secret"]; ok && c.err == nil {
		var hexKey string
		c.check("path_key_override_secret", json.Unmarshal(s, &hexKey))
		k := c.priv("path_key_override_secret", hexKey)
		if c.err == nil && wire.PointFromPubKey(k.PubKey()) != d.NextPathKeyOverride {
			c.fail("next_path_key_override is not the point of path_key_override_secret")
		}
	}
	return d
}

// bolt04AddRecord inserts a record keeping the types in order.
func bolt04AddRecord(rs wire.Records, t uint64, v []byte) wire.Records {
	i := 0
	for i < len(rs) && rs[i].Type < t {
		i++
	}
	rs = append(rs, wire.Record{})
	copy(rs[i+1:], rs[i:])
	rs[i] = wire.Record{Type: t, Value: v}
	return rs
}

// encodeData encodes d and checks the encoding decodes back to itself.
func (c *b4) encodeData(name string, d *blinding.Data) []byte {
	b, err := d.Encode(nil)
	c.check(name, err)
	var back blinding.Data
	c.check(name+" (decode)", back.Decode(b))
	again, err := back.Encode(nil)
	c.check(name, err)
	if c.err == nil && !bytes.Equal(again, b) {
		c.fail("%s: %x re-encodes as %x", name, b, again)
	}
	return b
}

type bolt04RouteBlinding struct {
	Generate struct {
		Comment string `json:"comment"`
		Hops    []struct {
			Comment       string                     `json:"comment"`
			SessionKey    string                     `json:"session_key"`
			Alias         string                     `json:"alias"`
			NodeID        string                     `json:"node_id"`
			TLVs          map[string]json.RawMessage `json:"tlvs"`
			EncodedTLVs   string                     `json:"encoded_tlvs"`
			PathPrivKey   string                     `json:"path_privkey"`
			PathKey       string                     `json:"path_key"`
			SharedSecret  string                     `json:"shared_secret"`
			Rho           string                     `json:"rho"`
			EncryptedData string                     `json:"encrypted_data"`
			BlindedNodeID string                     `json:"blinded_node_id"`
		} `json:"hops"`
	} `json:"generate"`
	Route struct {
		Comment      string `json:"comment"`
		FirstNodeID  string `json:"first_node_id"`
		FirstPathKey string `json:"first_path_key"`
		Hops         []struct {
			BlindedNodeID string `json:"blinded_node_id"`
			EncryptedData string `json:"encrypted_data"`
		} `json:"hops"`
	} `json:"route"`
	Unblind struct {
		Comment string `json:"comment"`
		Hops    []struct {
			Alias               string `json:"alias"`
			NodePrivKey         string `json:"node_privkey"`
			PathKey             string `json:"path_key"`
			BlindedPrivKey      string `json:"blinded_privkey"`
			DecryptedData       string `json:"decrypted_data"`
			NextPathKey         string `json:"next_path_key"`
			NextPathKeyOverride string `json:"next_path_key_override"`
		} `json:"hops"`
	} `json:"unblind"`
}

// runBolt04RouteBlinding creates the blinded route of
// route-blinding-test.json (two creators' parts joined by an override),
// checks every derived value, then has each node unblind its hop.
func runBolt04RouteBlinding(v testvectors.Vector) error {
	var tv bolt04RouteBlinding
	if err := v.Decode(&tv); err != nil {
		return err
	}
	c := &b4{}
	var b *blinding.Blinder
	var path blinding.Path
	for i, h := range tv.Generate.Hops {
		name := "generate " + h.Alias + ": "
		if h.SessionKey != "" {
			var err error
			if b, err = blinding.NewBlinder(c.priv(name+"session_key", h.SessionKey)); err != nil {
				return err
			}
		}
		if b == nil {
			return fmt.Errorf("%sno session key starts the path", name)
		}
		d := bolt04Data(c, h.TLVs)
		enc := c.encodeData(name+"tlvs", &d)
		c.same(name+"encoded_tlvs", enc, h.EncodedTLVs)
		c.same(name+"path_privkey", b.PathPrivKey().Serialize(), h.PathPrivKey)
		pk := b.PathKey()
		c.same(name+"path_key", pk[:], h.PathKey)
		if c.err != nil {
			return c.err
		}
		hop, err := b.Add(c.pub(name+"node_id", h.NodeID), enc)
		if err != nil {
			return fmt.Errorf("%s%w", name, err)
		}
		c.same(name+"shared_secret", hop.Secret[:], h.SharedSecret)
		rho := sphinx.DeriveKey(sphinx.KeyRho, &hop.Secret)
		c.same(name+"rho", rho[:], h.Rho)
		c.same(name+"encrypted_data", hop.EncryptedRecipientData, h.EncryptedData)
		c.same(name+"blinded_node_id", hop.BlindedNodeID[:], h.BlindedNodeID)
		if i == 0 {
			path.FirstNodeID = wire.SciddirFromPoint(c.point("node_id", h.NodeID))
			path.FirstPathKey = hop.PathKey
		}
		path.Hops = append(path.Hops, hop.Hop)
	}
	r := &tv.Route
	c.same("route.first_node_id", path.FirstNodeID.Bytes(), r.FirstNodeID)
	c.same("route.first_path_key", path.FirstPathKey[:], r.FirstPathKey)
	if len(r.Hops) != len(path.Hops) {
		return fmt.Errorf("route has %d hops, %d generated", len(r.Hops), len(path.Hops))
	}
	for i, h := range r.Hops {
		c.same(fmt.Sprintf("route.hops[%d].blinded_node_id", i), path.Hops[i].BlindedNodeID[:], h.BlindedNodeID)
		c.same(fmt.Sprintf("route.hops[%d].encrypted_data", i), path.Hops[i].EncryptedRecipientData, h.EncryptedData)
	}
	if c.err != nil {
		return c.err
	}
	enc, err := path.Encode(nil)
	if err != nil {
		return err
	}
	var back blinding.Path
	if err := back.Decode(enc); err != nil {
		return fmt.Errorf("blinded_path round trip: %w", err)
	}
	if len(tv.Unblind.Hops) != len(path.Hops) {
		return fmt.Errorf("unblind has %d hops for %d", len(tv.Unblind.Hops), len(path.Hops))
	}
	for i, h := range tv.Unblind.Hops {
		name := "unblind " + h.Alias + ": "
		key := c.nodeKey(name+"node_privkey", h.NodePrivKey)
		pathKey := c.point(name+"path_key", h.PathKey)
		if c.err != nil {
			return c.err
		}
		u, err := blinding.Unblind(key, &pathKey)
		if err != nil {
			return fmt.Errorf("%s%w", name, err)
		}
		bk, err := u.BlindedKey(key)
		if err != nil {
			return fmt.Errorf("%s%w", name, err)
		}
		c.same(name+"blinded_privkey", bk.PrivateKey().Serialize(), h.BlindedPrivKey)
		bpub := bk.PubKey()
		c.same(name+"blinded key vs blinded_node_id", bpub[:], r.Hops[i].BlindedNodeID)
		plain, err := u.Decrypt(back.Hops[i].EncryptedRecipientData)
		c.check(name+"decrypt", err)
		c.same(name+"decrypted_data", plain, h.DecryptedData)
		next, err := u.NextPathKey()
		c.check(name+"next path key", err)
		c.same(name+"next_path_key", next[:], h.NextPathKey)
		if h.NextPathKeyOverride != "" {
			d, err := u.DecryptData(back.Hops[i].EncryptedRecipientData)
			c.check(name+"decrypt data", err)
			over, err := u.NextPathKeyFor(&d)
			c.check(name+"override", err)
			c.same(name+"next_path_key_override", over[:], h.NextPathKeyOverride)
		}
	}
	return c.err
}

type bolt04BlindedPayment struct {
	Generate struct {
		Comment         string `json:"comment"`
		SessionKey      string `json:"session_key"`
		AssociatedData  string `json:"associated_data"`
		FinalAmountMsat uint64 `json:"final_amount_msat"`
		FinalCLTV       uint32 `json:"final_cltv"`
		BlindedPayinfo  struct {
			Comment                   string `json:"comment"`
			FeeBaseMsat               uint64 `json:"fee_base_msat"`
			FeeProportionalMillionths uint64 `json:"fee_proportional_millionths"`
			CLTVExpiryDelta           uint32 `json:"cltv_expiry_delta"`
		} `json:"blinded_payinfo"`
		BlindedRoute struct {
			Comment      string `json:"comment"`
			FirstNodeID  string `json:"first_node_id"`
			FirstPathKey string `json:"first_path_key"`
			Hops         []struct {
				Alias         string `json:"alias"`
				BlindedNodeID string `json:"blinded_node_id"`
				EncryptedData string `json:"encrypted_data"`
			} `json:"hops"`
		} `json:"blinded_route"`
		FullRoute struct {
			Comment string `json:"comment"`
			Hops    []struct {
				Alias   string                     `json:"alias"`
				PubKey  string                     `json:"pubkey"`
				Payload string                     `json:"payload"`
				TLVs    map[string]json.RawMessage `json:"tlvs"`
			} `json:"hops"`
		} `json:"full_route"`
		Onion string `json:"onion"`
	} `json:"generate"`
	Decrypt struct {
		Comment string `json:"comment"`
		Hops    []struct {
			Alias       string `json:"alias"`
			Onion       string `json:"onion"`
			NodePrivKey string `json:"node_privkey"`
			NextPathKey string `json:"next_path_key"`
		} `json:"hops"`
	} `json:"decrypt"`
}

// bolt04HopTLVs is the payload a blinded-payment vector describes as
// "tlvs", with the encrypted data still in its JSON form.
type bolt04HopTLVs struct {
	payload sphinx.Payload
	data    map[string]json.RawMessage
	relay   *bolt04Relay
}

func bolt04PaymentTLVs(c *b4, raw map[string]json.RawMessage) bolt04HopTLVs {
	var t bolt04HopTLVs
	num := func(k string, dst any) { c.check("tlvs."+k, json.Unmarshal(raw[k], dst)) }
	for k, v := range raw {
		p := &t.payload
		switch k {
		case "amt_to_forward":
			p.HasAmtToForward = true
			num(k, &p.AmtToForward)
		case "outgoing_cltv_value":
			p.HasOutgoingCLTV = true
			num(k, &p.OutgoingCLTV)
		case "total_amount_msat":
			p.HasTotalAmount = true
			num(k, &p.TotalAmountMsat)
		case "outgoing_channel_id":
			var s string
			num(k, &s)
			scid, err := wire.ParseShortChannelID(s)
			c.check(k, err)
			p.HasShortChannelID, p.ShortChannelID = true, scid
		case "current_path_key":
			var s string
			num(k, &s)
			p.HasCurrentPathKey, p.CurrentPathKey = true, c.point(k, s)
		case "encrypted_recipient_data":
			c.check(k, json.Unmarshal(v, &t.data))
			if r, ok := t.data["payment_relay"]; ok {
				t.relay = new(bolt04Relay)
				c.check("payment_relay", json.Unmarshal(r, t.relay))
			}
		default:
			c.fail("tlvs: unknown key %q", k)
		}
	}
	return t
}

// runBolt04BlindedPaymentOnion checks the sender's side of
// blinded-payment-onion-test.json (the path's fees and expiry, each hop's
// payload, the onion) and has every node process its onion, following the
// amounts, expiries and path keys from hop to hop.
func runBolt04BlindedPaymentOnion(v testvectors.Vector) error {
	var tv bolt04BlindedPayment
	if err := v.Decode(&tv); err != nil {
		return err
	}
	c := &b4{}
	g := &tv.Generate
	full := g.FullRoute.Hops
	if len(full) != len(g.BlindedRoute.Hops)+1 || len(tv.Decrypt.Hops) != len(full) {
		return fmt.Errorf("%d hops, %d blinded, %d decrypted", len(full), len(g.BlindedRoute.Hops), len(tv.Decrypt.Hops))
	}
	hops := make([]sphinx.Hop, len(full))
	tlvs := make([]bolt04HopTLVs, len(full))
	var relays []blinding.PaymentRelay
	for i, h := range full {
		name := "full_route " + h.Alias + ": "
		tlvs[i] = bolt04PaymentTLVs(c, h.TLVs)
		if tlvs[i].data != nil {
			// The payload carries the blinded route's blob for the hop.
			bh := g.BlindedRoute.Hops[i-1]
			tlvs[i].payload.HasEncryptedRecipientData = true
			tlvs[i].payload.EncryptedRecipientData = c.bytes("encrypted_data", bh.EncryptedData)
			// BOLT #4: the sender "SHOULD create an unblinded onion
			// payment to first_node_id, and include first_path_key as
			// current_path_key"; the later hops' layers are encrypted
			// to their blinded node ids.
			if tlvs[i].payload.HasCurrentPathKey {
				c.same(name+"pubkey is first_node_id", c.bytes("pubkey", h.PubKey), g.BlindedRoute.FirstNodeID)
			} else {
				c.same(name+"pubkey is the blinded node id", c.bytes("pubkey", h.PubKey), bh.BlindedNodeID)
			}
		}
		if tlvs[i].relay != nil {
			relays = append(relays, blinding.PaymentRelay(*tlvs[i].relay))
		}
		b, err := tlvs[i].payload.Encode(nil)
		c.check(name+"encode payload", err)
		raw := c.bytes(name+"payload", h.Payload)
		c.same(name+"payload", b, h.Payload[2*(len(raw)-len(b)):])
		c.stripLength(name+"payload", raw)
		hops[i] = sphinx.Hop{PubKey: c.pub(name+"pubkey", h.PubKey), Payload: b}
	}
	if c.err != nil {
		return c.err
	}
	// The sender's view of the path: its fees and delta, then the amount
	// and expiry it asks the introduction node to receive.
	pi := blinding.AggregateRelay(relays, 0)
	bp := g.BlindedPayinfo
	if pi.FeeBaseMsat != bp.FeeBaseMsat || pi.FeeProportionalMillionths != bp.FeeProportionalMillionths || pi.CLTVExpiryDelta != bp.CLTVExpiryDelta {
		return fmt.Errorf("blinded_payinfo: computed %+v", pi)
	}
	// Alice, the hop before the introduction node, forwards it that.
	toIntro := tlvs[0].payload
	if want := g.FinalAmountMsat + pi.Fee(g.FinalAmountMsat); toIntro.AmtToForward != want {
		return fmt.Errorf("amount to the introduction node %d, want %d", toIntro.AmtToForward, want)
	}
	if toIntro.OutgoingCLTV != g.FinalCLTV+pi.CLTVExpiryDelta {
		return fmt.Errorf("expiry to the introduction node %d", toIntro.OutgoingCLTV)
	}
	c.same("blinded_route.first_path_key", tlvs[1].payload.CurrentPathKey[:], g.BlindedRoute.FirstPathKey)
	session := c.priv("session_key", g.SessionKey)
	assoc := c.bytes("associated_data", g.AssociatedData)
	if c.err != nil {
		return c.err
	}
	pkt, _, err := sphinx.BuildPayment(session, hops, assoc)
	if err != nil {
		return err
	}
	c.same("onion", pkt.Bytes(), g.Onion)

	// Each node processes the HTLC it is offered; Alice is offered what
	// she forwards (she charges no fee and her own delta is not given).
	in := blinding.Incoming{AmountMsat: toIntro.AmtToForward, CLTVExpiry: toIntro.OutgoingCLTV}
	for i, h := range tv.Decrypt.Hops {
		name := "decrypt " + h.Alias + ": "
		onion, err := sphinx.DecodePaymentPacket(c.bytes(name+"onion", h.Onion))
		c.check(name+"onion", err)
		c.same(name+"onion", pkt.Bytes(), h.Onion)
		key := c.nodeKey(name+"node_privkey", h.NodePrivKey)
		if c.err != nil {
			return c.err
		}
		hop, err := blinding.ProcessPayment(key, &onion, assoc, in)
		if err != nil {
			return fmt.Errorf("%s%w", name, err)
		}
		if !bytes.Equal(hop.Peeled.Payload, hops[i].Payload) {
			return fmt.Errorf("%spayload %x", name, hop.Peeled.Payload)
		}
		if t := tlvs[i]; t.data != nil {
			want := bolt04Data(c, t.data)
			c.same(name+"encrypted_recipient_data", c.encodeData(name+"decrypted", &hop.Data), fmt.Sprintf("%x", c.encodeData(name+"tlvs", &want)))
			if !hop.Blinded || hop.Introduction != (i == 1) {
				return fmt.Errorf("%sblinded %v, introduction %v", name, hop.Blinded, hop.Introduction)
			}
		}
		if hop.Final != (i == len(full)-1) {
			return fmt.Errorf("%sfinal %v", name, hop.Final)
		}
		if hop.Final {
			// Eve: the HTLC pays at least what the payload says, and
			// the path's constraints held all the way.
			p := tlvs[i].payload
			if in.AmountMsat < p.AmtToForward || in.CLTVExpiry < p.OutgoingCLTV || hop.AmtToForward != p.AmtToForward {
				return fmt.Errorf("%sreceives %d msat at %d, the payload says %d at %d", name, in.AmountMsat, in.CLTVExpiry, p.AmtToForward, p.OutgoingCLTV)
			}
			if h.NextPathKey != "" {
				u, err := blinding.Unblind(key, in.PathKey)
				c.check(name+"unblind", err)
				next, err := u.NextPathKey()
				c.check(name+"next path key", err)
				c.same(name+"next_path_key", next[:], h.NextPathKey)
			}
			break
		}
		if h.NextPathKey != "" {
			c.same(name+"next_path_key", hop.NextPathKey[:], h.NextPathKey)
		}
		pkt = hop.Next
		in = blinding.Incoming{AmountMsat: hop.AmtToForward, CLTVExpiry: hop.OutgoingCLTV}
		if hop.Blinded {
			np := hop.NextPathKey
			in.PathKey = &np
		}
	}
	return c.err
}
