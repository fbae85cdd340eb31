import Foundation

/// Protein-domain optional sources. Protein-coordinate tables (maftools) go straight into `domain`;
/// genome-coordinate ones (Arriba GFF3, UCSC ucscGenePfam) go into `domain_feature` and are projected
/// onto each RefSeq transcript's CDS after import (`PostImport.projectGenomicDomains`).
enum DomainSources {
    /// Pfam accession → short name → description.
    static let pfamNames = OptionalSource(
        name: "Pfam families", category: "pfam", fileNames: ["pfamA.txt", "pfamA.txt.gz"], version: "genome-nexus-importer @7586dbe", date: nil,
        origin: "genome-nexus/genome-nexus-importer @7586dbe : data/common_input/pfamA.txt (Pfam)", licence: "MIT (importer); Pfam CC0"
    ) { context in
        let insert = try context.db.prepare("INSERT OR REPLACE INTO pfam_family(accession, name, description, source_id) VALUES (?,?,?,?)")
        var rows = 0
        try SourceTable.forEachRow(context.file, kind: "a Pfam family table (pfamA.txt)", required: ["pfamA_acc", "pfamA_id", "description"], uniqueLines: true) { row in
            let accession = row["pfamA_acc"]
            guard accession.hasPrefix("PF"), !row["pfamA_id"].isEmpty else {
                throw InputError(file: context.file, line: row.line, "expected 'PFnnnnn<TAB>name<TAB>description'")
            }
            try insert.run([.text(accession), .text(row["pfamA_id"]), .text(row["description"]), .int(context.sourceID)])
            rows += 1
        }
        return rows
    }

    /// `pfam00001` (CDD style) → `PF00001`; other identifiers unchanged.
    static func pfamAccession(_ text: String) -> String? {
        guard let t = SourceText.value(text) else { return nil }
        if t.lowercased().hasPrefix("pfam"), let n = Int(t.dropFirst(4)) {
            let digits = String(n)
            return "PF" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
        }
        return t
    }

    /// Prefixes of the domain databases NCBI's Conserved Domain Database draws on, as its accessions write
    /// them (`pfam00069`, `cd00112`, `smart00202`, `cl21453`, `COG0515`, `TIGR00229`, `PRK13728`, …).
    static let conservedDomainPrefixes = ["pfam", "smart", "cd", "cl", "COG", "KOG", "TIGR", "PRK", "PLN", "PTZ", "PHA", "CHL", "MTH", "sd"]

    /// Whether `text` is a Conserved Domain Database accession: one of ``conservedDomainPrefixes`` and digits only.
    static func isConservedDomainAccession(_ text: Substring) -> Bool {
        guard let prefix = conservedDomainPrefixes.first(where: { text.hasPrefix($0) }) else { return false }
        let digits = text.dropFirst(prefix.count)
        return (3...6).contains(digits.count) && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// The accession of a maftools domain row. The file's `pfam` column is the second `; `-separated piece of
    /// `domain.anno` (NCBI's note: description; [more text; …] accession), so for about one row in five, whose note
    /// has more pieces, it holds a piece of the description ("the receptor protein binds LDL …"), a status word
    /// ("Provisional") or `NA`. The accession is then the note's last piece when that is one; otherwise the row has
    /// none (recorded as absent, never as the text).
    static func maftoolsAccession(pfam: String, annotation: String) -> String? {
        let last = annotation.split(separator: ";").last.map(String.init) ?? ""
        return [pfam, last].lazy.map { $0.trimmingCharacters(in: .whitespaces) }.first { isConservedDomainAccession(Substring($0)) }.flatMap(pfamAccession)
    }

    /// maftools protein domains: HGNC, refseq.ID, protein.ID, aa.length, Start, End, domain.source, Label, domain.anno, pfam, Description.
    static let maftoolsDomains = OptionalSource(
        name: "maftools protein domains", category: "domains", fileNames: ["maftools_protein_domains.txt.gz", "protein_domains.txt.gz", "protein_domains.txt"],
        version: "maftools @86d1774", date: nil,
        origin: "PoisonAlien/maftools @86d1774 : inst/extdata/protein_domains.txt.gz (Pfam/SMART/CDD via NCBI RefSeq)", licence: "MIT"
    ) { context in
        let insert = try context.db.prepare(
            "INSERT INTO domain(accession, gene_symbol, protein_length, aa_start, aa_end, label, pfam, description, source_id, source_row) VALUES (?,?,?,?,?,?,?,?,?,?)")
        var rows = 0
        var unresolved: Set<String> = []
        try SourceTable.forEachRow(
            context.file, kind: "a maftools protein-domain table",
            required: ["HGNC", "refseq.ID", "aa.length", "Start", "End", "Label", "pfam", "Description"], uniqueLines: true
        ) { row in
            let position = "a protein position (amino acids)"
            let start = try row.int("Start", SourceLimits.protein, expected: position)!, end = try row.int("End", SourceLimits.protein, expected: position)!
            guard end >= start else {
                throw InputError(file: context.file, line: row.line, "End \(end) is before Start \(start); a domain spans Start…End on the protein — fix or remove the row")
            }
            let length = try row.int("aa.length", SourceLimits.protein, expected: "a protein length (amino acids)", optional: true)
            guard !row["refseq.ID"].isEmpty else {
                throw InputError(file: context.file, line: row.line, "refseq.ID is empty; each domain belongs to a RefSeq transcript (NM_…)")
            }
            let written = row["HGNC"]
            let symbol = context.symbols.resolve(written)
            if symbol == nil { unresolved.insert(written) }
            let accession = row["refseq.ID"].split(separator: ".").first.map(String.init) ?? row["refseq.ID"]
            try insert.run([
                .text(accession), .text(symbol ?? written), length.map { .int($0) } ?? .null, .int(start), .int(end),
                .text(row["Label"]), maftoolsAccession(pfam: row["pfam"], annotation: row["domain.anno"]).map { .text($0) } ?? .null,
                row.value("Description").map { .text($0) } ?? .null, .int(context.sourceID), .int(row.line),
            ])
            rows += 1
        }
        try context.noteUnresolved(unresolved)
        return rows
    }

    /// maftools protein lengths per RefSeq (checked against each transcript's CDS).
    static let maftoolsProteinLengths = OptionalSource(
        name: "maftools protein lengths", category: "domains", fileNames: ["maftools_prot_len.txt.gz", "prot_len.txt.gz", "prot_len.txt"],
        version: "maftools @c8ff328", date: nil, origin: "PoisonAlien/maftools @c8ff328 : inst/extdata/prot_len.txt.gz (NCBI RefSeq)", licence: "MIT"
    ) { context in
        let insert = try context.db.prepare(
            "INSERT INTO protein_length(accession, gene_symbol, protein, length, source_id, source_row) VALUES (?,?,?,?,?,?)")
        var rows = 0
        try SourceTable.forEachRow(
            context.file, kind: "a maftools protein-length table", required: ["Hugo_Symbol", "refseq.ID", "protein.ID", "aa.length"], uniqueLines: true
        ) { row in
            let length = try row.int("aa.length", SourceLimits.protein, expected: "a protein length (amino acids)")!
            guard !row["refseq.ID"].isEmpty else {
                throw InputError(file: context.file, line: row.line, "refseq.ID is empty; each length belongs to a RefSeq transcript (NM_…)")
            }
            let accession = row["refseq.ID"].split(separator: ".").first.map(String.init) ?? row["refseq.ID"]
            try insert.run([
                .text(accession), .text(context.symbols.normalise(row["Hugo_Symbol"])), .text(row["protein.ID"]), .int(length), .int(context.sourceID), .int(row.line),
            ])
            rows += 1
        }
        return rows
    }

    /// Arriba's protein-domain annotation (GFF3, genome coordinates, one line per exonic piece of a domain):
    /// `contig  source  protein_domain  start  end  score  strand  phase  Name=…;gene_id=…;gene_name=…`.
    /// Consecutive lines with the same gene and Name are one domain.
    static let arribaDomains = OptionalSource(
        name: "Arriba protein domains", category: "domains", fileNames: ["protein_domains_*.gff3", "protein_domains_*.gff3.gz", "protein_domains.gff3"],
        version: nil, date: nil, origin: "Arriba database/protein_domains_*.gff3 (Pfam domains in genome coordinates)", licence: "MIT (Arriba)"
    ) { context in
        let writer = try GenomicDomainWriter(context)
        try SourceText.forEachLine(context.file) { line, number in
            if line.isEmpty || line.hasPrefix("#") { return }
            let f = line.components(separatedBy: "\t")
            guard f.count >= 9 else {
                throw InputError(file: context.file, line: number, "expected 9 GFF3 columns with numeric start and end, found \(f.count)")
            }
            let position = "a 1-based genome position"
            let start = try SourceLimits.int(f[3], 1...SourceLimits.maximumPosition, what: "start", expected: position, file: context.file, line: number)
            let end = try SourceLimits.int(f[4], 1...SourceLimits.maximumPosition, what: "end", expected: position, file: context.file, line: number)
            guard end >= start else {
                throw InputError(file: context.file, line: number, "end \(end) is before start \(start); a GFF3 feature spans start…end — fix or remove the line")
            }
            var attributes: [String: String] = [:]
            for pair in f[8].split(separator: ";") {
                let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                if kv.count == 2 { attributes[kv[0].trimmingCharacters(in: .whitespaces)] = kv[1].removingPercentEncoding ?? kv[1] }
            }
            guard let name = attributes["Name"], let gene = attributes["gene_name"] else {
                throw InputError(file: context.file, line: number, "GFF3 attributes need Name and gene_name (Arriba protein_domains format)")
            }
            guard let chrom = Chromosome.canonical(f[0]) else { return }
            try writer.add(
                key: (attributes["gene_id"] ?? gene) + "\t" + name, gene: gene, chrom: chrom, strand: f[6], block: start...end, label: name,
                pfam: attributes["pfam"] ?? attributes["Dbxref"], description: attributes["Note"], row: number)
        }
        return try writer.finish()
    }

    /// UCSC `ucscGenePfam` table (BED12 with a leading bin column): Pfam domains on UCSC genes, genome coordinates.
    static let ucscGenePfam = OptionalSource(
        name: "UCSC ucscGenePfam", category: "domains", fileNames: ["ucscGenePfam.txt", "ucscGenePfam.txt.gz", "ucscGenePfam.bed", "ucscGenePfam.tsv"],
        version: nil, date: nil, origin: "UCSC Genome Browser table ucscGenePfam (Pfam on UCSC Genes)", licence: "free (UCSC); Pfam CC0"
    ) { context in
        let writer = try GenomicDomainWriter(context)
        try SourceText.forEachLine(context.file) { line, number in
            if line.isEmpty || line.hasPrefix("#") { return }
            var f = line.components(separatedBy: "\t")
            if f.count >= 13, Int(f[0]) != nil { f.removeFirst() }  // bin column
            guard f.count >= 12 else {
                throw InputError(file: context.file, line: number, "expected ucscGenePfam columns: [bin] chrom chromStart chromEnd name score strand thickStart thickEnd reserved blockCount blockSizes chromStarts")
            }
            func number_(_ text: some StringProtocol, _ what: String, _ range: ClosedRange<Int>) throws -> Int {
                try SourceLimits.int(String(text), range, what: what, expected: "a 0-based genome position or length", file: context.file, line: number)
            }
            let chromStart = try number_(f[1], "chromStart", SourceLimits.position), chromEnd = try number_(f[2], "chromEnd", SourceLimits.position)
            guard let chrom = Chromosome.canonical(f[0]) else { return }
            let sizes = try f[10].split(separator: ",").map { try number_($0, "blockSizes", 1...SourceLimits.maximumPosition) }
            let starts = try f[11].split(separator: ",").map { try number_($0, "chromStarts", SourceLimits.position) }
            guard sizes.count == starts.count, !sizes.isEmpty else {
                throw InputError(file: context.file, line: number, "blockSizes and chromStarts differ in length")
            }
            for (size, offset) in zip(sizes, starts) where chromStart + offset + size > chromEnd {
                throw InputError(file: context.file, line: number, "a block (chromStarts \(offset), size \(size)) runs past chromEnd \(chromEnd); fix the row")
            }
            for (size, offset) in zip(sizes, starts) {
                try writer.add(
                    key: "\(number)", gene: nil, chrom: chrom, strand: f[5], block: (chromStart + offset + 1)...(chromStart + offset + size),
                    label: f[3], pfam: nil, description: nil, row: number)
            }
        }
        return try writer.finish()
    }
}

/// Collects domain blocks in genome coordinates and writes one `domain_feature` row per domain.
final class GenomicDomainWriter {
    private let context: ImportContext
    private let insert: Statement
    private var currentKey: String?
    private var current: (gene: String?, chrom: String, strand: String, blocks: [ClosedRange<Int>], label: String, pfam: String?, description: String?, row: Int)?
    private var rows = 0
    private var unresolved: Set<String> = []

    init(_ context: ImportContext) throws {
        self.context = context
        insert = try context.db.prepare(
            "INSERT INTO domain_feature(gene_symbol, chrom, strand, blocks, label, pfam, description, source_id, source_row) VALUES (?,?,?,?,?,?,?,?,?)")
    }

    func add(key: String, gene: String?, chrom: String, strand: String, block: ClosedRange<Int>, label: String, pfam: String?, description: String?, row: Int) throws {
        if key == currentKey, current?.chrom == chrom {
            current?.blocks.append(block)
            return
        }
        try flush()
        currentKey = key
        current = (gene, chrom, strand, [block], label, pfam, description, row)
    }

    private func flush() throws {
        guard let c = current else { return }
        var symbol: String? = nil
        if let gene = c.gene {
            symbol = context.symbols.resolve(gene)
            if symbol == nil { unresolved.insert(gene) }
        }
        let blocks = c.blocks.sorted { $0.lowerBound < $1.lowerBound }.map { "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ",")
        try insert.run([
            (symbol ?? c.gene).map { .text($0) } ?? .null, .text(c.chrom), .text(c.strand), .text(blocks), .text(c.label),
            c.pfam.map { .text($0) } ?? .null, c.description.map { .text($0) } ?? .null, .int(context.sourceID), .int(c.row),
        ])
        rows += 1
        current = nil
    }

    func finish() throws -> Int {
        try flush()
        try context.noteUnresolved(unresolved, extra: "genome-coordinate domains; projected onto RefSeq transcripts' CDS after import")
        return rows
    }
}
