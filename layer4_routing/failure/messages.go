package failure

import "github.com/lnstack/lnstack/layer2_messaging/wire"

// The failure messages of BOLT #4 "Failure Messages", one type each. Every
// one ends with the optional TLV stream BOLT #4 allows after the data ("The
// message data is followed by an optional TLV stream"); none defines a
// record, so unknown odd records are kept in Extension.

// TemporaryNodeFailure is temporary_node_failure (failure_code NODE|2).
// BOLT #4: "General temporary failure of the processing node."
type TemporaryNodeFailure struct {
	// Extension holds unknown odd TLV records after the data.
	Extension wire.Records
}

// Code returns CodeTemporaryNodeFailure.
func (m *TemporaryNodeFailure) Code() Code { return CodeTemporaryNodeFailure }

func (m *TemporaryNodeFailure) data(*wire.Fields) {}

// Fields walks the data and the extension.
func (m *TemporaryNodeFailure) Fields(f *wire.Fields) { m.data(f); f.Extension(&m.Extension) }

func (m *TemporaryNodeFailure) extension() *wire.Records { return &m.Extension }

// PermanentNodeFailure is permanent_node_failure (failure_code PERM|NODE|2).
// BOLT #4: "General permanent failure of the processing node."
type PermanentNodeFailure struct {
	// Extension holds unknown odd TLV records after the data.
	Extension wire.Records
}

// Code returns CodePermanentNodeFailure.
func (m *PermanentNodeFailure) Code() Code { return CodePermanentNodeFailure }

func (m *PermanentNodeFailure) data(*wire.Fields) {}

// Fields walks the data and the extension.
func (m *PermanentNodeFailure) Fields(f *wire.Fields) { m.data(f); f.Extension(&m.Extension) }

func (m *PermanentNodeFailure) extension() *wire.Records { return &m.Extension }

// RequiredNodeFeatureMissing is required_node_feature_missing (failure_code
// PERM|NODE|3). BOLT #4: "The processing node has a required feature which
// was not in this onion."
type RequiredNodeFeatureMissing struct {
	// Extension holds unknown odd TLV records after the data.
	Extension wire.Records
}

// Code returns CodeRequiredNodeFeatureMissing.
func (m *RequiredNodeFeatureMissing) Code() Code { return CodeRequiredNodeFeatureMissing }

func (m *RequiredNodeFeatureMissing) data(*wire.Fields) {}

// Fields walks the data and the extension.
func (m *RequiredNodeFeatureMissing) Fields(f *wire.Fields) { m.data(f); f.Extension(&m.Extension) }

func (m *RequiredNodeFeatureMissing) extension() *wire.Records { return &m.Extension }

// InvalidOnionVersion is invalid_onion_version (failure_code
// BADONION|PERM|4). BOLT #4: "The version byte was not understood by the
// processing node."
type InvalidOnionVersion struct {
	// SHA256OfOnion is sha256_of_onion.
	SHA256OfOnion wire.SHA256
	// Extension holds unknown odd TLV records after the data.
	Extension wire.Records
}

// Code returns CodeInvalidOnionVersion.
func (m *InvalidOnionVersion) Code() Code { return CodeInvalidOnionVersion }

func (m *InvalidOnionVersion) data(f *wire.Fields) {
	f.SHA256("sha256_of_onion", &m.SHA256OfOnion)
}

// Fields walks the data and the extension.
func (m *InvalidOnionVersion) Fields(f *wire.Fields) { m.data(f); f.Extension(&m.Extension) }

func (m *InvalidOnionVersion) extension() *wire.Records { return &m.Extension }

// InvalidOnionHMAC is invalid_onion_hmac (failure_code BADONION|PERM|5).
// BOLT #4: "The HMAC of the onion was incorrect when it reached the
// processing node."
type InvalidOnionHMAC struct {
	// SHA256OfOnion is sha256_of_onion.
	SHA256OfOnion wire.SHA256
	// Extension holds unknown odd TLV records after the data.
	Extension wire.Records
}

// Code returns CodeInvalidOnionHMAC.
func (m *InvalidOnionHMAC) Code() Code { return CodeInvalidOnionHMAC }

func (m *InvalidOnionHMAC) data(f *wire.Fields) {
	f.SHA256("sha256_of_onion", &m.SHA256OfOnion)
}

// Fields walks the data and the extension.
func (m *InvalidOnionHMAC) Fields(f *wire.Fields) { m.data(f); f.Extension(&m.Extension) }

func (m *InvalidOnionHMAC) extension() *wire.Records { return &m.Extension }

// InvalidOnionKey is invalid_onion_key (failure_code BADONION|PERM|6). BOLT
// #4: "The ephemeral key was unparsable by the processing node."
type InvalidOnionKey struct {
	// SHA256OfOnion is sha256_of_onion.
	SHA256OfOnion wire.SHA256
	// Extension holds unknown odd TLV records after the data.
	Extension wire.Records
}

// Code returns CodeInvalidOnionKey.
func (m *InvalidOnionKey) Code() Code { return CodeInvalidOnionKey }

func (m *InvalidOnionKey) data(f *wire.Fields) {
	f.SHA256("sha256_of_onion", &m.SHA256OfOnion)
}

// Fields walks the data and the extension.
func (m *InvalidOnionKey) Fields(f *wire.Fields) { m.data(f); f.Extension(&m.Extension) }

func (m *InvalidOnionKey) extension() *wire.Records { return &m.Extension }

// TemporaryChannelFailure is temporary_channel_failure (failure_code
// UPDATE|7). BOLT #4: "The channel from the processing node was unable to
// handle this HTLC, but may be able to handle it, or others, later."
type TemporaryChannelFailure struct {
	// ChannelUpdate is channel_update.
	ChannelUpdate []byte
	// Extension holds unknown odd TLV records after the data.
	Extension wire.Records
}

// Code returns CodeTemporaryChannelFailure.
func (m *TemporaryChannelFailure) Code() Code { return CodeTemporaryChannelFailure }

func (m *TemporaryChannelFailure) data(f *wire.Fields) {
	f.Bytes16("len", "channel_update", &m.ChannelUpdate)
}

// Fields walks the data and the extension.
func (m *TemporaryChannelFailure) Fields(f *wire.Fields) { m.data(f); f.Extension(&m.Extension) }

func (m *TemporaryChannelFailure) extension() *wire.Records { return &m.Extension }

// PermanentChannelFailure is permanent_channel_failure (failure_code
// PERM|8). BOLT #4: "The channel from the processing node is unable to
// handle any HTLCs."
type PermanentChannelFailure struct {
	// Extension holds unknown odd TLV records after the data.
	Extension wire.Records
}

// Code returns CodePermanentChannelFailure.
func (m *PermanentChannelFailure) Code() Code { return CodePermanentChannelFailure }

func (m *PermanentChannelFailure) data(*wire.Fields) {}

// Fields walks the data and the extension.
func (m *PermanentChannelFailure) Fields(f *wire.Fields) { m.data(f); f.Extension(&m.Extension) }

func (m *PermanentChannelFailure) extension() *wire.Records { return &m.Extension }

// RequiredChannelFeatureMissing is required_channel_feature_missing
// (failure_code PERM|9). BOLT #4: "The channel from the processing node
// requires features not present in the onion."
type RequiredChannelFeatureMissing struct {
	// Extension holds unknown odd TLV records after the data.
	Extension wire.Records
}

// Code returns CodeRequiredChannelFeatureMissing.
func (m *RequiredChannelFeatureMissing) Code() Code { return CodeRequiredChannelFeatureMissing }

func (m *RequiredChannelFeatureMissing) data(*wire.Fields) {}

// Fields walks the data and the extension.
func (m *RequiredChannelFeatureMissing) Fields(f *wire.Fields) { m.data(f); f.Extension(&m.Extension) }

func (m *RequiredChannelFeatureMissing) extension() *wire.Records { return &m.Extension }

// UnknownNextPeer is unknown_next_peer (failure_code PERM|10). BOLT #4: "The
// onion specified a short_channel_id which doesn't match any leading from
// the processing node."
type UnknownNextPeer struct {
	// Extension holds unknown odd TLV records after the data.
	Extension wire.Records
}

// Code returns CodeUnknownNextPeer.
func (m *UnknownNextPeer) Code() Code { return CodeUnknownNextPeer }

func (m *UnknownNextPeer) data(*wire.Fields) {}

// Fields walks the data and the extension.
func (m *UnknownNextPeer) Fields(f *wire.Fields) { m.data(f); f.Extension(&m.Extension) }

func (m *UnknownNextPeer) extension() *wire.Records { return &m.Extension }

// AmountBelowMinimum is amount_below_minimum (failure_code UPDATE|11). BOLT
// #4: "The HTLC amount was below the htlc_minimum_msat of the channel from
// the processing node."
type AmountBelowMinimum struct {
	// HTLCMsat is htlc_msat.
	HTLCMsat uint64
	// ChannelUpdate is channel_update.
	ChannelUpdate []byte
	// Extension holds unknown odd TLV records after the data.
	Extension wire.Records
}

// Code returns CodeAmountBelowMinimum.
func (m *AmountBelowMinimum) Code() Code { return CodeAmountBelowMinimum }

func (m *AmountBelowMinimum) data(f *wire.Fields) {
	f.U64("htlc_msat", &m.HTLCMsat)
	f.Bytes16("len", "channel_update", &m.ChannelUpdate)
}

// Fields walks the data and the extension.
func (m *AmountBelowMinimum) Fields(f *wire.Fields) { m.data(f); f.Extension(&m.Extension) }

func (m *AmountBelowMinimum) extension() *wire.Records { return &m.Extension }

// FeeInsufficient is fee_insufficient (failure_code UPDATE|12). BOLT #4:
// "The fee amount was below that required by the channel from the processing
// node."
type FeeInsufficient struct {
	// HTLCMsat is htlc_msat.
	HTLCMsat uint64
	// ChannelUpdate is channel_update.
	ChannelUpdate []byte
	// Extension holds unknown odd TLV records after the data.
	Extension wire.Records
}

// Code returns CodeFeeInsufficient.
func (m *FeeInsufficient) Code() Code { return CodeFeeInsufficient }

func (m *FeeInsufficient) data(f *wire.Fields) {
	f.U64("htlc_msat", &m.HTLCMsat)
	f.Bytes16("len", "channel_update", &m.ChannelUpdate)
}

// Fields walks the data and the extension.
func (m *FeeInsufficient) Fields(f *wire.Fields) { m.data(f); f.Extension(&m.Extension) }

func (m *FeeInsufficient) extension() *wire.Records { return &m.Extension }

// IncorrectCLTVExpiry is incorrect_cltv_expiry (failure_code UPDATE|13).
// BOLT #4: "The cltv_expiry does not comply with the cltv_expiry_delta
// required by the channel from the processing node."
type IncorrectCLTVExpiry struct {
	// CLTVExpiry is cltv_expiry.
	CLTVExpiry uint32
	// ChannelUpdate is channel_update.
	ChannelUpdate []byte
	// Extension holds unknown odd TLV records after the data.
	Extension wire.Records
}

// Code returns CodeIncorrectCLTVExpiry.
func (m *IncorrectCLTVExpiry) Code() Code { return CodeIncorrectCLTVExpiry }

func (m *IncorrectCLTVExpiry) data(f *wire.Fields) {
	f.U32("cltv_expiry", &m.CLTVExpiry)
	f.Bytes16("len", "channel_update", &m.ChannelUpdate)
}

// Fields walks the data and the extension.
func (m *IncorrectCLTVExpiry) Fields(f *wire.Fields) { m.data(f); f.Extension(&m.Extension) }

func (m *IncorrectCLTVExpiry) extension() *wire.Records { return &m.Extension }

// ExpiryTooSoon is expiry_too_soon (failure_code UPDATE|14). BOLT #4: "The
// CLTV expiry is too close to the current block height for safe handling by
// the processing node."
type ExpiryTooSoon struct {
	// ChannelUpdate is channel_update.
	ChannelUpdate []byte
	// Extension holds unknown odd TLV records after the data.
	Extension wire.Records
}

// Code returns CodeExpiryTooSoon.
func (m *ExpiryTooSoon) Code() Code { return CodeExpiryTooSoon }

func (m *ExpiryTooSoon) data(f *wire.Fields) {
	f.Bytes16("len", "channel_update", &m.ChannelUpdate)
}

// Fields walks the data and the extension.
func (m *ExpiryTooSoon) Fields(f *wire.Fields) { m.data(f); f.Extension(&m.Extension) }

func (m *ExpiryTooSoon) extension() *wire.Records { return &m.Extension }

// IncorrectOrUnknownPaymentDetails is incorrect_or_unknown_payment_details
// (failure_code PERM|15). BOLT #4: "The payment_hash is unknown to the final
// node, the payment_secret doesn't match the payment_hash, the amount for
// that payment_hash is too low, the CLTV expiry of the htlc is too close to
// the current block height for safe handling or payment_metadata isn't
// present while it should be."
type IncorrectOrUnknownPaymentDetails struct {
	// HTLCMsat is htlc_msat.
	HTLCMsat uint64
	// Height is height.
	Height uint32
	// Extension holds unknown odd TLV records after the data.
	Extension wire.Records
}

// Code returns CodeIncorrectOrUnknownPaymentDetails.
func (m *IncorrectOrUnknownPaymentDetails) Code() Code { return CodeIncorrectOrUnknownPaymentDetails }

func (m *IncorrectOrUnknownPaymentDetails) data(f *wire.Fields) {
	f.U64("htlc_msat", &m.HTLCMsat)
	f.U32("height", &m.Height)
}

// Fields walks the data and the extension.
func (m *IncorrectOrUnknownPaymentDetails) Fields(f *wire.Fields) {
	m.data(f)
	f.Extension(&m.Extension)
}

func (m *IncorrectOrUnknownPaymentDetails) extension() *wire.Records { return &m.Extension }

// FinalIncorrectCLTVExpiry is final_incorrect_cltv_expiry (failure_code 18).
// BOLT #4: "The CLTV expiry in the HTLC is less than the value in the
// onion."
type FinalIncorrectCLTVExpiry struct {
	// CLTVExpiry is cltv_expiry.
	CLTVExpiry uint32
	// Extension holds unknown odd TLV records after the data.
	Extension wire.Records
}

// Code returns CodeFinalIncorrectCLTVExpiry.
func (m *FinalIncorrectCLTVExpiry) Code() Code { return CodeFinalIncorrectCLTVExpiry }

func (m *FinalIncorrectCLTVExpiry) data(f *wire.Fields) {
	f.U32("cltv_expiry", &m.CLTVExpiry)
}

// Fields walks the data and the extension.
func (m *FinalIncorrectCLTVExpiry) Fields(f *wire.Fields) { m.data(f); f.Extension(&m.Extension) }

func (m *FinalIncorrectCLTVExpiry) extension() *wire.Records { return &m.Extension }

// FinalIncorrectHTLCAmount is final_incorrect_htlc_amount (failure_code 19).
// BOLT #4: "The amount in the HTLC is less than the value in the onion."
type FinalIncorrectHTLCAmount struct {
	// IncomingHTLCAmt is incoming_htlc_amt.
	IncomingHTLCAmt uint64
	// Extension holds unknown odd TLV records after the data.
	Extension wire.Records
}

// Code returns CodeFinalIncorrectHTLCAmount.
func (m *FinalIncorrectHTLCAmount) Code() Code { return CodeFinalIncorrectHTLCAmount }

func (m *FinalIncorrectHTLCAmount) data(f *wire.Fields) {
	f.U64("incoming_htlc_amt", &m.IncomingHTLCAmt)
}

// Fields walks the data and the extension.
func (m *FinalIncorrectHTLCAmount) Fields(f *wire.Fields) { m.data(f); f.Extension(&m.Extension) }

func (m *FinalIncorrectHTLCAmount) extension() *wire.Records { return &m.Extension }

// ChannelDisabled is channel_disabled (failure_code UPDATE|20). BOLT #4:
// "The channel from the processing node has been disabled."
type ChannelDisabled struct {
	// DisabledFlags is disabled_flags.
	DisabledFlags uint16
	// ChannelUpdate is channel_update.
	ChannelUpdate []byte
	// Extension holds unknown odd TLV records after the data.
	Extension wire.Records
}

// Code returns CodeChannelDisabled.
func (m *ChannelDisabled) Code() Code { return CodeChannelDisabled }

func (m *ChannelDisabled) data(f *wire.Fields) {
	f.U16("disabled_flags", &m.DisabledFlags)
	f.Bytes16("len", "channel_update", &m.ChannelUpdate)
}

// Fields walks the data and the extension.
func (m *ChannelDisabled) Fields(f *wire.Fields) { m.data(f); f.Extension(&m.Extension) }

func (m *ChannelDisabled) extension() *wire.Records { return &m.Extension }

// ExpiryTooFar is expiry_too_far (failure_code 21). BOLT #4: "The CLTV
// expiry in the HTLC is too far in the future."
type ExpiryTooFar struct {
	// Extension holds unknown odd TLV records after the data.
	Extension wire.Records
}

// Code returns CodeExpiryTooFar.
func (m *ExpiryTooFar) Code() Code { return CodeExpiryTooFar }

func (m *ExpiryTooFar) data(*wire.Fields) {}

// Fields walks the data and the extension.
func (m *ExpiryTooFar) Fields(f *wire.Fields) { m.data(f); f.Extension(&m.Extension) }

func (m *ExpiryTooFar) extension() *wire.Records { return &m.Extension }

// InvalidOnionPayload is invalid_onion_payload (failure_code PERM|22). BOLT
// #4: "The decrypted onion per-hop payload was not understood by the
// processing node or is incomplete."
type InvalidOnionPayload struct {
	// Type is type.
	Type uint64
	// Offset is offset.
	Offset uint16
	// Extension holds unknown odd TLV records after the data.
	Extension wire.Records
}

// Code returns CodeInvalidOnionPayload.
func (m *InvalidOnionPayload) Code() Code { return CodeInvalidOnionPayload }

func (m *InvalidOnionPayload) data(f *wire.Fields) {
	f.BigSize("type", &m.Type)
	f.U16("offset", &m.Offset)
}

// Fields walks the data and the extension.
func (m *InvalidOnionPayload) Fields(f *wire.Fields) { m.data(f); f.Extension(&m.Extension) }

func (m *InvalidOnionPayload) extension() *wire.Records { return &m.Extension }

// MPPTimeout is mpp_timeout (failure_code 23). BOLT #4: "The complete amount
// of the multi-part payment was not received within a reasonable time."
type MPPTimeout struct {
	// Extension holds unknown odd TLV records after the data.
	Extension wire.Records
}

// Code returns CodeMPPTimeout.
func (m *MPPTimeout) Code() Code { return CodeMPPTimeout }

func (m *MPPTimeout) data(*wire.Fields) {}

// Fields walks the data and the extension.
func (m *MPPTimeout) Fields(f *wire.Fields) { m.data(f); f.Extension(&m.Extension) }

func (m *MPPTimeout) extension() *wire.Records { return &m.Extension }

// InvalidOnionBlinding is invalid_onion_blinding (failure_code
// BADONION|PERM|24). BOLT #4: "An error occurred within the blinded path."
type InvalidOnionBlinding struct {
	// SHA256OfOnion is sha256_of_onion.
	SHA256OfOnion wire.SHA256
	// Extension holds unknown odd TLV records after the data.
	Extension wire.Records
}

// Code returns CodeInvalidOnionBlinding.
func (m *InvalidOnionBlinding) Code() Code { return CodeInvalidOnionBlinding }

func (m *InvalidOnionBlinding) data(f *wire.Fields) {
	f.SHA256("sha256_of_onion", &m.SHA256OfOnion)
}

// Fields walks the data and the extension.
func (m *InvalidOnionBlinding) Fields(f *wire.Fields) { m.data(f); f.Extension(&m.Extension) }

func (m *InvalidOnionBlinding) extension() *wire.Records { return &m.Extension }

// Table returns the failure messages of BOLT #4, in the order it lists them:
// the one table their codes, names and constructors come from.
func Table() []Entry {
	return []Entry{
		{CodeTemporaryNodeFailure, "temporary_node_failure", func() Message { return new(TemporaryNodeFailure) }},
		{CodePermanentNodeFailure, "permanent_node_failure", func() Message { return new(PermanentNodeFailure) }},
		{CodeRequiredNodeFeatureMissing, "required_node_feature_missing", func() Message { return new(RequiredNodeFeatureMissing) }},
		{CodeInvalidOnionVersion, "invalid_onion_version", func() Message { return new(InvalidOnionVersion) }},
		{CodeInvalidOnionHMAC, "invalid_onion_hmac", func() Message { return new(InvalidOnionHMAC) }},
		{CodeInvalidOnionKey, "invalid_onion_key", func() Message { return new(InvalidOnionKey) }},
		{CodeTemporaryChannelFailure, "temporary_channel_failure", func() Message { return new(TemporaryChannelFailure) }},
		{CodePermanentChannelFailure, "permanent_channel_failure", func() Message { return new(PermanentChannelFailure) }},
		{CodeRequiredChannelFeatureMissing, "required_channel_feature_missing", func() Message { return new(RequiredChannelFeatureMissing) }},
		{CodeUnknownNextPeer, "unknown_next_peer", func() Message { return new(UnknownNextPeer) }},
		{CodeAmountBelowMinimum, "amount_below_minimum", func() Message { return new(AmountBelowMinimum) }},
		{CodeFeeInsufficient, "fee_insufficient", func() Message { return new(FeeInsufficient) }},
		{CodeIncorrectCLTVExpiry, "incorrect_cltv_expiry", func() Message { return new(IncorrectCLTVExpiry) }},
		{CodeExpiryTooSoon, "expiry_too_soon", func() Message { return new(ExpiryTooSoon) }},
		{CodeIncorrectOrUnknownPaymentDetails, "incorrect_or_unknown_payment_details", func() Message { return new(IncorrectOrUnknownPaymentDetails) }},
		{CodeFinalIncorrectCLTVExpiry, "final_incorrect_cltv_expiry", func() Message { return new(FinalIncorrectCLTVExpiry) }},
		{CodeFinalIncorrectHTLCAmount, "final_incorrect_htlc_amount", func() Message { return new(FinalIncorrectHTLCAmount) }},
		{CodeChannelDisabled, "channel_disabled", func() Message { return new(ChannelDisabled) }},
		{CodeExpiryTooFar, "expiry_too_far", func() Message { return new(ExpiryTooFar) }},
		{CodeInvalidOnionPayload, "invalid_onion_payload", func() Message { return new(InvalidOnionPayload) }},
		{CodeMPPTimeout, "mpp_timeout", func() Message { return new(MPPTimeout) }},
		{CodeInvalidOnionBlinding, "invalid_onion_blinding", func() Message { return new(InvalidOnionBlinding) }},
	}
}
