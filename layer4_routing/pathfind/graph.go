package pathfind

import (
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/graph"
)

// Graph is the read-only channel graph a search walks: nodes by dense
// index, and for each node its channels with the policies of both
// directions. *graph.View (layer3_p2p/graph, inside Graph.View) is one;
// StaticGraph is another, built from a snapshot without gossip, for
// benchmarks and simulations.
type Graph interface {
	// NodeLimit bounds node indices: every index is below it.
	NodeLimit() int
	// NodeByID returns the index of node id.
	NodeByID(id wire.Point) (graph.NodeIndex, bool)
	// NodeID returns the node_id of node n.
	NodeID(n graph.NodeIndex) wire.Point
	// Edges calls fn with each channel of node n, as seen from n, until
	// fn returns false. The search calls it once per node it settles: it
	// is the hot path.
	Edges(n graph.NodeIndex, fn func(e graph.Edge) bool)
	// ChannelBySCID returns the channel with short_channel_id scid.
	ChannelBySCID(scid wire.ShortChannelID) (graph.Channel, bool)
}

var _ Graph = (*graph.View)(nil)

// EdgeLister is a Graph that keeps each node's edges in a slice: the
// search then reads them in place rather than through the Edges
// callback, which copies every edge twice. StaticGraph is one.
type EdgeLister interface {
	// EdgeList returns the edges of node n, as Edges would call fn with
	// them; the caller must not modify them.
	EdgeList(n graph.NodeIndex) []graph.Edge
}

// FindRoute runs f.Route on a view of g, under g's read lock.
func (f *Finder) FindRoute(g *graph.Graph, req *Request) (r *Route, err error) {
	g.View(func(v *graph.View) { r, err = f.Route(v, req) })
	return r, err
}

// FindRoutes runs f.Routes on a view of g, under g's read lock.
func (f *Finder) FindRoutes(g *graph.Graph, req *Request) (rs []Route, err error) {
	g.View(func(v *graph.View) { rs, err = f.Routes(v, req) })
	return rs, err
}
