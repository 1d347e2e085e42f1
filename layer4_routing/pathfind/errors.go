package pathfind

import "errors"

var (
	// ErrNoRoute: no route satisfies the request (amount, limits,
	// exclusions, what has been learned).
	ErrNoRoute = errors.New("pathfind: no route")
	// ErrUnknownSource: the source is not in the graph and the request
	// gives no FirstHops.
	ErrUnknownSource = errors.New("pathfind: source not in the graph")
	// ErrBadRequest: the request cannot be routed as asked (no amount, no
	// recipient, paying oneself).
	ErrBadRequest = errors.New("pathfind: invalid request")
)
