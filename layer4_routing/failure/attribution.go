package failure

import (
	"encoding/binary"

	"github.com/lnstack/lnstack/layer4_routing/sphinx"
)

// Sizes of attribution_data (BOLT #2 update_fail_htlc_tlvs and
// update_fulfill_htlc_tlvs, type 1; BOLT #4 "Returning Errors"):
//
//	[20*u32:htlc_hold_times] [210*sha256[..4]:truncated_hmacs]
const (
	// AttributionHops is the longest route attribution data covers: "the
	// maximum supported number of hops in a route (20)".
	AttributionHops = 20
	// HoldTimeLen is the size of one hold time (a u32).
	HoldTimeLen = 4
	// TruncatedHMACLen is the size of one truncated HMAC: "Regular 32 byte
	// HMACs are truncated to the first 4 bytes to save space."
	TruncatedHMACLen = 4
	// AttributionHMACs is the number of HMACs held: 20+19+...+1.
	AttributionHMACs = AttributionHops * (AttributionHops + 1) / 2
	// AttributionDataLen is the size of attribution_data: 80 + 840.
	AttributionDataLen = AttributionHops*HoldTimeLen + AttributionHMACs*TruncatedHMACLen
)

// AttributionData is the attribution_data of an update_fail_htlc or
// update_fulfill_htlc, as it travels back (obfuscated by each hop's
// ammagext stream). The zero value is the "all-zeroes attribution_data
// block" a node starts from when the next hop returned none.
//
// Layout: 20 hold times (u32, in units of 100 milliseconds), the sending
// hop's first, then the truncated HMACs in blocks, one per hop counted from
// the sending hop: block x holds 20-x HMACs, for the positions 19-x down to
// 0, where a position is how many hops the hop assumes it is from the
// erring node (BOLT #4: "hmac_x_y is the hmac added by node x (counted from
// the node that is currently handling the failure message) assuming that
// this node is y hops away from the erring node").
type AttributionData [AttributionDataLen]byte

// hmacOffset returns where block x holds the HMAC for position y.
func hmacOffset(x, y int) int {
	start := AttributionHops*x - x*(x-1)/2
	return AttributionHops*HoldTimeLen + (start+AttributionHops-1-x-y)*TruncatedHMACLen
}

// HoldTime returns the first hold time, the sending hop's. It means
// something only after the hop's ammagext layer is removed.
func (a *AttributionData) HoldTime() uint32 { return binary.BigEndian.Uint32(a[:]) }

// Add is one hop's update of attribution data (BOLT #4 "Transformation of
// attribution_data" and "Update of attribution_data"): shift the hold times
// and HMACs one hop down, pruning the HMACs that would be for position 20,
// put holdTime first, compute this hop's 20 HMACs with its um key, and
// obfuscate the whole with its ammagext stream. packet is the return packet
// "before applying the pseudo-random byte stream" (the erring node's
// unobfuscated packet, an intermediate hop's packet as it arrived), nil for
// a fulfilled HTLC.
func (a *AttributionData) Add(secret *sphinx.Secret, holdTime uint32, packet []byte) {
	var next AttributionData
	binary.BigEndian.PutUint32(next[:], holdTime)
	copy(next[HoldTimeLen:AttributionHops*HoldTimeLen], a[:(AttributionHops-1)*HoldTimeLen])
	// Block x-1 becomes block x without its first HMAC, the one for the
	// highest position: "The left-most HMAC for each hop is discarded."
	for x := 1; x < AttributionHops; x++ {
		from := hmacOffset(x-1, AttributionHops-x) + TruncatedHMACLen
		n := (AttributionHops - x) * TruncatedHMACLen
		to := hmacOffset(x, AttributionHops-1-x)
		copy(next[to:to+n], a[from:from+n])
	}
	um := sphinx.DeriveKey(sphinx.KeyUm, secret)
	w := sphinx.NewMAC()
	var tail hmacTail
	for y := range AttributionHops {
		h := next.hmac(&w, &tail, &um, packet, y)
		copy(next[hmacOffset(0, y):], h[:TruncatedHMACLen])
	}
	ext := sphinx.DeriveKey(sphinx.KeyAmmagExt, secret)
	sphinx.XORStream(&ext, next[:], next[:])
	*a = next
}

// hmac computes the HMAC of block 0 for position y: over the packet, "the
// concatenation of the first y+1 hold times" and "the concatenation of y
// downstream hmacs that correspond to downstream node positions relative
// to x", the next hop's for position y-1, the one after's for y-2, down to
// the erring node's for 0.
func (a *AttributionData) hmac(w *sphinx.MAC, tail *hmacTail, um *[32]byte, packet []byte, y int) [32]byte {
	n := copy(tail[:], a[:(y+1)*HoldTimeLen])
	for j := range y {
		off := hmacOffset(j+1, y-1-j)
		n += copy(tail[n:], a[off:off+TruncatedHMACLen])
	}
	return w.Sum(um, packet, tail[:n])
}

// hmacTail holds what an HMAC covers after the packet: at most 20 hold
// times and 19 downstream HMACs. It passes through the hash interface, so
// it lives on the heap: one per update, not one per HMAC.
type hmacTail [AttributionHops*HoldTimeLen + (AttributionHops-1)*TruncatedHMACLen]byte

// unwrap is the origin's step for one hop at position y from the end of
// the route: remove its ammagext layer, read its hold time, check its HMAC
// for position y, and shift the data back to the form the next hop sent
// (the pruned HMACs come back as zeros; no later check reads them).
func (a *AttributionData) unwrap(w *sphinx.MAC, secret *sphinx.Secret, packet []byte, y int) (uint32, bool) {
	ext := sphinx.DeriveKey(sphinx.KeyAmmagExt, secret)
	sphinx.XORStream(&ext, a[:], a[:])
	hold := a.HoldTime()
	um := sphinx.DeriveKey(sphinx.KeyUm, secret)
	var tail hmacTail
	h := a.hmac(w, &tail, &um, packet, y)
	off := hmacOffset(0, y)
	ok := sphinx.EqualMAC(h[:TruncatedHMACLen], a[off:off+TruncatedHMACLen])
	var prev AttributionData
	copy(prev[:], a[HoldTimeLen:AttributionHops*HoldTimeLen])
	for x := 0; x < AttributionHops-1; x++ {
		from := hmacOffset(x+1, AttributionHops-2-x)
		n := (AttributionHops - 1 - x) * TruncatedHMACLen
		to := hmacOffset(x, AttributionHops-1-x) + TruncatedHMACLen
		copy(prev[to:to+n], a[from:from+n])
	}
	*a = prev
	return hold, ok
}

// VerifyAttribution reads the attribution data of a fulfilled HTLC at the
// origin (BOLT #4 "Hold times for successful payments"): for each hop of
// the route, first hop first, it checks the hop's HMAC and takes its hold
// time. It returns the hold times of the hops that verified and the index
// of the first that did not, or -1. attr is not modified.
func VerifyAttribution(secrets []sphinx.Secret, attr *AttributionData) ([]uint32, int, error) {
	n := len(secrets)
	if n == 0 || n > AttributionHops {
		return nil, -1, ErrNoRoute
	}
	a := *attr
	w := sphinx.NewMAC()
	holds := make([]uint32, 0, n)
	for i := range secrets {
		hold, ok := a.unwrap(&w, &secrets[i], nil, n-1-i)
		if !ok {
			return holds, i, nil
		}
		holds = append(holds, hold)
	}
	return holds, -1, nil
}
