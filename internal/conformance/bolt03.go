package conformance

// bolt03Runners checks the BOLT #3 vectors; it is empty until the layer that
// implements BOLT #3 lands, and the manifest counts its vectors as failures.
func bolt03Runners() map[string]RunFunc {
	return map[string]RunFunc{}
}
