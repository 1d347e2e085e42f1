package feature

import "slices"

// Bit is a feature bit number; bit 0 is the least significant bit of the
// last byte of a feature field. A feature is a pair of bits: the even one
// (compulsory) and the odd one above it (optional).
type Bit uint16

// Pair returns the even bit of b's pair, which names the feature.
func (b Bit) Pair() Bit { return b &^ 1 }

// Optional returns the odd bit of b's pair.
func (b Bit) Optional() Bit { return b | 1 }

// IsRequired reports whether b is the even (compulsory) bit of its pair.
func (b Bit) IsRequired() bool { return b%2 == 0 }

// The features of the BOLT #9 table, each named by its even bit (bits
// a3772650 of the BOLTs). Names come from Table.
const (
	DataLossProtect       Bit = 0
	UpfrontShutdownScript Bit = 4
	GossipQueries         Bit = 6
	VarOnionOptin         Bit = 8
	GossipQueriesEx       Bit = 10
	StaticRemoteKey       Bit = 12
	PaymentSecret         Bit = 14
	BasicMPP              Bit = 16
	SupportLargeChannel   Bit = 18
	Anchors               Bit = 22
	RouteBlinding         Bit = 24
	ShutdownAnySegwit     Bit = 26
	DualFund              Bit = 28
	Quiesce               Bit = 34
	AttributionData       Bit = 36
	OnionMessages         Bit = 38
	ProvideStorage        Bit = 42
	ChannelType           Bit = 44
	SCIDAlias             Bit = 46
	PaymentMetadata       Bit = 48
	ZeroConf              Bit = 50
	SimpleClose           Bit = 60
	Splice                Bit = 62
)

// Context is a set of the places a feature may be presented: the Context
// column of the BOLT #9 table. Validate takes one of InInit, InNode,
// InChannel, InInvoice, InBlindedPath or InChannelType.
type Context uint16

// The letters of the Context column.
const (
	InInit        Context = 1 << iota // I: the init message
	InNode                            // N: node_announcement
	InChannel                         // C: channel_announcement
	InChannelOdd                      // C-: channel_announcement, always odd (optional)
	InChannelEven                     // C+: channel_announcement, always even (required)
	InInvoice                         // 9: BOLT 11 invoices
	InBlindedPath                     // B: allowed_features of a blinded path
	InChannelType                     // T: the channel_type field when opening channels
)

// contextLetters spells each context as the BOLT #9 table does.
var contextLetters = [...]struct {
	c Context
	s string
}{
	{InInit, "I"}, {InNode, "N"}, {InChannel, "C"}, {InChannelOdd, "C-"},
	{InChannelEven, "C+"}, {InInvoice, "9"}, {InBlindedPath, "B"}, {InChannelType, "T"},
}

// String spells the set as the BOLT #9 Context column does, e.g. "IN9".
func (c Context) String() string {
	s := ""
	for _, l := range contextLetters {
		if c&l.c != 0 {
			s += l.s
		}
	}
	return s
}

// allows reports whether a feature presented in c may appear in ctx. C- and
// C+ imply C.
func (c Context) allows(ctx Context) bool {
	if c&(InChannelOdd|InChannelEven) != 0 {
		c |= InChannel
	}
	return c&ctx != 0
}

// Feature is one row of the BOLT #9 table.
type Feature struct {
	// Bit is the even (compulsory) bit; Bit+1 is the optional one.
	Bit Bit
	// Name is the BOLT name, e.g. "option_data_loss_protect".
	Name string
	// Contexts is where the feature is presented. It is empty for features
	// the BOLT no longer presents anywhere (the ASSUMED ones, gossip_queries).
	Contexts Context
	// Assumed marks the features BOLT #9 says are "ASSUMED to be present by
	// all nodes, and can be safely ignored".
	Assumed bool
	// Depends lists the features this one requires to be set as well.
	Depends []Bit
}

// table is the BOLT #9 table at the pinned commit: the one source of feature
// names, contexts and dependencies. It is read-only; Table returns a copy.
var table = [...]Feature{
	{Bit: DataLossProtect, Name: "option_data_loss_protect", Assumed: true},
	{Bit: UpfrontShutdownScript, Name: "option_upfront_shutdown_script", Contexts: InInit | InNode},
	{Bit: GossipQueries, Name: "gossip_queries"},
	{Bit: VarOnionOptin, Name: "var_onion_optin", Assumed: true},
	{Bit: GossipQueriesEx, Name: "gossip_queries_ex", Contexts: InInit | InNode},
	{Bit: StaticRemoteKey, Name: "option_static_remotekey", Assumed: true},
	{Bit: PaymentSecret, Name: "payment_secret", Assumed: true},
	{Bit: BasicMPP, Name: "basic_mpp", Contexts: InInit | InNode | InInvoice, Depends: []Bit{PaymentSecret}},
	{Bit: SupportLargeChannel, Name: "option_support_large_channel", Contexts: InInit | InNode},
	{Bit: Anchors, Name: "option_anchors", Contexts: InInit | InNode | InChannelType},
	{Bit: RouteBlinding, Name: "option_route_blinding", Contexts: InInit | InNode | InInvoice},
	{Bit: ShutdownAnySegwit, Name: "option_shutdown_anysegwit", Contexts: InInit | InNode},
	{Bit: DualFund, Name: "option_dual_fund", Contexts: InInit | InNode},
	{Bit: Quiesce, Name: "option_quiesce", Contexts: InInit | InNode},
	{Bit: AttributionData, Name: "option_attribution_data", Contexts: InInit | InNode | InInvoice},
	{Bit: OnionMessages, Name: "option_onion_messages", Contexts: InInit | InNode},
	{Bit: ProvideStorage, Name: "option_provide_storage", Contexts: InInit | InNode},
	{Bit: ChannelType, Name: "option_channel_type", Assumed: true},
	{Bit: SCIDAlias, Name: "option_scid_alias", Contexts: InInit | InNode | InChannelType},
	{Bit: PaymentMetadata, Name: "option_payment_metadata", Contexts: InInvoice},
	{Bit: ZeroConf, Name: "option_zeroconf", Contexts: InInit | InNode | InChannelType, Depends: []Bit{SCIDAlias}},
	{Bit: SimpleClose, Name: "option_simple_close", Contexts: InInit | InNode, Depends: []Bit{ShutdownAnySegwit}},
	{Bit: Splice, Name: "option_splice", Contexts: InInit | InNode},
}

// Table returns the BOLT #9 table, in bit order.
func Table() []Feature {
	out := make([]Feature, len(table))
	for i := range table {
		out[i] = table[i].clone()
	}
	return out
}

// clone copies f so a caller cannot change the table through Depends.
func (f Feature) clone() Feature {
	f.Depends = slices.Clone(f.Depends)
	return f
}

// Lookup returns the feature whose pair holds bit b.
func Lookup(b Bit) (Feature, bool) {
	if f := lookup(b); f != nil {
		return f.clone(), true
	}
	return Feature{}, false
}

// ByName returns the feature named name (its BOLT name).
func ByName(name string) (Feature, bool) {
	for i := range table {
		if table[i].Name == name {
			return table[i].clone(), true
		}
	}
	return Feature{}, false
}

func lookup(b Bit) *Feature {
	p := b.Pair()
	i, ok := slices.BinarySearchFunc(table[:], p, func(f Feature, p Bit) int { return int(f.Bit) - int(p) })
	if !ok {
		return nil
	}
	return &table[i]
}

// Name returns the BOLT name of the feature whose pair holds b, or
// "unknown_bit_<b>" for a bit outside the table.
func Name(b Bit) string {
	if f := lookup(b); f != nil {
		return f.Name
	}
	return "unknown_bit_" + itoa(int(b))
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [8]byte
	i := len(b)
	for ; n > 0; n /= 10 {
		i--
		b[i] = byte('0' + n%10)
	}
	return string(b[i:])
}
