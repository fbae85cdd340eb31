import Foundation

/// A tab-separated table with a header row, read line by line; columns are found by name.
struct HeaderedTable {
    /// Column names as written (a leading `#` removed).
    var names: [String]
    /// Normalised name → index.
    var index: [String: Int]
    /// 1-based line of the header.
    var headerLine: Int

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
    /// `body` gets the fields of each data line and its number.
    static func read(_ path: String, body: (HeaderedTable, [Substring], Int) throws -> Void) throws -> HeaderedTable? {
        var header: HeaderedTable?
        try LineReader(path: path).forEachLine { line, number in
            if line.isEmpty { return }
            let text = String(decoding: line, as: UTF8.self)
            if text.allSatisfy({ $0 == " " || $0 == "\t" }) { return }
            guard let table = header else {
                let stripped = text.hasPrefix("#") ? String(text.drop { $0 == "#" }) : text
                header = HeaderedTable(names: stripped.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }, headerLine: number)
                return
            }
            if text.hasPrefix("#") { return }
            // Rows may be shorter than the header (trailing optional columns cut); readers check the columns they need.
            let fields = text.split(separator: "\t", omittingEmptySubsequences: false)
            try body(table, fields, number)
        }
        return header
    }
}

/// Parsing helpers shared by the fusion tables.
enum FusionText {
    /// `chr22:23632600`, `22:23632600:+`, `chr22:23632600:-` → chromosome as written, position, strand byte.
    static func breakpoint(_ text: Substring) -> (chromosome: String, position: Int, strand: UInt8?)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, !parts[0].isEmpty, let position = Int(parts[1]), position > 0 else { return nil }
        var strand: UInt8?
        if parts.count == 3 {
            guard parts[2] == "+" || parts[2] == "-" || parts[2] == "." else { return nil }
            strand = parts[2] == "." ? nil : parts[2].utf8.first
        }
        return (String(parts[0]), position, strand)
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
        for separator in ["::", "--"] where name.contains(separator) {
            let parts = name.components(separatedBy: separator)
            guard parts.count == 2 else { throw VCFSyntaxError("fusion name '\(name)' has \(parts.count - 1) '\(separator)' separators; write GENE5::GENE3") }
            return (symbol(Substring(parts[0])), symbol(Substring(parts[1])))
        }
        for separator: Character in ["_", "-"] {
            let parts = name.split(separator: separator, omittingEmptySubsequences: false)
            if parts.count == 2 {
                let looksLikeSymbol: (Substring) -> Bool = { $0.count >= 2 && ($0.first?.isLetter ?? false) }
                if looksLikeSymbol(parts[0]) && looksLikeSymbol(parts[1]) { return (symbol(parts[0]), symbol(parts[1])) }
            }
            if parts.count > 2 {
                throw VCFSyntaxError(
                    "ambiguous fusion separator in '\(name)': '\(separator)' occurs \(parts.count - 1) times (gene symbols can contain it); write GENE5::GENE3 or fill the gene5/gene3 columns")
            }
        }
        if name.contains("-") || name.contains("_") {
            throw VCFSyntaxError("ambiguous fusion separator in '\(name)' (a symbol like NKX2-1 or HLA-A?); write GENE5::GENE3 or fill the gene5/gene3 columns")
        }
        throw VCFSyntaxError("fusion name '\(name)' has no separator; write GENE5::GENE3")
    }

    /// A whole number, or nil for empty/`.`/`NA`.
    static func count(_ text: Substring?) -> Int? {
        guard let text else { return nil }
        return Int(text.trimmingCharacters(in: .whitespaces))
    }
}
