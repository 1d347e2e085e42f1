package wire_test

import (
	"errors"
	"fmt"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

func ExampleAppendBigSize() {
	for _, v := range []uint64{252, 253, 65536, 1 << 32} {
		fmt.Printf("%d: %x\n", v, wire.AppendBigSize(nil, v))
	}
	// Output:
	// 252: fc
	// 253: fd00fd
	// 65536: fe00010000
	// 4294967296: ff0000000100000000
}

func ExampleDecodeBigSize() {
	v, n, err := wire.DecodeBigSize([]byte{0xfd, 0x01, 0x00, 0xaa})
	fmt.Println(v, n, err)
	_, _, err = wire.DecodeBigSize([]byte{0xfd, 0x00, 0xfc})
	fmt.Println(errors.Is(err, wire.ErrNonMinimal))
	// Output:
	// 256 3 <nil>
	// true
}

// hints is a TLV stream with two known records, declared once.
type hints struct {
	HasAmount bool
	Amount    uint64
	HasSCID   bool
	SCID      wire.ShortChannelID
	Unknown   wire.Records
}

func (h *hints) Fields(f *wire.Fields) {
	tlv := f.BeginStream("", &h.Unknown)
	if tlv.Record(2, "amount", &h.HasAmount) {
		f.TU64("amount_msat", &h.Amount)
	}
	if tlv.Record(6, "channel", &h.HasSCID) {
		f.ShortChannelID("short_channel_id", &h.SCID)
	}
	tlv.End()
}

// ExampleStream decodes a TLV stream with an unknown odd record, prints it,
// and re-encodes it unchanged; an unknown even record fails.
func ExampleStream() {
	in := []byte{
		0x02, 0x02, 0x03, 0xe8, // amount: tu64 1000
		0x05, 0x01, 0x2a, // unknown odd record 5: kept
		0x06, 0x08, 0, 0, 0x01, 0, 0, 0x02, 0, 0x03, // channel: 1x2x3
	}
	var h hints
	if err := wire.Decode(in, &h); err != nil {
		fmt.Println(err)
		return
	}
	js, _ := wire.MarshalJSON(&h)
	fmt.Println(string(js))
	out, _ := wire.Encode(nil, &h)
	fmt.Println(string(out) == string(in))

	err := wire.Decode([]byte{0x04, 0x00}, &h)
	fmt.Println(errors.Is(err, wire.ErrUnknownEvenType))
	// Output:
	// {"amount":{"amount_msat":1000},"channel":{"short_channel_id":"1x2x3"},"unknown":{"5":"2a"}}
	// true
	// true
}
