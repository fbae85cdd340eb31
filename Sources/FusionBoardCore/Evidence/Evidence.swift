/// A feature value with its knowledge-graph provenance.
public enum EvidenceValue: Sendable, Codable, Hashable, CustomStringConvertible {
    case number(Double)
    case flag(Bool)
    case text(String)
    /// The knowledge base cannot say: the source that would answer is absent, or (with ``EvidenceItem/absence``)
    /// a partial source does not list the pair. Shown as absent, never as "no" or 0.
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
    /// Fixed two-decimal formatting without Foundation's locale machinery; non-finite and huge values (which no
    /// input should bring, see docs/INPUTS.md) are written plainly rather than trapping.
    init(format2 value: Double) {
        guard value.isFinite, value.magnitude < 1e15 else {
            self = value.isNaN ? "NaN" : value.isInfinite ? (value < 0 ? "-∞" : "∞") : "\(value)"
            return
        }
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
    /// Feature group: frame/region, domains, UTRs, roles, promiscuity, artefact, literature, known fusions, therapy (docs/KNOWLEDGE-BASE.md).
    public var group: String
    /// Knowledge-base source names the value came from.
    public var sources: [String]
    /// PubMed IDs behind the value (may be a sample of a larger count).
    public var pmids: [Int]
    /// Free-text detail (e.g. which rows, which domains).
    public var detail: String?
    /// ``detail`` in Japanese where the collector phrases it in words (a Japanese report shows it); nil where the
    /// detail is data only (names, accessions, source rows) or has no Japanese wording. Not part of the JSON output.
    public var detailJapanese: String?
    /// The knowledge-base rows behind the value (source, table, source-file row).
    public var rows: [SourceRow]
    /// True for known-fusion records and fusion-level literature: `--de-novo` drops these items.
    public var knownFusion: Bool
    /// Why an ``EvidenceValue/unknown`` value is unknown although its source is present: the pair is not in a source
    /// that lists only part of what is known (`not listed in Mitelman recurrent fusions (…)`), or the knowledge base
    /// stores no data of that kind for the gene. Nil when the source is absent (the report then says so) or the value is known.
    public var absence: String?
    /// ``absence`` in Japanese (a Japanese report shows it). Not part of the JSON output.
    public var absenceJapanese: String?

    public init(
        key: String, label: String, value: EvidenceValue, group: String, sources: [String], pmids: [Int] = [], detail: String? = nil,
        detailJapanese: String? = nil, rows: [SourceRow] = [], knownFusion: Bool = false, absence: String? = nil, absenceJapanese: String? = nil
    ) {
        self.key = key
        self.label = label
        self.value = value
        self.group = group
        self.sources = sources
        self.pmids = pmids
        self.detail = detail
        self.detailJapanese = detailJapanese
        self.rows = rows
        self.knownFusion = knownFusion
        self.absence = absence
        self.absenceJapanese = absenceJapanese
    }

    private enum CodingKeys: String, CodingKey {
        case key, label, value, group, sources, pmids, detail, rows, knownFusion, absence
    }
}

/// All evidence about one fusion candidate.
public struct FusionEvidence: Sendable, Codable, Hashable {
    public var items: [EvidenceItem]

    /// True when the evidence was gathered without breakpoints (gene-level explanation only).
    public var geneLevelOnly: Bool = false

    public init(items: [EvidenceItem], geneLevelOnly: Bool = false) {
        self.items = items
        self.geneLevelOnly = geneLevelOnly
    }

    public subscript(key: String) -> EvidenceItem? { items.first { $0.key == key } }

    /// The evidence without known-fusion records and fusion-level literature (`--de-novo`).
    public var deNovo: FusionEvidence { FusionEvidence(items: items.filter { !$0.knownFusion }, geneLevelOnly: geneLevelOnly) }
}
