package channelmsg_test

import (
	"encoding/hex"
	"errors"
	"fmt"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/feature"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/channelmsg"
)

// Example decodes frames through a Codec built from layer 2's table and
// this package's: an update_fee, then a truncated shutdown.
func Example() {
	codec, err := messaging.NewCodec(messaging.Messages(), channelmsg.Messages())
	if err != nil {
		fmt.Println(err)
		return
	}
	frame, _ := hex.DecodeString("0086" + // type 134, update_fee
		"0101010101010101010101010101010101010101010101010101010101010101" + // channel_id
		"000009c4") // feerate_per_kw 2500
	m, err := codec.Decode(frame)
	if err != nil {
		fmt.Println(err)
		return
	}
	fee := m.(*channelmsg.UpdateFee)
	fmt.Println(codec.Name(fee.Type()), fee.FeeratePerKw)
	d, _ := codec.DecodeJSON(frame)
	fmt.Println(string(d.Fields))

	// A shutdown whose scriptpubkey runs past the end of the frame.
	frame, _ = hex.DecodeString("0026" + "0101010101010101010101010101010101010101010101010101010101010101" + "0016" + "0014")
	_, err = codec.Decode(frame)
	var de *wire.DecodeError
	if errors.As(err, &de) {
		fmt.Println(errors.Is(err, wire.ErrTruncated), de.Field, de.Offset)
	}
	// Output:
	// update_fee 2500
	// {"channel_id":"0101010101010101010101010101010101010101010101010101010101010101","feerate_per_kw":2500}
	// true scriptpubkey 34
}

// ExampleAcceptChannelType checks the channel_type of a received
// open_channel against the features negotiated in init.
func ExampleAcceptChannelType() {
	negotiated := feature.New(feature.Anchors.Optional(), feature.SCIDAlias.Optional())
	var open channelmsg.OpenChannel
	open.TLVs.SetChannelType(channelmsg.StaticRemoteKey | channelmsg.Anchors | channelmsg.SCIDAlias)

	t, err := channelmsg.AcceptChannelType(open.TLVs.HasChannelType, open.TLVs.ChannelType, negotiated, open.Announce())
	fmt.Println(t, err)

	open.ChannelFlags = channelmsg.AnnounceChannel
	_, err = channelmsg.AcceptChannelType(open.TLVs.HasChannelType, open.TLVs.ChannelType, negotiated, open.Announce())
	fmt.Println(errors.Is(err, channelmsg.ErrSCIDAliasAnnounced))
	// Output:
	// option_static_remotekey+option_anchors+option_scid_alias <nil>
	// true
}
