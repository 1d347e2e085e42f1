package conformance

// bolt12Runners checks the BOLT #12 vectors; it is empty until the layer that
// implements BOLT #12 lands, and the manifest counts its vectors as failures.
func bolt12Runners() map[string]RunFunc {
	return map[string]RunFunc{}
}
