package feature_test

import (
	"errors"
	"fmt"

	"github.com/lnstack/lnstack/layer2_messaging/feature"
)

// ExampleNegotiate applies the init rules to two feature vectors.
func ExampleNegotiate() {
	local := feature.New(feature.DataLossProtect.Optional(), feature.BasicMPP.Optional(), feature.ShutdownAnySegwit.Optional())
	remote := feature.New(feature.DataLossProtect, feature.BasicMPP.Optional(), 201) // 201: unknown, odd

	negotiated, err := feature.Negotiate(local, remote)
	fmt.Println(negotiated, err)

	// A remote that requires a feature the local node does not offer.
	_, err = feature.Negotiate(local, feature.New(feature.Splice))
	fmt.Println(errors.Is(err, feature.ErrUnknownRequiredFeature))
	fmt.Println(err)
	// Output:
	// option_data_loss_protect(required),basic_mpp(optional) <nil>
	// true
	// feature: unknown required feature: bits [62] (option_splice)
}
