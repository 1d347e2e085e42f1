// Package pathfind finds routes for payments over the public channel
// graph (layer3_p2p/graph, or any Graph): the cheapest route when one
// route carries the payment, a split over several when none does
// (BOLT #4 "Basic Multi-Part Payments"), with route hints (BOLT #11 r
// fields) and blinded paths (BOLT #4 "Route Blinding", BOLT #12
// blinded_payinfo) as the routes' last edges, and learning from the
// outcome of payments (Liquidity).
//
// # The search
//
// Amounts and expiries are computed backwards from the recipient, as BOLT
// #7 says of channel_update ("amounts and expiries for HTLCs need to be
// calculated backward from the destination to the source"), so the search
// is a Dijkstra from the recipient to the source: settling node v with
// the HTLC it must receive, each channel u→v offers u the HTLC of v plus
// u's fee (BOLT #7 "HTLC Fees", on u's channel_update for the direction)
// and u's cltv_expiry_delta. The source pays itself no fee and adds no
// delta. A channel direction is skipped when its channel_update is
// missing or disabled, when its htlc_maximum_msat is below its
// htlc_minimum_msat or above the capacity ("SHOULD ignore this channel
// during route considerations"), or when the HTLC is outside
// [htlc_minimum_msat, htlc_maximum_msat]. A route may not expire more
// than MaxCLTV blocks away (BOLT #4's max_htlc_cltv of 2016 by default)
// nor hold more forwarding nodes than the 1300-byte onion has room for
// (MaxChannels: 59 bytes a forwarding node, the final or blinded hops'
// actual sizes; 21 channels for a plain payment).
//
// The search state (a 16-byte hot record and a label per node, a binary
// heap, per-channel adjustments) is kept in a Finder and reused from one
// search to the next under generation counters, so a search does not
// clear or allocate it; nothing in the loop over edges touches a map.
//
// # The cost of a route
//
// One number ranks routes, in millisatoshis: the fees, plus for each hop
// the amount it locks times its cltv_expiry_delta times RiskFactorPPB /
// 10^9, plus HopCostMsat, plus -ln(p) times the price of a failed attempt
// (AttemptCostMsat + amount × AttemptCostPPM / 10^6) for the hop's success
// probability p. The logarithm makes the probability term add up along a
// route to -ln(P) for the route's probability P, so the total is a sum of
// non-negative edge costs and Dijkstra applies, as in LDK's
// probabilistic scorer; lnd weighs fees against probability too, dividing
// by it instead.
//
// # The probability model
//
// The liquidity available to forward over a channel direction is taken
// as uniformly distributed over what is known of it: [0, capacity] at
// first, narrowed by Liquidity to [lo, hi] as payments succeed and fail.
// An HTLC of a is then carried with probability 1 when a ≤ lo, 0 when
// a > hi, and (hi + 1 - a) / (hi + 1 - lo) between. Parts of the same
// payment already routed over the direction count as in flight: a part of
// a needs a plus them. Route hints and blinded paths, whose capacity is
// unknown, get UnknownCapacityMsat and a prior factor
// (Weights.HintProbability); a node that returned a NODE failure
// multiplies the probability of every hop it forwards by 1 - 2^(-t/h)
// (0 at first, then recovering with the half-life h). Liquidity's bounds
// decay the same way back towards [0, capacity]: an observation made t
// ago counts 2^(-t/h), because balances move as other payments flow.
// Time is passed in (Request.Now); nothing here reads a clock.
//
// Files:
//
//	graph.go      the Graph interface (*graph.View implements it), EdgeLister
//	request.go    Request, HintHop, BlindedPath, FirstHop, Weights
//	route.go      Route, Hop, BlindedTail
//	finder.go     Finder: the search, the cost of a hop, building the route
//	prepare.go    a request's extra edges (hints, blinded paths, first hops)
//	              and its changes to the graph (exclusions, overrides, learning)
//	onion.go      BOLT #4 hop payload sizes and the longest route they allow
//	mpp.go        Routes: splitting over several routes
//	liquidity.go  Liquidity: learning from failures and successes, with decay
//	heap.go       the binary heap
//	static.go     StaticGraph: a Graph from a snapshot, without gossip
//	errors.go     sentinel errors
//
// Sub-package graphgen builds synthetic graphs of any size from a
// snapshot's distributions, for benchmarks at today's network size.
package pathfind
