package conformance

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcutil"

	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer5_payment/bolt11"
	"github.com/lnstack/lnstack/testvectors"
)

// bolt11Runners checks the BOLT #11 example invoices through
// layer5_payment/bolt11: each valid example decodes to the fields the BOLT
// documents and is written back, from those fields and the example key, to
// the same string; each invalid one fails with the sentinel of its class.
func bolt11Runners() map[string]RunFunc {
	return map[string]RunFunc{
		"bolt11/valid":   runBolt11Valid,
		"bolt11/invalid": runBolt11Invalid,
	}
}

// bolt11Errors maps the failure classes of the vectors to the sentinels of
// package bolt11.
var bolt11Errors = map[string]error{
	"unknown-required-feature": bolt11.ErrUnknownRequiredFeature,
	"checksum":                 bolt11.ErrChecksum,
	"missing-separator":        bolt11.ErrMissingSeparator,
	"mixed-case":               bolt11.ErrMixedCase,
	"invalid-signature":        bolt11.ErrInvalidSignature,
	"too-short":                bolt11.ErrTooShort,
	"invalid-multiplier":       bolt11.ErrInvalidMultiplier,
	"sub-millisatoshi":         bolt11.ErrSubMillisatoshi,
	"missing-payment-secret":   bolt11.ErrMissingPaymentSecret,
	"high-s":                   bolt11.ErrHighS,
	"field-length":             bolt11.ErrFieldLength,
}

// bolt11Hop is one hop of a route hint as the vectors write it.
type bolt11Hop struct {
	Pubkey                    bolt01Hex `json:"pubkey"`
	ShortChannelID            string    `json:"short_channel_id"`
	FeeBaseMsat               uint32    `json:"fee_base_msat"`
	FeeProportionalMillionths uint32    `json:"fee_proportional_millionths"`
	CLTVExpiryDelta           uint16    `json:"cltv_expiry_delta"`
}

// bolt11Valid is a bolt11/valid vector: the fields the BOLT documents for
// the example. Optional fields absent from the vector are absent from the
// invoice. The one example lnstack rejects carries error/decision instead.
type bolt11Valid struct {
	Invoice             string        `json:"invoice"`
	PrivateKey          bolt01Hex     `json:"private_key"`
	Network             string        `json:"network"`
	AmountMsat          uint64        `json:"amount_msat"`
	Timestamp           uint64        `json:"timestamp"`
	PaymentHash         bolt01Hex     `json:"payment_hash"`
	PaymentSecret       bolt01Hex     `json:"payment_secret"`
	Payee               bolt01Hex     `json:"payee"`
	Features            []uint16      `json:"features"`
	Description         *string       `json:"description"`
	DescriptionHash     bolt01Hex     `json:"description_hash"`
	DescriptionPreimage *string       `json:"description_preimage"`
	Expiry              *uint64       `json:"expiry"`
	MinFinalCLTVExpiry  *uint64       `json:"min_final_cltv_expiry"`
	Fallbacks           []string      `json:"fallbacks"`
	RouteHints          [][]bolt11Hop `json:"route_hints"`
	PaymentMetadata     *bolt01Hex    `json:"payment_metadata"`
	FieldOrder          string        `json:"field_order"`
	UpperCase           bool          `json:"upper_case"`
	Signature           bolt01Hex     `json:"signature"`
	RecoveryID          *byte         `json:"recovery_id"`
	SigningData         bolt01Hex     `json:"signing_data"`
	SigningHash         bolt01Hex     `json:"signing_hash"`

	Error      string `json:"error"`
	ErrorTag   string `json:"error_tag"`
	ErrorIndex int    `json:"error_index"`
	Decision   string `json:"decision"`
}

func runBolt11Valid(v testvectors.Vector) error {
	var tv bolt11Valid
	if err := v.Decode(&tv); err != nil {
		return err
	}
	if tv.Error != "" {
		// Listed as valid, failed by the reader requirements (tv.Decision).
		_, err := bolt11.Decode(tv.Invoice)
		if err := bolt11Expect(err, tv.Error); err != nil {
			return err
		}
		var fe *bolt11.FieldError
		if !errors.As(err, &fe) || fe.Tag.String() != tv.ErrorTag || fe.Index != tv.ErrorIndex {
			return fmt.Errorf("failed at %v, want field %s #%d", err, tv.ErrorTag, tv.ErrorIndex)
		}
		return nil
	}
	want, err := tv.invoice()
	if err != nil {
		return err
	}
	got, err := bolt11.Decode(tv.Invoice)
	if err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	if tv.Signature == nil {
		want.Signature = got.Signature // undocumented: the encoding below checks it
	}
	if tv.Payee == nil {
		want.Payee = got.Payee // the high-S example names no payee
	}
	if !reflect.DeepEqual(got, want) {
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		return fmt.Errorf("decoded\n  %s (order %v)\nwant\n  %s (order %v)", g, got.Order, w, want.Order)
	}
	if tv.DescriptionPreimage != nil {
		if err := got.CheckDescription(*tv.DescriptionPreimage); err != nil {
			return err
		}
	}
	if tv.SigningData != nil {
		msg, err := want.SigningData()
		if err != nil {
			return err
		}
		if h := sha256.Sum256(msg); !bytes.Equal(msg, tv.SigningData) || !bytes.Equal(h[:], tv.SigningHash) {
			return fmt.Errorf("signing data %x (hash %x), want %x (hash %x)", msg, h, []byte(tv.SigningData), []byte(tv.SigningHash))
		}
	}
	// Written back from the documented fields: with the example key
	// (RFC6979), or, when the example's signature is not the one RFC6979
	// gives (the high-S example), with that signature.
	key, _ := btcec.PrivKeyFromBytes(tv.PrivateKey)
	var signer bolt11.Signer = bolt11.NewKeySigner(key)
	if tv.Payee == nil {
		signer = bolt11FixedSigner{sig: want.Signature}
	}
	out, err := want.Encode(signer)
	if err != nil {
		return fmt.Errorf("encode: %w", err)
	}
	if tv.UpperCase {
		out = strings.ToUpper(out)
	}
	if out != tv.Invoice {
		return fmt.Errorf("encoded\n  %s\nwant\n  %s", out, tv.Invoice)
	}
	return nil
}

// invoice builds the invoice the vector documents.
func (tv *bolt11Valid) invoice() (*bolt11.Invoice, error) {
	inv := &bolt11.Invoice{
		Network:                 bolt11.Network(tv.Network),
		AmountMsat:              tv.AmountMsat,
		Timestamp:               tv.Timestamp,
		Expiry:                  tv.Expiry,
		MinFinalCLTVExpiryDelta: tv.MinFinalCLTVExpiry,
	}
	copy(inv.PaymentHash[:], tv.PaymentHash)
	copy(inv.PaymentSecret[:], tv.PaymentSecret)
	copy(inv.Payee[:], tv.Payee)
	if tv.Description != nil {
		inv.Description = *tv.Description
	}
	if tv.DescriptionHash != nil {
		inv.DescriptionHash = new([32]byte)
		copy(inv.DescriptionHash[:], tv.DescriptionHash)
	}
	if len(tv.Features) > 0 {
		for _, b := range tv.Features {
			inv.Features.Set(feature.Bit(b))
		}
	}
	if tv.PaymentMetadata != nil {
		inv.PaymentMetadata = append([]byte{}, *tv.PaymentMetadata...)
	}
	for _, a := range tv.Fallbacks {
		addr, err := btcutil.DecodeAddress(a, inv.Network.Params())
		if err != nil {
			return nil, fmt.Errorf("fallback %s: %w", a, err)
		}
		f, err := bolt11.FallbackFromAddress(addr)
		if err != nil {
			return nil, err
		}
		inv.Fallbacks = append(inv.Fallbacks, f)
	}
	for _, r := range tv.RouteHints {
		var route bolt11.RouteHint
		for _, h := range r {
			scid, err := wire.ParseShortChannelID(h.ShortChannelID)
			if err != nil {
				return nil, err
			}
			hop := bolt11.HopHint{
				ShortChannelID:            scid,
				FeeBaseMsat:               h.FeeBaseMsat,
				FeeProportionalMillionths: h.FeeProportionalMillionths,
				CLTVExpiryDelta:           h.CLTVExpiryDelta,
			}
			copy(hop.NodeID[:], h.Pubkey)
			route = append(route, hop)
		}
		inv.RouteHints = append(inv.RouteHints, route)
	}
	for _, c := range tv.FieldOrder {
		t, ok := bolt11.ParseTag(byte(c))
		if !ok {
			return nil, fmt.Errorf("field_order: %q is not a bech32 character", c)
		}
		inv.Order = append(inv.Order, t)
	}
	inv.ExplicitPayee = slices.Contains(inv.Order, bolt11.TagPayee)
	if tv.Signature != nil {
		if len(tv.Signature) != 64 || tv.RecoveryID == nil {
			return nil, errors.New("signature: want 64 bytes and a recovery_id")
		}
		copy(inv.Signature[:], tv.Signature)
		inv.Signature[64] = *tv.RecoveryID
	}
	return inv, nil
}

// bolt11FixedSigner returns a signature given in advance.
type bolt11FixedSigner struct{ sig [65]byte }

func (s bolt11FixedSigner) PubKey() [33]byte { return [33]byte{} }

func (s bolt11FixedSigner) SignCompact([32]byte) ([65]byte, error) { return s.sig, nil }

func runBolt11Invalid(v testvectors.Vector) error {
	var tv struct {
		Invoice     string   `json:"invoice"`
		Error       string   `json:"error"`
		UnknownBits []uint16 `json:"unknown_bits"`
	}
	if err := v.Decode(&tv); err != nil {
		return err
	}
	_, err := bolt11.Decode(tv.Invoice)
	if err := bolt11Expect(err, tv.Error); err != nil {
		return err
	}
	if tv.UnknownBits != nil {
		var ue *feature.UnknownRequiredError
		if !errors.As(err, &ue) || fmt.Sprint(ue.Bits) != fmt.Sprint(tv.UnknownBits) {
			return fmt.Errorf("failed with %v, want unknown bits %v", err, tv.UnknownBits)
		}
	}
	return nil
}

// bolt11Expect checks that err is the sentinel of class.
func bolt11Expect(err error, class string) error {
	want, ok := bolt11Errors[class]
	if !ok {
		return fmt.Errorf("unknown error class %q", class)
	}
	if !errors.Is(err, want) {
		return fmt.Errorf("got error %v, want %v", err, want)
	}
	return nil
}
