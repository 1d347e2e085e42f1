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
