package messaging

// The encoders of ping, pong, error, warning, peer_storage and
// peer_storage_retrieval write their payload directly when it has no
// extension, instead of walking Fields.
//
// Why: lnd writes these messages in three writes to a buffer (about 35 ns
// for a ping), and the target is three times its speed. A walk costs a call
// per field plus the walk's own set-up and check (NewEncoder, Output), about
// as much as lnd's whole encoding for a message of two fields; the direct
// form is two appends. The walk stays the one definition of each layout:
// the direct form covers only the case with no extension and a field that
// fits its length prefix, every other value goes through the walk (which
// reports the errors), and TestFastPathsMatchWalk checks over random values
// that both give the same bytes.

// appendBytes16 appends [u16:len][len*byte:b], as Fields.Bytes16 encodes
// it, for len(b) <= 0xffff.
func appendBytes16(dst, b []byte) []byte {
	dst = append(dst, byte(len(b)>>8), byte(len(b)))
	return append(dst, b...)
}
