package conformance

// bolt04Runners checks the BOLT #4 vectors; it is empty until the layer that
// implements BOLT #4 lands, and the manifest counts its vectors as failures.
func bolt04Runners() map[string]RunFunc {
	return map[string]RunFunc{}
}
