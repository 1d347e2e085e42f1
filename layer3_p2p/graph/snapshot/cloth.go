package snapshot

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/layer3_p2p/amount"
)

// CLoTH has neither short_channel_ids nor timestamps: channel i gets the
// short_channel_id clothBlock+i/1000 x i%1000 x 0 (ascending in i, about
// as many channels per block as mainnet's busiest years), and every policy
// the timestamp ClothTimestamp.
const (
	clothBlock = 500_000
	// ClothTimestamp is the channel_update timestamp of CLoTH policies
	// (2020-01-01).
	ClothTimestamp = 1577836800
)

// ReadCLoTH reads the CLoTH simulator's channels_ln.csv
// (id,edge1_id,edge2_id,node1_id,node2_id,capacity) and edges_ln.csv
// (id,channel_id,counter_edge_id,from_node_id,to_node_id,balance,fee_base,
// fee_proportional,min_htlc,timelock); amounts are in msat. Nodes are
// named by their integer id and have no announcement; htlc_maximum_msat is
// the capacity.
func ReadCLoTH(channels, edges io.Reader) (*Topology, error) {
	chRows, err := readCSV(channels, 6)
	if err != nil {
		return nil, fmt.Errorf("channels_ln.csv: %w", err)
	}
	edgeRows, err := readCSV(edges, 10)
	if err != nil {
		return nil, fmt.Errorf("edges_ln.csv: %w", err)
	}
	t := &Topology{}
	nodeOf := make(map[uint64]int)
	node := func(id uint64) int {
		i, ok := nodeOf[id]
		if !ok {
			i = len(t.Nodes)
			nodeOf[id] = i
			t.Nodes = append(t.Nodes, Node{Name: strconv.FormatUint(id, 10)})
		}
		return i
	}
	chanOf := make(map[uint64]int)
	for _, r := range chRows {
		id, n1, n2, capMsat := r[0], r[3], r[4], r[5]
		if id >= 1000*(1<<24-clothBlock) {
			return nil, fmt.Errorf("%w: channel id %d too large", ErrFormat, id)
		}
		scid, err := wire.NewShortChannelID(uint32(clothBlock+id/1000), uint32(id%1000), 0)
		if err != nil {
			return nil, fmt.Errorf("%w: channel id %d", ErrFormat, id)
		}
		chanOf[id] = len(t.Channels)
		t.Channels = append(t.Channels, Channel{
			SCID:     scid,
			Nodes:    [2]int{node(n1), node(n2)},
			Capacity: amount.MilliSatoshi(capMsat).ToSatoshi(),
		})
	}
	for _, r := range edgeRows {
		chID, from, to := r[1], r[3], r[4]
		ci, ok := chanOf[chID]
		if !ok {
			return nil, fmt.Errorf("%w: edge %d of unknown channel %d", ErrFormat, r[0], chID)
		}
		c := &t.Channels[ci]
		side := 0
		switch {
		case c.Nodes[0] == nodeOf[from] && c.Nodes[1] == nodeOf[to]:
		case c.Nodes[1] == nodeOf[from] && c.Nodes[0] == nodeOf[to]:
			side = 1
		default:
			return nil, fmt.Errorf("%w: edge %d between other nodes than channel %d", ErrFormat, r[0], chID)
		}
		if r[6] > 1<<32-1 || r[7] > 1<<32-1 || r[9] > 1<<16-1 {
			return nil, fmt.Errorf("%w: edge %d fee or timelock out of range", ErrFormat, r[0])
		}
		c.Policies[side] = &Policy{
			Timestamp:                 ClothTimestamp,
			FeeBaseMsat:               uint32(r[6]),
			FeeProportionalMillionths: uint32(r[7]),
			HTLCMinimumMsat:           amount.MilliSatoshi(r[8]),
			HTLCMaximumMsat:           c.Capacity.ToMilliSatoshi(),
			CLTVExpiryDelta:           uint16(r[9]),
		}
	}
	return t, nil
}

// readCSV reads a CSV file of unsigned integers with a header line and
// want columns per row.
func readCSV(r io.Reader, want int) ([][]uint64, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = want
	cr.ReuseRecord = true
	if _, err := cr.Read(); err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrFormat, err)
	}
	var rows [][]uint64
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrFormat, err)
		}
		row := make([]uint64, want)
		for i, f := range rec {
			// Some columns are written as floats ("1000.0").
			v, err := strconv.ParseUint(f, 10, 64)
			if err != nil {
				fv, ferr := strconv.ParseFloat(f, 64)
				if ferr != nil || fv < 0 || fv >= 1<<63 {
					return nil, fmt.Errorf("%w: field %q", ErrFormat, f)
				}
				v = uint64(fv)
			}
			row[i] = v
		}
		rows = append(rows, row)
	}
}
