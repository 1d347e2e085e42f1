package feature

// Validate checks a feature vector received in context ctx (one of InInit,
// InNode, InChannel, InInvoice, InBlindedPath, InChannelType):
//
//   - every known feature set is presented in ctx by the BOLT #9 table, and
//     in channel_announcement with the parity C- or C+ demands
//     (ErrWrongContext);
//   - every known feature set has its dependencies set (ErrMissingDependency).
//
// Bits outside the table are left to Negotiate (the it's-ok-to-be-odd rule).
// Features the table no longer presents anywhere (the ASSUMED ones and
// gossip_queries) are accepted in every context: BOLT #9 says the ASSUMED
// ones "can be safely ignored", and nodes still set them for older peers.
func Validate(v Vector, ctx Context) error {
	if err := checkContext(v, ctx, lookup); err != nil {
		return err
	}
	return CheckDependencies(v)
}

// checkContext applies the context rules with the table given by find.
func checkContext(v Vector, ctx Context, find func(Bit) *Feature) error {
	for _, b := range v.Bits() {
		f := find(b)
		if f == nil || f.Contexts == 0 {
			continue
		}
		if !f.Contexts.allows(ctx) {
			return &ContextError{Bit: b, Context: ctx}
		}
		if ctx == InChannel {
			// C-: "always odd (optional)"; C+: "always even (required)".
			if f.Contexts&InChannelOdd != 0 && b.IsRequired() ||
				f.Contexts&InChannelEven != 0 && !b.IsRequired() {
				return &ContextError{Bit: b, Context: ctx}
			}
		}
	}
	return nil
}

// CheckDependencies checks that every known feature set has the features it
// depends on set: BOLT #9 "MUST set all transitive feature dependencies".
// Checking each set feature's direct dependencies covers the transitive
// ones, as each dependency found set is checked in turn. A dependency on an
// ASSUMED feature is always met.
func CheckDependencies(v Vector) error {
	for _, b := range v.Bits() {
		f := lookup(b)
		if f == nil {
			continue
		}
		for _, d := range f.Depends {
			if dep := lookup(d); dep != nil && dep.Assumed {
				continue
			}
			if !v.Has(d) {
				return &DependencyError{Feature: b, Needs: d}
			}
		}
	}
	return nil
}

// Negotiate applies the BOLT #1 init rules to the local node's features and
// the remote node's, both as sent in init (globalfeatures ORed in), and
// returns the negotiated features.
//
// It fails with an *UnknownRequiredError (ErrUnknownRequiredFeature) when
// the remote requires features the local node does not offer, since a node
// knows exactly the features it offers: "upon receiving unknown even feature
// bits that are non-zero: MUST close the connection" (unknown odd bits are
// ignored). It fails with ErrMissingDependency when the remote's features
// do not set their dependencies.
//
// BOLT #1: "A feature is negotiated if either both peers offered it, or the
// local node offered it as even". The result sets one bit per negotiated
// feature: the even bit when either side requires it, else the odd bit.
func Negotiate(local, remote Vector) (Vector, error) {
	var unknown []Bit
	for _, b := range remote.Bits() {
		if b.IsRequired() && !local.Has(b) {
			unknown = append(unknown, b)
		}
	}
	if unknown != nil {
		return nil, &UnknownRequiredError{Bits: unknown}
	}
	if err := CheckDependencies(remote); err != nil {
		return nil, err
	}
	var out Vector
	last := -1
	for _, b := range local.Bits() {
		p := b.Pair()
		if int(p) == last {
			continue
		}
		last = int(p)
		if !remote.Has(p) && !local.Requires(p) {
			continue
		}
		if local.Requires(p) || remote.Requires(p) {
			out.Set(p)
		} else {
			out.Set(p.Optional())
		}
	}
	return out, nil
}
