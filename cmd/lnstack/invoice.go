package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/lnstack/lnstack/layer5_payment/bolt11"
)

// decodeInvoice implements `lnstack decode invoice [--indent] [--unverified]
// <bolt11>`: it decodes a BOLT #11 invoice (a "lightning:" prefix is
// dropped) and prints its fields as JSON (bolt11.Invoice.MarshalJSON: network,
// amount_msat, timestamp, payment_hash, payment_secret, description or
// description_hash, expiry, min_final_cltv_expiry, payee, features,
// route_hints, fallbacks, payment_metadata, signature). An invalid invoice
// fails with the bolt11 error saying why.
func decodeInvoice(e *env, args []string) error {
	fs := flag.NewFlagSet("decode invoice", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	indent := fs.Bool("indent", false, "indent the JSON")
	unverified := fs.Bool("unverified", false, "skip the signature check (payee only from an n field)")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: lnstack decode invoice [--indent] [--unverified] <bolt11>")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		if err == nil {
			fs.Usage()
		}
		return errUsage
	}
	s := strings.TrimSpace(fs.Arg(0))
	if len(s) > len("lightning:") && strings.EqualFold(s[:len("lightning:")], "lightning:") {
		s = s[len("lightning:"):]
	}
	decode := bolt11.Decode
	if *unverified {
		decode = bolt11.DecodeUnverified
	}
	inv, err := decode(s)
	if err != nil {
		return err
	}
	return printJSON(e.stdout, inv, *indent)
}
