package gossip

import (
	"sync"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// KeyParser turns a point into a public key for the Validator. Parsing a
// compressed point takes a square root, about 8% of a signature
// verification; a node key comes back in every channel_announcement and
// node_announcement of that node, so a KeyParser that remembers keys (a
// KeyCache, or the graph store's own table of nodes) saves most of that on
// real gossip. It must be safe for concurrent use.
type KeyParser interface {
	// ParsePubKey returns the key of p, or an error when p is not a valid
	// compressed point.
	ParsePubKey(p wire.Point) (*btcec.PublicKey, error)
}

// KeyCache is a KeyParser that remembers the last Size keys it parsed
// (forgetting the oldest first). It is safe for concurrent use; its memory
// is bounded by Size (about 200 bytes per key).
type KeyCache struct {
	mu    sync.Mutex
	size  int
	keys  map[wire.Point]*btcec.PublicKey
	order []wire.Point // ring, oldest at head once full
	head  int
}

// NewKeyCache returns a cache of at most size keys (at least 1).
func NewKeyCache(size int) *KeyCache {
	size = max(size, 1)
	return &KeyCache{size: size, keys: make(map[wire.Point]*btcec.PublicKey)}
}

// ParsePubKey returns the cached key of p, parsing and remembering it the
// first time. Invalid points are not remembered.
func (c *KeyCache) ParsePubKey(p wire.Point) (*btcec.PublicKey, error) {
	c.mu.Lock()
	k, ok := c.keys[p]
	c.mu.Unlock()
	if ok {
		return k, nil
	}
	k, err := btcec.ParsePubKey(p[:])
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.keys[p]; ok {
		return k, nil // another goroutine parsed it meanwhile
	}
	if len(c.order) < c.size {
		c.order = append(c.order, p)
	} else {
		delete(c.keys, c.order[c.head])
		c.order[c.head] = p
		c.head = (c.head + 1) % c.size
	}
	c.keys[p] = k
	return k, nil
}

// Len returns the number of keys cached.
func (c *KeyCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.keys)
}
