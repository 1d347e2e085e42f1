package bolt12

import (
	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// Streams returns the table of the four BOLT #12 TLV streams, by their BOLT
// names, for tools that decode a stream on its own (`lnstack decode tlv
// --stream offer`) and for the layout check against spec/. BOLT #12 defines
// no wire message: invoice_request, invoice and invoice_error travel inside
// onion messages (BOLT #4 onionmsg_tlv).
func Streams() messaging.Table {
	return messaging.Table{
		Streams: []messaging.StreamEntry{
			{Name: "offer", New: func() wire.Walker { return new(Offer) }},
			{Name: "invoice_request", New: func() wire.Walker { return new(InvoiceRequest) }},
			{Name: "invoice", New: func() wire.Walker { return new(Invoice) }},
			{Name: "invoice_error", New: func() wire.Walker { return new(InvoiceError) }},
		},
	}
}
