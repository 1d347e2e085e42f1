package messaging_test

import (
	"errors"
	"fmt"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
)

// ExampleCodec_Decode decodes frames as a peer's read loop does: a known
// message, an unknown odd one to ignore, an unknown even one to disconnect on.
func ExampleCodec_Decode() {
	codec, err := messaging.NewCodec(messaging.Messages())
	if err != nil {
		panic(err)
	}
	frames := [][]byte{
		{0x00, 0x12, 0x00, 0x04, 0x00, 0x00}, // ping asking for 4 bytes
		{0x80, 0x01, 0xca, 0xfe},             // unknown odd type 32769
		{0x80, 0x02},                         // unknown even type 32770
	}
	for _, frame := range frames {
		m, err := codec.Decode(frame)
		switch m := m.(type) {
		case *messaging.Ping:
			pong, _ := messaging.PongFor(m)
			out, _ := codec.Encode(nil, pong)
			fmt.Printf("ping: answer with %x\n", out)
		case *messaging.Unknown:
			fmt.Printf("type %d: ignored\n", m.Type())
		default:
			fmt.Println("close:", errors.Is(err, messaging.ErrUnknownRequiredMessage))
		}
	}
	// Output:
	// ping: answer with 0013000400000000
	// type 32769: ignored
	// close: true
}

func ExampleCodec_DecodeJSON() {
	codec, _ := messaging.NewCodec(messaging.Messages())
	d, err := codec.DecodeJSON([]byte{0x00, 0x10, 0x00, 0x00, 0x00, 0x01, 0x02, 0xc9, 0x01, 0x2a})
	fmt.Println(d.Type, d.Name, string(d.Fields), err)
	// Output:
	// 16 init {"globalfeatures":"","features":"02","tlvs":{"unknown":{"201":"2a"}}} <nil>
}
