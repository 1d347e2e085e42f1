// Package p2p is layer 3 of lnstack: what two Lightning peers agree on once
// they are connected. Its sub-packages hold the BOLT #3 on-chain half of a
// channel (amount, keys, shachain, scripts, funding, commitment, closing);
// the BOLT #2 channel messages and state machines and the BOLT #7 gossip
// live beside them.
//
// Layer 3 imports only layers 1 and 2, the standard library and the approved
// dependencies (btcec, and btcd's wire, txscript and chainhash for Bitcoin
// transactions). docs/layer3_transactions.md maps each file to its BOLT section.
package p2p
