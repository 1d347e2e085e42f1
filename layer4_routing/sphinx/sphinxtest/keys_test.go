package sphinxtest

import "testing"

func TestKeysFollowTheLabel(t *testing.T) {
	if !Key("alice").PubKey().IsEqual(Key("alice").PubKey()) || Key("alice").PubKey().IsEqual(Key("bob").PubKey()) {
		t.Fatal("Key is not a function of its label")
	}
	if !PubKey(t, Node(t, "alice")).IsEqual(Key("alice").PubKey()) {
		t.Fatal("Node and PubKey do not give Key's public key")
	}
}
