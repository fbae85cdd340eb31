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
        // The output must be a file (new or replaced) that the build does not read: never a folder, a stream, a
        // source file or a core file.
        let coreFiles = [core.orgHsEgSQLite, core.refGeneTable, core.orgHsEgArchive, core.iannotatesvArchive, core.bioframeArchive]
            + ["hg19", "hg38"].flatMap { ["\(core.bioframeData)/\($0).seqinfo.tsv", "\(core.bioframeData)/\($0).cytoband.tsv"] }
        let reads = found.map { (role: "\($0.0.name) source file", path: $0.1) } + coreFiles.map { (role: "core source file", path: $0) }
        let target = try OutputPlan.check([(option: "--out", path: path)], reads: reads)[0]
        guard target.kind == .file else {
            throw ReportError("cannot write \(path) (--out): the knowledge base is an SQLite file and cannot go to a stream or device; give a file path")
        }
        // Written beside the target and renamed over it only when complete: a failed or interrupted build leaves an
        // existing knowledge base as it was, and removes its temporary file (on SIGINT, SIGTERM and SIGHUP too).
        let directory = URL(fileURLWithPath: target.path).deletingLastPathComponent().path
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ReportError("cannot create the folder \(directory) for \(path) (--out); check that its parent is a writable folder")
        }
        let temporary = directory + "/.\(URL(fileURLWithPath: target.path).lastPathComponent).\(getpid()).tmp"
        try? fm.removeItem(atPath: temporary)
        InterruptCleanup.install(removing: temporary)
        defer {
            try? fm.removeItem(atPath: temporary)
            InterruptCleanup.uninstall()
        }

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
                    name: source.name, category: source.category, version: source.version, date: source.date, origin: source.origin, file: file,
                    licence: source.licence, optional: true)
                let rows = try source.run(ImportContext(db: db, file: file, sourceID: id, symbols: symbols, log: log))
                try writer.setRows(id, rows)
                log("  \(rows) rows in \(String(format: "%.1f", Date().timeIntervalSince(sourceStarted))) s")
                if let note = try db.rows("SELECT note FROM source WHERE id = \(id)").first?[0] ?? nil { log("  note: \(note)") }
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

        // On disk before the rename, so that a crash just after it cannot leave a knowledge base with missing pages.
        let descriptor = open(temporary, O_RDONLY)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
        if rename(temporary, target.path) != 0 {
            throw ReportError("cannot write \(path) (--out): \(FileIdentity.reason(errno)); the knowledge base there (if any) is unchanged")
        }
        let names = try SQLiteConnection(path: path, readOnly: true).rows("SELECT name FROM source ORDER BY id").compactMap { $0[0] }
        return Summary(path: path, buildID: buildID, sources: names, unknownFiles: unknown.sorted(), seconds: Date().timeIntervalSince(started))
    }

    /// The optional-source files in `directories` (searched recursively; symbolic links followed, each folder once)
    /// in import order, and the files no importer recognises (hidden files and READMEs are skipped). A file reached
    /// twice (a folder given twice, a link) is imported once; two different files for one source are refused, as are
    /// a source file that cannot be read and a folder that cannot be listed.
    static func discover(_ directories: [String]) throws -> (found: [(OptionalSource, String)], unknown: [String]) {
        let fm = FileManager.default
        var unknown: [String] = []
        var found: [(OptionalSource, String)] = []
        var seenFiles: [String: String] = [:]
        var seenFolders: Set<String> = []

        func walk(_ folder: String, given: String) throws {
            var info = stat()
            guard stat(folder, &info) == 0 else { return }
            let identity = FileIdentity(info)
            // A link back to a folder already walked (a symbolic-link loop) is not walked again.
            guard seenFolders.insert("\(identity.device):\(identity.inode)").inserted else { return }
            let names: [String]
            do {
                names = try fm.contentsOfDirectory(atPath: folder).sorted()
            } catch {
                let reason = access(folder, R_OK | X_OK) != 0 ? FileIdentity.reason(errno) : "\(error)"
                throw KnowledgeBaseBuildError("--source-dir \(given): cannot list the folder \(folder) (\(reason)); fix its permissions or move it out of the source folder")
            }
            for name in names {
                if name.hasPrefix(".") { continue }
                let full = folder + "/" + name
                let source = OptionalSources.all.first { $0.matches(name) }
                var entry = stat()
                guard stat(full, &entry) == 0 else {
                    // A broken or looping symbolic link.
                    let reason = FileIdentity.reason(errno)
                    if let source {
                        throw InputError(file: full, line: nil, "cannot open this \(source.name) file (\(reason)); a broken or looping symbolic link? Point it at the file or remove it")
                    }
                    unknown.append(full)
                    continue
                }
                switch entry.st_mode & S_IFMT {
                case S_IFDIR:
                    try walk(full, given: given)
                case S_IFREG:
                    if name.uppercased().hasPrefix("README") { continue }
                    guard let source else {
                        unknown.append(full)
                        continue
                    }
                    let key = "\(entry.st_dev):\(entry.st_ino)"
                    if seenFiles[key] != nil { continue }
                    seenFiles[key] = full
                    if access(full, R_OK) != 0 {
                        throw InputError(file: full, line: nil, "cannot read this \(source.name) file (\(FileIdentity.reason(errno))); fix its permissions or take it out of --source-dir")
                    }
                    if let other = found.first(where: { $0.0.name == source.name }) {
                        throw KnowledgeBaseBuildError(
                            "two files for \(source.name): \(other.1) and \(full); a source is imported from one file (two copies or versions would count each fact twice) — keep the one you want in the source folders and move the other out")
                    }
                    found.append((source, full))
                default:
                    if let source {
                        throw InputError(file: full, line: nil, "not a regular file (a named pipe, socket or device) but named like the \(source.name) source; give the source as a file")
                    }
                    unknown.append(full)
                }
            }
        }

        for dir in directories {
            var isFolder: ObjCBool = false
            guard fm.fileExists(atPath: dir, isDirectory: &isFolder), isFolder.boolValue, fm.isReadableFile(atPath: dir) else {
                throw KnowledgeBaseBuildError("--source-dir \(dir): not a readable folder")
            }
            try walk(URL(fileURLWithPath: dir).path, given: dir)
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

/// Removes a build's temporary file when SIGINT, SIGTERM or SIGHUP ends the process (Ctrl-C, `kill`, a closed
/// terminal), then ends it as the signal would have; the previous handlers are restored after the build.
enum InterruptCleanup {
    nonisolated(unsafe) private static var path: UnsafeMutablePointer<CChar>?
    nonisolated(unsafe) private static var previous: [(Int32, __sighandler_t?)] = []

    static func install(removing file: String) {
        path = strdup(file)
        previous = [SIGINT, SIGTERM, SIGHUP].map { signal_ in
            let old = signal(signal_) { received in
                if let file = InterruptCleanup.path { unlink(file) }
                signal(received, SIG_DFL)
                raise(received)
            }
            // A signal the process was started ignoring (nohup, a background job) stays ignored.
            if let old, unsafeBitCast(old, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) { signal(signal_, SIG_IGN) }
            return (signal_, old)
        }
    }

    static func uninstall() {
        for (signal_, handler) in previous { signal(signal_, handler) }
        previous = []
        free(path)
        path = nil
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
            if line.contains(0) { throw SourceLimits.binary(path, line: number) }
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
