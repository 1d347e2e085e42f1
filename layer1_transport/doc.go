// Package transport is layer 1 of lnstack: how two Lightning nodes reach each
// other and authenticate. It dials and listens over TCP (directly or through a
// SOCKS5 proxy such as Tor) and hands back connections that have completed the
// BOLT #8 Noise_XK handshake.
//
// Files of this package:
//
//	dialer.go   the Dialer interface every outbound connection goes through
//	dial.go     Dial: connect, then the BOLT #8 handshake as initiator
//	listen.go   Listen/Listener: accept, handshakes as responder, concurrently and bounded
//	options.go  connect and handshake timeouts, the pending-handshake bound
//	errors.go   ErrNeedsProxy, DialError, ...
//
// Sub-packages:
//
//	noise/    BOLT #8: the handshake (acts one, two, three) and the encrypted connection
//	netaddr/  address types (IPv4, IPv6, Tor v3, DNS hostname), BOLT #7 address
//	          descriptors, and `<pubkey>@host:port` parsing
//	tor/      dialing through SOCKS5 with stream isolation; onion services over the control port
//	dnsseed/  BOLT #10: DNS seed client and a seed server
//
// This layer imports no other lnstack layer.
package transport
