package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	messaging "github.com/lnstack/lnstack/layer2_messaging"
	"github.com/lnstack/lnstack/layer2_messaging/wire"
	"github.com/lnstack/lnstack/spec"
	"github.com/lnstack/lnstack/spec/speccheck"
)

// decodeOut runs `lnstack decode args...` and returns stdout, failing the
// test on a non-zero exit.
func decodeOut(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(context.Background(), &env{stdout: &out, stderr: &errb}, append([]string{"decode"}, args...)); code != 0 {
		t.Fatalf("decode %v: exit %d: %s", args, code, errb.String())
	}
	return out.String()
}

// parseJSON parses one JSON value with numbers kept exact.
func parseJSON(t *testing.T, s string) map[string]any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v map[string]any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("output %q is not a JSON object: %v", s, err)
	}
	return v
}

// TestDecodeMsgEveryMessage decodes a valid message of every type the codec
// knows, built field by field from spec/ (so points are real points): each
// prints its type and BOLT name and a fields object.
func TestDecodeMsgEveryMessage(t *testing.T) {
	codec, err := newCodec()
	if err != nil {
		t.Fatal(err)
	}
	formats, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	entries := codec.Entries()
	if len(entries) == 0 {
		t.Fatal("the codec knows no message")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, e := range entries {
		inst, err := speccheck.Generate(formats, e.Name, rng, speccheck.Options{})
		if err != nil {
			t.Fatalf("%s: not in spec/: %v", e.Name, err)
		}
		frame := inst.Wire
		v := parseJSON(t, decodeOut(t, "msg", hex.EncodeToString(frame)))
		if v["type"] != json.Number(strconv.Itoa(int(e.Type))) || v["name"] != e.Name {
			t.Errorf("%s: printed type %v name %v", e.Name, v["type"], v["name"])
		}
		if _, ok := v["fields"].(map[string]any); !ok {
			t.Errorf("%s: no fields object in %v", e.Name, v)
		}
	}
}

// TestDecodeMsgFields checks the field names and values of the BOLT's own
// examples (BOLT #1 Appendix C, and a ping).
func TestDecodeMsgFields(t *testing.T) {
	// BOLT #1 Appendix C: "0x001000000000c9012acb0104: the extension
	// contains two unknown odd TLV records (with types 0xc9 and 0xcb)".
	v := parseJSON(t, decodeOut(t, "msg", "0x001000000000c9012acb0104"))
	f := v["fields"].(map[string]any)
	unknown, _ := f["tlvs"].(map[string]any)["unknown"].(map[string]any)
	if f["features"] != "" || f["globalfeatures"] != "" || unknown["201"] != "2a" || unknown["203"] != "04" {
		t.Errorf("init fields %v", f)
	}
	if _, ok := f["gflen"]; ok {
		t.Error("the length field gflen is printed")
	}
	// [u16:num_pong_bytes=4][u16:byteslen=2][2*byte:ignored]
	v = parseJSON(t, decodeOut(t, "msg", "0012 0004 0002 0000"))
	f = v["fields"].(map[string]any)
	if v["name"] != "ping" || f["num_pong_bytes"] != json.Number("4") || f["ignored"] != "0000" {
		t.Errorf("ping printed as %v", v)
	}
	// An unknown odd message is printed with its payload.
	v = parseJSON(t, decodeOut(t, "msg", "8001beef"))
	if v["name"] != "unknown" || v["fields"].(map[string]any)["payload"] != "beef" {
		t.Errorf("unknown odd message printed as %v", v)
	}
}

func TestDecodeTLV(t *testing.T) {
	chain := strings.Repeat("06", wire.ChainHashLen)
	v := parseJSON(t, decodeOut(t, "tlv", "--stream", "init_tlvs", "0120"+chain+"05012a"))
	nets, _ := v["networks"].(map[string]any)
	chains, _ := nets["chains"].([]any)
	if len(chains) != 1 || chains[0] != chain || v["unknown"].(map[string]any)["5"] != "2a" {
		t.Errorf("init_tlvs printed as %v", v)
	}
	// Without --stream, every record is printed as is.
	v = parseJSON(t, decodeOut(t, "tlv", "0100fd010101aa"))
	u := v["unknown"].(map[string]any)
	if u["1"] != "" || u["257"] != "aa" {
		t.Errorf("generic stream printed as %v", v)
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want error
	}{
		{[]string{"msg", "zz"}, errBadHex},
		{[]string{"msg", "001"}, errBadHex},
		// BOLT #1: "upon receiving a message of _even_, unknown type: MUST close the connection."
		{[]string{"msg", "8000"}, messaging.ErrUnknownRequiredMessage},
		{[]string{"msg", "00"}, wire.ErrTruncated},
		{[]string{"msg", "0012000400050000"}, wire.ErrTruncated},
		{[]string{"tlv", "--stream", "nope", "00"}, messaging.ErrUnknownStream},
		{[]string{"tlv", "--stream", "init_tlvs", "0200"}, wire.ErrUnknownEvenType},
		{[]string{"tlv", "0300 0100"}, wire.ErrTLVOrder},
		{[]string{"msg"}, errUsage},
		{[]string{"bogus"}, errUsage},
		{nil, errUsage},
	} {
		var out, errb bytes.Buffer
		err := runDecode(context.Background(), &env{stdout: &out, stderr: &errb}, tc.args)
		if !errors.Is(err, tc.want) {
			t.Errorf("decode %q: %v, want %v", tc.args, err, tc.want)
		}
		if out.Len() != 0 {
			t.Errorf("decode %q printed %q on failure", tc.args, out.String())
		}
	}
	// Through run, a failure is exit code 1 with the error on stderr.
	var out, errb bytes.Buffer
	if code := run(context.Background(), &env{stdout: &out, stderr: &errb}, []string{"decode", "msg", "8000"}); code != 1 || errb.Len() == 0 {
		t.Errorf("exit %d, stderr %q; want 1 and the error", code, errb.String())
	}
}

func TestDecodeList(t *testing.T) {
	out := decodeOut(t, "list")
	codec, err := newCodec()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range codec.Entries() {
		if !strings.Contains(out, " "+e.Name+"\n") {
			t.Errorf("list lacks %s", e.Name)
		}
	}
	for _, s := range codec.StreamNames() {
		if !strings.Contains(out, s) {
			t.Errorf("list lacks stream %s", s)
		}
	}
}
