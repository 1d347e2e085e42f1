package conformance

// bolt11Runners checks the BOLT #11 vectors; it is empty until the layer that
// implements BOLT #11 lands, and the manifest counts its vectors as failures.
func bolt11Runners() map[string]RunFunc {
	return map[string]RunFunc{}
}
