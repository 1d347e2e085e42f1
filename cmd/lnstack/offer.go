package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/lnstack/lnstack/layer5_payment/bolt12"
)

// The BOLT #12 forms of `lnstack decode`:
//
//	lnstack decode offer   [--indent] <lno1...>
//	lnstack decode invreq  [--indent] <lnr1...>
//	lnstack decode invoice [--indent] <lni1...>
//
// Each reads the string form, applies the reader's requirements that need
// nothing but the string (the signature included), and prints the stream
// as a JSON object keyed by record name (docs/WIREJSON). An invalid string
// exits non-zero with the reader's typed error. A string split by the
// shell after its '+' continuations may be given as several arguments.

// decodeOffer implements `lnstack decode offer`.
func decodeOffer(e *env, args []string) error {
	return decodeBolt12(e, "offer", "lno1...", args, func(s string) (json.Marshaler, error) {
		return bolt12.DecodeOffer(s)
	})
}

// decodeInvReq implements `lnstack decode invreq`.
func decodeInvReq(e *env, args []string) error {
	return decodeBolt12(e, "invreq", "lnr1...", args, func(s string) (json.Marshaler, error) {
		return bolt12.DecodeInvoiceRequest(s)
	})
}

// decodeBolt12Invoice implements `lnstack decode invoice` for a BOLT #12
// invoice (isBolt12Invoice).
func decodeBolt12Invoice(e *env, args []string) error {
	return decodeBolt12(e, "invoice", "lni1...", args, func(s string) (json.Marshaler, error) {
		return bolt12.DecodeInvoice(s)
	})
}

// isBolt12Invoice reports whether the arguments of `decode invoice` hold a
// BOLT #12 invoice: its string starts with "lni" (in either case, '+' and
// white space aside), which no BOLT #11 prefix ("lnbc", "lntb", "lnbcrt",
// "lntbs", "lnsb") does.
func isBolt12Invoice(args []string) bool {
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			continue
		}
		s := strings.Map(func(r rune) rune {
			if r == '+' || r == ' ' || r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, a)
		return strings.HasPrefix(strings.ToLower(s), bolt12.PrefixInvoice)
	}
	return false
}

func decodeBolt12(e *env, kind, form string, args []string, decode func(string) (json.Marshaler, error)) error {
	fs := flag.NewFlagSet("decode "+kind, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	indent := fs.Bool("indent", false, "indent the JSON")
	fs.Usage = func() { bolt12Usage(e.stderr, kind, form); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil || fs.NArg() == 0 {
		if err == nil {
			fs.Usage()
		}
		return errUsage
	}
	v, err := decode(strings.Join(fs.Args(), " "))
	if err != nil {
		return err
	}
	out, err := v.MarshalJSON()
	if err != nil {
		return err
	}
	return printJSON(e.stdout, json.RawMessage(out), *indent)
}

func bolt12Usage(w io.Writer, kind, form string) {
	fmt.Fprintf(w, "usage: lnstack decode %s [--indent] <%s>\n", kind, form)
}
