package conformance

// bolt01Runners checks the BOLT #1 vectors; it is empty until the layer that
// implements BOLT #1 lands, and the manifest counts its vectors as failures.
func bolt01Runners() map[string]RunFunc {
	return map[string]RunFunc{}
}
