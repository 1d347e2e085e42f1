package scripts

import (
	"github.com/btcsuite/btcd/txscript"
	"github.com/btcsuite/btcd/wire"

	"github.com/lnstack/lnstack/layer3_p2p/amount"
)

// isWitnessProgram reports whether pkScript is a segwit output: a version
// opcode (OP_0, OP_1..OP_16) and a single push of 2 to 40 bytes.
func isWitnessProgram(pkScript []byte) bool {
	if len(pkScript) < 4 || len(pkScript) > 42 {
		return false
	}
	v := pkScript[0]
	if v != txscript.OP_0 && (v < txscript.OP_1 || v > txscript.OP_16) {
		return false
	}
	return int(pkScript[1]) == len(pkScript)-2
}

// DustThreshold is the amount below which Bitcoin Core will not relay an
// output paying pkScript: the cost, at 3000 sat/kvB, of the output plus the
// smallest input that could spend it (148 bytes, or 67 virtual bytes for a
// segwit program). OP_RETURN outputs are never dust.
//
// BOLT #3 "Dust Limits" derives the same numbers: p2pkh 546, p2sh 540,
// p2wpkh 294, p2wsh 330, p2a 240, unknown segwit versions 354 (at most),
// "OP_RETURN outputs: these are never dust".
func DustThreshold(pkScript []byte) amount.Satoshi {
	if len(pkScript) > 0 && pkScript[0] == txscript.OP_RETURN {
		return 0
	}
	size := int64(8 + wire.VarIntSerializeSize(uint64(len(pkScript))) + len(pkScript))
	if isWitnessProgram(pkScript) {
		size += 32 + 4 + 1 + 107/4 + 4
	} else {
		size += 32 + 4 + 1 + 107 + 4
	}
	return amount.Satoshi(size * 3000 / 1000)
}

// IsDust reports whether an output of value paying pkScript is dust.
func IsDust(value amount.Satoshi, pkScript []byte) bool {
	return value < DustThreshold(pkScript)
}
