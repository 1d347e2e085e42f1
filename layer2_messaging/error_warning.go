package messaging

import (
	"strconv"

	"github.com/lnstack/lnstack/layer2_messaging/wire"
)

// Error is the error message (type 17), BOLT #1 "The error and warning
// Messages": the sender fails the channel(s) it names.
type Error struct {
	// ChannelID names the channel; all zeros means every channel.
	ChannelID wire.ChannelID
	// Data is the diagnostic text, possibly empty; print it with Text.
	Data []byte
	// Extension holds unknown odd TLV records after the payload.
	Extension wire.Records
}

// Type returns TypeError.
func (m *Error) Type() uint16 { return TypeError }

// Reset clears m for Decoder.DecodeInto (see Resetter).
func (m *Error) Reset() { *m = Error{} }

// Fields walks [channel_id:channel_id][u16:len][len*byte:data].
func (m *Error) Fields(f *wire.Fields) { walkAlert(f, &m.ChannelID, &m.Data, &m.Extension) }

// Encode appends the payload to dst.
func (m *Error) Encode(dst []byte) ([]byte, error) {
	if len(m.Extension) == 0 && len(m.Data) <= 0xffff {
		return appendBytes16(append(dst, m.ChannelID[:]...), m.Data), nil // the direct form (fastpath.go)
	}
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *Error) Decode(payload []byte) error {
	var v Error
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// Text returns data safe to print (see PrintableText).
func (m *Error) Text() string { return PrintableText(m.Data) }

// Warning is the warning message (type 1): like error, but the channel is not
// failed; the receiver "SHOULD log the message for later diagnosis".
type Warning struct {
	// ChannelID names the channel; all zeros if the warning is not about a
	// specific channel.
	ChannelID wire.ChannelID
	// Data is the diagnostic text, possibly empty; print it with Text.
	Data []byte
	// Extension holds unknown odd TLV records after the payload.
	Extension wire.Records
}

// Type returns TypeWarning.
func (m *Warning) Type() uint16 { return TypeWarning }

// Reset clears m for Decoder.DecodeInto (see Resetter).
func (m *Warning) Reset() { *m = Warning{} }

// Fields walks [channel_id:channel_id][u16:len][len*byte:data].
func (m *Warning) Fields(f *wire.Fields) { walkAlert(f, &m.ChannelID, &m.Data, &m.Extension) }

// Encode appends the payload to dst.
func (m *Warning) Encode(dst []byte) ([]byte, error) {
	if len(m.Extension) == 0 && len(m.Data) <= 0xffff {
		return appendBytes16(append(dst, m.ChannelID[:]...), m.Data), nil // the direct form (fastpath.go)
	}
	e := wire.NewEncoder(dst)
	m.Fields(&e)
	return e.Output()
}

// Decode decodes a payload; on failure m is unchanged.
func (m *Warning) Decode(payload []byte) error {
	var v Warning
	d := wire.NewDecoder(payload)
	v.Fields(&d)
	if err := d.Done(); err != nil {
		return err
	}
	*m = v
	return nil
}

// Text returns data safe to print (see PrintableText).
func (m *Warning) Text() string { return PrintableText(m.Data) }

// walkAlert walks the layout error and warning share.
func walkAlert(f *wire.Fields, id *wire.ChannelID, data *[]byte, ext *wire.Records) {
	f.ChannelID("channel_id", id)
	f.Bytes16("len", "data", data)
	f.Extension(ext)
}

// PrintableText returns data as text when it is all printable ASCII, and
// otherwise as a quoted Go string with escapes. BOLT #1: "if data is not
// composed solely of printable ASCII characters (For reference: the
// printable character set includes byte values 32 through 126, inclusive):
// SHOULD NOT print out data verbatim."
func PrintableText(data []byte) string {
	for _, c := range data {
		if c < 32 || c > 126 {
			return strconv.QuoteToASCII(string(data))
		}
	}
	return string(data)
}
