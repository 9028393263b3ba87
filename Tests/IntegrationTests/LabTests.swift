import Testing

/// Every test against the lab, run one at a time: some stop a lab host for a while, and the
/// others must not see that.
@Suite(.serialized) enum LabTests {}
