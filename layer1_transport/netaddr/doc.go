// Package netaddr holds the network address types of Lightning nodes and
// their wire form, the BOLT #7 address descriptors.
//
// Files and the spec sections they implement (BOLTs at commit a3772650):
//
//	address.go     Address, IPv4, IPv6, DNSHostname; BOLT #7 "The node_announcement
//	               Message": descriptor types 1, 2 and 5 (hostname ASCII, Punycode)
//	onion.go       TorV3 and the deprecated TorV2; BOLT #7 types 4 and 3, the v3
//	               checksum sha3(".onion checksum" || pubkey || version)[:2]
//	               (Tor rend-spec-v3 "Encoding onion addresses")
//	descriptor.go  one descriptor (AppendDescriptor, ReadDescriptor,
//	               DecodeDescriptor) and the node_announcement addresses field
//	               (DecodeAddressList with the reader rules, AppendAddresses with
//	               the origin node's rules); BOLT #7 "Requirements"
//	remoteaddr.go  FromNetAddr and IsRoutable for init's remote_addr TLV;
//	               BOLT #1 "The init Message"
//	parse.go       ParseAddress and ParseNodeAddr: the "<pubkey>@host:port" form
//	               (a convention of implementations, not a BOLT)
//	errors.go      sentinel errors and DescriptorError
//
// Every Address satisfies net.Addr: Network() and String() are the arguments
// to hand a dialer. Nothing here resolves a name; a DNSHostname or an onion
// address is passed on as the name, so a proxy dialer can resolve it remotely.
package netaddr
