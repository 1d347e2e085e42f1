// Package cpuratio times lnstack against another implementation inside one
// benchmark loop, for the side-by-side benchmarks of the interop module.
//
// On a shared machine two separate wall-clock benchmarks drift with the
// load, so a ratio of their results says more about the neighbours than
// about the code. Run instead alternates the contenders block by block in
// every iteration and times each block on a CPU clock: both sides see the
// same conditions, and time spent descheduled counts for neither.
//
// The thread clock (ThreadClock, the default) counts a contender's own work
// and the garbage-collection assists its allocations pay for, not the
// collector's background workers, which run on other threads: a side that
// allocates more is charged a little less than its full cost. Work that
// spreads over several goroutines needs the process clock (ProcessClock)
// instead.
package cpuratio
