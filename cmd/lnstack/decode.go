package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer3_p2p/channelmsg"
	"github.com/lnstack/lnstack/layer3_p2p/gossip"
	"github.com/lnstack/lnstack/layer4_routing/onionmsg"
	"github.com/lnstack/lnstack/layer5_payment/bolt12"
)

// errBadHex is returned for an argument that is not hex.
var errBadHex = errors.New("input is not hex")

// messageTables is the one list of the message tables lnstack knows, lowest
// layer first. Every command that decodes messages builds its codec from
// it; each layer adds its table here as it lands, and `lnstack decode`
// prints its messages from then on.
func messageTables() []messaging.Table {
	return []messaging.Table{
		messaging.Messages(),  // layer 2: BOLT #1
		channelmsg.Messages(), // layer 3: BOLT #2
		gossip.Messages(),     // layer 3: BOLT #7
		onionmsg.Messages(),   // layer 4: BOLT #4 onion messages
		bolt12.Streams(),      // layer 5: BOLT #12 TLV streams (decode tlv --stream offer)
	}
}

// newCodec builds the codec of every known message.
func newCodec() (*messaging.Codec, error) {
	return messaging.NewCodec(messageTables()...)
}

// runDecode implements `lnstack decode msg|tlv|list`:
//
//	lnstack decode msg [--indent] <hex>                 a message: type, then payload
//	lnstack decode tlv [--indent] [--stream name] <hex>  a TLV stream on its own
//	lnstack decode list                                  the known messages and streams
//
// msg prints {"type", "name", "fields"} in the JSON form of docs/WIREJSON
// (BOLT field names); tlv prints the stream's object, by record name when
// --stream names a known stream, else every record under "unknown".
func runDecode(_ context.Context, e *env, args []string) error {
	if len(args) == 0 {
		decodeUsage(e.stderr)
		return errUsage
	}
	switch args[0] {
	case "msg":
		return decodeMsg(e, args[1:])
	case "tlv":
		return decodeTLV(e, args[1:])
	case "list":
		return decodeList(e)
	case "offer":
		return decodeOffer(e, args[1:])
	case "invreq":
		return decodeInvReq(e, args[1:])
	case "invoice":
		// A BOLT 12 invoice starts with "lni"; no BOLT 11 prefix does.
		if isBolt12Invoice(args[1:]) {
			return decodeBolt12Invoice(e, args[1:])
		}
		return decodeInvoice(e, args[1:])
	default:
		decodeUsage(e.stderr)
		return errUsage
	}
}

func decodeUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: lnstack decode msg [--indent] <hex>")
	fmt.Fprintln(w, "       lnstack decode tlv [--indent] [--stream name] <hex>")
	fmt.Fprintln(w, "       lnstack decode list")
	fmt.Fprintln(w, "       lnstack decode invoice <bolt11 or bolt12 invoice>")
	fmt.Fprintln(w, "       lnstack decode offer <lno...>")
	fmt.Fprintln(w, "       lnstack decode invreq <lnr...>")
}

// decodeMsg decodes one message frame.
func decodeMsg(e *env, args []string) error {
	fs := flag.NewFlagSet("decode msg", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	indent := fs.Bool("indent", false, "indent the JSON")
	fs.Usage = func() { decodeUsage(e.stderr); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		if err == nil {
			fs.Usage()
		}
		return errUsage
	}
	frame, err := parseHex(fs.Arg(0))
	if err != nil {
		return err
	}
	codec, err := newCodec()
	if err != nil {
		return err
	}
	d, err := codec.DecodeJSON(frame)
	if err != nil {
		return err
	}
	return printJSON(e.stdout, d, *indent)
}

// decodeTLV decodes a TLV stream on its own.
func decodeTLV(e *env, args []string) error {
	fs := flag.NewFlagSet("decode tlv", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	indent := fs.Bool("indent", false, "indent the JSON")
	stream := fs.String("stream", "", "the stream's BOLT name, e.g. init_tlvs (see `lnstack decode list`); none: every record, generically")
	fs.Usage = func() { decodeUsage(e.stderr); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		if err == nil {
			fs.Usage()
		}
		return errUsage
	}
	b, err := parseHex(fs.Arg(0))
	if err != nil {
		return err
	}
	codec, err := newCodec()
	if err != nil {
		return err
	}
	out, err := codec.DecodeStreamJSON(*stream, b)
	if err != nil {
		return err
	}
	return printJSON(e.stdout, json.RawMessage(out), *indent)
}

// decodeList prints every known message type and stream name.
func decodeList(e *env) error {
	codec, err := newCodec()
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "messages:")
	for _, m := range codec.Entries() {
		fmt.Fprintf(e.stdout, "  %5d  %s\n", m.Type, m.Name)
	}
	fmt.Fprintln(e.stdout, "tlv streams:")
	for _, s := range codec.StreamNames() {
		fmt.Fprintf(e.stdout, "  %s\n", s)
	}
	return nil
}

// parseHex decodes a hex argument; a 0x prefix and white space are allowed.
func parseHex(s string) ([]byte, error) {
	s = strings.Join(strings.Fields(s), "")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X")
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errBadHex, err)
	}
	return b, nil
}

// printJSON writes v as one line of JSON, or indented.
func printJSON(w io.Writer, v any, indent bool) error {
	var out []byte
	var err error
	if indent {
		out, err = json.MarshalIndent(v, "", "  ")
	} else {
		out, err = json.Marshal(v)
	}
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", out)
	return err
}
