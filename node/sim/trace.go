package sim

import "fmt"

// Event is one thing a layer did, as `lnstack demo` prints it.
type Event struct {
	// Layer is the lnstack layer (1 to 5), BOLT the BOLT it follows.
	Layer, BOLT int
	// Text says what happened, naming nodes by name.
	Text string
}

// String formats the event as "[layer L, BOLT B] text".
func (e Event) String() string {
	return fmt.Sprintf("[layer %d, BOLT %d] %s", e.Layer, e.BOLT, e.Text)
}

// trace reports an event to Config.Trace, one at a time.
func (nw *Network) trace(layer, bolt int, format string, args ...any) {
	if nw.cfg.Trace == nil {
		return
	}
	e := Event{Layer: layer, BOLT: bolt, Text: fmt.Sprintf(format, args...)}
	nw.traceMu.Lock()
	defer nw.traceMu.Unlock()
	nw.cfg.Trace(e)
}
