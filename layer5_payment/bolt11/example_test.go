package bolt11_test

import (
	"fmt"

	"github.com/lnstack/lnstack/layer5_payment/bolt11"
)

// Decode the BOLT #11 example "Please send $3 for a cup of coffee to the
// same peer, within one minute".
func ExampleDecode() {
	inv, err := bolt11.Decode("lnbc2500u1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4jsxqzpu9qrsgquk0rl77nj30yxdy8j9vdx85fkpmdla2087ne0xh8nhedh8w27kyke0lp53ut353s06fv3qfegext0eh0ymjpf39tuven09sam30g4vgpfna3rh")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("network:", inv.Network)
	fmt.Println("amount:", inv.AmountMsat, "msat")
	fmt.Println("description:", inv.Description)
	fmt.Println("expires:", inv.ExpiresAt().UTC())
	fmt.Println("features:", inv.Features)
	fmt.Printf("payee: %x\n", inv.Payee)
	// Output:
	// network: bc
	// amount: 250000000 msat
	// description: 1 cup coffee
	// expires: 2017-06-01 10:58:38 +0000 UTC
	// features: var_onion_optin(required),payment_secret(required)
	// payee: 03e7156ae33b0a208d0744199163177e909e80176e55d97a2f221ede0f934dd9ad
}
