/// A feature value with its knowledge-graph provenance.
public enum EvidenceValue: Sendable, Codable, Hashable, CustomStringConvertible {
    case number(Double)
    case flag(Bool)
    case text(String)
    /// The source that would say was not in the knowledge base: shown as absent, never as "no".
    case unknown

    public var description: String {
        switch self {
        case .number(let v): v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(format2: v)
        case .flag(let b): b ? "yes" : "no"
        case .text(let t): t
        case .unknown: "unknown (source absent)"
        }
    }
}

extension String {
    /// Fixed two-decimal formatting without Foundation's locale machinery.
    init(format2 value: Double) {
        let scaled = (value * 100).rounded()
        let sign = scaled < 0 ? "-" : ""
        let magnitude = Int(abs(scaled))
        let fraction = magnitude % 100
        self = "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

/// One fact about a fusion, with where it came from.
public struct EvidenceItem: Sendable, Codable, Hashable {
    /// Stable machine key (`pubmed_count_5p`).
    public var key: String
    /// Human label (`PubMed records on the 5′ gene`).
    public var label: String
    public var value: EvidenceValue
    /// Feature group (domains, frame/region, roles, literature, known fusions, artefact, UTRs, SV).
    public var group: String
    /// Knowledge-base source names the value came from.
    public var sources: [String]
    /// PubMed IDs behind the value (may be a sample of a larger count).
    public var pmids: [Int]
    /// Free-text detail (e.g. which rows, which domains).
    public var detail: String?

    public init(key: String, label: String, value: EvidenceValue, group: String, sources: [String], pmids: [Int] = [], detail: String? = nil) {
        self.key = key
        self.label = label
        self.value = value
        self.group = group
        self.sources = sources
        self.pmids = pmids
        self.detail = detail
    }
}

/// All evidence about one fusion candidate.
public struct FusionEvidence: Sendable, Codable, Hashable {
    public var items: [EvidenceItem]

    public subscript(key: String) -> EvidenceItem? { items.first { $0.key == key } }
}
