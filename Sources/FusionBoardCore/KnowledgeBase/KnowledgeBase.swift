import Foundation

/// Why the knowledge base cannot be used. Commands exit with status 2 for these.
public struct KnowledgeBaseError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }

    static let howToBuild = "build one with 'make kb' (or 'fusionboard kb build --out kb/fusionboard.sqlite') and pass it with --kb FILE or $FUSIONBOARD_KB"
}

/// A source recorded in the knowledge base, as `kb info` and every report list it.
public struct KnowledgeSource: Sendable, Codable, Equatable {
    public var name: String
    public var category: String
    public var version: String?
    public var date: String?
    public var origin: String
    public var file: String
    public var sha256: String
    public var licence: String
    public var rows: Int
    public var optional: Bool
    /// What the import noticed (gene names not resolved, lines skipped), when anything.
    public var note: String? = nil
}

/// Summary of a knowledge base: where it is, what built it, what it holds.
public struct KnowledgeBaseInfo: Sendable, Codable {
    public var path: String
    public var buildID: String
    public var builtAt: String
    public var schemaVersion: Int
    /// `core` (registry packages only) or `full` (with optional sources).
    public var profile: String
    public var sources: [KnowledgeSource]
    /// Row counts of the main tables.
    public var counts: [String: Int]
    /// Optional source categories absent from this build (their facts are shown as unavailable).
    public var missingCategories: [String]
}

/// Read-only access to a built knowledge base. One instance per task: it owns an SQLite handle.
public final class KnowledgeBase {
    let db: SQLiteConnection
    public let path: String
    public let info: KnowledgeBaseInfo
    private let transcriptQuery: Statement
    /// The spans of coding transcripts in a window, without their exons (``codingSpans(chromosome:from:to:)``).
    private let codingSpanQuery: Statement
    private var transcriptCache: [Int: TranscriptModel] = [:]
    /// Answers of the per-gene read functions and prepared per-pair statements, so a gene or pair met again
    /// in a patient costs a dictionary lookup (the knowledge base is read-only while open).
    var lookupCache = LookupCache()

    /// Per-gene answers and prepared statements of the read functions (see `lookupCache`).
    struct LookupCache {
        var genes: [String: GeneRecord?] = [:]
        var sourceNames: [Int: String] = [:]
        var roles: [String: [GeneRoleFact]] = [:]
        var categories: [String: [String]] = [:]
        var partners: [String: [String]] = [:]
        /// Pair tables whose partner lists were read whole into `partners`.
        var pairTablesRead: Set<String> = []
        var paralogClusters: [String: [String]] = [:]
        var drugs: [String: [DrugFact]] = [:]
        var statements: [String: Statement] = [:]
    }

    /// A prepared statement kept for the life of this instance (per-pair lookups run once per fusion).
    func preparedStatement(_ sql: String) throws(SQLiteError) -> Statement {
        if let cached = lookupCache.statements[sql] { return cached }
        let statement = try db.prepare(sql)
        lookupCache.statements[sql] = statement
        return statement
    }

    /// All rows of a kept prepared statement.
    func cachedRows(_ sql: String, _ arguments: [SQLiteValue]) throws(SQLiteError) -> [[String?]] {
        let statement = try preparedStatement(sql)
        try statement.bind(arguments)
        var result: [[String?]] = []
        while try statement.step() {
            result.append((0..<statement.columnCount).map { statement.optionalText($0) })
        }
        return result
    }

    /// Every optional category a full build can hold.
    /// Every optional category a full build can hold (the `category` of each `OptionalSources.all` entry).
    public static let optionalCategories = [
        "hgnc", "domains", "pfam", "gene-roles", "known-fusions", "normal-tissue", "readthrough", "paralogs", "drugs", "liftover",
    ]

    /// Finds the knowledge base: `--kb`, then `$FUSIONBOARD_KB`, then `./kb/fusionboard.sqlite`,
    /// then the user data directory (`$XDG_DATA_HOME/fusionboard/fusionboard.sqlite`).
    public static func locate(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> (path: String, how: String) {
        if let explicit { return (explicit, "--kb") }
        if let env = environment["FUSIONBOARD_KB"], !env.isEmpty { return (env, "$FUSIONBOARD_KB") }
        let local = FileManager.default.currentDirectoryPath + "/kb/fusionboard.sqlite"
        if FileManager.default.fileExists(atPath: local) { return (local, "./kb/fusionboard.sqlite") }
        return (userDataPath(environment: environment), "user data directory")
    }

    /// `$XDG_DATA_HOME/fusionboard/fusionboard.sqlite`, defaulting to `~/.local/share/…`.
    public static func userDataPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.local/share")
        return base + "/fusionboard/fusionboard.sqlite"
    }

    /// Opens and checks a knowledge base.
    public init(path: String) throws(KnowledgeBaseError) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw KnowledgeBaseError("no knowledge base at \(path); \(KnowledgeBaseError.howToBuild)")
        }
        if isFolder.boolValue {
            throw KnowledgeBaseError(
                "the knowledge base \(path) is a folder, not a file; pass the .sqlite file with --kb FILE (e.g. \(path.hasSuffix("/") ? path : path + "/")fusionboard.sqlite)")
        }
        do {
            db = try SQLiteConnection(path: path, readOnly: true)
            guard let version = try db.rows("SELECT value FROM meta WHERE key = 'schema_version'").first?[0].flatMap(Int.init) else {
                throw KnowledgeBaseError("\(path) has no schema version; it is not a FusionBoard knowledge base. \(KnowledgeBaseError.howToBuild)")
            }
            guard version == KnowledgeBaseSchema.version else {
                throw KnowledgeBaseError("\(path) has schema version \(version), this fusionboard reads version \(KnowledgeBaseSchema.version); rebuild it with 'make kb'")
            }
            var meta: [String: String] = [:]
            for row in try db.rows("SELECT key, value FROM meta") { meta[row[0] ?? ""] = row[1] ?? "" }
            let statement = try db.prepare("SELECT name, category, version, date, origin, file, sha256, licence, rows, optional, note FROM source ORDER BY id")
            var sources: [KnowledgeSource] = []
            while try statement.step() {
                sources.append(
                    KnowledgeSource(
                        name: statement.text(0), category: statement.text(1), version: statement.optionalText(2), date: statement.optionalText(3),
                        origin: statement.text(4), file: statement.text(5), sha256: statement.text(6), licence: statement.text(7),
                        rows: statement.int(8), optional: statement.int(9) != 0, note: statement.optionalText(10)))
            }
            var counts: [String: Int] = [:]
            for table in ["gene", "gene_alias", "gene_pubmed", "transcript", "domain", "gene_role", "known_fusion", "normal_fusion", "readthrough", "paralog", "drug_interaction", "liftover_block", "node", "edge",
                "domain_genomic", "domain_feature", "pfam_family", "canonical_transcript", "gene_category", "protein_length"] {
                counts[table] = try db.scalarInt("SELECT count(*) FROM \(table)") ?? 0
            }
            // A build whose core import failed half-way has the tables but no rows: every patient would get
            // no fusions, which must not pass for a finding.
            for (table, what) in [("gene", "genes"), ("transcript", "transcripts")] where counts[table] == 0 {
                throw KnowledgeBaseError("the knowledge base \(path) has no \(what); rebuild it with 'make kb' (or 'fusionboard kb build')")
            }
                        let present = Set(sources.filter(\.optional).map(\.category))
            info = KnowledgeBaseInfo(
                path: path, buildID: meta["build_id"] ?? "?", builtAt: meta["built_at"] ?? "?", schemaVersion: version,
                profile: meta["profile"] ?? "?", sources: sources, counts: counts,
                missingCategories: Self.optionalCategories.filter { !present.contains($0) })
            transcriptQuery = try db.prepare(
                """
                SELECT t.id, t.accession, t.gene_symbol, t.gene_id, t.chrom, t.strand, t.tx_start, t.tx_end, t.cds_start, t.cds_end,
                       t.exon_starts, t.exon_ends, t.exon_frames
                FROM transcript_span s JOIN transcript t ON t.id = s.id
                WHERE s.chrom_lo <= ?1 AND s.chrom_hi >= ?1 AND s.start <= ?3 AND s.end >= ?2
                """)
            codingSpanQuery = try db.prepare(
                """
                SELECT t.gene_symbol, t.strand, t.tx_start, t.tx_end
                FROM transcript_span s JOIN transcript t ON t.id = s.id
                WHERE s.chrom_lo <= ?1 AND s.chrom_hi >= ?1 AND s.start <= ?3 AND s.end >= ?2 AND t.cds_start IS NOT NULL
                ORDER BY t.id
                """)
        } catch let error as KnowledgeBaseError {
            throw error
        } catch let error as SQLiteError {
            throw KnowledgeBaseError("cannot read the knowledge base \(path) (\(error.message)); it is missing tables or corrupt. \(KnowledgeBaseError.howToBuild)")
        } catch {
            throw KnowledgeBaseError("cannot read the knowledge base \(path): \(error)")
        }
        self.path = path
    }

    /// How far the interval index widens every transcript on both sides (set by the builder).
    static let indexedFlank = 2000

    /// Transcripts whose span, widened by 2 kb upstream and downstream (promoter), overlaps `start…end`.
    func transcripts(chromosome: String, from start: Int, to end: Int) throws -> [TranscriptModel] {
        guard let rank = Chromosome.rank(chromosome) else { return [] }
        try transcriptQuery.bind([.int(rank), .int(start), .int(end)])
        var result: [TranscriptModel] = []
        while try transcriptQuery.step() {
            let id = transcriptQuery.int(0)
            if let cached = transcriptCache[id] {
                result.append(cached)
                continue
            }
            let model = TranscriptModel(
                id: id, accession: transcriptQuery.text(1), geneSymbol: transcriptQuery.text(2), geneID: transcriptQuery.optionalInt(3),
                chromosome: transcriptQuery.text(4), strand: transcriptQuery.text(5) == "-" ? .minus : .plus,
                start: transcriptQuery.int(6), end: transcriptQuery.int(7), cdsStart: transcriptQuery.optionalInt(8),
                cdsEnd: transcriptQuery.optionalInt(9),
                exonStarts: transcriptQuery.integerList(10), exonEnds: transcriptQuery.integerList(11), exonFrames: transcriptQuery.integerList(12))
            transcriptCache[id] = model
            result.append(model)
        }
        return result.sorted { $0.id < $1.id }
    }

    /// The gene, strand and span of every coding transcript that ``transcripts(chromosome:from:to:)`` returns for the
    /// window, in the same order, without reading or copying their exons: what the nearest-gene search of an
    /// intergenic breakend needs, for the hundreds of transcripts of a megabase window.
    func codingSpans(chromosome: String, from start: Int, to end: Int) throws -> [(gene: String, strand: Strand, start: Int, end: Int)] {
        guard let rank = Chromosome.rank(chromosome) else { return [] }
        try codingSpanQuery.bind([.int(rank), .int(start), .int(end)])
        var result: [(gene: String, strand: Strand, start: Int, end: Int)] = []
        while try codingSpanQuery.step() {
            result.append((codingSpanQuery.text(0), codingSpanQuery.textEquals(1, "-") ? .minus : .plus, codingSpanQuery.int(2), codingSpanQuery.int(3)))
        }
        return result
    }

    /// Resolves a symbol, previous symbol or alias to the gene record (current symbols win).
    public func gene(named name: String) throws -> GeneRecord? {
        if let cached = lookupCache.genes[name] { return cached }
        let rows = try cachedRows(
            """
            SELECT g.gene_id, g.symbol, g.name, g.gene_type, g.chrom, g.start, g.end, g.strand, g.cytoband, g.pubmed_count, g.hgnc_id
            FROM gene_alias a JOIN gene g ON g.gene_id = a.gene_id
            WHERE a.alias = ?1
            ORDER BY CASE a.kind WHEN 'symbol' THEN 0 WHEN 'previous' THEN 1 ELSE 2 END,
                     CASE g.gene_type WHEN 'protein-coding' THEN 0 ELSE 1 END, g.pubmed_count DESC
            LIMIT 1
            """, [.text(name)])
        guard let row = rows.first else {
            lookupCache.genes[name] = .some(nil)
            return nil
        }
        let record = GeneRecord(
            geneID: Int(row[0] ?? "") ?? 0, symbol: row[1] ?? name, name: row[2], type: row[3], chromosome: row[4],
            start: row[5].flatMap { Int($0) }, end: row[6].flatMap { Int($0) }, strand: row[7], cytoband: row[8],
            pubmedCount: Int(row[9] ?? "") ?? 0, hgncID: row[10])
        lookupCache.genes[name] = record
        return record
    }

    /// Number of PubMed records annotated to a gene in NCBI gene2pubmed.
    public func pubmedCount(symbol: String) throws -> Int? {
        try gene(named: symbol)?.pubmedCount
    }

    /// The liftover chain stored in the knowledge base, or nil when it was built without one.
    public func liftover() throws -> Liftover? {
        let statement = try db.prepare(
            "SELECT source_chrom, source_start, length, target_chrom, target_start, target_size, reverse, chain_score FROM liftover_block WHERE from_build = 'GRCh37' AND to_build = 'GRCh38'")
        var blocks: [(String, Liftover.Block)] = []
        while try statement.step() {
            blocks.append(
                (statement.text(0),
                    Liftover.Block(
                        sourceStart: statement.int(1), length: statement.int(2), targetStart: statement.int(4),
                        targetChromosome: statement.text(3), reverse: statement.int(6) != 0, targetSize: statement.int(5),
                        score: statement.int(7))))
        }
        return blocks.isEmpty ? nil : Liftover(blocks: blocks, origin: "knowledge base \(info.buildID)")
    }
}

/// A gene as NCBI Gene describes it.
public struct GeneRecord: Sendable, Codable, Equatable {
    public var geneID: Int
    public var symbol: String
    public var name: String?
    public var type: String?
    public var chromosome: String?
    public var start: Int?
    public var end: Int?
    public var strand: String?
    public var cytoband: String?
    public var pubmedCount: Int
    public var hgncID: String?
}
