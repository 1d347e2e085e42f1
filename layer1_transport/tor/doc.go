// Package tor reaches and offers Lightning nodes over Tor.
//
// Dialer dials through a SOCKS5 proxy (Tor's SocksPort) and implements
// transport.Dialer and transport.ProxyDialer, so transport.Dial accepts it
// for onion addresses. It never resolves a destination name locally: names,
// onion or clearnet, go to the proxy as SOCKS5 domain names. It isolates
// streams with per-destination SOCKS5 credentials, which Tor's default
// IsolateSOCKSAuth turns into one circuit per peer.
//
// Controller speaks Tor's control protocol (control-spec.txt): PROTOCOLINFO,
// authentication (HASHEDPASSWORD, SAFECOOKIE, COOKIE or NULL), and
// ADD_ONION/DEL_ONION for v3 onion services whose key is kept in a file so
// the .onion address survives restarts.
//
// Files and what they implement:
//
//	dialer.go   SOCKS5 dialing and stream isolation (RFC 1928, RFC 1929;
//	            Tor's IsolateSOCKSAuth)
//	control.go  the control connection: commands and the reply grammar
//	auth.go     PROTOCOLINFO and AUTHENTICATE, AUTHCHALLENGE SAFECOOKIE
//	onion.go    ADD_ONION / DEL_ONION and the persisted ED25519-V3 key; the
//	            address it returns is a netaddr.TorV3, the BOLT #7 type 4
//	            address descriptor a node announces
//	errors.go   sentinel errors and ControlError
//
// No BOLT specifies Tor itself: BOLT #7 only defines how an onion address is
// announced (see package netaddr) and BOLT #8 runs unchanged over the stream.
package tor
