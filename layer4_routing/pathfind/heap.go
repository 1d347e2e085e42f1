package pathfind

// entry is a node on the frontier with the cost it was pushed at.
type entry struct {
	dist float64
	node uint32
}

// minHeap is a binary min-heap of entries by dist. A node whose cost
// improves is pushed again rather than moved; the search skips entries
// older than the node's label ("lazy deletion"), which keeps each entry
// 16 bytes and the comparisons inside the slice.
type minHeap []entry

func (h *minHeap) reset() { *h = (*h)[:0] }

func (h *minHeap) push(e entry) {
	s := append(*h, e)
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 2
		if s[p].dist <= e.dist {
			break
		}
		s[i] = s[p]
		i = p
	}
	s[i] = e
	*h = s
}

func (h *minHeap) pop() entry {
	s := *h
	top := s[0]
	n := len(s) - 1
	last := s[n]
	s = s[:n]
	if n > 0 {
		i := 0
		for {
			c := 2*i + 1
			if c >= n {
				break
			}
			if c+1 < n && s[c+1].dist < s[c].dist {
				c++
			}
			if last.dist <= s[c].dist {
				break
			}
			s[i] = s[c]
			i = c
		}
		s[i] = last
	}
	*h = s
	return top
}
