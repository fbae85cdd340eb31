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

    /// The gene-pair facts the driver model's knowledge features read, as the collector looked them up for
    /// ``items`` (nil for evidence read back from a report: the features then ask the knowledge base). Not part of
    /// the JSON output and not compared: the items say the same in words.
    public var pairFacts: GenePairFacts?

    public init(items: [EvidenceItem], geneLevelOnly: Bool = false, pairFacts: GenePairFacts? = nil) {
        self.items = items
        self.geneLevelOnly = geneLevelOnly
        self.pairFacts = pairFacts
    }

    public subscript(key: String) -> EvidenceItem? { items.first { $0.key == key } }

    /// The evidence without known-fusion records and fusion-level literature (`--de-novo`).
    public var deNovo: FusionEvidence {
        var facts = pairFacts
        facts?.knownFusions = nil
        return FusionEvidence(items: items.filter { !$0.knownFusion }, geneLevelOnly: geneLevelOnly, pairFacts: facts)
    }

    private enum CodingKeys: String, CodingKey {
        case items, geneLevelOnly
    }

    public static func == (a: FusionEvidence, b: FusionEvidence) -> Bool { a.items == b.items && a.geneLevelOnly == b.geneLevelOnly }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(items)
        hasher.combine(geneLevelOnly)
    }
}

/// What the knowledge base says about a fusion's two genes, as numbers: the values behind the driver model's
/// knowledge features (literature, roles, known fusions, normal tissue, read-through and paralogs;
/// docs/MODEL.md "Features"). The ``EvidenceCollector`` records them while it gathers the evidence items, so the
/// model reads what the evidence shows instead of looking the same rows up again; the ``FeatureExtractor``
/// builds the same value from the knowledge base when there is no evidence (training, evaluation, a report
/// read back). A group is nil when it was not looked up.
public struct GenePairFacts: Sendable, Hashable {
    /// The genes the facts are about (current symbols), 5′ first.
    public var gene5: String, gene3: String

    public struct Literature: Sendable, Hashable {
        /// PubMed records on each gene (gene2pubmed); nil when the gene is not in the gene table.
        public var pubmed5: Int?, pubmed3: Int?
        /// PubMed records annotated to both genes (0 where gene2pubmed links are not stored for a gene).
        public var cocitation: Double
    }
    public var literature: Literature?

    public struct Roles: Sendable, Hashable {
        /// ``GeneRoleCall`` of each gene.
        public var oncogene5: Bool, oncogene3: Bool, suppressor5: Bool, suppressor3: Bool
        /// The 3′ gene is in a kinase category (``KnowledgeBase/isKinaseCategory(_:)``).
        public var kinaseCategory3: Bool
    }
    public var roles: Roles?

    public struct KnownFusions: Sendable, Hashable {
        /// Distinct known-fusion sources listing the ordered pair.
        public var pairSources: Int
        /// Distinct genes each gene is listed with (either orientation; itself for a listed self-pair).
        public var partners5: Int, partners3: Int
    }
    /// Nil in de novo evidence (``FusionEvidence/deNovo``).
    public var knownFusions: KnownFusions?

    /// The pair (either orientation) is in a normal-tissue fusion list.
    public var normalPair: Bool?

    public struct Readthrough: Sendable, Hashable {
        /// The pair (either orientation) is a listed read-through / conjoined gene pair.
        public var pair: Bool
        /// The genes share a paralog cluster.
        public var paralogs: Bool
    }
    public var readthrough: Readthrough?

    public init(gene5: String, gene3: String) {
        self.gene5 = gene5
        self.gene3 = gene3
    }
}
