package receive

import (
	"testing"
)

// BenchmarkAccept measures creating an invoice and settling it with one
// HTLC: the registry's work per received payment.
func BenchmarkAccept(b *testing.B) {
	r := NewRegistry(Config{})
	b.ReportAllocs()
	for b.Loop() {
		inv, err := r.Create(InvoiceRequest{AmountMsat: 10_000}, t0)
		if err != nil {
			b.Fatal(err)
		}
		if res := r.Accept(htlc(inv, 0, 10_000, 10_000), height, t0); len(res.Settle) != 1 {
			b.Fatal("not settled")
		}
	}
}
