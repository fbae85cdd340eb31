import Foundation

/// Context handed to an optional-source importer.
struct ImportContext {
    let db: SQLiteConnection
    /// The file to import.
    let file: String
    /// Its row in `source`; every inserted fact row carries it.
    let sourceID: Int
    /// Gene-name normalisation onto the `gene` table's current symbols.
    let symbols: SymbolResolver
    let log: (String) -> Void

    /// Records a note on the source row (unresolved names, skipped lines …).
    func note(_ text: String) throws {
        try db.prepare("UPDATE source SET note = ? WHERE id = ?").run([.text(text), .int(sourceID)])
    }

    /// Notes the names no gene goes by among `names`, and returns how many there were.
    @discardableResult
    func noteUnresolved(_ names: Set<String>, extra: String? = nil) throws -> Int {
        let sample = names.sorted().prefix(12).joined(separator: ", ")
        var parts: [String] = []
        if !names.isEmpty { parts.append("\(names.count) gene names not in the gene table, kept as written (e.g. \(sample))") }
        if let extra { parts.append(extra) }
        if !parts.isEmpty { try note(parts.joined(separator: "; ")) }
        return names.count
    }
}

/// An optional knowledge-base source, recognised by file name in a `--source-dir` folder.
struct OptionalSource: Sendable {
    /// Name recorded in the `source` table and shown in reports.
    var name: String
    /// One of `KnowledgeBase.optionalCategories`: what kind of fact it gives (drives "absent sources").
    var category: String
    /// File names this importer reads (exact, or with one `*` standing for any text: `HbodyMap*`, `protein_domains_*.gff3`).
    var fileNames: [String]
    var version: String?
    var date: String?
    var origin: String
    var licence: String
    /// Imports the file, returning the number of rows written.
    var importer: @Sendable (ImportContext) throws -> Int

    /// Runs the importer on `context.file` and refuses a file that gave no rows: an empty source, or one with its
    /// header only, would otherwise be recorded as present and make every "not listed" read as "no".
    func run(_ context: ImportContext) throws -> Int {
        let rows = try importer(context)
        guard rows > 0 else {
            var info = stat()
            let empty = stat(context.file, &info) == 0 && info.st_size == 0
            throw InputError(
                file: context.file, line: nil,
                "\(empty ? "the file is empty" : "no \(name) rows in the file (only a header, comments or blank lines)"); a source that is present must hold its facts — re-download it, or take it out of --source-dir so that \(name) counts as absent")
        }
        return rows
    }

    func matches(_ fileName: String) -> Bool {
        fileNames.contains { pattern in
            guard let star = pattern.firstIndex(of: "*") else { return fileName == pattern }
            let prefix = String(pattern[..<star]), suffix = String(pattern[pattern.index(after: star)...])
            return fileName.count >= prefix.count + suffix.count && fileName.hasPrefix(prefix) && fileName.hasSuffix(suffix)
        }
    }
}

/// The registry of optional sources, in import order. Add a new source here (see docs/KNOWLEDGE-BASE.md).
/// HGNC comes first: every later importer normalises gene names through the aliases it adds.
enum OptionalSources {
    static var all: [OptionalSource] {
        [
            GeneSources.hgnc,
            DomainSources.pfamNames, DomainSources.maftoolsDomains, DomainSources.maftoolsProteinLengths,
            DomainSources.arribaDomains, DomainSources.ucscGenePfam,
            GeneSources.cancerMine, GeneSources.oncoKB,
            FusionSources.chimerKB, FusionSources.chimerPub, FusionSources.chimerSeq, FusionSources.chimerPubMed,
            FusionSources.cosmic, FusionSources.mitelman,
            FusionSources.gtex, FusionSources.bodyMap, FusionSources.babiceanu, FusionSources.greger,
            FusionSources.conjoinG, FusionSources.dgd,
            GeneSources.dgidbInteractions, GeneSources.dgidbCategories,
            liftoverChains,
        ]
    }

    static let liftoverChains = OptionalSource(
        name: "UCSC liftOver chain hg19ToHg38", category: "liftover", fileNames: ["hg19ToHg38.over.chain.gz", "hg19ToHg38.over.chain"],
        version: nil, date: nil, origin: "UCSC hg19ToHg38.over.chain.gz", licence: "free (UCSC)"
    ) { context in
        let liftover = try Liftover(chainFile: context.file)
        let insert = try context.db.prepare(
            "INSERT INTO liftover_block(from_build, to_build, chain_score, source_chrom, source_start, length, target_chrom, target_start, target_size, reverse, source_id) VALUES ('GRCh37','GRCh38',?,?,?,?,?,?,?,?,?)")
        var rows = 0
        for (chrom, block) in liftover.allBlocks {
            try insert.run([
                .int(block.score), .text(chrom), .int(block.sourceStart), .int(block.length), .text(block.targetChromosome),
                .int(block.targetStart), .int(block.targetSize), .int(block.reverse ? 1 : 0), .int(context.sourceID),
            ])
            rows += 1
        }
        return rows
    }
}

// MARK: - Parsing helpers shared by the importers

/// Bounds on the numbers a source may hold, checked where each number is read (as `InputLimits` does for inputs), so
/// that no later sum or product overflows and nothing absurd reaches a report.
enum SourceLimits {
    /// Citations, samples, cases, reads: 0…2^31 − 1.
    static let maximumCount = InputLimits.maximumCount
    /// Genome coordinates: 0…2^31 (the longest human chromosome has 248,956,422 bases).
    static let maximumPosition = InputLimits.maximumPosition
    /// Protein lengths and positions: 1…100,000 amino acids (titin, the longest human protein, has 34,350).
    static let maximumProteinLength = 100_000

    static let count = 0...maximumCount
    static let position = 0...maximumPosition
    static let protein = 1...maximumProteinLength

    /// `text` as a whole number within `range`, or an `InputError` naming the file, the line, the value and what was
    /// expected. `what` names the value (a column name); `expected` says what it is ("a citation count").
    static func int(_ text: String, _ range: ClosedRange<Int>, what: String, expected: String, file: String, line: Int) throws -> Int {
        let t = text.trimmingCharacters(in: .whitespaces)
        let bounds = "a whole number \(CallSetBuilder.grouped(range.lowerBound))–\(CallSetBuilder.grouped(range.upperBound))"
        guard let value = Int(t) else {
            let digits = t.hasPrefix("-") ? t.dropFirst() : Substring(t)
            if !digits.isEmpty && digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
                throw InputError(file: file, line: line, "\(what) \(t.prefix(40)) is out of range; expected \(expected), \(bounds)")
            }
            throw InputError(file: file, line: line, "\(what) '\(t.prefix(40))' is not a whole number; expected \(expected), \(bounds)")
        }
        guard range.contains(value) else {
            throw InputError(file: file, line: line, "\(what) \(value) is out of range; expected \(expected), \(bounds)")
        }
        return value
    }

    /// The message for a line holding NUL bytes.
    static func binary(_ file: String, line: Int) -> InputError {
        InputError(file: file, line: line, "binary data (NUL bytes), not a text table; the file is damaged or is another file under a source's name — re-download it")
    }
}

/// A source table whose first line names its columns (tab-separated, or CSV with RFC 4180 quoting). Checks that the
/// columns an importer reads are there (a newer release that renamed them is refused, not read as empty), that every
/// row has as many fields as the header (a cut or damaged row is refused, not read with its last columns empty) and,
/// for tables whose rows are distinct facts, that no line repeats an earlier one (a repeat would count twice).
struct SourceTable {
    /// One row, its fields by column name; numbers are read with their bounds.
    struct Row {
        let fields: [String]
        let line: Int
        let file: String
        /// The header's column names, in order.
        let columns: [String]
        let index: [String: Int]

        /// The field of a column the table was checked to have.
        subscript(_ column: String) -> String { index[column].map { fields[$0] } ?? "" }

        /// The field of a column, or nil when the source writes "no value" there (``SourceText/value(_:)``).
        func value(_ column: String) -> String? { SourceText.value(self[column]) }

        /// A whole number within `range`; an empty field (or `NA`, `N/A`) is an error unless `optional`, then nil.
        func int(_ column: String, _ range: ClosedRange<Int>, expected: String, optional: Bool = false) throws -> Int? {
            let text = self[column].trimmingCharacters(in: .whitespaces)
            if optional && value(column) == nil { return nil }
            return try SourceLimits.int(text, range, what: column, expected: expected, file: file, line: line)
        }
    }

    /// Reads `file`, whose header must hold every column of `required`; `kind` names what the file should be
    /// ("a CancerMine table"). `csv`: comma-separated (nil: tab-separated when the header holds a TAB, else CSV).
    /// `uniqueLines`: a line repeating an earlier one is refused.
    static func forEachRow(
        _ file: String, kind: String, required: [String], csv csvOrTab: Bool? = false, uniqueLines: Bool = false, _ body: (Row) throws -> Void
    ) throws {
        var index: [String: Int] = [:]
        var header: [String] = []
        var width = 0
        var seen: [String: Int] = [:]
        var csv = csvOrTab ?? false
        try SourceText.forEachLine(file) { line, number in
            if number == 1 {
                if csvOrTab == nil { csv = !line.contains("\t") }
                let columns = (csv ? SourceText.csvFields(line) : line.components(separatedBy: "\t")).map { $0.trimmingCharacters(in: .whitespaces) }
                for (i, name) in columns.enumerated() where index[name] == nil { index[name] = i }
                width = columns.count
                header = columns
                let missing = required.filter { index[$0] == nil }
                if !missing.isEmpty {
                    let found = columns.prefix(12).map { "'\($0.prefix(40))'" }.joined(separator: ", ") + (columns.count > 12 ? ", …" : "")
                    throw InputError(
                        file: file, line: 1,
                        "not \(kind) in the layout FusionBoard reads: column\(missing.count == 1 ? "" : "s") \(missing.map { "'\($0)'" }.joined(separator: ", ")) missing (the header has \(found)); a newer release may have renamed them — use the release listed in docs/KNOWLEDGE-BASE.md, or rename the columns")
                }
                return
            }
            if line.trimmingCharacters(in: .whitespaces).isEmpty { return }
            let fields = csv ? SourceText.csvFields(line) : line.components(separatedBy: "\t")
            guard fields.count == width else {
                throw InputError(
                    file: file, line: number,
                    "\(fields.count) field\(fields.count == 1 ? "" : "s") where the header has \(width) columns; the row is cut short or holds a stray \(csv ? "comma (quote fields holding commas)" : "TAB") — fix or remove it (a download cut off mid-row ends this way)")
            }
            if uniqueLines {
                if let first = seen[line] {
                    throw InputError(
                        file: file, line: number,
                        "repeats line \(first) exactly; each row of \(kind) is one fact, so a repeat would be counted twice — remove it (a download appended to itself looks like this)")
                }
                seen[line] = number
            }
            try body(Row(fields: fields, line: number, file: file, columns: header, index: index))
        }
    }
}

/// Small text helpers for the importers (build time only, not hot paths).
enum SourceText {
    /// Splits one CSV line (RFC 4180 quoting).
    static func csvFields(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = line.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { current.append("\"") } else { quoted = false; pending = next }
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        fields.append(current)
        return fields
    }

    /// `A--B`, `A->B`, `A::B` → (A, B); nil when the text is not a pair.
    static func pair(_ text: String) -> (String, String)? {
        for separator in ["--", "->", "::"] {
            if let range = text.range(of: separator) {
                let a = String(text[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
                let b = String(text[range.upperBound...]).trimmingCharacters(in: .whitespaces)
                return a.isEmpty || b.isEmpty ? nil : (a, b)
            }
        }
        return nil
    }

    /// A pair written with a single hyphen (`ACTB-GLI1`, `HLA-A-ROS1`): the split where both sides
    /// are gene names wins; `_ENST…` isoform suffixes are dropped.
    static func hyphenPair(_ text: String, symbols: SymbolResolver) -> (String, String)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2 else { return nil }
        func clean(_ s: String) -> String { s.split(separator: "_").first.map(String.init) ?? s }
        var fallback: (String, String)? = nil
        for cut in 1..<parts.count {
            let a = clean(parts[..<cut].joined(separator: "-")), b = clean(parts[cut...].joined(separator: "-"))
            if a.isEmpty || b.isEmpty { continue }
            if fallback == nil { fallback = (a, b) }
            if symbols.resolve(a) != nil && symbols.resolve(b) != nil { return (a, b) }
        }
        return fallback
    }

    /// Fields of a ChimerDB pipe table row `| A | B |`.
    static func pipeFields(_ line: String) -> [String] {
        line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            .dropFirst().dropLast().map { $0 }
    }

    /// Every line of a text file (plain or gzip) with its 1-based number.
    static func forEachLine(_ path: String, _ body: (String, Int) throws -> Void) throws {
        try LineReader(path: path).forEachLine { bytes, number in
            if bytes.contains(0) { throw SourceLimits.binary(path, line: number) }
            var end = bytes.count
            if end > 0 && bytes[end - 1] == 13 { end -= 1 }
            try body(Bytes.string(bytes[0..<end]), number)
        }
    }

    /// A field's value, or nil when the source writes "no value" (empty, `NA`, `N/A`): R exports (maftools) and
    /// DGIdb claims put those words where nothing is known, and stored as text they would read as a name.
    static func value(_ field: String) -> String? {
        let t = field.trimmingCharacters(in: .whitespaces)
        return t.isEmpty || t == "NA" || t == "N/A" ? nil : t
    }

    /// Integers in a text (`PMIDs` columns: `123,456` or `123;456`).
    static func integers(_ text: String) -> [Int] {
        text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
    }
}

/// Inserts pair facts (`known_fusion`, `normal_fusion`, `readthrough`) with one statement per table,
/// counting the rows written and the gene names as written (for the unresolved-symbol note).
final class PairWriter {
    let statement: Statement
    let context: ImportContext
    private(set) var rows = 0
    private var written: Set<String> = []

    init(_ context: ImportContext, table: String) throws {
        self.context = context
        switch table {
        case "known_fusion":
            statement = try context.db.prepare(
                "INSERT INTO known_fusion(gene5, gene3, source_id, source_row, count, disease, pmids, detail) VALUES (?,?,?,?,?,?,?,?)")
        case "normal_fusion":
            statement = try context.db.prepare(
                "INSERT INTO normal_fusion(gene5, gene3, source_id, source_row, count, tissue, detail) VALUES (?,?,?,?,?,?,?)")
        default:
            statement = try context.db.prepare("INSERT INTO readthrough(gene5, gene3, source_id, source_row, detail) VALUES (?,?,?,?,?)")
        }
    }

    /// Normalised names, and a note of the names as written when they changed.
    func names(_ a: String, _ b: String) -> (String, String, String?) {
        rows += 1
        written.formUnion([a, b])
        let x = context.symbols.normalise(a), y = context.symbols.normalise(b)
        let written = (x != a || y != b) ? "as written: \(a)--\(b)" : nil
        return (x, y, written)
    }

    static func join(_ parts: String?...) -> String? {
        let kept = parts.compactMap { $0 }.filter { !$0.isEmpty }
        return kept.isEmpty ? nil : kept.joined(separator: "; ")
    }

    func known(_ a: String, _ b: String, row: Int, count: Int?, disease: String?, pmids: [Int], detail: String?) throws {
        let (x, y, written) = names(a, b)
        try statement.run([
            .text(x), .text(y), .int(context.sourceID), .int(row), count.map { .int($0) } ?? .null, disease.map { .text($0) } ?? .null,
            pmids.isEmpty ? .null : .text(pmids.map(String.init).joined(separator: ",")), Self.join(detail, written).map { .text($0) } ?? .null,
        ])
    }

    func normal(_ a: String, _ b: String, row: Int, count: Int?, tissue: String?, detail: String?) throws {
        let (x, y, written) = names(a, b)
        try statement.run([
            .text(x), .text(y), .int(context.sourceID), .int(row), count.map { .int($0) } ?? .null, tissue.map { .text($0) } ?? .null,
            Self.join(detail, written).map { .text($0) } ?? .null,
        ])
    }

    /// Notes the names that did not resolve to a current symbol and returns the rows written.
    func finish(extra: String? = nil) throws -> Int {
        try context.noteUnresolved(context.symbols.unresolved.intersection(written), extra: extra)
        return rows
    }

    func readthrough(_ a: String, _ b: String, row: Int, detail: String?) throws {
        let (x, y, written) = names(a, b)
        try statement.run([.text(x), .text(y), .int(context.sourceID), .int(row), Self.join(detail, written).map { .text($0) } ?? .null])
    }
}
