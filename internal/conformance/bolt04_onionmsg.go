package conformance

import (
	"encoding/binary"
	"encoding/json"
	"fmt"

	"github.com/btcsuite/btcd/btcec/v2"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/blinding"
	"github.com/lnstack/lnstack/layer4_routing/onionmsg"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
	"github.com/lnstack/lnstack/testvectors"
)

type bolt04OnionMessageVector struct {
	Generate struct {
		Comment    string `json:"comment"`
		SessionKey string `json:"session_key"`
		Hops       []struct {
			Alias                  string                     `json:"alias"`
			Comment                string                     `json:"comment"`
			PathKeySecret          string                     `json:"path_key_secret"`
			TLVs                   map[string]json.RawMessage `json:"tlvs"`
			EncryptedDataTLV       string                     `json:"encrypted_data_tlv"`
			SS                     string                     `json:"ss"`
			BlindedNodeIDTweak     string                     `json:"hmac256_blinded_node_id_ss"`
			BlindedNodeID          string                     `json:"blinded_node_id"`
			E                      string                     `json:"E"`
			BlindingFactor         string                     `json:"sha256_e_ss"`
			NextE                  string                     `json:"next_e"`
			Rho                    string                     `json:"rho"`
			EncryptedRecipientData string                     `json:"encrypted_recipient_data"`
		} `json:"hops"`
	} `json:"generate"`
	Route struct {
		Comment      string `json:"comment"`
		FirstNodeID  string `json:"first_node_id"`
		FirstPathKey string `json:"first_path_key"`
		Hops         []struct {
			BlindedNodeID          string `json:"blinded_node_id"`
			EncryptedRecipientData string `json:"encrypted_recipient_data"`
		} `json:"hops"`
	} `json:"route"`
	OnionMessage struct {
		Comment            string `json:"comment"`
		UnknownTag1        string `json:"unknown_tag_1"`
		OnionMessagePacket string `json:"onion_message_packet"`
	} `json:"onionmessage"`
	Decrypt struct {
		Comment string `json:"comment"`
		Hops    []struct {
			Alias        string `json:"alias"`
			PrivKey      string `json:"privkey"`
			OnionMessage string `json:"onion_message"`
			NextNodeID   string `json:"next_node_id"`
			TLVs         *struct {
				UnknownTag1            string `json:"unknown_tag_1"`
				EncryptedRecipientData string `json:"encrypted_recipient_data"`
			} `json:"tlvs"`
		} `json:"hops"`
	} `json:"decrypt"`
}

// runBolt04BlindedOnionMessage rebuilds the blinded path of
// blinded-onion-message-onion-test.json (Dave's path Bob to Dave, which the
// sender joins through Alice with Prepend), checking each hop's derived
// values, builds the onion message that says "hello" to Dave, and has each
// node process it.
func runBolt04BlindedOnionMessage(v testvectors.Vector) error {
	var tv bolt04OnionMessageVector
	if err := v.Decode(&tv); err != nil {
		return err
	}
	c := &b4{}
	gh := tv.Generate.Hops
	if len(gh) < 2 || len(tv.Decrypt.Hops) != len(gh) || len(tv.Route.Hops) != len(gh) {
		return fmt.Errorf("%d generated hops, %d decrypted, %d in the route", len(gh), len(tv.Decrypt.Hops), len(tv.Route.Hops))
	}
	keys := make([]*sphinx.NodeKey, len(gh))
	nodes := make([]*btcec.PublicKey, len(gh))
	for i, h := range tv.Decrypt.Hops {
		keys[i] = c.nodeKey(h.Alias+" privkey", h.PrivKey)
		if c.err != nil {
			return c.err
		}
		nodes[i] = keys[i].PrivateKey().PubKey()
	}
	// Every hop's derivation, with a new chain where the previous hop's
	// data overrides the next path key.
	var b *blinding.Blinder
	var plain [][]byte
	for i, h := range gh {
		name := "generate " + h.Alias + ": "
		d := bolt04Data(c, h.TLVs)
		enc := c.encodeData(name+"tlvs", &d)
		c.same(name+"encrypted_data_tlv", enc, h.EncryptedDataTLV)
		plain = append(plain, enc)
		secret := c.priv(name+"path_key_secret", h.PathKeySecret)
		if c.err != nil {
			return c.err
		}
		if b == nil {
			var err error
			if b, err = blinding.NewBlinder(secret); err != nil {
				return err
			}
		}
		c.same(name+"path_key_secret", b.PathPrivKey().Serialize(), h.PathKeySecret)
		e := b.PathKey()
		c.same(name+"E", e[:], h.E)
		hop, err := b.Add(nodes[i], enc)
		if err != nil {
			return fmt.Errorf("%s%w", name, err)
		}
		c.same(name+"ss", hop.Secret[:], h.SS)
		tweak := sphinx.DeriveKey(sphinx.KeyBlindedNodeID, &hop.Secret)
		c.same(name+"HMAC256('blinded_node_id', ss)", tweak[:], h.BlindedNodeIDTweak)
		c.same(name+"blinded_node_id", hop.BlindedNodeID[:], h.BlindedNodeID)
		f := sphinx.BlindingFactor(&hop.PathKey, &hop.Secret)
		fb := f.Bytes()
		c.same(name+"H(E || ss)", fb[:], h.BlindingFactor)
		c.same(name+"next_e", append(b.PathPrivKey().Serialize(), 1), h.NextE)
		rho := sphinx.DeriveKey(sphinx.KeyRho, &hop.Secret)
		c.same(name+"rho", rho[:], h.Rho)
		c.same(name+"encrypted_recipient_data", hop.EncryptedRecipientData, h.EncryptedRecipientData)
		if d.HasNextPathKeyOverride {
			b = nil
		}
	}
	if c.err != nil {
		return c.err
	}
	// The route as the two parts' creators make it: Dave's path from Bob,
	// and the sender's hop through Alice in front of it.
	davePath, err := blinding.BuildPath(c.priv("Bob path_key_secret", gh[1].PathKeySecret), nodes[1:], plain[1:])
	if err != nil {
		return err
	}
	route, err := onionmsg.Prepend(c.priv("Alice path_key_secret", gh[0].PathKeySecret), nodes[:1], &davePath)
	if err != nil {
		return err
	}
	r := &tv.Route
	c.same("route.first_node_id", route.FirstNodeID.Bytes(), r.FirstNodeID)
	c.same("route.first_path_key", route.FirstPathKey[:], r.FirstPathKey)
	for i, h := range r.Hops {
		c.same(fmt.Sprintf("route.hops[%d].blinded_node_id", i), route.Hops[i].BlindedNodeID[:], h.BlindedNodeID)
		c.same(fmt.Sprintf("route.hops[%d].encrypted_recipient_data", i), route.Hops[i].EncryptedRecipientData, h.EncryptedRecipientData)
	}
	hello := c.bytes("unknown_tag_1", tv.OnionMessage.UnknownTag1)
	session := c.priv("session_key", tv.Generate.SessionKey)
	if c.err != nil {
		return c.err
	}
	final := onionmsg.Payload{Unknown: wire.Records{{Type: 1, Value: hello}}}
	msg, err := onionmsg.Build(session, &route, &final)
	if err != nil {
		return err
	}
	c.same("onion_message_packet", msg.Packet, tv.OnionMessage.OnionMessagePacket)

	for i, h := range tv.Decrypt.Hops {
		name := "decrypt " + h.Alias + ": "
		frame, err := messaging.Encode(nil, msg)
		c.check(name+"encode", err)
		c.same(name+"onion_message", frame, h.OnionMessage)
		var in onionmsg.OnionMessage
		wantFrame := c.bytes(name+"onion_message", h.OnionMessage)
		if len(wantFrame) < 2 || binary.BigEndian.Uint16(wantFrame) != onionmsg.TypeOnionMessage {
			return fmt.Errorf("%snot an onion_message", name)
		}
		c.check(name+"decode", in.Decode(wantFrame[2:]))
		if c.err != nil {
			return c.err
		}
		p, err := onionmsg.Process(keys[i], &in, nil)
		if err != nil {
			return fmt.Errorf("%s%w", name, err)
		}
		if h.TLVs != nil {
			if !p.Final || len(p.Payload.Unknown) != 1 || p.Payload.Unknown[0].Type != 1 {
				return fmt.Errorf("%sfinal %v, records %v", name, p.Final, p.Payload.Unknown)
			}
			c.same(name+"unknown_tag_1", p.Payload.Unknown[0].Value, h.TLVs.UnknownTag1)
			c.same(name+"encrypted_recipient_data", p.Payload.EncryptedRecipientData, h.TLVs.EncryptedRecipientData)
			want := bolt04Data(c, gh[i].TLVs)
			c.same(name+"path_id", p.Data.PathID, fmt.Sprintf("%x", want.PathID))
			break
		}
		if p.Final || !p.HasNextNodeID {
			return fmt.Errorf("%sfinal %v, next node %v", name, p.Final, p.HasNextNodeID)
		}
		c.same(name+"next_node_id", p.NextNodeID[:], h.NextNodeID)
		msg = p.Next
	}
	return c.err
}
