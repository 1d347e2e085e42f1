package receive

import (
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
	"github.com/lnstack/lnstack/layer5_payment/bolt11"
)

// Defaults for the zero values of Config and InvoiceRequest.
const (
	// DefaultExpiry is the invoice lifetime: BOLT #11's default for x.
	DefaultExpiry = time.Hour
	// DefaultMinFinalCLTVDelta is BOLT #11's default for c.
	DefaultMinFinalCLTVDelta = 18
	// DefaultMPPTimeout: BOLT #4 "SHOULD wait for at least 60 seconds
	// after the initial HTLC" before failing an incomplete set.
	DefaultMPPTimeout = 60 * time.Second
)

// basicMPP is the feature a split payment needs.
const basicMPP = feature.BasicMPP

// State is where an invoice is in its life.
type State uint8

// The invoice states.
const (
	// Open invoices accept HTLCs.
	Open State = iota
	// Settled invoices were paid: their preimage was released.
	Settled
	// Canceled invoices accept nothing.
	Canceled
)

// Config configures a Registry.
type Config struct {
	// MPPTimeout is how long an incomplete HTLC set is held
	// (DefaultMPPTimeout).
	MPPTimeout time.Duration
	// Rand is the source of preimages and payment secrets
	// (crypto/rand.Reader).
	Rand io.Reader
}

// InvoiceRequest is what an invoice should ask for.
type InvoiceRequest struct {
	// AmountMsat is the amount asked; 0 lets the payer choose.
	AmountMsat amount.MilliSatoshi
	// Expiry is the lifetime (DefaultExpiry).
	Expiry time.Duration
	// MinFinalCLTVDelta is the c field (DefaultMinFinalCLTVDelta).
	MinFinalCLTVDelta uint16
	// RouteHints are the r fields for a payee behind private channels.
	RouteHints []bolt11.RouteHint
	// NoMPP leaves basic_mpp out: the payment must come in one HTLC.
	NoMPP bool
	// Preimage, when set, is used instead of a random one.
	Preimage *[32]byte
}

// Invoice is what the registry knows of one invoice.
type Invoice struct {
	Preimage      [32]byte
	PaymentHash   [32]byte
	PaymentSecret [32]byte
	AmountMsat    amount.MilliSatoshi
	CreatedAt     time.Time
	Expiry        time.Duration
	// MinFinalCLTVDelta is checked against each HTLC's expiry.
	MinFinalCLTVDelta uint16
	// Features are the invoice's 9 field.
	Features   feature.Vector
	RouteHints []bolt11.RouteHint
	State      State
}

// Bolt11 returns the invoice's fields as a BOLT #11 invoice for network,
// ready to Encode and sign with the node key.
func (inv *Invoice) Bolt11(network bolt11.Network, description string) *bolt11.Invoice {
	expiry := uint64(inv.Expiry / time.Second)
	minFinal := uint64(inv.MinFinalCLTVDelta)
	return &bolt11.Invoice{
		Network:                 network,
		AmountMsat:              uint64(inv.AmountMsat),
		Timestamp:               uint64(inv.CreatedAt.Unix()),
		PaymentHash:             inv.PaymentHash,
		PaymentSecret:           inv.PaymentSecret,
		Description:             description,
		Expiry:                  &expiry,
		MinFinalCLTVExpiryDelta: &minFinal,
		RouteHints:              inv.RouteHints,
		Features:                inv.Features,
	}
}

// Registry holds the invoices of one node and the HTLC sets being
// received. It is safe for concurrent use.
type Registry struct {
	cfg      Config
	mu       sync.Mutex
	invoices map[[32]byte]*entry
}

// entry is an invoice and the HTLCs held for it.
type entry struct {
	inv  Invoice
	set  []HTLC
	sum  amount.MilliSatoshi
	tot  amount.MilliSatoshi // total_msat of the set
	from time.Time           // arrival of the set's first HTLC
}

// NewRegistry returns an empty registry.
func NewRegistry(cfg Config) *Registry {
	if cfg.MPPTimeout == 0 {
		cfg.MPPTimeout = DefaultMPPTimeout
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Reader
	}
	return &Registry{cfg: cfg, invoices: make(map[[32]byte]*entry)}
}

// Create registers a new invoice: a fresh preimage (unless given) and a
// fresh payment_secret. BOLT #11: a writer "MUST set s"; BOLT #4 has the
// payment_secret stop intermediate nodes from probing the payee with
// partial payments.
func (r *Registry) Create(req InvoiceRequest, now time.Time) (Invoice, error) {
	inv := Invoice{
		AmountMsat:        req.AmountMsat,
		CreatedAt:         now,
		Expiry:            req.Expiry,
		MinFinalCLTVDelta: req.MinFinalCLTVDelta,
		RouteHints:        req.RouteHints,
	}
	if inv.Expiry == 0 {
		inv.Expiry = DefaultExpiry
	}
	if inv.MinFinalCLTVDelta == 0 {
		inv.MinFinalCLTVDelta = DefaultMinFinalCLTVDelta
	}
	if req.Preimage != nil {
		inv.Preimage = *req.Preimage
	} else if _, err := io.ReadFull(r.cfg.Rand, inv.Preimage[:]); err != nil {
		return Invoice{}, fmt.Errorf("receive: preimage: %w", err)
	}
	if _, err := io.ReadFull(r.cfg.Rand, inv.PaymentSecret[:]); err != nil {
		return Invoice{}, fmt.Errorf("receive: payment_secret: %w", err)
	}
	inv.PaymentHash = sha256.Sum256(inv.Preimage[:])
	// BOLT #9 invoice context: var_onion_optin and payment_secret are
	// required; basic_mpp optional.
	bits := []feature.Bit{feature.VarOnionOptin, feature.PaymentSecret}
	inv.Features = feature.New(bits...)
	if !req.NoMPP {
		inv.Features.Set(feature.BasicMPP.Optional())
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.invoices[inv.PaymentHash]; ok {
		return Invoice{}, ErrDuplicateHash
	}
	r.invoices[inv.PaymentHash] = &entry{inv: inv}
	return inv, nil
}

// Lookup returns the invoice with payment_hash hash.
func (r *Registry) Lookup(hash [32]byte) (Invoice, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.invoices[hash]
	if !ok {
		return Invoice{}, false
	}
	return e.inv, true
}
