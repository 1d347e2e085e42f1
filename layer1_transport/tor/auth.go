package tor

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// ProtocolInfo is the answer to PROTOCOLINFO (control-spec "PROTOCOLINFO").
type ProtocolInfo struct {
	// AuthMethods are the methods Tor accepts: NULL, HASHEDPASSWORD,
	// COOKIE, SAFECOOKIE.
	AuthMethods []string
	// CookieFile is where Tor wrote the authentication cookie, if any.
	CookieFile string
	// TorVersion is Tor's version string.
	TorVersion string
}

// The HMAC keys of SAFECOOKIE authentication (control-spec "AUTHCHALLENGE").
const (
	safeCookieServerKey = "Tor safe cookie authentication server-to-controller hash"
	safeCookieClientKey = "Tor safe cookie authentication controller-to-server hash"
	cookieLen           = 32 // control-spec: the cookie file holds 32 bytes
	nonceLen            = 32
)

// authenticate reads PROTOCOLINFO and authenticates with the best method.
func (c *Controller) authenticate(ctx context.Context, cfg controlConfig) error {
	r, err := c.command(ctx, "PROTOCOLINFO 1")
	if err != nil {
		return err
	}
	if c.info, err = parseProtocolInfo(r.lines); err != nil {
		return err
	}
	has := func(m string) bool { return slices.Contains(c.info.AuthMethods, m) }
	cookiePath := cfg.cookiePath
	if cookiePath == "" {
		cookiePath = c.info.CookieFile
	}

	var line string
	switch {
	case cfg.password != "" && has("HASHEDPASSWORD"):
		if err := safeArg(cfg.password); err != nil {
			return err
		}
		line = "AUTHENTICATE " + quote(cfg.password)
	case has("SAFECOOKIE") && cookiePath != "":
		cookie, err := readCookie(cookiePath)
		if err != nil {
			return err
		}
		if line, err = c.safeCookie(ctx, cookie); err != nil {
			return err
		}
	case has("COOKIE") && cookiePath != "":
		cookie, err := readCookie(cookiePath)
		if err != nil {
			return err
		}
		line = "AUTHENTICATE " + hex.EncodeToString(cookie)
	case has("NULL"):
		line = "AUTHENTICATE"
	default:
		return fmt.Errorf("%w: Tor offers %v (password given: %v)", ErrAuth, c.info.AuthMethods, cfg.password != "")
	}
	if _, err := c.command(ctx, line); err != nil {
		return fmt.Errorf("%w: %w", ErrAuth, err)
	}
	return nil
}

// safeCookie runs AUTHCHALLENGE and returns the AUTHENTICATE line, after
// checking that Tor knows the cookie too (so a process squatting on the
// control port cannot learn it).
func (c *Controller) safeCookie(ctx context.Context, cookie []byte) (string, error) {
	clientNonce := make([]byte, nonceLen)
	if _, err := rand.Read(clientNonce); err != nil {
		return "", err
	}
	r, err := c.command(ctx, "AUTHCHALLENGE SAFECOOKIE "+hex.EncodeToString(clientNonce))
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrAuth, err)
	}
	text, ok := strings.CutPrefix(r.lines[len(r.lines)-1], "AUTHCHALLENGE ")
	if !ok {
		return "", fmt.Errorf("%w: AUTHCHALLENGE reply %q", ErrMalformedReply, r.lines)
	}
	kv, err := parseKeyValues(text)
	if err != nil {
		return "", err
	}
	serverHash, err1 := hex.DecodeString(kv["SERVERHASH"])
	serverNonce, err2 := hex.DecodeString(kv["SERVERNONCE"])
	if err1 != nil || err2 != nil || len(serverHash) != sha256.Size || len(serverNonce) != nonceLen {
		return "", fmt.Errorf("%w: AUTHCHALLENGE reply %q", ErrMalformedReply, text)
	}
	msg := slices.Concat(cookie, clientNonce, serverNonce)
	if !hmac.Equal(serverHash, hmacSHA256(safeCookieServerKey, msg)) {
		return "", ErrServerHash
	}
	return "AUTHENTICATE " + hex.EncodeToString(hmacSHA256(safeCookieClientKey, msg)), nil
}

func hmacSHA256(key string, msg []byte) []byte {
	m := hmac.New(sha256.New, []byte(key))
	m.Write(msg)
	return m.Sum(nil)
}

// readCookie reads the 32-byte authentication cookie.
func readCookie(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrAuth, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, cookieLen+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrAuth, err)
	}
	if len(b) != cookieLen {
		return nil, fmt.Errorf("%w: cookie file %s holds %d bytes, want %d", ErrAuth, path, len(b), cookieLen)
	}
	return b, nil
}

// parseProtocolInfo reads the lines of a PROTOCOLINFO reply:
//
//	PROTOCOLINFO 1
//	AUTH METHODS=COOKIE,SAFECOOKIE COOKIEFILE="/var/lib/tor/control_auth_cookie"
//	VERSION Tor="0.4.8.10"
//	OK
func parseProtocolInfo(lines []string) (ProtocolInfo, error) {
	var pi ProtocolInfo
	for _, l := range lines {
		kw, rest, _ := strings.Cut(l, " ")
		switch kw {
		case "AUTH":
			kv, err := parseKeyValues(rest)
			if err != nil {
				return pi, err
			}
			pi.AuthMethods = strings.Split(kv["METHODS"], ",")
			pi.CookieFile = kv["COOKIEFILE"]
		case "VERSION":
			kv, err := parseKeyValues(rest)
			if err != nil {
				return pi, err
			}
			pi.TorVersion = kv["Tor"]
		}
	}
	if len(pi.AuthMethods) == 0 {
		return pi, fmt.Errorf("%w: PROTOCOLINFO without AUTH METHODS", ErrMalformedReply)
	}
	return pi, nil
}

// parseKeyValues splits `K1=V1 K2="quoted value" ...` into a map, unquoting
// QuotedString values (control-spec: backslash escapes \\, \", \n, \r, \t
// and three-digit octal). Words without '=' are ignored.
func parseKeyValues(s string) (map[string]string, error) {
	kv := make(map[string]string)
	for s != "" {
		s = strings.TrimLeft(s, " ")
		if s == "" {
			break
		}
		var tok string
		eq := strings.IndexAny(s, "= ")
		if eq < 0 || s[eq] == ' ' {
			// A bare word: skip it.
			if eq < 0 {
				break
			}
			s = s[eq:]
			continue
		}
		key := s[:eq]
		s = s[eq+1:]
		if strings.HasPrefix(s, `"`) {
			v, n, err := unquote(s)
			if err != nil {
				return nil, err
			}
			tok, s = v, s[n:]
		} else {
			end := strings.IndexByte(s, ' ')
			if end < 0 {
				end = len(s)
			}
			tok, s = s[:end], s[end:]
		}
		kv[key] = tok
	}
	return kv, nil
}

// unquote decodes the QuotedString at the start of s and returns it with the
// number of bytes consumed.
func unquote(s string) (string, int, error) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			return b.String(), i + 1, nil
		case '\\':
			if i+1 >= len(s) {
				return "", 0, errUnterminated()
			}
			i++
			switch e := s[i]; e {
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case '0', '1', '2', '3':
				if i+2 >= len(s) || !isOctal(s[i+1]) || !isOctal(s[i+2]) {
					return "", 0, fmt.Errorf("%w: bad octal escape", ErrMalformedReply)
				}
				b.WriteByte((e-'0')<<6 | (s[i+1]-'0')<<3 | (s[i+2] - '0'))
				i += 2
			default:
				b.WriteByte(e)
			}
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, errUnterminated()
}

func errUnterminated() error { return fmt.Errorf("%w: unterminated quoted string", ErrMalformedReply) }

func isOctal(c byte) bool { return c >= '0' && c <= '7' }
