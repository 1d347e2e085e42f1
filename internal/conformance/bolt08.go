package conformance

// bolt08Runners checks the BOLT #8 vectors; it is empty until the layer that
// implements BOLT #8 lands, and the manifest counts its vectors as failures.
func bolt08Runners() map[string]RunFunc {
	return map[string]RunFunc{}
}
