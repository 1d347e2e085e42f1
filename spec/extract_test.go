package spec

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

// sample holds every markdown shape the BOLTs use for definitions.
const sample = "# Title\n" +
	"\n" +
	"The top byte of `failure_code` can be read as a set of flags:\n" +
	"* 0x8000 (BADONION): unparsable onion\n" +
	"* 0x4000 (PERM): permanent failure\n" +
	"\n" +
	"1. type: 16 (`init`)\n" +
	"2. data:\n" +
	"   * [`u16`:`gflen`]\n" +
	"   * [`gflen*byte`:`globalfeatures`]\n" +
	"   * [`init_tlvs`:`tlvs`]\n" +
	"\n" +
	"1. `tlv_stream`: `init_tlvs`\n" +
	"2. types:\n" +
	"    1. type: 1 (`networks`)\n" +
	"    2. data:\n" +
	"        * [`...*chain_hash`:`chains`]\n" +
	"    1. type: 2 (`flag`)\n" +
	"    1. type: 3 (`remote_addr`)\n" +
	"    2. data:\n" +
	"        * [`...*byte`:`data`]\n" +
	"\n" +
	"* [`bigsize`: `type`]\n" +
	"\n" +
	"1. type: 128 (`add`) (`option_x`)\n" +
	"2. data:\n" +
	"   * [`32*byte`:`hash`]\n" +
	"   * [`20*sha256[..4]`:`hmacs`]\n" +
	"1. `tlv_stream`: `add_tlvs`\n" +
	"2. types:\n" +
	"   1. type: 0 (`path_key`)\n" +
	"   2. data:\n" +
	"     * [`point`:`key`]\n" +
	"\n" +
	"1. subtype: `witness`\n" +
	"2. data:\n" +
	"    * [`u16`:`len`]\n" +
	"    * [`len*byte`:`witness_data`]\n" +
	"\n" +
	"1. type: `onion_packet`\n" +
	"2. data:\n" +
	"   * [`byte`:`version`]\n" +
	"   * ...\n" +
	"\n" +
	"```\n" +
	"1. type: 99 (`in_a_fence`)\n" +
	"```\n" +
	"\n" +
	"## Failure Messages\n" +
	"\n" +
	"1. type: PERM|15 (`incorrect_details`)\n" +
	"2. data:\n" +
	"   * [`u64`:`htlc_msat`]\n" +
	"\n" +
	"1. type: 23 (`mpp_timeout`)\n" +
	"\n" +
	"## Next\n" +
	"1. type: 17 (`error`)\n" +
	"2. data:\n" +
	"   * [`channel_id`:`channel_id`]\n" +
	"Text after the block.\n"

const sampleCSV = `msgtype,init,16
msgdata,init,gflen,u16,
msgdata,init,globalfeatures,byte,gflen
msgdata,init,tlvs,init_tlvs,
tlvtype,init_tlvs,networks,1
tlvdata,init_tlvs,networks,chains,chain_hash,...
tlvtype,init_tlvs,flag,2
tlvtype,init_tlvs,remote_addr,3
tlvdata,init_tlvs,remote_addr,data,byte,...
msgtype,add,128
msgdata,add,hash,byte,32
msgdata,add,hmacs,sha256[..4],20
msgdata,add,tlvs,add_tlvs,
tlvtype,add_tlvs,path_key,0
tlvdata,add_tlvs,path_key,key,point,
subtype,witness
subtypedata,witness,len,u16,
subtypedata,witness,witness_data,byte,len
msgtype,error,17
msgdata,error,channel_id,channel_id,
`

const sampleFailuresCSV = `msgtype,incorrect_details,16399
msgdata,incorrect_details,htlc_msat,u64,
msgtype,mpp_timeout,23
`

func TestExtractShapes(t *testing.T) {
	e, err := Extract(4, "sample.md", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if got := string(e.CSV()); got != sampleCSV {
		t.Errorf("CSV:\n%s\nwant:\n%s", got, sampleCSV)
	}
	if got := string(e.FailuresCSV()); got != sampleFailuresCSV {
		t.Errorf("failures CSV:\n%s\nwant:\n%s", got, sampleFailuresCSV)
	}
	for _, want := range []string{
		"sample.md:23: line looks like a definition",
		"sample.md:25: message add: option `option_x` dropped",
		"sample.md:25: tlv_stream add_tlvs is referenced by no field: attached to message add",
		"sample.md:40: skipped `onion_packet`",
	} {
		found := false
		for _, n := range e.Notes {
			found = found || strings.HasPrefix(n.String(), want)
		}
		if !found {
			t.Errorf("no note %q in %v", want, e.Notes)
		}
	}
	// What the extractor writes, Parse reads back.
	fsys := fstest.MapFS{
		"COMMIT":              {Data: []byte("0123\n")},
		"bolt04.csv":          {Data: e.CSV()},
		"bolt04_failures.csv": {Data: e.FailuresCSV()},
	}
	f, err := Parse(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if f.Commit != "0123" || len(f.Messages) != 3 || len(f.Failures) != 2 || len(f.Streams) != 2 || len(f.Subtypes) != 1 {
		t.Errorf("parsed %+v", f)
	}
	if m := f.Message("init"); m == nil || m.BOLT != 4 || m.Fields[1].CountKind() != CountByField || !IsLengthField(m.Fields, 0) {
		t.Errorf("init parsed as %+v", m)
	}
	if m := f.FailureByCode(0x400f); m == nil || m.Name != "incorrect_details" || !m.Failure {
		t.Errorf("PERM|15 parsed as %+v", m)
	}
	if f.MessageByType(23) != nil {
		t.Error("a failure code is found among the wire messages")
	}
}

func TestExtractErrors(t *testing.T) {
	for _, md := range []string{
		"1. type: 70000 (`big`)\n",
		"1. type: FOO|3 (`flagged`)\n",
		"1. type: 1 (`m`)\n2. data:\n   * [`*byte`:`x`]\n",
		"1. `tlv_stream`: `s`\n2. types:\n   1. type: x1 (`r`)\n",
	} {
		if _, err := Extract(4, "bad.md", []byte(md)); !errors.Is(err, ErrMarkdown) {
			t.Errorf("%q: err = %v, want ErrMarkdown", md, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct{ csv, why string }{
		{"msgtype,a\n", "columns"},
		{"what,a,1\n", "kind"},
		{"msgtype,a,65536\n", "u16"},
		{"msgdata,a,x,u16,\n", "orphan data"},
		{"msgtype,a,1\nmsgtype,a,2\n", "twice"},
		{"msgtype,a,1\nmsgdata,a, x,u16,\n", "padded"},
		{"tlvtype,s,r,-1\n", "u64"},
	} {
		_, err := Parse(fstest.MapFS{"COMMIT": {Data: []byte("c")}, "bolt01.csv": {Data: []byte(c.csv)}})
		if !errors.Is(err, ErrSyntax) {
			t.Errorf("%s: %q: err = %v, want ErrSyntax", c.why, c.csv, err)
		}
	}
}

func TestValidate(t *testing.T) {
	for _, c := range []struct{ csv, why string }{
		{"msgtype,a,1\nmsgtype,b,1\n", "same type"},
		{"msgtype,a,1\nmsgdata,a,x,nosuchtype,\n", "unknown type"},
		{"msgtype,a,1\nmsgdata,a,x,byte,len\n", "count names no field"},
		{"msgtype,a,1\nmsgdata,a,x,byte,y\nmsgdata,a,y,u16,\n", "count field after"},
		{"msgtype,a,1\nmsgdata,a,y,point,\nmsgdata,a,x,byte,y\n", "count field not an integer"},
		{"msgtype,a,1\nmsgdata,a,x,byte,...\nmsgdata,a,y,u16,\n", "rest not last"},
		{"msgtype,a,1\nmsgdata,a,x,tu32,\n", "truncated outside a record"},
		{"tlvtype,s,r,1\ntlvdata,s,r,x,tu32,\ntlvdata,s,r,y,u16,\n", "truncated not last"},
		{"tlvtype,s,r,3\ntlvtype,s,q,1\n", "records out of order"},
		{"msgtype,a,1\nmsgdata,a,x,u16,\nmsgdata,a,x,u16,\n", "field twice"},
		{"msgtype,a,1\nmsgdata,a,t,s,\nmsgdata,a,x,u16,\ntlvtype,s,r,1\n", "stream not last"},
		{"subtype,u16\n", "subtype named like a fundamental"},
		{"msgtype,a,1\nmsgdata,a,x,byte,0\n", "zero fixed count"},
	} {
		_, err := Parse(fstest.MapFS{"COMMIT": {Data: []byte("c")}, "bolt01.csv": {Data: []byte(c.csv)}})
		if !errors.Is(err, ErrInconsistent) {
			t.Errorf("%s: err = %v, want ErrInconsistent", c.why, err)
		}
	}
}

func TestFundamental(t *testing.T) {
	for _, c := range []struct {
		name      string
		kind      Kind
		size, max int
	}{
		{"byte", KindUnsigned, 1, 1}, {"u64", KindUnsigned, 8, 8}, {"s16", KindSigned, 2, 2},
		{"tu32", KindTruncated, 0, 4}, {"bigsize", KindBigSize, 0, 9}, {"point", KindPoint, 33, 33},
		{"signature", KindBytes, 64, 64}, {"short_channel_id", KindShortChannelID, 8, 8},
		{"sciddir_or_pubkey", KindSciddirOrPubkey, 0, 33}, {"utf8", KindUTF8, 1, 1},
		{"sha256[..4]", KindBytes, 4, 4},
	} {
		f, ok := LookupFundamental(c.name)
		if !ok || f.Kind != c.kind || f.Size != c.size || f.Max != c.max {
			t.Errorf("%s: %+v %v", c.name, f, ok)
		}
	}
	for _, name := range []string{"u128", "sha256[..40]", "u16[..1]", "blinded_path", "sha256[..x]"} {
		if _, ok := LookupFundamental(name); ok {
			t.Errorf("%s is a fundamental type", name)
		}
	}
}

func TestLoadedFormats(t *testing.T) {
	f, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if f.Commit != "a3772650d8ebc06acf457fcadf97968ebfc4dfff" {
		t.Errorf("commit %q", f.Commit)
	}
	// Spot checks against BOLT #1 and #4 text.
	m := f.MessageByType(16)
	if m == nil || m.Name != "init" || m.BOLT != 1 {
		t.Fatalf("type 16 = %+v", m)
	}
	if i, s := f.TLVField(m); i != len(m.Fields)-1 || s == nil || s.Name != "init_tlvs" || s.RecordByType(3).Name != "remote_addr" {
		t.Errorf("init TLV field %d %+v", i, s)
	}
	if s := f.Stream("tlv_invoice_request"); s == nil || s.Name != "invoice_request" || s.BOLT != 12 {
		t.Errorf("tlv_invoice_request resolves to %+v", s)
	}
	if m := f.Message("invalid_onion_blinding"); m == nil || !m.Failure || m.Type != 0x8000|0x4000|24 {
		t.Errorf("invalid_onion_blinding = %+v", m)
	}
	if m := f.Message("update_add_htlc"); m == nil || m.Fields[len(m.Fields)-1].Type != "update_add_htlc_tlvs" {
		t.Errorf("update_add_htlc has no TLV extension: %+v", m)
	}
	for _, b := range Bolts() {
		if len(f.StreamsOf(b)) == 0 {
			t.Errorf("BOLT #%d has no TLV stream", b)
		}
	}
	c := f.Clone()
	c.Message("init").Fields[0].Name = "changed"
	if f.Message("init").Fields[0].Name == "changed" {
		t.Error("Clone shares fields")
	}
}

func FuzzExtract(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte("1. type: 1 (`m`)\n2. data:\n   * [`a,b`:`x`]\n"))
	f.Fuzz(func(t *testing.T, md []byte) {
		e, err := Extract(4, "fuzz.md", md)
		if err != nil {
			if !errors.Is(err, ErrMarkdown) {
				t.Fatalf("error %v is not ErrMarkdown", err)
			}
			return
		}
		// Whatever the extractor writes is well-formed CSV.
		var fm Formats
		if err := fm.parseCSV("x.csv", 4, false, e.CSV()); err != nil {
			t.Fatalf("extracted CSV does not parse: %v\n%s", err, e.CSV())
		}
		if err := fm.parseCSV("y.csv", 4, true, e.FailuresCSV()); err != nil {
			t.Fatalf("extracted failures CSV does not parse: %v\n%s", err, e.FailuresCSV())
		}
	})
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(sampleCSV))
	f.Add([]byte(sampleFailuresCSV))
	f.Fuzz(func(t *testing.T, csv []byte) {
		_, err := Parse(fstest.MapFS{"COMMIT": {Data: []byte("c")}, "bolt01.csv": {Data: csv}})
		if err != nil && !errors.Is(err, ErrSyntax) && !errors.Is(err, ErrInconsistent) {
			t.Fatalf("error %v is neither ErrSyntax nor ErrInconsistent", err)
		}
	})
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkExtract(b *testing.B) {
	md := []byte(sample)
	b.SetBytes(int64(len(md)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Extract(4, "bench.md", md); err != nil {
			b.Fatal(err)
		}
	}
}
