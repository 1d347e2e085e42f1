package spec

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// The record kinds of a CSV line (docs/spec.md):
//
//	msgtype,<msgname>,<typenum>
//	msgdata,<msgname>,<fieldname>,<fieldtype>,<count>
//	tlvtype,<streamname>,<recordname>,<typenum>
//	tlvdata,<streamname>,<recordname>,<fieldname>,<fieldtype>,<count>
//	subtype,<subtypename>
//	subtypedata,<subtypename>,<fieldname>,<fieldtype>,<count>
var columns = map[string]int{
	"msgtype": 3, "msgdata": 5, "tlvtype": 4, "tlvdata": 6, "subtype": 2, "subtypedata": 5,
}

// CommitFile is the name of the file, beside the CSV files, that holds the
// lightning/bolts commit they were extracted from.
const CommitFile = "COMMIT"

// csvName matches the CSV files: bolt01.csv ... and bolt04_failures.csv.
var csvName = regexp.MustCompile(`^bolt([0-9]{2})(_failures)?\.csv$`)

// CSVName returns the name of the CSV file holding BOLT bolt's wire
// messages, TLV streams and subtypes ("bolt01.csv"), or with failures set,
// its onion failure messages ("bolt04_failures.csv").
func CSVName(bolt int, failures bool) string {
	if failures {
		return fmt.Sprintf("bolt%02d_failures.csv", bolt)
	}
	return fmt.Sprintf("bolt%02d.csv", bolt)
}

// definition is one message, TLV stream or subtype, kept in document order
// by the extractor so that the CSV follows the BOLT.
type definition struct {
	msg    *Message
	stream *TLVStream
	sub    *Subtype
	line   int // where the markdown defines it
}

// renderCSV writes the definitions in the CSV format, one record per line.
func renderCSV(defs []definition) []byte {
	var b bytes.Buffer
	line := func(cols ...string) {
		b.WriteString(strings.Join(cols, ","))
		b.WriteByte('\n')
	}
	for _, d := range defs {
		switch {
		case d.msg != nil:
			line("msgtype", d.msg.Name, strconv.Itoa(int(d.msg.Type)))
			for _, fd := range d.msg.Fields {
				line("msgdata", d.msg.Name, fd.Name, fd.Type, fd.Count)
			}
		case d.stream != nil:
			for _, r := range d.stream.Records {
				line("tlvtype", d.stream.Name, r.Name, strconv.FormatUint(r.Type, 10))
				for _, fd := range r.Fields {
					line("tlvdata", d.stream.Name, r.Name, fd.Name, fd.Type, fd.Count)
				}
			}
		case d.sub != nil:
			line("subtype", d.sub.Name)
			for _, fd := range d.sub.Fields {
				line("subtypedata", d.sub.Name, fd.Name, fd.Type, fd.Count)
			}
		}
	}
	return b.Bytes()
}

// Parse reads COMMIT and every CSV file at the root of fsys and returns the
// formats they hold, validated (see Validate).
func Parse(fsys fs.FS) (*Formats, error) {
	commit, err := fs.ReadFile(fsys, CommitFile)
	if err != nil {
		return nil, err
	}
	f := &Formats{Commit: strings.TrimSpace(string(commit))}
	names, err := fs.Glob(fsys, "bolt*.csv")
	if err != nil {
		return nil, err
	}
	sort.Strings(names) // bolt01 < bolt02 < bolt04 < bolt04_failures < bolt07 < bolt12
	for _, name := range names {
		m := csvName.FindStringSubmatch(path.Base(name))
		if m == nil {
			continue
		}
		bolt, _ := strconv.Atoi(m[1])
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		if err := f.parseCSV(name, bolt, m[2] != "", data); err != nil {
			return nil, err
		}
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	return f, nil
}

// parseCSV adds the definitions of one CSV file of BOLT bolt to f.
func (f *Formats) parseCSV(name string, bolt int, failures bool, data []byte) error {
	// Definitions of this file only: a data line must follow its header in
	// the same file.
	msgs := map[string]*Message{}
	subs := map[string]*Subtype{}
	streams := map[string]*TLVStream{}
	for i, text := range strings.Split(string(data), "\n") {
		if text == "" {
			continue
		}
		bad := func(why string) error {
			return fmt.Errorf("%w: %s:%d: %s: %q", ErrSyntax, name, i+1, why, text)
		}
		cols := strings.Split(text, ",")
		want, ok := columns[cols[0]]
		if !ok {
			return bad("unknown record kind")
		}
		if len(cols) != want {
			return bad(fmt.Sprintf("want %d columns", want))
		}
		for j, c := range cols[1:] {
			last := j+2 == want
			if c == "" && !(last && strings.HasSuffix(cols[0], "data")) || strings.TrimSpace(c) != c {
				return bad("empty or padded column")
			}
		}
		field := func(c []string) Field { return Field{Name: c[0], Type: c[1], Count: c[2]} }
		switch cols[0] {
		case "msgtype":
			n, err := strconv.ParseUint(cols[2], 10, 16)
			if err != nil {
				return bad("type is not a u16")
			}
			if msgs[cols[1]] != nil {
				return bad("message defined twice")
			}
			m := &Message{Name: cols[1], Type: uint16(n), BOLT: bolt, Failure: failures}
			msgs[m.Name] = m
			if failures {
				f.Failures = append(f.Failures, m)
			} else {
				f.Messages = append(f.Messages, m)
			}
		case "msgdata":
			m := msgs[cols[1]]
			if m == nil {
				return bad("data before its msgtype")
			}
			m.Fields = append(m.Fields, field(cols[2:]))
		case "subtype":
			if subs[cols[1]] != nil {
				return bad("subtype defined twice")
			}
			s := &Subtype{Name: cols[1], BOLT: bolt}
			subs[s.Name] = s
			f.Subtypes = append(f.Subtypes, s)
		case "subtypedata":
			s := subs[cols[1]]
			if s == nil {
				return bad("data before its subtype")
			}
			s.Fields = append(s.Fields, field(cols[2:]))
		case "tlvtype":
			n, err := strconv.ParseUint(cols[3], 10, 64)
			if err != nil {
				return bad("type is not a u64")
			}
			s := streams[cols[1]]
			if s == nil {
				s = &TLVStream{Name: cols[1], BOLT: bolt}
				streams[s.Name] = s
				f.Streams = append(f.Streams, s)
			}
			if s.Record(cols[2]) != nil {
				return bad("record defined twice")
			}
			s.Records = append(s.Records, &TLVRecord{Name: cols[2], Type: n})
		case "tlvdata":
			s := streams[cols[1]]
			if s == nil || s.Record(cols[2]) == nil {
				return bad("data before its tlvtype")
			}
			r := s.Record(cols[2])
			r.Fields = append(r.Fields, field(cols[3:]))
		}
	}
	return nil
}
