package conformance

// bolt07Runners checks the BOLT #7 vectors; it is empty until the layer that
// implements BOLT #7 lands, and the manifest counts its vectors as failures.
func bolt07Runners() map[string]RunFunc {
	return map[string]RunFunc{}
}
