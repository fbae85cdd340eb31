import Foundation

/// A tab-separated table with a header row, read line by line; columns are found by name.
struct HeaderedTable {
    /// Column names as written (a leading `#` removed).
    var names: [String]
    /// Normalised name → index.
    var index: [String: Int]
    /// 1-based line of the header.
    var headerLine: Int
    /// `tab` or `comma`: how the lines are split, for messages.
    var separator = "tab"

    init(names: [String], headerLine: Int) {
        self.names = names
        self.headerLine = headerLine
        var map: [String: Int] = [:]
        for (i, name) in names.enumerated() where map[Self.normalise(name)] == nil { map[Self.normalise(name)] = i }
        index = map
    }

    /// Lower-cased letters and digits only: `5'Gene` → `5gene`, `strand1(gene/fusion)` → `strand1genefusion`.
    static func normalise(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    /// The first column with any of the (normalised) aliases.
    func column(_ aliases: [String]) -> Int? {
        for alias in aliases { if let i = index[alias] { return i } }
        return nil
    }

    /// Reads `path`: the header is the first non-empty line (a leading `#` is dropped), later `#` lines are comments.
    /// `body` gets the fields of each data line and its number. Tab-separated, or comma-separated with quoted fields
    /// (JAFFA's results.csv) when the header has no tab but commas.
    static func read(_ path: String, body: (HeaderedTable, [Substring], Int) throws -> Void) throws -> HeaderedTable? {
        var header: HeaderedTable?
        var commaSeparated = false
        try LineReader(path: path).forEachLine { line, number in
            if line.isEmpty { return }
            let text = String(decoding: line, as: UTF8.self)
            if text.allSatisfy({ $0 == " " || $0 == "\t" }) { return }
            guard let table = header else {
                let stripped = text.hasPrefix("#") ? String(text.drop { $0 == "#" }) : text
                commaSeparated = Self.isCommaSeparatedHeader(stripped)
                header = HeaderedTable(names: Self.fields(stripped, commaSeparated: commaSeparated).map { $0.trimmingCharacters(in: .whitespaces) }, headerLine: number)
                header?.separator = commaSeparated ? "comma" : "tab"
                return
            }
            if text.hasPrefix("#") { return }
            // Rows may be shorter than the header (trailing optional columns cut); readers check the columns they need.
            try body(table, Self.fields(text, commaSeparated: commaSeparated), number)
        }
        return header
    }

    /// A header line with no tab but at least two commas: a CSV table.
    static func isCommaSeparatedHeader(_ line: some StringProtocol) -> Bool {
        !line.contains("\t") && line.filter { $0 == "," }.count >= 2
    }

    /// The fields of a line: split at tabs, or at commas outside double quotes (quotes removed, `""` is a quote).
    static func fields(_ line: String, commaSeparated: Bool) -> [Substring] {
        guard commaSeparated else { return line.split(separator: "\t", omittingEmptySubsequences: false) }
        var fields: [Substring] = [], current = "", quoted = false
        var characters = line.makeIterator()
        while let c = characters.next() {
            if c == "\"" {
                if quoted, let next = characters.next() {
                    if next == "\"" { current.append("\"") } else { quoted = false; if next == "," { fields.append(Substring(current)); current = "" } else { current.append(next) } }
                } else { quoted.toggle() }
            } else if c == "," && !quoted {
                fields.append(Substring(current))
                current = ""
            } else {
                current.append(c)
            }
        }
        fields.append(Substring(current))
        return fields
    }
}

/// Rows that repeat an earlier row exactly (a file concatenated twice, a merge gone wrong), for one warning: each is
/// still read as a call of its own, as written.
struct RepeatedRows {
    private var firstLine: [String: Int] = [:]
    private(set) var repeats: [(line: Int, first: Int)] = []

    mutating func note(_ fields: [Substring], line: Int) {
        let key = fields.joined(separator: "\t")
        if let first = firstLine[key] { repeats.append((line, first)) } else { firstLine[key] = line }
    }

    func warning(_ path: String) -> InputWarning? {
        guard let first = repeats.first else { return nil }
        let more = repeats.count > 3 ? ", …" : ""
        let shown = repeats.prefix(3).map { "line \($0.line) repeats line \($0.first)" }.joined(separator: ", ")
        let shownJapanese = repeats.prefix(3).map { "\($0.line)行目は\($0.first)行目と同一" }.joined(separator: "、")
        let count = repeats.count == 1 ? "a row repeats" : "\(repeats.count) rows repeat"
        return InputWarning(
            file: path, line: first.line,
            "\(count) an earlier row exactly (\(shown)\(more)); each is read as a call of its own, so its fusion is listed more than once — remove the repeats (was the file concatenated twice?)",
            japanese: "\(repeats.count)行が前の行と完全に同一です（\(shownJapanese)\(more)）。それぞれ別のコールとして読むため、融合が重複して表示されます。重複行を削除してください（ファイルが二重に連結されていませんか）")
    }
}

/// Parsing helpers shared by the fusion tables.
enum FusionText {
    /// A breakpoint as a table writes it: chromosome as written, 1-based position, gene/transcript strand byte.
    typealias Breakpoint = (chromosome: String, position: Int, strand: UInt8?)

    /// `chr22:23632600`, `22:23632600:+`, `chr22:23632600:-` → chromosome as written, position, strand byte.
    static func breakpoint(_ text: Substring) -> Breakpoint? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, !parts[0].isEmpty, let position = Int(parts[1]), position > 0 else { return nil }
        var strand: UInt8?
        if parts.count == 3 {
            guard parts[2] == "+" || parts[2] == "-" || parts[2] == "." else { return nil }
            strand = parts[2] == "." ? nil : parts[2].utf8.first
        }
        return (String(parts[0]), position, strand)
    }

    /// ChimPIPE's `juncCoord` (`chr5_50265746_-:chr5_50261737_-`): the donor (5′) and acceptor (3′) breakpoints with
    /// their transcript strands; the chromosome is everything before the last two `_` (so `chrUn_gl000220` stays whole).
    static func chimPipeJunction(_ text: Substring) -> (Breakpoint, Breakpoint)? {
        let sides = text.split(separator: ":", omittingEmptySubsequences: false)
        guard sides.count == 2 else { return nil }
        func side(_ s: Substring) -> Breakpoint? {
            let parts = s.split(separator: "_", omittingEmptySubsequences: false)
            guard parts.count >= 3, let position = Int(parts[parts.count - 2]), position > 0 else { return nil }
            let strand = parts[parts.count - 1]
            guard strand == "+" || strand == "-" || strand == "." else { return nil }
            let chromosome = parts[..<(parts.count - 2)].joined(separator: "_")
            guard !chromosome.isEmpty else { return nil }
            return (chromosome, position, strand == "." ? nil : strand.utf8.first)
        }
        guard let donor = side(sides[0]), let acceptor = side(sides[1]) else { return nil }
        return (donor, acceptor)
    }

    /// PRADA's `Junction` list: `TRIT1:1:40348990_NDUFS5:1:39500064,2|…` — per junction the 5′ and 3′ breakpoints and
    /// the junction-spanning reads; nil when any item is malformed.
    static func pradaJunctions(_ text: Substring) -> [PRADAJunction]? {
        var result: [PRADAJunction] = []
        for item in text.split(separator: "|") {
            let countSplit = item.split(separator: ",", omittingEmptySubsequences: false)
            let parts = countSplit[0].split(separator: ":", omittingEmptySubsequences: false)
            // GENE_A, chr, "pos_GENE_B", chr, pos
            guard parts.count == 5, let underscore = parts[2].firstIndex(of: "_"), let position5 = Int(parts[2][..<underscore]),
                let position3 = Int(parts[4]), position5 > 0, position3 > 0, !parts[1].isEmpty, !parts[3].isEmpty
            else { return nil }
            var reads: Int?
            if countSplit.count > 1 {
                guard let count = Int(countSplit[1]), count >= 0, count <= InputLimits.maximumCount else { return nil }
                reads = count
            }
            result.append(PRADAJunction(chromosome5: String(parts[1]), position5: position5, chromosome3: String(parts[3]), position3: position3, reads: reads))
        }
        return result.isEmpty ? nil : result
    }

    /// A gene column's symbol: `BCR^ENSG00000186716.15` → `BCR`; nil for `.`, `?`, empty, intergenic
    /// neighbour lists (`ENSG…(9535),…`) and several genes.
    static func symbol(_ text: Substring) -> String? {
        let symbol = text.split(separator: "^").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        if symbol.isEmpty || symbol == "." || symbol == "?" || symbol == "NA" { return nil }
        if symbol.contains("(") || symbol.contains(",") || symbol.contains(";") { return nil }
        return symbol
    }

    /// Splits a fusion name into 5′ and 3′ symbols (input-formats notes §8): `::` and `--` always; a single `_`
    /// or `-` only when it occurs once and both halves look like symbols (so `NKX2-1`, `HLA-A` are not split).
    /// Vendor suffixes (` Fusion`, ` fusion - Archer`) are removed. Throws a message when the name is ambiguous.
    static func splitFusionName(_ raw: Substring) throws(VCFSyntaxError) -> (String?, String?) {
        var name = raw.trimmingCharacters(in: .whitespaces)
        if let range = name.range(of: " fusion", options: .caseInsensitive) { name = String(name[..<range.lowerBound]) }
        if let caret = name.firstIndex(of: "^"), !name.contains("::"), !name.contains("--") { name = String(name[..<caret]) }
        // A field that runs on (an unbalanced quote swallows the rest of the line) is shown cut.
        let shown = name.count > 80 ? name.prefix(80) + "…" : name
        for separator in ["::", "--"] where name.contains(separator) {
            let parts = name.components(separatedBy: separator)
            guard parts.count == 2 else { throw VCFSyntaxError("fusion name '\(shown)' has \(parts.count - 1) '\(separator)' separators; write GENE5::GENE3") }
            return (symbol(Substring(parts[0])), symbol(Substring(parts[1])))
        }
        // JAFFA writes `RLF:MYCL`; no gene symbol contains a colon.
        if name.filter({ $0 == ":" }).count == 1 {
            let parts = name.split(separator: ":", omittingEmptySubsequences: false)
            return (symbol(parts[0]), symbol(parts[1]))
        }
        for separator: Character in ["_", "-"] {
            let parts = name.split(separator: separator, omittingEmptySubsequences: false)
            if parts.count == 2 {
                let looksLikeSymbol: (Substring) -> Bool = { $0.count >= 2 && ($0.first?.isLetter ?? false) }
                if looksLikeSymbol(parts[0]) && looksLikeSymbol(parts[1]) { return (symbol(parts[0]), symbol(parts[1])) }
            }
            if parts.count > 2 {
                throw VCFSyntaxError(
                    "ambiguous fusion separator in '\(shown)': '\(separator)' occurs \(parts.count - 1) times (gene symbols can contain it); write GENE5::GENE3 or fill the gene5/gene3 columns")
            }
        }
        if name.contains("-") || name.contains("_") {
            throw VCFSyntaxError("ambiguous fusion separator in '\(shown)' (a symbol like NKX2-1 or HLA-A?); write GENE5::GENE3 or fill the gene5/gene3 columns")
        }
        throw VCFSyntaxError("fusion name '\(shown)' has no separator; write GENE5::GENE3")
    }

    /// A read count in the column named `column`: nil for empty/`.`/`NA`; throws for anything but a whole number
    /// 0…2^31−1 (a count that is not one is an error, not an unknown count).
    static func count(_ text: Substring?, column: String) throws(VCFSyntaxError) -> Int? {
        guard let text else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed == "." || trimmed == "NA" { return nil }
        guard let value = Int(trimmed), value >= 0, value <= InputLimits.maximumCount else {
            throw VCFSyntaxError(InputLimits.countProblem(trimmed, "\(column)"))
        }
        return value
    }
}

/// One junction of a PRADA row (``FusionText/pradaJunctions(_:)``).
struct PRADAJunction: Equatable {
    var chromosome5: String, position5: Int
    var chromosome3: String, position3: Int
    /// Junction-spanning reads, when given.
    var reads: Int?
}
