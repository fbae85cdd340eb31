/// The driver class shown to the board, from the calibrated probability.
public enum DriverClass: String, Sendable, Codable, Hashable {
    case likelyDriver = "likely driver"
    case uncertain = "uncertain"
    case likelyPassenger = "likely passenger"
}

/// One feature's signed share of the score.
public struct Contribution: Sendable, Codable, Hashable {
    public var feature: String
    public var group: String
    public var value: String
    public var contribution: Double
    public var sources: [String]
}

/// A driver score with its provenance.
public struct DriverScore: Sendable, Codable, Hashable {
    /// Calibrated probability 0…1.
    public var probability: Double
    public var driverClass: DriverClass
    /// Which scorer produced it (model name and version, or the placeholder rule).
    public var scorer: String
    /// True when the score is a hand-written rule, not a trained model.
    public var isPlaceholder: Bool
    /// Model output on the logit scale, and the baseline it is explained against.
    public var modelOutput: Double
    public var baseline: Double
    public var contributions: [Contribution]

    /// JSON keys of `score --output-format json`: driver_probability, class, model_output, baseline, contributions.
    enum CodingKeys: String, CodingKey {
        case probability = "driver_probability"
        case driverClass = "class"
        case scorer
        case isPlaceholder = "is_placeholder"
        case modelOutput = "model_output"
        case baseline
        case contributions
    }
}

/// Scores fusion candidates.
public protocol DriverScorer {
    func score(_ fusion: FusionCandidate, evidence: FusionEvidence, deNovo: Bool) throws -> DriverScore
}

/// A transparent rule used until a trained model is shipped. **Not a trained model**: it adds
/// fixed log-odds for reading frame and breakpoint region only, and every report says so.
public struct PlaceholderRuleScorer: DriverScorer {
    public init() {}

    public static let name = "placeholder rule (not yet a trained model)"

    public func score(_ fusion: FusionCandidate, evidence: FusionEvidence, deNovo: Bool) -> DriverScore {
        let baseline = -1.0
        var contributions: [Contribution] = []
        let frameWeight: Double
        switch fusion.frame {
        case .inFrame: frameWeight = 1.5
        case .utr5ToCDS: frameWeight = 1.0
        case .outOfFrame: frameWeight = -1.0
        case .nonCoding: frameWeight = -1.5
        case .unknown: frameWeight = 0
        }
        contributions.append(Contribution(feature: "reading_frame", group: "frame/region", value: fusion.frame.rawValue, contribution: frameWeight, sources: evidence["reading_frame"]?.sources ?? []))
        let readThrough = fusion.adjacentSameStrand ? -1.5 : 0
        contributions.append(Contribution(feature: "adjacent_same_strand", group: "artefact", value: fusion.adjacentSameStrand ? "yes" : "no", contribution: readThrough, sources: []))
        let logit = baseline + contributions.reduce(0) { $0 + $1.contribution }
        let p = 1 / (1 + exp(-logit))
        let cls: DriverClass = p >= 0.6 ? .likelyDriver : (p >= 0.3 ? .uncertain : .likelyPassenger)
        return DriverScore(probability: p, driverClass: cls, scorer: Self.name, isPlaceholder: true, modelOutput: logit, baseline: baseline, contributions: contributions)
    }
}

#if canImport(Glibc)
    import Glibc
#endif
