package blinding_test

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/btcsuite/btcd/btcec/v2"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer4_routing/blinding"
	"github.com/lnstack/lnstack/layer4_routing/sphinx"
	"github.com/lnstack/lnstack/layer4_routing/sphinx/sphinxtest"
)

// TestPathUnblinds creates paths of 1 to 6 nodes and has each node derive
// its blinded key, decrypt its blob and compute the next node's path key.
func TestPathUnblinds(t *testing.T) {
	for n := 1; n <= 6; n++ {
		keys := make([]*sphinx.NodeKey, n)
		pubs := make([]*btcec.PublicKey, n)
		data := make([][]byte, n)
		for i := range n {
			keys[i] = sphinxtest.Node(t, fmt.Sprintf("node %d/%d", i, n))
			pubs[i] = sphinxtest.PubKey(t, keys[i])
			data[i] = []byte(fmt.Sprintf("data of %d", i))
		}
		path, err := blinding.BuildPath(sphinxtest.Key(fmt.Sprintf("e0 %d", n)), pubs, data)
		if err != nil {
			t.Fatal(err)
		}
		if intro, ok := path.FirstNodeID.Point(); !ok || intro != keys[0].PubKey() {
			t.Fatal("first_node_id is not the introduction node")
		}
		pathKey := path.FirstPathKey
		for i, h := range path.Hops {
			u, err := blinding.Unblind(keys[i], &pathKey)
			if err != nil {
				t.Fatal(err)
			}
			bk, err := u.BlindedKey(keys[i])
			if err != nil || bk.PubKey() != h.BlindedNodeID {
				t.Fatalf("hop %d: blinded key %v", i, err)
			}
			plain, err := u.Decrypt(h.EncryptedRecipientData)
			if err != nil || !bytes.Equal(plain, data[i]) {
				t.Fatalf("hop %d: decrypt %q %v", i, plain, err)
			}
			if pathKey, err = u.NextPathKey(); err != nil {
				t.Fatal(err)
			}
			// Another node cannot read the blob.
			if i > 0 {
				if _, err := u.Decrypt(path.Hops[i-1].EncryptedRecipientData); !errors.Is(err, blinding.ErrDecrypt) {
					t.Fatalf("hop %d reads hop %d's blob: %v", i, i-1, err)
				}
			}
		}
	}
}

func TestPathErrors(t *testing.T) {
	pub := sphinxtest.Key("a").PubKey()
	if _, err := blinding.BuildPath(sphinxtest.Key("e"), nil, nil); !errors.Is(err, blinding.ErrBadPath) {
		t.Error("no nodes")
	}
	if _, err := blinding.BuildPath(sphinxtest.Key("e"), []*btcec.PublicKey{pub}, nil); !errors.Is(err, blinding.ErrBadPath) {
		t.Error("data missing")
	}
	if _, err := blinding.BuildPath(nil, []*btcec.PublicKey{pub}, [][]byte{nil}); !errors.Is(err, blinding.ErrBadPath) {
		t.Error("no session key")
	}
	if _, err := blinding.BuildPath(sphinxtest.Key("e"), []*btcec.PublicKey{nil}, [][]byte{nil}); !errors.Is(err, blinding.ErrBadPath) {
		t.Error("nil node")
	}
	bad := wire.Point{4}
	if _, err := blinding.Unblind(sphinxtest.Node(t, "n"), &bad); !errors.Is(err, sphinx.ErrInvalidKey) {
		t.Errorf("path key that is no point: %v", err)
	}
}
