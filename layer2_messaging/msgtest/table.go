package msgtest

import (
	"testing"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
)

// Names returns the names of a table's messages, in table order.
func Names(table messaging.Table) []string {
	names := make([]string, 0, len(table.Messages))
	for _, e := range table.Messages {
		names = append(names, e.Name)
	}
	return names
}

// Constructor returns the constructor of the message called name in
// table; a name the table does not hold fails the test.
func Constructor(t testing.TB, table messaging.Table, name string) func() messaging.Message {
	t.Helper()
	for _, e := range table.Messages {
		if e.Name == name {
			return e.New
		}
	}
	t.Fatalf("no message %q in the table", name)
	return nil
}

// ValidTable encodes n values of every message of table, each made by
// random from the message's name, and runs Valid on the bytes: decode,
// encode, decode, the same value, bytes and JSON.
func ValidTable(t *testing.T, table messaging.Table, n int, random func(name string) messaging.Message) {
	t.Helper()
	for _, e := range table.Messages {
		c := Message(e.New)
		for range n {
			Valid(t, c, MustEncode(t, random(e.Name)))
		}
	}
}

// TruncateTable cuts n values of every message of table, each made by
// random, at every offset: each prefix fails with a typed error, except a
// cut at a record boundary of the trailing TLV stream (MessageBoundaries),
// which is a shorter valid message.
func TruncateTable(t *testing.T, table messaging.Table, n int, random func(name string) messaging.Message) {
	t.Helper()
	for _, e := range table.Messages {
		c := Message(e.New)
		for range n {
			m := random(e.Name)
			b := MustEncode(t, m)
			Truncations(t, c, b, MessageBoundaries(t, m, b))
		}
	}
}
