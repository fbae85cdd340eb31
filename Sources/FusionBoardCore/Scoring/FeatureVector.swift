#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// The feature groups, in the fixed order the schema lists them. Attributions are exact Shapley
/// values over these groups (the groups a model uses, in this order).
public enum FeatureGroup: String, Sendable, Codable, CaseIterable {
    case domains = "domains"
    case frameRegion = "frame/region"
    case roles = "gene roles"
    case literature = "literature"
    case knownFusions = "known fusions"
    case artefact = "normal-tissue/read-through/paralog"
    case utrs = "UTRs"
    case structure = "SV type and distance"
}

/// One entry of the feature schema.
public struct FeatureDefinition: Sendable, Hashable {
    /// Stable machine key (`kinase_retained_3p`), the name used in model files.
    public var key: String
    public var group: FeatureGroup
    /// What the number means.
    public var label: String
    /// True when the feature comes from known-fusion databases, normal-tissue fusion lists or
    /// pair-level literature: never used in `--de-novo` mode.
    public var knownFusionEvidence: Bool
}

/// The fixed, documented feature order (docs/MODEL.md lists it). Missing sources are never a
/// silent zero: every source-dependent group has an `…_unknown` indicator set to 1 when the
/// knowledge base lacks the source (or the gene/transcript cannot be found), with the values at 0.
public enum FeatureSchema {
    /// Bumped whenever a feature is added, removed or re-defined; model files name the version they expect.
    public static let version = 1

    private static func f(_ key: String, _ group: FeatureGroup, _ label: String, known: Bool = false) -> FeatureDefinition {
        FeatureDefinition(key: key, group: group, label: label, knownFusionEvidence: known)
    }

    public static let features: [FeatureDefinition] = [
        // domains (Pfam/CDD/SMART coordinates per RefSeq transcript)
        f("domains_unknown", .domains, "no domain source, or no domain rows for either transcript"),
        f("domains_retained_5p", .domains, "domains of the 5′ partner fully kept (log2(1+n))"),
        f("domains_lost_5p", .domains, "domains of the 5′ partner lost or truncated (log2(1+n))"),
        f("domains_retained_3p", .domains, "domains of the 3′ partner fully kept (log2(1+n))"),
        f("domains_lost_3p", .domains, "domains of the 3′ partner lost or truncated (log2(1+n))"),
        f("kinase_retained_3p", .domains, "3′ partner keeps a protein-kinase domain"),
        f("kinase_retained_5p", .domains, "5′ partner keeps a protein-kinase domain"),
        f("dna_binding_retained", .domains, "either partner keeps a DNA-binding domain"),
        f("oligomerisation_retained_5p", .domains, "5′ partner keeps an oligomerisation domain (coiled coil, SAM, PNT, PB1, LisH, BTB …)"),
        // frame/region (exon-granular: never depends on whether a breakpoint sits exactly on an exon boundary)
        f("structure_unknown", .frameRegion, "the fusion could not be annotated (genes or positions not in the gene model)"),
        f("frame_in_frame", .frameRegion, "5′ coding exons joined to 3′ coding exons in frame"),
        f("frame_out_of_frame", .frameRegion, "5′ coding exons joined to 3′ coding exons out of frame"),
        f("frame_5utr_to_cds", .frameRegion, "5′ partner gives only promoter/5′UTR; 3′ partner keeps its whole CDS"),
        f("frame_non_coding", .frameRegion, "no protein-coding sequence joined"),
        f("break5_before_cds", .frameRegion, "5′ breakpoint upstream of the 5′ partner's CDS (promoter/5′UTR)"),
        f("break5_in_cds", .frameRegion, "5′ breakpoint within the 5′ partner's CDS span"),
        f("break5_after_cds", .frameRegion, "5′ breakpoint past the 5′ partner's stop codon (3′UTR)"),
        f("break3_before_cds", .frameRegion, "3′ breakpoint upstream of the 3′ partner's CDS (keeps the whole CDS)"),
        f("break3_in_cds", .frameRegion, "3′ breakpoint within the 3′ partner's CDS span"),
        f("break3_after_cds", .frameRegion, "3′ breakpoint past the 3′ partner's stop codon (keeps no CDS)"),
        f("cds_fraction_kept_5p", .frameRegion, "fraction of the 5′ partner's CDS kept"),
        f("cds_fraction_kept_3p", .frameRegion, "fraction of the 3′ partner's CDS kept"),
        f("exon_fraction_kept_5p", .frameRegion, "fraction of the 5′ partner's exons kept"),
        f("exon_fraction_kept_3p", .frameRegion, "fraction of the 3′ partner's exons kept"),
        // gene roles (CancerMine / OncoKB / DGIdb categories)
        f("roles_unknown", .roles, "no gene-role source in the knowledge base"),
        f("oncogene_5p", .roles, "5′ gene called an oncogene (GeneRoleCall)"),
        f("oncogene_3p", .roles, "3′ gene called an oncogene (GeneRoleCall)"),
        f("tumour_suppressor_5p", .roles, "5′ gene called a tumour suppressor (GeneRoleCall)"),
        f("tumour_suppressor_3p", .roles, "3′ gene called a tumour suppressor (GeneRoleCall)"),
        f("kinase_gene_3p", .roles, "3′ gene in a kinase gene category (DGIdb)"),
        // literature (gene-level: NCBI gene2pubmed)
        f("literature_unknown", .literature, "a gene is not in the gene table"),
        f("pubmed_5p", .literature, "PubMed records on the 5′ gene (log10(1+n))"),
        f("pubmed_3p", .literature, "PubMed records on the 3′ gene (log10(1+n))"),
        f("cocitation", .literature, "PubMed records citing both genes (log10(1+n))", known: true),
        // known fusions (ChimerDB, COSMIC, Mitelman …)
        f("known_fusions_unknown", .knownFusions, "no known-fusion source in the knowledge base", known: true),
        f("known_pair_sources", .knownFusions, "known-fusion sources listing the pair", known: true),
        f("known_partners_3p", .knownFusions, "known fusion partners of the 3′ gene (log2(1+n))", known: true),
        f("known_partners_5p", .knownFusions, "known fusion partners of the 5′ gene (log2(1+n))", known: true),
        // normal-tissue / read-through / paralog
        f("normal_unknown", .artefact, "no normal-tissue fusion source in the knowledge base", known: true),
        f("normal_pair", .artefact, "pair seen in normal-tissue fusion lists", known: true),
        f("readthrough_unknown", .artefact, "no read-through / paralog source in the knowledge base"),
        f("readthrough_pair", .artefact, "pair listed as a read-through / conjoined gene"),
        f("paralog_pair", .artefact, "partners in one paralog cluster"),
        f("adjacent_same_strand", .artefact, "partners are adjacent same-strand genes in transcription order (read-through-like)"),
        // UTRs (bases kept, log10(1+n))
        f("utr5_kept_5p", .utrs, "5′UTR bases of the 5′ partner kept"),
        f("utr3_kept_5p", .utrs, "3′UTR bases of the 5′ partner kept"),
        f("utr5_kept_3p", .utrs, "5′UTR bases of the 3′ partner kept"),
        f("utr3_kept_3p", .utrs, "3′UTR bases of the 3′ partner kept"),
        // SV type and distance
        f("same_chromosome", .structure, "both breakpoints on one chromosome"),
        f("distance", .structure, "breakpoint distance on one chromosome (log10 bp; 0 between chromosomes)"),
        f("sv_deletion", .structure, "deletion-type junction"),
        f("sv_duplication", .structure, "duplication-type junction"),
        f("sv_inversion", .structure, "inversion-type junction"),
        f("sv_translocation", .structure, "inter-chromosomal junction"),
    ]

    public static let index: [String: Int] = Dictionary(uniqueKeysWithValues: features.enumerated().map { ($1.key, $0) })
}

/// The feature numbers of one fusion, in schema order, with each feature's provenance.
public struct FeatureVector: Sendable, Hashable {
    public var values: [Double]
    /// Knowledge-base sources behind each feature (same order as `values`).
    public var sources: [[String]]

    public init() {
        values = Array(repeating: 0, count: FeatureSchema.features.count)
        sources = Array(repeating: [], count: FeatureSchema.features.count)
    }

    public subscript(key: String) -> Double {
        get { values[FeatureSchema.index[key]!] }
        set { values[FeatureSchema.index[key]!] = newValue }
    }

    mutating func set(_ key: String, _ value: Double, _ source: [String]) {
        set(FeatureSchema.index[key]!, value, source)
    }

    /// Takes every feature the other vector set (a value other than +0 or a source list): the knowledge-base
    /// and structural halves of extraction set disjoint features, so joining them gives the vector one extraction
    /// would have filled.
    mutating func join(_ other: FeatureVector) {
        for i in values.indices where other.values[i].bitPattern != 0 || !other.sources[i].isEmpty {
            values[i] = other.values[i]
            sources[i] = other.sources[i]
        }
    }

    /// Sets the feature at a schema index (``FeatureSchema/Slot``).
    @inline(__always)
    mutating func set(_ i: Int, _ value: Double, _ source: [String]) {
        values[i] = value
        sources[i] = source
    }
}

extension FeatureSchema {
    /// Schema indices of the features, looked up once (extraction sets them by index, not by key).
    enum Slot {
        private static func at(_ key: String) -> Int { FeatureSchema.index[key]! }
        static let domainsUnknown = at("domains_unknown")
        static let domainsRetained5p = at("domains_retained_5p"), domainsLost5p = at("domains_lost_5p")
        static let domainsRetained3p = at("domains_retained_3p"), domainsLost3p = at("domains_lost_3p")
        static let kinaseRetained3p = at("kinase_retained_3p"), kinaseRetained5p = at("kinase_retained_5p")
        static let dnaBindingRetained = at("dna_binding_retained"), oligomerisationRetained5p = at("oligomerisation_retained_5p")
        static let structureUnknown = at("structure_unknown")
        static let frameInFrame = at("frame_in_frame"), frameOutOfFrame = at("frame_out_of_frame")
        static let frame5utrToCds = at("frame_5utr_to_cds"), frameNonCoding = at("frame_non_coding")
        static let break5BeforeCds = at("break5_before_cds"), break5InCds = at("break5_in_cds"), break5AfterCds = at("break5_after_cds")
        static let break3BeforeCds = at("break3_before_cds"), break3InCds = at("break3_in_cds"), break3AfterCds = at("break3_after_cds")
        static let cdsFractionKept5p = at("cds_fraction_kept_5p"), cdsFractionKept3p = at("cds_fraction_kept_3p")
        static let exonFractionKept5p = at("exon_fraction_kept_5p"), exonFractionKept3p = at("exon_fraction_kept_3p")
        static let rolesUnknown = at("roles_unknown")
        static let oncogene5p = at("oncogene_5p"), oncogene3p = at("oncogene_3p")
        static let tumourSuppressor5p = at("tumour_suppressor_5p"), tumourSuppressor3p = at("tumour_suppressor_3p")
        static let kinaseGene3p = at("kinase_gene_3p")
        static let literatureUnknown = at("literature_unknown"), pubmed5p = at("pubmed_5p"), pubmed3p = at("pubmed_3p"), cocitation = at("cocitation")
        static let knownFusionsUnknown = at("known_fusions_unknown"), knownPairSources = at("known_pair_sources")
        static let knownPartners3p = at("known_partners_3p"), knownPartners5p = at("known_partners_5p")
        static let normalUnknown = at("normal_unknown"), normalPair = at("normal_pair")
        static let readthroughUnknown = at("readthrough_unknown"), readthroughPair = at("readthrough_pair"), paralogPair = at("paralog_pair")
        static let adjacentSameStrand = at("adjacent_same_strand")
        static let utr5Kept5p = at("utr5_kept_5p"), utr3Kept5p = at("utr3_kept_5p"), utr5Kept3p = at("utr5_kept_3p"), utr3Kept3p = at("utr3_kept_3p")
        static let sameChromosome = at("same_chromosome"), distance = at("distance")
        static let svDeletion = at("sv_deletion"), svDuplication = at("sv_duplication"), svInversion = at("sv_inversion")
        static let svTranslocation = at("sv_translocation")
    }
}

/// Which optional knowledge groups a knowledge base holds; decides the KB profile a model needs.
public struct KnowledgeProfile: Sendable, Hashable, Codable {
    public var domains: Bool
    public var roles: Bool
    public var knownFusions: Bool
    public var normalTissue: Bool
    public var readthrough: Bool

    /// `core` when no optional knowledge is present, `full` when all of it is, else `partial`.
    public var name: String {
        let all = [domains, roles, knownFusions, normalTissue, readthrough]
        if all.allSatisfy({ !$0 }) { return "core" }
        if all.allSatisfy({ $0 }) { return "full" }
        return "partial"
    }

    public static let core = KnowledgeProfile(domains: false, roles: false, knownFusions: false, normalTissue: false, readthrough: false)
}

/// Computes ``FeatureVector``s from fusion candidates, their evidence items and knowledge-base lookups.
///
/// One extractor per task (it holds the knowledge base's SQLite handle and per-gene caches).
public final class FeatureExtractor {
    let kb: KnowledgeBase
    /// What the knowledge base holds.
    public let available: KnowledgeProfile
    /// What this extractor reads: the available profile, or less when a model trained on less is used.
    public let profile: KnowledgeProfile
    private let sourceNames: [String: [String]]
    /// The source lists the features cite, built once.
    private let transcriptSources: [String], domainSources: [String], geneSources: [String], roleSources: [String]
    private let fusionSources: [String], normalSources: [String], readthroughSources: [String], paralogSources: [String]
    /// The structural half of extraction (no queries; safe on any thread).
    let structural: StructuralFeatures
    /// The small pair tables (normal-tissue fusions, read-through genes), read whole once per extractor when the
    /// model reads them: pair → listed; ordered pairs, both orientations stored.
    private var normalPairs: Set<GenePair>?
    private var readthroughPairs: Set<GenePair>?
    /// Known-fusion pairs: per-pair queries for the first ``knownPairQueryLimit`` pairs, then the whole table
    /// read once (``knownFusionTable()``).
    private var knownPairQueries = 0
    /// (A setting only so tests can compare the two paths.)
    var knownPairQueryLimit = 64
    /// Known-fusion sources already counted by a per-pair query, per ordered pair.
    private var knownPairCache: [GenePair: Int] = [:]

    struct GenePair: Hashable {
        var gene5: String, gene3: String
    }
    private var geneCache: [String: GeneFacts] = [:]
    private var statements: [String: Statement] = [:]
    /// Which looked-up groups the model reads (lookups for the others are skipped; their features stay 0).
    private let needsLiterature: Bool, needsRoles: Bool, needsKnown: Bool, needsNormal: Bool, needsReadthrough: Bool

    struct GeneFacts {
        var pubmed: Int?
        var geneID: Int?
        var oncogene = false
        var suppressor = false
        var kinaseCategory = false
        var knownPartners = 0
        var paralogClusters: Set<String> = []
    }

    /// Probes which optional tables have rows; `restrictTo` masks groups a model was not trained with;
    /// `inputs` (a model's feature keys) limits the knowledge-base lookups to what the model reads.
    public init(knowledgeBase: KnowledgeBase, restrictTo: KnowledgeProfile? = nil, inputs: [String]? = nil) throws {
        let needed = inputs.map(Set.init)
        func needs(_ keys: [String]) -> Bool { needed.map { !$0.isDisjoint(with: keys) } ?? true }
        needsLiterature = needs(["literature_unknown", "pubmed_5p", "pubmed_3p", "cocitation"])
        needsRoles = needs(["roles_unknown", "oncogene_5p", "oncogene_3p", "tumour_suppressor_5p", "tumour_suppressor_3p", "kinase_gene_3p"])
        needsKnown = needs(["known_fusions_unknown", "known_pair_sources", "known_partners_3p", "known_partners_5p"])
        needsNormal = needs(["normal_unknown", "normal_pair"])
        needsReadthrough = needs(["readthrough_unknown", "readthrough_pair", "paralog_pair"])
        kb = knowledgeBase
        let db = knowledgeBase.db
        func has(_ table: String) throws -> Bool { try !db.rows("SELECT 1 FROM \(table) LIMIT 1").isEmpty }
        let avail = KnowledgeProfile(
            domains: try has("domain"), roles: try has("gene_role") || has("gene_category"), knownFusions: try has("known_fusion"),
            normalTissue: try has("normal_fusion"), readthrough: try has("readthrough") || has("paralog"))
        available = avail
        if let r = restrictTo {
            profile = KnowledgeProfile(
                domains: avail.domains && r.domains, roles: avail.roles && r.roles, knownFusions: avail.knownFusions && r.knownFusions,
                normalTissue: avail.normalTissue && r.normalTissue, readthrough: avail.readthrough && r.readthrough)
        } else {
            profile = avail
        }
        var names: [String: [String]] = [:]
        for row in try db.rows("SELECT category, name, version FROM source ORDER BY id") {
            guard let category = row[0], let name = row[1] else { continue }
            names[category, default: []].append(row[2].map { $0.isEmpty ? name : "\(name) \($0)" } ?? name)
        }
        sourceNames = names
        func named(_ category: String, _ fallback: String) -> [String] { names[category] ?? [fallback] }
        transcriptSources = named("transcripts", "refGene")
        domainSources = named("domains", "protein domains")
        geneSources = named("genes", "NCBI gene").map { $0 + " gene2pubmed" }
        roleSources = (names["gene-roles"] ?? []) + (names["drugs"] ?? []).filter { $0.contains("categor") }
        fusionSources = named("known-fusions", "known fusions")
        normalSources = named("normal-tissue", "normal-tissue fusions")
        readthroughSources = named("readthrough", "read-through genes")
        paralogSources = named("paralogs", "paralog clusters")
        structural = StructuralFeatures(domains: profile.domains, transcriptSources: transcriptSources, domainSources: domainSources)
    }

    /// Both orientations of every pair of a two-column gene table.
    private func pairTable(_ table: String) throws -> Set<GenePair> {
        var pairs = Set<GenePair>(minimumCapacity: 2 * (try kb.db.scalarInt("SELECT COUNT(*) FROM \(table)") ?? 0))
        let rows = try kb.db.prepare("SELECT gene5, gene3 FROM \(table)")
        while try rows.step() {
            guard !rows.isNull(0), !rows.isNull(1) else { continue }
            let a = rows.text(0), b = rows.text(1)
            pairs.insert(GenePair(gene5: a, gene3: b))
            pairs.insert(GenePair(gene5: b, gene3: a))
        }
        return pairs
    }

    /// Whether a small pair table lists the pair in either orientation (the table read whole on first use).
    private func listed(_ table: String, _ cache: inout Set<GenePair>?, _ gene5: String, _ gene3: String) throws -> Bool {
        if cache == nil { cache = try pairTable(table) }
        return cache!.contains(GenePair(gene5: gene5, gene3: gene3))
    }

    /// Distinct known-fusion sources listing the ordered pair.
    private func knownSources(_ gene5: String, _ gene3: String) throws -> Int {
        let pair = GenePair(gene5: gene5, gene3: gene3)
        if let table = knownFusions, table.covers(gene5) || table.covers(gene3) { return table.sources(gene5, gene3) }
        if let known = knownPairCache[pair] { return known }
        knownPairQueries += 1
        if knownPairQueries > knownPairQueryLimit { return try knownFusionTable(whole: true).sources(gene5, gene3) }
        let n = try query("SELECT COUNT(DISTINCT source_id) FROM known_fusion WHERE gene5 = ?1 AND gene3 = ?2", [.text(gene5), .text(gene3)])
        let count = Int(n.first?[0] ?? "0") ?? 0
        knownPairCache[pair] = count
        return count
    }

    /// The known-fusion table summarised in one pass: distinct sources per ordered pair and distinct partners
    /// per gene (the other gene of every pair it is in, itself for a self-pair), as the per-pair and per-gene
    /// queries count them. Read once per extractor, on first need by either. Genes are numbered as they are
    /// met, so pairs are hashed as two integers rather than two strings.
    ///
    /// Read for a set of genes only (a patient's), it holds every row naming one of them: the sources of a pair with
    /// one of them and the partners of each of them are then the whole table's.
    struct KnownFusionTable {
        /// The genes whose rows were read (nil: the whole table).
        let covered: Set<String>?
        private var geneIndex: [String: Int] = [:]
        /// Sources per ordered pair (key: index5 << 32 | index3), as a bit set of source IDs below 64 …
        private var sourceBits: [UInt64: UInt64] = [:]
        /// … and as a set for pairs listed by a source with a larger ID.
        private var sourceSets: [UInt64: Set<Int>] = [:]
        private var partnerCounts: [Int] = []

        init(_ db: SQLiteConnection, genes: GeneSubset? = nil) throws {
            covered = genes?.genes
            let rows = try genes.map { 4 * $0.genes.count } ?? db.rows("SELECT COUNT(*) FROM known_fusion").first?[0].flatMap { Int($0) } ?? 0
            sourceBits.reserveCapacity(rows)
            geneIndex.reserveCapacity(rows / 2)
            let statement = try db.prepare(
                "SELECT gene5, gene3, source_id FROM known_fusion"
                    + (genes == nil ? "" : " WHERE gene5 IN \(GeneSubset.sql) OR gene3 IN \(GeneSubset.sql)"))
            if let genes { try statement.bind([.text(genes.json)]) }
            while try statement.step() {
                guard !statement.isNull(0), !statement.isNull(1) else { continue }
                let key = Self.key(index(statement.text(0)), index(statement.text(1)))
                var bit: UInt64 = 0
                if let source = statement.optionalInt(2) {
                    if (0..<64).contains(source) { bit = 1 << UInt64(source) } else { sourceSets[key, default: []].insert(source) }
                }
                sourceBits[key, default: 0] |= bit
            }
            // Partners of a gene: the genes it is listed with in either orientation. Each listed pair counts for its
            // 5′ gene, and for its 3′ gene unless the reverse pair is listed too (then it counts there as its own key).
            partnerCounts = Array(repeating: 0, count: geneIndex.count)
            for key in sourceBits.keys {
                partnerCounts[Int(key >> 32)] += 1
                let reverse = key << 32 | key >> 32
                if sourceBits[reverse] == nil { partnerCounts[Int(key & 0xffff_ffff)] += 1 }
            }
        }

        private mutating func index(_ gene: String) -> Int {
            if let i = geneIndex[gene] { return i }
            let i = geneIndex.count
            geneIndex[gene] = i
            return i
        }
        private static func key(_ a: Int, _ b: Int) -> UInt64 { UInt64(a) << 32 | UInt64(b) }

        /// Distinct sources listing the ordered pair.
        func sources(_ gene5: String, _ gene3: String) -> Int {
            guard let a = geneIndex[gene5], let b = geneIndex[gene3] else { return 0 }
            let key = Self.key(a, b)
            guard let bits = sourceBits[key] else { return 0 }
            return bits.nonzeroBitCount + (sourceSets[key]?.count ?? 0)
        }

        /// Distinct known partners of a gene.
        func partners(_ gene: String) -> Int { geneIndex[gene].map { partnerCounts[$0] } ?? 0 }

        /// Whether the table holds every row naming `gene`.
        func covers(_ gene: String) -> Bool { covered?.contains(gene) ?? true }
    }

    /// A set of gene symbols passed to SQLite as one JSON array (`IN (SELECT value FROM json_each(?1))`), so the
    /// per-gene tables can be read for a patient's genes in one indexed query each.
    struct GeneSubset {
        let genes: Set<String>
        let json: String
        static let sql = "(SELECT value FROM json_each(?1))"

        init(_ genes: Set<String>) throws {
            self.genes = genes
            json = String(decoding: try JSONEncoder().encode(genes.sorted()), as: UTF8.self)
        }
    }
    private var knownFusions: KnownFusionTable?
    /// Set by a batch on several threads (``ModelDriverScorer/score(_:evidence:threads:)``): asked for the
    /// known-fusion table before this extractor reads it itself; it returns the table another thread read from
    /// the same knowledge base, or nil when this thread is to read it.
    var knownFusionTableAhead: (() throws -> KnownFusionTable?)?
    /// Whether features need the known-fusion table and it has not been read yet.
    var mayReadKnownFusionTable: Bool { profile.knownFusions && needsKnown && knownFusions == nil }

    /// The known-fusion table: the one already read when it covers what is asked (`whole`, or the genes of
    /// `genes`), else read now, whole or for `genes`.
    private func knownFusionTable(whole: Bool = false, genes: GeneSubset? = nil) throws -> KnownFusionTable {
        if let knownFusions, knownFusions.covered == nil || (!whole && genes.map { $0.genes.isSubset(of: knownFusions.covered!) } ?? false) {
            return knownFusions
        }
        let table = try genes.flatMap { whole ? nil : try KnownFusionTable(kb.db, genes: $0) } ?? knownFusionTableAhead?() ?? KnownFusionTable(kb.db)
        knownFusions = table
        return table
    }

    /// The known-fusion table read on a connection of its own to the knowledge base file at `path`, or nil when
    /// that file is no longer the build `buildID` (replaced since the knowledge base was opened).
    static func readKnownFusionTable(path: String, buildID: String) throws -> KnownFusionTable? {
        let db = try SQLiteConnection(path: path, readOnly: true)
        guard try db.rows("SELECT value FROM meta WHERE key = 'build_id'").first?[0] == buildID else { return nil }
        return try KnownFusionTable(db)
    }

    /// Runs a cached prepared statement.
    private func query(_ sql: String, _ arguments: [SQLiteValue]) throws -> [[String?]] {
        let statement: Statement
        if let cached = statements[sql] {
            statement = cached
        } else {
            statement = try kb.db.prepare(sql)
            statements[sql] = statement
        }
        try statement.bind(arguments)
        var rows: [[String?]] = []
        while try statement.step() { rows.append((0..<statement.columnCount).map { statement.optionalText($0) }) }
        return rows
    }

    /// Per-gene knowledge read from the tables (roles, kinase categories, known-fusion partners, paralog clusters):
    /// for a batch's genes (``prepare(genes:)``), or whole once ``geneQueryLimit`` genes have been asked one by one.
    private struct GeneTables {
        /// The genes whose rows were read (nil: the whole tables).
        var covered: Set<String>?
        /// Role calls (GeneRoleCall) of every gene with role rows; nil when the roles were not read.
        var roleCalls: [String: GeneRoleCall]?
        var kinaseCategory = Set<String>()
        var knownFusions: KnownFusionTable?
        var paralogClusters: [String: Set<String>] = [:]
    }
    private var geneTables: GeneTables?
    var geneQueryLimit = 64
    /// A batch of at most this many distinct genes reads the per-gene tables for its genes only
    /// (``prepare(genes:)``); a larger one reads them whole. (A setting so tests can compare the two paths.)
    var geneSubsetLimit = 2_000

    /// Whether ``prepare(genes:)`` would read the per-gene tables for `count` genes only.
    func readsSubset(genes count: Int) -> Bool {
        count <= geneSubsetLimit && (needsRoles || needsKnown || needsReadthrough) && geneTables == nil
    }

    /// Reads the per-gene tables (roles, kinase categories, known fusions, paralogs) for a batch's genes in one
    /// indexed query each, when there are few enough of them (``geneSubsetLimit``); a gene outside the set asked
    /// later makes the extractor read the tables whole. Without it, the first ``geneQueryLimit`` genes are asked
    /// one by one and then the tables read whole, which costs the same for a patient of 400 fusions as of 4,000.
    func prepare(genes: Set<String>) throws {
        guard !genes.isEmpty, readsSubset(genes: genes.count) else { return }
        geneTables = try readGeneTables(genes: try GeneSubset(genes))
    }

    /// The per-gene tables holding `symbol`'s rows: those read already, or (when those were read for other genes)
    /// the whole tables, read now; nil when none have been read.
    private func geneTables(covering symbol: String) throws -> GeneTables? {
        guard let t = geneTables else { return nil }
        if t.covered?.contains(symbol) ?? true { return t }
        geneTables = try readGeneTables()
        return geneTables
    }

    /// How many times the per-gene tables were read whole (for tests).
    private(set) var wholeTableReads = 0

    /// The per-gene tables, whole or (`genes`) for those genes only.
    private func readGeneTables(genes: GeneSubset? = nil) throws -> GeneTables {
        if genes == nil { wholeTableReads += 1 }
        var t = GeneTables(covered: genes?.genes)
        let only = genes == nil ? "" : " AND gene_symbol IN \(GeneSubset.sql)"
        let bound = genes.map { [SQLiteValue.text($0.json)] } ?? []
        if profile.roles && needsRoles {
            // The per-gene decisions of facts(_:) (GeneRoleCall over the gene's role rows; the kinase-category
            // rule), over one scan of each table (a DISTINCT query walks the gene index and costs several times as
            // much). Each source's kind once; each row tallied into its gene (the detail is read for OncoKB rows only).
            var kinds: [Int: GeneRoleCall.Tally.Source] = [:]
            let sources = try kb.db.prepare("SELECT id, name FROM source")
            while try sources.step() { kinds[sources.int(0)] = GeneRoleCall.Tally.Source(sources.optionalText(1) ?? "") }
            var tallies: [String: GeneRoleCall.Tally] = [:]
            tallies.reserveCapacity(try genes.map { $0.genes.count } ?? kb.db.scalarInt("SELECT COUNT(*) FROM gene_role") ?? 0)
            let roles = try kb.db.prepare("SELECT gene_symbol, role, citations, source_id, detail FROM gene_role WHERE 1" + only)
            try roles.bind(bound)
            while try roles.step() {
                guard !roles.isNull(0), !roles.isNull(1) else { continue }
                let kind = kinds[roles.int(3)] ?? .other
                // The role compared as bytes: only the gene symbol becomes a String.
                tallies[roles.text(0), default: GeneRoleCall.Tally()].add(
                    oncogene: roles.textEquals(1, "oncogene"), suppressor: roles.textEquals(1, "tumour_suppressor"),
                    citations: roles.optionalInt(2), source: kind, detail: kind == .oncoKB ? roles.optionalText(4) : nil)
            }
            t.roleCalls = tallies.mapValues { GeneRoleCall($0) }
            // The kinase rule (KnowledgeBase.isKinaseCategory) tested by SQLite: only the genes of kinase categories
            // come back.
            let categories = try kb.db.prepare("SELECT gene_symbol FROM gene_category WHERE \(KnowledgeBase.kinaseCategorySQL)" + only)
            try categories.bind(bound)
            while try categories.step() {
                if !categories.isNull(0) { t.kinaseCategory.insert(categories.text(0)) }
            }
        }
        if profile.knownFusions && needsKnown { t.knownFusions = try knownFusionTable(whole: genes == nil, genes: genes) }
        if profile.readthrough && needsReadthrough {
            let paralogs = try kb.db.prepare("SELECT gene_symbol, cluster FROM paralog WHERE 1" + only)
            try paralogs.bind(bound)
            while try paralogs.step() {
                guard !paralogs.isNull(0), !paralogs.isNull(1) else { continue }
                t.paralogClusters[paralogs.text(0), default: []].insert(paralogs.text(1))
            }
        }
        return t
    }

    /// A gene's role rows with their source names, for GeneRoleCall (asked per gene, before the tables are read whole).
    private static let roleRowsSQL = "SELECT r.gene_symbol, r.role, r.citations, r.detail, s.name FROM gene_role r JOIN source s ON s.id = r.source_id"

    private func facts(_ symbol: String) throws -> GeneFacts {
        // Once the tables are read, looking a gene up in them costs what a cache lookup would (unless its
        // literature needs a query).
        if !needsLiterature, let t = try geneTables(covering: symbol) { return Self.facts(of: symbol, GeneFacts(), in: t) }
        if let cached = geneCache[symbol] { return cached }
        var facts = GeneFacts()
        if needsLiterature, let gene = try kb.gene(named: symbol) {
            facts.pubmed = gene.pubmedCount
            facts.geneID = gene.geneID
        }
        if geneTables == nil && geneCache.count >= geneQueryLimit { geneTables = try readGeneTables() }
        if let t = try geneTables(covering: symbol) {
            facts = Self.facts(of: symbol, facts, in: t)
            geneCache[symbol] = facts
            return facts
        }
        if profile.roles && needsRoles {
            let call = GeneRoleCall(
                try query(Self.roleRowsSQL + " WHERE r.gene_symbol = ?1", [.text(symbol)]).compactMap { row in
                    row[1].map { GeneRoleFact(role: $0, cancer: nil, citations: row[2].flatMap { Int($0) }, detail: row[3],
                                              provenance: SourceRow(source: row[4] ?? "", table: "gene_role", row: nil)) }
                })
            facts.oncogene = call.oncogene
            facts.suppressor = call.tumourSuppressor
            facts.kinaseCategory = !(try query(
                "SELECT 1 FROM gene_category WHERE gene_symbol = ?1 AND \(KnowledgeBase.kinaseCategorySQL) LIMIT 1", [.text(symbol)]).isEmpty)
        }
        if profile.knownFusions && needsKnown {
            let rows = try query(
                "SELECT COUNT(DISTINCT CASE WHEN gene5 = ?1 THEN gene3 ELSE gene5 END) FROM known_fusion WHERE gene5 = ?1 OR gene3 = ?1", [.text(symbol)])
            facts.knownPartners = Int(rows.first?[0] ?? "0") ?? 0
        }
        if profile.readthrough && needsReadthrough {
            facts.paralogClusters = Set(try query("SELECT cluster FROM paralog WHERE gene_symbol = ?1", [.text(symbol)]).compactMap { $0[0] })
        }
        geneCache[symbol] = facts
        return facts
    }

    /// A gene's roles, known partners and paralog clusters from the whole tables.
    private static func facts(of symbol: String, _ known: GeneFacts, in t: GeneTables) -> GeneFacts {
        var facts = known
        if let calls = t.roleCalls {
            facts.oncogene = calls[symbol]?.oncogene ?? false
            facts.suppressor = calls[symbol]?.tumourSuppressor ?? false
        }
        if !t.kinaseCategory.isEmpty { facts.kinaseCategory = t.kinaseCategory.contains(symbol) }
        if let known = t.knownFusions { facts.knownPartners = known.partners(symbol) }
        if !t.paralogClusters.isEmpty { facts.paralogClusters = t.paralogClusters[symbol] ?? [] }
        return facts
    }

    // MARK: - Extraction

    /// Features of an annotated fusion. The knowledge features come from the evidence's gene-pair facts
    /// (``FusionEvidence/pairFacts``) when it has them for these genes, else from the knowledge base (with the
    /// evidence's co-citation count where it carries one).
    public func extract(_ fusion: FusionCandidate, evidence: FusionEvidence? = nil, svType: StructuralVariantType? = nil) throws -> FeatureVector {
        var v = try knowledgeFeatures(fusion, evidence: evidence)
        structural.fill(&v, fusion, svType: svType)
        return v
    }

    /// The features the knowledge base answers for a fusion's gene pair (literature, roles, known fusions,
    /// normal tissue, read-through and paralogs), in an otherwise empty vector: the part of ``extract(_:evidence:svType:)``
    /// that queries SQLite and fills this extractor's caches, so it runs on one thread. ``structural`` adds the rest.
    func knowledgeFeatures(_ fusion: FusionCandidate, evidence: FusionEvidence?) throws -> FeatureVector {
        try knowledgeFeatures(gene5: fusion.fivePrime.gene, gene3: fusion.threePrime.gene, evidence: evidence)
    }

    func knowledgeFeatures(gene5: String, gene3: String, evidence: FusionEvidence?) throws -> FeatureVector {
        var v = FeatureVector()
        try genePairFeatures(&v, gene5: gene5, gene3: gene3, evidence: evidence)
        return v
    }

    /// Features of a row that could not be annotated: every structure-dependent group is marked
    /// unknown; gene-level and pair-level knowledge is still looked up by name.
    public func fallback(gene5: String, gene3: String, breakend5: GenomicPosition?, breakend3: GenomicPosition?, svType: StructuralVariantType?) throws -> FeatureVector {
        var v = FeatureVector()
        v.set(FeatureSchema.Slot.structureUnknown, 1, [])
        v.set(FeatureSchema.Slot.domainsUnknown, 1, [])
        try genePairFeatures(&v, gene5: gene5, gene3: gene3, evidence: nil)
        if let breakend5, let breakend3 { StructuralFeatures.structureFeatures(&v, breakend5, breakend3, type: svType ?? .breakend) }
        return v
    }

    private func genePairFeatures(_ v: inout FeatureVector, gene5: String, gene3: String, evidence: FusionEvidence?) throws {
        guard needsLiterature || needsRoles || needsKnown || needsNormal || needsReadthrough else { return }
        encode(&v, try usableFacts(evidence, gene5: gene5, gene3: gene3) ?? pairFacts(gene5: gene5, gene3: gene3, evidence: evidence))
    }

    /// The evidence's ``GenePairFacts`` when they are about these genes and hold every group the features need
    /// (the collector looks them up under the genes' current symbols; a fusion named by an older symbol, or de novo
    /// evidence scored by a model that reads known fusions, is answered from the knowledge base instead).
    func usableFacts(_ evidence: FusionEvidence?, gene5: String, gene3: String) -> GenePairFacts? {
        guard let facts = evidence?.pairFacts, facts.gene5 == gene5, facts.gene3 == gene3 else { return nil }
        if needsLiterature && facts.literature == nil { return nil }
        if needsRoles && profile.roles && facts.roles == nil { return nil }
        if needsKnown && profile.knownFusions && facts.knownFusions == nil { return nil }
        if needsNormal && profile.normalTissue && facts.normalPair == nil { return nil }
        if needsReadthrough && profile.readthrough && facts.readthrough == nil { return nil }
        return facts
    }

    /// The gene-pair facts from the knowledge base, for the groups the features need (co-citation from the
    /// evidence item when there is one).
    private func pairFacts(gene5: String, gene3: String, evidence: FusionEvidence?) throws -> GenePairFacts {
        let f5 = try facts(gene5), f3 = try facts(gene3)
        var p = GenePairFacts(gene5: gene5, gene3: gene3)
        if needsLiterature {
            var shared: Double?
            if f5.pubmed != nil && f3.pubmed != nil {
                if case .number(let n)? = evidence?["cocitation"]?.value { shared = n }
                if shared == nil, let a = f5.geneID, let b = f3.geneID {
                    shared = Double(
                        Int(try query("SELECT COUNT(*) FROM gene_pubmed a JOIN gene_pubmed b ON b.pmid = a.pmid AND b.gene_id = ?2 WHERE a.gene_id = ?1", [.int(a), .int(b)]).first?[0] ?? "0") ?? 0)
                }
            }
            p.literature = GenePairFacts.Literature(pubmed5: f5.pubmed, pubmed3: f3.pubmed, cocitation: shared ?? 0)
        }
        if needsRoles && profile.roles {
            p.roles = GenePairFacts.Roles(
                oncogene5: f5.oncogene, oncogene3: f3.oncogene, suppressor5: f5.suppressor, suppressor3: f3.suppressor, kinaseCategory3: f3.kinaseCategory)
        }
        if needsKnown && profile.knownFusions {
            p.knownFusions = GenePairFacts.KnownFusions(pairSources: try knownSources(gene5, gene3), partners5: f5.knownPartners, partners3: f3.knownPartners)
        }
        if needsNormal && profile.normalTissue { p.normalPair = try listed("normal_fusion", &normalPairs, gene5, gene3) }
        if needsReadthrough && profile.readthrough {
            p.readthrough = GenePairFacts.Readthrough(
                pair: try listed("readthrough", &readthroughPairs, gene5, gene3), paralogs: !f5.paralogClusters.isDisjoint(with: f3.paralogClusters))
        }
        return p
    }

    /// The knowledge features from the gene-pair facts: the groups the model reads, each marked unknown when its
    /// source is absent from the knowledge base (or masked by the profile).
    private func encode(_ v: inout FeatureVector, _ p: GenePairFacts) {
        typealias Slot = FeatureSchema.Slot
        // literature
        if !needsLiterature {
        } else if let lit = p.literature, let n5 = lit.pubmed5, let n3 = lit.pubmed3 {
            v.set(Slot.pubmed5p, log10(1 + Double(n5)), geneSources)
            v.set(Slot.pubmed3p, log10(1 + Double(n3)), geneSources)
            v.set(Slot.cocitation, log10(1 + lit.cocitation), geneSources)
        } else {
            v.set(Slot.literatureUnknown, 1, geneSources)
        }
        // roles
        if !needsRoles {
        } else if profile.roles, let r = p.roles {
            v.set(Slot.oncogene5p, r.oncogene5 ? 1 : 0, roleSources)
            v.set(Slot.oncogene3p, r.oncogene3 ? 1 : 0, roleSources)
            v.set(Slot.tumourSuppressor5p, r.suppressor5 ? 1 : 0, roleSources)
            v.set(Slot.tumourSuppressor3p, r.suppressor3 ? 1 : 0, roleSources)
            v.set(Slot.kinaseGene3p, r.kinaseCategory3 ? 1 : 0, roleSources)
        } else {
            v.set(Slot.rolesUnknown, 1, [])
        }
        // known fusions
        if !needsKnown {
        } else if profile.knownFusions, let k = p.knownFusions {
            v.set(Slot.knownPairSources, Double(k.pairSources), fusionSources)
            v.set(Slot.knownPartners5p, log2(1 + Double(k.partners5)), fusionSources)
            v.set(Slot.knownPartners3p, log2(1 + Double(k.partners3)), fusionSources)
        } else {
            v.set(Slot.knownFusionsUnknown, 1, [])
        }
        // normal tissue, read-through, paralogs
        if !needsNormal {
        } else if profile.normalTissue, let normal = p.normalPair {
            v.set(Slot.normalPair, normal ? 1 : 0, normalSources)
        } else {
            v.set(Slot.normalUnknown, 1, [])
        }
        if !needsReadthrough {
        } else if profile.readthrough, let r = p.readthrough {
            v.set(Slot.readthroughPair, r.pair ? 1 : 0, readthroughSources)
            v.set(Slot.paralogPair, r.paralogs ? 1 : 0, paralogSources)
        } else {
            v.set(Slot.readthroughUnknown, 1, [])
        }
    }
}

/// The features computed from the fusion's own structure (frame and region, kept CDS and exons, UTRs, domains and
/// their classes, SV type and distance, the adjacent-gene shape): no knowledge-base query and no mutable state, so
/// fusions can be filled on several threads at once (``ModelDriverScorer/score(_:)``).
struct StructuralFeatures: Sendable {
    /// Whether the extractor reads protein domains, and the source lists the features cite.
    let domains: Bool
    let transcriptSources: [String], domainSources: [String]
    static let inputSources = ["input breakpoints"]

    /// The same features with the source lists in buffers of their own: every feature set retains its source
    /// list, and threads retaining one shared buffer slow each other down, so each scoring thread takes a copy.
    func privateCopy() -> StructuralFeatures {
        StructuralFeatures(domains: domains, transcriptSources: transcriptSources.map { $0 }, domainSources: domainSources.map { $0 })
    }

    /// Adds the structural features of `fusion` to `v` (whose knowledge features are already set).
    func fill(_ v: inout FeatureVector, _ fusion: FusionCandidate, svType: StructuralVariantType?) {
        typealias Slot = FeatureSchema.Slot
        let transcripts = transcriptSources
        let p5 = fusion.fivePrime, p3 = fusion.threePrime
        let t5 = p5.transcript, t3 = p3.transcript

        // frame/region, recomputed at exon granularity so an exact exon-boundary position changes nothing.
        let last5 = p5.keptExons?.upperBound ?? 1, first3 = p3.keptExons?.lowerBound ?? 1
        let c5 = t5.codingBases(throughExon: last5)
        let c3Before = t3.codingBases(throughExon: first3 - 1)
        let c3Kept = t3.cdsLength - c3Before
        let frame: Int
        switch FusionCandidate.exonLevelFrame(t5, codingBases5: c5, t3, codingBasesBefore3: c3Before) {
        case .inFrame: frame = Slot.frameInFrame
        case .outOfFrame: frame = Slot.frameOutOfFrame
        case .utr5ToCDS: frame = Slot.frame5utrToCds
        case .nonCoding, .unknown: frame = Slot.frameNonCoding
        }
        v.set(frame, 1, transcripts)
        /// The breakpoint's side of the CDS: 0 before, 1 within, 2 after; nil for a non-coding transcript.
        func side(_ t: TranscriptModel, _ upstreamCoding: Int) -> Int? {
            guard t.isCoding else { return nil }
            if upstreamCoding == 0 { return 0 }
            if upstreamCoding >= t.cdsLength { return 2 }
            return 1
        }
        if let s5 = side(t5, c5) { v.set([Slot.break5BeforeCds, Slot.break5InCds, Slot.break5AfterCds][s5], 1, transcripts) }
        if let s3 = side(t3, c3Before) { v.set([Slot.break3BeforeCds, Slot.break3InCds, Slot.break3AfterCds][s3], 1, transcripts) }
        if t5.cdsLength > 0 { v.set(Slot.cdsFractionKept5p, min(1, Double(c5) / Double(t5.cdsLength)), transcripts) }
        if t3.cdsLength > 0 { v.set(Slot.cdsFractionKept3p, min(1, Double(max(0, c3Kept)) / Double(t3.cdsLength)), transcripts) }
        v.set(Slot.exonFractionKept5p, Double(last5) / Double(max(1, t5.exonCount)), transcripts)
        v.set(Slot.exonFractionKept3p, Double(t3.exonCount - first3 + 1) / Double(max(1, t3.exonCount)), transcripts)

        // UTRs, exon-granular like the frame.
        let utr5 = Annotator.utrBases(t5, exons: 1...max(1, min(last5, t5.exonCount)))
        let utr3 = Annotator.utrBases(t3, exons: max(1, min(first3, t3.exonCount))...t3.exonCount)
        v.set(Slot.utr5Kept5p, log10(1 + Double(utr5.utr5)), transcripts)
        v.set(Slot.utr3Kept5p, log10(1 + Double(utr5.utr3)), transcripts)
        v.set(Slot.utr5Kept3p, log10(1 + Double(utr3.utr5)), transcripts)
        v.set(Slot.utr3Kept3p, log10(1 + Double(utr3.utr3)), transcripts)

        // domains
        if domains && !(p5.domains.isEmpty && p3.domains.isEmpty) {
            // Re-derive kept residues at exon granularity (the annotator leaves them empty when the frame is unknown).
            let kept5: ClosedRange<Int>? = c5 > 0 ? 1...max(1, min(c5 / 3, t5.proteinLength)) : nil
            let keeps3Protein = frame == Slot.frameInFrame || frame == Slot.frame5utrToCds
            let kept3: ClosedRange<Int>? = keeps3Protein && c3Kept > 0 ? (c3Before / 3 + 1)...max(c3Before / 3 + 1, t3.proteinLength) : nil
            // Each side's distinct retained and lost-or-truncated domain names and the retained domains' classes,
            // with the annotator's fate rule (the class is the domain's own, set when it was made; no intermediate arrays).
            let s5 = Self.domainSide(p5.domains, kept: kept5, fivePrime: true), s3 = Self.domainSide(p3.domains, kept: kept3, fivePrime: false)
            v.set(Slot.domainsRetained5p, log2(1 + Double(s5.retained)), domainSources)
            v.set(Slot.domainsLost5p, log2(1 + Double(s5.lost)), domainSources)
            v.set(Slot.domainsRetained3p, log2(1 + Double(s3.retained)), domainSources)
            v.set(Slot.domainsLost3p, log2(1 + Double(s3.lost)), domainSources)
            let kinase5 = s5.kinase, kinase3 = s3.kinase, dnaBinding = s5.dnaBinding || s3.dnaBinding
            let oligomerisation5 = s5.oligomerisation
            v.set(Slot.kinaseRetained3p, kinase3 ? 1 : 0, domainSources)
            v.set(Slot.kinaseRetained5p, kinase5 ? 1 : 0, domainSources)
            v.set(Slot.dnaBindingRetained, dnaBinding ? 1 : 0, domainSources)
            v.set(Slot.oligomerisationRetained5p, oligomerisation5 ? 1 : 0, domainSources)
        } else {
            v.set(Slot.domainsUnknown, 1, domains ? domainSources : [])
        }


        // SV type and distance (from the breakends), and the read-through-like shape.
        let b5 = fusion.breakend5.position, b3 = fusion.breakend3.position
        Self.structureFeatures(&v, b5, b3, type: svType ?? StructuralVariantType.inferred(fusion.breakend5, fusion.breakend3))
        v.set(Slot.adjacentSameStrand, fusion.adjacentSameStrand ? 1 : 0, transcripts)
    }

    /// One partner's domains under the kept residues: distinct names fully kept and lost or truncated (the fate rule
    /// of ``Annotator/fate(_:kept:)``), and whether a kept domain is a kinase or DNA-binding domain or lets the
    /// partner oligomerise (``DomainVocabulary/oligomerises(_:keptResidues:fivePrime:)``).
    static func domainSide(_ domains: [RetainedDomain], kept: ClosedRange<Int>?, fivePrime: Bool)
        -> (retained: Int, lost: Int, kinase: Bool, dnaBinding: Bool, oligomerisation: Bool)
    {
        var retained: [String] = [], lost: [String] = []
        var kinase = false, dnaBinding = false, oligomerisation = false
        // Through the buffer: the domains are copied less often than by `let domain = domains[i].domain` (a profile of the
        // synthetic patient: this function took a third fewer samples; some copies remain, in the calls).
        domains.withUnsafeBufferPointer { domains in
            for i in domains.indices {
                if Annotator.fate(domains[i].domain, kept: kept) == .retained {
                    if !retained.contains(domains[i].domain.name) { retained.append(domains[i].domain.name) }
                    switch DomainVocabulary.classify(domains[i].domain) {
                    case .kinase: kinase = true
                    case .dnaBinding: dnaBinding = true
                    case .oligomerisation, .kinesinMotor:
                        oligomerisation = oligomerisation || DomainVocabulary.oligomerises(domains[i].domain, keptResidues: kept, fivePrime: fivePrime)
                    case .other: break
                    }
                } else if !lost.contains(domains[i].domain.name) {
                    lost.append(domains[i].domain.name)
                }
            }
        }
        return (retained.count, lost.count, kinase, dnaBinding, oligomerisation)
    }

    static func structureFeatures(_ v: inout FeatureVector, _ b5: GenomicPosition, _ b3: GenomicPosition, type: StructuralVariantType) {
        typealias Slot = FeatureSchema.Slot
        let input = Self.inputSources
        if b5.chromosome == b3.chromosome {
            v.set(Slot.sameChromosome, 1, input)
            v.set(Slot.distance, log10(1 + Double(abs(b5.position - b3.position))), input)
        }
        switch type {
        case .deletion: v.set(Slot.svDeletion, 1, input)
        case .duplication: v.set(Slot.svDuplication, 1, input)
        case .inversion: v.set(Slot.svInversion, 1, input)
        case .translocation: v.set(Slot.svTranslocation, 1, input)
        default: break
        }
    }
}
