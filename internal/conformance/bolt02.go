package conformance

// bolt02Runners checks the BOLT #2 vectors; it is empty until the layer that
// implements BOLT #2 lands, and the manifest counts its vectors as failures.
func bolt02Runners() map[string]RunFunc {
	return map[string]RunFunc{}
}
