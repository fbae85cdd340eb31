import Foundation

/// Builds the knowledge-base SQLite file: the core from registry packages, then every optional
/// source found in the given folders. The file is written beside the target and renamed into
/// place only when complete.
public struct KnowledgeBaseBuilder {
    public var core: CoreSources
    /// Folders searched (recursively) for optional sources, by file name.
    public var sourceDirectories: [String]
    /// `SOURCE_DATE_EPOCH`, when set, fixes the build date for reproducible files.
    public var sourceDateEpoch: Int?

    public init(core: CoreSources, sourceDirectories: [String] = [], sourceDateEpoch: Int? = nil) {
        self.core = core
        self.sourceDirectories = sourceDirectories
        self.sourceDateEpoch = sourceDateEpoch
    }

    /// What a build did, for the command to print.
    public struct Summary: Sendable {
        public var path: String
        public var buildID: String
        public var sources: [String]
        /// Files in the source folders that no importer recognised.
        public var unknownFiles: [String]
        public var seconds: Double
    }

    public func build(to path: String, log: @escaping (String) -> Void) throws -> Summary {
        let started = Date()
        let fm = FileManager.default
        // Find the optional sources first, so that a wrong --source-dir fails before the core import.
        let (found, unknown) = try Self.discover(sourceDirectories)
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let temporary = path + ".tmp-\(getpid())"
        try? fm.removeItem(atPath: temporary)
        defer { try? fm.removeItem(atPath: temporary) }

        let db = try SQLiteConnection(path: temporary, readOnly: false)
        try db.execute("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=4096")
        for statement in KnowledgeBaseSchema.statements { try db.execute(statement) }
        let writer = SourceWriter(db: db)

        try db.transaction {
            try importAssemblies(db, writer, log: log)
            try importGenes(db, writer, log: log)
            try importTranscripts(db, writer, log: log)
        }

        var symbols = try SymbolResolver(db: db)
        for (source, file) in found {
            log("importing \(source.name) from \(file) …")
            let sourceStarted = Date()
            try db.transaction {
                let id = try writer.register(
                    name: source.name + (found.filter { $0.0.name == source.name }.count > 1 ? " (\(URL(fileURLWithPath: file).lastPathComponent))" : ""),
                    category: source.category, version: source.version, date: source.date, origin: source.origin, file: file,
                    licence: source.licence, optional: true)
                let rows = try source.importer(ImportContext(db: db, file: file, sourceID: id, symbols: symbols, log: log))
                try writer.setRows(id, rows)
                log("  \(rows) rows in \(String(format: "%.1f", Date().timeIntervalSince(sourceStarted))) s")
            }
            // New names (HGNC previous symbols and aliases) change how later sources resolve.
            if source.category == "hgnc" { symbols = try SymbolResolver(db: db) }
        }
        let postStarted = Date()
        try db.transaction { try PostImport.run(db, log: log) }
        log("  derived tables and graph in \(String(format: "%.1f", Date().timeIntervalSince(postStarted))) s")

        // Meta: schema version, build id (from the source checksums), date, profile.
        let checksums = try db.rows("SELECT name, sha256 FROM source ORDER BY name").map { "\($0[0] ?? "")=\($0[1] ?? "")" }
        let buildID = String(FileDigest.sha256(bytes: Array((["schema=\(KnowledgeBaseSchema.version)"] + checksums).joined(separator: "\n").utf8)).prefix(16))
        let date = sourceDateEpoch.map { Date(timeIntervalSince1970: TimeInterval($0)) } ?? Date()
        let optionalCategories = try db.rows("SELECT DISTINCT category FROM source WHERE optional = 1 ORDER BY category").compactMap { $0[0] }
        let meta: [(String, String)] = [
            ("schema_version", String(KnowledgeBaseSchema.version)),
            ("build_id", buildID),
            ("built_at", ISO8601DateFormatter().string(from: date)),
            ("profile", optionalCategories.isEmpty ? "core" : "full"),
            ("optional_categories", optionalCategories.joined(separator: ",")),
            ("genome_build", "GRCh38"),
        ]
        let insertMeta = try db.prepare("INSERT INTO meta(key, value) VALUES (?, ?)")
        for (key, value) in meta { try insertMeta.run([.text(key), .text(value)]) }
        try db.execute("ANALYZE")
        try db.execute("VACUUM")

        try? fm.removeItem(atPath: path)
        try fm.moveItem(atPath: temporary, toPath: path)
        let names = try SQLiteConnection(path: path, readOnly: true).rows("SELECT name FROM source ORDER BY id").compactMap { $0[0] }
        return Summary(path: path, buildID: buildID, sources: names, unknownFiles: unknown.sorted(), seconds: Date().timeIntervalSince(started))
    }

    /// The optional-source files in `directories` (searched recursively) in import order, and the files
    /// no importer recognises (hidden files and READMEs are skipped).
    static func discover(_ directories: [String]) throws -> (found: [(OptionalSource, String)], unknown: [String]) {
        let fm = FileManager.default
        var unknown: [String] = []
        var found: [(OptionalSource, String)] = []
        for dir in directories {
            var isFolder: ObjCBool = false
            guard fm.fileExists(atPath: dir, isDirectory: &isFolder), isFolder.boolValue, fm.isReadableFile(atPath: dir),
                let enumerator = fm.enumerator(atPath: dir)
            else {
                throw KnowledgeBaseBuildError("--source-dir \(dir): not a readable folder")
            }
            for case let relative as String in enumerator {
                let full = URL(fileURLWithPath: dir).appendingPathComponent(relative).path
                var isDir: ObjCBool = false
                guard fm.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue else { continue }
                let name = URL(fileURLWithPath: relative).lastPathComponent
                if name.hasPrefix(".") || name.uppercased().hasPrefix("README") { continue }
                if let source = OptionalSources.all.first(where: { $0.matches(name) }) {
                    found.append((source, full))
                } else {
                    unknown.append(full)
                }
            }
        }
        // Import in registry order (HGNC first: later importers normalise symbols through it).
        found.sort { a, b in
            let ia = OptionalSources.all.firstIndex { $0.name == a.0.name } ?? 0
            let ib = OptionalSources.all.firstIndex { $0.name == b.0.name } ?? 0
            return ia != ib ? ia < ib : a.1 < b.1
        }
        return (found, unknown.sorted())
    }

    // MARK: - Core importers

    private func importAssemblies(_ db: SQLiteConnection, _ writer: SourceWriter, log: (String) -> Void) throws {
        log("importing chromosomes and cytobands (bioframe \(CoreSources.bioframeVersion)) …")
        let id = try writer.register(
            name: "bioframe assembly data", category: "assembly", version: CoreSources.bioframeVersion, date: nil,
            origin: "PyPI bioframe==\(CoreSources.bioframeVersion) wheel: bioframe/io/data/{hg19,hg38}.{seqinfo,cytoband}.tsv (UCSC)",
            file: core.bioframeArchive, licence: "MIT", optional: false)
        var rows = 0
        let insertChrom = try db.prepare("INSERT OR IGNORE INTO chromosome(build, name, ucsc, length, aliases, source_id) VALUES (?,?,?,?,?,?)")
        let insertBand = try db.prepare("INSERT INTO cytoband(build, chrom, start, end, band, stain, source_id) VALUES (?,?,?,?,?,?,?)")
        for (build, prefix) in [(GenomeBuild.grch37, "hg19"), (.grch38, "hg38")] {
            try TableFile.forEachRow(core.bioframeData + "/\(prefix).seqinfo.tsv", header: true) { fields, _ in
                guard fields.count >= 2, let canonical = Chromosome.canonical(fields[0]), let length = Int(fields[1]) else { return }
                try insertChrom.run([.text(build.rawValue), .text(canonical), .text(fields[0]), .int(length), .text(fields.count > 5 ? fields[5] : ""), .int(id)])
                rows += 1
            }
            try TableFile.forEachRow(core.bioframeData + "/\(prefix).cytoband.tsv", header: true) { fields, _ in
                guard fields.count >= 5, let canonical = Chromosome.canonical(fields[0]), let start = Int(fields[1]), let end = Int(fields[2]) else { return }
                try insertBand.run([.text(build.rawValue), .text(canonical), .int(start), .int(end), .text(fields[3]), .text(fields[4]), .int(id)])
                rows += 1
            }
        }
        try writer.setRows(id, rows)
    }

    private func importGenes(_ db: SQLiteConnection, _ writer: SourceWriter, log: (String) -> Void) throws {
        log("importing NCBI genes, aliases, locations and PubMed links (org.Hs.eg.db) …")
        try db.execute("ATTACH DATABASE '\(core.orgHsEgSQLite.replacingOccurrences(of: "'", with: "''"))' AS org")
        defer { try? db.execute("DETACH DATABASE org") }
        let version = URL(fileURLWithPath: core.orgHsEgArchive).lastPathComponent
            .split(separator: "_").dropFirst().first.map(String.init) ?? "unknown"
        let date = try db.rows("SELECT source_date FROM org.map_metadata WHERE map_name = 'SYMBOL'").first?[0] ?? nil
        let id = try writer.register(
            name: "org.Hs.eg.db", category: "genes", version: version, date: date,
            origin: "Debian \(CoreSources.orgHsEgPackage) \(version): extdata/org.Hs.eg.sqlite (NCBI Gene, gene2pubmed, UCSC cytobands)",
            file: core.orgHsEgArchive, licence: "Artistic-2.0 (package); NCBI Gene data public domain", optional: false)
        let primary = Chromosome.primary.map { "'\($0)'" }.joined(separator: ",")
        try db.execute(
            """
            INSERT INTO gene(gene_id, symbol, name, gene_type, chrom, start, end, strand, cytoband, pubmed_count, ensembl, source_id)
            SELECT CAST(g.gene_id AS INTEGER), i.symbol, i.gene_name, t.gene_type,
                   l.seqname, l.s, l.e, l.strand,
                   (SELECT c.cytogenetic_location FROM org.cytogenetic_locations c WHERE c._id = g._id LIMIT 1),
                   (SELECT count(*) FROM org.pubmed p WHERE p._id = g._id),
                   (SELECT min(x.ensembl_id) FROM org.ensembl x WHERE x._id = g._id),
                   \(id)
            FROM org.genes g
            JOIN org.gene_info i ON i._id = g._id
            LEFT JOIN org.genetype t ON t._id = g._id
            LEFT JOIN (SELECT _id, seqname, min(abs(start_location)) AS s, max(abs(end_location)) AS e,
                              CASE WHEN min(start_location) < 0 THEN '-' ELSE '+' END AS strand
                       FROM org.chromosome_locations WHERE seqname IN (\(primary)) GROUP BY _id) l ON l._id = g._id
            """)
        try db.execute(
            """
            INSERT OR IGNORE INTO gene_alias(alias, gene_id, kind, source_id)
            SELECT i.symbol, CAST(g.gene_id AS INTEGER), 'symbol', \(id) FROM org.genes g JOIN org.gene_info i ON i._id = g._id
            """)
        try db.execute(
            """
            INSERT OR IGNORE INTO gene_alias(alias, gene_id, kind, source_id)
            SELECT a.alias_symbol, CAST(g.gene_id AS INTEGER), 'alias', \(id) FROM org.genes g JOIN org.alias a ON a._id = g._id
            """)
        let rows = try db.scalarInt("SELECT count(*) FROM gene") ?? 0
        try writer.setRows(id, rows)
        // gene2pubmed links are stored for protein-coding genes only (co-citation of fusion partners).
        try db.execute(
            """
            INSERT OR IGNORE INTO gene_pubmed(gene_id, pmid)
            SELECT CAST(g.gene_id AS INTEGER), CAST(p.pubmed_id AS INTEGER)
            FROM org.pubmed p JOIN org.genes g ON g._id = p._id JOIN org.genetype t ON t._id = p._id
            WHERE t.gene_type = 'protein-coding'
            """)
    }

    private func importTranscripts(_ db: SQLiteConnection, _ writer: SourceWriter, log: (String) -> Void) throws {
        log("importing refGene GRCh38 transcripts (iannotatesv \(CoreSources.iannotatesvVersion)) …")
        let id = try writer.register(
            name: "UCSC refGene GRCh38", category: "transcripts", version: "iannotatesv \(CoreSources.iannotatesvVersion)", date: nil,
            origin: "PyPI iannotatesv==\(CoreSources.iannotatesvVersion) wheel: iAnnotateSV/data/references/hg38.sv.table.txt (UCSC refGene genePredExt)",
            file: core.iannotatesvArchive, licence: "UCSC refGene: free for academic and commercial use; iannotatesv Apache-2.0", optional: false)
        var geneIDs: [String: Int] = [:]
        let lookup = try db.prepare("SELECT symbol, gene_id FROM gene")
        while try lookup.step() { geneIDs[lookup.text(0)] = lookup.int(1) }
        let insert = try db.prepare(
            "INSERT INTO transcript(id, accession, gene_symbol, gene_id, chrom, strand, tx_start, tx_end, cds_start, cds_end, exon_starts, exon_ends, exon_frames, source_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
        let span = try db.prepare("INSERT INTO transcript_span(id, chrom_lo, chrom_hi, start, end) VALUES (?,?,?,?,?)")
        var rows = 0
        try TableFile.forEachRow(core.refGeneTable, header: true) { f, line in
            guard f.count >= 12 else {
                throw InputError(file: core.refGeneTable, line: line, "expected 12 genePredExt columns, found \(f.count)")
            }
            guard let chrom = Chromosome.canonical(f[1]), let rank = Chromosome.rank(chrom) else { return }
            guard let txStart = Int(f[3]), let txEnd = Int(f[4]), let cdsStart = Int(f[5]), let cdsEnd = Int(f[6]) else {
                throw InputError(file: core.refGeneTable, line: line, "non-numeric coordinates")
            }
            let starts = f[8].split(separator: ",").compactMap { Int($0) }.map { String($0 + 1) }.joined(separator: ",")
            let ends = f[9].split(separator: ",").joined(separator: ",")
            let frames = f[11].split(separator: ",").joined(separator: ",")
            rows += 1
            let coding = cdsEnd > cdsStart
            try insert.run([
                .int(rows), .text(f[0]), .text(f[10]), geneIDs[f[10]].map { .int($0) } ?? .null, .text(chrom), .text(f[2]),
                .int(txStart + 1), .int(txEnd), coding ? .int(cdsStart + 1) : .null, coding ? .int(cdsEnd) : .null,
                .text(starts), .text(ends), .text(frames), .int(id),
            ])
            try span.run([.int(rows), .int(rank), .int(rank), .int(max(0, txStart + 1 - KnowledgeBase.indexedFlank)), .int(txEnd + KnowledgeBase.indexedFlank)])
        }
        try writer.setRows(id, rows)
    }
}

/// Registers sources and their row counts.
struct SourceWriter {
    let db: SQLiteConnection

    func register(
        name: String, category: String, version: String?, date: String?, origin: String, file: String, licence: String, optional: Bool
    ) throws -> Int {
        let checksum = try FileDigest.sha256(path: file)
        let statement = try db.prepare(
            "INSERT INTO source(name, category, version, date, origin, file, sha256, licence, optional) VALUES (?,?,?,?,?,?,?,?,?)")
        try statement.run([
            .text(name), .text(category), version.map { .text($0) } ?? .null, date.map { .text($0) } ?? .null, .text(origin),
            .text(URL(fileURLWithPath: file).lastPathComponent), .text(checksum), .text(licence), .int(optional ? 1 : 0),
        ])
        return try db.scalarInt("SELECT last_insert_rowid()") ?? 0
    }

    func setRows(_ id: Int, _ rows: Int) throws {
        try db.prepare("UPDATE source SET rows = ? WHERE id = ?").run([.int(rows), .int(id)])
    }
}

/// Streams a tab-separated text file (plain or gzip) as String fields; for KB import, not hot paths.
enum TableFile {
    static func forEachRow(
        _ path: String, header: Bool, separator: UInt8 = Bytes.tab, _ body: ([String], Int) throws -> Void
    ) throws {
        var skipped = !header
        try LineReader(path: path).forEachLine { line, number in
            if !skipped {
                skipped = true
                return
            }
            if line.isEmpty { return }
            var fields: [String] = []
            var start = 0
            for i in 0..<line.count where line[i] == separator {
                fields.append(Bytes.string(line[start..<i]))
                start = i + 1
            }
            fields.append(Bytes.string(line[start..<line.count]))
            try body(fields, number)
        }
    }
}
