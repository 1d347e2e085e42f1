package spec

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Note is something the extractor noticed in the BOLT markdown and handled
// in a documented way: a definition it skipped (a packet layout without a
// type number), an option it dropped, a TLV extension it attached to its
// message, a line that looks like a definition but is not one.
type Note struct {
	// File is the markdown file's name (e.g. "04-onion-routing.md").
	File string
	// Line is the 1-based line number.
	Line int
	// Text says what was noticed and what the extractor did.
	Text string
}

func (n Note) String() string { return fmt.Sprintf("%s:%d: %s", n.File, n.Line, n.Text) }

// Extraction is what the extractor read from one BOLT markdown file.
type Extraction struct {
	// BOLT is the BOLT's number.
	BOLT int
	// File is the markdown file's name.
	File string
	// Notes are the oddities met, in line order.
	Notes []Note

	defs     []definition
	failures []definition
}

// CSV returns the wire messages, TLV streams and subtypes in the CSV
// format, in the order the BOLT defines them.
func (e *Extraction) CSV() []byte { return renderCSV(e.defs) }

// FailuresCSV returns the onion failure messages in the CSV format, or nil
// when the BOLT defines none (only BOLT #4 does).
func (e *Extraction) FailuresCSV() []byte {
	if len(e.failures) == 0 {
		return nil
	}
	return renderCSV(e.failures)
}

// The line shapes of the BOLT definitions (BOLT #1 "Lightning Message
// Format" and "Type-Length-Value Format" use them; the other BOLTs follow).
// A type line is also a TLV record when indented inside a tlv_stream.
var (
	reType      = regexp.MustCompile("^( *)(?:1\\.|\\*) type: ([A-Za-z0-9_|]+) \\(`([A-Za-z0-9_]+)`\\)(?: \\(`?([^)`]*)`?\\))?$")
	reTypeNoNum = regexp.MustCompile("^( *)1\\. type: `([A-Za-z0-9_]+)`$")
	reStream    = regexp.MustCompile("^( *)(?:1\\.|\\*) `tlv_stream`: `([A-Za-z0-9_]+)`$")
	reSubtype   = regexp.MustCompile("^( *)(?:1\\.|\\*) subtype: `([A-Za-z0-9_]+)`$")
	reData      = regexp.MustCompile("^( *)(?:2\\.|\\*) data:$")
	reLoneData  = regexp.MustCompile("^( *)1\\. data:$")
	reTypes     = regexp.MustCompile("^( *)(?:2\\.|\\*) types:$")
	reField     = regexp.MustCompile("^( *)(?:[0-9]+\\.|\\*) \\[`([^`]+)`:`([A-Za-z0-9_]+)`\\]$")
	reFieldish  = regexp.MustCompile("\\[`[^`]*`: *`")
	reHeading   = regexp.MustCompile(`^(#+) +(.*?) *$`)
	// BOLT #4: "The top byte of `failure_code` can be read as a set of flags:"
	// followed by lines "* 0x8000 (BADONION): ...".
	reFlag      = regexp.MustCompile(`^\* 0x([0-9a-fA-F]{4}) \(([A-Z]+)\):`)
	reTypeOfAny = regexp.MustCompile(`^ *(?:[0-9]+\.|\*) (?:type|subtype|` + "`tlv_stream`" + `):`)
	// A field's element type: a name, possibly truncated ("sha256[..4]").
	reElemType = regexp.MustCompile(`^[A-Za-z0-9_]+(?:\[\.\.[0-9]+\])?$`)
	// A field's count: a number, an earlier field's name, or "...".
	reCount = regexp.MustCompile(`^(?:[A-Za-z0-9_]+|\.\.\.)$`)
)

// failureSection is the BOLT #4 section (a level-2 heading) whose types are
// onion failure messages rather than wire messages.
const failureSection = "Failure Messages"

type state int

const (
	stNone        state = iota
	stSkip              // inside a definition that is not extracted
	stMsgHead           // after "1. type:", expecting "2. data:"
	stMsgData           // reading a message's fields
	stSubHead           // after "1. subtype:"
	stSubData           // reading a subtype's fields
	stStreamHead        // after "1. `tlv_stream`:", expecting "2. types:"
	stStreamTypes       // expecting a record's "1. type:"
	stRecHead           // after a record's "1. type:", expecting "2. data:"
	stRecData           // reading a record's fields
)

type extractor struct {
	e       *Extraction
	flags   map[string]uint16
	st      state
	msg     *Message
	sub     *Subtype
	stream  *TLVStream
	rec     *TLVRecord
	section string // current level 1 or 2 heading
	line    int
	err     error
}

// Extract reads the message, onion failure, TLV stream and subtype
// definitions of BOLT bolt from its markdown text. file names the markdown
// file in notes and errors.
//
// A TLV stream named `<message>_tlvs` that no field refers to is the
// message's TLV extension (BOLT #2 defines update_add_htlc_tlvs and others
// right after their message without a `tlvs` field): the extractor appends
// the field [`<message>_tlvs`:`tlvs`] to the message and notes it.
func Extract(bolt int, file string, markdown []byte) (*Extraction, error) {
	x := &extractor{e: &Extraction{BOLT: bolt, File: file}, flags: map[string]uint16{}}
	inFence := false
	for i, raw := range strings.Split(string(markdown), "\n") {
		x.line = i + 1
		line := strings.TrimRight(raw, " \t\r")
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			x.end()
			inFence = !inFence
			continue
		}
		if inFence {
			continue
		}
		x.feed(line)
		if x.err != nil {
			return nil, x.err
		}
	}
	x.end()
	x.attachExtensions()
	sort.SliceStable(x.e.Notes, func(i, j int) bool { return x.e.Notes[i].Line < x.e.Notes[j].Line })
	return x.e, nil
}

func (x *extractor) note(format string, args ...any) {
	x.e.Notes = append(x.e.Notes, Note{File: x.e.File, Line: x.line, Text: fmt.Sprintf(format, args...)})
}

func (x *extractor) fail(format string, args ...any) {
	if x.err == nil {
		x.err = fmt.Errorf("%w: %s:%d: %s", ErrMarkdown, x.e.File, x.line, fmt.Sprintf(format, args...))
	}
}

// end closes the definition being read.
func (x *extractor) end() {
	if x.st == stStreamHead {
		x.note("tlv_stream %s has no \"2. types:\" list", x.stream.Name)
	}
	x.st, x.msg, x.sub, x.stream, x.rec = stNone, nil, nil, nil, nil
}

func (x *extractor) inStream() bool {
	return x.st == stStreamTypes || x.st == stRecHead || x.st == stRecData
}

func (x *extractor) feed(line string) {
	if m := reHeading.FindStringSubmatch(line); m != nil {
		x.end()
		if len(m[1]) <= 2 {
			x.section = m[2]
		}
		return
	}
	if m := reFlag.FindStringSubmatch(line); m != nil {
		v, _ := strconv.ParseUint(m[1], 16, 16)
		x.flags[m[2]] = uint16(v)
	}
	if line == "" {
		x.end()
		return
	}
	if m := reType.FindStringSubmatch(line); m != nil {
		indent, value, name, option := len(m[1]), m[2], m[3], m[4]
		if indent > 0 && x.inStream() {
			x.record(value, name)
			return
		}
		x.end()
		if indent > 0 {
			x.note("indented type line outside a tlv_stream: read as a message")
		}
		x.message(value, name, option)
		return
	}
	if m := reTypeNoNum.FindStringSubmatch(line); m != nil {
		x.end()
		x.note("skipped `%s`: a layout without a type number (not a message)", m[2])
		x.st = stSkip
		return
	}
	if reLoneData.MatchString(line) {
		x.end()
		x.note("skipped an unnamed \"1. data:\" layout")
		x.st = stSkip
		return
	}
	if m := reStream.FindStringSubmatch(line); m != nil {
		x.end()
		if x.defined(m[2]) {
			x.fail("tlv_stream %s defined a second time", m[2])
			return
		}
		x.stream = &TLVStream{Name: m[2], BOLT: x.e.BOLT}
		x.st = stStreamHead
		return
	}
	if m := reSubtype.FindStringSubmatch(line); m != nil {
		x.end()
		if x.defined(m[2]) {
			x.fail("subtype %s defined a second time", m[2])
			return
		}
		x.sub = &Subtype{Name: m[2], BOLT: x.e.BOLT}
		x.e.defs = append(x.e.defs, definition{sub: x.sub, line: x.line})
		x.st = stSubHead
		return
	}
	if reData.MatchString(line) {
		switch x.st {
		case stMsgHead:
			x.st = stMsgData
		case stSubHead:
			x.st = stSubData
		case stRecHead:
			x.st = stRecData
		case stSkip:
		default:
			x.note("\"data:\" line outside a definition: ignored")
		}
		return
	}
	if reTypes.MatchString(line) {
		if x.st == stStreamHead {
			x.e.defs = append(x.e.defs, definition{stream: x.stream, line: x.line - 1})
			x.st = stStreamTypes
			return
		}
		x.note("\"types:\" line outside a tlv_stream: ignored")
		return
	}
	if m := reField.FindStringSubmatch(line); m != nil {
		x.field(m[2], m[3])
		return
	}
	// Anything else ends the definition.
	if x.st == stSkip {
		x.st = stNone
		return
	}
	if reFieldish.MatchString(line) || reTypeOfAny.MatchString(line) {
		x.note("line looks like a definition but has another shape: ignored: %s", strings.TrimSpace(line))
	}
	x.end()
}

// defined reports whether a message, stream or subtype of that name was
// read already (a stream counts once its "2. types:" line is read).
func (x *extractor) defined(name string) bool {
	for _, d := range append(append([]definition(nil), x.e.defs...), x.e.failures...) {
		switch {
		case d.msg != nil && d.msg.Name == name,
			d.stream != nil && d.stream.Name == name,
			d.sub != nil && d.sub.Name == name:
			return true
		}
	}
	return false
}

// typeNumber evaluates a message type: a decimal number, or for BOLT #4
// failure codes flags and a number joined by "|" (PERM|NODE|2).
func (x *extractor) typeNumber(value string) (uint16, bool) {
	var n uint16
	flagged := false
	for _, part := range strings.Split(value, "|") {
		if v, ok := x.flags[part]; ok {
			n |= v
			flagged = true
			continue
		}
		v, err := strconv.ParseUint(part, 10, 16)
		if err != nil {
			x.fail("type %q: %q is neither a number nor a failure flag", value, part)
			return 0, false
		}
		n |= uint16(v)
	}
	return n, flagged
}

func (x *extractor) message(value, name, option string) {
	n, flagged := x.typeNumber(value)
	failure := x.e.BOLT == 4 && x.section == failureSection
	if flagged && !failure {
		x.note("message %s has failure flags outside %q: read as a failure message", name, failureSection)
		failure = true
	}
	if option != "" {
		x.note("message %s: option `%s` dropped (the CSV has no option column)", name, option)
	}
	x.msg = &Message{Name: name, Type: n, BOLT: x.e.BOLT, Failure: failure}
	if x.defined(name) {
		x.fail("message %s defined a second time", name)
		return
	}
	if failure {
		x.e.failures = append(x.e.failures, definition{msg: x.msg, line: x.line})
	} else {
		x.e.defs = append(x.e.defs, definition{msg: x.msg, line: x.line})
	}
	x.st = stMsgHead
}

func (x *extractor) record(value, name string) {
	n, err := strconv.ParseUint(value, 10, 64)
	if err != nil {
		x.fail("tlv_stream %s record %s: type %q is not a number", x.stream.Name, name, value)
		return
	}
	for _, r := range x.stream.Records {
		if r.Name == name || r.Type == n {
			x.fail("tlv_stream %s: record %s (type %d) defined a second time", x.stream.Name, name, n)
			return
		}
	}
	x.rec = &TLVRecord{Name: name, Type: n}
	x.stream.Records = append(x.stream.Records, x.rec)
	x.st = stRecHead
}

func (x *extractor) field(typefield, name string) {
	count, typ, starred := strings.Cut(typefield, "*")
	if !starred {
		count, typ = "", typefield
	}
	if !reElemType.MatchString(typ) || starred && !reCount.MatchString(count) {
		x.fail("field %s: malformed %q", name, typefield)
		return
	}
	fd := Field{Name: name, Type: typ, Count: count}
	switch x.st {
	case stMsgData:
		x.msg.Fields = append(x.msg.Fields, fd)
	case stSubData:
		x.sub.Fields = append(x.sub.Fields, fd)
	case stRecData:
		x.rec.Fields = append(x.rec.Fields, fd)
	case stSkip:
	default:
		x.note("field %s outside a definition: ignored", fd)
	}
}

// attachExtensions gives each message without a TLV field the unreferenced
// stream named `<message>_tlvs`, and notes unreferenced streams.
func (x *extractor) attachExtensions() {
	streams := map[string]*TLVStream{}
	used := map[string]bool{}
	for _, d := range x.e.defs {
		if d.stream != nil {
			streams[d.stream.Name] = d.stream
		}
	}
	var all [][]Field
	for _, d := range append(append([]definition(nil), x.e.defs...), x.e.failures...) {
		switch {
		case d.msg != nil:
			all = append(all, d.msg.Fields)
		case d.sub != nil:
			all = append(all, d.sub.Fields)
		case d.stream != nil:
			for _, r := range d.stream.Records {
				all = append(all, r.Fields)
			}
		}
	}
	for _, fields := range all {
		for _, fd := range fields {
			used[fd.Type] = true
			used[strings.TrimPrefix(fd.Type, "tlv_")] = true
		}
	}
	for _, d := range x.e.defs {
		x.line = d.line
		if d.msg == nil {
			continue
		}
		name := d.msg.Name + "_tlvs"
		if s := streams[name]; s != nil && !used[name] {
			d.msg.Fields = append(d.msg.Fields, Field{Name: "tlvs", Type: name})
			used[name] = true
			x.note("tlv_stream %s is referenced by no field: attached to message %s as its `tlvs` extension", name, d.msg.Name)
		}
	}
	for _, d := range x.e.defs {
		x.line = d.line
		if d.stream != nil && !used[d.stream.Name] {
			x.note("tlv_stream %s is referenced by no field in this BOLT (a standalone stream)", d.stream.Name)
		}
	}
}
