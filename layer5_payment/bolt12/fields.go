package bolt12

import (
	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/blinding"
)

// The record groups of BOLT #12. An offer's records (types 2 to 22) are
// copied into the invoice_request and the invoice, the invoice_request's
// (0 and 80 to 91) into the invoice: each group is declared once, here, and
// walked by every stream that holds it, between that stream's BeginStream
// and End.

// OfferFields are the records of "TLV Fields for Offers" (types 2 to 22).
// Each HasX says whether record X is present.
type OfferFields struct {
	// HasChains: offer_chains, the chains the offer is valid for (none:
	// bitcoin only).
	HasChains bool
	Chains    []wire.ChainHash

	// HasMetadata: offer_metadata, for the issuer's own use.
	HasMetadata bool
	Metadata    []byte

	// HasCurrency: offer_currency, the ISO 4217 code Amount is in.
	HasCurrency bool
	Currency    string

	// HasAmount: offer_amount, per item, in Currency or else millisatoshi.
	HasAmount bool
	Amount    uint64

	// HasDescription: offer_description.
	HasDescription bool
	Description    string

	// HasFeatures: offer_features.
	HasFeatures bool
	Features    feature.Vector

	// HasAbsoluteExpiry: offer_absolute_expiry, seconds since 1970.
	HasAbsoluteExpiry bool
	AbsoluteExpiry    uint64

	// HasPaths: offer_paths, blinded paths to the issuer.
	HasPaths bool
	Paths    []blinding.Path

	// HasIssuer: offer_issuer, who issues the invoice.
	HasIssuer bool
	Issuer    string

	// HasQuantityMax: offer_quantity_max (0: no maximum).
	HasQuantityMax bool
	QuantityMax    uint64

	// HasIssuerID: offer_issuer_id, the node to request the invoice from.
	HasIssuerID bool
	IssuerID    wire.Point
}

// walk declares the offer records in stream tlv.
func (o *OfferFields) walk(f *wire.Fields, tlv *wire.Stream) {
	if tlv.Record(2, "offer_chains", &o.HasChains) {
		walkChains(f, &o.Chains)
	}
	if tlv.Record(4, "offer_metadata", &o.HasMetadata) {
		f.RestBytes("data", &o.Metadata)
	}
	if tlv.Record(6, "offer_currency", &o.HasCurrency) {
		f.RestString("iso4217", &o.Currency)
	}
	if tlv.Record(8, "offer_amount", &o.HasAmount) {
		f.TU64("amount", &o.Amount)
	}
	if tlv.Record(10, "offer_description", &o.HasDescription) {
		f.RestString("description", &o.Description)
	}
	if tlv.Record(12, "offer_features", &o.HasFeatures) {
		f.RestBytes("features", (*[]byte)(&o.Features))
	}
	if tlv.Record(14, "offer_absolute_expiry", &o.HasAbsoluteExpiry) {
		f.TU64("seconds_from_epoch", &o.AbsoluteExpiry)
	}
	if tlv.Record(16, "offer_paths", &o.HasPaths) {
		walkPaths(f, &o.Paths)
	}
	if tlv.Record(18, "offer_issuer", &o.HasIssuer) {
		f.RestString("issuer", &o.Issuer)
	}
	if tlv.Record(20, "offer_quantity_max", &o.HasQuantityMax) {
		f.TU64("max", &o.QuantityMax)
	}
	if tlv.Record(22, "offer_issuer_id", &o.HasIssuerID) {
		f.Point("id", &o.IssuerID)
	}
}

// RequestFields are the records an invoice_request adds to the offer's:
// invreq_metadata (type 0) and types 80 to 91.
type RequestFields struct {
	// HasMetadata: invreq_metadata, "an unpredictable series of bytes".
	HasMetadata bool
	Metadata    []byte

	// HasChain: invreq_chain (none: bitcoin).
	HasChain bool
	Chain    wire.ChainHash

	// HasAmount: invreq_amount, in millisatoshi.
	HasAmount bool
	Amount    uint64

	// HasFeatures: invreq_features.
	HasFeatures bool
	Features    feature.Vector

	// HasQuantity: invreq_quantity.
	HasQuantity bool
	Quantity    uint64

	// HasPayerID: invreq_payer_id, the key that signs the request.
	HasPayerID bool
	PayerID    wire.Point

	// HasPayerNote: invreq_payer_note.
	HasPayerNote bool
	PayerNote    string

	// HasPaths: invreq_paths, paths to the payer.
	HasPaths bool
	Paths    []blinding.Path

	// HasBIP353Name: invreq_bip_353_name, the BIP 353 name the offer was
	// resolved from.
	HasBIP353Name bool
	BIP353Name    BIP353Name
}

// BIP353Name is the value of invreq_bip_353_name: "name" is "the post-₿,
// pre-@ part of the BIP 353 HRN", "domain" "the post-@ part".
type BIP353Name struct {
	Name   []byte
	Domain []byte
}

// walkMetadata declares invreq_metadata, the stream's first record.
func (r *RequestFields) walkMetadata(f *wire.Fields, tlv *wire.Stream) {
	if tlv.Record(0, "invreq_metadata", &r.HasMetadata) {
		f.RestBytes("blob", &r.Metadata)
	}
}

// walk declares the records 80 to 91.
func (r *RequestFields) walk(f *wire.Fields, tlv *wire.Stream) {
	if tlv.Record(80, "invreq_chain", &r.HasChain) {
		f.ChainHash("chain", &r.Chain)
	}
	if tlv.Record(82, "invreq_amount", &r.HasAmount) {
		f.TU64("msat", &r.Amount)
	}
	if tlv.Record(84, "invreq_features", &r.HasFeatures) {
		f.RestBytes("features", (*[]byte)(&r.Features))
	}
	if tlv.Record(86, "invreq_quantity", &r.HasQuantity) {
		f.TU64("quantity", &r.Quantity)
	}
	if tlv.Record(88, "invreq_payer_id", &r.HasPayerID) {
		f.Point("key", &r.PayerID)
	}
	if tlv.Record(89, "invreq_payer_note", &r.HasPayerNote) {
		f.RestString("note", &r.PayerNote)
	}
	if tlv.Record(90, "invreq_paths", &r.HasPaths) {
		walkPaths(f, &r.Paths)
	}
	if tlv.Record(91, "invreq_bip_353_name", &r.HasBIP353Name) {
		n := &r.BIP353Name
		walkBytes8(f, "name_len", "name", &n.Name)
		walkBytes8(f, "domain_len", "domain", &n.Domain)
	}
}

// InvoiceFields are the records an invoice adds: types 160 to 176.
type InvoiceFields struct {
	// HasPaths: invoice_paths, the blinded paths to pay through.
	HasPaths bool
	Paths    []blinding.Path

	// HasBlindedPay: invoice_blindedpay, one blinded_payinfo per path.
	HasBlindedPay bool
	BlindedPay    []PayInfo

	// HasCreatedAt: invoice_created_at, seconds since 1970.
	HasCreatedAt bool
	CreatedAt    uint64

	// HasRelativeExpiry: invoice_relative_expiry, seconds after
	// CreatedAt (none: 7200).
	HasRelativeExpiry bool
	RelativeExpiry    uint32

	// HasPaymentHash: invoice_payment_hash.
	HasPaymentHash bool
	PaymentHash    wire.SHA256

	// HasAmount: invoice_amount, in millisatoshi.
	HasAmount bool
	Amount    uint64

	// HasFallbacks: invoice_fallbacks, on-chain addresses.
	HasFallbacks bool
	Fallbacks    []FallbackAddress

	// HasFeatures: invoice_features.
	HasFeatures bool
	Features    feature.Vector

	// HasNodeID: invoice_node_id, the key that signs the invoice.
	HasNodeID bool
	NodeID    wire.Point
}

// walk declares the records 160 to 176.
func (v *InvoiceFields) walk(f *wire.Fields, tlv *wire.Stream) {
	if tlv.Record(160, "invoice_paths", &v.HasPaths) {
		walkPaths(f, &v.Paths)
	}
	if tlv.Record(162, "invoice_blindedpay", &v.HasBlindedPay) {
		if f.Decoding() {
			v.BlindedPay = nil
			for f.More() {
				var p PayInfo
				p.walk(f, "payinfo")
				v.BlindedPay = append(v.BlindedPay, p)
			}
		} else {
			f.BeginArray("payinfo")
			for i := range v.BlindedPay {
				v.BlindedPay[i].walk(f, "payinfo")
			}
			f.EndArray()
		}
	}
	if tlv.Record(164, "invoice_created_at", &v.HasCreatedAt) {
		f.TU64("timestamp", &v.CreatedAt)
	}
	if tlv.Record(166, "invoice_relative_expiry", &v.HasRelativeExpiry) {
		f.TU32("seconds_from_creation", &v.RelativeExpiry)
	}
	if tlv.Record(168, "invoice_payment_hash", &v.HasPaymentHash) {
		f.SHA256("payment_hash", &v.PaymentHash)
	}
	if tlv.Record(170, "invoice_amount", &v.HasAmount) {
		f.TU64("msat", &v.Amount)
	}
	if tlv.Record(172, "invoice_fallbacks", &v.HasFallbacks) {
		if f.Decoding() {
			v.Fallbacks = nil
			for f.More() {
				var a FallbackAddress
				a.walk(f, "fallbacks")
				v.Fallbacks = append(v.Fallbacks, a)
			}
		} else {
			f.BeginArray("fallbacks")
			for i := range v.Fallbacks {
				v.Fallbacks[i].walk(f, "fallbacks")
			}
			f.EndArray()
		}
	}
	if tlv.Record(174, "invoice_features", &v.HasFeatures) {
		f.RestBytes("features", (*[]byte)(&v.Features))
	}
	if tlv.Record(176, "invoice_node_id", &v.HasNodeID) {
		f.Point("node_id", &v.NodeID)
	}
}

// PayInfo is a blinded_payinfo: the aggregated fees, CLTV delta, HTLC
// limits and features of one blinded path of an invoice.
type PayInfo struct {
	FeeBaseMsat               uint32
	FeeProportionalMillionths uint32
	CltvExpiryDelta           uint16
	HtlcMinimumMsat           uint64
	HtlcMaximumMsat           uint64
	Features                  feature.Vector
}

func (p *PayInfo) walk(f *wire.Fields, name string) {
	f.BeginObject(name)
	f.U32("fee_base_msat", &p.FeeBaseMsat)
	f.U32("fee_proportional_millionths", &p.FeeProportionalMillionths)
	f.U16("cltv_expiry_delta", &p.CltvExpiryDelta)
	f.U64("htlc_minimum_msat", &p.HtlcMinimumMsat)
	f.U64("htlc_maximum_msat", &p.HtlcMaximumMsat)
	f.Bytes16("flen", "features", (*[]byte)(&p.Features))
	f.EndObject()
}

// FallbackAddress is a fallback_address: a witness version and program.
type FallbackAddress struct {
	Version byte
	Address []byte
}

func (a *FallbackAddress) walk(f *wire.Fields, name string) {
	f.BeginObject(name)
	f.Byte("version", &a.Version)
	f.Bytes16("len", "address", &a.Address)
	f.EndObject()
}

// walkChains walks [...*chain_hash:chains].
func walkChains(f *wire.Fields, chains *[]wire.ChainHash) {
	*chains = wire.Rest(f, "chains", *chains, wire.ChainHashLen)
	f.BeginArray("chains")
	for i := range *chains {
		f.ChainHash("chains", &(*chains)[i])
	}
	f.EndArray()
}

// walkPaths walks [...*blinded_path:paths]: blinded paths up to the end of
// the record. Each path takes at least 43 bytes (a 9-byte sciddir, a point,
// num_hops), so decoding allocates no more than the record justifies.
func walkPaths(f *wire.Fields, paths *[]blinding.Path) {
	if f.Decoding() {
		*paths = nil
		for f.More() {
			var p blinding.Path
			p.Walk(f, "paths")
			*paths = append(*paths, p)
		}
		return
	}
	f.BeginArray("paths")
	for i := range *paths {
		(*paths)[i].Walk(f, "paths")
	}
	f.EndArray()
}

// walkBytes8 walks [u8:lenName][lenName*byte:name].
func walkBytes8(f *wire.Fields, lenName, name string, v *[]byte) {
	n := f.Count8(lenName, len(*v))
	*v = wire.Counted(f, name, *v, n, 1)
	f.FixedBytes(name, *v)
}
