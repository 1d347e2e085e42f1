package tor

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/lnstack/lnstack/layer1_transport/netaddr"
)

// Key blob of a v3 onion service as ADD_ONION takes and returns it
// (control-spec "ADD_ONION": "ED25519-V3" followed by the base64 of the
// 64-byte expanded ed25519 secret key).
const (
	keyTypeV3    = "ED25519-V3"
	keyBlobLen   = 64
	maxKeyFileSz = 1 << 10
)

// OnionConfig describes an onion service to publish through the control port.
type OnionConfig struct {
	// KeyFile keeps the service's private key so its .onion address stays
	// the same across restarts. If the file exists its key is used; if not,
	// Tor generates a key, which is written there (mode 0600) before
	// AddOnion returns. Empty: a throwaway address, the key never leaves Tor.
	KeyFile string
	// Port is the port of the onion address; 0 means netaddr.DefaultPort.
	Port uint16
	// Target is where Tor forwards the service's connections: "host:port"
	// or "unix:/path". Empty means "127.0.0.1:<Port>".
	Target string
}

// OnionService is an onion service added with AddOnion. It lasts until
// Close or until its Controller's connection closes.
type OnionService struct {
	// Addr is the service's address (checksum verified) and port.
	Addr netaddr.TorV3
	c    *Controller
}

// ServiceID returns the 56-character address without ".onion".
func (s *OnionService) ServiceID() string { return s.Addr.ServiceID() }

// Close removes the service from Tor (DEL_ONION).
func (s *OnionService) Close(ctx context.Context) error {
	_, err := s.c.command(ctx, "DEL_ONION "+s.ServiceID())
	return err
}

// AddOnion publishes a v3 onion service (ADD_ONION) forwarding cfg.Port to
// cfg.Target, with the key from cfg.KeyFile (created on first use).
func (c *Controller) AddOnion(ctx context.Context, cfg OnionConfig) (*OnionService, error) {
	if cfg.Port == 0 {
		cfg.Port = netaddr.DefaultPort
	}
	if cfg.Target == "" {
		cfg.Target = net.JoinHostPort("127.0.0.1", strconv.Itoa(int(cfg.Port)))
	}
	if err := safeArg(cfg.Target); err != nil {
		return nil, err
	}
	if strings.ContainsAny(cfg.Target, " ,") {
		return nil, fmt.Errorf("%w: target %q", ErrBadArgument, cfg.Target)
	}

	keyArg, flags, fresh := "NEW:"+keyTypeV3, "", false
	switch {
	case cfg.KeyFile == "":
		flags = " Flags=DiscardPK"
	default:
		key, err := loadKey(cfg.KeyFile)
		switch {
		case err == nil:
			keyArg = key
		case errors.Is(err, fs.ErrNotExist):
			fresh = true
		default:
			return nil, err
		}
	}

	r, err := c.command(ctx, fmt.Sprintf("ADD_ONION %s%s Port=%d,%s", keyArg, flags, cfg.Port, cfg.Target))
	if err != nil {
		return nil, err
	}
	var serviceID, privKey string
	for _, l := range r.lines {
		k, v, _ := strings.Cut(l, "=")
		switch k {
		case "ServiceID":
			serviceID = v
		case "PrivateKey":
			privKey = v
		}
	}
	addr, err := netaddr.ParseTorV3(serviceID, cfg.Port)
	if err != nil {
		return nil, fmt.Errorf("%w: ADD_ONION ServiceID %q: %w", ErrMalformedReply, serviceID, err)
	}
	s := &OnionService{Addr: addr, c: c}
	if fresh {
		if err := saveKey(cfg.KeyFile, privKey); err != nil {
			// An address we cannot keep is worse than none.
			_ = s.Close(ctx)
			return nil, err
		}
	}
	return s, nil
}

// checkKey validates a key blob "ED25519-V3:<base64 of 64 bytes>".
func checkKey(blob string) error {
	typ, b64, ok := strings.Cut(blob, ":")
	if !ok || typ != keyTypeV3 {
		return fmt.Errorf("%w: not an %s key", ErrBadKeyFile, keyTypeV3)
	}
	raw, err := base64.StdEncoding.Strict().DecodeString(b64)
	if err != nil || len(raw) != keyBlobLen {
		return fmt.Errorf("%w: key is not base64 of %d bytes", ErrBadKeyFile, keyBlobLen)
	}
	return nil
}

// loadKey reads the key blob from path; a missing file returns an error
// matching fs.ErrNotExist.
func loadKey(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxKeyFileSz))
	if err != nil {
		return "", err
	}
	blob := strings.TrimSpace(string(b))
	if err := checkKey(blob); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return blob, nil
}

// saveKey writes the key blob to path atomically (a temporary file in the
// same directory, synced, then renamed), readable by the owner only.
func saveKey(path, blob string) error {
	if err := checkKey(blob); err != nil {
		return fmt.Errorf("%w (from ADD_ONION)", err)
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".onion-key-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // a no-op once renamed
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.WriteString(blob + "\n"); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
