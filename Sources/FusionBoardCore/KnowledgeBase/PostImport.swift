import Foundation

/// Work done once every source is in: genome-coordinate domains projected onto transcripts,
/// protein domains mapped onto the genome (with the protein-length check), Pfam names filled in,
/// and the uniform graph layer (`node`, `edge`) built from the typed tables.
enum PostImport {
    static func run(_ db: SQLiteConnection, log: (String) -> Void) throws {
        var last = Date()
        func timed(_ text: String) {
            log("\(text) (\(String(format: "%.1f", Date().timeIntervalSince(last))) s)")
            last = Date()
        }
        try normaliseTranscriptSymbols(db)
        timed("normalised transcript gene symbols")
        let transcripts = try loadTranscripts(db)
        let projected = try projectGenomicDomains(db, transcripts: transcripts)
        timed("projected genome-coordinate domains onto transcripts")
        try db.execute(
            """
            UPDATE domain SET pfam = (SELECT p.accession FROM pfam_family p WHERE p.name = domain.label)
            WHERE pfam IS NULL AND EXISTS (SELECT 1 FROM pfam_family p WHERE p.name = domain.label)
            """)
        try db.execute(
            """
            UPDATE domain SET description = (SELECT p.description FROM pfam_family p WHERE p.accession = domain.pfam)
            WHERE description IS NULL AND pfam IS NOT NULL
            """)
        timed("filled Pfam accessions and descriptions")
        let mapping = try mapDomainsToGenome(db, transcripts: transcripts)
        let meta = try db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)")
        try meta.run([.text("domains_projected_from_genome"), .text(String(projected))])
        try meta.run([.text("domain_genomic_rows"), .text(String(mapping.rows))])
        try meta.run([.text("domain_length_mismatches"), .text(String(mapping.mismatches))])
        try meta.run([.text("domain_transcripts_missing"), .text(String(mapping.missingTranscripts))])
        timed("mapped protein domains onto the genome")
        try buildGraph(db)
        timed("built the graph layer")
    }

    /// refGene names some genes by older symbols (`RFWD2`, `LPHN2`): give those transcripts the
    /// current symbol and NCBI Gene id, so that annotation, domains and facts share one vocabulary.
    static func normaliseTranscriptSymbols(_ db: SQLiteConnection) throws {
        let symbols = try SymbolResolver(db: db)
        var ids: [String: Int] = [:]
        let genes = try db.prepare("SELECT symbol, gene_id FROM gene ORDER BY CASE gene_type WHEN 'protein-coding' THEN 0 ELSE 1 END DESC, pubmed_count")
        while try genes.step() { ids[genes.text(0)] = genes.int(1) }
        let update = try db.prepare("UPDATE transcript SET gene_symbol = ?, gene_id = ? WHERE gene_symbol = ? AND gene_id IS NULL")
        for row in try db.rows("SELECT DISTINCT gene_symbol FROM transcript WHERE gene_id IS NULL") {
            guard let written = row[0], let current = symbols.resolve(written), let id = ids[current] else { continue }
            try update.run([.text(current), .int(id), .text(written)])
        }
    }

    /// Every transcript, by id.
    static func loadTranscripts(_ db: SQLiteConnection) throws -> [Int: TranscriptModel] {
        let statement = try db.prepare(
            "SELECT id, accession, gene_symbol, gene_id, chrom, strand, tx_start, tx_end, cds_start, cds_end, exon_starts, exon_ends, exon_frames FROM transcript")
        var result: [Int: TranscriptModel] = [:]
        while try statement.step() {
            let model = TranscriptModel(
                id: statement.int(0), accession: statement.text(1), geneSymbol: statement.text(2), geneID: statement.optionalInt(3),
                chromosome: statement.text(4), strand: statement.text(5) == "-" ? .minus : .plus, start: statement.int(6), end: statement.int(7),
                cdsStart: statement.optionalInt(8), cdsEnd: statement.optionalInt(9),
                exonStarts: statement.text(10).split(separator: ",").compactMap { Int($0) },
                exonEnds: statement.text(11).split(separator: ",").compactMap { Int($0) },
                exonFrames: statement.text(12).split(separator: ",").compactMap { Int($0) })
            result[model.id] = model
        }
        return result
    }

    /// Turns each `domain_feature` into `domain` rows (protein coordinates) on every coding RefSeq
    /// transcript of the same strand whose CDS holds ≥ 90 % of the domain's bases.
    static func projectGenomicDomains(_ db: SQLiteConnection, transcripts: [Int: TranscriptModel]) throws -> Int {
        guard (try db.scalarInt("SELECT count(*) FROM domain_feature") ?? 0) > 0 else { return 0 }
        var byGene: [String: [TranscriptModel]] = [:]
        for t in transcripts.values where t.isCoding { byGene[t.geneSymbol, default: []].append(t) }
        let overlapping = try db.prepare("SELECT id FROM transcript_span WHERE chrom_lo <= ?1 AND chrom_hi >= ?1 AND start <= ?3 AND end >= ?2")
        let insert = try db.prepare(
            "INSERT INTO domain(accession, gene_symbol, protein_length, aa_start, aa_end, label, pfam, description, source_id, source_row) VALUES (?,?,?,?,?,?,?,?,?,?)")
        let features = try db.prepare("SELECT id, gene_symbol, chrom, strand, blocks, label, pfam, description, source_id FROM domain_feature ORDER BY id")
        var rows = 0
        while try features.step() {
            let blocks: [ClosedRange<Int>] = features.text(4).split(separator: ",").compactMap { piece in
                let p = piece.split(separator: "-").compactMap { Int($0) }
                return p.count == 2 && p[1] >= p[0] ? p[0]...p[1] : nil
            }
            guard let low = blocks.map(\.lowerBound).min(), let high = blocks.map(\.upperBound).max() else { continue }
            let total = blocks.reduce(0) { $0 + $1.count }
            let chrom = features.text(2), strand = features.text(3)
            var candidates: [TranscriptModel]
            if let gene = features.optionalText(1) {
                candidates = byGene[gene] ?? []
            } else {
                candidates = []
                guard let rank = Chromosome.rank(chrom) else { continue }
                try overlapping.bind([.int(rank), .int(low), .int(high)])
                while try overlapping.step() {
                    if let t = transcripts[overlapping.int(0)], t.isCoding { candidates.append(t) }
                }
            }
            var seen: Set<String> = []
            for t in candidates where t.chromosome == chrom && (strand == "." || t.strand.rawValue == strand) {
                guard let cover = t.codingCoverage(of: blocks), Double(cover.bases) >= 0.9 * Double(total) else { continue }
                let aaStart = cover.first / 3 + 1, aaEnd = min(cover.last / 3 + 1, max(1, t.proteinLength))
                guard seen.insert("\(t.accession):\(aaStart)-\(aaEnd)").inserted else { continue }
                try insert.run([
                    .text(t.accession), .text(t.geneSymbol), .int(t.proteinLength), .int(aaStart), .int(max(aaStart, aaEnd)),
                    .text(features.text(5)), features.optionalText(6).map { .text($0) } ?? .null,
                    features.optionalText(7).map { .text($0) } ?? .null, .int(features.int(8)), .int(features.int(0)),
                ])
                rows += 1
            }
        }
        return rows
    }

    /// Maps every protein-coordinate domain onto the genome through each transcript with its accession
    /// (`domain_genomic`), checking the source's protein length against CDS length / 3 − 1.
    static func mapDomainsToGenome(_ db: SQLiteConnection, transcripts: [Int: TranscriptModel]) throws -> (rows: Int, mismatches: Int, missingTranscripts: Int) {
        var byAccession: [String: [TranscriptModel]] = [:]
        for t in transcripts.values where t.isCoding { byAccession[t.accession, default: []].append(t) }
        var lengths: [String: Int] = [:]
        let lengthRows = try db.prepare("SELECT accession, length FROM protein_length")
        while try lengthRows.step() { lengths[lengthRows.text(0)] = lengthRows.int(1) }
        let insert = try db.prepare("INSERT INTO domain_genomic(domain_id, transcript_id, chrom, start, end, length_check) VALUES (?,?,?,?,?,?)")
        let domains = try db.prepare("SELECT id, accession, protein_length, aa_start, aa_end FROM domain")
        var rows = 0, mismatches = 0
        var missing: Set<String> = []
        while try domains.step() {
            let accession = domains.text(1)
            guard let models = byAccession[accession] else {
                missing.insert(accession)
                continue
            }
            let stated = domains.optionalInt(2) ?? lengths[accession]
            for t in models {
                let cdsProtein = t.cdsLength / 3 - 1
                var problems: [String] = []
                if let stated, stated != cdsProtein { problems.append("source protein \(stated) aa, CDS \(t.cdsLength) nt / 3 − 1 = \(cdsProtein) aa") }
                let first = (domains.int(3) - 1) * 3, last = domains.int(4) * 3 - 1
                guard let a = t.genomicPosition(ofCodingOffset: first) else { continue }  // starts past this transcript's CDS
                let b = t.genomicPosition(ofCodingOffset: min(last, t.cdsLength - 1)) ?? a
                if last > t.cdsLength - 1 { problems.append("domain ends past the CDS") }
                if !problems.isEmpty { mismatches += 1 }
                let check = problems.isEmpty ? "ok" : problems.joined(separator: "; ")
                try insert.run([.int(domains.int(0)), .int(t.id), .text(t.chromosome), .int(min(a, b)), .int(max(a, b)), .text(check)])
                rows += 1
            }
        }
        return (rows, mismatches, missing.count)
    }

    // MARK: - Graph layer

    /// Builds `node` and `edge` from the typed tables. Every edge carries the source and the typed
    /// row it came from (`source_table`, `source_row` = that table's rowid or source line).
    /// gene2pubmed links are not copied into edges (they stay in `gene_pubmed`).
    static func buildGraph(_ db: SQLiteConnection) throws {
        // Nodes.
        try db.execute("INSERT OR IGNORE INTO node(kind, key, label) SELECT 'source', name, name || coalesce(' ' || version, '') FROM source")
        // Gene nodes for the genes some fact is about (gene2pubmed stays in its typed table).
        for (table, columns) in [("known_fusion", ["gene5", "gene3"]), ("normal_fusion", ["gene5", "gene3"]), ("readthrough", ["gene5", "gene3"]),
            ("gene_role", ["gene_symbol"]), ("drug_interaction", ["gene_symbol"]), ("paralog", ["gene_symbol"]), ("domain", ["gene_symbol"]),
            ("canonical_transcript", ["gene_symbol"]), ("gene_category", ["gene_symbol"])]
        {
            for column in columns {
                try db.execute(
                    """
                    INSERT OR IGNORE INTO node(kind, key, label)
                    SELECT DISTINCT 'gene', f.\(column), coalesce((SELECT g.name FROM gene g WHERE g.symbol = f.\(column) LIMIT 1), 'not in the NCBI gene table')
                    FROM \(table) f
                    """)
            }
        }
        // Transcript nodes for the transcripts that carry domains.
        try db.execute(
            "INSERT OR IGNORE INTO node(kind, key, label) SELECT 'transcript', accession, gene_symbol FROM transcript WHERE accession IN (SELECT accession FROM domain) ORDER BY id")
        try db.execute("INSERT OR IGNORE INTO node(kind, key, label) SELECT DISTINCT 'paralog_cluster', cluster, 'DGD cluster ' || cluster FROM paralog")
        try db.execute(
            "INSERT OR IGNORE INTO node(kind, key, label) SELECT 'domain', coalesce(pfam, label), label || coalesce(': ' || description, '') FROM domain ORDER BY id")
        for table in ["known_fusion", "normal_fusion", "readthrough"] {
            try db.execute("INSERT OR IGNORE INTO node(kind, key, label) SELECT 'fusion_pair', gene5 || '::' || gene3, NULL FROM \(table)")
        }
        try db.execute("INSERT OR IGNORE INTO node(kind, key, label) SELECT 'disease', cancer, cancer FROM gene_role WHERE cancer IS NOT NULL")
        try db.execute("INSERT OR IGNORE INTO node(kind, key, label) VALUES ('disease', 'cancer', 'cancer (no type given)')")
        try db.execute("INSERT OR IGNORE INTO node(kind, key, label) SELECT 'drug', drug, drug FROM drug_interaction")

        // Edges straight from typed rows.
        try db.execute(
            """
            INSERT INTO edge(src, relation, dst, source_id, source_table, source_row, weight, detail)
            SELECT g.id, 'has_transcript', t.id, tr.source_id, 'transcript', tr.id, NULL, NULL
            FROM transcript tr JOIN node g ON g.kind = 'gene' AND g.key = tr.gene_symbol JOIN node t ON t.kind = 'transcript' AND t.key = tr.accession
            """)
        try db.execute(
            """
            INSERT INTO edge(src, relation, dst, source_id, source_table, source_row, weight, detail)
            SELECT t.id, 'has_domain', n.id, d.source_id, 'domain', d.id, NULL, d.aa_start || '-' || d.aa_end
            FROM domain d JOIN node t ON t.kind = 'transcript' AND t.key = d.accession JOIN node n ON n.kind = 'domain' AND n.key = coalesce(d.pfam, d.label)
            """)
        try db.execute(
            """
            INSERT INTO edge(src, relation, dst, source_id, source_table, source_row, weight, detail)
            SELECT g.id, 'role_in', n.id, r.source_id, 'gene_role', r.rowid, r.citations, r.role
            FROM gene_role r JOIN node g ON g.kind = 'gene' AND g.key = r.gene_symbol JOIN node n ON n.kind = 'disease' AND n.key = coalesce(r.cancer, 'cancer')
            """)
        for (table, relation) in [("known_fusion", "reported_with"), ("normal_fusion", "seen_in_normal"), ("readthrough", "read_through")] {
            let weight = table == "readthrough" ? "NULL" : "f.count"
            try db.execute(
                """
                INSERT INTO edge(src, relation, dst, source_id, source_table, source_row, weight, detail)
                SELECT a.id, '\(relation)', b.id, f.source_id, '\(table)', f.rowid, \(weight), NULL
                FROM \(table) f JOIN node a ON a.kind = 'gene' AND a.key = f.gene5 JOIN node b ON b.kind = 'gene' AND b.key = f.gene3
                """)
            for (column, side) in [("gene5", "five_prime_partner"), ("gene3", "three_prime_partner")] {
                try db.execute(
                    """
                    INSERT INTO edge(src, relation, dst, source_id, source_table, source_row, weight, detail)
                    SELECT p.id, '\(side)', g.id, f.source_id, '\(table)', min(f.rowid), NULL, NULL
                    FROM \(table) f JOIN node p ON p.kind = 'fusion_pair' AND p.key = f.gene5 || '::' || f.gene3
                                    JOIN node g ON g.kind = 'gene' AND g.key = f.\(column)
                    WHERE NOT EXISTS (SELECT 1 FROM edge e WHERE e.src = p.id AND e.relation = '\(side)')
                    GROUP BY p.id, g.id
                    """)
            }
        }
        try db.execute(
            """
            INSERT INTO edge(src, relation, dst, source_id, source_table, source_row, weight, detail)
            SELECT d.id, 'targets', g.id, i.source_id, 'drug_interaction', i.rowid, NULL, i.interaction
            FROM drug_interaction i JOIN node d ON d.kind = 'drug' AND d.key = i.drug JOIN node g ON g.kind = 'gene' AND g.key = i.gene_symbol
            """)
        try db.execute(
            """
            INSERT INTO edge(src, relation, dst, source_id, source_table, source_row, weight, detail)
            SELECT a.id, 'in_paralog_cluster', c.id, p.source_id, 'paralog', p.rowid, NULL, NULL
            FROM paralog p JOIN node a ON a.kind = 'gene' AND a.key = p.gene_symbol JOIN node c ON c.kind = 'paralog_cluster' AND c.key = p.cluster
            """)

        // Publications and diseases held in list columns.
        let addNode = try db.prepare("INSERT OR IGNORE INTO node(kind, key, label) VALUES (?,?,?)")
        let nodeID = try db.prepare("SELECT id FROM node WHERE kind = ? AND key = ?")
        func node(_ kind: String, _ key: String, _ label: String?) throws -> Int {
            try addNode.run([.text(kind), .text(key), label.map { .text($0) } ?? .null])
            try nodeID.bind([.text(kind), .text(key)])
            _ = try nodeID.step()
            return nodeID.int(0)
        }
        let addEdge = try db.prepare(
            "INSERT INTO edge(src, relation, dst, source_id, source_table, source_row, weight, detail) VALUES (?,?,?,?,?,?,NULL,?)")
        let fusions = try db.rows("SELECT rowid, gene5, gene3, source_id, pmids, disease FROM known_fusion WHERE pmids IS NOT NULL OR disease IS NOT NULL")
        for row in fusions {
            guard let rowid = row[0].flatMap({ Int($0) }), let g5 = row[1], let g3 = row[2], let source = row[3].flatMap({ Int($0) }) else { continue }
            let pair = try node("fusion_pair", "\(g5)::\(g3)", nil)
            for pmid in SourceText.integers(row[4] ?? "") {
                try addEdge.run([.int(pair), .text("cites"), .int(try node("publication", String(pmid), "PMID \(pmid)")), .int(source), .text("known_fusion"), .int(rowid), .null])
            }
            for disease in (row[5] ?? "").split(whereSeparator: { $0 == ";" || $0 == "," }) {
                let name = disease.split(separator: "=").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                if name.isEmpty { continue }
                try addEdge.run([.int(pair), .text("found_in"), .int(try node("disease", name, name)), .int(source), .text("known_fusion"), .int(rowid), .null])
            }
        }
        let drugs = try db.rows("SELECT rowid, drug, gene_symbol, source_id, pmids FROM drug_interaction WHERE pmids IS NOT NULL")
        for row in drugs {
            guard let rowid = row[0].flatMap({ Int($0) }), let drug = row[1], let source = row[3].flatMap({ Int($0) }) else { continue }
            let d = try node("drug", drug, drug)
            for pmid in SourceText.integers(row[4] ?? "") {
                try addEdge.run([.int(d), .text("cites"), .int(try node("publication", String(pmid), "PMID \(pmid)")), .int(source), .text("drug_interaction"), .int(rowid), .text("on \(row[2] ?? "")")])
            }
        }
    }
}
