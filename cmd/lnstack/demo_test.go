package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestDemo runs `lnstack demo` in-process and checks that every layer
// reported its step for the payment, in order.
func TestDemo(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out, errb bytes.Buffer
	if code := run(ctx, &env{stdout: &out, stderr: &errb}, []string{"demo"}); code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errb.String(), out.String())
	}
	got := out.String()
	want := []*regexp.Regexp{
		regexp.MustCompile(`(?m)^ *\d+\. \[layer 1, BOLT 8\] alice -> bob: Noise_XK handshake complete \(act one 50 B, act two 50 B, act three 66 B\)`),
		regexp.MustCompile(`(?m)^ *\d+\. \[layer 2, BOLT 1\] alice <-> bob: init exchanged, negotiated features: .*payment_secret`),
		regexp.MustCompile(`(?m)^ *\d+\. \[layer 3, BOLT 7\] alice learned 4 channels and 8 channel_updates`),
		regexp.MustCompile(`(?m)^ *\d+\. \[layer 5, BOLT 11\] dave created invoice lnbcrt`),
		regexp.MustCompile(`(?m)^ *\d+\. \[layer 4, BOLT 4\] route alice->bob->carol->dave: delivers 100000000 msat`),
		regexp.MustCompile(`(?m)^ *\d+\. \[layer 4, BOLT 4\] alice built the onion: 1366 B`),
		regexp.MustCompile(`(?m)^ *\d+\. \[layer 3, BOLT 2\] alice -> bob: update_add_htlc`),
		regexp.MustCompile(`(?m)^ *\d+\. \[layer 4, BOLT 4\] bob peeled the onion: forward to carol`),
		regexp.MustCompile(`(?m)^ *\d+\. \[layer 4, BOLT 4\] carol peeled the onion: forward to dave`),
		regexp.MustCompile(`(?m)^ *\d+\. \[layer 4, BOLT 4\] dave peeled the onion: final hop`),
		regexp.MustCompile(`(?m)^ *\d+\. \[layer 3, BOLT 2\] bob -> alice: update_fulfill_htlc`),
		regexp.MustCompile(`(?m)^ *\d+\. \[layer 5, BOLT 11\] invoice lnbcrt.*: paid 100000000 msat, fee \d+ msat, 1 attempt\(s\); preimage [0-9a-f]{64}`),
	}
	at := 0
	for _, re := range want {
		loc := re.FindStringIndex(got[at:])
		if loc == nil {
			t.Fatalf("no line matching %q after offset %d in:\n%s", re, at, got)
		}
		at += loc[1]
	}
}

// TestDemoRetry checks the failure injection: the payment still succeeds,
// on a second route, after the failure is decrypted.
func TestDemoRetry(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, fail := range []string{"liquidity", "offline"} {
		var out, errb bytes.Buffer
		if code := run(ctx, &env{stdout: &out, stderr: &errb}, []string{"demo", "--fail", fail}); code != 0 {
			t.Fatalf("--fail %s: exit %d: %s\n%s", fail, code, errb.String(), out.String())
		}
		for _, s := range []string{"decrypted the failure onion: temporary_channel_failure", "route alice->bob->dave", "2 attempt(s)"} {
			if !strings.Contains(out.String(), s) {
				t.Errorf("--fail %s: no %q in:\n%s", fail, s, out.String())
			}
		}
	}
}

func TestDemoUsage(t *testing.T) {
	for _, args := range [][]string{{"--nodes", "7"}, {"--fail", "fire"}, {"--nodes", "3", "--fail", "offline"}, {"extra"}} {
		var out, errb bytes.Buffer
		if code := run(context.Background(), &env{stdout: &out, stderr: &errb}, append([]string{"demo"}, args...)); code != 2 {
			t.Errorf("demo %q: exit %d, want 2", args, code)
		}
	}
}
